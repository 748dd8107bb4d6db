/*
 * sys_socket.c — sockets: socket, socketpair, bind, connect, listen,
 * accept, accept4, getsockname, getpeername, sendto, recvfrom,
 * setsockopt, getsockopt, shutdown (sendmsg and recvmsg: sys_sockmsg.c).
 *
 * riscv64 and x86-64 share the asm-generic socket ABI: SOCK_* types and
 * flags, SOL_SOCKET option numbers, and every sockaddr and option value
 * layout (64-bit timeval, struct linger, struct ucred), so addresses and
 * option values are copied between guest and host unchanged; only their
 * pointers and lengths are checked, as Linux checks them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux_internal.h"

_Static_assert(SOCK_STREAM == 1 && SOCK_DGRAM == 2 && SOL_SOCKET == 1 &&
                   SO_RCVTIMEO == 20 && SOCK_NONBLOCK == 04000 &&
                   SOCK_CLOEXEC == 02000000,
               "host socket ABI differs from riscv64's");

int lx_get_sockaddr(struct rt_thread *t, uint64_t addr, uint64_t len,
                    struct sockaddr_storage *out)
{
    if (len > sizeof(*out))
        return -EINVAL;
    if (len && mmu_read(t->proc->mmu, addr, out, len))
        return -EFAULT;
    return 0;
}

int lx_put_sockaddr(struct rt_thread *t, uint64_t addr, uint64_t len_addr,
                    const struct sockaddr_storage *in, uint32_t got)
{
    if (!addr)
        return 0;
    int32_t room;
    if (mmu_read(t->proc->mmu, len_addr, &room, sizeof(room)))
        return -EFAULT;
    if (room < 0)
        return -EINVAL;
    uint32_t n = (uint32_t)room < got ? (uint32_t)room : got;
    if (n && mmu_write(t->proc->mmu, addr, in, n))
        return -EFAULT;
    /* The full size, so the caller can tell the address was cut. */
    return mmu_write(t->proc->mmu, len_addr, &got, sizeof(got));
}

/* Linux looks the socket up before it copies anything: a bad descriptor
 * (EBADF) or a non-socket (ENOTSOCK) wins over a bad argument err. */
static int64_t socket_error_first(int fd, int64_t err)
{
    int type;
    socklen_t len = sizeof(type);
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len) < 0)
        return -errno;
    return err;
}

int64_t sys_socket(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(socket((int)a[0], (int)a[1], (int)a[2]));
}

int64_t sys_socketpair(struct rt_thread *t, const uint64_t a[6])
{
    int sv[2];
    if (socketpair((int)a[0], (int)a[1], (int)a[2], sv) < 0)
        return -errno;
    if (mmu_write(t->proc->mmu, a[3], sv, sizeof(sv))) {
        close(sv[0]);
        close(sv[1]);
        return -EFAULT;
    }
    return 0;
}

/* bind and connect: (fd, addr, addrlen). */
static int64_t with_address(struct rt_thread *t, const uint64_t a[6],
                            long host_nr)
{
    struct sockaddr_storage sa;
    int err = lx_get_sockaddr(t, a[1], (uint32_t)a[2], &sa);
    return err ? socket_error_first((int)a[0], err)
               : lx_safe_syscall(t, host_nr, (long)a[0], (long)&sa,
                                 (long)(socklen_t)a[2], 0, 0, 0);
}

int64_t sys_bind(struct rt_thread *t, const uint64_t a[6])
{
    return with_address(t, a, SYS_bind);
}

int64_t sys_connect(struct rt_thread *t, const uint64_t a[6])
{
    return with_address(t, a, SYS_connect);
}

int64_t sys_listen(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(listen((int)a[0], (int)a[1]));
}

/*
 * Calls that return an address: (fd, addr, addrlen*, ...). As on Linux the
 * call is made first and the address copied out after, so accept with a
 * bad addrlen waits for a connection (or is EAGAIN), and then fails with
 * EFAULT; the connection is lost, as there.
 */
static int64_t returning_address(struct rt_thread *t, const uint64_t a[6],
                                 long host_nr, int64_t extra)
{
    int err;
    struct sockaddr_storage sa;
    socklen_t len = sizeof(sa);
    int64_t r = lx_safe_syscall(t, host_nr, (long)a[0],
                                (long)(a[1] ? &sa : NULL),
                                (long)(a[1] ? &len : NULL), (long)extra, 0, 0);
    if (r < 0)
        return r;
    err = lx_put_sockaddr(t, a[1], a[2], &sa, len);
    if (err && host_nr == SYS_accept4)
        close((int)r); /* the guest cannot learn of it */
    return err ? err : r;
}

int64_t sys_accept4(struct rt_thread *t, const uint64_t a[6])
{
    return returning_address(t, a, SYS_accept4, (int)a[3]);
}

int64_t sys_accept(struct rt_thread *t, const uint64_t a[6])
{
    return returning_address(t, a, SYS_accept4, 0);
}

int64_t sys_getsockname(struct rt_thread *t, const uint64_t a[6])
{
    return returning_address(t, a, SYS_getsockname, 0);
}

int64_t sys_getpeername(struct rt_thread *t, const uint64_t a[6])
{
    return returning_address(t, a, SYS_getpeername, 0);
}

int64_t sys_shutdown(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(shutdown((int)a[0], (int)a[1]));
}

/* sendto(fd, buf, len, flags, addr, addrlen) */
int64_t sys_sendto(struct rt_thread *t, const uint64_t a[6])
{
    void *buf = lx_guest_ptr(t, a[1], a[2], MMU_READ);
    struct sockaddr_storage sa;
    int err = buf ? 0 : -EFAULT;
    if (!err && a[4])
        err = lx_get_sockaddr(t, a[4], (uint32_t)a[5], &sa);
    if (err)
        return socket_error_first((int)a[0], err);
    return lx_write_result_raw(
        t, lx_safe_syscall(t, SYS_sendto, (long)a[0], (long)buf, (long)a[2],
                           (long)(int)a[3], (long)(a[4] ? &sa : NULL),
                           (long)(a[4] ? (socklen_t)a[5] : 0)));
}

/* Bytes of [addr, addr+len) mapped writable from its start. */
static uint64_t writable_prefix(struct rt_thread *t, uint64_t addr,
                                uint64_t len)
{
    uint64_t done = 0;
    while (done < len) {
        uint64_t page_end = ((addr + done) | MMU_PAGE_MASK) + 1;
        uint64_t n = page_end - (addr + done);
        if (n > len - done)
            n = len - done;
        if (!mmu_check(t->proc->mmu, addr + done, n, MMU_WRITE))
            break;
        done += n;
    }
    return done;
}

/*
 * recvfrom into a buffer not wholly mapped: Linux waits for data first
 * (EAGAIN when non-blocking and there is none), copies what fits into the
 * mapped start, and fails with EFAULT only when the data reaches the
 * unmapped part. A stream then keeps the data; a datagram is consumed
 * (unless MSG_PEEK), as Linux drops it. Returns the result, or 1 when the
 * first room bytes will take the data and the call can go ahead.
 */
static int64_t recv_into_bad_buffer(struct rt_thread *t, const uint64_t a[6],
                                    uint64_t room)
{
    int fd = (int)a[0], flags = (int)a[3], type;
    socklen_t tl = sizeof(type);
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &tl) < 0)
        return -errno;
    bool stream = type == SOCK_STREAM;
    if (stream && room)
        return 1; /* a stream fills what fits and stops at the fault */
    char probe;
    int64_t n = lx_safe_syscall(t, SYS_recvfrom, fd, (long)&probe, 1,
                                flags | MSG_PEEK | (stream ? 0 : MSG_TRUNC),
                                0, 0);
    if (n <= 0)
        return n; /* an error, the end of a stream, or an empty datagram */
    if (!stream && (uint64_t)n <= room)
        return 1;
    if (!stream && !(flags & MSG_PEEK))
        syscall(SYS_recvfrom, fd, &probe, 1, MSG_DONTWAIT, NULL, NULL);
    return -EFAULT;
}

/* recvfrom(fd, buf, len, flags, addr, addrlen*): the address is copied
 * out after the call, as Linux does (a bad addrlen loses the data). */
int64_t sys_recvfrom(struct rt_thread *t, const uint64_t a[6])
{
    uint64_t len = a[2];
    void *buf = lx_guest_ptr(t, a[1], len, MMU_WRITE);
    if (!buf) {
        len = writable_prefix(t, a[1], len);
        int64_t r = recv_into_bad_buffer(t, a, len);
        if (r != 1)
            return r;
        buf = lx_guest_ptr(t, a[1], len, MMU_WRITE);
    }
    struct sockaddr_storage sa;
    socklen_t sl = sizeof(sa);
    int64_t r = lx_safe_syscall(t, SYS_recvfrom, (long)a[0], (long)buf,
                                (long)len, (long)(int)a[3],
                                (long)(a[4] ? &sa : NULL),
                                (long)(a[4] ? &sl : NULL));
    if (r < 0)
        return r;
    int err = lx_put_sockaddr(t, a[4], a[5], &sa, sl);
    return err ? err : r;
}

/* setsockopt(fd, level, name, value, len) */
int64_t sys_setsockopt(struct rt_thread *t, const uint64_t a[6])
{
    if ((int32_t)a[4] < 0)
        return socket_error_first((int)a[0], -EINVAL);
    void *val = lx_guest_ptr(t, a[3], (uint32_t)a[4], MMU_READ);
    if (!val)
        return socket_error_first((int)a[0], -EFAULT);
    return lx_result(setsockopt((int)a[0], (int)a[1], (int)a[2], val,
                                (socklen_t)a[4]));
}

/* getsockopt(fd, level, name, value, len*) */
int64_t sys_getsockopt(struct rt_thread *t, const uint64_t a[6])
{
    int32_t len;
    if (mmu_read(t->proc->mmu, a[4], &len, sizeof(len)))
        return socket_error_first((int)a[0], -EFAULT);
    if (len < 0)
        return socket_error_first((int)a[0], -EINVAL);
    void *val = lx_guest_ptr(t, a[3], (uint32_t)len, MMU_WRITE);
    if (!val)
        return socket_error_first((int)a[0], -EFAULT);
    socklen_t got = (socklen_t)len;
    int64_t r = lx_result(
        getsockopt((int)a[0], (int)a[1], (int)a[2], val, &got));
    if (r < 0)
        return r;
    return mmu_write(t->proc->mmu, a[4], &got, sizeof(got));
}
