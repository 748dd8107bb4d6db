/*
 * sigframe_aarch64.c — arm64 signal frames, as Linux 6.1 builds them
 * (arch/arm64/kernel/signal.c): struct rt_sigframe { siginfo; ucontext }
 * with uc_mcontext = struct sigcontext { fault_address, x0..x30, sp, pc,
 * pstate, __reserved[4096] } whose reserved area holds a list of records
 * (here the fpsimd_context, then the terminating null record), and above
 * it the frame record {fp, lr} x29 points at. The handler gets x0 =
 * signal, x1 = &info, x2 = &uc, sp = frame, x30 = the restorer (glibc's
 * SA_RESTORER, else our page of `mov x8, #139; svc #0`).
 */
#include <errno.h>
#include <string.h>

#include "aarch64.h"
#include "linux_internal.h"
#include "signal_abi.h"

enum { A64_X0 = 0, A64_X1 = 1, A64_X2 = 2, A64_FP = 29, A64_LR = 30 };

#define A64_FPSIMD_MAGIC 0x46508001u
#define A64_PSTATE_NZCV_SHIFT 28

struct lx_a64_ctx_head {
    uint32_t magic;
    uint32_t size;
};

struct lx_a64_fpsimd {
    struct lx_a64_ctx_head head;
    uint32_t fpsr, fpcr;
    uint8_t vregs[32][16];
};

struct lx_a64_sigcontext {
    uint64_t fault_address;
    uint64_t regs[31];
    uint64_t sp, pc, pstate;
    _Alignas(16) uint8_t reserved[4096];
};

struct lx_a64_ucontext {
    uint64_t uc_flags;
    uint64_t uc_link;
    struct lx_stack uc_stack;
    uint64_t uc_sigmask;
    uint8_t unused[1024 / 8 - LX_SIGSET_SIZE];
    struct lx_a64_sigcontext uc_mcontext;
};

struct lx_a64_rt_sigframe {
    struct lx_siginfo info;
    struct lx_a64_ucontext uc;
    uint64_t frame_record[2]; /* fp, lr */
};

_Static_assert(offsetof(struct lx_a64_rt_sigframe, uc.uc_mcontext) == 304,
               "arm64 sigcontext offset");

static struct a64_cpu *a64(struct rt_thread *t)
{
    return (struct a64_cpu *)t->cpu;
}

static uint64_t a64_stack_pointer(const struct ir_ctx *cpu)
{
    return ((const struct a64_cpu *)cpu)->x[A64_SP];
}

static uint64_t pstate(const struct a64_cpu *c)
{
    return (c->flag_n << 3 | c->flag_z << 2 | c->flag_c << 1 | c->flag_v)
           << A64_PSTATE_NZCV_SHIFT;
}

static void save_context(const struct a64_cpu *c, struct lx_a64_sigcontext *sc)
{
    memcpy(sc->regs, c->x, sizeof(sc->regs));
    sc->sp = c->x[A64_SP];
    sc->pc = c->ctx.pc;
    sc->pstate = pstate(c);
    struct lx_a64_fpsimd fp = {
        .head = {A64_FPSIMD_MAGIC, sizeof(struct lx_a64_fpsimd)},
        .fpsr = (uint32_t)c->fpsr,
        .fpcr = (uint32_t)c->fpcr,
    };
    memcpy(fp.vregs, c->v, sizeof(fp.vregs));
    memcpy(sc->reserved, &fp, sizeof(fp)); /* the null record follows */
}

static int a64_setup_frame(struct rt_thread *t, uint64_t frame,
                           const struct lx_sigframe_args *args)
{
    struct a64_cpu *c = a64(t);
    struct lx_a64_rt_sigframe f;
    memset(&f, 0, sizeof(f));
    f.info = *args->info;
    f.uc.uc_stack = args->stack;
    f.uc.uc_sigmask = args->old_mask;
    save_context(c, &f.uc.uc_mcontext);
    f.frame_record[0] = c->x[A64_FP];
    f.frame_record[1] = c->x[A64_LR];
    if (mmu_write(t->proc->mmu, frame, &f, sizeof(f)))
        return -EFAULT;
    c->x[A64_X0] = (uint64_t)args->sig;
    c->x[A64_X1] = frame + offsetof(struct lx_a64_rt_sigframe, info);
    c->x[A64_X2] = frame + offsetof(struct lx_a64_rt_sigframe, uc);
    c->x[A64_FP] = frame + offsetof(struct lx_a64_rt_sigframe, frame_record);
    c->x[A64_LR] = args->restorer;
    c->x[A64_SP] = frame;
    c->ctx.pc = args->handler;
    c->ctx.resv_addr = IR_NO_RESERVATION; /* exceptions clear the monitor */
    return 0;
}

static int a64_restore_frame(struct rt_thread *t, uint64_t *mask,
                             struct lx_stack *stack)
{
    struct a64_cpu *c = a64(t);
    struct lx_a64_rt_sigframe f;
    if (mmu_read(t->proc->mmu, c->x[A64_SP], &f, sizeof(f)))
        return -EFAULT;
    const struct lx_a64_sigcontext *sc = &f.uc.uc_mcontext;
    memcpy(c->x, sc->regs, sizeof(sc->regs));
    c->x[A64_SP] = sc->sp;
    c->ctx.pc = sc->pc;
    uint64_t nzcv = sc->pstate >> A64_PSTATE_NZCV_SHIFT;
    c->flag_n = (nzcv >> 3) & 1;
    c->flag_z = (nzcv >> 2) & 1;
    c->flag_c = (nzcv >> 1) & 1;
    c->flag_v = nzcv & 1;
    struct lx_a64_fpsimd fp;
    memcpy(&fp, sc->reserved, sizeof(fp));
    if (fp.head.magic == A64_FPSIMD_MAGIC) {
        c->fpsr = fp.fpsr;
        c->fpcr = fp.fpcr;
        memcpy(c->v, fp.vregs, sizeof(c->v));
    }
    c->ctx.resv_addr = IR_NO_RESERVATION;
    *mask = f.uc.uc_sigmask;
    *stack = f.uc.uc_stack;
    return 0;
}

/* movz x8, #139 (__NR_rt_sigreturn); svc #0 */
static const uint8_t a64_sigreturn_code[] = {0x68, 0x11, 0x80, 0xd2,
                                             0x01, 0x00, 0x00, 0xd4};

const struct linux_signal_abi linux_signal_abi_aarch64 = {
    .frame_size = sizeof(struct lx_a64_rt_sigframe),
    .frame_align = 16,
    .stack_pointer = a64_stack_pointer,
    .setup_frame = a64_setup_frame,
    .restore_frame = a64_restore_frame,
    .sigreturn_code = a64_sigreturn_code,
    .sigreturn_code_len = sizeof(a64_sigreturn_code),
};
