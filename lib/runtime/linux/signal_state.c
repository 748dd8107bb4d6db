/*
 * signal_state.c — the signal system calls: dispositions (rt_sigaction),
 * the mask (rt_sigprocmask, rt_sigpending), the alternate stack
 * (sigaltstack), sending (kill, tkill, tgkill) and rt_sigreturn. The
 * pending signals themselves are kept by signal_queue.c.
 *
 * The guest signals its own threads directly (their queues), and the
 * processes it started (its descendants: forks, spawned and exec'd
 * programs) and their process groups through the host. Any other
 * process is refused with -EPERM when it exists and -ESRCH otherwise
 * (signal 0, the existence probe, is answered by the host), pid 1 and
 * kill(-1, ...) — every process on the host — included.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "linux_internal.h"
#include "signal_abi.h"

static bool valid_signal(uint64_t sig)
{
    return sig >= 1 && sig <= RT_NSIG;
}

static bool default_ignores(int sig)
{
    switch (sig) {
    case SIGCHLD: case SIGURG: case SIGWINCH: case SIGCONT:
    /* Stop signals: job control is not emulated, so stopping is ignored. */
    case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
        return true;
    default:
        return false;
    }
}

bool lx_signal_ignored(const struct rt_process *p, int sig)
{
    uint64_t h = p->sigactions[sig].handler;
    return h == LX_SIG_IGN || (h == LX_SIG_DFL && default_ignores(sig));
}

/* The guest's struct sigaction: riscv64's {handler, flags, mask}, or
 * x86-64's with sa_restorer before the mask. */
static int get_sigaction(struct rt_thread *t, uint64_t addr,
                         struct lx_x86_sigaction *out, bool restorer)
{
    struct lx_sigaction generic;
    if (restorer)
        return mmu_read(t->proc->mmu, addr, out, sizeof(*out));
    if (mmu_read(t->proc->mmu, addr, &generic, sizeof(generic)))
        return -EFAULT;
    *out = (struct lx_x86_sigaction){generic.handler, generic.flags, 0,
                                     generic.mask};
    return 0;
}

static int put_sigaction(struct rt_thread *t, uint64_t addr,
                         const struct lx_x86_sigaction *in, bool restorer)
{
    struct lx_sigaction generic = {in->handler, in->flags, in->mask};
    if (restorer)
        return mmu_write(t->proc->mmu, addr, in, sizeof(*in));
    return mmu_write(t->proc->mmu, addr, &generic, sizeof(generic));
}

int64_t sys_rt_sigaction(struct rt_thread *t, const uint64_t a[6])
{
    int sig = (int)a[0];
    if (a[3] != LX_SIGSET_SIZE || !valid_signal(a[0]))
        return -EINVAL;
    const struct linux_guest_abi *abi = t->proc->guest->linux_abi;
    bool restorer = abi->sigaction_has_restorer;
    struct lx_x86_sigaction in;
    if (a[1] && get_sigaction(t, a[1], &in, restorer))
        return -EFAULT;
    if (a[1] && (sig == SIGKILL || sig == SIGSTOP))
        return -EINVAL;
    struct rt_process *p = t->proc;
    struct rt_sigaction *act = &p->sigactions[sig];
    pthread_mutex_lock(&p->lock);
    struct lx_x86_sigaction old = {act->handler, act->flags, act->restorer,
                                   act->mask};
    if (a[1]) {
        act->handler = in.handler;
        act->flags = in.flags & abi->sa_known_flags;
        act->mask = in.mask & ~LX_UNBLOCKABLE;
        act->restorer = in.restorer;
        /* POSIX: ignoring a pending signal discards it, blocked or not. */
        if (lx_signal_ignored(p, sig))
            lx_signal_discard_locked(p, sig);
    }
    bool first_fault_handler = a[1] && in.handler > LX_SIG_IGN &&
                               (sig == SIGSEGV || sig == SIGBUS) &&
                               !p->fault_handler_seen;
    if (first_fault_handler) /* translations without flags at loads go */
        __atomic_store_n(&p->fault_handler_seen, true, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&p->lock);
    if (first_fault_handler)
        t->flush_icache = true;
    if (a[1] && old.handler != in.handler)
        lx_host_follow_disposition(sig, in.handler);
    if (a[2] && put_sigaction(t, a[2], &old, restorer))
        return -EFAULT;
    return 0;
}

/* Process-directed signals the old mask kept out may now be ours; those
 * still blocked here may be another thread's to take. */
static void mask_changed(struct rt_thread *t, uint64_t old)
{
    struct rt_process *p = t->proc;
    uint64_t newly_blocked = t->sig_mask & ~old;
    uint64_t waiting = __atomic_load_n(&p->sigq.pending, __ATOMIC_ACQUIRE);
    if (!(waiting & newly_blocked))
        return;
    pthread_mutex_lock(&p->lock);
    for (struct rt_thread *o = p->threads; o; o = o->next)
        if (o != t && (waiting & newly_blocked & ~o->sig_mask))
            rt_poke_thread(o);
    pthread_mutex_unlock(&p->lock);
}

int64_t sys_rt_sigprocmask(struct rt_thread *t, const uint64_t a[6])
{
    if (a[3] != LX_SIGSET_SIZE)
        return -EINVAL;
    uint64_t old = t->sig_mask, set;
    if (a[1]) {
        if (mmu_read(t->proc->mmu, a[1], &set, sizeof(set)))
            return -EFAULT;
        set &= ~LX_UNBLOCKABLE;
        switch (a[0]) {
        case LX_SIG_BLOCK:
            t->sig_mask |= set;
            break;
        case LX_SIG_UNBLOCK:
            t->sig_mask &= ~set;
            break;
        case LX_SIG_SETMASK:
            t->sig_mask = set;
            break;
        default:
            return -EINVAL;
        }
    }
    if (t->sig_mask != old)
        mask_changed(t, old);
    if (a[2] && mmu_write(t->proc->mmu, a[2], &old, sizeof(old)))
        return -EFAULT;
    return 0;
}

int64_t sys_rt_sigpending(struct rt_thread *t, const uint64_t a[6])
{
    if (a[1] > LX_SIGSET_SIZE)
        return -EINVAL;
    lx_signal_receive(t);
    uint64_t set = lx_signal_pending_set(t) & t->sig_mask;
    return mmu_write(t->proc->mmu, a[0], &set, a[1]);
}

bool lx_on_altstack(const struct rt_thread *t, uint64_t sp)
{
    if (t->altstack_flags & LX_SS_AUTODISARM)
        return false;
    return sp > t->altstack_sp && sp - t->altstack_sp <= t->altstack_size;
}

static int altstack_flags_at(const struct rt_thread *t, uint64_t sp)
{
    if (!t->altstack_size)
        return LX_SS_DISABLE;
    return lx_on_altstack(t, sp) ? LX_SS_ONSTACK : 0;
}

static uint64_t guest_sp(const struct rt_thread *t)
{
    return t->proc->guest->signal_abi->stack_pointer(t->cpu);
}

/* Linux's do_sigaltstack: installs `ss` (when non-NULL) given the current
 * stack pointer; stores the previous state in *old. */
static int set_altstack(struct rt_thread *t, const struct lx_stack *ss,
                        struct lx_stack *old, uint64_t sp)
{
    old->ss_sp = t->altstack_sp;
    old->ss_size = t->altstack_size;
    old->ss_flags = altstack_flags_at(t, sp) |
                    (t->altstack_flags & LX_SS_AUTODISARM);
    old->pad = 0;
    if (!ss)
        return 0;
    if (lx_on_altstack(t, sp))
        return -EPERM;
    int mode = ss->ss_flags & ~LX_SS_AUTODISARM;
    if (mode != LX_SS_DISABLE && mode != LX_SS_ONSTACK && mode != 0)
        return -EINVAL;
    uint64_t base = ss->ss_sp, size = ss->ss_size;
    if (mode == LX_SS_DISABLE) {
        base = 0;
        size = 0;
    } else if (size < LX_MINSIGSTKSZ) {
        return -ENOMEM;
    }
    t->altstack_sp = base;
    t->altstack_size = size;
    t->altstack_flags = ss->ss_flags;
    return 0;
}

int64_t sys_sigaltstack(struct rt_thread *t, const uint64_t a[6])
{
    struct lx_stack ss, old;
    if (a[0] && mmu_read(t->proc->mmu, a[0], &ss, sizeof(ss)))
        return -EFAULT;
    int err = set_altstack(t, a[0] ? &ss : NULL, &old, guest_sp(t));
    if (err)
        return err;
    if (a[1] && mmu_write(t->proc->mmu, a[1], &old, sizeof(old)))
        return -EFAULT;
    return 0;
}

void lx_altstack_for_frame(struct rt_thread *t, uint64_t sp,
                           struct lx_stack *saved)
{
    set_altstack(t, NULL, saved, sp);
}

struct rt_thread *lx_find_thread(struct rt_process *p, int tid)
{
    struct rt_thread *found = NULL;
    pthread_mutex_lock(&p->lock);
    for (struct rt_thread *t = p->threads; t && !found; t = t->next)
        if (t->tid == tid && !t->leaving)
            found = t;
    pthread_mutex_unlock(&p->lock);
    return found;
}

/* A process that is not ours: only its existence may be probed. */
static int64_t foreign(int pid, int sig)
{
    if (kill(pid, 0) < 0)
        return -errno;
    return sig == 0 ? 0 : -EPERM;
}

static int64_t kill_group(struct rt_thread *t, int pgrp, int sig)
{
    if (pgrp == getpgrp()) {
        /* Our own group: ourselves, and those of our descendants in it
         * (never the shell or anything else sharing the group). */
        lx_signal_group_descendants(pgrp, sig);
        return sig ? lx_signal_send_process(t, sig, LX_SI_USER) : 0;
    }
    if (lx_is_descendant(pgrp)) /* a group one of ours leads */
        return lx_result(kill(-pgrp, sig));
    return foreign(-pgrp, sig);
}

int64_t sys_kill(struct rt_thread *t, const uint64_t a[6])
{
    int pid = (int)a[0], sig = (int)a[1];
    if (sig < 0 || sig > RT_NSIG)
        return -EINVAL;
    if (pid == -1 || pid == INT32_MIN)
        return pid == -1 ? -EPERM : -ESRCH;
    if (pid <= 0)
        return kill_group(t, pid ? -pid : getpgrp(), sig);
    if (pid == getpid())
        return sig ? lx_signal_send_process(t, sig, LX_SI_USER) : 0;
    if (pid != 1 && lx_is_descendant(pid))
        return lx_result(kill(pid, sig));
    return foreign(pid, sig);
}

/* tkill/tgkill to one of our threads: straight into its queue. */
static int64_t signal_thread(struct rt_thread *t, int tid, int sig)
{
    struct rt_thread *target = tid == t->tid ? t : lx_find_thread(t->proc, tid);
    if (!target)
        return -ESRCH;
    return sig ? lx_signal_send(target, sig, LX_SI_TKILL) : 0;
}

int64_t sys_tkill(struct rt_thread *t, const uint64_t a[6])
{
    int tid = (int)a[0], sig = (int)a[1];
    if (tid <= 0 || sig < 0 || sig > RT_NSIG)
        return -EINVAL;
    return signal_thread(t, tid, sig);
}

int64_t sys_tgkill(struct rt_thread *t, const uint64_t a[6])
{
    int tgid = (int)a[0], tid = (int)a[1], sig = (int)a[2];
    if (tgid <= 0 || tid <= 0 || sig < 0 || sig > RT_NSIG)
        return -EINVAL;
    if (tgid != getpid())
        return -ESRCH;
    return signal_thread(t, tid, sig);
}

int64_t sys_rt_sigreturn(struct rt_thread *t, const uint64_t a[6])
{
    (void)a;
    uint64_t mask;
    struct lx_stack stack, ignored;
    if (t->proc->guest->signal_abi->restore_frame(t, &mask, &stack)) {
        /* A forged or clobbered frame: Linux forces SIGSEGV. */
        linux_raise_fault(t, SIGSEGV, 0x80 /* SI_KERNEL */, 0);
        return LX_RET_KEEP;
    }
    t->sig_mask = mask & ~LX_UNBLOCKABLE;
    /* As Linux, a uc_stack that cannot be installed is silently dropped. */
    set_altstack(t, &stack, &ignored, guest_sp(t));
    return LX_RET_KEEP;
}
