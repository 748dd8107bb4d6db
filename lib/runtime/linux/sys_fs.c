/*
 * sys_fs.c — the file system by name: stat family, directory listing,
 * links, access checks, creating, removing and renaming, the working
 * directory. What a name reaches is judged as an open would (path_walk.c,
 * proc_files.c): "/proc/self/exe", however reached, is the guest's
 * program, and a hidden descriptor's /proc/self/fd entry does not exist.
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
    return r < 0 ? r : lx_put_stat(t, addr, st);
}

/*
 * The object (dirfd, path) names, opened O_PATH as an open would reach it
 * (no magic link the guest may not follow), with its verdict: a stat or
 * readlink is about the same file an open would give. -errno on failure.
 */
static int reach(struct rt_thread *t, int dirfd, const char *path,
                 bool follow, struct lx_proc_verdict *v)
{
    char host[PATH_MAX];
    const char *p = lx_translate_path(t, path, host);
    int fd = lx_open_host_path(dirfd, p,
                               O_PATH | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW),
                               0);
    if (fd < 0)
        return fd;
    *v = lx_proc_judge(fd);
    /* Refused contents still have a name: stat and access may see it. */
    if (v->action == LX_PROC_DENY && v->err != EACCES) {
        close(fd);
        return -v->err;
    }
    return fd;
}

/* What a stat-like call looks at for the guest's (dirfd, path, flags):
 * an O_PATH descriptor (the guest executable for vm-run's), or -errno. */
static int stat_target(struct rt_thread *t, int dirfd, const char *path,
                       int flags)
{
    struct lx_proc_verdict v;
    int fd = reach(t, dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), &v);
    if (fd < 0 || v.action != LX_PROC_GUEST_EXE || !t->proc->exe_path)
        return fd;
    close(fd);
    return lx_result(open(t->proc->exe_path, O_PATH | O_CLOEXEC));
}

int64_t sys_newfstatat(struct rt_thread *t, const uint64_t a[6])
{
    char path[PATH_MAX];
    int err = lx_get_path(t, a[1], path);
    if (err)
        return err;
    struct stat st;
    int flags = (int)a[3];
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH))
        return -EINVAL;
    if (!path[0] && (flags & AT_EMPTY_PATH))
        return put_stat(t, a[2], lx_result(fstat((int)a[0], &st)), &st);
    int fd = stat_target(t, (int)a[0], path, flags);
    if (fd < 0)
        return fd;
    int64_t r = lx_result(fstat(fd, &st));
    close(fd);
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
    char path[PATH_MAX];
    int err = lx_get_path(t, a[1], path);
    if (err)
        return err;
    int dirfd = (int)a[0], flags = (int)a[2];
    if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH |
                   AT_STATX_SYNC_TYPE)) ||
        (flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
        return -EINVAL;
    int fd = -1;
    if (path[0] || !(flags & AT_EMPTY_PATH)) {
        fd = stat_target(t, dirfd, path, flags);
        if (fd < 0)
            return fd;
        dirfd = fd;
        flags = (flags & AT_STATX_SYNC_TYPE) | AT_EMPTY_PATH;
    }
    struct lx_statx stx;
    int64_t r = lx_result(syscall(SYS_statx, dirfd, "", flags,
                                  (unsigned)a[3], &stx));
    if (fd >= 0)
        close(fd);
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

static int64_t put_link(struct rt_thread *t, uint64_t addr, int size,
                        const char *text, size_t n)
{
    if (n > (size_t)size)
        n = (size_t)size; /* truncated, no NUL: as readlink */
    int err = mmu_write(t->proc->mmu, addr, text, n);
    return err ? err : (int64_t)n;
}

/* The link (dirfd, path) names, judged: "/proc/<our pid>/exe" however
 * reached is the guest's program; fd/N of a hidden N does not exist. */
int64_t sys_readlinkat(struct rt_thread *t, const uint64_t a[6])
{
    char path[PATH_MAX];
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
    if (exe && lx_is_self_exe(path))
        return put_link(t, a[2], size, exe, strlen(exe));
    struct lx_proc_verdict v;
    int fd = (int)a[0];
    if (path[0]) {
        fd = reach(t, fd, path, false, &v);
        if (fd < 0)
            return fd;
    } else {
        v = lx_proc_judge(fd); /* the guest's O_PATH descriptor itself */
    }
    int64_t r;
    struct stat st;
    if (fstat(fd, &st) == 0 && !S_ISLNK(st.st_mode))
        r = -EINVAL; /* readlinkat(fd, "") would say ENOENT */
    else if (v.action == LX_PROC_DENY)
        r = -v.err;
    else if (v.action == LX_PROC_GUEST_EXE && exe)
        r = put_link(t, a[2], size, exe, strlen(exe));
    else
        r = lx_result(readlinkat(fd, "", buf, (size_t)size));
    if (path[0])
        close(fd);
    return r;
}

/* access(2) on what the path reaches, through the O_PATH descriptor: a
 * file whose contents are refused to the guest is neither readable nor
 * writable, as its open says. */
static int64_t access_checked(struct rt_thread *t, int dirfd,
                              const char *path, int mode, int flags)
{
    if (mode & ~(R_OK | W_OK | X_OK))
        return -EINVAL;
    if (!path[0] && (flags & AT_EMPTY_PATH))
        return lx_result(
            syscall(SYS_faccessat2, dirfd, path, mode, flags));
    struct lx_proc_verdict v;
    int fd = reach(t, dirfd, path, !(flags & AT_SYMLINK_NOFOLLOW), &v);
    if (fd >= 0 && v.action == LX_PROC_DENY && mode != F_OK) {
        close(fd);
        return -v.err;
    }
    if (fd >= 0 && v.action == LX_PROC_GUEST_EXE && t->proc->exe_path) {
        close(fd);
        fd = (int)lx_result(open(t->proc->exe_path, O_PATH | O_CLOEXEC));
    }
    if (fd < 0)
        return fd;
    int64_t r = lx_result(syscall(SYS_faccessat2, fd, "", mode,
                                  (flags & AT_EACCESS) | AT_EMPTY_PATH));
    close(fd);
    return r;
}

int64_t sys_faccessat(struct rt_thread *t, const uint64_t a[6])
{
    char path[PATH_MAX];
    int err = lx_get_path(t, a[1], path);
    if (err)
        return err;
    return access_checked(t, (int)a[0], path, (int)a[2], 0);
}

int64_t sys_faccessat2(struct rt_thread *t, const uint64_t a[6])
{
    char path[PATH_MAX];
    int err = lx_get_path(t, a[1], path);
    if (err)
        return err;
    int flags = (int)a[3];
    if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    return access_checked(t, (int)a[0], path, (int)a[2], flags);
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
