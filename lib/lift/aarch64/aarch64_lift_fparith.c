/*
 * aarch64_lift_fparith.c — scalar FP arithmetic, compares, conversions
 * and selects (single and double). The value-changing operations call the
 * a64_fp helper (lib/lift/ir_a64_fp.c: A64's NaNs, rounding and FPSR
 * flags); moves, fabs, fneg, fcsel and fmov #imm are bit operations done
 * in IR. A scalar write clears the rest of the vector register.
 */
#include "aarch64_lift.h"

static bool is_double(const struct a64_lift *l)
{
    return a64_bits(l->raw, 22, 2) == 1;
}

static void put_scalar(const struct a64_lift *l, unsigned reg, ir_temp v)
{
    ir_put(l->b, A64_V_OFF(reg), 8, v);
    ir_put(l->b, A64_V_OFF(reg) + 8, 8, a64_const(l, 0));
}

static ir_temp get_scalar(const struct a64_lift *l, unsigned reg)
{
    return ir_get(l->b, A64_V_OFF(reg), is_double(l) ? 8 : 4);
}

/* The four flags from the helper's NZCV result (N in bit 3). */
static void put_nzcv(const struct a64_lift *l, ir_temp nzcv)
{
    static const size_t offs[4] = {A64_OFF(flag_v), A64_OFF(flag_c),
                                   A64_OFF(flag_z), A64_OFF(flag_n)};
    for (unsigned i = 0; i < 4; i++) {
        ir_temp bit = i ? a64_binop(l, IR_SHR, 8, nzcv, a64_const(l, i)) : nzcv;
        ir_put(l->b, offs[i], 8,
               a64_binop(l, IR_AND, 8, bit, a64_const(l, 1)));
    }
}

/* arg: enum a64_fp_op. The helper reads and writes the FP registers
 * itself; a is the general register or condition the class reads. */
static int helper(const struct a64_lift *l, const struct a64_lift_op *op)
{
    ir_temp a = a64_const(l, 0);
    if (op->arg == A64_FP_FROM_INT)
        a = a64_get(l, a64_rn(l->raw), false);
    else if (op->arg == A64_FP_CCMP)
        a = a64_cond(l, a64_bits(l->raw, 12, 4));
    ir_temp r = ir_call(l->b, IR_H_a64_fp, a, 0, 0,
                        (uint64_t)op->arg << 32 | l->raw);
    if (op->arg == A64_FP_CMP || op->arg == A64_FP_CCMP)
        put_nzcv(l, r);
    else if (op->arg == A64_FP_TO_INT)
        a64_put(l, a64_rd(l->raw), false, a64_size(l), r);
    return 0;
}

enum { MOV, ABS, NEG };

/* fmov, fabs, fneg (Vd, Vn): the sign bit kept, cleared or flipped. */
static int sign_op(const struct a64_lift *l, const struct a64_lift_op *op)
{
    unsigned size = is_double(l) ? 8 : 4;
    uint64_t sign = 1ull << (8 * size - 1);
    ir_temp v = get_scalar(l, a64_rn(l->raw));
    if (op->arg == ABS)
        v = a64_binop(l, IR_AND, 8, v, a64_const(l, ~sign));
    else if (op->arg == NEG)
        v = a64_binop(l, IR_XOR, 8, v, a64_const(l, sign));
    put_scalar(l, a64_rd(l->raw), v);
    return 0;
}

static int fcsel(const struct a64_lift *l, const struct a64_lift_op *op)
{
    (void)op;
    ir_temp holds = a64_cond(l, a64_bits(l->raw, 12, 4));
    put_scalar(l, a64_rd(l->raw),
               ir_select(l->b, holds, get_scalar(l, a64_rn(l->raw)),
                         get_scalar(l, a64_rm(l->raw))));
    return 0;
}

static int fmov_imm(const struct a64_lift *l, const struct a64_lift_op *op)
{
    (void)op;
    put_scalar(l, a64_rd(l->raw),
               a64_const(l, a64_fp_expand_imm(a64_bits(l->raw, 13, 8),
                                              is_double(l))));
    return 0;
}

#define BOTH(name, fn, arg) [A64_##name##_S] = {fn, arg, 0}, \
                            [A64_##name##_D] = {fn, arg, 0}

const struct a64_lift_op a64_lift_fparith[A64_OPCODE_COUNT] = {
    BOTH(FMUL, helper, A64_FP_ARITH2), BOTH(FDIV, helper, A64_FP_ARITH2),
    BOTH(FADD, helper, A64_FP_ARITH2), BOTH(FSUB, helper, A64_FP_ARITH2),
    BOTH(FMAX, helper, A64_FP_ARITH2), BOTH(FMIN, helper, A64_FP_ARITH2),
    BOTH(FMAXNM, helper, A64_FP_ARITH2), BOTH(FMINNM, helper, A64_FP_ARITH2),
    BOTH(FNMUL, helper, A64_FP_ARITH2),
    BOTH(FMOV_R, sign_op, MOV), BOTH(FABS, sign_op, ABS),
    BOTH(FNEG, sign_op, NEG),
    BOTH(FSQRT, helper, A64_FP_ARITH1), BOTH(FRINTN, helper, A64_FP_ARITH1),
    BOTH(FRINTP, helper, A64_FP_ARITH1), BOTH(FRINTM, helper, A64_FP_ARITH1),
    BOTH(FRINTZ, helper, A64_FP_ARITH1), BOTH(FRINTA, helper, A64_FP_ARITH1),
    BOTH(FRINTX, helper, A64_FP_ARITH1), BOTH(FRINTI, helper, A64_FP_ARITH1),
    [A64_FCVT_SD] = {helper, A64_FP_ARITH1, 0},
    [A64_FCVT_DS] = {helper, A64_FP_ARITH1, 0},
    BOTH(FCMP, helper, A64_FP_CMP), BOTH(FCMP_Z, helper, A64_FP_CMP),
    BOTH(FCMPE, helper, A64_FP_CMP), BOTH(FCMPE_Z, helper, A64_FP_CMP),
    BOTH(FCCMP, helper, A64_FP_CCMP), BOTH(FCCMPE, helper, A64_FP_CCMP),
    BOTH(FCSEL, fcsel, 0),
    [A64_FMOV_IS] = {fmov_imm, 0, 0}, [A64_FMOV_ID] = {fmov_imm, 0, 0},
    BOTH(FMADD, helper, A64_FP_FMA), BOTH(FMSUB, helper, A64_FP_FMA),
    BOTH(FNMADD, helper, A64_FP_FMA), BOTH(FNMSUB, helper, A64_FP_FMA),
    BOTH(FCVTNS, helper, A64_FP_TO_INT), BOTH(FCVTNU, helper, A64_FP_TO_INT),
    BOTH(FCVTAS, helper, A64_FP_TO_INT), BOTH(FCVTAU, helper, A64_FP_TO_INT),
    BOTH(FCVTPS, helper, A64_FP_TO_INT), BOTH(FCVTPU, helper, A64_FP_TO_INT),
    BOTH(FCVTMS, helper, A64_FP_TO_INT), BOTH(FCVTMU, helper, A64_FP_TO_INT),
    BOTH(FCVTZS, helper, A64_FP_TO_INT), BOTH(FCVTZU, helper, A64_FP_TO_INT),
    BOTH(SCVTF, helper, A64_FP_FROM_INT), BOTH(UCVTF, helper, A64_FP_FROM_INT),
};
