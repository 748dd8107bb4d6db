/*
 * guest_x86_64.c — what the runtime needs to know about x86-64 guests:
 * the lifter, the system-call registers (number in rax, arguments in
 * rdi, rsi, rdx, r10, r8, r9, result in rax), the state Linux starts a
 * process and a clone child in, and AT_HWCAP as the kernel derives it
 * from cpuid.
 */
#define _GNU_SOURCE /* SI_KERNEL, ILL_ILLOPN */
#include <elf.h>
#include <signal.h>
#include <string.h>

#include "guest_abi.h"
#include "dead_flags.h"
#include "process.h"
#include "signal_abi.h"
#include "x86_64.h"
#include "x86_64_sse.h"

/*
 * User space is 2^47 on x86-64, but a flat arena of that size does not
 * fit in the host's own 2^47 (vm-run lives there too): the guest gets
 * the lower half. ELF_ET_DYN_BASE is then 2/3 of it, as Linux computes
 * it for its TASK_SIZE.
 */
#define X86_ADDRESS_SPACE (1ull << 46)
#define X86_DYN_BASE ((X86_ADDRESS_SPACE / 3 * 2) & ~0xfffull)

static const struct x86_cpu *x86c(const struct ir_ctx *cpu)
{
    return (const struct x86_cpu *)cpu;
}

static uint64_t x86_syscall_nr(const struct ir_ctx *cpu)
{
    return x86c(cpu)->gpr[X86_RAX_];
}

static void x86_syscall_args(const struct ir_ctx *cpu, uint64_t args[6])
{
    static const enum x86_gpr regs[6] = {X86_RDI_, X86_RSI_, X86_RDX_,
                                         X86_R10_, X86_R8_, X86_R9_};
    for (int i = 0; i < 6; i++)
        args[i] = x86c(cpu)->gpr[regs[i]];
}

/* The syscall instruction leaves the return address in rcx and rflags in
 * r11; the kernel's sysret keeps them so. */
static void x86_syscall_set_result(struct ir_ctx *cpu, uint64_t value)
{
    struct x86_cpu *c = (struct x86_cpu *)cpu;
    c->gpr[X86_RAX_] = value;
    c->gpr[X86_RCX_] = c->ctx.pc;
    c->gpr[X86_R11_] = x86_rflags(c);
}

/* As start_thread and ELF_PLAT_INIT leave it: every general register 0
 * (rdx: no rtld_fini), flags clear, the FPU after finit. */
static void x86_set_entry(struct ir_ctx *cpu, uint64_t pc, uint64_t sp)
{
    struct x86_cpu *c = (struct x86_cpu *)cpu;
    memset(c->gpr, 0, sizeof(c->gpr));
    c->ctx.pc = pc;
    c->gpr[X86_RSP_] = sp;
    x86_set_rflags(c, X86_RFLAGS_FIXED);
    c->fs_base = c->gs_base = 0;
    c->mxcsr = X86_MXCSR_DEFAULT;
    x86_mxcsr_discard(); /* host flags raised before are not the guest's */
    c->fcw = X86_FCW_DEFAULT;
    c->ftw = 0xffff; /* full tag word: every x87 register empty */
}

static void x86_set_clone_child(struct ir_ctx *cpu, uint64_t sp, bool set_tls,
                                uint64_t tls)
{
    struct x86_cpu *c = (struct x86_cpu *)cpu;
    c->gpr[X86_RAX_] = 0;
    if (sp)
        c->gpr[X86_RSP_] = sp;
    if (set_tls)
        c->fs_base = tls;
}

/* Linux's AT_HWCAP on x86-64 is cpuid(1).edx: ask the guest's cpuid. */
static uint64_t x86_hwcap(void)
{
    struct x86_cpu scratch;
    memset(&scratch, 0, sizeof(scratch));
    scratch.gpr[X86_RAX_] = 1;
    ir_helper_x86_cpuid(&scratch.ctx, 0, 0, 0, 0);
    return (uint32_t)scratch.gpr[X86_RDX_];
}

/* The flag words the dead-flag pass may delete writes of (not DF: it is
 * set by cld/std only and read by every string instruction). */
static const struct opt_flag_words x86_flag_words = {
    .n = 6,
    .off = {X86_FLAG_OFF(cf), X86_FLAG_OFF(zf_src), X86_FLAG_OFF(pf_src),
            X86_FLAG_OFF(sf_src), X86_FLAG_OFF(of_a), X86_FLAG_OFF(of_b)},
};

const struct rt_guest rt_guest_x86_64 = {
    .name = "x86_64",
    .elf_machine = EM_X86_64,
    .address_space = X86_ADDRESS_SPACE,
    .cpu_size = sizeof(struct x86_cpu),
    .lift_block = x86_lift_block,
    .syscall_nr = x86_syscall_nr,
    .syscall_args = x86_syscall_args,
    .syscall_set_result = x86_syscall_set_result,
    .set_entry = x86_set_entry,
    .set_clone_child = x86_set_clone_child,
    .syscall_insn_len = 2, /* 0f 05 */
    .hwcap = x86_hwcap,
    .has_hwcap2 = true,
    .platform = "x86_64",
    .dyn_base = X86_DYN_BASE,
    .tso = true,
    .default_sysroot = NULL,
    .breakpoint_si_code = SI_KERNEL,
    .illegal_si_code = ILL_ILLOPN,
    .linux_abi = &linux_guest_abi_x86_64,
    .signal_abi = &linux_signal_abi_x86_64,
    .flag_words = &x86_flag_words,
    .misaligned_is_gp = true,
};
