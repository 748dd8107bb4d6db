/*
 * signal_deliver.c — delivering signals to the guest: default actions,
 * SIG_IGN, and running guest handlers on a frame built on the guest stack
 * (or the alternate stack); synchronous faults; dying by a signal; the
 * host process's own dispositions (linux_host_init).
 *
 * Like Linux on the way back to user mode, linux_deliver_signals builds a
 * frame for every deliverable signal before the first handler runs (the
 * last one's handler runs first). Job control is not emulated: the stop
 * signals' default action is ignored.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "gdbstub.h"
#include "linux_init.h"
#include "linux_internal.h"
#include "log_hooks.h"
#include "profile.h"
#include "strace.h"
#include "signal_abi.h"

/* The sigreturn trampoline page, mapped on first use. 0 when unmappable. */
static uint64_t map_trampoline(struct rt_process *p)
{
    const struct linux_signal_abi *abi = p->guest->signal_abi;
    if (p->sigreturn_trampoline)
        return p->sigreturn_trampoline;
    int64_t at = mmu_map_anywhere(p->mmu, 0, MMU_PAGE_SIZE,
                                  MMU_READ | MMU_WRITE, "[vdso]");
    if (at < 0)
        return 0;
    if (mmu_write(p->mmu, (uint64_t)at, abi->sigreturn_code,
                  abi->sigreturn_code_len) ||
        mmu_protect(p->mmu, (uint64_t)at, MMU_PAGE_SIZE,
                    MMU_READ | MMU_EXEC)) {
        mmu_unmap(p->mmu, (uint64_t)at, MMU_PAGE_SIZE);
        return 0;
    }
    p->sigreturn_trampoline = (uint64_t)at;
    return p->sigreturn_trampoline;
}

static uint64_t trampoline(struct rt_process *p)
{
    uint64_t at = __atomic_load_n(&p->sigreturn_trampoline, __ATOMIC_ACQUIRE);
    if (at)
        return at;
    pthread_mutex_lock(&p->mm_lock);
    at = map_trampoline(p);
    pthread_mutex_unlock(&p->mm_lock);
    return at;
}

/* Where the frame goes (Linux's get_sigframe); 0 when the altstack in use
 * would overflow, which makes the frame unwritable. */
static uint64_t frame_address(struct rt_thread *t,
                              const struct rt_sigaction *act, uint64_t sp)
{
    const struct linux_signal_abi *abi = t->proc->guest->signal_abi;
    sp -= abi->red_zone;
    if (lx_on_altstack(t, sp) && !lx_on_altstack(t, sp - abi->frame_size))
        return 0;
    bool alt_usable = t->altstack_size && !lx_on_altstack(t, sp);
    if ((act->flags & LX_SA_ONSTACK) && alt_usable)
        sp = t->altstack_sp + t->altstack_size;
    if (abi->frame_address)
        return abi->frame_address(sp);
    return (sp - abi->frame_size) & ~(abi->frame_align - 1);
}

static void trace_signal(struct rt_thread *t, const struct lx_siginfo *info)
{
    if (t->proc->opts && t->proc->opts->strace)
        lx_strace_signal(t, info);
}

static void force_sigsegv(struct rt_thread *t, int sig)
{
    if (sig == SIGSEGV)
        rt_die_by_signal(SIGSEGV);
    linux_raise_fault(t, SIGSEGV, 0x80 /* SI_KERNEL */, 0);
}

static void run_handler(struct rt_thread *t, int sig,
                        const struct lx_siginfo *info)
{
    struct rt_process *p = t->proc;
    struct rt_sigaction *act = &p->sigactions[sig];
    const struct linux_signal_abi *abi = p->guest->signal_abi;
    uint64_t sp = abi->stack_pointer(t->cpu);
    /* x86-64's glibc hands its own restorer (SA_RESTORER); the other
     * guests return through our trampoline page. */
    bool own_restorer = act->flags & LX_SA_RESTORER;
    struct lx_sigframe_args args = {
        .sig = sig,
        .info = info,
        .handler = act->handler,
        .restorer = own_restorer ? act->restorer : trampoline(p),
        /* After rt_sigsuspend/ppoll the handler returns to the mask from
         * before their temporary one. */
        .old_mask = t->has_saved_mask ? t->saved_mask : t->sig_mask,
    };
    t->has_saved_mask = false;
    lx_altstack_for_frame(t, sp, &args.stack);
    uint64_t frame = frame_address(t, act, sp);
    if (!args.restorer || !frame || abi->setup_frame(t, frame, &args)) {
        force_sigsegv(t, sig);
        return;
    }
    if (t->altstack_flags & LX_SS_AUTODISARM) {
        t->altstack_sp = 0;
        t->altstack_size = 0;
        t->altstack_flags = LX_SS_DISABLE;
    }
    t->sig_mask |= act->mask;
    if (!(act->flags & LX_SA_NODEFER))
        t->sig_mask |= lx_sigbit(sig);
    t->sig_mask &= ~LX_UNBLOCKABLE;
    if (act->flags & LX_SA_RESETHAND)
        act->handler = LX_SIG_DFL;
}

bool linux_signals_deliverable(const struct rt_thread *t)
{
    return lx_signal_deliverable(t) != 0;
}

void linux_receive_signals(struct rt_thread *t)
{
    lx_signal_receive(t);
}

void linux_restore_sigmask(struct rt_thread *t)
{
    lx_sigmask_pop(t);
}

/* Applies sig's disposition: nothing, death, or the guest's handler. */
static void dispatch_signal(struct rt_thread *t, int sig,
                            const struct lx_siginfo *info)
{
    uint64_t h = t->proc->sigactions[sig].handler;
    if (lx_signal_ignored(t->proc, sig))
        return;
    if (t->proc->gdb && !gdbstub_signal(t->proc->gdb, t, sig))
        return; /* the debugger discarded it */
    h = t->proc->sigactions[sig].handler;
    trace_signal(t, info);
    if (rt_log_on(RT_LOG_int))
        rt_log_signal(t, h == LX_SIG_DFL ? "signal, default action"
                                         : "signal to handler",
                      sig, info->si_code, 0);
    if (h == LX_SIG_DFL)
        rt_die_by_signal(sig);
    run_handler(t, sig, info);
}

void linux_deliver_signals(struct rt_thread *t)
{
    struct lx_siginfo info;
    int sig;
    while ((sig = lx_signal_dequeue(t, ~t->sig_mask, &info)) != 0)
        dispatch_signal(t, sig, &info);
}

void linux_raise_fault(struct rt_thread *t, int sig, int code, uint64_t addr)
{
    if (lx_x86_vsyscall(t, sig, addr))
        return; /* emulated, as Linux's vsyscall=xonly */
    if (rt_log_on(RT_LOG_int))
        rt_log_signal(t, "fault", sig, code, addr);
    /* The debugger sees the fault first; without the signal passed on,
     * the instruction runs again (as under ptrace). */
    if (t->proc->gdb && !gdbstub_signal(t->proc->gdb, t, sig))
        return;
    struct rt_sigaction *act = &t->proc->sigactions[sig];
    uint64_t bit = lx_sigbit(sig);
    /* Linux's force_sig: a blocked or ignored fault cannot be ignored; it
     * resets to the default action (and kills). */
    if ((t->sig_mask & bit) || act->handler == LX_SIG_IGN) {
        act->handler = LX_SIG_DFL;
        t->sig_mask &= ~bit;
    }
    struct lx_siginfo info;
    memset(&info, 0, sizeof(info));
    info.si_signo = sig;
    info.si_code = code;
    info.fields.fault.addr = addr;
    trace_signal(t, &info);
    if (act->handler == LX_SIG_DFL)
        rt_die_by_signal(sig);
    run_handler(t, sig, &info);
}

/* The kernel's struct sigaction on x86-64, for resetting a disposition
 * with the raw system call (glibc refuses its reserved signals 32, 33). */
struct host_ksigaction {
    void *handler;
    unsigned long flags;
    void *restorer;
    uint64_t mask;
};

_Noreturn void rt_die_by_signal(int sig)
{
    struct rt_thread *self = rt_current_thread();
    if (self && self->proc->gdb)
        gdbstub_killed(self->proc->gdb, sig);
    if (self) /* --profile: written before the process dies */
        rt_profile_finish(self->proc);
    struct host_ksigaction dfl = {SIG_DFL, 0, NULL, 0};
    syscall(SYS_rt_sigaction, sig, &dfl, NULL, sizeof(dfl.mask));
    struct rlimit no_core = {0, 0};
    setrlimit(RLIMIT_CORE, &no_core);
    uint64_t unblock = 1ull << (sig - 1);
    syscall(SYS_rt_sigprocmask, SIG_UNBLOCK, &unblock, NULL, sizeof(unblock));
    syscall(SYS_tgkill, getpid(), gettid(), sig);
    _exit(128 + sig);
}
