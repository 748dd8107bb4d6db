/*
 * sys_epoll.c — descriptors that are event sources or sinks: epoll
 * (epoll_create1, epoll_ctl, epoll_pwait, epoll_pwait2), eventfd2 and
 * timerfd (create, settime, gettime).
 *
 * riscv64's struct epoll_event is the natural-aligned one, 16 bytes
 * ({u32 events; u64 data} with 4 bytes of padding), while x86-64 packs it
 * into 12 (the guest's size is in guest_abi.h): events are converted both
 * ways. In both, events come first and data fills the last 8 bytes. eventfd counters, itimerspec
 * and the EFD_/TFD_ flags (O_CLOEXEC, O_NONBLOCK) are the same on both.
 * epoll_pwait's signal mask is checked and otherwise ignored, for the
 * reason given in sys_poll.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "linux_internal.h"

_Static_assert(sizeof(struct epoll_event) == 12,
               "host epoll_event is expected packed (x86-64)");

static uint64_t event_size(const struct rt_thread *t)
{
    return t->proc->guest->linux_abi->epoll_event_size;
}

static int get_event(struct rt_thread *t, uint64_t addr,
                     struct epoll_event *host)
{
    uint8_t ev[16];
    uint64_t size = event_size(t);
    if (mmu_read(t->proc->mmu, addr, ev, size))
        return -EFAULT;
    memcpy(&host->events, ev, 4);
    memcpy(&host->data.u64, ev + size - 8, 8);
    return 0;
}

static int put_event(struct rt_thread *t, uint64_t addr,
                     const struct epoll_event *host)
{
    uint8_t ev[16] = {0};
    uint64_t size = event_size(t), data = host->data.u64;
    memcpy(ev, &host->events, 4);
    memcpy(ev + size - 8, &data, 8);
    return mmu_write(t->proc->mmu, addr, ev, size) ? -EFAULT : 0;
}

/* Events returned per host call; level-triggered ones show again on the
 * next wait and edge-triggered ones stay queued, so a cap loses nothing. */
#define EPOLL_BATCH 256
#define LX_EPOLL_CTL_DEL 2

int64_t sys_epoll_create1(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(epoll_create1((int)a[0]));
}

int64_t sys_epoll_ctl(struct rt_thread *t, const uint64_t a[6])
{
    struct epoll_event host = {0};
    /* DEL ignores the event, which may then be NULL. */
    if ((int)a[1] != LX_EPOLL_CTL_DEL && get_event(t, a[3], &host))
        return -EFAULT;
    return lx_result(epoll_ctl((int)a[0], (int)a[1], (int)a[2], &host));
}

/* Waits with timeout (NULL = forever) and converts what arrived. */
static int64_t epoll_wait_common(struct rt_thread *t, int epfd, uint64_t out,
                                 int maxevents, const struct timespec *timeout,
                                 uint64_t sigmask)
{
    if (maxevents <= 0 ||
        (uint64_t)maxevents > INT_MAX / event_size(t))
        return -EINVAL;
    /* As Linux, only an address outside user space fails at once; an
     * unmapped buffer fails when events are written to it. */
    uint64_t bytes = (uint64_t)maxevents * event_size(t);
    if (out + bytes < out || out + bytes > mmu_limit(t->proc->mmu))
        return -EFAULT;
    struct epoll_event host[EPOLL_BATCH];
    int n = maxevents < EPOLL_BATCH ? maxevents : EPOLL_BATCH;
    int64_t r = lx_wait_with_mask(t, sigmask, SYS_epoll_pwait2, epfd,
                                  (long)host, n, (long)timeout, 0);
    for (int64_t i = 0; i < r; i++)
        if (put_event(t, out + (uint64_t)i * event_size(t), &host[i]))
            return -EFAULT;
    return r;
}

/* epoll_pwait(epfd, events, maxevents, timeout_ms, sigmask, sigsetsize) */
int64_t sys_epoll_pwait(struct rt_thread *t, const uint64_t a[6])
{
    int err = lx_check_sigmask(t, a[4], a[5]);
    if (err)
        return err;
    int ms = (int)a[3];
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};
    return epoll_wait_common(t, (int)a[0], a[1], (int)a[2],
                             ms < 0 ? NULL : &ts, a[4]);
}

/* epoll_pwait2: the timeout is a timespec pointer, NULL = forever. */
int64_t sys_epoll_pwait2(struct rt_thread *t, const uint64_t a[6])
{
    int err = lx_check_sigmask(t, a[4], a[5]);
    struct timespec ts;
    if (!err && a[3]) {
        struct lx_timespec in;
        err = mmu_read(t->proc->mmu, a[3], &in, sizeof(in));
        if (!err)
            err = in.tv_sec < 0 ? -EINVAL : lx_timespec_to_host(&ts, &in);
    }
    if (err)
        return err;
    return epoll_wait_common(t, (int)a[0], a[1], (int)a[2], a[3] ? &ts : NULL,
                             a[4]);
}

int64_t sys_eventfd2(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(syscall(SYS_eventfd2, (unsigned)a[0], (int)a[1]));
}

int64_t sys_timerfd_create(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(syscall(SYS_timerfd_create, (int)a[0], (int)a[1]));
}

struct lx_itimerspec {
    struct lx_timespec interval, value;
};

static int put_itimerspec(struct rt_thread *t, uint64_t addr,
                          const struct itimerspec *in)
{
    struct lx_itimerspec out;
    lx_timespec_from_host(&out.interval, &in->it_interval);
    lx_timespec_from_host(&out.value, &in->it_value);
    return mmu_write(t->proc->mmu, addr, &out, sizeof(out));
}

/* timerfd_settime(fd, flags, new, old) */
int64_t sys_timerfd_settime(struct rt_thread *t, const uint64_t a[6])
{
    struct lx_itimerspec in;
    struct itimerspec host, old;
    if (mmu_read(t->proc->mmu, a[2], &in, sizeof(in)))
        return -EFAULT;
    int err = lx_timespec_to_host(&host.it_interval, &in.interval);
    if (!err)
        err = lx_timespec_to_host(&host.it_value, &in.value);
    if (err)
        return err;
    int64_t r = lx_result(syscall(SYS_timerfd_settime, (int)a[0], (int)a[1],
                                  &host, &old));
    if (r == 0 && a[3] && put_itimerspec(t, a[3], &old))
        return -EFAULT;
    return r;
}

int64_t sys_timerfd_gettime(struct rt_thread *t, const uint64_t a[6])
{
    struct itimerspec cur;
    int64_t r = lx_result(syscall(SYS_timerfd_gettime, (int)a[0], &cur));
    return r < 0 ? r : put_itimerspec(t, a[1], &cur);
}
