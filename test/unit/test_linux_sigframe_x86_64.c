/*
 * test_linux_sigframe_x86_64.c — x86-64 signals: the kernel sigaction
 * with sa_restorer, the rt_sigframe as Linux lays it out (red zone,
 * 64-byte aligned FXSAVE fpstate, rsp = 16n - 8 at the handler, pretcode
 * = the restorer), rt_sigreturn restoring every register, the flags and
 * the SSE state, and the frames of faults and of the x86-only traps.
 */
#define _GNU_SOURCE
#include <signal.h>

#include "dispatch_internal.h"
#include "x86_linux_harness.h"

enum { NR_RT_SIGACTION = 13, NR_RT_SIGRETURN = 15, NR_KILL = 62 };

TestSuite(sigframe_x86, .init = setup, .fini = teardown);

#define HANDLER 0x401800ull
#define RESTORER 0x401900ull

static void set_handler(int sig, uint64_t flags)
{
    struct lx_x86_sigaction act = {HANDLER, flags | LX_SA_RESTORER, RESTORER,
                                   lx_sigbit(SIGUSR2)};
    cr_assert_eq(mmu_write(proc.mmu, RW + 0x8000, &act, sizeof(act)), 0);
    cr_assert_eq(call(NR_RT_SIGACTION,
                      (const uint64_t[6]){(uint64_t)sig, RW + 0x8000, 0, 8}),
                 0);
}

static struct lx_x86_rt_sigframe read_frame(void)
{
    struct lx_x86_rt_sigframe f;
    cr_assert_eq(mmu_read(proc.mmu, cpu.gpr[X86_RSP_], &f, sizeof(f)), 0);
    return f;
}

Test(sigframe_x86, sigaction_keeps_the_restorer)
{
    set_handler(SIGUSR1, LX_SA_SIGINFO);
    cr_assert_eq(call(NR_RT_SIGACTION,
                      (const uint64_t[6]){SIGUSR1, 0, RW + 0x9000, 8}),
                 0);
    struct lx_x86_sigaction old;
    cr_assert_eq(mmu_read(proc.mmu, RW + 0x9000, &old, sizeof(old)), 0);
    cr_expect_eq(old.handler, HANDLER);
    cr_expect_eq(old.flags, LX_SA_SIGINFO | LX_SA_RESTORER);
    cr_expect_eq(old.restorer, RESTORER);
    cr_expect_eq(old.mask, lx_sigbit(SIGUSR2));
}

Test(sigframe_x86, frame_layout_and_sigreturn_round_trip)
{
    set_handler(SIGUSR1, LX_SA_SIGINFO);
    for (int i = 0; i < 16; i++)
        cpu.gpr[i] = 0x1000 + (uint64_t)i;
    const uint64_t sp = STACK_TOP - 0x1003; /* deliberately misaligned */
    cpu.gpr[X86_RSP_] = sp;
    cpu.ctx.pc = 0x401234;
    x86_set_rflags(&cpu, x86_rflags(&cpu) | 1u << X86_RF_CF |
                             1u << X86_RF_ZF | 1u << X86_RF_OF |
                             1u << X86_RF_DF);
    cpu.mxcsr = 0x1f80 | 0x6000; /* round toward zero */
    memset(cpu.xmm[3], 0xa5, 16);
    cr_assert_eq(call(NR_KILL, (const uint64_t[6]){(uint64_t)getpid(),
                                                   SIGUSR1}),
                 0);
    uint64_t before[16];
    memcpy(before, cpu.gpr, sizeof(before));
    uint64_t flags_before = x86_rflags(&cpu);
    linux_deliver_signals(&thread);

    uint64_t frame = cpu.gpr[X86_RSP_];
    cr_expect_eq(cpu.ctx.pc, HANDLER);
    cr_expect_eq(frame % 16, 8, "as right after a call");
    cr_expect_leq(frame + sizeof(struct lx_x86_rt_sigframe), sp - 128,
                  "the red zone is left alone");
    cr_expect_eq(cpu.gpr[X86_RDI_], SIGUSR1);
    cr_expect_eq(cpu.gpr[X86_RSI_], frame + 312);
    cr_expect_eq(cpu.gpr[X86_RDX_], frame + 8);
    cr_expect_eq(cpu.gpr[X86_RAX_], 0);
    cr_expect_eq(cpu.df, 0, "DF is clear in the handler");
    cr_expect_eq(cpu.mxcsr, 0x1f80, "a fresh FPU");
    cr_expect_eq(cpu.xmm[3][0], 0);

    struct lx_x86_rt_sigframe f = read_frame();
    const struct lx_x86_sigcontext *sc = &f.uc.uc_mcontext;
    cr_expect_eq(f.pretcode, RESTORER);
    cr_expect_eq(f.info.si_signo, SIGUSR1);
    cr_expect_eq(f.info.fields.kill.pid, getpid());
    cr_expect_eq(sc->rip, 0x401234);
    cr_expect_eq(sc->rsp, sp);
    cr_expect_eq(sc->rbx, before[X86_RBX_]);
    cr_expect_eq(sc->r15, before[X86_R15_]);
    cr_expect_eq(sc->rax, before[X86_RAX_]);
    cr_expect_eq(sc->eflags, flags_before);
    cr_expect_eq(sc->eflags & 0xcd5, 0xc41, "CF ZF DF OF");
    cr_expect_eq(sc->cs, 0x33);
    cr_expect_eq(f.uc.uc_flags, LX_UC_SIGCONTEXT_SS | LX_UC_STRICT_RESTORE_SS);
    cr_expect_eq(f.uc.uc_stack.ss_flags, LX_SS_DISABLE);
    cr_expect_eq(f.uc.uc_sigmask, 0);
    /* The FXSAVE image: 64-byte aligned, above the frame, below sp. */
    cr_expect_eq(sc->fpstate % 64, 0);
    cr_expect_geq(sc->fpstate, frame + sizeof(f));
    cr_expect_leq(sc->fpstate + 512, sp - 128);
    struct lx_x86_fpstate fp;
    cr_assert_eq(mmu_read(proc.mmu, sc->fpstate, &fp, sizeof(fp)), 0);
    cr_expect_eq(fp.mxcsr, 0x7f80);
    cr_expect_eq(fp.cwd, 0x37f);
    cr_expect_eq(fp.xmm_space[3 * 4], 0xa5a5a5a5);
    cr_expect_eq(fp.sw_reserved[0], 0, "no FP_XSTATE_MAGIC1: no xsave");

    /* The handler changes rax in the context and returns by `ret`. */
    uint64_t new_rax = 42;
    cr_assert_eq(mmu_write(proc.mmu, frame + 8 + 40 + 13 * 8, &new_rax, 8),
                 0);
    for (int i = 0; i < 16; i++)
        cpu.gpr[i] = 0xdead;
    cpu.gpr[X86_RSP_] = frame + 8;
    cpu.ctx.pc = RESTORER + 7;
    call(NR_RT_SIGRETURN, (const uint64_t[6]){0});
    cr_expect_eq(cpu.ctx.pc, 0x401234);
    for (int i = 0; i < 16; i++)
        cr_expect_eq(cpu.gpr[i], i == X86_RAX_ ? 42 : before[i], "gpr %d", i);
    cr_expect_eq(x86_rflags(&cpu), flags_before);
    cr_expect_eq(cpu.mxcsr, 0x7f80);
    cr_expect_eq(cpu.xmm[3][15], 0xa5);
    cr_expect_eq(thread.sig_mask, 0);
}

Test(sigframe_x86, page_fault_frame_has_trapno_err_and_cr2)
{
    set_handler(SIGSEGV, LX_SA_SIGINFO);
    cpu.ctx.pc = 0x401500;
    linux_raise_fault(&thread, SIGSEGV, SEGV_ACCERR, RO + 8);
    struct lx_x86_rt_sigframe f = read_frame();
    cr_expect_eq(f.info.si_signo, SIGSEGV);
    cr_expect_eq(f.info.fields.fault.addr, RO + 8);
    cr_expect_eq(f.uc.uc_mcontext.trapno, 14);
    cr_expect_eq(f.uc.uc_mcontext.err, 5, "user, protection");
    cr_expect_eq(f.uc.uc_mcontext.cr2, RO + 8);
    cr_expect_eq(f.uc.uc_mcontext.rip, 0x401500);
}

/* The traps only the x86-64 lifter raises, as Linux reports them. */
Test(sigframe_x86, divide_privileged_and_int3_traps)
{
    static const struct {
        enum ir_trap trap;
        int sig, code;
        uint64_t addr, trapno;
    } cases[] = {
        {IR_TRAP_DIVIDE_ERROR, SIGFPE, FPE_INTDIV, 0x401600, 0},
        {IR_TRAP_PRIVILEGED, SIGSEGV, SI_KERNEL, 0, 13},
        {IR_TRAP_BREAKPOINT, SIGTRAP, SI_KERNEL, 0, 3},
        {IR_TRAP_ILLEGAL, SIGILL, ILL_ILLOPN, 0x401600, 6},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        set_handler(cases[i].sig, LX_SA_SIGINFO | LX_SA_NODEFER);
        cpu.ctx.pc = 0x401600;
        cpu.gpr[X86_RSP_] = STACK_TOP - 0x2000;
        rt_raise_trap(&thread, cases[i].trap, 0x401600);
        cr_expect_eq(cpu.ctx.pc, HANDLER, "case %zu", i);
        struct lx_x86_rt_sigframe f = read_frame();
        cr_expect_eq(f.info.si_signo, cases[i].sig, "case %zu", i);
        cr_expect_eq(f.info.si_code, cases[i].code, "case %zu", i);
        cr_expect_eq(f.info.fields.fault.addr, cases[i].addr, "case %zu", i);
        cr_expect_eq(f.uc.uc_mcontext.trapno, cases[i].trapno, "case %zu", i);
    }
}

Test(sigframe_x86, divide_error_without_handler_kills, .signal = SIGFPE)
{
    rt_raise_trap(&thread, IR_TRAP_DIVIDE_ERROR, 0x401600);
}
