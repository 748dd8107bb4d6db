/*
 * sys_fs_attr.c — changing files rather than their data: links
 * (symlinkat, linkat), permissions and owners (fchmodat, fchmod, fchownat,
 * fchown), times (utimensat), size and space (truncate, ftruncate,
 * fallocate) and flushing (fsync, fdatasync).
 *
 * Like mkdirat and unlinkat, these change the file system, so guest paths
 * are used as given: the sysroot (-L) only redirects lookups.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux_internal.h"

int64_t sys_symlinkat(struct rt_thread *t, const uint64_t a[6])
{
    char target[PATH_MAX], path[PATH_MAX];
    int err = lx_get_path(t, a[0], target);
    if (!err)
        err = lx_get_path(t, a[2], path);
    return err ? err : lx_result(symlinkat(target, (int)a[1], path));
}

int64_t sys_linkat(struct rt_thread *t, const uint64_t a[6])
{
    char from[PATH_MAX], to[PATH_MAX];
    int err = lx_get_path(t, a[1], from);
    if (!err)
        err = lx_get_path(t, a[3], to);
    if (err)
        return err;
    return lx_result(
        syscall(SYS_linkat, (int)a[0], from, (int)a[2], to, (int)a[4]));
}

int64_t sys_fchmodat(struct rt_thread *t, const uint64_t a[6])
{
    char path[PATH_MAX];
    int err = lx_get_path(t, a[1], path);
    if (err)
        return err;
    return lx_result(syscall(SYS_fchmodat, (int)a[0], path, (mode_t)a[2]));
}

int64_t sys_fchmod(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(fchmod((int)a[0], (mode_t)a[1]));
}

/* uid and gid are 32 bits; -1 leaves one unchanged. */
int64_t sys_fchownat(struct rt_thread *t, const uint64_t a[6])
{
    char path[PATH_MAX];
    int err = lx_get_path(t, a[1], path);
    if (err)
        return err;
    return lx_result(syscall(SYS_fchownat, (int)a[0], path, (uint32_t)a[2],
                             (uint32_t)a[3], (int)a[4]));
}

int64_t sys_fchown(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(fchown((int)a[0], (uint32_t)a[1], (uint32_t)a[2]));
}

/*
 * utimensat(dirfd, path, times, flags): a NULL path means dirfd itself and
 * NULL times means now. struct timespec and UTIME_NOW/UTIME_OMIT are the
 * same on riscv64 and the host.
 */
int64_t sys_utimensat(struct rt_thread *t, const uint64_t a[6])
{
    char path[PATH_MAX];
    struct lx_timespec times[2];
    _Static_assert(sizeof(times) == 2 * sizeof(struct timespec),
                   "host timespec differs from riscv64's");
    if (a[1]) {
        int err = lx_get_path(t, a[1], path);
        if (err)
            return err;
    }
    if (a[2] && mmu_read(t->proc->mmu, a[2], times, sizeof(times)))
        return -EFAULT;
    return lx_result(syscall(SYS_utimensat, (int)a[0], a[1] ? path : NULL,
                             a[2] ? times : NULL, (int)a[3]));
}

int64_t sys_truncate(struct rt_thread *t, const uint64_t a[6])
{
    char path[PATH_MAX];
    int err = lx_get_path(t, a[0], path);
    return err ? err : lx_result(truncate(path, (off_t)a[1]));
}

int64_t sys_ftruncate(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(ftruncate((int)a[0], (off_t)a[1]));
}

int64_t sys_fallocate(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(
        syscall(SYS_fallocate, (int)a[0], (int)a[1], (off_t)a[2], (off_t)a[3]));
}

int64_t sys_fsync(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(fsync((int)a[0]));
}

int64_t sys_fdatasync(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(fdatasync((int)a[0]));
}
