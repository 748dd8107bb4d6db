/*
 * guest_riscv64.c — what the runtime needs to know about RISC-V 64 guests:
 * its lifter, its system-call registers, its initial register state.
 */
#define _GNU_SOURCE /* TRAP_BRKPT */
#include <elf.h>
#include <signal.h>
#include <string.h>

#include "process.h"
#include "riscv64.h"
#include "guest_abi.h"
#include "signal_abi.h"

enum { RV_SP = 2, RV_TP = 4, RV_A0 = 10, RV_A7 = 17 };

/* Sv39 user space, as Linux gives a riscv64 process by default. */
#define RV64_ADDRESS_SPACE (1ull << 38)
/* Linux's ELF_ET_DYN_BASE for riscv64: 2/3 of that, page-aligned. */
#define RV64_DYN_BASE 0x2aaaaaa000ull

/* AT_HWCAP bits: one per single-letter extension, bit (letter - 'a'). */
#define RV_HWCAP(c) (1ull << ((c) - 'a'))

static const struct rv_cpu *rv(const struct ir_ctx *cpu)
{
    return (const struct rv_cpu *)cpu;
}

static uint64_t rv_syscall_nr(const struct ir_ctx *cpu)
{
    return rv(cpu)->x[RV_A7];
}

static void rv_syscall_args(const struct ir_ctx *cpu, uint64_t args[6])
{
    memcpy(args, &rv(cpu)->x[RV_A0], 6 * sizeof(uint64_t));
}

static void rv_syscall_set_result(struct ir_ctx *cpu, uint64_t value)
{
    ((struct rv_cpu *)cpu)->x[RV_A0] = value;
}

static void rv_set_entry(struct ir_ctx *cpu, uint64_t pc, uint64_t sp)
{
    struct rv_cpu *c = (struct rv_cpu *)cpu;
    c->ctx.pc = pc;
    c->x[RV_SP] = sp;
    /* Linux leaves a0 = 0 (no rtld_fini for a static program). */
    c->x[RV_A0] = 0;
}

static uint64_t rv_hwcap(void)
{
    return RV_HWCAP('i') | RV_HWCAP('m') | RV_HWCAP('a') | RV_HWCAP('f') |
           RV_HWCAP('d') | RV_HWCAP('c');
}

static void rv_set_clone_child(struct ir_ctx *cpu, uint64_t sp, bool set_tls,
                               uint64_t tls)
{
    struct rv_cpu *c = (struct rv_cpu *)cpu;
    c->x[RV_A0] = 0;
    if (sp)
        c->x[RV_SP] = sp;
    if (set_tls)
        c->x[RV_TP] = tls;
    c->ctx.resv_addr = IR_NO_RESERVATION;
}

const struct rt_guest rt_guest_riscv64 = {
    .name = "riscv64",
    .elf_machine = EM_RISCV,
    .address_space = RV64_ADDRESS_SPACE,
    .cpu_size = sizeof(struct rv_cpu),
    .lift_block = rv_lift_block,
    .syscall_nr = rv_syscall_nr,
    .syscall_args = rv_syscall_args,
    .syscall_set_result = rv_syscall_set_result,
    .set_entry = rv_set_entry,
    .set_clone_child = rv_set_clone_child,
    .syscall_insn_len = 4, /* ecall; there is no compressed form */
    .hwcap = rv_hwcap,
    .platform = NULL,
    .dyn_base = RV64_DYN_BASE,
    .default_sysroot = "/usr/riscv64-linux-gnu",
    .breakpoint_si_code = TRAP_BRKPT,
    .illegal_si_code = ILL_ILLOPC,
    .linux_abi = &linux_guest_abi_riscv64,
    .signal_abi = &linux_signal_abi_riscv64,
};
