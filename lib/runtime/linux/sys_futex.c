/*
 * sys_futex.c — futex on the host. Guest memory is host memory (the
 * arena), and guest threads are host threads of this process, so every
 * operation is the host's own futex on the host address of the guest
 * word: waits, wakes, requeues, bitsets, WAKE_OP and the PI operations
 * (their owner tids are host tids, which the guest's tids are), with the
 * private and CLOCK_REALTIME flags as given. Only the pointers change:
 * each is checked against the guest's mappings first (EFAULT, EINVAL for
 * a misaligned word) and then passed as a host pointer.
 *
 * Waits go through lx_safe_syscall so that a signal for the thread ends
 * them. A wake-up that brings no signal for the guest (another thread's
 * poke, a signal another thread takes) waits again until the same
 * deadline: FUTEX_WAIT's relative timeout becomes an absolute one once.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "linux_internal.h"

#define CMD_MASK 0x7f

/* The host address of the guest word at addr (4-byte aligned, mapped
 * with prot), or NULL with *err set. */
static uint32_t *word_at(struct rt_thread *t, uint64_t addr, int prot,
                         int64_t *err)
{
    if (addr & 3) {
        *err = -EINVAL;
        return NULL;
    }
    if (!mmu_check(t->proc->mmu, addr, 4, prot)) {
        *err = -EFAULT;
        return NULL;
    }
    return mmu_host(t->proc->mmu, addr);
}

/* The guest's timeout as a host timespec (same layout on both). */
static int64_t read_timeout(struct rt_thread *t, uint64_t addr,
                            struct timespec *ts)
{
    struct lx_timespec g;
    if (mmu_read(t->proc->mmu, addr, &g, sizeof(g)))
        return -EFAULT;
    if (g.tv_sec < 0 || lx_timespec_to_host(ts, &g))
        return -EINVAL;
    return 0;
}

static void add_now(clockid_t clock, struct timespec *ts)
{
    struct timespec now;
    clock_gettime(clock, &now);
    ts->tv_sec += now.tv_sec;
    ts->tv_nsec += now.tv_nsec;
    if (ts->tv_nsec >= 1000000000) {
        ts->tv_sec++;
        ts->tv_nsec -= 1000000000;
    }
}

/* FUTEX_WAIT and FUTEX_WAIT_BITSET, as a WAIT_BITSET with an absolute
 * deadline. Returns -EINTR only for a signal the guest must see. */
static int64_t futex_wait(struct rt_thread *t, int op, const uint64_t a[6])
{
    int cmd = op & CMD_MASK;
    uint32_t bitset = cmd == FUTEX_WAIT_BITSET ? (uint32_t)a[5]
                                               : FUTEX_BITSET_MATCH_ANY;
    if (bitset == 0)
        return -EINVAL;
    int64_t err = 0;
    uint32_t *word = word_at(t, a[0], MMU_READ, &err);
    if (!word)
        return err;
    struct timespec ts, *tp = NULL;
    if (a[3]) {
        if ((err = read_timeout(t, a[3], &ts)))
            return err;
        if (cmd == FUTEX_WAIT)
            add_now(op & FUTEX_CLOCK_REALTIME ? CLOCK_REALTIME
                                              : CLOCK_MONOTONIC, &ts);
        tp = &ts;
        /* Linux: an interrupted timed wait never restarts after a
         * handler (restart_block), an untimed one does with SA_RESTART. */
        lx_restart_nohand(t);
    }
    int host_op = FUTEX_WAIT_BITSET | (op & ~CMD_MASK);
    for (;;) {
        long r = lx_safe_syscall(t, SYS_futex, (long)word, host_op,
                                 (long)(uint32_t)a[2], (long)tp, 0,
                                 (long)bitset);
        if (r != -EINTR)
            return r;
        if (lx_interrupted(t))
            return -EINTR;
    }
}

/* The second word of REQUEUE, CMP_REQUEUE, WAKE_OP and the requeue-PI
 * operations, which the host reads (WAKE_OP also writes it). */
static int64_t two_words(struct rt_thread *t, int op, const uint64_t a[6])
{
    int64_t err = 0;
    uint32_t *w1 = word_at(t, a[0], MMU_READ, &err);
    int prot2 = (op & CMD_MASK) == FUTEX_WAKE_OP ? MMU_READ | MMU_WRITE
                                                 : MMU_READ;
    uint32_t *w2 = w1 ? word_at(t, a[4], prot2, &err) : NULL;
    if (!w2)
        return err;
    return lx_result(syscall(SYS_futex, w1, op, (uint32_t)a[2],
                             (unsigned long)a[3], w2, (uint32_t)a[5]));
}

/* LOCK_PI, LOCK_PI2, TRYLOCK_PI, UNLOCK_PI: the host writes the word
 * (owner tid, waiters bit); LOCK_PI's timeout is absolute. */
static int64_t pi_op(struct rt_thread *t, int op, const uint64_t a[6])
{
    int64_t err = 0;
    uint32_t *word = word_at(t, a[0], MMU_READ | MMU_WRITE, &err);
    if (!word)
        return err;
    struct timespec ts, *tp = NULL;
    int cmd = op & CMD_MASK;
    if ((cmd == FUTEX_LOCK_PI || cmd == FUTEX_LOCK_PI2) && a[3]) {
        if ((err = read_timeout(t, a[3], &ts)))
            return err;
        tp = &ts;
    }
    for (;;) {
        long r = lx_safe_syscall(t, SYS_futex, (long)word, op,
                                 (long)(uint32_t)a[2], (long)tp, 0, 0);
        if (r != -EINTR)
            return r;
        if (lx_interrupted(t))
            return -EINTR;
    }
}

int64_t sys_futex(struct rt_thread *t, const uint64_t a[6])
{
    int op = (int)a[1];
    int64_t err = 0;
    switch (op & CMD_MASK) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET:
        return futex_wait(t, op, a);
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET: {
        uint32_t *word = word_at(t, a[0], MMU_READ, &err);
        if (!word)
            return err;
        return lx_result(syscall(SYS_futex, word, op, (uint32_t)a[2], NULL,
                                 NULL, (uint32_t)a[5]));
    }
    case FUTEX_REQUEUE:
    case FUTEX_CMP_REQUEUE:
    case FUTEX_WAKE_OP:
    case FUTEX_CMP_REQUEUE_PI:
        return two_words(t, op, a);
    case FUTEX_LOCK_PI:
    case FUTEX_LOCK_PI2:
    case FUTEX_TRYLOCK_PI:
    case FUTEX_UNLOCK_PI:
        return pi_op(t, op, a);
    default:
        /* WAIT_REQUEUE_PI (a condvar on a PI mutex) is left out. */
        return -ENOSYS;
    }
}
