/*
 * aarch64_lift_branch.c — branches, exception generation and the system
 * instructions user space runs: hints (nop, yield, bti, pac*sp: NOPs
 * without pointer authentication), barriers, clrex, and mrs/msr of the
 * user-accessible system registers.
 */
#include "aarch64_lift.h"

#define A64_LR 30
/* CNTFRQ_EL0: the counter ticks at the rdtime helper's 10 MHz. */
#define A64_CNTFRQ 10000000ull
/* CTR_EL0 as QEMU's max CPU reports it (64-byte lines, IDC/DIC clear). */
#define A64_CTR 0x8444c004ull
/* DCZID_EL0.DZP: dc zva is prohibited (not implemented), so glibc's
 * memset does not use it. */
#define A64_DCZID 0x10ull

static uint64_t next_pc(const struct a64_lift *l) { return l->pc + 4; }

static uint64_t target(const struct a64_lift *l, unsigned lsb, unsigned len)
{
    return l->pc + (uint64_t)(a64_sbits(l->raw, lsb, len) * 4);
}

/* b, bl (flag: link). */
static int branch(const struct a64_lift *l, const struct a64_lift_op *op)
{
    if (op->flag)
        a64_put(l, A64_LR, false, 8, a64_const(l, next_pc(l)));
    ir_exit_jump(l->b, target(l, 0, 26));
    return 0;
}

static void exit_cond(const struct a64_lift *l, ir_temp taken, uint64_t to)
{
    ir_exit_if(l->b, taken, to);
    ir_exit_jump(l->b, next_pc(l));
}

static int b_cond(const struct a64_lift *l, const struct a64_lift_op *op)
{
    (void)op;
    unsigned cond = a64_bits(l->raw, 0, 4);
    if ((cond & 0xe) == 0xe) {
        ir_exit_jump(l->b, target(l, 5, 19));
        return 0;
    }
    exit_cond(l, a64_cond(l, cond), target(l, 5, 19));
    return 0;
}

/* cbz, cbnz (arg: IR_EQ or IR_NE against zero). */
static int cbz(const struct a64_lift *l, const struct a64_lift_op *op)
{
    ir_temp x = a64_get(l, a64_rd(l->raw), false);
    exit_cond(l, a64_binop(l, op->arg, a64_size(l), x, a64_const(l, 0)),
              target(l, 5, 19));
    return 0;
}

/* tbz, tbnz (flag: branch when the bit is set). */
static int tbz(const struct a64_lift *l, const struct a64_lift_op *op)
{
    unsigned bit = a64_bits(l->raw, 31, 1) << 5 | a64_bits(l->raw, 19, 5);
    ir_temp x = a64_get(l, a64_rd(l->raw), false);
    ir_temp v = a64_binop(l, IR_AND, 8, a64_shift(l, 8, x, 1, bit),
                          a64_const(l, 1));
    if (!op->flag)
        v = a64_binop(l, IR_XOR, 8, v, a64_const(l, 1));
    exit_cond(l, v, target(l, 5, 14));
    return 0;
}

/* br, blr, ret (flag: link). The target is read before x30 is written:
 * `blr x30` works. */
static int branch_reg(const struct a64_lift *l, const struct a64_lift_op *op)
{
    ir_temp to = a64_get(l, a64_rn(l->raw), false);
    if (op->flag)
        a64_put(l, A64_LR, false, 8, a64_const(l, next_pc(l)));
    ir_exit_indirect(l->b, to);
    return 0;
}

/* svc continues after itself once the runtime has run the call; brk
 * traps at itself. */
static int svc(const struct a64_lift *l, const struct a64_lift_op *op)
{
    (void)op;
    ir_exit_trap(l->b, IR_TRAP_SYSCALL, next_pc(l));
    return 0;
}

static int brk(const struct a64_lift *l, const struct a64_lift_op *op)
{
    (void)op;
    ir_exit_trap(l->b, IR_TRAP_BREAKPOINT, l->pc);
    return 0;
}

static int nothing(const struct a64_lift *l, const struct a64_lift_op *op)
{
    (void)l;
    (void)op;
    return 0;
}

static int fence(const struct a64_lift *l, const struct a64_lift_op *op)
{
    (void)op;
    ir_emit(l->b, IR_FENCE, 8, 0, 0, 0, 0, 0);
    return 0;
}

static int clrex(const struct a64_lift *l, const struct a64_lift_op *op)
{
    (void)op;
    ir_put(l->b, IR_CTX_OFF(resv_addr), 8, a64_const(l, IR_NO_RESERVATION));
    return 0;
}

/* op0:op1:CRn:CRm:op2 of mrs/msr, bits 19:5. */
enum {
    SYS_TPIDR = 0x5e82, SYS_TPIDRRO = 0x5e83, SYS_FPCR = 0x5a20,
    SYS_FPSR = 0x5a21, SYS_NZCV = 0x5a10, SYS_CNTVCT = 0x5f02,
    SYS_CNTFRQ = 0x5f00, SYS_CTR = 0x5801, SYS_DCZID = 0x5807,
};

/* NZCV as the register reads: N, Z, C, V in bits 31..28. */
static ir_temp read_nzcv(const struct a64_lift *l)
{
    static const size_t flags[4] = {A64_OFF(flag_v), A64_OFF(flag_c),
                                    A64_OFF(flag_z), A64_OFF(flag_n)};
    ir_temp r = a64_const(l, 0);
    for (unsigned i = 0; i < 4; i++)
        r = a64_binop(l, IR_OR, 8, r,
                      a64_shift(l, 8, ir_get(l->b, flags[i], 8), 0, 28 + i));
    return r;
}

static void write_nzcv(const struct a64_lift *l, ir_temp v)
{
    static const size_t flags[4] = {A64_OFF(flag_v), A64_OFF(flag_c),
                                    A64_OFF(flag_z), A64_OFF(flag_n)};
    for (unsigned i = 0; i < 4; i++)
        ir_put(l->b, flags[i], 8,
               a64_binop(l, IR_AND, 8, a64_shift(l, 8, v, 1, 28 + i),
                         a64_const(l, 1)));
}

static int mrs(const struct a64_lift *l, const struct a64_lift_op *op)
{
    (void)op;
    ir_temp v;
    switch (a64_bits(l->raw, 5, 15)) {
    case SYS_TPIDR: v = ir_get(l->b, A64_OFF(tpidr), 8); break;
    case SYS_TPIDRRO: v = a64_const(l, 0); break;
    case SYS_FPCR: v = ir_get(l->b, A64_OFF(fpcr), 8); break;
    case SYS_FPSR: v = ir_get(l->b, A64_OFF(fpsr), 8); break;
    case SYS_NZCV: v = read_nzcv(l); break;
    case SYS_CNTVCT: v = ir_call(l->b, IR_H_rdtime, 0, 0, 0, 0); break;
    case SYS_CNTFRQ: v = a64_const(l, A64_CNTFRQ); break;
    case SYS_CTR: v = a64_const(l, A64_CTR); break;
    case SYS_DCZID: v = a64_const(l, A64_DCZID); break;
    default: return -1;
    }
    a64_put(l, a64_rd(l->raw), false, 8, v);
    return 0;
}

/* FPCR and FPSR keep their bits for the FP lifter to come; the counters
 * and ID registers are read-only (EL0 writes trap: SIGILL). */
static int msr(const struct a64_lift *l, const struct a64_lift_op *op)
{
    (void)op;
    ir_temp v = a64_get(l, a64_rd(l->raw), false);
    switch (a64_bits(l->raw, 5, 15)) {
    case SYS_TPIDR: ir_put(l->b, A64_OFF(tpidr), 8, v); break;
    case SYS_FPCR: ir_put(l->b, A64_OFF(fpcr), 8, v); break;
    case SYS_FPSR: ir_put(l->b, A64_OFF(fpsr), 8, v); break;
    case SYS_NZCV: write_nzcv(l, v); break;
    default: return -1;
    }
    return 0;
}

const struct a64_lift_op a64_lift_branch[A64_OPCODE_COUNT] = {
    [A64_B] = {branch, 0, 0},
    [A64_BL] = {branch, 0, 1},
    [A64_B_COND] = {b_cond, 0, 0},
    [A64_CBZ] = {cbz, IR_EQ, 0},
    [A64_CBNZ] = {cbz, IR_NE, 0},
    [A64_TBZ] = {tbz, 0, 0},
    [A64_TBNZ] = {tbz, 0, 1},
    [A64_BR] = {branch_reg, 0, 0},
    [A64_BLR] = {branch_reg, 0, 1},
    [A64_RET] = {branch_reg, 0, 0},
    [A64_SVC] = {svc, 0, 0},
    [A64_BRK] = {brk, 0, 0},
    [A64_HINT] = {nothing, 0, 0},
    [A64_CLREX] = {clrex, 0, 0},
    [A64_DSB] = {fence, 0, 0},
    [A64_DMB] = {fence, 0, 0},
    [A64_ISB] = {nothing, 0, 0},
    [A64_MRS] = {mrs, 0, 0},
    [A64_MSR] = {msr, 0, 0},
};
