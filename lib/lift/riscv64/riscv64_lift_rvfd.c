/*
 * riscv64_lift_rvfd.c — F and D computation: arithmetic, fused multiply-
 * add, min/max, compares, classification and conversions, each a CALL of
 * the matching IR helper (which rounds, raises fflags and canonicalises
 * NaNs). The lifter's part is operand plumbing: which register file each
 * side lives in, NaN-unboxing single operands, NaN-boxing single results,
 * and rejecting the reserved rounding modes.
 */
#include "riscv64_lift.h"

/* flag bits */
#define FP_RM    1 /* has a rounding-mode field */
#define FP_SRC_X 2 /* the operand is an integer register */
#define FP_DST_X 4 /* the result goes to an integer register */
#define FP_DST_S 8 /* the result is a single: NaN-box it */

/* op->size is the precision of FP operands: 4 reads them NaN-unboxed. */
static ir_temp operand(const struct rv_lift *l, const struct rv_lift_op *op,
                       unsigned reg)
{
    if (op->flag & FP_SRC_X)
        return rv_get_x(l, reg);
    if (op->size == 4)
        return rv_get_f_single(l, reg);
    return rv_get_f(l, reg);
}

/* rm 5 and 6 are reserved; 7 (dynamic) is checked by the helper, against
 * ctx->frm, when the instruction runs. */
static bool rm_valid(unsigned rm)
{
    return rm <= IR_RM_RMM || rm == IR_RM_DYN;
}

static int fp_op(const struct rv_lift *l, const struct rv_lift_op *op)
{
    const struct rv_insn *in = l->in;
    if ((op->flag & FP_RM) && !rm_valid(in->rm))
        return -1;
    const uint8_t regs[3] = {in->rs1, in->rs2, in->rs3};
    ir_temp args[3] = {0, 0, 0};
    unsigned nargs = ir_helper_nargs(op->arg);
    for (unsigned i = 0; i < nargs; i++)
        args[i] = operand(l, op, regs[i]);
    uint64_t rm = (op->flag & FP_RM) ? in->rm : 0;
    ir_temp v = ir_call(l->b, op->arg, args[0], args[1], args[2], rm);
    if (op->flag & FP_DST_X)
        rv_put_x(l, in->rd, v); /* helpers return it sign-extended */
    else if (op->flag & FP_DST_S)
        rv_put_f_single(l, in->rd, v);
    else
        rv_put_f(l, in->rd, v);
    return 0;
}

#define S_ARITH (FP_RM | FP_DST_S)
#define S_TO_X (FP_RM | FP_DST_X)
#define X_TO_S (FP_RM | FP_SRC_X | FP_DST_S)
#define X_TO_D (FP_RM | FP_SRC_X)

const struct rv_lift_op rv_lift_rvfd[RV_OPCODE_COUNT] = {
    [RV_FADD_S] = {fp_op, IR_H_fadd_s, 4, S_ARITH},
    [RV_FSUB_S] = {fp_op, IR_H_fsub_s, 4, S_ARITH},
    [RV_FMUL_S] = {fp_op, IR_H_fmul_s, 4, S_ARITH},
    [RV_FDIV_S] = {fp_op, IR_H_fdiv_s, 4, S_ARITH},
    [RV_FSQRT_S] = {fp_op, IR_H_fsqrt_s, 4, S_ARITH},
    [RV_FMIN_S] = {fp_op, IR_H_fmin_s, 4, FP_DST_S},
    [RV_FMAX_S] = {fp_op, IR_H_fmax_s, 4, FP_DST_S},
    [RV_FMADD_S] = {fp_op, IR_H_fmadd_s, 4, S_ARITH},
    [RV_FMSUB_S] = {fp_op, IR_H_fmsub_s, 4, S_ARITH},
    [RV_FNMADD_S] = {fp_op, IR_H_fnmadd_s, 4, S_ARITH},
    [RV_FNMSUB_S] = {fp_op, IR_H_fnmsub_s, 4, S_ARITH},
    [RV_FEQ_S] = {fp_op, IR_H_feq_s, 4, FP_DST_X},
    [RV_FLT_S] = {fp_op, IR_H_flt_s, 4, FP_DST_X},
    [RV_FLE_S] = {fp_op, IR_H_fle_s, 4, FP_DST_X},
    [RV_FCLASS_S] = {fp_op, IR_H_fclass_s, 4, FP_DST_X},

    [RV_FADD_D] = {fp_op, IR_H_fadd_d, 8, FP_RM},
    [RV_FSUB_D] = {fp_op, IR_H_fsub_d, 8, FP_RM},
    [RV_FMUL_D] = {fp_op, IR_H_fmul_d, 8, FP_RM},
    [RV_FDIV_D] = {fp_op, IR_H_fdiv_d, 8, FP_RM},
    [RV_FSQRT_D] = {fp_op, IR_H_fsqrt_d, 8, FP_RM},
    [RV_FMIN_D] = {fp_op, IR_H_fmin_d, 8, 0},
    [RV_FMAX_D] = {fp_op, IR_H_fmax_d, 8, 0},
    [RV_FMADD_D] = {fp_op, IR_H_fmadd_d, 8, FP_RM},
    [RV_FMSUB_D] = {fp_op, IR_H_fmsub_d, 8, FP_RM},
    [RV_FNMADD_D] = {fp_op, IR_H_fnmadd_d, 8, FP_RM},
    [RV_FNMSUB_D] = {fp_op, IR_H_fnmsub_d, 8, FP_RM},
    [RV_FEQ_D] = {fp_op, IR_H_feq_d, 8, FP_DST_X},
    [RV_FLT_D] = {fp_op, IR_H_flt_d, 8, FP_DST_X},
    [RV_FLE_D] = {fp_op, IR_H_fle_d, 8, FP_DST_X},
    [RV_FCLASS_D] = {fp_op, IR_H_fclass_d, 8, FP_DST_X},

    [RV_FCVT_W_S] = {fp_op, IR_H_fcvt_w_s, 4, S_TO_X},
    [RV_FCVT_WU_S] = {fp_op, IR_H_fcvt_wu_s, 4, S_TO_X},
    [RV_FCVT_L_S] = {fp_op, IR_H_fcvt_l_s, 4, S_TO_X},
    [RV_FCVT_LU_S] = {fp_op, IR_H_fcvt_lu_s, 4, S_TO_X},
    [RV_FCVT_W_D] = {fp_op, IR_H_fcvt_w_d, 8, S_TO_X},
    [RV_FCVT_WU_D] = {fp_op, IR_H_fcvt_wu_d, 8, S_TO_X},
    [RV_FCVT_L_D] = {fp_op, IR_H_fcvt_l_d, 8, S_TO_X},
    [RV_FCVT_LU_D] = {fp_op, IR_H_fcvt_lu_d, 8, S_TO_X},
    [RV_FCVT_S_W] = {fp_op, IR_H_fcvt_s_w, 8, X_TO_S},
    [RV_FCVT_S_WU] = {fp_op, IR_H_fcvt_s_wu, 8, X_TO_S},
    [RV_FCVT_S_L] = {fp_op, IR_H_fcvt_s_l, 8, X_TO_S},
    [RV_FCVT_S_LU] = {fp_op, IR_H_fcvt_s_lu, 8, X_TO_S},
    [RV_FCVT_D_W] = {fp_op, IR_H_fcvt_d_w, 8, X_TO_D},
    [RV_FCVT_D_WU] = {fp_op, IR_H_fcvt_d_wu, 8, X_TO_D},
    [RV_FCVT_D_L] = {fp_op, IR_H_fcvt_d_l, 8, X_TO_D},
    [RV_FCVT_D_LU] = {fp_op, IR_H_fcvt_d_lu, 8, X_TO_D},
    [RV_FCVT_S_D] = {fp_op, IR_H_fcvt_s_d, 8, S_ARITH},
    [RV_FCVT_D_S] = {fp_op, IR_H_fcvt_d_s, 4, FP_RM},
};
