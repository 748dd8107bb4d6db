/*
 * sys_futex_waitv.c — futex_waitv: waiting on up to 128 futexes at once.
 * Each guest futex word is host memory in the arena, so the host's
 * futex_waitv waits on the same words the guest's futex(FUTEX_WAKE)
 * calls wake: every struct futex_waitv (the same everywhere) gets the
 * host address of its word, checked readable first (EFAULT otherwise).
 * The timeout is an absolute struct timespec of the clock the flags
 * name, the same on both guests and the host. The wait ends on a guest
 * signal (lx_safe_syscall).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "linux_internal.h"

#ifndef SYS_futex_waitv
#define SYS_futex_waitv 449
#endif

#define LX_FUTEX_WAITV_MAX 128

/* futex_waitv(waiters, nr_futexes, flags, timeout, clockid) */
int64_t sys_futex_waitv(struct rt_thread *t, const uint64_t a[6])
{
    uint64_t n = (unsigned)a[1];
    if (!n || n > LX_FUTEX_WAITV_MAX || a[2])
        return -EINVAL;
    struct futex_waitv w[LX_FUTEX_WAITV_MAX];
    if (mmu_read(t->proc->mmu, a[0], w, n * sizeof(w[0])))
        return -EFAULT;
    for (uint64_t i = 0; i < n; i++) {
        if (w[i].uaddr & 3)
            return -EINVAL;
        void *word = lx_guest_ptr(t, w[i].uaddr, 4, MMU_READ);
        if (!word)
            return -EFAULT;
        w[i].uaddr = (uint64_t)(uintptr_t)word;
    }
    struct timespec ts, *tp = NULL;
    if (a[3]) {
        struct lx_timespec g;
        if (mmu_read(t->proc->mmu, a[3], &g, sizeof(g)))
            return -EFAULT;
        ts.tv_sec = g.tv_sec;
        ts.tv_nsec = g.tv_nsec; /* the host checks the range */
        tp = &ts;
    }
    return lx_safe_syscall(t, SYS_futex_waitv, (long)w, (long)n, 0, (long)tp,
                           (long)(int)a[4], 0);
}
