/*
 * guest_abi_x86_64.c — the x86-64 guest's Linux ABI: <asm/unistd_64.h>
 * numbers (linux_syscalls_x86_64.h), x86-64's struct stat, the packed
 * epoll_event, sigaction with sa_restorer (SA_RESTORER kept).
 */
#include "linux_internal.h"

#define LX_CALL_ENTRY(nr, name, handler)                                       \
    [nr] = {#name, handler, {LX_ARGS_##name}},
static const struct lx_syscall calls[LX_MAX_NR] = {
    LINUX_SYSCALLS_X86_64(LX_CALL_ENTRY)
};
#undef LX_CALL_ENTRY

static const struct lx_syscall_table table = {calls, LX_MAX_NR};

static void stat_from_host(void *out, const struct stat *in)
{
    lx_x86_stat_from_host(out, in);
}

const struct linux_guest_abi linux_guest_abi_x86_64 = {
    .syscalls = &table,
    .stat_size = sizeof(struct lx_x86_stat),
    .stat_from_host = stat_from_host,
    .epoll_event_size = sizeof(struct lx_x86_epoll_event),
    .sigaction_has_restorer = true,
    .sa_known_flags = 0x1ull | 0x2ull | LX_SA_SIGINFO | LX_SA_ONSTACK |
                      LX_SA_RESTART | LX_SA_NODEFER | LX_SA_RESETHAND |
                      LX_SA_RESTORER,
    .semid_ds_padded = true,
    .cpuinfo = lx_x86_cpuinfo,
};
