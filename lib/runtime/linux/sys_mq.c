/*
 * sys_mq.c — POSIX message queues: mq_open, mq_unlink, mq_timedsend,
 * mq_timedreceive, mq_notify, mq_getsetattr. Queue descriptors are host
 * descriptors; struct mq_attr, the message bytes and the absolute
 * CLOCK_REALTIME timeouts are the same on both guests and the host.
 *
 * mq_notify's SIGEV_SIGNAL has the host raise the guest's signal number
 * at vm-run, which passes it on to the guest like any host signal
 * (SI_MESGQ, si_value). SIGEV_THREAD is glibc's netlink form: the kernel
 * reads a 32-byte cookie from the address in sigev_value, which is
 * turned into the host address of the guest's buffer.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <mqueue.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "linux_internal.h"

_Static_assert(sizeof(struct mq_attr) == 64, "host mq_attr");

#define LX_NAME_MAX 255
#define LX_NOTIFY_COOKIE_LEN 32

/* The queue's name: 0, -EFAULT or -ENAMETOOLONG. */
static int get_name(struct rt_thread *t, uint64_t addr, char name[PATH_MAX])
{
    int err = lx_get_path(t, addr, name);
    if (err)
        return err;
    return strlen(name) > LX_NAME_MAX ? -ENAMETOOLONG : 0;
}

/* mq_open(name, oflag, mode, attr) */
int64_t sys_mq_open(struct rt_thread *t, const uint64_t a[6])
{
    char name[PATH_MAX];
    int err = get_name(t, a[0], name);
    if (err)
        return err;
    struct mq_attr attr;
    bool has_attr = a[3] && ((int)a[1] & O_CREAT);
    if (has_attr && mmu_read(t->proc->mmu, a[3], &attr, sizeof(attr)))
        return -EFAULT;
    return lx_result(syscall(SYS_mq_open, name, (int)a[1], (unsigned)a[2],
                             has_attr ? &attr : NULL));
}

int64_t sys_mq_unlink(struct rt_thread *t, const uint64_t a[6])
{
    char name[PATH_MAX];
    int err = get_name(t, a[0], name);
    return err ? err : lx_result(syscall(SYS_mq_unlink, name));
}

/* An optional absolute timeout: NULL stays NULL. */
static int get_timeout(struct rt_thread *t, uint64_t addr, struct timespec *ts,
                       struct timespec **p)
{
    *p = NULL;
    if (!addr)
        return 0;
    struct lx_timespec g;
    if (mmu_read(t->proc->mmu, addr, &g, sizeof(g)))
        return -EFAULT;
    ts->tv_sec = g.tv_sec;
    ts->tv_nsec = g.tv_nsec; /* the host checks the range */
    *p = ts;
    return 0;
}

/* mq_timedsend(mqdes, msg, len, prio, abs_timeout) */
int64_t sys_mq_timedsend(struct rt_thread *t, const uint64_t a[6])
{
    void *msg = lx_guest_ptr(t, a[1], a[2], MMU_READ);
    if (!msg)
        return -EFAULT;
    struct timespec ts, *tp;
    int err = get_timeout(t, a[4], &ts, &tp);
    if (err)
        return err;
    return lx_safe_syscall(t, SYS_mq_timedsend, (int)a[0], (long)msg,
                           (long)a[2], (long)(unsigned)a[3], (long)tp, 0);
}

/* mq_timedreceive(mqdes, msg, len, prio *, abs_timeout) */
int64_t sys_mq_timedreceive(struct rt_thread *t, const uint64_t a[6])
{
    void *msg = lx_guest_ptr(t, a[1], a[2], MMU_WRITE);
    if (!msg)
        return -EFAULT;
    struct timespec ts, *tp;
    int err = get_timeout(t, a[4], &ts, &tp);
    if (err)
        return err;
    unsigned prio = 0;
    int64_t r = lx_safe_syscall(t, SYS_mq_timedreceive, (int)a[0], (long)msg,
                                (long)a[2], (long)&prio, (long)tp, 0);
    if (r >= 0 && a[3] &&
        mmu_write(t->proc->mmu, a[3], &prio, sizeof(prio)))
        return -EFAULT;
    return r;
}

/* The guest's struct sigevent (64 bytes; the host's has the same shape). */
_Static_assert(sizeof(struct sigevent) == 64, "host sigevent");

/* mq_notify(mqdes, sevp) */
int64_t sys_mq_notify(struct rt_thread *t, const uint64_t a[6])
{
    struct sigevent ev;
    if (a[1]) {
        if (mmu_read(t->proc->mmu, a[1], &ev, sizeof(ev)))
            return -EFAULT;
        if (ev.sigev_notify == SIGEV_THREAD) {
            uint64_t cookie = (uint64_t)(uintptr_t)ev.sigev_value.sival_ptr;
            void *h = lx_guest_ptr(t, cookie, LX_NOTIFY_COOKIE_LEN, MMU_READ);
            if (!h)
                return -EFAULT;
            ev.sigev_value.sival_ptr = h;
        }
    }
    return lx_result(syscall(SYS_mq_notify, (int)a[0], a[1] ? &ev : NULL));
}

/* mq_getsetattr(mqdes, new, old) */
int64_t sys_mq_getsetattr(struct rt_thread *t, const uint64_t a[6])
{
    struct mq_attr in, out;
    if (a[1] && mmu_read(t->proc->mmu, a[1], &in, sizeof(in)))
        return -EFAULT;
    int64_t r = lx_result(syscall(SYS_mq_getsetattr, (int)a[0],
                                  a[1] ? &in : NULL, a[2] ? &out : NULL));
    if (r >= 0 && a[2] && mmu_write(t->proc->mmu, a[2], &out, sizeof(out)))
        return -EFAULT;
    return r;
}
