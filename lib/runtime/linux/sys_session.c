/*
 * sys_session.c — the process among others: process groups and sessions
 * (setpgid, getpgid, getsid, setsid), the full credentials (getresuid,
 * getresgid, getgroups), consumed resources (times, getrusage) and the
 * CPUs it may run on (sched_getaffinity).
 *
 * The guest is vm-run's host process, so these are the host's answers for
 * it. The structures involved (gid_t lists, struct tms, struct rusage,
 * cpu masks) are made of 32-bit ids and 64-bit longs on both riscv64 and
 * x86-64, so the host's layout is the guest's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/times.h>
#include <unistd.h>

#include "linux_internal.h"

_Static_assert(sizeof(struct tms) == 4 * 8 && sizeof(struct rusage) == 144 &&
                   sizeof(gid_t) == 4 && sizeof(uid_t) == 4,
               "host process structures differ from riscv64's");

int64_t sys_setpgid(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(setpgid((pid_t)a[0], (pid_t)a[1]));
}

int64_t sys_getpgid(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(getpgid((pid_t)a[0]));
}

int64_t sys_getsid(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(getsid((pid_t)a[0]));
}

int64_t sys_setsid(struct rt_thread *t, const uint64_t a[6])
{
    (void)t, (void)a;
    return lx_result(setsid());
}

/* Writes three 32-bit ids to three guest pointers, as getresuid does. */
static int64_t put_ids(struct rt_thread *t, const uint64_t a[6],
                       const uint32_t ids[3])
{
    for (int i = 0; i < 3; i++)
        if (mmu_write(t->proc->mmu, a[i], &ids[i], sizeof(ids[i])))
            return -EFAULT;
    return 0;
}

int64_t sys_getresuid(struct rt_thread *t, const uint64_t a[6])
{
    uid_t r, e, s;
    if (getresuid(&r, &e, &s) < 0)
        return -errno;
    return put_ids(t, a, (const uint32_t[3]){r, e, s});
}

int64_t sys_getresgid(struct rt_thread *t, const uint64_t a[6])
{
    gid_t r, e, s;
    if (getresgid(&r, &e, &s) < 0)
        return -errno;
    return put_ids(t, a, (const uint32_t[3]){r, e, s});
}

/* getgroups(size, list): size 0 asks only for the count. */
int64_t sys_getgroups(struct rt_thread *t, const uint64_t a[6])
{
    int size = (int)a[0];
    if (size < 0)
        return -EINVAL;
    gid_t *list = lx_guest_ptr(t, a[1], (uint64_t)size * sizeof(gid_t),
                               MMU_WRITE);
    if (!list)
        return -EFAULT;
    return lx_result(getgroups(size, size ? list : NULL));
}

/* Returns clock ticks since an arbitrary point; NULL buf is allowed. */
int64_t sys_times(struct rt_thread *t, const uint64_t a[6])
{
    struct tms tms;
    int64_t ticks = syscall(SYS_times, &tms);
    if (a[0] && mmu_write(t->proc->mmu, a[0], &tms, sizeof(tms)))
        return -EFAULT;
    return ticks;
}

int64_t sys_getrusage(struct rt_thread *t, const uint64_t a[6])
{
    struct rusage ru;
    if (getrusage((int)a[0], &ru) < 0)
        return -errno;
    return mmu_write(t->proc->mmu, a[1], &ru, sizeof(ru));
}

/* The host fills the guest's mask and returns its size in bytes. */
int64_t sys_sched_getaffinity(struct rt_thread *t, const uint64_t a[6])
{
    uint64_t len = a[1];
    void *mask = lx_guest_ptr(t, a[2], len, MMU_WRITE);
    if (!mask)
        return -EFAULT;
    return lx_result(syscall(SYS_sched_getaffinity, (pid_t)a[0], len, mask));
}
