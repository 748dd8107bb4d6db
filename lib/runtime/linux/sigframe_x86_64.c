/*
 * sigframe_x86_64.c — x86-64 signal frames, as Linux builds them
 * (arch/x86/kernel/signal_64.c, fpu/signal.c) for a CPU without XSAVE:
 *
 *   sp - 128 (red zone), or the top of the alternate stack
 *   fpstate:  512-byte FXSAVE image, 64-byte aligned below that; the
 *             sw_reserved words stay zero (magic1 = 0: no xstate)
 *   frame:    struct rt_sigframe { pretcode; ucontext; siginfo }, placed
 *             so that rsp = &pretcode is 16-byte aligned minus 8, as
 *             right after a call
 *
 * The handler gets rdi = signal, rsi = &info, rdx = &uc, rax = 0, DF
 * clear and a fresh FPU; `ret` pops pretcode (glibc's __restore_rt, given
 * with SA_RESTORER), which calls rt_sigreturn with rsp just past it.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>

#include "linux_internal.h"
#include "signal_abi.h"
#include "x86_64_sse.h"
#include "x86_64_state.h"

#define FPSTATE_SIZE sizeof(struct lx_x86_fpstate)
#define FRAME_SIZE sizeof(struct lx_x86_rt_sigframe)
/* The mxcsr bits the FPU implements (DAZ included): others are #GP. */
#define MXCSR_MASK 0xffffu

_Static_assert(FPSTATE_SIZE == 512, "FXSAVE area");
_Static_assert(FRAME_SIZE == 440, "x86-64 rt_sigframe");

static struct x86_cpu *x86(struct rt_thread *t)
{
    return (struct x86_cpu *)t->cpu;
}

static uint64_t x86_stack_pointer(const struct ir_ctx *cpu)
{
    return ((const struct x86_cpu *)cpu)->gpr[X86_RSP_];
}

/* fpu__alloc_mathframe, then align_sigframe: round_down(sp, 16) - 8. */
static uint64_t x86_frame_address(uint64_t sp)
{
    uint64_t fpstate = (sp - FPSTATE_SIZE) & ~63ull;
    return ((fpstate - FRAME_SIZE) & ~15ull) - 8;
}

/* The fpstate lies just above the frame, at the next 64-byte boundary. */
static uint64_t fpstate_of(uint64_t frame)
{
    return (frame + FRAME_SIZE + 63) & ~63ull;
}

/* The exception a fault signal came from: trapno, error code, cr2. */
static void fault_context(const struct lx_siginfo *info,
                          struct lx_x86_sigcontext *sc)
{
    static const struct {
        int sig, code;
        uint64_t trapno;
    } traps[] = {
        {SIGFPE, FPE_INTDIV, 0},   {SIGTRAP, SI_KERNEL, 3},
        {SIGILL, ILL_ILLOPN, 6},   {SIGILL, ILL_ILLOPC, 6},
        {SIGSEGV, SI_KERNEL, 13},  {SIGSEGV, SEGV_MAPERR, 14},
        {SIGSEGV, SEGV_ACCERR, 14}, {SIGBUS, BUS_ADRERR, 14},
    };
    for (size_t i = 0; i < sizeof(traps) / sizeof(traps[0]); i++) {
        if (traps[i].sig != info->si_signo || traps[i].code != info->si_code)
            continue;
        sc->trapno = traps[i].trapno;
        if (sc->trapno != 14)
            return;
        /* A user-mode page fault: bit 2 user, bit 0 a present page. */
        sc->err = 4 | (info->si_code == SEGV_ACCERR ? 1 : 0);
        sc->cr2 = info->fields.fault.addr;
        return;
    }
}

/* The full tag word (x86_cpu.ftw) and FXSAVE's abridged byte convert as
 * fxsave/fxrstor do (x86_64_lift_sse_state.c): one bit per physical
 * register, set when not empty; restored tags follow the contents. */
static uint16_t abridged_tags(const struct x86_cpu *c)
{
    struct x86_sse_io io = {.a = c->ftw};
    return (uint16_t)x86_sse_op_FTW_ABRIDGE(&io);
}

static uint16_t full_tags(const struct x86_cpu *c, uint8_t abridged)
{
    struct x86_sse_io io = {.a = abridged, .src = &c->st[0][0]};
    return (uint16_t)x86_sse_op_FTW_EXPAND(&io);
}

static void save_fpstate(const struct x86_cpu *c, struct lx_x86_fpstate *fp)
{
    memset(fp, 0, sizeof(*fp));
    fp->cwd = c->fcw;
    fp->swd = (uint16_t)((c->fsw & ~0x3800u) | (c->ftop & 7u) << 11);
    fp->twd = abridged_tags(c);
    fp->mxcsr = c->mxcsr;
    fp->mxcsr_mask = MXCSR_MASK;
    /* st_space holds ST(0)..ST(7): physical register (top + i) % 8. */
    for (unsigned i = 0; i < 8; i++)
        memcpy(&fp->st_space[4 * i], c->st[(c->ftop + i) & 7], 16);
    memcpy(fp->xmm_space, c->xmm, sizeof(fp->xmm_space));
}

static void restore_fpstate(struct x86_cpu *c, const struct lx_x86_fpstate *fp)
{
    c->fcw = fp->cwd;
    c->ftop = (fp->swd >> 11) & 7;
    c->fsw = fp->swd & ~0x3800u;
    c->mxcsr = fp->mxcsr & MXCSR_MASK;
    for (unsigned i = 0; i < 8; i++)
        memcpy(c->st[(c->ftop + i) & 7], &fp->st_space[4 * i], 16);
    c->ftw = full_tags(c, (uint8_t)fp->twd);
    memcpy(c->xmm, fp->xmm_space, sizeof(fp->xmm_space));
}

/* The FPU a handler starts with (fpu__clear_user_states). */
static void reset_fpu(struct x86_cpu *c)
{
    c->fcw = X86_FCW_DEFAULT;
    c->fsw = 0;
    c->ftw = 0xffff; /* every register empty */
    c->ftop = 0;
    c->mxcsr = X86_MXCSR_DEFAULT;
    memset(c->st, 0, sizeof(c->st));
    memset(c->xmm, 0, sizeof(c->xmm));
}

static void save_context(const struct x86_cpu *c, struct lx_x86_sigcontext *sc)
{
    const uint64_t *g = c->gpr;
    sc->r8 = g[X86_R8_];   sc->r9 = g[X86_R9_];   sc->r10 = g[X86_R10_];
    sc->r11 = g[X86_R11_]; sc->r12 = g[X86_R12_]; sc->r13 = g[X86_R13_];
    sc->r14 = g[X86_R14_]; sc->r15 = g[X86_R15_]; sc->rdi = g[X86_RDI_];
    sc->rsi = g[X86_RSI_]; sc->rbp = g[X86_RBP_]; sc->rbx = g[X86_RBX_];
    sc->rdx = g[X86_RDX_]; sc->rax = g[X86_RAX_]; sc->rcx = g[X86_RCX_];
    sc->rsp = g[X86_RSP_];
    sc->rip = c->ctx.pc;
    sc->eflags = x86_rflags(c);
    sc->cs = 0x33; /* __USER_CS */
    sc->ss = 0x2b; /* __USER_DS */
}

static void restore_context(struct x86_cpu *c,
                            const struct lx_x86_sigcontext *sc)
{
    uint64_t *g = c->gpr;
    g[X86_R8_] = sc->r8;   g[X86_R9_] = sc->r9;   g[X86_R10_] = sc->r10;
    g[X86_R11_] = sc->r11; g[X86_R12_] = sc->r12; g[X86_R13_] = sc->r13;
    g[X86_R14_] = sc->r14; g[X86_R15_] = sc->r15; g[X86_RDI_] = sc->rdi;
    g[X86_RSI_] = sc->rsi; g[X86_RBP_] = sc->rbp; g[X86_RBX_] = sc->rbx;
    g[X86_RDX_] = sc->rdx; g[X86_RAX_] = sc->rax; g[X86_RCX_] = sc->rcx;
    g[X86_RSP_] = sc->rsp;
    c->ctx.pc = sc->rip;
    /* FIX_EFLAGS: the arithmetic flags, DF and AC come from the frame;
     * ID and the rest stay as they are. */
    uint64_t fix = 0x8d5ull | 1ull << 10 | X86_RFLAGS_AC;
    x86_set_rflags(c, (x86_rflags(c) & ~fix) | (sc->eflags & fix));
}

static int x86_setup_frame(struct rt_thread *t, uint64_t frame,
                           const struct lx_sigframe_args *args)
{
    struct x86_cpu *c = x86(t);
    struct lx_x86_rt_sigframe f;
    struct lx_x86_fpstate fp;
    uint64_t fp_addr = fpstate_of(frame);
    memset(&f, 0, sizeof(f));
    f.pretcode = args->restorer;
    f.uc.uc_flags = LX_UC_SIGCONTEXT_SS | LX_UC_STRICT_RESTORE_SS;
    f.uc.uc_stack = args->stack;
    save_context(c, &f.uc.uc_mcontext);
    fault_context(args->info, &f.uc.uc_mcontext);
    f.uc.uc_mcontext.oldmask = args->old_mask;
    f.uc.uc_mcontext.fpstate = fp_addr;
    f.uc.uc_sigmask = args->old_mask;
    f.info = *args->info;
    x86_mxcsr_sync(c); /* the flags inline SSE left in the host's MXCSR */
    save_fpstate(c, &fp);
    if (mmu_write(t->proc->mmu, fp_addr, &fp, sizeof(fp)) ||
        mmu_write(t->proc->mmu, frame, &f, sizeof(f)))
        return -EFAULT;
    c->gpr[X86_RDI_] = (uint64_t)args->sig;
    c->gpr[X86_RSI_] = frame + offsetof(struct lx_x86_rt_sigframe, info);
    c->gpr[X86_RDX_] = frame + offsetof(struct lx_x86_rt_sigframe, uc);
    c->gpr[X86_RAX_] = 0;
    c->gpr[X86_RSP_] = frame;
    c->ctx.pc = args->handler;
    c->df = 0;
    reset_fpu(c);
    return 0;
}

static int x86_restore_frame(struct rt_thread *t, uint64_t *mask,
                             struct lx_stack *stack)
{
    struct x86_cpu *c = x86(t);
    struct lx_x86_rt_sigframe f;
    /* `ret` popped pretcode: the frame starts 8 below rsp. */
    uint64_t frame = c->gpr[X86_RSP_] - 8;
    if (mmu_read(t->proc->mmu, frame, &f, sizeof(f)))
        return -EFAULT;
    const struct lx_x86_sigcontext *sc = &f.uc.uc_mcontext;
    struct lx_x86_fpstate fp;
    if (sc->fpstate &&
        mmu_read(t->proc->mmu, sc->fpstate, &fp, sizeof(fp)))
        return -EFAULT;
    restore_context(c, sc);
    x86_mxcsr_sync(c); /* drops the host's pending flags: replaced below */
    if (sc->fpstate)
        restore_fpstate(c, &fp);
    else
        reset_fpu(c); /* no saved state: the init state, as Linux */
    *mask = f.uc.uc_sigmask;
    *stack = f.uc.uc_stack;
    return 0;
}

/* mov eax, 15 (__NR_rt_sigreturn); syscall — for a handler installed
 * without SA_RESTORER, which Linux itself would not let return. */
static const uint8_t x86_sigreturn_code[] = {0xb8, 0x0f, 0x00, 0x00, 0x00,
                                             0x0f, 0x05};

const struct linux_signal_abi linux_signal_abi_x86_64 = {
    /* The most frame_address can take below sp. */
    .frame_size = FPSTATE_SIZE + 63 + FRAME_SIZE + 15 + 8,
    .frame_align = 16,
    .red_zone = 128,
    .frame_address = x86_frame_address,
    .stack_pointer = x86_stack_pointer,
    .setup_frame = x86_setup_frame,
    .restore_frame = x86_restore_frame,
    .sigreturn_code = x86_sigreturn_code,
    .sigreturn_code_len = sizeof(x86_sigreturn_code),
};
