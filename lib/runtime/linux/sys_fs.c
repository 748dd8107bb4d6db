/*
 * sys_fs.c — the file system by name: stat family, directory listing,
 * links, access checks, creating, removing and renaming, the working
 * directory. "/proc/self/exe" names the guest's program, not vm-run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux_internal.h"

static int64_t put_stat(struct rt_thread *t, uint64_t addr, int64_t r,
                        const struct stat *st)
{
    if (r < 0)
        return r;
    struct lx_stat out;
    lx_stat_from_host(&out, st);
    return mmu_write(t->proc->mmu, addr, &out, sizeof(out));
}

int64_t sys_newfstatat(struct rt_thread *t, const uint64_t a[6])
{
    char path[PATH_MAX], host[PATH_MAX];
    int err = lx_get_path(t, a[1], path);
    if (err)
        return err;
    struct stat st;
    const char *p = lx_translate_path(t, path, host);
    int64_t r = lx_result(fstatat((int)a[0], p, &st, (int)a[3]));
    return put_stat(t, a[2], r, &st);
}

int64_t sys_fstat(struct rt_thread *t, const uint64_t a[6])
{
    struct stat st;
    int64_t r = lx_result(fstat((int)a[0], &st));
    return put_stat(t, a[1], r, &st);
}

/* statx's layout is the same on every architecture, so the host kernel's
 * answer (including fields newer than our headers) is copied whole. */
int64_t sys_statx(struct rt_thread *t, const uint64_t a[6])
{
    char path[PATH_MAX], host[PATH_MAX];
    int err = lx_get_path(t, a[1], path);
    if (err)
        return err;
    struct lx_statx stx;
    int64_t r = lx_result(syscall(SYS_statx, (int)a[0],
                                  lx_translate_path(t, path, host), (int)a[2],
                                  (unsigned)a[3], &stx));
    if (r < 0)
        return r;
    return mmu_write(t->proc->mmu, a[4], &stx, sizeof(stx));
}

/* linux_dirent64 is the same on every architecture: the host fills the
 * guest buffer directly. */
int64_t sys_getdents64(struct rt_thread *t, const uint64_t a[6])
{
    unsigned count = (unsigned)a[2];
    void *buf = lx_guest_ptr(t, a[1], count, MMU_WRITE);
    if (!buf)
        return -EFAULT;
    return lx_getdents_hiding((int)a[0], buf, count);
}

int64_t sys_readlinkat(struct rt_thread *t, const uint64_t a[6])
{
    char path[PATH_MAX], host[PATH_MAX];
    int err = lx_get_path(t, a[1], path);
    if (err)
        return err;
    int size = (int)a[3];
    if (size <= 0)
        return -EINVAL;
    char *buf = lx_guest_ptr(t, a[2], (uint64_t)size, MMU_WRITE);
    if (!buf)
        return -EFAULT;
    const char *exe = t->proc->exe_path;
    if (exe && lx_is_self_exe(path)) {
        size_t n = strlen(exe);
        if (n > (size_t)size)
            n = (size_t)size; /* truncated, no NUL: as readlink */
        int werr = mmu_write(t->proc->mmu, a[2], exe, n);
        return werr ? werr : (int64_t)n;
    }
    return lx_result(readlinkat((int)a[0], lx_translate_path(t, path, host),
                                buf, (size_t)size));
}

int64_t sys_faccessat(struct rt_thread *t, const uint64_t a[6])
{
    char path[PATH_MAX], host[PATH_MAX];
    int err = lx_get_path(t, a[1], path);
    if (err)
        return err;
    return lx_result(syscall(SYS_faccessat, (int)a[0],
                             lx_translate_path(t, path, host), (int)a[2]));
}

int64_t sys_faccessat2(struct rt_thread *t, const uint64_t a[6])
{
    char path[PATH_MAX], host[PATH_MAX];
    int err = lx_get_path(t, a[1], path);
    if (err)
        return err;
    return lx_result(syscall(SYS_faccessat2, (int)a[0],
                             lx_translate_path(t, path, host), (int)a[2],
                             (int)a[3]));
}

int64_t sys_mkdirat(struct rt_thread *t, const uint64_t a[6])
{
    char path[PATH_MAX];
    int err = lx_get_path(t, a[1], path);
    if (err)
        return err;
    return lx_result(mkdirat((int)a[0], path, (mode_t)a[2]));
}

int64_t sys_unlinkat(struct rt_thread *t, const uint64_t a[6])
{
    char path[PATH_MAX];
    int err = lx_get_path(t, a[1], path);
    if (err)
        return err;
    return lx_result(syscall(SYS_unlinkat, (int)a[0], path, (int)a[2]));
}

int64_t sys_renameat2(struct rt_thread *t, const uint64_t a[6])
{
    char from[PATH_MAX], to[PATH_MAX];
    int err = lx_get_path(t, a[1], from);
    if (!err)
        err = lx_get_path(t, a[3], to);
    if (err)
        return err;
    return lx_result(syscall(SYS_renameat2, (int)a[0], from, (int)a[2], to,
                             (unsigned)a[4]));
}

/* The kernel's getcwd returns the length including the NUL; paths longer
 * than a page are ENAMETOOLONG there, so a page of buffer suffices. */
int64_t sys_getcwd(struct rt_thread *t, const uint64_t a[6])
{
    char buf[4096];
    uint64_t size = a[1] < sizeof(buf) ? a[1] : sizeof(buf);
    int64_t n = lx_result(syscall(SYS_getcwd, buf, (size_t)size));
    if (n < 0)
        return n;
    int err = mmu_write(t->proc->mmu, a[0], buf, (uint64_t)n);
    return err ? err : n;
}

int64_t sys_chdir(struct rt_thread *t, const uint64_t a[6])
{
    char path[PATH_MAX];
    int err = lx_get_path(t, a[0], path);
    return err ? err : lx_result(chdir(path));
}

int64_t sys_umask(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return umask((mode_t)(a[0] & 0777));
}
