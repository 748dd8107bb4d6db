/*
 * sys_x86_fs.c — the path-based calls only x86-64 still has (open, stat,
 * access, mkdir, rename, ...): each is its *at form with AT_FDCWD, so it
 * goes through the shared handler and sees the same path rules. Plus the
 * old getdents (struct linux_dirent) and the timeval forms of utimensat.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux_internal.h"

#define CWD ((uint64_t)(int64_t)LX_AT_FDCWD)

/* Runs a shared handler on the arguments the adapter built. */
#define CALL(handler, ...) handler(t, (const uint64_t[6]){__VA_ARGS__})

int64_t sys_open(struct rt_thread *t, const uint64_t a[6])
{
    return CALL(sys_openat, CWD, a[0], a[1], a[2]);
}

int64_t sys_creat(struct rt_thread *t, const uint64_t a[6])
{
    return CALL(sys_openat, CWD, a[0], O_CREAT | O_WRONLY | O_TRUNC, a[1]);
}

int64_t sys_stat(struct rt_thread *t, const uint64_t a[6])
{
    return CALL(sys_newfstatat, CWD, a[0], a[1], 0);
}

int64_t sys_lstat(struct rt_thread *t, const uint64_t a[6])
{
    return CALL(sys_newfstatat, CWD, a[0], a[1], AT_SYMLINK_NOFOLLOW);
}

int64_t sys_access(struct rt_thread *t, const uint64_t a[6])
{
    return CALL(sys_faccessat, CWD, a[0], a[1]);
}

int64_t sys_readlink(struct rt_thread *t, const uint64_t a[6])
{
    return CALL(sys_readlinkat, CWD, a[0], a[1], a[2]);
}

int64_t sys_unlink(struct rt_thread *t, const uint64_t a[6])
{
    return CALL(sys_unlinkat, CWD, a[0], 0);
}

int64_t sys_rmdir(struct rt_thread *t, const uint64_t a[6])
{
    return CALL(sys_unlinkat, CWD, a[0], AT_REMOVEDIR);
}

int64_t sys_mkdir(struct rt_thread *t, const uint64_t a[6])
{
    return CALL(sys_mkdirat, CWD, a[0], a[1]);
}

int64_t sys_rename(struct rt_thread *t, const uint64_t a[6])
{
    return CALL(sys_renameat2, CWD, a[0], CWD, a[1], 0);
}

int64_t sys_renameat(struct rt_thread *t, const uint64_t a[6])
{
    return CALL(sys_renameat2, a[0], a[1], a[2], a[3], 0);
}

int64_t sys_link(struct rt_thread *t, const uint64_t a[6])
{
    return CALL(sys_linkat, CWD, a[0], CWD, a[1], 0);
}

int64_t sys_symlink(struct rt_thread *t, const uint64_t a[6])
{
    return CALL(sys_symlinkat, a[0], CWD, a[1]);
}

int64_t sys_chmod(struct rt_thread *t, const uint64_t a[6])
{
    return CALL(sys_fchmodat, CWD, a[0], a[1]);
}

int64_t sys_chown(struct rt_thread *t, const uint64_t a[6])
{
    return CALL(sys_fchownat, CWD, a[0], a[1], a[2], 0);
}

int64_t sys_lchown(struct rt_thread *t, const uint64_t a[6])
{
    return CALL(sys_fchownat, CWD, a[0], a[1], a[2], AT_SYMLINK_NOFOLLOW);
}

/* utime(path, {actime, modtime}) */
int64_t sys_utime(struct rt_thread *t, const uint64_t a[6])
{
    char path[PATH_MAX];
    int64_t times[2];
    int err = lx_get_path(t, a[0], path);
    if (err)
        return err;
    if (a[1] && mmu_read(t->proc->mmu, a[1], times, sizeof(times)))
        return -EFAULT;
    return lx_result(syscall(SYS_utime, path, a[1] ? times : NULL));
}

/* futimesat(dirfd, path, timeval[2]): a NULL path means dirfd itself.
 * struct timeval is the host's on an x86-64 guest. */
int64_t sys_futimesat(struct rt_thread *t, const uint64_t a[6])
{
    char path[PATH_MAX];
    struct lx_timeval tv[2];
    if (a[1]) {
        int err = lx_get_path(t, a[1], path);
        if (err)
            return err;
    }
    if (a[2] && mmu_read(t->proc->mmu, a[2], tv, sizeof(tv)))
        return -EFAULT;
    return lx_result(syscall(SYS_futimesat, (int)a[0], a[1] ? path : NULL,
                             a[2] ? tv : NULL));
}

int64_t sys_utimes(struct rt_thread *t, const uint64_t a[6])
{
    return CALL(sys_futimesat, CWD, a[0], a[1]);
}

/* The old getdents record: the name right after d_reclen, d_type in the
 * record's last byte. It has the size of the getdents64 record for the
 * same name, so records are converted in place. */
struct lx_linux_dirent_head {
    uint64_t d_ino;
    int64_t d_off;
    uint16_t d_reclen;
} __attribute__((packed));

static void dirent64_to_old(uint8_t *rec)
{
    struct lx_dirent64 d;
    memcpy(&d, rec, LX_DIRENT64_NAME_OFFSET);
    size_t name_len = strnlen((char *)rec + LX_DIRENT64_NAME_OFFSET,
                              d.d_reclen - LX_DIRENT64_NAME_OFFSET);
    struct lx_linux_dirent_head head = {d.d_ino, d.d_off, d.d_reclen};
    memmove(rec + sizeof(head), rec + LX_DIRENT64_NAME_OFFSET, name_len);
    memcpy(rec, &head, sizeof(head));
    memset(rec + sizeof(head) + name_len, 0,
           d.d_reclen - sizeof(head) - name_len);
    rec[d.d_reclen - 1] = d.d_type;
}

/* getdents(fd, dirp, count) */
int64_t sys_getdents(struct rt_thread *t, const uint64_t a[6])
{
    unsigned count = (unsigned)a[2];
    void *out = lx_guest_ptr(t, a[1], count, MMU_WRITE);
    if (!out)
        return -EFAULT;
    uint8_t *buf = malloc(count ? count : 1);
    if (!buf)
        return -ENOMEM;
    int64_t r = lx_getdents_hiding((int)a[0], buf, count);
    for (int64_t off = 0; off < r;) {
        uint16_t reclen;
        memcpy(&reclen, buf + off + offsetof(struct lx_dirent64, d_reclen), 2);
        dirent64_to_old(buf + off);
        off += reclen;
    }
    if (r > 0)
        memcpy(out, buf, (size_t)r);
    free(buf);
    return r;
}

/* No a.out libraries: a kernel without CONFIG_USELIB. */
int64_t sys_uselib(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    (void)a;
    return -ENOSYS;
}

int64_t sys_mknod(struct rt_thread *t, const uint64_t a[6])
{
    return CALL(sys_mknodat, CWD, a[0], a[1], a[2]);
}

/* ustat(dev, ubuf): struct ustat (free blocks, free inodes, two names)
 * on x86-64's layout, from the host's answer. */
int64_t sys_ustat(struct rt_thread *t, const uint64_t a[6])
{
    struct {
        int32_t f_tfree;
        int32_t pad;
        uint64_t f_tinode;
        char f_fname[6];
        char f_fpack[6];
        int32_t pad2;
    } u;
    _Static_assert(sizeof(u) == 32, "x86-64 struct ustat");
    long r = syscall(SYS_ustat, (unsigned)a[0], &u);
    if (r < 0)
        return -errno;
    return mmu_write(t->proc->mmu, a[1], &u, sizeof(u));
}

/* sysfs(option, arg1, arg2): file-system types by index (x86-64 only):
 * 1 name -> index, 2 index -> name into a buffer, 3 the count. */
int64_t sys_sysfs(struct rt_thread *t, const uint64_t a[6])
{
    switch ((int)a[0]) {
    case 1: {
        char name[PATH_MAX];
        int err = lx_get_path(t, a[1], name);
        return err ? err : lx_result(syscall(SYS_sysfs, 1, name));
    }
    case 2: {
        char name[256] = "";
        long r = syscall(SYS_sysfs, 2, (unsigned)a[1], name);
        if (r < 0)
            return -errno;
        return mmu_write(t->proc->mmu, a[2], name, strlen(name) + 1) ? -EFAULT
                                                                     : r;
    }
    case 3:
        return lx_result(syscall(SYS_sysfs, 3));
    default:
        return -EINVAL;
    }
}
