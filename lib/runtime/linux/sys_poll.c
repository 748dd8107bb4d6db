/*
 * sys_poll.c — waiting on several descriptors: ppoll and pselect6 (riscv64
 * has neither poll nor select; libc builds them on these two).
 *
 * struct pollfd, the POLL* bits, fd_set bitmaps and the 64-bit timespec
 * are laid out alike on riscv64 and x86-64, so the host works on copies of
 * the guest's arrays. The remaining time is written back, as Linux does.
 *
 * The temporary signal mask is checked as Linux checks it (size 8, else
 * EINVAL; readable, else EFAULT) and is the thread's mask while it waits
 * (lx_wait_with_mask): a signal it lets in ends the wait with EINTR and
 * its handler runs before the old mask comes back.
 *
 * A hidden descriptor (fd_hidden.c) is treated as a closed one: POLLNVAL
 * in ppoll, EBADF in pselect6.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux_internal.h"

_Static_assert(sizeof(struct pollfd) == 8 && POLLIN == 1 && POLLOUT == 4 &&
                   POLLRDHUP == 0x2000,
               "host pollfd differs from riscv64's");

/* Linux's limit on nfds (RLIMIT_NOFILE's ceiling, sysctl_nr_open). */
#define LX_NR_OPEN (1u << 20)

/* The optional timeout at addr into *ts; *use is NULL for "wait forever". */
static int get_timeout(struct rt_thread *t, uint64_t addr, struct timespec *ts,
                       struct timespec **use)
{
    *use = NULL;
    if (!addr)
        return 0;
    struct lx_timespec in;
    if (mmu_read(t->proc->mmu, addr, &in, sizeof(in)))
        return -EFAULT;
    if (in.tv_sec < 0)
        return -EINVAL;
    int err = lx_timespec_to_host(ts, &in);
    if (!err)
        *use = ts;
    return err;
}

static int put_timeout(struct rt_thread *t, uint64_t addr,
                       const struct timespec *ts)
{
    if (!addr)
        return 0;
    struct lx_timespec out;
    lx_timespec_from_host(&out, ts);
    return mmu_write(t->proc->mmu, addr, &out, sizeof(out));
}

int lx_check_sigmask(struct rt_thread *t, uint64_t addr, uint64_t size)
{
    uint64_t mask;
    if (!addr)
        return 0;
    if (size != LX_SIGSET_SIZE)
        return -EINVAL;
    return mmu_read(t->proc->mmu, addr, &mask, sizeof(mask));
}

int64_t lx_wait_with_mask(struct rt_thread *t, uint64_t mask_addr, long nr,
                          long a1, long a2, long a3, long a4, long a5)
{
    uint64_t mask;
    if (mask_addr && mmu_read(t->proc->mmu, mask_addr, &mask, 8) == 0)
        lx_sigmask_push(t, mask & ~LX_UNBLOCKABLE);
    /* A signal the new mask lets in may be pending already. */
    lx_signal_receive(t);
    int64_t r = lx_signal_deliverable(t)
                    ? -EINTR
                    : lx_safe_syscall(t, nr, a1, a2, a3, a4, a5, 0);
    /* Interrupted: the mask stays until the handler has run (or the call
     * is retried); otherwise it ends with the call, as on Linux. */
    if (r != -EINTR)
        lx_sigmask_pop(t);
    return r;
}

/* ppoll(fds, nfds, timeout, sigmask, sigsetsize) */
int64_t sys_ppoll(struct rt_thread *t, const uint64_t a[6])
{
    struct timespec ts, *tp;
    int err = get_timeout(t, a[2], &ts, &tp);
    if (!err)
        err = lx_check_sigmask(t, a[3], a[4]);
    if (err)
        return err;
    int64_t r = lx_poll(t, a[0], a[1], tp, a[3]);
    /* Linux reports the time left on success and when interrupted. */
    if ((r >= 0 || r == -EINTR) && tp && put_timeout(t, a[2], tp))
        return -EFAULT;
    return r;
}

int64_t lx_poll(struct rt_thread *t, uint64_t addr, uint64_t nfds,
                struct timespec *tp, uint64_t mask_addr)
{
    if (nfds > LX_NR_OPEN)
        return -EINVAL;
    /* fds, then the guest's entries as given (to restore what we hid). */
    struct pollfd *fds = malloc(nfds ? 2 * nfds * sizeof(*fds) : 1);
    if (!fds)
        return -ENOMEM;
    struct pollfd *given = fds + nfds;
    int64_t r = mmu_read(t->proc->mmu, addr, fds, nfds * sizeof(*fds));
    if (r == 0)
        memcpy(given, fds, nfds * sizeof(*fds));
    /* Hidden descriptors poll as closed ones: POLLNVAL, at once. */
    int invalid = 0;
    for (uint64_t i = 0; r == 0 && i < nfds; i++)
        if (lx_fd_hidden(fds[i].fd)) {
            fds[i].fd = -1; /* the host skips it */
            invalid++;
        }
    struct timespec zero = {0, 0};
    if (r == 0)
        r = lx_wait_with_mask(t, mask_addr, SYS_ppoll, (long)fds, (long)nfds,
                              (long)(invalid ? &zero : tp), 0, 0);
    for (uint64_t i = 0; r >= 0 && invalid && i < nfds; i++)
        if (lx_fd_hidden(given[i].fd)) {
            fds[i] = given[i];
            fds[i].revents = POLLNVAL;
            r++;
        }
    if (r >= 0 && mmu_write(t->proc->mmu, addr, fds, nfds * sizeof(*fds)))
        r = -EFAULT;
    free(fds);
    return r;
}

/* pselect6's sixth argument: { const sigset_t *ss; size_t ss_len; }. */
struct lx_sigset_arg {
    uint64_t ss;
    uint64_t ss_len;
};

/* Reads the guest's set at addr (NULL is allowed) into host; -EBADF when
 * it names a hidden descriptor. */
static int get_set(struct rt_thread *t, uint64_t addr, uint64_t *host,
                   uint64_t words, int nfds, bool *present)
{
    *present = addr != 0;
    if (!addr)
        return 0;
    if (mmu_read(t->proc->mmu, addr, host, words * 8))
        return -EFAULT;
    for (int fd = 0; fd < nfds; fd++)
        if ((host[fd / 64] >> (fd % 64) & 1) && lx_fd_hidden(fd))
            return -EBADF;
    return 0;
}

/* pselect6(nfds, readfds, writefds, exceptfds, timeout, sigmask_arg) */
int64_t sys_pselect6(struct rt_thread *t, const uint64_t a[6])
{
    if ((int)a[0] < 0)
        return -EINVAL;
    struct timespec ts, *tp;
    int err = get_timeout(t, a[4], &ts, &tp);
    if (err)
        return err;
    uint64_t mask_addr = 0;
    if (a[5]) {
        struct lx_sigset_arg sa;
        if (mmu_read(t->proc->mmu, a[5], &sa, sizeof(sa)))
            return -EFAULT;
        if ((err = lx_check_sigmask(t, sa.ss, sa.ss_len)))
            return err;
        mask_addr = sa.ss;
    }
    int64_t r = lx_select(t, (int)a[0], &a[1], tp, mask_addr);
    if ((r >= 0 || r == -EINTR) && tp && put_timeout(t, a[4], tp))
        return -EFAULT;
    return r;
}

int64_t lx_select(struct rt_thread *t, int nfds, const uint64_t set_addr[3],
                  struct timespec *tp, uint64_t mask_addr)
{
    if (nfds < 0)
        return -EINVAL;
    /* Linux looks no further than its descriptor table. */
    struct rlimit lim;
    if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && (rlim_t)nfds > lim.rlim_cur)
        nfds = (int)lim.rlim_cur;
    uint64_t words = ((uint64_t)nfds + 63) / 64;
    uint64_t *sets = calloc(3 * words + 1, 8);
    if (!sets)
        return -ENOMEM;
    bool present[3];
    int64_t r = 0;
    for (int i = 0; i < 3 && r == 0; i++)
        r = get_set(t, set_addr[i], sets + i * words, words, nfds,
                    &present[i]);
    if (r == 0)
        r = lx_wait_with_mask(t, mask_addr, SYS_pselect6, nfds,
                              (long)(present[0] ? sets : NULL),
                              (long)(present[1] ? sets + words : NULL),
                              (long)(present[2] ? sets + 2 * words : NULL),
                              (long)tp);
    for (int i = 0; i < 3 && r >= 0; i++)
        if (present[i] &&
            mmu_write(t->proc->mmu, set_addr[i], sets + i * words, words * 8))
            r = -EFAULT;
    free(sets);
    return r;
}
