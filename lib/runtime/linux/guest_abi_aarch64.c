/*
 * guest_abi_aarch64.c — the aarch64 guest's Linux ABI: the asm-generic
 * system-call numbers (shared with riscv64), asm-generic struct stat,
 * naturally aligned epoll_event, and a sigaction with sa_restorer (arm64
 * defines SA_RESTORER); its /proc/cpuinfo.
 */
#include <unistd.h>

#include "linux_internal.h"

/* One block per host CPU, in arm64 Linux 6.x's shape, with the features
 * AT_HWCAP reports (guest_aarch64.c). */
static void put_cpuinfo(struct rt_thread *t, FILE *out)
{
    (void)t;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    for (long i = 0; i < (cpus > 0 ? cpus : 1); i++)
        fprintf(out,
                "processor\t: %ld\nBogoMIPS\t: 100.00\nFeatures\t: atomics\n"
                "CPU implementer\t: 0x00\nCPU architecture: 8\n"
                "CPU variant\t: 0x0\nCPU part\t: 0x000\nCPU revision\t: 0\n\n",
                i);
}

const struct linux_guest_abi linux_guest_abi_aarch64 = {
    .syscalls = &lx_generic_syscall_table,
    .stat_size = sizeof(struct lx_stat),
    .stat_from_host = lx_generic_stat_from_host,
    .epoll_event_size = 16,
    .sigaction_has_restorer = true,
    .sa_known_flags = 0x1ull | 0x2ull | LX_SA_SIGINFO | LX_SA_ONSTACK |
                      LX_SA_RESTART | LX_SA_NODEFER | LX_SA_RESETHAND |
                      LX_SA_RESTORER,
    .semid_ds_padded = false,
    .cpuinfo = put_cpuinfo,
    .no_arch_calls = true,
};
