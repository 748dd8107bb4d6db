/*
 * sigframe_riscv64.c — riscv64 signal frames, as Linux 6.1 builds them
 * (arch/riscv/kernel/signal.c): struct rt_sigframe { siginfo; ucontext }
 * on the stack, 16-byte aligned; the handler gets a0 = signal, a1 =
 * &info, a2 = &uc, sp = frame, ra = the sigreturn trampoline (Linux's is
 * in the vDSO; ours is a page holding `li a7, 139; ecall`).
 *
 * fcsr is split in ir_ctx: frm in bits 7:5, fflags in bits 4:0.
 */
#include <errno.h>
#include <string.h>

#include "linux_internal.h"
#include "riscv64.h"
#include "signal_abi.h"

enum { RV_RA = 1, RV_SP = 2, RV_A0 = 10, RV_A1 = 11, RV_A2 = 12 };

static struct rv_cpu *rv(struct rt_thread *t)
{
    return (struct rv_cpu *)t->cpu;
}

static uint64_t rv_stack_pointer(const struct ir_ctx *cpu)
{
    return ((const struct rv_cpu *)cpu)->x[RV_SP];
}

static void save_context(const struct rv_cpu *c, struct lx_rv_sigcontext *sc)
{
    sc->sc_regs.pc = c->ctx.pc;
    memcpy(sc->sc_regs.x, &c->x[1], sizeof(sc->sc_regs.x));
    memcpy(sc->sc_fpregs.f, c->f, sizeof(c->f));
    sc->sc_fpregs.fcsr = (c->ctx.frm & 7) << 5 | (c->ctx.fflags & 0x1f);
}

static int rv_setup_frame(struct rt_thread *t, uint64_t frame,
                          const struct lx_sigframe_args *args)
{
    struct rv_cpu *c = rv(t);
    struct lx_rv_rt_sigframe f;
    memset(&f, 0, sizeof(f));
    f.info = *args->info;
    f.uc.uc_stack = args->stack;
    f.uc.uc_sigmask = args->old_mask;
    save_context(c, &f.uc.uc_mcontext);
    if (mmu_write(t->proc->mmu, frame, &f, sizeof(f)))
        return -EFAULT;
    c->x[RV_RA] = args->restorer;
    c->x[RV_SP] = frame;
    c->x[RV_A0] = (uint64_t)args->sig;
    c->x[RV_A1] = frame + offsetof(struct lx_rv_rt_sigframe, info);
    c->x[RV_A2] = frame + offsetof(struct lx_rv_rt_sigframe, uc);
    c->ctx.pc = args->handler;
    c->ctx.resv_addr = IR_NO_RESERVATION; /* a trap drops LR reservations */
    return 0;
}

static int rv_restore_frame(struct rt_thread *t, uint64_t *mask,
                            struct lx_stack *stack)
{
    struct rv_cpu *c = rv(t);
    struct lx_rv_rt_sigframe f;
    if (mmu_read(t->proc->mmu, c->x[RV_SP], &f, sizeof(f)))
        return -EFAULT;
    const struct lx_rv_sigcontext *sc = &f.uc.uc_mcontext;
    /* Reserved for future extension state: Linux rejects non-zero. */
    for (int i = 0; i < 3; i++)
        if (sc->sc_fpregs.reserved[i])
            return -EINVAL;
    c->ctx.pc = sc->sc_regs.pc;
    memcpy(&c->x[1], sc->sc_regs.x, sizeof(sc->sc_regs.x));
    memcpy(c->f, sc->sc_fpregs.f, sizeof(c->f));
    c->ctx.fflags = sc->sc_fpregs.fcsr & 0x1f;
    c->ctx.frm = (sc->sc_fpregs.fcsr >> 5) & 7;
    c->ctx.resv_addr = IR_NO_RESERVATION;
    *mask = f.uc.uc_sigmask;
    *stack = f.uc.uc_stack;
    return 0;
}

/* addi a7, zero, 139 (__NR_rt_sigreturn); ecall */
static const uint8_t rv_sigreturn_code[] = {0x93, 0x08, 0xb0, 0x08,
                                            0x73, 0x00, 0x00, 0x00};

const struct linux_signal_abi linux_signal_abi_riscv64 = {
    .frame_size = sizeof(struct lx_rv_rt_sigframe),
    .frame_align = 16,
    .stack_pointer = rv_stack_pointer,
    .setup_frame = rv_setup_frame,
    .restore_frame = rv_restore_frame,
    .sigreturn_code = rv_sigreturn_code,
    .sigreturn_code_len = sizeof(rv_sigreturn_code),
};
