/*
 * sys_proc.c — the process and its identity: ids, uname, resource
 * limits, sysinfo, getrandom, thread bookkeeping (set_tid_address,
 * set_robust_list), riscv_flush_icache, and the calls that are refused
 * (ptrace, process_vm_readv/writev).
 *
 * The guest is one host process and its threads host threads, so its pid
 * is vm-run's own pid and each tid the host thread's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "linux_internal.h"

int64_t sys_getpid(struct rt_thread *t, const uint64_t a[6])
{
    (void)t, (void)a;
    return getpid();
}

int64_t sys_getppid(struct rt_thread *t, const uint64_t a[6])
{
    (void)t, (void)a;
    return getppid();
}

int64_t sys_gettid(struct rt_thread *t, const uint64_t a[6])
{
    (void)a;
    return t->tid;
}

int64_t sys_getuid(struct rt_thread *t, const uint64_t a[6])
{
    (void)t, (void)a;
    return getuid();
}

int64_t sys_geteuid(struct rt_thread *t, const uint64_t a[6])
{
    (void)t, (void)a;
    return geteuid();
}

int64_t sys_getgid(struct rt_thread *t, const uint64_t a[6])
{
    (void)t, (void)a;
    return getgid();
}

int64_t sys_getegid(struct rt_thread *t, const uint64_t a[6])
{
    (void)t, (void)a;
    return getegid();
}

int64_t sys_sched_yield(struct rt_thread *t, const uint64_t a[6])
{
    (void)t, (void)a;
    return sched_yield();
}

int64_t sys_uname(struct rt_thread *t, const uint64_t a[6])
{
    struct utsname host;
    if (uname(&host) < 0)
        return -errno;
    struct lx_utsname out;
    lx_utsname_from_host(&out, &host, t->proc->guest->name);
    return mmu_write(t->proc->mmu, a[0], &out, sizeof(out));
}

int64_t sys_sysinfo(struct rt_thread *t, const uint64_t a[6])
{
    struct sysinfo host;
    if (sysinfo(&host) < 0)
        return -errno;
    struct lx_sysinfo out;
    lx_sysinfo_from_host(&out, &host);
    return mmu_write(t->proc->mmu, a[0], &out, sizeof(out));
}

int64_t sys_getrandom(struct rt_thread *t, const uint64_t a[6])
{
    void *buf = lx_guest_ptr(t, a[0], a[1], MMU_WRITE);
    if (!buf)
        return -EFAULT;
    return lx_result(syscall(SYS_getrandom, buf, (size_t)a[1], (unsigned)a[2]));
}

/*
 * Limits that shape the host process's own memory (address space, data,
 * stack) are accepted but not applied: applying them would constrain
 * vm-run's arena and code cache, not the guest. The others are the host's.
 */
static bool limit_is_shadowed(int resource)
{
    return resource == RLIMIT_AS || resource == RLIMIT_DATA ||
           resource == RLIMIT_STACK;
}

static int64_t do_prlimit(struct rt_thread *t, int resource, uint64_t new_addr,
                          uint64_t old_addr)
{
    if (resource < 0 || resource >= RLIM_NLIMITS)
        return -EINVAL;
    struct lx_rlimit in;
    struct rlimit host;
    if (new_addr) {
        if (mmu_read(t->proc->mmu, new_addr, &in, sizeof(in)))
            return -EFAULT;
        if (in.rlim_cur > in.rlim_max)
            return -EINVAL;
    }
    if (getrlimit(resource, &host) < 0)
        return -errno;
    struct lx_rlimit old = {host.rlim_cur, host.rlim_max};
    if (new_addr && !limit_is_shadowed(resource)) {
        struct rlimit set = {in.rlim_cur, in.rlim_max};
        if (setrlimit(resource, &set) < 0)
            return -errno;
    }
    if (old_addr && mmu_write(t->proc->mmu, old_addr, &old, sizeof(old)))
        return -EFAULT;
    return 0;
}

int64_t sys_prlimit64(struct rt_thread *t, const uint64_t a[6])
{
    int pid = (int)a[0];
    if (pid != 0 && pid != getpid())
        return -ESRCH; /* we can only see ourselves */
    return do_prlimit(t, (int)a[1], a[2], a[3]);
}

int64_t sys_getrlimit(struct rt_thread *t, const uint64_t a[6])
{
    return do_prlimit(t, (int)a[0], 0, a[1]);
}

int64_t sys_setrlimit(struct rt_thread *t, const uint64_t a[6])
{
    return do_prlimit(t, (int)a[0], a[1], 0);
}

int64_t sys_set_tid_address(struct rt_thread *t, const uint64_t a[6])
{
    t->clear_child_tid = a[0];
    return t->tid;
}

/* The list only matters when a thread dies holding a robust mutex another
 * waits for; threads here end by exit, with their locks released by
 * glibc, so the list is accepted and not walked. */
/* Each guest thread is one host thread: its head is kept thread-local,
 * for get_robust_list. */
static _Thread_local uint64_t robust_head;
static const uint64_t robust_list_head_size = 24;

int64_t sys_set_robust_list(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    if (a[1] != robust_list_head_size)
        return -EINVAL;
    robust_head = a[0];
    return 0;
}

/* get_robust_list(pid, head_ptr, len_ptr): the calling thread's own;
 * another thread's is not known here (EPERM, as without ptrace rights). */
int64_t sys_get_robust_list(struct rt_thread *t, const uint64_t a[6])
{
    if ((int)a[0] != 0 && (int)a[0] != t->tid)
        return lx_find_thread(t->proc, (int)a[0]) || (int)a[0] < 0
                   ? -EPERM
                   : -ESRCH;
    if (mmu_write(t->proc->mmu, a[1], &robust_head, sizeof(robust_head)) ||
        mmu_write(t->proc->mmu, a[2], &robust_list_head_size,
                  sizeof(robust_list_head_size)))
        return -EFAULT;
    return 0;
}

int64_t sys_riscv_flush_icache(struct rt_thread *t, const uint64_t a[6])
{
    const uint64_t flush_all = 1; /* SYS_RISCV_FLUSH_ICACHE_ALL */
    if (a[2] & ~flush_all)
        return -EINVAL;
    t->flush_icache = true;
    return 0;
}

/* The guest may not look into or steer other processes, nor into vm-run
 * itself: tracing and cross-process memory access are refused. */
int64_t sys_ptrace(struct rt_thread *t, const uint64_t a[6])
{
    (void)t, (void)a;
    return -EPERM;
}

int64_t sys_process_vm_readv(struct rt_thread *t, const uint64_t a[6])
{
    (void)t, (void)a;
    return -EPERM;
}

int64_t sys_process_vm_writev(struct rt_thread *t, const uint64_t a[6])
{
    (void)t, (void)a;
    return -EPERM;
}
