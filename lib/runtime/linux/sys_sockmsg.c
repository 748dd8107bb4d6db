/*
 * sys_sockmsg.c — sendmsg and recvmsg: a guest msghdr holds three more
 * pointers (address, iovec array, control data), each checked and turned
 * into host memory before the call; any of them outside the guest's
 * mapped memory is EFAULT, as Linux answers.
 *
 * The control messages (cmsghdr: 64-bit length, int level and type,
 * 8-byte aligned data) have the same layout on riscv64 and x86-64, so they
 * are copied through unchanged: descriptors passed with SCM_RIGHTS are
 * host descriptors both ways. Sending one of vm-run's hidden descriptors
 * is EBADF, as sending a closed one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/syscall.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "linux_internal.h"

/* The riscv64 struct msghdr (the same shape as x86-64's). */
struct lx_msghdr {
    uint64_t name;
    uint32_t namelen;
    uint32_t pad0;
    uint64_t iov;
    uint64_t iovlen;
    uint64_t control;
    uint64_t controllen;
    uint32_t flags;
    uint32_t pad1;
};
_Static_assert(sizeof(struct lx_msghdr) == sizeof(struct msghdr) &&
                   sizeof(struct cmsghdr) == 16,
               "host msghdr differs from riscv64's");

/* Linux refuses control data beyond its optmem limit; ours is fixed. */
#define LX_MAX_CONTROL 65536

/* A guest msghdr and the host one built from it, with its buffers. */
struct msg {
    struct lx_msghdr g;
    struct msghdr h;
    struct sockaddr_storage name;
    struct iovec iov[LX_UIO_MAXIOV];
};

static int import_msg(struct rt_thread *t, uint64_t addr, int prot,
                      struct msg *m)
{
    if (mmu_read(t->proc->mmu, addr, &m->g, sizeof(m->g)))
        return -EFAULT;
    memset(&m->h, 0, sizeof(m->h));
    if (m->g.name) {
        if ((int32_t)m->g.namelen < 0)
            return -EINVAL;
        /* recvmsg only writes the address: its length is a limit there. */
        uint32_t len = m->g.namelen;
        if (prot == MMU_READ) {
            int err = lx_get_sockaddr(t, m->g.name, len, &m->name);
            if (err)
                return err;
        } else if (len > sizeof(m->name)) {
            len = sizeof(m->name);
        }
        m->h.msg_name = &m->name;
        m->h.msg_namelen = len;
    }
    if (m->g.iovlen > LX_UIO_MAXIOV)
        return -EMSGSIZE;
    int64_t n = lx_import_iovec(t, m->g.iov, m->g.iovlen, prot, m->iov);
    if (n < 0)
        return (int)n;
    m->h.msg_iov = m->iov;
    m->h.msg_iovlen = (size_t)n;
    if (m->g.controllen > LX_MAX_CONTROL)
        return -ENOBUFS;
    if (m->g.controllen) {
        m->h.msg_control = lx_guest_ptr(t, m->g.control, m->g.controllen,
                                        prot);
        if (!m->h.msg_control)
            return -EFAULT;
        m->h.msg_controllen = m->g.controllen;
    }
    return 0;
}

/* Whether the control data passes one of the hidden descriptors. A
 * malformed message ends the scan: the host refuses it anyway. */
static bool passes_hidden_fd(struct msghdr *h)
{
    const uint8_t *end = (const uint8_t *)h->msg_control + h->msg_controllen;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(h); c; c = CMSG_NXTHDR(h, c)) {
        size_t room = (size_t)(end - (const uint8_t *)c);
        if (c->cmsg_len < CMSG_LEN(0) || c->cmsg_len > room)
            return false;
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
            continue;
        size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (size_t i = 0; i < n; i++) {
            int fd;
            memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(fd));
            if (lx_fd_hidden(fd))
                return true;
        }
    }
    return false;
}

/* sendmsg(fd, msg, flags) */
int64_t sys_sendmsg(struct rt_thread *t, const uint64_t a[6])
{
    return lx_sendmsg_one(t, (int)a[0], a[1], (int)a[2]);
}

int64_t lx_sendmsg_one(struct rt_thread *t, int fd, uint64_t addr, int flags)
{
    struct msg *m = malloc(sizeof(*m));
    if (!m)
        return -ENOMEM;
    int64_t r = import_msg(t, addr, MMU_READ, m);
    if (r == 0 && lx_any_fd_hidden() && passes_hidden_fd(&m->h))
        r = -EBADF;
    if (r == 0)
        r = lx_write_result_raw(t, lx_safe_syscall(t, SYS_sendmsg, (long)fd,
                                                   (long)&m->h, (long)flags,
                                                   0, 0, 0));
    free(m);
    return r;
}

/* recvmsg(fd, msg, flags): the lengths and flags go back into the guest's
 * msghdr; received descriptors are already the guest's. */
int64_t sys_recvmsg(struct rt_thread *t, const uint64_t a[6])
{
    return lx_recvmsg_one(t, (int)a[0], a[1], (int)a[2]);
}

int64_t lx_recvmsg_one(struct rt_thread *t, int fd, uint64_t addr, int flags)
{
    struct msg *m = malloc(sizeof(*m));
    if (!m)
        return -ENOMEM;
    int64_t r = import_msg(t, addr, MMU_WRITE, m);
    if (r == 0)
        r = lx_safe_syscall(t, SYS_recvmsg, (long)fd, (long)&m->h,
                            (long)flags, 0, 0, 0);
    if (r >= 0) {
        uint32_t got = m->h.msg_namelen;
        uint32_t n = got < m->g.namelen ? got : m->g.namelen;
        int err = 0;
        if (m->g.name) {
            m->g.namelen = got; /* the full size, as for recvfrom */
            if (n)
                err = mmu_write(t->proc->mmu, m->g.name, &m->name, n);
        }
        m->g.controllen = m->h.msg_controllen;
        m->g.flags = (uint32_t)m->h.msg_flags;
        if (err || mmu_write(t->proc->mmu, addr, &m->g, sizeof(m->g)))
            r = -EFAULT;
    }
    free(m);
    return r;
}
