/*
 * ll_ops.c — the IR's pure ops as LLVM IR, bit for bit as ir_eval.c
 * defines them. Operands are truncated to the op's size, the result is
 * zero-extended back to 64 bits. Where LLVM leaves a case undefined or
 * poison (division by zero, signed overflow of sdiv, shift counts >= the
 * width, ctlz/cttz of 0) the code masks or selects explicitly.
 */
#include <string.h>

#include "ll_internal.h"

enum pure_kind {
    P_NONE, P_BINOP, P_SHIFT, P_ROTATE, P_MULH, P_DIV, P_UNARY_INTRINSIC,
    P_CMP, P_EXT, P_PARITY, P_SELECT,
};

/* Widening of MULH operands: both signed, both unsigned, or a signed. */
enum ext_kind { EXT_SS, EXT_UU, EXT_SU };

struct pure_desc {
    uint8_t kind;          /* enum pure_kind */
    LLVMOpcode opcode;     /* P_BINOP, P_SHIFT, P_DIV (the division) */
    LLVMIntPredicate pred; /* P_CMP */
    const char *intrinsic; /* P_ROTATE, P_UNARY_INTRINSIC */
    uint8_t variant;       /* P_MULH: ext_kind; P_DIV: 1 = remainder;
                              P_EXT: 1 = signed; intrinsics: 1 = takes
                              the is-zero-poison flag, 2 = identity on
                              one byte */
};

static const struct pure_desc pure[IR_NUM_OPS] = {
    [IR_ADD] = {P_BINOP, LLVMAdd, 0, NULL, 0},
    [IR_SUB] = {P_BINOP, LLVMSub, 0, NULL, 0},
    [IR_MUL] = {P_BINOP, LLVMMul, 0, NULL, 0},
    [IR_AND] = {P_BINOP, LLVMAnd, 0, NULL, 0},
    [IR_OR] = {P_BINOP, LLVMOr, 0, NULL, 0},
    [IR_XOR] = {P_BINOP, LLVMXor, 0, NULL, 0},
    [IR_SHL] = {P_SHIFT, LLVMShl, 0, NULL, 0},
    [IR_SHR] = {P_SHIFT, LLVMLShr, 0, NULL, 0},
    [IR_SAR] = {P_SHIFT, LLVMAShr, 0, NULL, 0},
    [IR_ROL] = {P_ROTATE, 0, 0, "llvm.fshl", 0},
    [IR_ROR] = {P_ROTATE, 0, 0, "llvm.fshr", 0},
    [IR_MULHS] = {P_MULH, 0, 0, NULL, EXT_SS},
    [IR_MULHU] = {P_MULH, 0, 0, NULL, EXT_UU},
    [IR_MULHSU] = {P_MULH, 0, 0, NULL, EXT_SU},
    [IR_DIVS] = {P_DIV, LLVMSDiv, 0, NULL, 0},
    [IR_DIVU] = {P_DIV, LLVMUDiv, 0, NULL, 0},
    [IR_REMS] = {P_DIV, LLVMSRem, 0, NULL, 1},
    [IR_REMU] = {P_DIV, LLVMURem, 0, NULL, 1},
    [IR_CLZ] = {P_UNARY_INTRINSIC, 0, 0, "llvm.ctlz", 1},
    [IR_CTZ] = {P_UNARY_INTRINSIC, 0, 0, "llvm.cttz", 1},
    [IR_POPCNT] = {P_UNARY_INTRINSIC, 0, 0, "llvm.ctpop", 0},
    [IR_BSWAP] = {P_UNARY_INTRINSIC, 0, 0, "llvm.bswap", 2},
    [IR_EQ] = {P_CMP, 0, LLVMIntEQ, NULL, 0},
    [IR_NE] = {P_CMP, 0, LLVMIntNE, NULL, 0},
    [IR_LTS] = {P_CMP, 0, LLVMIntSLT, NULL, 0},
    [IR_LTU] = {P_CMP, 0, LLVMIntULT, NULL, 0},
    [IR_LES] = {P_CMP, 0, LLVMIntSLE, NULL, 0},
    [IR_LEU] = {P_CMP, 0, LLVMIntULE, NULL, 0},
    [IR_SEXT] = {P_EXT, 0, 0, NULL, 1},
    [IR_ZEXT] = {P_EXT, 0, 0, NULL, 0},
    [IR_PARITY] = {P_PARITY, 0, 0, NULL, 0},
    [IR_SELECT] = {P_SELECT, 0, 0, NULL, 0},
};

static LLVMValueRef narrow(struct ll *l, LLVMValueRef v, LLVMTypeRef ty)
{
    return ty == l->i64 ? v : LLVMBuildTrunc(l->bld, v, ty, "");
}

static LLVMValueRef widen(struct ll *l, LLVMValueRef v)
{
    return LLVMTypeOf(v) == l->i64 ? v : LLVMBuildZExt(l->bld, v, l->i64, "");
}

static LLVMValueRef call_intrinsic(struct ll *l, const char *name,
                                   LLVMTypeRef ty, LLVMValueRef *args,
                                   unsigned nargs)
{
    unsigned id = LLVMLookupIntrinsicID(name, strlen(name));
    LLVMValueRef fn = LLVMGetIntrinsicDeclaration(l->mod, id, &ty, 1);
    LLVMTypeRef fty = LLVMIntrinsicGetType(l->cx, id, &ty, 1);
    return LLVMBuildCall2(l->bld, fty, fn, args, nargs, "");
}

static LLVMValueRef int_const(LLVMTypeRef ty, uint64_t v)
{
    return LLVMConstInt(ty, v, 0);
}

/* Shift counts are masked to the width, as ir_eval does. */
static LLVMValueRef emit_shift(struct ll *l, const struct pure_desc *d,
                               LLVMTypeRef ty, unsigned bits, LLVMValueRef a,
                               LLVMValueRef b)
{
    LLVMValueRef n = LLVMBuildAnd(l->bld, b, int_const(ty, bits - 1), "");
    return LLVMBuildBinOp(l->bld, d->opcode, a, n, "");
}

/* High half of the double-width product. */
static LLVMValueRef emit_mulh(struct ll *l, const struct pure_desc *d,
                              LLVMTypeRef ty, unsigned bits, LLVMValueRef a,
                              LLVMValueRef b)
{
    LLVMTypeRef wide = LLVMIntTypeInContext(l->cx, bits * 2);
    LLVMValueRef x = d->variant == EXT_UU
                         ? LLVMBuildZExt(l->bld, a, wide, "")
                         : LLVMBuildSExt(l->bld, a, wide, "");
    LLVMValueRef y = d->variant == EXT_SS
                         ? LLVMBuildSExt(l->bld, b, wide, "")
                         : LLVMBuildZExt(l->bld, b, wide, "");
    LLVMValueRef p = LLVMBuildMul(l->bld, x, y, "");
    p = LLVMBuildLShr(l->bld, p, int_const(wide, bits), "");
    return LLVMBuildTrunc(l->bld, p, ty, "");
}

/* RISC-V's total division: x/0 = all ones, x%0 = x, MIN/-1 = MIN,
 * MIN%-1 = 0. The divisor is replaced by 1 in those cases so the LLVM
 * division never traps, then the special results are selected. */
static LLVMValueRef emit_div(struct ll *l, const struct pure_desc *d,
                             LLVMTypeRef ty, unsigned bits, LLVMValueRef a,
                             LLVMValueRef b)
{
    LLVMBuilderRef bl = l->bld;
    LLVMValueRef zero = int_const(ty, 0), one = int_const(ty, 1);
    LLVMValueRef by_zero = LLVMBuildICmp(bl, LLVMIntEQ, b, zero, "");
    LLVMValueRef bad = by_zero;
    bool is_signed = d->opcode == LLVMSDiv || d->opcode == LLVMSRem;
    if (is_signed) {
        LLVMValueRef min = int_const(ty, UINT64_C(1) << (bits - 1));
        LLVMValueRef ovf = LLVMBuildAnd(
            bl, LLVMBuildICmp(bl, LLVMIntEQ, a, min, ""),
            LLVMBuildICmp(bl, LLVMIntEQ, b, LLVMConstAllOnes(ty), ""), "");
        bad = LLVMBuildOr(bl, by_zero, ovf, "");
    }
    LLVMValueRef safe = LLVMBuildSelect(bl, bad, one, b, "");
    LLVMValueRef q = LLVMBuildBinOp(bl, d->opcode, a, safe, "");
    /* With divisor 1: MIN/1 = MIN and MIN%1 = 0 already; only x/0 and
     * x%0 need their own value. */
    LLVMValueRef special = d->variant ? a : LLVMConstAllOnes(ty);
    return LLVMBuildSelect(bl, by_zero, special, q, "");
}

static LLVMValueRef emit_unary_intrinsic(struct ll *l,
                                         const struct pure_desc *d,
                                         LLVMTypeRef ty, unsigned bits,
                                         LLVMValueRef a)
{
    if (bits == 8 && d->variant == 2)
        return a; /* one byte: nothing to swap (and no i8 bswap) */
    /* is_zero_poison = false: ctlz/cttz of 0 give the width. */
    LLVMValueRef args[2] = {a, LLVMConstInt(l->i1, 0, 0)};
    return call_intrinsic(l, d->intrinsic, ty, args, d->variant == 1 ? 2 : 1);
}

/* 1 when the low byte of a (whatever the size) has even parity. */
static LLVMValueRef emit_parity(struct ll *l, LLVMValueRef a64)
{
    LLVMValueRef byte = LLVMBuildTrunc(l->bld, a64, l->i8, "");
    LLVMValueRef n = call_intrinsic(l, "llvm.ctpop", l->i8, &byte, 1);
    LLVMValueRef odd = LLVMBuildAnd(l->bld, n, int_const(l->i8, 1), "");
    return LLVMBuildXor(l->bld, widen(l, odd), ll_const(l, 1), "");
}

/* Ops that look at all 64 bits of their operands. */
static LLVMValueRef emit_full_width(struct ll *l, const struct pure_desc *d,
                                    const struct ir_insn *in)
{
    LLVMValueRef a64 = ll_temp(l, in->a);
    if (d->kind == P_PARITY)
        return emit_parity(l, a64);
    LLVMValueRef c = LLVMBuildICmp(l->bld, LLVMIntNE, a64, ll_const(l, 0), "");
    return LLVMBuildSelect(l->bld, c, ll_temp(l, in->b), ll_temp(l, in->c), "");
}

static LLVMValueRef emit_sized(struct ll *l, const struct pure_desc *d,
                               const struct ir_insn *in)
{
    unsigned bits = in->size * 8u;
    LLVMTypeRef ty = ll_int(l, in->size);
    LLVMValueRef a = narrow(l, ll_temp(l, in->a), ty), b = NULL;
    if (ir_op_nargs((enum ir_op)in->op) >= 2)
        b = narrow(l, ll_temp(l, in->b), ty);
    switch ((enum pure_kind)d->kind) {
    case P_BINOP: return LLVMBuildBinOp(l->bld, d->opcode, a, b, "");
    case P_SHIFT: return emit_shift(l, d, ty, bits, a, b);
    case P_ROTATE: {
        LLVMValueRef args[3] = {a, a, b}; /* funnel shifts count mod width */
        return call_intrinsic(l, d->intrinsic, ty, args, 3);
    }
    case P_MULH: return emit_mulh(l, d, ty, bits, a, b);
    case P_DIV: return emit_div(l, d, ty, bits, a, b);
    case P_UNARY_INTRINSIC: return emit_unary_intrinsic(l, d, ty, bits, a);
    case P_CMP: return LLVMBuildICmp(l->bld, d->pred, a, b, "");
    case P_EXT:
        if (d->variant && ty != l->i64)
            return LLVMBuildSExt(l->bld, a, l->i64, "");
        return a;
    default: return NULL;
    }
}

bool ll_emit_pure(struct ll *l, const struct ir_insn *in)
{
    const struct pure_desc *d = &pure[in->op];
    if (d->kind == P_NONE) {
        ll_fail(l, "no LLVM lowering for op %s",
                ir_op_name((enum ir_op)in->op));
        return false;
    }
    LLVMValueRef r = d->kind == P_PARITY || d->kind == P_SELECT
                         ? emit_full_width(l, d, in)
                         : emit_sized(l, d, in);
    l->temps[in->dst] = widen(l, r);
    return true;
}
