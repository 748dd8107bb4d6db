/*
 * sys_io_more.c — data transfers besides read and write: the vector
 * calls at an offset (preadv, pwritev and their "2" forms with flags),
 * and the in-kernel copies (sendfile, copy_file_range, splice, tee,
 * vmsplice). Offsets a call takes by pointer (loff_t *) are read from
 * the guest, the host call works on a local copy, and the updated offset
 * goes back. Calls that may wait (pipes, sockets) go through
 * lx_safe_syscall so guest signals interrupt them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "linux_internal.h"

/*
 * preadv/pwritev(fd, iov, cnt, pos_l, pos_h[, flags]): on 64-bit Linux
 * the position is pos_l alone. write tells the direction.
 */
static int64_t vec_at(struct rt_thread *t, const uint64_t a[6], bool write,
                      bool has_flags)
{
    struct iovec iov[LX_UIO_MAXIOV];
    int64_t n = lx_import_iovec(t, a[1], a[2], write ? MMU_READ : MMU_WRITE,
                                iov);
    if (n < 0)
        return n;
    long nr = write ? SYS_pwritev2 : SYS_preadv2;
    long flags = has_flags ? (long)(int)a[5] : 0;
    if (!has_flags && (int64_t)a[3] < 0)
        return -EINVAL; /* only the "2" forms take -1, "the file position" */
    int64_t r = lx_safe_syscall(t, nr, (long)a[0], (long)iov, (long)n,
                                (long)a[3], 0, flags);
    return write ? lx_write_result_raw(t, r) : r;
}

int64_t sys_preadv(struct rt_thread *t, const uint64_t a[6])
{
    return vec_at(t, a, false, false);
}

int64_t sys_pwritev(struct rt_thread *t, const uint64_t a[6])
{
    return vec_at(t, a, true, false);
}

int64_t sys_preadv2(struct rt_thread *t, const uint64_t a[6])
{
    return vec_at(t, a, false, true);
}

int64_t sys_pwritev2(struct rt_thread *t, const uint64_t a[6])
{
    return vec_at(t, a, true, true);
}

/* A guest loff_t * argument: NULL stays NULL, else *host holds its value
 * and *p points at it. */
static int get_off(struct rt_thread *t, uint64_t addr, int64_t *host,
                   int64_t **p)
{
    *p = NULL;
    if (!addr)
        return 0;
    if (mmu_read(t->proc->mmu, addr, host, sizeof(*host)))
        return -EFAULT;
    *p = host;
    return 0;
}

/* Writes an offset back after a transfer that moved some bytes. */
static int64_t put_off(struct rt_thread *t, uint64_t addr, const int64_t *v,
                       int64_t r)
{
    if (r < 0 || !addr)
        return r;
    return mmu_write(t->proc->mmu, addr, v, sizeof(*v)) ? -EFAULT : r;
}

/* sendfile(out_fd, in_fd, loff_t *offset, count) */
int64_t sys_sendfile(struct rt_thread *t, const uint64_t a[6])
{
    int64_t off, *p;
    int err = get_off(t, a[2], &off, &p);
    if (err)
        return err;
    int64_t r = lx_safe_syscall(t, SYS_sendfile, (long)(int)a[0],
                                (long)(int)a[1], (long)p, (long)a[3], 0, 0);
    return put_off(t, a[2], &off, lx_write_result_raw(t, r));
}

/* copy_file_range(fd_in, off_in *, fd_out, off_out *, len, flags) */
int64_t sys_copy_file_range(struct rt_thread *t, const uint64_t a[6])
{
    int64_t in, out, *pin, *pout;
    int err = get_off(t, a[1], &in, &pin);
    if (!err)
        err = get_off(t, a[3], &out, &pout);
    if (err)
        return err;
    int64_t r = lx_safe_syscall(t, SYS_copy_file_range, (long)(int)a[0],
                                (long)pin, (long)(int)a[2], (long)pout,
                                (long)a[4], (long)(unsigned)a[5]);
    r = put_off(t, a[1], &in, r);
    return put_off(t, a[3], &out, r);
}

/* splice(fd_in, off_in *, fd_out, off_out *, len, flags) */
int64_t sys_splice(struct rt_thread *t, const uint64_t a[6])
{
    int64_t in, out, *pin, *pout;
    int err = get_off(t, a[1], &in, &pin);
    if (!err)
        err = get_off(t, a[3], &out, &pout);
    if (err)
        return err;
    int64_t r = lx_safe_syscall(t, SYS_splice, (long)(int)a[0], (long)pin,
                                (long)(int)a[2], (long)pout, (long)a[4],
                                (long)(unsigned)a[5]);
    r = put_off(t, a[1], &in, lx_write_result_raw(t, r));
    return put_off(t, a[3], &out, r);
}

int64_t sys_tee(struct rt_thread *t, const uint64_t a[6])
{
    return lx_safe_syscall(t, SYS_tee, (long)(int)a[0], (long)(int)a[1],
                           (long)a[2], (long)(unsigned)a[3], 0, 0);
}

/*
 * vmsplice(fd, iov, nr_segs, flags): into a pipe's write end the guest's
 * buffers are read; from its read end they are filled.
 */
int64_t sys_vmsplice(struct rt_thread *t, const uint64_t a[6])
{
    int fl = fcntl((int)a[0], F_GETFL);
    if (fl < 0)
        return -EBADF;
    bool fill = (fl & O_ACCMODE) == O_RDONLY;
    struct iovec iov[LX_UIO_MAXIOV];
    int64_t n = lx_import_iovec(t, a[1], a[2], fill ? MMU_WRITE : MMU_READ,
                                iov);
    if (n < 0)
        return n;
    int64_t r = lx_safe_syscall(t, SYS_vmsplice, (long)a[0], (long)iov,
                                (long)n, (long)(unsigned)a[3], 0, 0);
    return fill ? r : lx_write_result_raw(t, r);
}
