/*
 * guest_aarch64.c — what the runtime needs to know about AArch64 guests:
 * the lifter, the system-call registers (number in x8, arguments in
 * x0..x5, result in x0), the state Linux starts a process and a clone
 * child in, and AT_HWCAP: exactly what the lifter implements beyond the
 * base ISA — LSE atomics — so no FP, ASIMD or CPUID bit (glibc keeps to
 * the base ISA where it asks; its startup still uses FP/SIMD registers).
 */
#define _GNU_SOURCE /* TRAP_BRKPT */
#include <elf.h>
#include <signal.h>
#include <string.h>

#include "aarch64.h"
#include "dead_flags.h"
#include "guest_abi.h"
#include "process.h"
#include "signal_abi.h"

enum { A64_X0 = 0, A64_X8 = 8 };

/* Linux arm64 gives user space 2^48 bytes, which does not fit beside
 * vm-run in the host's 2^47: the guest gets 2^46, as x86-64's does.
 * ELF_ET_DYN_BASE is 2/3 of it. */
#define A64_ADDRESS_SPACE (1ull << 46)
#define A64_DYN_BASE ((A64_ADDRESS_SPACE / 3 * 2) & ~0xfffull)

static const struct a64_cpu *a64c(const struct ir_ctx *cpu)
{
    return (const struct a64_cpu *)cpu;
}

static uint64_t a64_syscall_nr(const struct ir_ctx *cpu)
{
    return a64c(cpu)->x[A64_X8];
}

static void a64_syscall_args(const struct ir_ctx *cpu, uint64_t args[6])
{
    memcpy(args, &a64c(cpu)->x[A64_X0], 6 * sizeof(uint64_t));
}

static void a64_syscall_set_result(struct ir_ctx *cpu, uint64_t value)
{
    ((struct a64_cpu *)cpu)->x[A64_X0] = value;
}

/* start_thread: every register 0 (x0: no rtld_fini), flags clear. */
static void a64_set_entry(struct ir_ctx *cpu, uint64_t pc, uint64_t sp)
{
    struct a64_cpu *c = (struct a64_cpu *)cpu;
    memset(c->x, 0, sizeof(c->x));
    c->flag_n = c->flag_z = c->flag_c = c->flag_v = 0;
    c->ctx.pc = pc;
    c->x[A64_SP] = sp;
    c->tpidr = 0;
}

static void a64_set_clone_child(struct ir_ctx *cpu, uint64_t sp, bool set_tls,
                                uint64_t tls)
{
    struct a64_cpu *c = (struct a64_cpu *)cpu;
    c->x[A64_X0] = 0;
    if (sp)
        c->x[A64_SP] = sp;
    if (set_tls)
        c->tpidr = tls;
    c->ctx.resv_addr = IR_NO_RESERVATION;
}

/* HWCAP_ATOMICS (asm/hwcap.h). */
#define A64_HWCAP_ATOMICS (1ull << 8)

static uint64_t a64_hwcap(void)
{
    return A64_HWCAP_ATOMICS;
}

/* The flag words the dead-flag pass may delete writes of. */
static const struct opt_flag_words a64_flag_words = {
    .n = 4,
    .off = {A64_OFF(flag_n), A64_OFF(flag_z), A64_OFF(flag_c),
            A64_OFF(flag_v)},
};

const struct rt_guest rt_guest_aarch64 = {
    .name = "aarch64",
    .elf_machine = EM_AARCH64,
    .address_space = A64_ADDRESS_SPACE,
    .cpu_size = sizeof(struct a64_cpu),
    .lift_block = a64_lift_block,
    .syscall_nr = a64_syscall_nr,
    .syscall_args = a64_syscall_args,
    .syscall_set_result = a64_syscall_set_result,
    .set_entry = a64_set_entry,
    .set_clone_child = a64_set_clone_child,
    .syscall_insn_len = 4, /* svc #0 */
    .hwcap = a64_hwcap,
    .has_hwcap2 = true,
    .platform = "aarch64",
    .dyn_base = A64_DYN_BASE,
    .default_sysroot = "/usr/aarch64-linux-gnu",
    .breakpoint_si_code = TRAP_BRKPT,
    .illegal_si_code = ILL_ILLOPC,
    .linux_abi = &linux_guest_abi_aarch64,
    .signal_abi = &linux_signal_abi_aarch64,
    .flag_words = &a64_flag_words,
};
