/*
 * x86_64_lift_mmx.c — the MMX mnemonic table (x86_lift_table_mmx) and the
 * lifting of the lane-wise MMX forms into one call of the x86_sse helper
 * (X86_MMX_OPS in x86_64_sse.h): a memory source or an imm8 shift count
 * is put in the xtmp scratch slot first, so the helper sees state offsets
 * only. The same mnemonics' XMM forms are the SSE table's.
 */
#include "x86_64_internal.h"
#include "x86_64_sse.h"

enum mmx_shape { MMX_MM, MMX_MG, MMX_GM, MMX_XM, MMX_MX };

/* Helper op and operand shape of each mnemonic (op + 1; 0 = none). */
struct mmx_form {
    uint16_t op_plus_1;
    uint8_t shape;
};

static const struct mmx_form mmx_forms[ZYDIS_MNEMONIC_MAX_VALUE + 1] = {
#define MMX_FORM(name, shape, fp)                                             \
    [ZYDIS_MNEMONIC_##name] = {X86_MMX_##name + 1, MMX_##shape},
    X86_MMX_OPS(MMX_FORM)
#undef MMX_FORM
};

/* The helper's source offset for operand i taken as 8 bytes: mm register,
 * or xtmp filled from m64 or an immediate. 0 for anything else. */
static uint64_t mm_source(struct x86_lift *l, unsigned i)
{
    struct ir_block *b = l->b;
    const ZydisDecodedOperand *op = &l->op[i];
    unsigned n;
    if (x86_mmx_is_mm(l, i, &n))
        return X86_MM_OFF(n);
    if (op->type == ZYDIS_OPERAND_TYPE_IMMEDIATE)
        ir_put(b, X86_XTMP_OFF, 8, ir_const(b, op->imm.value.u & 0xff));
    else if (op->type == ZYDIS_OPERAND_TYPE_MEMORY)
        ir_put(b, X86_XTMP_OFF, 8,
               ir_load(b, x86_operand_addr(l, i), 8, false));
    else
        return 0;
    return X86_XTMP_OFF;
}

/* The source of cvt(t)ps2pi / cvt(t)pd2pi: xmm, m64 (ps) or an aligned
 * m128 (pd). */
static uint64_t xmm_source(struct x86_lift *l, unsigned i)
{
    struct ir_block *b = l->b;
    unsigned n;
    if (x86_sse_is_xmm(l, i, &n))
        return X86_XMM_OFF(n);
    if (l->op[i].type != ZYDIS_OPERAND_TYPE_MEMORY)
        return 0;
    if (x86_operand_size(l, i) == 16) {
        ir_temp lo, hi;
        x86_sse_read128(l, i, true, &lo, &hi);
        ir_put(b, X86_XTMP_OFF, 8, lo);
        ir_put(b, X86_XTMP_OFF + 8, 8, hi);
    } else {
        ir_put(b, X86_XTMP_OFF, 8,
               ir_load(b, x86_operand_addr(l, i), 8, false));
    }
    return X86_XTMP_OFF;
}

static ir_temp call_helper(struct x86_lift *l, enum x86_sse_op op,
                           uint64_t dst_off, uint64_t src_off, ir_temp a)
{
    int imm8 = x86_sse_imm8(l);
    ir_temp zero = ir_const(l->b, 0);
    return ir_call(l->b, IR_H_x86_sse, a ? a : zero, zero, 0,
                   x86_sse_imm(op, dst_off, src_off,
                               (uint8_t)(imm8 >= 0 ? imm8 : 0)));
}

/* Shapes whose destination is an mm register (MM, MG, MX). */
static bool lift_to_mm(struct x86_lift *l, enum x86_sse_op op,
                       enum mmx_shape shape)
{
    unsigned d;
    if (!x86_mmx_is_mm(l, 0, &d))
        return false;
    uint64_t src = 0;
    ir_temp a = 0;
    if (shape == MMX_MG) {
        const ZydisDecodedOperand *s = &l->op[1];
        if (s->type == ZYDIS_OPERAND_TYPE_REGISTER &&
            x86_gpr_offset(s->reg.value) < 0)
            return false;
        a = x86_read_operand(l, 1);
    } else {
        src = shape == MMX_MX ? xmm_source(l, 1) : mm_source(l, 1);
        if (!src)
            return false;
    }
    call_helper(l, op, X86_MM_OFF(d), src, a);
    x86_mmx_mark_written(l->b, d);
    x86_mmx_enter(l->b);
    return true;
}

/* pextrw/pmovmskb r, mm: the result goes to the GPR. */
static bool lift_to_gpr(struct x86_lift *l, enum x86_sse_op op)
{
    unsigned s;
    if (l->op[0].type != ZYDIS_OPERAND_TYPE_REGISTER ||
        x86_gpr_offset(l->op[0].reg.value) < 0 || !x86_mmx_is_mm(l, 1, &s))
        return false;
    x86_write_operand(l, 0, call_helper(l, op, 0, X86_MM_OFF(s), 0));
    x86_mmx_enter(l->b);
    return true;
}

/* cvtpi2ps/cvtpi2pd xmm, mm/m64: only the mm form switches to MMX use. */
static bool lift_to_xmm(struct x86_lift *l, enum x86_sse_op op)
{
    unsigned d;
    if (!x86_sse_is_xmm(l, 0, &d))
        return false;
    bool from_mm = x86_mmx_is_mm(l, 1, NULL);
    uint64_t src = mm_source(l, 1);
    if (!src)
        return false;
    call_helper(l, op, X86_XMM_OFF(d), src, 0);
    if (from_mm)
        x86_mmx_enter(l->b);
    return true;
}

static bool lift_helper_op(struct x86_lift *l)
{
    struct mmx_form form = mmx_forms[l->insn->mnemonic];
    if (!form.op_plus_1)
        return false;
    enum x86_sse_op op = (enum x86_sse_op)(form.op_plus_1 - 1);
    switch ((enum mmx_shape)form.shape) {
    case MMX_MM:
    case MMX_MG:
    case MMX_MX:
        return lift_to_mm(l, op, (enum mmx_shape)form.shape);
    case MMX_GM:
        return lift_to_gpr(l, op);
    case MMX_XM:
        return lift_to_xmm(l, op);
    }
    return false;
}

const struct x86_lift_entry x86_lift_table_mmx[] = {
    {ZYDIS_MNEMONIC_MOVD, x86_lift_mmx_move},
    {ZYDIS_MNEMONIC_MOVQ, x86_lift_mmx_move},
    {ZYDIS_MNEMONIC_MOVNTQ, x86_lift_mmx_store},
    {ZYDIS_MNEMONIC_MOVQ2DQ, x86_lift_mmx_xmm_move},
    {ZYDIS_MNEMONIC_MOVDQ2Q, x86_lift_mmx_xmm_move},
    {ZYDIS_MNEMONIC_MASKMOVQ, x86_lift_mmx_maskmovq},
    {ZYDIS_MNEMONIC_PAND, x86_lift_mmx_bitwise},
    {ZYDIS_MNEMONIC_PANDN, x86_lift_mmx_bitwise},
    {ZYDIS_MNEMONIC_POR, x86_lift_mmx_bitwise},
    {ZYDIS_MNEMONIC_PXOR, x86_lift_mmx_bitwise},
    {ZYDIS_MNEMONIC_PADDQ, x86_lift_mmx_bitwise},
    {ZYDIS_MNEMONIC_PSUBQ, x86_lift_mmx_bitwise},
    {ZYDIS_MNEMONIC_EMMS, x86_lift_mmx_emms},
#define MMX_ENTRY(name, shape, fp) {ZYDIS_MNEMONIC_##name, lift_helper_op},
    X86_MMX_OPS(MMX_ENTRY)
#undef MMX_ENTRY
};

const size_t x86_lift_table_mmx_len =
    sizeof x86_lift_table_mmx / sizeof *x86_lift_table_mmx;
