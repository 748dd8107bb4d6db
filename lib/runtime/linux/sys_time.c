/*
 * sys_time.c — clocks and sleeping: clock_gettime, clock_getres,
 * gettimeofday, nanosleep, clock_nanosleep. Clock ids and the 64-bit
 * timespec/timeval are the same on riscv64 and the host; the structures
 * still pass through the riscv64 definitions.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "linux_internal.h"

static int64_t put_timespec(struct rt_thread *t, uint64_t addr,
                            const struct timespec *ts)
{
    struct lx_timespec out;
    lx_timespec_from_host(&out, ts);
    return mmu_write(t->proc->mmu, addr, &out, sizeof(out));
}

static int get_timespec(struct rt_thread *t, uint64_t addr, struct timespec *ts)
{
    struct lx_timespec in;
    if (mmu_read(t->proc->mmu, addr, &in, sizeof(in)))
        return -EFAULT;
    if (in.tv_sec < 0)
        return -EINVAL;
    return lx_timespec_to_host(ts, &in);
}

int64_t sys_clock_gettime(struct rt_thread *t, const uint64_t a[6])
{
    struct timespec ts;
    int64_t r = lx_result(syscall(SYS_clock_gettime, (int)a[0], &ts));
    return r < 0 ? r : put_timespec(t, a[1], &ts);
}

int64_t sys_clock_getres(struct rt_thread *t, const uint64_t a[6])
{
    struct timespec ts;
    int64_t r = lx_result(syscall(SYS_clock_getres, (int)a[0], &ts));
    return r < 0 || !a[1] ? r : put_timespec(t, a[1], &ts);
}

int64_t sys_gettimeofday(struct rt_thread *t, const uint64_t a[6])
{
    struct timeval tv;
    struct timezone tz;
    if (syscall(SYS_gettimeofday, &tv, &tz) < 0)
        return -errno;
    if (a[0]) {
        struct lx_timeval out = {tv.tv_sec, tv.tv_usec};
        if (mmu_write(t->proc->mmu, a[0], &out, sizeof(out)))
            return -EFAULT;
    }
    if (a[1]) {
        struct lx_timezone out = {tz.tz_minuteswest, tz.tz_dsttime};
        if (mmu_write(t->proc->mmu, a[1], &out, sizeof(out)))
            return -EFAULT;
    }
    return 0;
}

/* Sleeps as clock_nanosleep; the remaining time goes to rem_addr when a
 * relative sleep is interrupted. */
static int64_t sleep_on(struct rt_thread *t, int clock, int flags,
                        uint64_t req_addr, uint64_t rem_addr)
{
    struct timespec req, rem = {0, 0};
    int err = get_timespec(t, req_addr, &req);
    if (err)
        return err;
    int64_t r = lx_result(syscall(SYS_clock_nanosleep, clock, flags, &req,
                                  &rem));
    if (r == -EINTR && rem_addr && !(flags & TIMER_ABSTIME) &&
        put_timespec(t, rem_addr, &rem))
        return -EFAULT;
    return r;
}

int64_t sys_nanosleep(struct rt_thread *t, const uint64_t a[6])
{
    return sleep_on(t, CLOCK_MONOTONIC, 0, a[0], a[1]);
}

int64_t sys_clock_nanosleep(struct rt_thread *t, const uint64_t a[6])
{
    return sleep_on(t, (int)a[0], (int)a[1], a[2], a[3]);
}
