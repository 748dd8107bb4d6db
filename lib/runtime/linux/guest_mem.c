/*
 * guest_mem.c — guest pointers as the system-call layer sees them: every
 * pointer a guest passes is checked against the mmu's page protections
 * before the host touches it, and becomes -EFAULT when it is not mapped
 * with the access the call needs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "linux_internal.h"
#include "sysroot.h"

int64_t lx_result(int64_t r)
{
    return r < 0 ? -(int64_t)errno : r;
}

void *lx_guest_ptr(struct rt_thread *t, uint64_t addr, uint64_t len, int prot)
{
    struct mmu *m = t->proc->mmu;
    if (len == 0)
        return mmu_host(m, 0);
    if (!mmu_check(m, addr, len, prot))
        return NULL;
    return mmu_host(m, addr);
}

int lx_get_path(struct rt_thread *t, uint64_t addr, char buf[PATH_MAX])
{
    const struct mmu *m = t->proc->mmu;
    int64_t n = mmu_strlen(m, addr, PATH_MAX);
    if (n < 0)
        /* Either unreadable or too long: Linux tells them apart. */
        return mmu_check(m, addr, PATH_MAX, MMU_READ) ? -ENAMETOOLONG
                                                       : -EFAULT;
    return mmu_read(m, addr, buf, (uint64_t)n + 1);
}

bool lx_is_self_exe(const char *path)
{
    if (strcmp(path, "/proc/self/exe") == 0)
        return true;
    char own[40];
    snprintf(own, sizeof(own), "/proc/%d/exe", (int)getpid());
    return strcmp(path, own) == 0;
}

/* A path that never exists, for /proc/self/fd/N of a hidden N: the guest
 * gets ENOENT, as for a descriptor number nobody opened. */
static const char no_such_path[] = "/proc/self/fd/-1";

const char *lx_translate_path(struct rt_thread *t, const char *path,
                              char buf[PATH_MAX])
{
    if (t->proc->exe_path && lx_is_self_exe(path))
        return t->proc->exe_path;
    if (lx_path_names_hidden_fd(path))
        return no_such_path;
    return rt_sysroot_path(t->proc->sysroot, path, buf, PATH_MAX);
}

bool lx_range_has_exec(const struct mmu *m, uint64_t addr, uint64_t len)
{
    size_t n;
    bool found = false;
    mmu_lock(m);
    const struct mmu_region *r = mmu_regions(m, &n);
    for (size_t i = 0; i < n && !found; i++)
        found = (r[i].prot & MMU_EXEC) && r[i].start < addr + len &&
                addr < r[i].end;
    mmu_unlock(m);
    return found;
}

bool lx_range_mapped(const struct mmu *m, uint64_t addr, uint64_t len)
{
    size_t n;
    mmu_lock(m);
    const struct mmu_region *r = mmu_regions(m, &n);
    uint64_t at = addr, end = addr + len;
    for (size_t i = 0; i < n && at < end; i++) {
        if (r[i].end <= at)
            continue;
        if (r[i].start > at)
            break; /* a hole */
        at = r[i].end;
    }
    mmu_unlock(m);
    return at >= end;
}
