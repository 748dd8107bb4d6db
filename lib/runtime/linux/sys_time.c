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

/* Sleeps as clock_nanosleep. An interrupted sleep that brings the guest
 * no signal goes on to the same end (Linux's restart_block); one that
 * does returns -EINTR with the time left in rem_addr (relative sleeps). */
static int64_t sleep_on(struct rt_thread *t, int clock, int flags,
                        uint64_t req_addr, uint64_t rem_addr)
{
    struct timespec req, end, now;
    int err = get_timespec(t, req_addr, &req);
    if (err)
        return err;
    end = req;
    if (!(flags & TIMER_ABSTIME)) {
        long r = syscall(SYS_clock_gettime, clock, &now);
        if (r < 0)
            return -errno;
        end.tv_sec += now.tv_sec;
        end.tv_nsec += now.tv_nsec;
        if (end.tv_nsec >= 1000000000) {
            end.tv_sec++;
            end.tv_nsec -= 1000000000;
        }
    }
    for (;;) {
        long r = lx_safe_syscall(t, SYS_clock_nanosleep, clock, TIMER_ABSTIME,
                                 (long)&end, 0, 0, 0);
        if (r != -EINTR)
            return r;
        if (lx_interrupted(t))
            break;
    }
    if (rem_addr && !(flags & TIMER_ABSTIME)) {
        syscall(SYS_clock_gettime, clock, &now);
        int64_t ns = (end.tv_sec - now.tv_sec) * 1000000000ll +
                     (end.tv_nsec - now.tv_nsec);
        if (ns < 0)
            ns = 0;
        struct timespec rem = {ns / 1000000000ll, ns % 1000000000ll};
        if (put_timespec(t, rem_addr, &rem))
            return -EFAULT;
    }
    return -EINTR;
}

int64_t sys_nanosleep(struct rt_thread *t, const uint64_t a[6])
{
    return sleep_on(t, CLOCK_MONOTONIC, 0, a[0], a[1]);
}

int64_t sys_clock_nanosleep(struct rt_thread *t, const uint64_t a[6])
{
    return sleep_on(t, (int)a[0], (int)a[1], a[2], a[3]);
}

/* Interval timers are the host's: ITIMER_REAL's SIGALRM (and the CPU
 * timers' SIGVTALRM, SIGPROF) reach the guest like any host signal.
 * struct itimerval is two 64-bit timevals on both. */
int64_t sys_setitimer(struct rt_thread *t, const uint64_t a[6])
{
    struct lx_itimerval in, old;
    if (a[1] && mmu_read(t->proc->mmu, a[1], &in, sizeof(in)))
        return -EFAULT;
    long r = syscall(SYS_setitimer, (int)a[0], a[1] ? &in : NULL, &old);
    if (r < 0)
        return -errno;
    if (a[2] && mmu_write(t->proc->mmu, a[2], &old, sizeof(old)))
        return -EFAULT;
    return 0;
}

int64_t sys_getitimer(struct rt_thread *t, const uint64_t a[6])
{
    struct lx_itimerval cur;
    if (syscall(SYS_getitimer, (int)a[0], &cur) < 0)
        return -errno;
    return mmu_write(t->proc->mmu, a[1], &cur, sizeof(cur));
}
