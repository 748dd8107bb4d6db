/*
 * x86_64_lift_sse_move.c — SSE/SSE2 moves and bitwise ops that lift to
 * plain IR on 8-byte halves: whole-register moves, movd/movq, the scalar
 * movss/movsd, the half moves (movlps ... movlhps), and the logic ops with
 * paddq/psubq. MMX forms of the shared mnemonics are left to the caller
 * (returning false), as is the string movsd (the integer table's).
 */
#include <stddef.h>

#include "x86_64_internal.h"
#include "x86_64_sse.h"

static bool is_mem(const struct x86_lift *l, unsigned i)
{
    return l->op[i].type == ZYDIS_OPERAND_TYPE_MEMORY;
}

static bool is_gpr(const struct x86_lift *l, unsigned i)
{
    return l->op[i].type == ZYDIS_OPERAND_TYPE_REGISTER &&
           x86_gpr_offset(l->op[i].reg.value) >= 0;
}

/* The forms that accept any alignment; every other m128 move needs 16. */
static const ZydisMnemonic unaligned_moves[] = {
    ZYDIS_MNEMONIC_MOVUPS, ZYDIS_MNEMONIC_MOVUPD, ZYDIS_MNEMONIC_MOVDQU,
};

static bool allows_unaligned(ZydisMnemonic m)
{
    for (size_t i = 0; i < sizeof unaligned_moves / sizeof *unaligned_moves; i++)
        if (unaligned_moves[i] == m)
            return true;
    return false;
}

/* movaps/movups/movapd/movupd/movdqa/movdqu/movntps/movntpd/movntdq. */
bool x86_lift_sse_full_move(struct x86_lift *l)
{
    bool aligned = !allows_unaligned(l->insn->mnemonic);
    unsigned d, s;
    ir_temp lo, hi;
    if (x86_sse_is_xmm(l, 0, &d)) {
        x86_sse_read128(l, 1, aligned, &lo, &hi);
        ir_put(l->b, X86_XMM_OFF(d), 8, lo);
        ir_put(l->b, X86_XMM_OFF(d) + 8, 8, hi);
        return true;
    }
    if (!is_mem(l, 0) || !x86_sse_is_xmm(l, 1, &s))
        return false;
    lo = ir_get(l->b, X86_XMM_OFF(s), 8);
    hi = ir_get(l->b, X86_XMM_OFF(s) + 8, 8);
    x86_sse_store128(l, 0, aligned, lo, hi);
    return true;
}

/* movd/movq between xmm and GPR or memory (the xmm destination's upper
 * bytes are zeroed), movq xmm, xmm, and movnti. */
bool x86_lift_sse_int_move(struct x86_lift *l)
{
    unsigned d, s;
    if (l->insn->mnemonic == ZYDIS_MNEMONIC_MOVNTI) {
        x86_write_operand(l, 0, x86_read_operand(l, 1));
        return true;
    }
    if (x86_sse_is_xmm(l, 0, &d)) {
        ir_temp v;
        if (x86_sse_is_xmm(l, 1, &s))
            v = ir_get(l->b, X86_XMM_OFF(s), 8);
        else if (is_mem(l, 1) || is_gpr(l, 1))
            v = x86_read_operand(l, 1);
        else
            return false;
        ir_put(l->b, X86_XMM_OFF(d), 8, v);
        ir_put(l->b, X86_XMM_OFF(d) + 8, 8, ir_const(l->b, 0));
        return true;
    }
    if (!x86_sse_is_xmm(l, 1, &s) || !(is_mem(l, 0) || is_gpr(l, 0)))
        return false;
    x86_write_operand(l, 0, ir_get(l->b, X86_XMM_OFF(s), 8));
    return true;
}

/* movss/movsd: register to register merges the low lane; a load zeroes
 * the rest of the register. Zydis names the string movsd the same. */
bool x86_lift_sse_scalar_move(struct x86_lift *l)
{
    unsigned size = l->insn->mnemonic == ZYDIS_MNEMONIC_MOVSS ? 4 : 8;
    unsigned d, s;
    bool dx = x86_sse_is_xmm(l, 0, &d), sx = x86_sse_is_xmm(l, 1, &s);
    if (!dx && !sx)
        return false; /* the string movsd: the integer table's */
    if (dx && sx) {
        ir_put(l->b, X86_XMM_OFF(d), size, ir_get(l->b, X86_XMM_OFF(s), size));
    } else if (dx) {
        ir_temp v = ir_load(l->b, x86_operand_addr(l, 1), size, false);
        ir_put(l->b, X86_XMM_OFF(d), 8, v);
        ir_put(l->b, X86_XMM_OFF(d) + 8, 8, ir_const(l->b, 0));
    } else {
        ir_store(l->b, x86_operand_addr(l, 0),
                 ir_get(l->b, X86_XMM_OFF(s), size), size);
    }
    return true;
}

/* Which 8-byte half of the xmm destination / source each moves. */
struct half_move {
    ZydisMnemonic mnemonic;
    unsigned dst_half, src_half;
};

static const struct half_move half_moves[] = {
    {ZYDIS_MNEMONIC_MOVLPS, 0, 0}, {ZYDIS_MNEMONIC_MOVLPD, 0, 0},
    {ZYDIS_MNEMONIC_MOVHPS, 1, 1}, {ZYDIS_MNEMONIC_MOVHPD, 1, 1},
    {ZYDIS_MNEMONIC_MOVHLPS, 0, 1}, {ZYDIS_MNEMONIC_MOVLHPS, 1, 0},
};

bool x86_lift_sse_half_move(struct x86_lift *l)
{
    const struct half_move *hm = NULL;
    for (size_t i = 0; i < sizeof half_moves / sizeof *half_moves; i++)
        if (half_moves[i].mnemonic == l->insn->mnemonic)
            hm = &half_moves[i];
    unsigned d, s;
    bool dx = x86_sse_is_xmm(l, 0, &d), sx = x86_sse_is_xmm(l, 1, &s);
    if (!hm || (!dx && !sx))
        return false;
    ir_temp v = sx ? ir_get(l->b, X86_XMM_OFF(s) + 8 * hm->src_half, 8)
                   : ir_load(l->b, x86_operand_addr(l, 1), 8, false);
    if (dx)
        ir_put(l->b, X86_XMM_OFF(d) + 8 * hm->dst_half, 8, v);
    else
        ir_store(l->b, x86_operand_addr(l, 0), v, 8);
    return true;
}

/* Bitwise ops and the 64-bit lane add/sub, on both halves. */
struct bitwise_op {
    ZydisMnemonic mnemonic;
    enum ir_op op;
    bool invert_dst; /* the andn forms: ~dst & src */
};

static const struct bitwise_op bitwise_ops[] = {
    {ZYDIS_MNEMONIC_PAND, IR_AND, false},  {ZYDIS_MNEMONIC_ANDPS, IR_AND, false},
    {ZYDIS_MNEMONIC_ANDPD, IR_AND, false}, {ZYDIS_MNEMONIC_PANDN, IR_AND, true},
    {ZYDIS_MNEMONIC_ANDNPS, IR_AND, true}, {ZYDIS_MNEMONIC_ANDNPD, IR_AND, true},
    {ZYDIS_MNEMONIC_POR, IR_OR, false},    {ZYDIS_MNEMONIC_ORPS, IR_OR, false},
    {ZYDIS_MNEMONIC_ORPD, IR_OR, false},   {ZYDIS_MNEMONIC_PXOR, IR_XOR, false},
    {ZYDIS_MNEMONIC_XORPS, IR_XOR, false}, {ZYDIS_MNEMONIC_XORPD, IR_XOR, false},
    {ZYDIS_MNEMONIC_PADDQ, IR_ADD, false}, {ZYDIS_MNEMONIC_PSUBQ, IR_SUB, false},
};

bool x86_lift_sse_bitwise(struct x86_lift *l)
{
    const struct bitwise_op *bo = NULL;
    for (size_t i = 0; i < sizeof bitwise_ops / sizeof *bitwise_ops; i++)
        if (bitwise_ops[i].mnemonic == l->insn->mnemonic)
            bo = &bitwise_ops[i];
    unsigned d;
    if (!bo || !x86_sse_is_xmm(l, 0, &d))
        return false;
    ir_temp s[2], r[2];
    x86_sse_read128(l, 1, true, &s[0], &s[1]);
    for (unsigned h = 0; h < 2; h++) {
        ir_temp v = ir_get(l->b, X86_XMM_OFF(d) + 8 * h, 8);
        if (bo->invert_dst)
            v = ir_binop(l->b, IR_XOR, 8, v, ir_const(l->b, ~0ull));
        r[h] = ir_binop(l->b, bo->op, 8, v, s[h]);
    }
    ir_put(l->b, X86_XMM_OFF(d), 8, r[0]);
    ir_put(l->b, X86_XMM_OFF(d) + 8, 8, r[1]);
    return true;
}
