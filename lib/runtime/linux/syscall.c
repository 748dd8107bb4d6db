/*
 * syscall.c — linux_syscall: reads the system-call number and arguments
 * through the guest's ABI hooks, runs the handler from the table derived
 * from LINUX_SYSCALLS, and writes the result back. Unknown numbers get
 * -ENOSYS, as a kernel without that call would answer. A descriptor
 * argument naming one of vm-run's own descriptors is -EBADF before any
 * handler runs (fd_hidden.c).
 */
#include <errno.h>

#include "linux_internal.h"
#include "strace.h"

#define LX_HANDLER_ENTRY(nr, name, handler) [nr] = handler,
static lx_handler *const handlers[LX_MAX_NR] = {
    LINUX_SYSCALLS(LX_HANDLER_ENTRY)
};
#undef LX_HANDLER_ENTRY

#define LX_NAME_ENTRY(nr, name, handler) [nr] = #name,
static const char *const names[LX_MAX_NR] = {LINUX_SYSCALLS(LX_NAME_ENTRY)};
#undef LX_NAME_ENTRY

const char *linux_syscall_name(uint64_t nr)
{
    return nr < LX_MAX_NR ? names[nr] : NULL;
}

#define LX_NR_ENTRY(nr, name, handler) LX_NR_##name = nr,
enum { LINUX_SYSCALLS(LX_NR_ENTRY) };
#undef LX_NR_ENTRY

/* Calls Linux never restarts after a handler ran (ERESTARTNOHAND and
 * restart_block ones). */
static bool never_restarts(uint64_t nr)
{
    switch (nr) {
    case LX_NR_ppoll: case LX_NR_pselect6: case LX_NR_epoll_pwait:
    case LX_NR_epoll_pwait2: case LX_NR_nanosleep: case LX_NR_clock_nanosleep:
    case LX_NR_rt_sigsuspend: case LX_NR_rt_sigtimedwait:
        return true;
    default:
        return false;
    }
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
static int64_t after_interrupt(struct rt_thread *t, uint64_t nr,
                               lx_handler *handler, const uint64_t args[6])
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
        !never_restarts(nr)) {
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
    if (trace)
        lx_strace_enter(t, nr, args);
    if (nr < LX_MAX_NR && handlers[nr]) {
        /* vm-run's own descriptors do not exist for the guest. */
        r = lx_any_fd_hidden() ? lx_check_fd_args(t, nr, args) : 0;
        nohand = false;
        if (r == 0)
            r = handlers[nr](t, args);
        if (r == -EINTR)
            r = after_interrupt(t, nr, handlers[nr], args);
    }
    if (trace)
        lx_strace_leave(t, nr, args, r);
    if (r != LX_RET_KEEP)
        g->syscall_set_result(t->cpu, (uint64_t)r);
}
