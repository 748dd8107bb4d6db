/*
 * sys_io.c — file descriptors and their data: openat, close, read, write,
 * their vector and positioned forms, lseek. Guest descriptors are host
 * descriptors; buffers are checked and then read or written in place.
 * What an open may reach (the guest's /proc files, not vm-run's) is
 * path_walk.c's and proc_files.c's business.
 * A write that meets a pipe without readers raises the guest's SIGPIPE.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "linux_internal.h"

/* Linux caps one transfer at INT_MAX rounded down to a page. */
#define LX_MAX_RW_COUNT 0x7ffff000ull

static uint64_t clamp_count(uint64_t n)
{
    return n > LX_MAX_RW_COUNT ? LX_MAX_RW_COUNT : n;
}

/*
 * The error for a transfer whose guest buffer is bad: Linux looks at the
 * descriptor first, so a closed or wrong-direction one is EBADF.
 */
static int64_t bad_buffer(int fd, bool reading)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || (fl & O_ACCMODE) == (reading ? O_WRONLY : O_RDONLY))
        return -EBADF;
    return -EFAULT;
}

int64_t lx_write_result(struct rt_thread *t, int64_t r)
{
    return lx_write_result_raw(t, lx_result(r));
}

int64_t lx_write_result_raw(struct rt_thread *t, int64_t r)
{
    if (r == -EPIPE)
        lx_signal_send(t, SIGPIPE, LX_SI_USER);
    return r;
}

int64_t sys_openat(struct rt_thread *t, const uint64_t a[6])
{
    char path[PATH_MAX], host[PATH_MAX];
    int err = lx_get_path(t, a[1], path);
    if (err)
        return err;
    const char *p = lx_translate_path(t, path, host);
    return lx_open_guest_path(t, (int)a[0], p, (int)a[2], (unsigned)a[3]);
}

int64_t sys_close(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    lx_signalfd_forget((int)a[0]);
    return lx_result(close((int)a[0]));
}

int64_t sys_read(struct rt_thread *t, const uint64_t a[6])
{
    int64_t sfd;
    if (lx_signalfd_read(t, (int)a[0], a[1], a[2], &sfd))
        return sfd;
    uint64_t n = clamp_count(a[2]);
    void *buf = lx_guest_ptr(t, a[1], n, MMU_WRITE);
    return buf ? lx_safe_syscall(t, SYS_read, (long)a[0], (long)buf, (long)n,
                                 0, 0, 0)
               : bad_buffer((int)a[0], true);
}

int64_t sys_write(struct rt_thread *t, const uint64_t a[6])
{
    uint64_t n = clamp_count(a[2]);
    void *buf = lx_guest_ptr(t, a[1], n, MMU_READ);
    return buf ? lx_write_result_raw(t, lx_safe_syscall(t, SYS_write,
                                                        (long)a[0], (long)buf,
                                                        (long)n, 0, 0, 0))
               : bad_buffer((int)a[0], false);
}

int64_t sys_pread64(struct rt_thread *t, const uint64_t a[6])
{
    uint64_t n = clamp_count(a[2]);
    void *buf = lx_guest_ptr(t, a[1], n, MMU_WRITE);
    return buf ? lx_safe_syscall(t, SYS_pread64, (long)a[0], (long)buf,
                                 (long)n, (long)a[3], 0, 0)
               : bad_buffer((int)a[0], true);
}

int64_t sys_pwrite64(struct rt_thread *t, const uint64_t a[6])
{
    uint64_t n = clamp_count(a[2]);
    void *buf = lx_guest_ptr(t, a[1], n, MMU_READ);
    return buf ? lx_write_result_raw(t, lx_safe_syscall(t, SYS_pwrite64,
                                                        (long)a[0], (long)buf,
                                                        (long)n, (long)a[3],
                                                        0, 0))
               : bad_buffer((int)a[0], false);
}

int64_t sys_lseek(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(lseek((int)a[0], (off_t)a[1], (int)a[2]));
}

/*
 * Builds the host iovec array for a guest one. `prot` is what the buffers
 * need (MMU_WRITE for readv). Returns the count, or -errno.
 */
int64_t lx_import_iovec(struct rt_thread *t, uint64_t addr, uint64_t cnt,
                        int prot, struct iovec *host)
{
    if (cnt > LX_UIO_MAXIOV)
        return -EINVAL;
    struct lx_iovec g[LX_UIO_MAXIOV];
    if (mmu_read(t->proc->mmu, addr, g, cnt * sizeof(g[0])))
        return -EFAULT;
    uint64_t total = 0;
    for (uint64_t i = 0; i < cnt; i++) {
        if ((int64_t)g[i].iov_len < 0)
            return -EINVAL;
        uint64_t len = clamp_count(g[i].iov_len);
        if (len > LX_MAX_RW_COUNT - total)
            len = LX_MAX_RW_COUNT - total; /* Linux truncates the total */
        total += len;
        host[i].iov_base = lx_guest_ptr(t, g[i].iov_base, len, prot);
        host[i].iov_len = len;
        if (!host[i].iov_base)
            return -EFAULT;
    }
    return (int64_t)cnt;
}

int64_t sys_readv(struct rt_thread *t, const uint64_t a[6])
{
    struct iovec iov[LX_UIO_MAXIOV];
    int64_t n = lx_import_iovec(t, a[1], a[2], MMU_WRITE, iov);
    if (n == -EFAULT)
        return bad_buffer((int)a[0], true);
    return n < 0 ? n : lx_safe_syscall(t, SYS_readv, (long)a[0], (long)iov,
                                       n, 0, 0, 0);
}

int64_t sys_writev(struct rt_thread *t, const uint64_t a[6])
{
    struct iovec iov[LX_UIO_MAXIOV];
    int64_t n = lx_import_iovec(t, a[1], a[2], MMU_READ, iov);
    if (n == -EFAULT)
        return bad_buffer((int)a[0], false);
    return n < 0 ? n
                 : lx_write_result_raw(t, lx_safe_syscall(t, SYS_writev,
                                                          (long)a[0],
                                                          (long)iov, n, 0,
                                                          0, 0));
}
