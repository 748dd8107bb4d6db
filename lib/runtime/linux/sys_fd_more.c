/*
 * sys_fd_more.c — descriptors of special kinds: anonymous memory files
 * (memfd_create), process descriptors (pidfd_open, pidfd_send_signal,
 * pidfd_getfd), file-system watches (inotify_init1, inotify_add_watch,
 * inotify_rm_watch), opening with resolve rules (openat2) and executing
 * by descriptor (execveat).
 *
 * Guest pids are host pids, so a pidfd is the host's; a signal sent
 * through one to our own process is a guest signal (the guest's queues,
 * not vm-run's host handlers). inotify reports names relative to the
 * watched directory, which are the guest's names already; the watched
 * path is looked up through the sysroot (-L) as stat does.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "linux_internal.h"

#define LX_MFD_NAME_MAX 249

int64_t sys_memfd_create(struct rt_thread *t, const uint64_t a[6])
{
    char name[LX_MFD_NAME_MAX + 1];
    const struct mmu *m = t->proc->mmu;
    int64_t n = mmu_strlen(m, a[0], sizeof(name));
    if (n < 0)
        return mmu_check(m, a[0], sizeof(name), MMU_READ) ? -EINVAL : -EFAULT;
    if (mmu_read(m, a[0], name, (uint64_t)n + 1))
        return -EFAULT;
    return lx_result(syscall(SYS_memfd_create, name, (unsigned)a[1]));
}

/* The pid a pidfd refers to (its fdinfo's "Pid:" line: -1 once it is
 * reaped), or -EBADF. */
static int pidfd_pid(int fd)
{
    char path[64], line[128];
    snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
    FILE *f = fopen(path, "re");
    if (!f)
        return -EBADF;
    int pid = -EBADF;
    while (fgets(line, sizeof(line), f))
        if (sscanf(line, "Pid: %d", &pid) == 1)
            break;
    fclose(f);
    return pid;
}

int64_t sys_pidfd_open(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(syscall(SYS_pidfd_open, (int)a[0], (unsigned)a[1]));
}

/* pidfd_send_signal(pidfd, sig, info, flags) */
int64_t sys_pidfd_send_signal(struct rt_thread *t, const uint64_t a[6])
{
    int sig = (int)a[1];
    unsigned flags = (unsigned)a[3];
    /* PIDFD_SIGNAL_THREAD, _THREAD_GROUP, _PROCESS_GROUP: one at most. */
    if ((flags & ~7u) || (flags & (flags - 1)))
        return -EINVAL;
    if (sig < 0 || sig > RT_NSIG)
        return -EINVAL;
    struct lx_siginfo info;
    if (a[2] && mmu_read(t->proc->mmu, a[2], &info, sizeof(info)))
        return -EFAULT;
    int pid = pidfd_pid((int)a[0]);
    if (pid != getpid())
        return lx_result(syscall(SYS_pidfd_send_signal, (int)a[0], sig,
                                 a[2] ? &info : NULL, flags));
    if (!sig)
        return 0;
    if (!a[2])
        return lx_signal_send_process(t, sig, LX_SI_USER);
    if (info.si_signo != sig)
        return -EINVAL;
    return lx_signal_post_process(t->proc, t, &info);
}

/* pidfd_getfd(pidfd, targetfd, flags): vm-run's own descriptors are not
 * the guest's to take. */
int64_t sys_pidfd_getfd(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    int pid = pidfd_pid((int)a[0]);
    if (pid == getpid() && lx_fd_hidden((int)a[1]))
        return -EBADF;
    return lx_result(syscall(SYS_pidfd_getfd, (int)a[0], (int)a[1],
                             (unsigned)a[2]));
}

int64_t sys_inotify_init1(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(inotify_init1((int)a[0]));
}

int64_t sys_inotify_init(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    (void)a;
    return lx_result(inotify_init1(0));
}

int64_t sys_inotify_add_watch(struct rt_thread *t, const uint64_t a[6])
{
    char path[PATH_MAX], host[PATH_MAX];
    int err = lx_get_path(t, a[1], path);
    if (err)
        return err;
    const char *p = lx_translate_path(t, path, host);
    return lx_result(inotify_add_watch((int)a[0], p, (uint32_t)a[2]));
}

int64_t sys_inotify_rm_watch(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(inotify_rm_watch((int)a[0], (int)a[1]));
}

/* struct open_how of openat2, the same everywhere. */
struct lx_open_how {
    uint64_t flags, mode, resolve;
};

/* openat2(dirfd, path, how, size): without resolve rules it is openat
 * (with openat2's stricter checks of flags and mode); with them the
 * host's openat2 applies them to the same path. */
int64_t sys_openat2(struct rt_thread *t, const uint64_t a[6])
{
    struct lx_open_how how;
    uint64_t size = a[3];
    if (size < sizeof(how))
        return -EINVAL;
    if (size > 4096)
        return -E2BIG;
    if (mmu_read(t->proc->mmu, a[2], &how, sizeof(how)))
        return -EFAULT;
    for (uint64_t i = sizeof(how); i < size; i++) {
        uint8_t byte;
        if (mmu_read(t->proc->mmu, a[2] + i, &byte, 1))
            return -EFAULT;
        if (byte)
            return -E2BIG;
    }
    if (how.flags >> 32 || how.mode & ~07777ull ||
        (how.mode && !(how.flags & (O_CREAT | __O_TMPFILE))))
        return -EINVAL;
    char path[PATH_MAX], host[PATH_MAX];
    int err = lx_get_path(t, a[1], path);
    if (err)
        return err;
    const char *p = lx_translate_path(t, path, host);
    if (!how.resolve)
        return lx_open_guest_path(t, (int)a[0], p, (int)how.flags,
                                  (unsigned)how.mode);
    int fd = (int)lx_result(syscall(SYS_openat2, (int)a[0], p, &how,
                                    sizeof(how)));
    return fd < 0 ? fd : lx_proc_finish_open(t, fd, (int)how.flags);
}

/*
 * execveat(dirfd, path, argv, envp, flags): the program is named by a
 * path the new vm-run can open after exec, so a descriptor (which may be
 * close-on-exec) is replaced by the file it refers to.
 */
int64_t sys_execveat(struct rt_thread *t, const uint64_t a[6])
{
    int dirfd = (int)a[0], flags = (int)a[4];
    if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW))
        return -EINVAL;
    char path[PATH_MAX];
    int err = lx_get_path(t, a[1], path);
    if (err)
        return err;
    if (!path[0] && !(flags & AT_EMPTY_PATH))
        return -ENOENT;
    struct stat st;
    if (path[0] && (flags & AT_SYMLINK_NOFOLLOW) &&
        fstatat(dirfd, path, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISLNK(st.st_mode))
        return -ELOOP;
    if (path[0] == '/' || (dirfd == LX_AT_FDCWD && path[0]))
        return lx_execve_path(t, path, a[2], a[3]);
    if (lx_fd_hidden(dirfd))
        return -EBADF;
    char link[64], dir[PATH_MAX], full[PATH_MAX];
    snprintf(link, sizeof(link), "/proc/self/fd/%d", dirfd);
    ssize_t n = readlink(link, dir, sizeof(dir) - 1);
    if (n < 0)
        return -EBADF;
    dir[n] = 0;
    if (dir[0] != '/')
        return -ENOENT; /* an anonymous file (memfd...): not reachable */
    if (path[0] &&
        snprintf(full, sizeof(full), "%s/%s", dir, path) >= (int)sizeof(full))
        return -ENAMETOOLONG;
    return lx_execve_path(t, path[0] ? full : dir, a[2], a[3]);
}

/* name_to_handle_at(dirfd, path, handle, mount_id, flags): struct
 * file_handle (its size, a type, the bytes) is the same everywhere; the
 * guest's handle_bytes says how much room follows. */
int64_t sys_name_to_handle_at(struct rt_thread *t, const uint64_t a[6])
{
    char path[PATH_MAX], host[PATH_MAX];
    int err = lx_get_path(t, a[1], path);
    if (err)
        return err;
    uint32_t room;
    if (mmu_read(t->proc->mmu, a[2], &room, sizeof(room)))
        return -EFAULT;
    const uint32_t max_handle = 128; /* MAX_HANDLE_SZ */
    uint32_t cap = room > max_handle ? max_handle : room;
    uint8_t *fh = calloc(1, 8 + max_handle);
    if (!fh)
        return -ENOMEM;
    memcpy(fh, &cap, sizeof(cap));
    int mount_id = 0;
    const char *p = lx_translate_path(t, path, host);
    int64_t r = lx_result(syscall(SYS_name_to_handle_at, (int)a[0], p, fh,
                                  &mount_id, (int)a[4]));
    uint32_t need;
    memcpy(&need, fh, sizeof(need));
    if (r == -EOVERFLOW || (r == 0 && room > max_handle && need > cap)) {
        /* Only the size is returned. */
        if (mmu_write(t->proc->mmu, a[2], &need, sizeof(need)))
            r = -EFAULT;
    } else if (r == 0) {
        if (mmu_write(t->proc->mmu, a[2], fh, 8 + (uint64_t)need) ||
            mmu_write(t->proc->mmu, a[3], &mount_id, sizeof(mount_id)))
            r = -EFAULT;
    }
    free(fh);
    return r;
}

/* No fanotify group can exist (fanotify_init is refused): a valid
 * descriptor is not one (EINVAL), an invalid one is EBADF. */
int64_t sys_fanotify_mark(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return fcntl((int)a[0], F_GETFD) < 0 ? -EBADF : -EINVAL;
}

/*
 * process_madvise(pidfd, iovec, vlen, advice, flags): advice on our own
 * pages only (the ranges are guest addresses, checked as madvise checks
 * them, ENOMEM for a hole); another process's addresses are in its own
 * arena, so that is refused as to a process without CAP_SYS_NICE.
 */
int64_t sys_process_madvise(struct rt_thread *t, const uint64_t a[6])
{
    if ((unsigned)a[4] != 0)
        return -EINVAL;
    int pid = pidfd_pid((int)a[0]);
    if (pid < 0)
        return -EBADF;
    if (pid != getpid())
        return -EPERM;
    struct iovec iov[LX_UIO_MAXIOV];
    if (a[2] > LX_UIO_MAXIOV)
        return -EINVAL;
    struct lx_iovec g[LX_UIO_MAXIOV];
    if (mmu_read(t->proc->mmu, a[1], g, a[2] * sizeof(g[0])))
        return -EFAULT;
    mmu_lock(t->proc->mmu);
    int64_t r = 0;
    for (uint64_t i = 0; i < a[2] && !r; i++) {
        uint64_t start = g[i].iov_base & ~MMU_PAGE_MASK;
        uint64_t end = (g[i].iov_base + g[i].iov_len + MMU_PAGE_MASK) &
                       ~MMU_PAGE_MASK;
        if (end < start)
            r = -EINVAL;
        else if (end > start &&
                 !lx_range_mapped(t->proc->mmu, start, end - start))
            r = -ENOMEM;
        iov[i].iov_base = mmu_host(t->proc->mmu, g[i].iov_base);
        iov[i].iov_len = g[i].iov_len;
    }
    if (!r)
        r = lx_result(syscall(SYS_process_madvise, (int)a[0], iov,
                              (size_t)a[2], (int)a[3], 0u));
    mmu_unlock(t->proc->mmu);
    return r;
}
