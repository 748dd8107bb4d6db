/*
 * sys_clone.c — new threads and processes: clone and clone3, exit and
 * exit_group.
 *
 *  - CLONE_VM|CLONE_THREAD (pthread_create): a guest thread on a new host
 *    thread (thread.c) with a copy of the registers (a0 = 0, the new
 *    stack and thread pointer); its tid is the host thread's.
 *  - no CLONE_VM (fork): a host fork. The child keeps only the calling
 *    thread, as Linux's does; locks other threads might hold are taken
 *    around the fork so that none is left held in the child.
 *  - CLONE_VM|CLONE_VFORK (vfork, posix_spawn): a host fork too, the
 *    parent blocked until the child execs or exits. Linux's child shares
 *    the parent's memory until then — posix_spawn's child reports a
 *    failed exec through it — so the child's arena is write-tracked
 *    (mmu_track_writes) and every page it writes is sent back over a pipe
 *    and copied into the parent before the parent resumes.
 * Other combinations (CLONE_VM without either, shared descriptor tables
 * between processes) cannot be had with host processes: EINVAL.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "code_cache.h"
#include "gdbstub.h"
#include "guest_limits.h"
#include "linux_init.h"
#include "linux_internal.h"

/* clone3's struct clone_args (the first 64 bytes, version 0). */
struct lx_clone_args {
    uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack,
        stack_size, tls;
};
#define CLONE_ARGS_SIZE_VER0 64

/* What clone and clone3 ask for, in one form. */
struct clone_req {
    uint64_t flags;
    uint64_t sp;       /* new stack pointer, 0 = the caller's */
    uint64_t ptid, ctid, tls;
};

static int64_t new_thread(struct rt_thread *t, const struct clone_req *r)
{
    struct rt_process *p = t->proc;
    struct rt_thread *nt = rt_thread_alloc(p);
    if (!nt)
        return -EAGAIN;
    memcpy(nt->cpu, t->cpu, p->guest->cpu_size);
    nt->cpu->poll = 0;
    p->guest->set_clone_child(nt->cpu, r->sp, r->flags & CLONE_SETTLS,
                              r->tls);
    /* Linux: the mask is inherited, the alternate stack is not. */
    nt->sig_mask = t->sig_mask;
    nt->clear_child_tid = (r->flags & CLONE_CHILD_CLEARTID) ? r->ctid : 0;
    nt->settid_parent = (r->flags & CLONE_PARENT_SETTID) ? r->ptid : 0;
    nt->settid_child = (r->flags & CLONE_CHILD_SETTID) ? r->ctid : 0;
    nt->icache_gen = t->icache_gen;
    if (p->gdb)
        gdbstub_new_thread(p->gdb, t, nt);
    int tid = rt_thread_spawn(nt);
    return tid < 0 ? -EAGAIN : tid;
}

/* The locks another thread may hold, taken around fork (in this order
 * everywhere: code cache, memory map, process). */
static void fork_lock(struct rt_thread *t)
{
    struct rt_process *p = t->proc;
    if (p->code)
        cg_lock(p->code, t->cg);
    pthread_mutex_lock(&p->mm_lock);
    mmu_lock(p->mmu);
    pthread_mutex_lock(&p->lock);
}

static void fork_unlock_parent(struct rt_thread *t)
{
    struct rt_process *p = t->proc;
    pthread_mutex_unlock(&p->lock);
    mmu_unlock(p->mmu);
    pthread_mutex_unlock(&p->mm_lock);
    if (p->code)
        cg_unlock(p->code);
}

/* The child of a fork: only the calling thread is left. */
static void fork_child(struct rt_thread *t, const struct clone_req *r)
{
    struct rt_process *p = t->proc;
    pthread_mutex_init(&p->lock, NULL);
    pthread_mutex_init(&p->mm_lock, NULL);
    mmu_after_fork_child(p->mmu);
    pthread_cond_init(&p->thread_left, NULL);
    if (p->code)
        cg_after_fork_child(p->code, t->cg);
    rt_thread_after_fork_child();
    lx_timers_after_fork();
    if (p->gdb)
        gdbstub_after_fork_child(p, t);
    /* The other threads do not exist here. */
    for (struct rt_thread *o = p->threads, *next; o; o = next) {
        next = o->next;
        if (o != t)
            rt_thread_release(o);
    }
    p->threads = t;
    t->next = NULL;
    p->nthreads = 1;
    t->tid = (int)gettid();
    t->is_leader = true;
    /* Pending signals are not inherited. */
    memset(&t->sigq, 0, sizeof(t->sigq));
    memset(&p->sigq, 0, sizeof(p->sigq));
    t->inbox.arrived = 0;
    p->has_watchdog = false;
    rt_limits_start(p);
    uint32_t tid = (uint32_t)t->tid;
    if (r->flags & CLONE_CHILD_SETTID)
        mmu_write(p->mmu, r->ctid, &tid, sizeof(tid));
    t->clear_child_tid = (r->flags & CLONE_CHILD_CLEARTID) ? r->ctid : 0;
    t->cpu->poll = 0;
    p->guest->set_clone_child(t->cpu, r->sp, r->flags & CLONE_SETTLS, r->tls);
    /* set_clone_child's a0 = 0 is what linux_syscall writes back too. */
}

/* A vfork child's memory writes, back into the parent's memory. */
static void copy_back(struct rt_thread *t, int fd)
{
    struct {
        uint64_t addr;
        uint8_t page[MMU_PAGE_SIZE];
    } *rec = malloc(sizeof(*rec));
    for (;;) {
        size_t got = 0;
        while (rec && got < sizeof(*rec)) {
            ssize_t n = read(fd, (uint8_t *)rec + got, sizeof(*rec) - got);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                break;
            got += (size_t)n;
        }
        if (!rec || got < sizeof(*rec))
            break;
        /* Pages the child mapped itself have no counterpart here. */
        mmu_write(t->proc->mmu, rec->addr, rec->page, MMU_PAGE_SIZE);
    }
    free(rec);
}

static void send_page(void *arg, uint64_t addr)
{
    struct rt_process *p = arg;
    struct iovec iov[2] = {
        {&addr, sizeof(addr)},
        {mmu_host(p->mmu, addr), MMU_PAGE_SIZE},
    };
    size_t left = sizeof(addr) + MMU_PAGE_SIZE;
    while (left) {
        ssize_t n = writev(p->vfork_pipe, iov, 2);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        left -= (size_t)n;
        for (int i = 0; i < 2 && n > 0; i++) {
            size_t k = (size_t)n < iov[i].iov_len ? (size_t)n : iov[i].iov_len;
            iov[i].iov_base = (uint8_t *)iov[i].iov_base + k;
            iov[i].iov_len -= k;
            n -= (ssize_t)k;
        }
    }
}

void lx_vfork_sync(struct rt_process *p, bool last)
{
    if (p->vfork_pipe < 0)
        return;
    mmu_for_each_dirty(p->mmu, send_page, p);
    if (last) {
        close(p->vfork_pipe);
        p->vfork_pipe = -1;
    }
}

static int64_t new_process(struct rt_thread *t, const struct clone_req *r)
{
    bool vfork = r->flags & CLONE_VFORK;
    int pipefd[2] = {-1, -1};
    if (vfork && pipe2(pipefd, O_CLOEXEC) < 0)
        return -errno;
    /* Host signals stay blocked until the child has dropped what it
     * inherited (fork_child): one sent to the child right after the fork
     * is then kept, not wiped with the parent's. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    fork_lock(t);
    pid_t pid = fork();
    if (pid != 0)
        pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (pid < 0) {
        int err = errno;
        fork_unlock_parent(t);
        if (vfork) {
            close(pipefd[0]);
            close(pipefd[1]);
        }
        return -err;
    }
    if (pid == 0) {
        fork_child(t, r);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        if (vfork) {
            close(pipefd[0]);
            /* Out of the guest's reach, so that closing all its
             * descriptors cannot release the parent early. */
            int fd = linux_hide_fd(pipefd[1]);
            t->proc->vfork_pipe = fd >= 0 ? fd : pipefd[1];
            mmu_track_writes(t->proc->mmu);
        }
        return 0;
    }
    fork_unlock_parent(t);
    if (vfork) {
        close(pipefd[1]);
        copy_back(t, pipefd[0]);
        close(pipefd[0]);
    }
    uint32_t child = (uint32_t)pid;
    if (r->flags & CLONE_PARENT_SETTID)
        mmu_write(t->proc->mmu, r->ptid, &child, sizeof(child));
    return pid;
}

static int64_t do_clone(struct rt_thread *t, const struct clone_req *r)
{
    uint64_t f = r->flags;
    if ((f & CLONE_THREAD) && !(f & CLONE_SIGHAND))
        return -EINVAL;
    if ((f & CLONE_SIGHAND) && !(f & CLONE_VM))
        return -EINVAL;
    if ((f & CLONE_VM) && (f & CLONE_THREAD))
        return new_thread(t, r);
    if ((f & CLONE_VM) && !(f & CLONE_VFORK))
        return -EINVAL; /* a process sharing our memory */
    if (!(f & CLONE_VM) && (f & (CLONE_FILES | CLONE_FS)))
        return -EINVAL; /* processes sharing descriptor tables */
    return new_process(t, r);
}

int64_t lx_clone(struct rt_thread *t, uint64_t flags, uint64_t sp,
                 uint64_t ptid, uint64_t ctid, uint64_t tls)
{
    struct clone_req r = {
        .flags = flags, .sp = sp, .ptid = ptid, .tls = tls, .ctid = ctid,
    };
    return do_clone(t, &r);
}

/* clone(flags, newsp, parent_tid, tls, child_tid): glibc's riscv64
 * clone.S passes them in this order (x86-64 swaps the last two,
 * sys_x86_proc.c). */
int64_t sys_clone(struct rt_thread *t, const uint64_t a[6])
{
    return lx_clone(t, a[0], a[1], a[2], a[4], a[3]);
}

int64_t sys_clone3(struct rt_thread *t, const uint64_t a[6])
{
    struct lx_clone_args ca;
    if (a[1] < CLONE_ARGS_SIZE_VER0 || a[1] > 4096)
        return -EINVAL;
    if (mmu_read(t->proc->mmu, a[0], &ca, sizeof(ca)))
        return -EFAULT;
    /* Beyond version 0 (set_tid, cgroup) only zeros are understood. */
    for (uint64_t off = sizeof(ca); off < a[1]; off += 8) {
        uint64_t v = 0;
        if (mmu_read(t->proc->mmu, a[0] + off, &v,
                     a[1] - off < 8 ? a[1] - off : 8))
            return -EFAULT;
        if (v)
            return -E2BIG;
    }
    if ((ca.flags & 0xff) || ca.exit_signal > RT_NSIG ||
        (ca.flags & CLONE_PIDFD))
        return -EINVAL;
    if ((ca.stack == 0) != (ca.stack_size == 0))
        return -EINVAL;
    struct clone_req r = {
        .flags = ca.flags | ca.exit_signal,
        .sp = ca.stack ? ca.stack + ca.stack_size : 0,
        .ptid = ca.parent_tid,
        .ctid = ca.child_tid,
        .tls = ca.tls,
    };
    return do_clone(t, &r);
}

int64_t sys_exit_group(struct rt_thread *t, const uint64_t a[6])
{
    lx_vfork_sync(t->proc, true);
    rt_process_exit(t->proc, (int)(a[0] & 0xff));
    return 0;
}

/* One thread leaves; the process ends when it was the last. */
int64_t sys_exit(struct rt_thread *t, const uint64_t a[6])
{
    struct rt_process *p = t->proc;
    pthread_mutex_lock(&p->lock);
    bool last = p->nthreads == 1;
    if (t->is_leader)
        p->leader_exit_code = (int)(a[0] & 0xff);
    pthread_mutex_unlock(&p->lock);
    if (last)
        lx_vfork_sync(p, true);
    t->leaving = true;
    return 0;
}
