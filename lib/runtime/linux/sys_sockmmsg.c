/*
 * sys_sockmmsg.c — sendmmsg and recvmmsg: a vector of struct mmsghdr (a
 * msghdr and the byte count the call stores in msg_len), sent or received
 * one message after another as Linux's own loop does, each message
 * through sendmsg's and recvmsg's guest-memory rules. An error after the
 * first message ends the loop and the count so far is the result.
 *
 * recvmmsg's MSG_WAITFORONE makes every receive after the first
 * non-blocking; its timeout is checked after each message, as Linux
 * does, and what remains of it is written back.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/socket.h>
#include <time.h>

#include "linux_internal.h"

#define MMSG_SIZE 64u   /* struct mmsghdr: msghdr (56) + msg_len + pad */
#define MSG_LEN_OFF 56u
#define LX_MSG_WAITFORONE 0x10000
#define LX_UIO_MAXIOV_MMSG 1024u

static int put_len(struct rt_thread *t, uint64_t vec, uint64_t i, int64_t n)
{
    uint32_t len = (uint32_t)n;
    return mmu_write(t->proc->mmu, vec + i * MMSG_SIZE + MSG_LEN_OFF, &len,
                     sizeof(len));
}

/* sendmmsg(fd, msgvec, vlen, flags) */
int64_t sys_sendmmsg(struct rt_thread *t, const uint64_t a[6])
{
    uint64_t vlen = (unsigned)a[2];
    if (vlen > LX_UIO_MAXIOV_MMSG)
        vlen = LX_UIO_MAXIOV_MMSG;
    uint64_t i = 0;
    for (; i < vlen; i++) {
        int64_t r = lx_sendmsg_one(t, (int)a[0], a[1] + i * MMSG_SIZE,
                                   (int)a[3]);
        if (r >= 0 && put_len(t, a[1], i, r))
            r = -EFAULT;
        if (r < 0)
            return i ? (int64_t)i : r;
    }
    return (int64_t)i;
}

static int64_t ns_of(const struct timespec *ts)
{
    return ts->tv_sec * 1000000000ll + ts->tv_nsec;
}

/* recvmmsg(fd, msgvec, vlen, flags, timeout) */
int64_t sys_recvmmsg(struct rt_thread *t, const uint64_t a[6])
{
    uint64_t vlen = (unsigned)a[2];
    int flags = (int)a[3];
    struct timespec now, end = {0, 0};
    if (a[4]) {
        struct lx_timespec g;
        struct timespec rel;
        if (mmu_read(t->proc->mmu, a[4], &g, sizeof(g)))
            return -EFAULT;
        if (g.tv_sec < 0 || lx_timespec_to_host(&rel, &g))
            return -EINVAL;
        clock_gettime(CLOCK_MONOTONIC, &now);
        int64_t e = ns_of(&now) + ns_of(&rel);
        end.tv_sec = e / 1000000000ll;
        end.tv_nsec = e % 1000000000ll;
    }
    if (vlen > LX_UIO_MAXIOV_MMSG)
        vlen = LX_UIO_MAXIOV_MMSG;
    uint64_t i = 0;
    int64_t r = 0;
    for (; i < vlen; i++) {
        r = lx_recvmsg_one(t, (int)a[0], a[1] + i * MMSG_SIZE, flags);
        if (r >= 0 && put_len(t, a[1], i, r))
            r = -EFAULT;
        if (r < 0)
            break;
        if (flags & LX_MSG_WAITFORONE)
            flags |= MSG_DONTWAIT;
        if (a[4]) {
            clock_gettime(CLOCK_MONOTONIC, &now);
            if (ns_of(&now) >= ns_of(&end)) {
                i++;
                break;
            }
        }
    }
    if (a[4]) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        int64_t left = ns_of(&end) - ns_of(&now);
        if (left < 0)
            left = 0;
        struct timespec rem = {left / 1000000000ll, left % 1000000000ll};
        struct lx_timespec g;
        lx_timespec_from_host(&g, &rem);
        if (mmu_write(t->proc->mmu, a[4], &g, sizeof(g)))
            return -EFAULT;
    }
    return i ? (int64_t)i : r;
}
