/*
 * syscall.c — linux_syscall: reads the system-call number and arguments
 * through the guest's ABI hooks, runs the handler from the guest's table
 * (guest_abi.h), and writes the result back. Unknown numbers get
 * -ENOSYS, as a kernel without that call would answer. A descriptor
 * argument naming one of vm-run's own descriptors is -EBADF before any
 * handler runs (fd_hidden.c).
 */
#include <errno.h>

#include "linux_internal.h"
#include "profile.h"
#include "strace.h"

const char *linux_syscall_name(const struct rt_guest *g, uint64_t nr)
{
    const struct lx_syscall *c = lx_syscall_lookup(g->linux_abi, nr);
    return c ? c->name : NULL;
}

/* Calls Linux never restarts after a handler ran (ERESTARTNOHAND and
 * restart_block ones), known by their handler whatever the numbering;
 * pause and select are x86-64's forms of rt_sigsuspend and pselect6;
 * SysV IPC waits are never restarted either (signal(7)). */
static bool never_restarts(lx_handler *h)
{
    static lx_handler *const never[] = {
        sys_ppoll, sys_pselect6, sys_epoll_pwait, sys_epoll_pwait2,
        sys_nanosleep, sys_clock_nanosleep, sys_rt_sigsuspend,
        sys_rt_sigtimedwait, sys_poll, sys_select, sys_epoll_wait, sys_pause,
        /* System V IPC waits (signal(7)). */
        sys_semop, sys_semtimedop, sys_msgsnd, sys_msgrcv,
    };
    for (size_t i = 0; i < sizeof(never) / sizeof(never[0]); i++)
        if (h == never[i])
            return true;
    return false;
}

/* Set by a handler whose call must not restart after a handler runs. */
static _Thread_local bool nohand;

void lx_restart_nohand(struct rt_thread *t)
{
    (void)t;
    nohand = true;
}

void lx_wait_prepare(struct rt_thread *t)
{
    /* Seq-cst: the clear must be visible before pending signals are read,
     * or a poke landing in between is lost (x86 reorders store->load). */
    __atomic_store_n(&t->cpu->poll, 0, __ATOMIC_SEQ_CST);
    lx_signal_receive(t);
}

bool lx_interrupted(struct rt_thread *t)
{
    lx_wait_prepare(t);
    return lx_signal_deliverable(t) || rt_process_done(t->proc) || t->leaving;
}

/* The guest's view of an interrupted call (see the file comment). */
static int64_t after_interrupt(struct rt_thread *t, lx_handler *handler,
                               const uint64_t args[6])
{
    int64_t r = -EINTR;
    while (r == -EINTR && !lx_interrupted(t))
        r = handler(t, args);
    if (r != -EINTR || rt_process_done(t->proc) || t->leaving)
        return r;
    uint64_t ready = lx_signal_deliverable(t);
    int sig = __builtin_ctzll(ready) + 1;
    const struct rt_sigaction *act = &t->proc->sigactions[sig];
    bool has_handler = act->handler != LX_SIG_DFL &&
                       act->handler != LX_SIG_IGN;
    if (has_handler && (act->flags & LX_SA_RESTART) && !nohand &&
        !never_restarts(handler)) {
        t->cpu->pc -= t->proc->guest->syscall_insn_len;
        return LX_RET_KEEP;
    }
    return -EINTR;
}

void linux_syscall(struct rt_thread *t)
{
    const struct rt_guest *g = t->proc->guest;
    uint64_t nr = g->syscall_nr(t->cpu);
    uint64_t args[6];
    g->syscall_args(t->cpu, args);
    int64_t r = -ENOSYS;
    bool trace = t->proc->opts && t->proc->opts->strace;
    struct rt_prof_now was = rt_prof_now;
    rt_prof_set(RT_PROF_SYSCALL, t->cpu->pc);
    if (trace)
        lx_strace_enter(t, nr, args);
    const struct lx_syscall *call = lx_syscall_lookup(g->linux_abi, nr);
    if (call) {
        /* vm-run's own descriptors do not exist for the guest. */
        r = lx_any_fd_hidden() ? lx_check_fd_args(t, call->kinds, args) : 0;
        nohand = false;
        if (r == 0)
            r = call->handler(t, args);
        if (r == -EINTR)
            r = after_interrupt(t, call->handler, args);
    }
    if (trace)
        lx_strace_leave(t, nr, args, r);
    if (r != LX_RET_KEEP)
        g->syscall_set_result(t->cpu, (uint64_t)r);
    rt_prof_now = was;
}
