/*
 * ll_fp.c — the common case of double-precision add, sub, mul and div
 * inline, the helper call only for the rest.
 *
 * When the guest has already raised NX and rounds to nearest even, and
 * the native result is normal or an exact zero, NX is the only flag the
 * operation could raise and it is set already, so the native result is
 * the whole effect. The inputs need no test of their own (the helpers'
 * fast path, ir_fp.c, has one): a NaN or infinite input, or a zero
 * divisor, never gives a normal result, and the one zero it can give
 * (x / inf) is not an exact zero below. Tier 2 tests these conditions in
 * the compiled code and calls the helper only when they fail, so a floating-point loop runs
 * without a call per operation. Only the slow path stores the header
 * words the helper reads (the pc among them) and reloads what it wrote:
 * the fast path touches no memory (measured on matmul: two pc stores and
 * an fflags reload per iteration before).
 */
#include "ll_internal.h"

#define EXP_MASK UINT64_C(0x7ff0000000000000)
#define ABS_MASK UINT64_C(0x7fffffffffffffff)

static LLVMValueRef is_zero(struct ll *l, LLVMValueRef bits)
{
    LLVMValueRef a = LLVMBuildAnd(l->bld, bits, ll_const(l, ABS_MASK), "");
    return LLVMBuildICmp(l->bld, LLVMIntEQ, a, ll_const(l, 0), "");
}

static LLVMValueRef is_normal(struct ll *l, LLVMValueRef bits)
{
    LLVMValueRef e = LLVMBuildAnd(l->bld, bits, ll_const(l, EXP_MASK), "");
    LLVMValueRef not_sub = LLVMBuildICmp(l->bld, LLVMIntNE, e, ll_const(l, 0), "");
    LLVMValueRef not_inf = LLVMBuildICmp(l->bld, LLVMIntNE, e,
                                         ll_const(l, EXP_MASK), "");
    return LLVMBuildAnd(l->bld, not_sub, not_inf, "");
}

/* The rounding mode is round-to-nearest-even: statically, or frm for DYN.
 * NULL when the static mode is another one (no fast path). */
static LLVMValueRef rounds_to_nearest(struct ll *l, uint64_t rm)
{
    if (rm == IR_RM_RNE)
        return LLVMConstInt(l->i1, 1, 0);
    if (rm != IR_RM_DYN)
        return NULL;
    LLVMValueRef frm = ll_get(l, IR_CTX_OFF(frm), 4);
    return LLVMBuildICmp(l->bld, LLVMIntEQ, frm, ll_const(l, IR_RM_RNE), "");
}

static LLVMValueRef native_op(struct ll *l, enum ir_helper h, LLVMValueRef a,
                              LLVMValueRef b)
{
    LLVMTypeRef d = LLVMDoubleTypeInContext(l->cx);
    LLVMValueRef x = LLVMBuildBitCast(l->bld, a, d, "");
    LLVMValueRef y = LLVMBuildBitCast(l->bld, b, d, "");
    LLVMValueRef r;
    switch (h) {
    case IR_H_fadd_d: r = LLVMBuildFAdd(l->bld, x, y, ""); break;
    case IR_H_fsub_d: r = LLVMBuildFSub(l->bld, x, y, ""); break;
    case IR_H_fmul_d: r = LLVMBuildFMul(l->bld, x, y, ""); break;
    default: r = LLVMBuildFDiv(l->bld, x, y, ""); break;
    }
    return LLVMBuildBitCast(l->bld, r, l->i64, "");
}

/* A zero result is exact (raises no NX) when it must be zero: x - x or
 * x + -x always; a product only with a zero factor; a quotient only with
 * a zero dividend. */
static LLVMValueRef zero_is_exact(struct ll *l, enum ir_helper h,
                                  LLVMValueRef a, LLVMValueRef b)
{
    switch (h) {
    case IR_H_fmul_d:
        return LLVMBuildOr(l->bld, is_zero(l, a), is_zero(l, b), "");
    case IR_H_fdiv_d:
        return is_zero(l, a);
    default:
        return LLVMConstInt(l->i1, 1, 0);
    }
}

bool ll_fp_inlinable(const struct ir_insn *in)
{
    enum ir_helper h = (enum ir_helper)in->aux;
    return in->op == IR_CALL &&
           (h == IR_H_fadd_d || h == IR_H_fsub_d || h == IR_H_fmul_d ||
            h == IR_H_fdiv_d) &&
           (in->imm == IR_RM_RNE || in->imm == IR_RM_DYN);
}

bool ll_emit_fp_fast(struct ll *l, const struct ir_insn *in,
                     LLVMValueRef (*call)(struct ll *, const struct ir_insn *))
{
    enum ir_helper h = (enum ir_helper)in->aux;
    if (!ll_fp_inlinable(in))
        return false;
    LLVMValueRef nearest = rounds_to_nearest(l, in->imm);
    if (!nearest)
        return false;
    LLVMValueRef a = ll_temp(l, in->a), b = ll_temp(l, in->b);
    LLVMValueRef fflags = ll_get(l, IR_CTX_OFF(fflags), 4);
    LLVMValueRef nx = LLVMBuildICmp(
        l->bld, LLVMIntNE,
        LLVMBuildAnd(l->bld, fflags, ll_const(l, IR_FF_NX), ""),
        ll_const(l, 0), "");
    LLVMBasicBlockRef slow = ll_new_bb(l, "fp_slow");
    LLVMBasicBlockRef join = ll_new_bb(l, "fp_join");
    /* The rounding mode and NX, then the result: a rarely taken branch
     * each (folding the result's test into the first, LLVM made a setcc
     * chain that cost more than the operation). */
    LLVMValueRef ok = LLVMBuildAnd(l->bld, nearest, nx, "");
    LLVMBasicBlockRef go = ll_new_bb(l, "fp_go");
    ll_br_rare(l, LLVMBuildNot(l->bld, ok, ""), slow, go);
    LLVMPositionBuilderAtEnd(l->bld, go);
    LLVMValueRef r = native_op(l, h, a, b);
    LLVMBasicBlockRef tiny = ll_new_bb(l, "fp_tiny");
    LLVMBasicBlockRef fast = LLVMGetInsertBlock(l->bld);
    LLVMValueRef normal = is_normal(l, r);
    LLVMBuildCondBr(l->bld, normal, join, tiny);
    LLVMPositionBuilderAtEnd(l->bld, tiny);
    LLVMValueRef exact0 = LLVMBuildAnd(l->bld, is_zero(l, r),
                                       zero_is_exact(l, h, a, b), "");
    ll_br_rare(l, LLVMBuildNot(l->bld, exact0, ""), slow, join);
    LLVMPositionBuilderAtEnd(l->bld, slow);
    /* Stored, not marked clean: the fast path keeps them dirty too. */
    ll_store_words(l, &l->dirty, LL_HEADER_WORDS);
    LLVMValueRef rs = call(l, in);
    ll_reload_words(l, LL_HEADER_WORDS);
    slow = LLVMGetInsertBlock(l->bld);
    LLVMBuildBr(l->bld, join);
    LLVMPositionBuilderAtEnd(l->bld, join);
    LLVMValueRef phi = LLVMBuildPhi(l->bld, l->i64, "");
    LLVMValueRef vals[3] = {r, r, rs};
    LLVMBasicBlockRef from[3] = {fast, tiny, slow};
    LLVMAddIncoming(phi, vals, from, 3);
    l->temps[in->dst] = phi;
    return true;
}
