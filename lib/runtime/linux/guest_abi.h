/*
 * guest_abi.h — what differs between guests in the Linux layer besides
 * the signal frame (signal_abi.h): the system-call numbering and the few
 * structures whose layout is architecture-specific. One instance per
 * guest (guest_abi_riscv64.c, guest_abi_x86_64.c), reached through
 * rt_guest.linux_abi; every handler stays guest-neutral and asks here.
 */
#ifndef VM_LINUX_GUEST_ABI_H
#define VM_LINUX_GUEST_ABI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "strace.h"

struct rt_thread;
struct stat;

typedef int64_t lx_handler(struct rt_thread *t, const uint64_t a[6]);

/* One system call: its name (as <asm/unistd*.h> spells it after __NR_),
 * its handler and its --strace argument kinds (strace.h). */
struct lx_syscall {
    const char *name;
    lx_handler *handler;
    uint8_t kinds[LX_STRACE_MAX_ARGS + 1];
};

/* A guest's calls indexed by number; unnamed slots are unknown calls. */
struct lx_syscall_table {
    const struct lx_syscall *calls;
    unsigned count;
};

struct linux_guest_abi {
    const struct lx_syscall_table *syscalls;
    /* struct stat as stat, fstat and newfstatat write it. */
    size_t stat_size;
    void (*stat_from_host)(void *out, const struct stat *in);
    /* struct epoll_event: 16 bytes naturally aligned, 12 packed (x86-64). */
    size_t epoll_event_size;
    /* The kernel's struct sigaction has sa_restorer before sa_mask. */
    bool sigaction_has_restorer;
    /* The sa_flags the kernel keeps (others read back as zero). */
    uint64_t sa_known_flags;
    /* struct semid_ds has a padding word after each time (x86-64), not
     * asm-generic's bare times (riscv64). */
    bool semid_ds_padded;
    /* /proc/cpuinfo. */
    void (*cpuinfo)(struct rt_thread *t, FILE *out);
    /* asm-generic's arch-specific numbers (LX_ARCH_CALLS_*) are not this
     * guest's: arm64 has none of riscv64's calls there. */
    bool no_arch_calls;
};

#define LX_ARCH_CALLS_FIRST 244 /* __NR_arch_specific_syscall */
#define LX_ARCH_CALLS_LAST 259

/* The asm-generic numbering (linux_syscalls.h), riscv64's and aarch64's:
 * the two riscv_* calls (258, 259) are riscv64's own, ENOSYS on arm64
 * (linux_guest_abi.no_arch_calls). */
extern const struct lx_syscall_table lx_generic_syscall_table;
/* asm-generic struct stat from the host's (riscv64, aarch64). */
void lx_generic_stat_from_host(void *out, const struct stat *in);

extern const struct linux_guest_abi linux_guest_abi_riscv64;
extern const struct linux_guest_abi linux_guest_abi_aarch64;
extern const struct linux_guest_abi linux_guest_abi_x86_64;

/* Call nr of a guest's table, or NULL when the guest has no such call. */
static inline const struct lx_syscall *
lx_syscall_lookup(const struct linux_guest_abi *abi, uint64_t nr)
{
    const struct lx_syscall_table *tab = abi->syscalls;
    if (abi->no_arch_calls && nr >= LX_ARCH_CALLS_FIRST &&
        nr <= LX_ARCH_CALLS_LAST)
        return NULL;
    return nr < tab->count && tab->calls[nr].name ? &tab->calls[nr] : NULL;
}

#endif
