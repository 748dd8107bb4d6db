/*
 * sys_x86_proc.c — x86-64's own process, descriptor and waiting calls:
 * arch_prctl (the fs/gs bases), clone in x86-64's argument order, and the
 * older forms (fork, vfork, pipe, dup2, poll, select, pause, alarm, time,
 * getpgrp, epoll_create, epoll_wait, eventfd) as adapters onto the shared
 * handlers; modify_ldt, iopl and ioperm are refused as an unprivileged
 * process without an LDT sees them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "linux_internal.h"
#include "x86_64_state.h"

/* Linux's TASK_SIZE_MAX with 4-level paging: bases at or above it are
 * refused. */
#define X86_TASK_SIZE_MAX ((1ull << 47) - 4096)

static struct x86_cpu *x86(struct rt_thread *t)
{
    return (struct x86_cpu *)t->cpu;
}

/* arch_prctl(code, addr) */
int64_t sys_arch_prctl(struct rt_thread *t, const uint64_t a[6])
{
    struct x86_cpu *c = x86(t);
    switch (a[0]) {
    case LX_ARCH_SET_FS:
    case LX_ARCH_SET_GS:
        if (a[1] >= X86_TASK_SIZE_MAX)
            return -EPERM;
        *(a[0] == LX_ARCH_SET_FS ? &c->fs_base : &c->gs_base) = a[1];
        return 0;
    case LX_ARCH_GET_FS:
    case LX_ARCH_GET_GS: {
        uint64_t base = a[0] == LX_ARCH_GET_FS ? c->fs_base : c->gs_base;
        return mmu_write(t->proc->mmu, a[1], &base, sizeof(base)) ? -EFAULT
                                                                 : 0;
    }
    case LX_ARCH_GET_CPUID:
        return 1; /* cpuid does not fault */
    case LX_ARCH_SET_CPUID:
        return -ENODEV; /* no cpuid faulting on this "hardware" */
    default:
        return -EINVAL; /* vDSO mapping, AMX permissions, shadow stacks */
    }
}

/* clone(flags, newsp, parent_tid, child_tid, tls): x86-64's order. */
int64_t sys_clone_x86_64(struct rt_thread *t, const uint64_t a[6])
{
    return lx_clone(t, a[0], a[1], a[2], a[3], a[4]);
}

int64_t sys_fork(struct rt_thread *t, const uint64_t a[6])
{
    (void)a;
    return lx_clone(t, SIGCHLD, 0, 0, 0, 0);
}

int64_t sys_vfork(struct rt_thread *t, const uint64_t a[6])
{
    (void)a;
    return lx_clone(t, CLONE_VM | CLONE_VFORK | SIGCHLD, 0, 0, 0, 0);
}

int64_t sys_pipe(struct rt_thread *t, const uint64_t a[6])
{
    return sys_pipe2(t, (const uint64_t[6]){a[0], 0});
}

/* dup2 of a descriptor onto itself only checks that it is open. */
int64_t sys_dup2(struct rt_thread *t, const uint64_t a[6])
{
    if ((int)a[0] == (int)a[1])
        return fcntl((int)a[0], F_GETFD) < 0 ? -EBADF : (int64_t)(int)a[1];
    return sys_dup3(t, (const uint64_t[6]){a[0], a[1], 0});
}

/* poll(fds, nfds, timeout_ms): a negative timeout waits forever. */
int64_t sys_poll(struct rt_thread *t, const uint64_t a[6])
{
    int ms = (int)a[2];
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};
    return lx_poll(t, a[0], a[1], ms < 0 ? NULL : &ts, 0);
}

/* select(nfds, readfds, writefds, exceptfds, timeval): the time left is
 * written back, as Linux does. */
int64_t sys_select(struct rt_thread *t, const uint64_t a[6])
{
    struct lx_timeval tv;
    struct timespec ts;
    if (a[4]) {
        if (mmu_read(t->proc->mmu, a[4], &tv, sizeof(tv)))
            return -EFAULT;
        if (tv.tv_sec < 0 || tv.tv_usec < 0 || tv.tv_usec >= 1000000)
            return -EINVAL;
        ts = (struct timespec){tv.tv_sec, tv.tv_usec * 1000};
    }
    int64_t r = lx_select(t, (int)a[0], &a[1], a[4] ? &ts : NULL, 0);
    if ((r >= 0 || r == -EINTR) && a[4]) {
        tv = (struct lx_timeval){ts.tv_sec, ts.tv_nsec / 1000};
        if (mmu_write(t->proc->mmu, a[4], &tv, sizeof(tv)))
            return -EFAULT;
    }
    return r;
}

/* pause: sleeps until a signal the guest takes; never restarted. */
int64_t sys_pause(struct rt_thread *t, const uint64_t a[6])
{
    (void)a;
    for (;;) {
        lx_wait_prepare(t);
        if (lx_signal_deliverable(t) || rt_process_done(t->proc) ||
            t->leaving)
            return -EINTR;
        lx_wait_for_signal(t, NULL);
    }
}

/* The host's alarm: its SIGALRM reaches the guest like any host signal. */
int64_t sys_alarm(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(syscall(SYS_alarm, (unsigned)a[0]));
}

int64_t sys_time(struct rt_thread *t, const uint64_t a[6])
{
    int64_t now = (int64_t)time(NULL);
    if (a[0] && mmu_write(t->proc->mmu, a[0], &now, sizeof(now)))
        return -EFAULT;
    return now;
}

int64_t sys_getpgrp(struct rt_thread *t, const uint64_t a[6])
{
    (void)a;
    return sys_getpgid(t, (const uint64_t[6]){0});
}

int64_t sys_epoll_create(struct rt_thread *t, const uint64_t a[6])
{
    if ((int)a[0] <= 0)
        return -EINVAL;
    return sys_epoll_create1(t, (const uint64_t[6]){0});
}

int64_t sys_epoll_wait(struct rt_thread *t, const uint64_t a[6])
{
    return sys_epoll_pwait(t, (const uint64_t[6]){a[0], a[1], a[2], a[3], 0,
                                                  LX_SIGSET_SIZE});
}

int64_t sys_eventfd(struct rt_thread *t, const uint64_t a[6])
{
    return sys_eventfd2(t, (const uint64_t[6]){a[0], 0});
}

/* No LDT for user-mode guests: as a kernel without CONFIG_MODIFY_LDT. */
int64_t sys_modify_ldt(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    (void)a;
    return -ENOSYS;
}

/* Port I/O needs CAP_SYS_RAWIO, which the guest never has: only giving
 * up access (level 0, turning ports off) succeeds, as on Linux. */
int64_t sys_iopl(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    unsigned level = (unsigned)a[0];
    return level > 3 ? -EINVAL : level ? -EPERM : 0;
}

#define X86_IO_BITMAP_BITS 65536u

int64_t sys_ioperm(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    uint64_t from = a[0], num = a[1];
    if (from + num <= from || from + num > X86_IO_BITMAP_BITS)
        return -EINVAL;
    return a[2] ? -EPERM : 0;
}
