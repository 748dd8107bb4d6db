/*
 * riscv64_lift_rvfd_move.c — the F and D instructions that only move bits,
 * done inline: loads and stores (bits unchanged, singles NaN-boxed on
 * load), sign injection, and moves between the register files.
 */
#include "riscv64_lift.h"

/* op->arg of sign injection */
enum sgnj_kind { SGNJ, SGNJN, SGNJX };

static int fp_load(const struct rv_lift *l, const struct rv_lift_op *op)
{
    ir_temp v = ir_load(l->b, rv_addr(l), op->size, false);
    if (op->size == 4)
        rv_put_f_single(l, l->in->rd, v);
    else
        rv_put_f(l, l->in->rd, v);
    return 0;
}

/* fsw stores the low 32 bits whether or not they are NaN-boxed. */
static int fp_store(const struct rv_lift *l, const struct rv_lift_op *op)
{
    ir_temp addr = rv_addr(l);
    ir_store(l->b, addr, rv_get_f(l, l->in->rs2), op->size);
    return 0;
}

/* Magnitude of rs1 with a sign from rs2; single operands are unboxed, so
 * their upper 32 bits are zero. */
static int fsgnj(const struct rv_lift *l, const struct rv_lift_op *op)
{
    struct ir_block *b = l->b;
    bool single = op->size == 4;
    uint64_t sign_bit = single ? 1ull << 31 : 1ull << 63;
    ir_temp x = single ? rv_get_f_single(l, l->in->rs1)
                       : rv_get_f(l, l->in->rs1);
    ir_temp y = single ? rv_get_f_single(l, l->in->rs2)
                       : rv_get_f(l, l->in->rs2);
    ir_temp sign_mask = ir_const(b, sign_bit);
    ir_temp sign = ir_binop(b, IR_AND, 8, y, sign_mask);
    ir_temp v;
    if (op->arg == SGNJX) {
        v = ir_binop(b, IR_XOR, 8, x, sign);
    } else {
        if (op->arg == SGNJN)
            sign = ir_binop(b, IR_XOR, 8, sign, sign_mask);
        ir_temp mag = ir_binop(b, IR_AND, 8, x, ir_const(b, sign_bit - 1));
        v = ir_binop(b, IR_OR, 8, mag, sign);
    }
    if (single)
        rv_put_f_single(l, l->in->rd, v);
    else
        rv_put_f(l, l->in->rd, v);
    return 0;
}

/* fmv.x.w takes the low 32 bits as they are (boxed or not), sign-extended. */
static int fmv_x_w(const struct rv_lift *l, const struct rv_lift_op *op)
{
    (void)op;
    rv_put_x(l, l->in->rd, rv_sext_w(l, rv_get_f(l, l->in->rs1)));
    return 0;
}

static int fmv_w_x(const struct rv_lift *l, const struct rv_lift_op *op)
{
    (void)op;
    rv_put_f_single(l, l->in->rd, rv_get_x(l, l->in->rs1));
    return 0;
}

static int fmv_x_d(const struct rv_lift *l, const struct rv_lift_op *op)
{
    (void)op;
    rv_put_x(l, l->in->rd, rv_get_f(l, l->in->rs1));
    return 0;
}

static int fmv_d_x(const struct rv_lift *l, const struct rv_lift_op *op)
{
    (void)op;
    rv_put_f(l, l->in->rd, rv_get_x(l, l->in->rs1));
    return 0;
}

const struct rv_lift_op rv_lift_rvfd_move[RV_OPCODE_COUNT] = {
    [RV_FLW] = {fp_load, 0, 4, 0},
    [RV_FLD] = {fp_load, 0, 8, 0},
    [RV_C_FLD] = {fp_load, 0, 8, 0},
    [RV_C_FLDSP] = {fp_load, 0, 8, 0},
    [RV_FSW] = {fp_store, 0, 4, 0},
    [RV_FSD] = {fp_store, 0, 8, 0},
    [RV_C_FSD] = {fp_store, 0, 8, 0},
    [RV_C_FSDSP] = {fp_store, 0, 8, 0},
    [RV_FSGNJ_S] = {fsgnj, SGNJ, 4, 0},
    [RV_FSGNJN_S] = {fsgnj, SGNJN, 4, 0},
    [RV_FSGNJX_S] = {fsgnj, SGNJX, 4, 0},
    [RV_FSGNJ_D] = {fsgnj, SGNJ, 8, 0},
    [RV_FSGNJN_D] = {fsgnj, SGNJN, 8, 0},
    [RV_FSGNJX_D] = {fsgnj, SGNJX, 8, 0},
    [RV_FMV_X_W] = {fmv_x_w, 0, 4, 0},
    [RV_FMV_W_X] = {fmv_w_x, 0, 4, 0},
    [RV_FMV_X_D] = {fmv_x_d, 0, 8, 0},
    [RV_FMV_D_X] = {fmv_d_x, 0, 8, 0},
};
