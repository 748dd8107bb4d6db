/*
 * x86_64_lift_sse.c — the SSE/SSE2 mnemonic table (x86_lift_table_sse)
 * and the lifting of the lane-wise ops into one call of the x86_sse helper
 * (x86_64_sse.h): memory sources are copied to the xtmp scratch slot
 * first, so the helper sees state offsets only.
 */
#include "x86_64_flags.h"
#include "x86_64_sse.h"

/* Helper op and operand shape of each mnemonic, from X86_SSE_INSN_OPS
 * (op + 1, so 0 means "not a helper op"). */
struct helper_form {
    uint16_t op_plus_1;
    uint8_t shape;
};

static const struct helper_form helper_forms[ZYDIS_MNEMONIC_MAX_VALUE + 1] = {
#define HELPER_FORM(name, shape, fp)                                          \
    [ZYDIS_MNEMONIC_##name] = {X86_SSE_##name + 1, X86_SSE_##shape},
    X86_SSE_INSN_OPS(HELPER_FORM)
#undef HELPER_FORM
};

/*
 * The state offset of source operand i for the helper: an XMM register's
 * slot, or xtmp filled with a memory operand (16 bytes must be aligned;
 * scalar 4/8-byte forms need not be) or with an immediate shift count.
 * Returns 0 for an operand SSE does not take (MMX registers).
 */
static uint64_t source_offset(struct x86_lift *l, unsigned i)
{
    struct ir_block *b = l->b;
    const ZydisDecodedOperand *op = &l->op[i];
    unsigned n;
    if (x86_sse_is_xmm(l, i, &n))
        return X86_XMM_OFF(n);
    if (op->type == ZYDIS_OPERAND_TYPE_IMMEDIATE) {
        ir_put(b, X86_XTMP_OFF, 8, ir_const(b, op->imm.value.u & 0xff));
        ir_put(b, X86_XTMP_OFF + 8, 8, ir_const(b, 0));
        return X86_XTMP_OFF;
    }
    if (op->type != ZYDIS_OPERAND_TYPE_MEMORY)
        return 0;
    unsigned size = x86_operand_size(l, i);
    if (size == 16) {
        ir_temp lo, hi;
        x86_sse_read128(l, i, true, &lo, &hi);
        ir_put(b, X86_XTMP_OFF, 8, lo);
        ir_put(b, X86_XTMP_OFF + 8, 8, hi);
    } else if (size == 8 || size == 4) {
        ir_put(b, X86_XTMP_OFF, size,
               ir_load(b, x86_operand_addr(l, i), size, false));
    } else {
        return 0;
    }
    return X86_XTMP_OFF;
}

static ir_temp call_helper(struct x86_lift *l, enum x86_sse_op op,
                           uint64_t dst_off, uint64_t src_off, unsigned imm8,
                           ir_temp a)
{
    /* The helper takes two temps; unused ones are a defined 0. */
    ir_temp zero = ir_const(l->b, 0);
    return ir_call(l->b, IR_H_x86_sse, a ? a : zero, zero, 0,
                   x86_sse_imm(op, dst_off, src_off, (uint8_t)imm8));
}

static bool lift_helper_op(struct x86_lift *l)
{
    struct helper_form form = helper_forms[l->insn->mnemonic];
    if (!form.op_plus_1)
        return false;
    enum x86_sse_op op = (enum x86_sse_op)(form.op_plus_1 - 1);
    int imm8 = x86_sse_imm8(l);
    unsigned d;
    bool dst_xmm = x86_sse_is_xmm(l, 0, &d);
    switch ((enum x86_sse_shape)form.shape) {
    case X86_SSE_XX:
    case X86_SSE_FL: {
        uint64_t src = dst_xmm ? source_offset(l, 1) : 0;
        if (!src)
            return false;
        ir_temp r = call_helper(l, op, X86_XMM_OFF(d), src,
                                imm8 >= 0 ? (unsigned)imm8 : 0, 0);
        if (form.shape == X86_SSE_FL)
            x86_flags_zpc(l, r);
        return true;
    }
    case X86_SSE_XG: {
        const ZydisDecodedOperand *s = &l->op[1];
        if (!dst_xmm || (s->type == ZYDIS_OPERAND_TYPE_REGISTER &&
                         x86_gpr_offset(s->reg.value) < 0))
            return false;
        ir_temp a = x86_read_operand(l, 1);
        unsigned size = x86_operand_size(l, 1);
        call_helper(l, op, X86_XMM_OFF(d), 0,
                    imm8 >= 0 ? (unsigned)imm8 : size, a);
        return true;
    }
    case X86_SSE_GX: {
        if (l->op[0].type != ZYDIS_OPERAND_TYPE_REGISTER ||
            x86_gpr_offset(l->op[0].reg.value) < 0)
            return false;
        uint64_t src = source_offset(l, 1);
        if (!src)
            return false;
        unsigned size = x86_operand_size(l, 0);
        ir_temp r = call_helper(l, op, 0, src,
                                imm8 >= 0 ? (unsigned)imm8 : size, 0);
        x86_write_operand(l, 0, r);
        return true;
    }
    }
    return false;
}

const struct x86_lift_entry x86_lift_table_sse[] = {
    {ZYDIS_MNEMONIC_MOVAPS, x86_lift_sse_full_move},
    {ZYDIS_MNEMONIC_MOVUPS, x86_lift_sse_full_move},
    {ZYDIS_MNEMONIC_MOVAPD, x86_lift_sse_full_move},
    {ZYDIS_MNEMONIC_MOVUPD, x86_lift_sse_full_move},
    {ZYDIS_MNEMONIC_MOVDQA, x86_lift_sse_full_move},
    {ZYDIS_MNEMONIC_MOVDQU, x86_lift_sse_full_move},
    {ZYDIS_MNEMONIC_MOVNTPS, x86_lift_sse_full_move},
    {ZYDIS_MNEMONIC_MOVNTPD, x86_lift_sse_full_move},
    {ZYDIS_MNEMONIC_MOVNTDQ, x86_lift_sse_full_move},
    {ZYDIS_MNEMONIC_MOVD, x86_lift_sse_int_move},
    {ZYDIS_MNEMONIC_MOVQ, x86_lift_sse_int_move},
    {ZYDIS_MNEMONIC_MOVNTI, x86_lift_sse_int_move},
    {ZYDIS_MNEMONIC_MOVSS, x86_lift_sse_scalar_move},
    {ZYDIS_MNEMONIC_MOVSD, x86_lift_sse_scalar_move},
    {ZYDIS_MNEMONIC_MOVLPS, x86_lift_sse_half_move},
    {ZYDIS_MNEMONIC_MOVLPD, x86_lift_sse_half_move},
    {ZYDIS_MNEMONIC_MOVHPS, x86_lift_sse_half_move},
    {ZYDIS_MNEMONIC_MOVHPD, x86_lift_sse_half_move},
    {ZYDIS_MNEMONIC_MOVHLPS, x86_lift_sse_half_move},
    {ZYDIS_MNEMONIC_MOVLHPS, x86_lift_sse_half_move},
    {ZYDIS_MNEMONIC_PAND, x86_lift_sse_bitwise},
    {ZYDIS_MNEMONIC_PANDN, x86_lift_sse_bitwise},
    {ZYDIS_MNEMONIC_POR, x86_lift_sse_bitwise},
    {ZYDIS_MNEMONIC_PXOR, x86_lift_sse_bitwise},
    {ZYDIS_MNEMONIC_ANDPS, x86_lift_sse_bitwise},
    {ZYDIS_MNEMONIC_ANDNPS, x86_lift_sse_bitwise},
    {ZYDIS_MNEMONIC_ORPS, x86_lift_sse_bitwise},
    {ZYDIS_MNEMONIC_XORPS, x86_lift_sse_bitwise},
    {ZYDIS_MNEMONIC_ANDPD, x86_lift_sse_bitwise},
    {ZYDIS_MNEMONIC_ANDNPD, x86_lift_sse_bitwise},
    {ZYDIS_MNEMONIC_ORPD, x86_lift_sse_bitwise},
    {ZYDIS_MNEMONIC_XORPD, x86_lift_sse_bitwise},
    {ZYDIS_MNEMONIC_PADDQ, x86_lift_sse_bitwise},
    {ZYDIS_MNEMONIC_PSUBQ, x86_lift_sse_bitwise},
    {ZYDIS_MNEMONIC_LDMXCSR, x86_lift_sse_mxcsr},
    {ZYDIS_MNEMONIC_STMXCSR, x86_lift_sse_mxcsr},
    {ZYDIS_MNEMONIC_FXSAVE, x86_lift_sse_fxsave},
    {ZYDIS_MNEMONIC_FXSAVE64, x86_lift_sse_fxsave},
    {ZYDIS_MNEMONIC_FXRSTOR, x86_lift_sse_fxrstor},
    {ZYDIS_MNEMONIC_FXRSTOR64, x86_lift_sse_fxrstor},
#define HELPER_ENTRY(name, shape, fp) {ZYDIS_MNEMONIC_##name, lift_helper_op},
    X86_SSE_INSN_OPS(HELPER_ENTRY)
#undef HELPER_ENTRY
    {ZYDIS_MNEMONIC_MOVNTDQA, x86_lift_sse_full_move},
    {ZYDIS_MNEMONIC_LDDQU, x86_lift_sse4_lddqu},
#define SSE4_ENTRY(name, shape, fp) {ZYDIS_MNEMONIC_##name, x86_lift_sse4_op},
    X86_SSE4_LIFTED_OPS(SSE4_ENTRY)
#undef SSE4_ENTRY
    /* A later entry wins: pextrw with SSE4.1's m16 destination form. */
    {ZYDIS_MNEMONIC_PEXTRW, x86_lift_sse4_pextrw},
};

const size_t x86_lift_table_sse_len =
    sizeof x86_lift_table_sse / sizeof *x86_lift_table_sse;
