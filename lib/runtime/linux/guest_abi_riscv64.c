/*
 * guest_abi_riscv64.c — the riscv64 guest's Linux ABI: asm-generic system
 * call numbers (linux_syscalls.h), asm-generic struct stat, naturally
 * aligned epoll_event, sigaction without sa_restorer, its /proc/cpuinfo.
 */
#include <unistd.h>

#include "linux_internal.h"

#define LX_CALL_ENTRY(nr, name, handler)                                       \
    [nr] = {#name, handler, {LX_ARGS_##name}},
static const struct lx_syscall calls[LX_MAX_NR] = {
    LINUX_SYSCALLS(LX_CALL_ENTRY)
};
#undef LX_CALL_ENTRY

/* asm-generic numbering: the aarch64 guest shares it (guest_abi.h). */
const struct lx_syscall_table lx_generic_syscall_table = {calls, LX_MAX_NR};

/* asm-generic struct stat, aarch64's too (guest_abi.h). */
void lx_generic_stat_from_host(void *out, const struct stat *in)
{
    lx_stat_from_host(out, in);
}

/* One block per host CPU, in the shape riscv64 Linux 6.x prints; the
 * mmu line matches the 39-bit user address space we give the guest. */
static void put_cpuinfo(struct rt_thread *t, FILE *out)
{
    (void)t;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    for (long i = 0; i < (cpus > 0 ? cpus : 1); i++)
        fprintf(out,
                "processor\t: %ld\nhart\t\t: %ld\nisa\t\t: rv64imafdc\n"
                "mmu\t\t: sv39\nmvendorid\t: 0x0\nmarchid\t\t: 0x0\n"
                "mimpid\t\t: 0x0\n\n",
                i, i);
}

const struct linux_guest_abi linux_guest_abi_riscv64 = {
    .syscalls = &lx_generic_syscall_table,
    .stat_size = sizeof(struct lx_stat),
    .stat_from_host = lx_generic_stat_from_host,
    .epoll_event_size = 16,
    .sigaction_has_restorer = false,
    /* riscv does not define SA_RESTORER. */
    .sa_known_flags = 0x1ull | 0x2ull | LX_SA_SIGINFO | LX_SA_ONSTACK |
                      LX_SA_RESTART | LX_SA_NODEFER | LX_SA_RESETHAND,
    .semid_ds_padded = false,
    .cpuinfo = put_cpuinfo,
};
