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
        if (r == 0)
            r = handlers[nr](t, args);
    }
    if (trace)
        lx_strace_leave(t, nr, args, r);
    if (r != LX_RET_KEEP)
        g->syscall_set_result(t->cpu, (uint64_t)r);
}
