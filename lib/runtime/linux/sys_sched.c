/*
 * sys_sched.c — scheduling: policies and parameters (sched_set/get-
 * scheduler, sched_set/getparam, sched_set/getattr, the priority range,
 * the round-robin quantum), CPU affinity (sched_setaffinity), niceness
 * (getpriority, setpriority) and where a thread runs (getcpu).
 *
 * Guest threads are host threads with the same ids, so a pid/tid the
 * guest names is the host's: every call is the host's on its behalf.
 * struct sched_param is one int, struct sched_attr starts with its own
 * size and is the same on every architecture.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "linux_internal.h"

/* getpriority answers 20 - nice (1..40), as the raw Linux call. */
int64_t sys_getpriority(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(syscall(SYS_getpriority, (int)a[0], (int)a[1]));
}

int64_t sys_setpriority(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(
        syscall(SYS_setpriority, (int)a[0], (int)a[1], (int)a[2]));
}

/* sched_setscheduler(pid, policy, param) */
int64_t sys_sched_setscheduler(struct rt_thread *t, const uint64_t a[6])
{
    int32_t prio;
    if (!a[2] || (int)a[0] < 0)
        return -EINVAL;
    if (mmu_read(t->proc->mmu, a[2], &prio, sizeof(prio)))
        return -EFAULT;
    return lx_result(
        syscall(SYS_sched_setscheduler, (int)a[0], (int)a[1], &prio));
}

int64_t sys_sched_getscheduler(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(syscall(SYS_sched_getscheduler, (int)a[0]));
}

int64_t sys_sched_setparam(struct rt_thread *t, const uint64_t a[6])
{
    int32_t prio;
    if (!a[1] || (int)a[0] < 0)
        return -EINVAL;
    if (mmu_read(t->proc->mmu, a[1], &prio, sizeof(prio)))
        return -EFAULT;
    return lx_result(syscall(SYS_sched_setparam, (int)a[0], &prio));
}

int64_t sys_sched_getparam(struct rt_thread *t, const uint64_t a[6])
{
    int32_t prio;
    if (!a[1] || (int)a[0] < 0)
        return -EINVAL;
    int64_t r = lx_result(syscall(SYS_sched_getparam, (int)a[0], &prio));
    if (r < 0)
        return r;
    return mmu_write(t->proc->mmu, a[1], &prio, sizeof(prio));
}

int64_t sys_sched_get_priority_max(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(syscall(SYS_sched_get_priority_max, (int)a[0]));
}

int64_t sys_sched_get_priority_min(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(syscall(SYS_sched_get_priority_min, (int)a[0]));
}

int64_t sys_sched_rr_get_interval(struct rt_thread *t, const uint64_t a[6])
{
    struct timespec ts;
    int64_t r = lx_result(syscall(SYS_sched_rr_get_interval, (int)a[0], &ts));
    if (r < 0)
        return r;
    struct lx_timespec out;
    lx_timespec_from_host(&out, &ts);
    return mmu_write(t->proc->mmu, a[1], &out, sizeof(out));
}

/* The largest struct sched_attr we pass on; Linux takes bigger ones whose
 * tail is zero (E2BIG otherwise), and so does the host for ours. */
#define ATTR_MAX 128

/* sched_setattr(pid, attr, flags) */
int64_t sys_sched_setattr(struct rt_thread *t, const uint64_t a[6])
{
    uint8_t attr[ATTR_MAX] = {0};
    uint32_t size;
    if (!a[1] || (int)a[0] < 0)
        return -EINVAL;
    if (mmu_read(t->proc->mmu, a[1], &size, sizeof(size)))
        return -EFAULT;
    uint32_t take = size == 0 ? 48 : size; /* 0: the first version */
    if (take > ATTR_MAX) {
        uint8_t byte;
        for (uint32_t i = ATTR_MAX; i < take; i++) {
            if (mmu_read(t->proc->mmu, a[1] + i, &byte, 1))
                return -EFAULT;
            if (byte)
                return -E2BIG;
        }
        take = ATTR_MAX;
    }
    if (mmu_read(t->proc->mmu, a[1], attr, take))
        return -EFAULT;
    if (size > ATTR_MAX)
        size = ATTR_MAX;
    memcpy(attr, &size, sizeof(size));
    return lx_result(syscall(SYS_sched_setattr, (int)a[0], attr,
                             (unsigned)a[2]));
}

/* sched_getattr(pid, attr, size, flags): the kernel writes at most size
 * bytes and sets attr->size to what it wrote. */
int64_t sys_sched_getattr(struct rt_thread *t, const uint64_t a[6])
{
    uint8_t attr[ATTR_MAX] = {0};
    uint32_t size = (uint32_t)a[2];
    if (!a[1] || (int)a[0] < 0)
        return -EINVAL;
    if (size > ATTR_MAX)
        size = ATTR_MAX;
    int64_t r = lx_result(syscall(SYS_sched_getattr, (int)a[0], attr, size,
                                  (unsigned)a[3]));
    if (r < 0)
        return r;
    uint32_t got;
    memcpy(&got, attr, sizeof(got));
    return mmu_write(t->proc->mmu, a[1], attr, got < size ? got : size);
}

/* sched_setaffinity(pid, len, mask) */
int64_t sys_sched_setaffinity(struct rt_thread *t, const uint64_t a[6])
{
    uint64_t len = a[1];
    if (len > 8192)
        len = 8192; /* more than any kernel's CPUs; the rest is ignored */
    void *mask = lx_guest_ptr(t, a[2], len, MMU_READ);
    if (!mask)
        return -EFAULT;
    return lx_result(syscall(SYS_sched_setaffinity, (int)a[0], (size_t)len,
                             mask));
}

/* getcpu(cpu, node, tcache): either pointer may be NULL. */
int64_t sys_getcpu(struct rt_thread *t, const uint64_t a[6])
{
    unsigned cpu, node;
    int64_t r = lx_result(syscall(SYS_getcpu, &cpu, &node, NULL));
    if (r < 0)
        return r;
    if (a[0] && mmu_write(t->proc->mmu, a[0], &cpu, sizeof(cpu)))
        return -EFAULT;
    if (a[1] && mmu_write(t->proc->mmu, a[1], &node, sizeof(node)))
        return -EFAULT;
    return 0;
}
