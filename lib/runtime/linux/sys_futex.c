/*
 * sys_futex.c — futex for a single-threaded guest. No other thread can
 * wake a waiter, so FUTEX_WAIT either fails at once (-EAGAIN when the word
 * changed), sleeps out its timeout (-ETIMEDOUT), or without a timeout
 * blocks until a host signal arrives (-EINTR), exactly as the lone thread
 * of a Linux process would. Wakes find no waiters.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <time.h>
#include <unistd.h>

#include "linux_internal.h"

/* Reads the aligned 32-bit futex word. */
static int read_word(struct rt_thread *t, uint64_t addr, uint32_t *val)
{
    if (addr & 3)
        return -EINVAL;
    return mmu_read(t->proc->mmu, addr, val, sizeof(*val));
}

static int64_t wait_timeout(struct rt_thread *t, int op, uint64_t ts_addr)
{
    struct lx_timespec g;
    if (mmu_read(t->proc->mmu, ts_addr, &g, sizeof(g)))
        return -EFAULT;
    struct timespec ts;
    if (g.tv_sec < 0 || lx_timespec_to_host(&ts, &g))
        return -EINVAL;
    /* FUTEX_WAIT's timeout is relative; WAIT_BITSET's absolute. */
    bool absolute = (op & 0x7f) == LX_FUTEX_WAIT_BITSET;
    clockid_t clock = (op & LX_FUTEX_CLOCK_REALTIME) ? CLOCK_REALTIME
                                                     : CLOCK_MONOTONIC;
    int r = clock_nanosleep(clock, absolute ? TIMER_ABSTIME : 0, &ts, NULL);
    return r == EINTR ? -EINTR : -ETIMEDOUT;
}

static int64_t futex_wait(struct rt_thread *t, int op, const uint64_t a[6])
{
    if ((op & 0x7f) == LX_FUTEX_WAIT_BITSET && (uint32_t)a[5] == 0)
        return -EINVAL;
    uint32_t cur;
    int err = read_word(t, a[0], &cur);
    if (err)
        return err;
    if (cur != (uint32_t)a[2])
        return -EAGAIN;
    if (a[3])
        return wait_timeout(t, op, a[3]);
    pause();
    return -EINTR;
}

int64_t sys_futex(struct rt_thread *t, const uint64_t a[6])
{
    int op = (int)a[1];
    uint32_t cur;
    int err;
    switch (op & 0x7f) {
    case LX_FUTEX_WAIT:
    case LX_FUTEX_WAIT_BITSET:
        return futex_wait(t, op, a);
    case LX_FUTEX_WAKE:
    case LX_FUTEX_WAKE_BITSET:
        if ((op & 0x7f) == LX_FUTEX_WAKE_BITSET && (uint32_t)a[5] == 0)
            return -EINVAL;
        return (a[0] & 3) ? -EINVAL : 0;
    case LX_FUTEX_REQUEUE:
        return 0;
    case LX_FUTEX_CMP_REQUEUE:
        err = read_word(t, a[0], &cur);
        if (err)
            return err;
        return cur == (uint32_t)a[5] ? 0 : -EAGAIN;
    default:
        return -ENOSYS;
    }
}
