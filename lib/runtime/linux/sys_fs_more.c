/*
 * sys_fs_more.c — the rest of the file-system calls: the working
 * directory by descriptor (fchdir), file-system statistics (statfs,
 * fstatfs), advisory whole-file locks (flock), flushing (sync, syncfs,
 * sync_file_range), device nodes (mknodat), read-ahead hints (readahead,
 * fadvise64) and chroot.
 *
 * struct statfs is the asm-generic 64-bit one on riscv64 and x86-64 and
 * the host's, so it is copied whole. statfs looks a path up, so it goes
 * through the sysroot (-L) as stat does; mknodat creates, so its path is
 * used as given (as mkdirat).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux_internal.h"

_Static_assert(sizeof(struct statfs) == 120,
               "host struct statfs differs from the guests'");

int64_t sys_fchdir(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(fchdir((int)a[0]));
}

static int64_t put_statfs(struct rt_thread *t, uint64_t addr, int64_t r,
                          const struct statfs *st)
{
    if (r < 0)
        return r;
    return mmu_write(t->proc->mmu, addr, st, sizeof(*st));
}

int64_t sys_statfs(struct rt_thread *t, const uint64_t a[6])
{
    char path[PATH_MAX], host[PATH_MAX];
    int err = lx_get_path(t, a[0], path);
    if (err)
        return err;
    struct statfs st;
    const char *p = lx_translate_path(t, path, host);
    return put_statfs(t, a[1], lx_result(statfs(p, &st)), &st);
}

int64_t sys_fstatfs(struct rt_thread *t, const uint64_t a[6])
{
    struct statfs st;
    return put_statfs(t, a[1], lx_result(fstatfs((int)a[0], &st)), &st);
}

/* A lock another process holds makes LOCK_EX/LOCK_SH wait: interruptible
 * by the guest's signals. */
int64_t sys_flock(struct rt_thread *t, const uint64_t a[6])
{
    return lx_safe_syscall(t, SYS_flock, (long)(int)a[0], (long)(int)a[1], 0,
                           0, 0, 0);
}

int64_t sys_sync(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    (void)a;
    sync();
    return 0;
}

int64_t sys_syncfs(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(syncfs((int)a[0]));
}

int64_t sys_sync_file_range(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(syscall(SYS_sync_file_range, (int)a[0], (int64_t)a[1],
                             (int64_t)a[2], (unsigned)a[3]));
}

/* dev is the kernel's 32-bit encoding on both guests, as on the host. */
int64_t sys_mknodat(struct rt_thread *t, const uint64_t a[6])
{
    char path[PATH_MAX];
    int err = lx_get_path(t, a[1], path);
    if (err)
        return err;
    return lx_result(syscall(SYS_mknodat, (int)a[0], path, (unsigned)a[2],
                             (unsigned)a[3]));
}

int64_t sys_readahead(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(syscall(SYS_readahead, (int)a[0], (int64_t)a[1],
                             (size_t)a[2]));
}

/* POSIX_FADV_* have the same values on both guests and the host. */
int64_t sys_fadvise64(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(syscall(SYS_fadvise64, (int)a[0], (int64_t)a[1],
                             (int64_t)a[2], (int)a[3]));
}

/* Changes vm-run's root too, as it changes the process's: EPERM without
 * CAP_SYS_CHROOT, as Linux answers. */
int64_t sys_chroot(struct rt_thread *t, const uint64_t a[6])
{
    char path[PATH_MAX];
    int err = lx_get_path(t, a[0], path);
    return err ? err : lx_result(chroot(path));
}
