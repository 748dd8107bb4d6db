/*
 * sys_mem_lock.c — what the guest asks of its pages besides mapping them:
 * locking them in memory (mlock, mlock2, munlock, mlockall, munlockall),
 * asking which are resident (mincore), and memory protection keys
 * (pkey_alloc, pkey_free, pkey_mprotect).
 *
 * Guest pages are the arena's host pages, so locking and residency are
 * the host's answers about the same range. mlockall locks the guest's
 * mappings (not vm-run's own memory, nor the reserved arena around them),
 * and MCL_FUTURE is accepted without effect on later mappings.
 *
 * No protection key is ever available (as on a CPU without them:
 * pkey_alloc fails with ENOSPC); pkey_mprotect with key -1 is mprotect.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux_internal.h"

/* [addr, addr+len) widened to pages: 0, -EINVAL (wraps) or -ENOMEM (a
 * page not mapped), as the Linux calls answer. */
static int page_range(struct rt_thread *t, uint64_t addr, uint64_t len,
                      uint64_t *start, uint64_t *size)
{
    uint64_t s = addr & ~MMU_PAGE_MASK;
    uint64_t e = addr + len + MMU_PAGE_MASK;
    if (e < addr)
        return -EINVAL;
    e &= ~MMU_PAGE_MASK;
    *start = s;
    *size = e - s;
    if (*size && !lx_range_mapped(t->proc->mmu, s, *size))
        return -ENOMEM;
    return 0;
}

static int64_t lock_range_locked(struct rt_thread *t, uint64_t addr,
                                 uint64_t len, long nr, unsigned flags)
{
    uint64_t s, n;
    int err = page_range(t, addr, len, &s, &n);
    if (err)
        return err;
    if (!n)
        return 0;
    void *h = mmu_host(t->proc->mmu, s);
    if (nr == SYS_mlock2)
        return lx_result(syscall(SYS_mlock2, h, (size_t)n, flags));
    return lx_result(syscall(nr, h, (size_t)n));
}

/* Each call sees the map as one step (other threads map concurrently). */
static int64_t lock_range(struct rt_thread *t, uint64_t addr, uint64_t len,
                          long nr, unsigned flags)
{
    mmu_lock(t->proc->mmu);
    int64_t r = lock_range_locked(t, addr, len, nr, flags);
    mmu_unlock(t->proc->mmu);
    return r;
}

int64_t sys_mlock(struct rt_thread *t, const uint64_t a[6])
{
    return lock_range(t, a[0], a[1], SYS_mlock, 0);
}

int64_t sys_mlock2(struct rt_thread *t, const uint64_t a[6])
{
    if (a[2] & ~(uint64_t)MLOCK_ONFAULT)
        return -EINVAL;
    return lock_range(t, a[0], a[1], SYS_mlock2, (unsigned)a[2]);
}

int64_t sys_munlock(struct rt_thread *t, const uint64_t a[6])
{
    return lock_range(t, a[0], a[1], SYS_munlock, 0);
}

/* Locks or unlocks every guest mapping; the first failure is the answer. */
static int64_t each_region(struct rt_thread *t, bool lock, unsigned flags)
{
    size_t n;
    int64_t err = 0;
    mmu_lock(t->proc->mmu);
    const struct mmu_region *r = mmu_regions(t->proc->mmu, &n);
    for (size_t i = 0; i < n && !err; i++) {
        void *h = mmu_host(t->proc->mmu, r[i].start);
        size_t len = r[i].end - r[i].start;
        long res = !lock ? munlock(h, len)
                   : flags ? syscall(SYS_mlock2, h, len, flags)
                           : mlock(h, len);
        if (res < 0 && lock)
            err = -errno;
    }
    mmu_unlock(t->proc->mmu);
    return err;
}

int64_t sys_mlockall(struct rt_thread *t, const uint64_t a[6])
{
    uint64_t f = a[0];
    if (!f || (f & ~(uint64_t)(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) ||
        f == MCL_ONFAULT)
        return -EINVAL;
    if (!(f & MCL_CURRENT))
        return 0;
    return each_region(t, true, (f & MCL_ONFAULT) ? MLOCK_ONFAULT : 0);
}

int64_t sys_munlockall(struct rt_thread *t, const uint64_t a[6])
{
    (void)a;
    return each_region(t, false, 0);
}

/* mincore(addr, len, vec): one byte per page into vec. */
int64_t sys_mincore(struct rt_thread *t, const uint64_t a[6])
{
    uint64_t addr = a[0], len = a[1];
    if (addr & MMU_PAGE_MASK)
        return -EINVAL;
    uint64_t s = 0, n = 0;
    mmu_lock(t->proc->mmu);
    int64_t r = page_range(t, addr, len, &s, &n);
    uint64_t pages = n / MMU_PAGE_SIZE;
    unsigned char *vec = r ? NULL : lx_guest_ptr(t, a[2], pages, MMU_WRITE);
    if (!r && !vec)
        r = -EFAULT;
    if (!r && pages)
        r = lx_result(mincore(mmu_host(t->proc->mmu, s), n, vec));
    mmu_unlock(t->proc->mmu);
    return r;
}

/* pkey_alloc(flags, access_rights) */
int64_t sys_pkey_alloc(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    if (a[0] || (a[1] & ~3ull))
        return -EINVAL;
    return -ENOSPC;
}

int64_t sys_pkey_free(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    (void)a;
    return -EINVAL;
}

/* pkey_mprotect(addr, len, prot, pkey) */
int64_t sys_pkey_mprotect(struct rt_thread *t, const uint64_t a[6])
{
    if ((int)a[3] != -1)
        return -EINVAL;
    return sys_mprotect(t, a);
}
