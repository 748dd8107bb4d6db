/*
 * x86_64_lift_sse4.c — lifting of the SSE4 ops whose operands the generic
 * shapes of x86_64_lift_sse.c do not cover (X86_SSE4_LIFTED_OPS in
 * x86_64_sse.h): pmovsx/pmovzx with their narrow memory sources,
 * insertps, the extracts to a GPR or memory (pextrw's SSE4.1 store form
 * too), the string compares with their rax/rdx inputs and ecx/xmm0/flag
 * outputs, crc32, and lddqu. Memory sources go to the xtmp scratch slot
 * before the helper call, so every load precedes every state write.
 */
#include "x86_64_flags.h"
#include "x86_64_sse.h"

struct sse4_form {
    uint16_t op_plus_1; /* 0: not one of these ops */
    uint8_t shape;      /* enum x86_sse4_shape */
};

static const struct sse4_form sse4_forms[ZYDIS_MNEMONIC_MAX_VALUE + 1] = {
#define SSE4_FORM(name, shape, fp)                                            \
    [ZYDIS_MNEMONIC_##name] = {X86_SSE_##name + 1, X86_SSE4_##shape},
    X86_SSE4_LIFTED_OPS(SSE4_FORM)
#undef SSE4_FORM
};

static bool is_gpr(const struct x86_lift *l, unsigned i)
{
    return l->op[i].type == ZYDIS_OPERAND_TYPE_REGISTER &&
           x86_gpr_offset(l->op[i].reg.value) >= 0;
}

static bool is_mem(const struct x86_lift *l, unsigned i)
{
    return l->op[i].type == ZYDIS_OPERAND_TYPE_MEMORY;
}

static ir_temp call_helper(struct x86_lift *l, enum x86_sse_op op,
                           uint64_t dst_off, uint64_t src_off, unsigned imm8,
                           ir_temp a, ir_temp b)
{
    ir_temp zero = ir_const(l->b, 0);
    return ir_call(l->b, IR_H_x86_sse, a ? a : zero, b ? b : zero, 0,
                   x86_sse_imm(op, dst_off, src_off, (uint8_t)imm8));
}

/*
 * The helper's offset for source operand i: its XMM slot, or xtmp filled
 * from memory, which needs no alignment for these forms (m16/m32/m64 of
 * pmovsx/zx and insertps, m128 of the string compares). 0 if neither.
 */
static uint64_t unaligned_source(struct x86_lift *l, unsigned i)
{
    struct ir_block *b = l->b;
    unsigned n;
    if (x86_sse_is_xmm(l, i, &n))
        return X86_XMM_OFF(n);
    if (!is_mem(l, i))
        return 0;
    unsigned size = x86_operand_size(l, i);
    if (size == 16) {
        ir_temp lo, hi;
        x86_sse_read128(l, i, false, &lo, &hi);
        ir_put(b, X86_XTMP_OFF, 8, lo);
        ir_put(b, X86_XTMP_OFF + 8, 8, hi);
    } else if (size == 2 || size == 4 || size == 8) {
        ir_put(b, X86_XTMP_OFF, size,
               ir_load(b, x86_operand_addr(l, i), size, false));
    } else {
        return 0;
    }
    return X86_XTMP_OFF;
}

/* pmovsx/zx and insertps: dst xmm, src xmm or memory. insertps takes an
 * m32 as the element itself: imm8's source lane bits do not apply. */
static bool lift_to_xmm(struct x86_lift *l, enum x86_sse_op op)
{
    unsigned d;
    int imm8 = x86_sse_imm8(l);
    if (!x86_sse_is_xmm(l, 0, &d))
        return false;
    bool from_mem = is_mem(l, 1);
    uint64_t src = unaligned_source(l, 1);
    if (!src)
        return false;
    unsigned imm = imm8 >= 0 ? (unsigned)imm8 : 0;
    if (op == X86_SSE_INSERTPS && from_mem)
        imm &= 0x3f;
    call_helper(l, op, X86_XMM_OFF(d), src, imm, 0, 0);
    return true;
}

/* pextrb/w/d/q, extractps: the lane to a GPR (zero-extended) or memory. */
static bool lift_extract(struct x86_lift *l, enum x86_sse_op op)
{
    unsigned s;
    int imm8 = x86_sse_imm8(l);
    if (imm8 < 0 || !x86_sse_is_xmm(l, 1, &s) || !(is_gpr(l, 0) || is_mem(l, 0)))
        return false;
    ir_temp r = call_helper(l, op, 0, X86_XMM_OFF(s), (unsigned)imm8, 0, 0);
    x86_write_operand(l, 0, r);
    return true;
}

/* Explicit length in rax or rdx: 32-bit (sign-extended) unless REX.W. */
static ir_temp length_reg(struct x86_lift *l, enum x86_gpr reg)
{
    ir_temp v = ir_get(l->b, X86_GPR_OFF(reg), 8);
    return l->insn->raw.rex.W ? v : ir_unop(l->b, IR_SEXT, 4, v);
}

static ir_temp flag_bit(struct ir_block *b, ir_temp r, unsigned mask)
{
    return ir_binop(b, IR_NE, 8, ir_binop(b, IR_AND, 8, r, ir_const(b, mask)),
                    ir_const(b, 0));
}

/* pcmp[ei]str[im] xmm1, xmm2/m128, imm8: CF ZF SF OF from the helper, AF
 * and PF cleared; ecx = the index (i forms; the helper writes xmm0 for the
 * m forms). */
static bool lift_string(struct x86_lift *l, enum x86_sse_op op)
{
    struct ir_block *b = l->b;
    unsigned d;
    int imm8 = x86_sse_imm8(l);
    if (imm8 < 0 || !x86_sse_is_xmm(l, 0, &d))
        return false;
    uint64_t src = unaligned_source(l, 1);
    if (!src)
        return false;
    bool explicit_len = op == X86_SSE_PCMPESTRI || op == X86_SSE_PCMPESTRM;
    ir_temp a = explicit_len ? length_reg(l, X86_RAX_) : 0;
    ir_temp len_b = explicit_len ? length_reg(l, X86_RDX_) : 0;
    ir_temp r = call_helper(l, op, X86_XMM_OFF(d), src, (unsigned)imm8, a, len_b);
    struct x86_flag_set f = {0};
    f.v[X86_CF] = flag_bit(b, r, X86_STR_FLAG_CF);
    f.v[X86_ZF] = flag_bit(b, r, X86_STR_FLAG_ZF);
    f.v[X86_SF] = flag_bit(b, r, X86_STR_FLAG_SF);
    f.v[X86_OF] = flag_bit(b, r, X86_STR_FLAG_OF);
    f.v[X86_AF] = f.v[X86_PF] = ir_const(b, 0);
    x86_flags_commit(l, &f, 0);
    if (op == X86_SSE_PCMPESTRI || op == X86_SSE_PCMPISTRI)
        ir_put(b, X86_GPR_OFF(X86_RCX_), 8,
               ir_binop(b, IR_SHR, 8, r, ir_const(b, X86_STR_INDEX_SHIFT)));
    return true;
}

/* crc32 r32/r64, r/m8/16/32/64: the 32-bit crc, zero-extended. */
static bool lift_crc32(struct x86_lift *l, enum x86_sse_op op)
{
    if (!is_gpr(l, 0) || !(is_gpr(l, 1) || is_mem(l, 1)))
        return false;
    ir_temp data = x86_read_operand(l, 1);
    ir_temp crc = x86_read_operand(l, 0);
    ir_temp r = call_helper(l, op, 0, 0, x86_operand_size(l, 1), data, crc);
    x86_write_operand(l, 0, r);
    return true;
}

bool x86_lift_sse4_op(struct x86_lift *l)
{
    struct sse4_form form = sse4_forms[l->insn->mnemonic];
    if (!form.op_plus_1)
        return false;
    enum x86_sse_op op = (enum x86_sse_op)(form.op_plus_1 - 1);
    switch ((enum x86_sse4_shape)form.shape) {
    case X86_SSE4_WIDEN:
    case X86_SSE4_INSERTPS:
        return lift_to_xmm(l, op);
    case X86_SSE4_EXTRACT:
        return lift_extract(l, op);
    case X86_SSE4_STRING:
        return lift_string(l, op);
    case X86_SSE4_CRC32:
        return lift_crc32(l, op);
    }
    return false;
}

/* pextrw r, xmm, imm8 (SSE2) and pextrw m16, xmm, imm8 (SSE4.1); the mm
 * form is the MMX lifter's. */
bool x86_lift_sse4_pextrw(struct x86_lift *l)
{
    return lift_extract(l, X86_SSE_PEXTRW);
}

/* lddqu xmm, m128: a load with no alignment requirement. */
bool x86_lift_sse4_lddqu(struct x86_lift *l)
{
    unsigned d;
    if (!x86_sse_is_xmm(l, 0, &d) || !is_mem(l, 1))
        return false;
    ir_temp lo, hi;
    x86_sse_read128(l, 1, false, &lo, &hi);
    ir_put(l->b, X86_XMM_OFF(d), 8, lo);
    ir_put(l->b, X86_XMM_OFF(d) + 8, 8, hi);
    return true;
}
