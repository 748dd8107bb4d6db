/*
 * t1_ops.c — the IR's pure ops (ADD..SELECT) as x86-64, bit-exact with
 * ir_eval() at every size: results are zero-extended from `size` bytes
 * (1- and 2-byte ops compute in 32 bits and end with a movzx), shift
 * counts are masked to size*8-1, division never traps (the x86 #DE cases,
 * x/0 and MIN/-1, are tested for first), CLZ/CTZ of 0 give size*8.
 */
#include "t1_internal.h"

/* Width of the x86 operation computing a `size`-byte result. */
static unsigned op_width(unsigned size)
{
    return size == 8 ? 8 : 4;
}

/* Zero-extends the low `size` bytes of r in place (4 and 8: nothing to do
 * after a 32-bit op, which already clears the upper half). */
static void zext_in_place(struct t1 *t, unsigned size, enum x86_reg r)
{
    if (size < 4)
        x86_movzx_rr(&t->buf, size, r, r);
}

/* Copies src into the scratch register dst with the extension a size-
 * byte operand needs for a 64-bit computation. */
static void extend_to(struct t1 *t, enum x86_reg dst, enum x86_reg src,
                      unsigned size, bool sign)
{
    if (sign)
        x86_movsx_rr(&t->buf, size, dst, src);
    else
        x86_movzx_rr(&t->buf, size, dst, src);
}

static void emit_alu(struct t1 *t, const struct ir_insn *in, enum x86_alu op,
                     bool commutative)
{
    unsigned w = op_width(in->size);
    ir_temp a = in->a, b = in->b;
    int32_t imm;
    if (commutative && t1_const_imm(t, a, in->size, &imm) &&
        !t1_const_imm(t, b, in->size, &imm)) {
        ir_temp x = a;
        a = b;
        b = x;
    }
    bool use_imm = t1_const_imm(t, b, in->size, &imm);
    enum x86_reg ra = t1_use(t, a);
    enum x86_reg rb = use_imm ? X86_NOREG : t1_use(t, b);
    enum x86_reg d = t1_def(t, in->dst, a);
    if (d != ra)
        x86_mov_rr(&t->buf, w, d, ra);
    if (use_imm)
        x86_alu_ri(&t->buf, op, w, d, imm);
    else
        x86_alu_rr(&t->buf, op, w, d, rb);
    zext_in_place(t, in->size, d);
}

static void emit_add(struct t1 *t, const struct ir_insn *in) { emit_alu(t, in, X86_ADD, true); }
static void emit_sub(struct t1 *t, const struct ir_insn *in) { emit_alu(t, in, X86_SUB, false); }
static void emit_and(struct t1 *t, const struct ir_insn *in) { emit_alu(t, in, X86_AND, true); }
static void emit_or(struct t1 *t, const struct ir_insn *in) { emit_alu(t, in, X86_OR, true); }
static void emit_xor(struct t1 *t, const struct ir_insn *in) { emit_alu(t, in, X86_XOR, true); }

static void emit_mul(struct t1 *t, const struct ir_insn *in)
{
    unsigned w = op_width(in->size);
    enum x86_reg ra = t1_use(t, in->a);
    enum x86_reg rb = t1_use(t, in->b);
    enum x86_reg d = t1_def(t, in->dst, in->a);
    if (d != ra)
        x86_mov_rr(&t->buf, w, d, ra);
    x86_imul_rr(&t->buf, w, d, rb);
    zext_in_place(t, in->size, d);
}

/* High halves: 8 bytes through mul/imul into rdx, narrower sizes as one
 * 64-bit product of the extended operands shifted down. */
static void emit_mulh(struct t1 *t, const struct ir_insn *in)
{
    bool sa = in->op != IR_MULHU, sb = in->op == IR_MULHS;
    enum x86_reg ra = t1_use(t, in->a);
    enum x86_reg rb = t1_use(t, in->b);
    enum x86_reg d = t1_def(t, in->dst, 0);
    struct x86_buf *buf = &t->buf;
    if (in->size == 8) {
        x86_mov_rr(buf, 8, X86_RAX, ra);
        x86_unary(buf, in->op == IR_MULHS ? X86_IMUL1 : X86_MUL, 8, rb);
        if (in->op == IR_MULHSU) { /* unsigned high minus (a < 0 ? b : 0) */
            x86_mov_rr(buf, 8, X86_RAX, ra);
            x86_shift_ri(buf, X86_SAR, 8, X86_RAX, 63);
            x86_alu_rr(buf, X86_AND, 8, X86_RAX, rb);
            x86_alu_rr(buf, X86_SUB, 8, X86_RDX, X86_RAX);
        }
        x86_mov_rr(buf, 8, d, X86_RDX);
        return;
    }
    extend_to(t, X86_RAX, ra, in->size, sa);
    extend_to(t, X86_RCX, rb, in->size, sb);
    x86_imul_rr(buf, 8, X86_RAX, X86_RCX);
    x86_shift_ri(buf, X86_SHR, 8, X86_RAX, (uint8_t)(in->size * 8));
    x86_movzx_rr(buf, in->size, d, X86_RAX);
}

/* Division with RISC-V's total semantics (see ir_eval.c). Operands are
 * extended to 64 bits, so only 8-byte signed division can overflow. */
static void emit_div(struct t1 *t, const struct ir_insn *in)
{
    bool sign = in->op == IR_DIVS || in->op == IR_REMS;
    bool rem = in->op == IR_REMS || in->op == IR_REMU;
    enum x86_reg ra = t1_use(t, in->a);
    enum x86_reg rb = t1_use(t, in->b);
    enum x86_reg d = t1_def(t, in->dst, 0);
    struct x86_buf *buf = &t->buf;
    extend_to(t, X86_RAX, ra, in->size, sign);
    extend_to(t, X86_RCX, rb, in->size, sign);
    x86_test_rr(buf, 8, X86_RCX, X86_RCX);
    size_t to_zero = x86_jcc_rel32(buf, X86_CC_E);
    size_t to_done_m1 = 0;
    bool check_m1 = sign && in->size == 8;
    if (check_m1) { /* x / -1 = -x (MIN stays MIN), x % -1 = 0 */
        x86_alu_ri(buf, X86_CMP, 8, X86_RCX, -1);
        size_t normal = x86_jcc_rel32(buf, X86_CC_NE);
        if (rem)
            x86_mov_ri(buf, X86_RAX, 0);
        else
            x86_unary(buf, X86_NEG, 8, X86_RAX);
        to_done_m1 = x86_jmp_rel32(buf);
        x86_patch_rel32(buf, normal, x86_buf_used(buf));
    }
    if (sign) {
        x86_cqo(buf, 8);
        x86_unary(buf, X86_IDIV, 8, X86_RCX);
    } else {
        x86_alu_rr(buf, X86_XOR, 4, X86_RDX, X86_RDX);
        x86_unary(buf, X86_DIV, 8, X86_RCX);
    }
    if (rem)
        x86_mov_rr(buf, 8, X86_RAX, X86_RDX);
    size_t to_done = x86_jmp_rel32(buf);
    x86_patch_rel32(buf, to_zero, x86_buf_used(buf));
    if (!rem) /* x / 0 = all ones; x % 0 = x, already in rax */
        x86_mov_ri(buf, X86_RAX, UINT64_MAX);
    x86_patch_rel32(buf, to_done, x86_buf_used(buf));
    if (check_m1)
        x86_patch_rel32(buf, to_done_m1, x86_buf_used(buf));
    x86_movzx_rr(buf, in->size, d, X86_RAX);
}

static enum x86_shift shift_kind(enum ir_op op)
{
    switch (op) {
    case IR_SHL: return X86_SHL;
    case IR_SHR: return X86_SHR;
    case IR_SAR: return X86_SAR;
    case IR_ROL: return X86_ROL;
    default: return X86_ROR;
    }
}

/*
 * 8- and 4-byte shifts use the x86 op of that width, whose count masking
 * (63, 31) is the IR's. 1- and 2-byte ones mask the count themselves,
 * prepare the operand (zero- or sign-extended for right shifts) and shift
 * in 32 bits; rotates use the 8/16-bit forms.
 */
static void emit_shift(struct t1 *t, const struct ir_insn *in)
{
    enum x86_shift k = shift_kind((enum ir_op)in->op);
#ifdef VM_T1_INJECT_BUG
    /* Only in the test-of-the-tests build (test/tier1): a 4-byte SAR
     * emitted as SHR, which the random differential test must catch. */
    if (k == X86_SAR && in->size == 4)
        k = X86_SHR;
#endif
    unsigned size = in->size, bits = size * 8;
    int32_t imm;
    bool use_imm = t1_const_imm(t, in->b, 8, &imm) ||
                   t1_const_imm(t, in->b, 4, &imm);
    enum x86_reg ra = t1_use(t, in->a);
    enum x86_reg rb = use_imm ? X86_NOREG : t1_use(t, in->b);
    if (!use_imm) /* before d is written: d may be ra or... never rb */
        x86_mov_rr(&t->buf, 4, X86_RCX, rb);
    enum x86_reg d = t1_def(t, in->dst, in->a);
    struct x86_buf *buf = &t->buf;
    unsigned w = size >= 4 ? size : (k == X86_ROL || k == X86_ROR) ? size : 4;
    if (size >= 4) {
        if (d != ra)
            x86_mov_rr(buf, size, d, ra);
    } else if (k == X86_SHR) {
        x86_movzx_rr(buf, size, d, ra);
    } else if (k == X86_SAR) {
        x86_movsx_rr(buf, size, d, ra);
    } else if (d != ra) {
        x86_mov_rr(buf, 4, d, ra);
    }
    if (use_imm) {
        x86_shift_ri(buf, k, w, d, (uint8_t)(imm & (int32_t)(bits - 1)));
    } else {
        if (size < 4)
            x86_alu_ri(buf, X86_AND, 4, X86_RCX, (int32_t)(bits - 1));
        x86_shift_cl(buf, k, w, d);
    }
    zext_in_place(t, size, d);
}

static void emit_clz_ctz(struct t1 *t, const struct ir_insn *in)
{
    enum x86_reg ra = t1_use(t, in->a);
    enum x86_reg d = t1_def(t, in->dst, 0);
    struct x86_buf *buf = &t->buf;
    int32_t bits = in->size * 8;
    x86_movzx_rr(buf, in->size, X86_RAX, ra);
    if (in->op == IR_CLZ) { /* bits-1 - bsr, with bsr(0) taken as -1 */
        x86_mov_ri(buf, X86_RDX, UINT32_MAX);
        x86_bsr(buf, 8, X86_RAX, X86_RAX);
        x86_cmov(buf, X86_CC_E, 4, X86_RAX, X86_RDX);
        x86_mov_ri(buf, d, (uint64_t)(bits - 1));
        x86_alu_rr(buf, X86_SUB, 4, d, X86_RAX);
    } else {
        x86_mov_ri(buf, X86_RDX, (uint64_t)bits);
        x86_bsf(buf, 8, X86_RAX, X86_RAX);
        x86_cmov(buf, X86_CC_E, 4, X86_RAX, X86_RDX);
        x86_mov_rr(buf, 4, d, X86_RAX);
    }
}

static void emit_popcnt(struct t1 *t, const struct ir_insn *in)
{
    enum x86_reg ra = t1_use(t, in->a);
    enum x86_reg d = t1_def(t, in->dst, 0);
    x86_movzx_rr(&t->buf, in->size, X86_RAX, ra);
    x86_popcnt(&t->buf, 8, d, X86_RAX);
}

static void emit_parity(struct t1 *t, const struct ir_insn *in)
{
    enum x86_reg ra = t1_use(t, in->a);
    enum x86_reg d = t1_def(t, in->dst, 0);
    x86_test_rr(&t->buf, 1, ra, ra); /* PF: even parity of the low byte */
    x86_setcc(&t->buf, X86_CC_P, d);
    x86_movzx_rr(&t->buf, 1, d, d);
}

static void emit_bswap(struct t1 *t, const struct ir_insn *in)
{
    enum x86_reg ra = t1_use(t, in->a);
    enum x86_reg d = t1_def(t, in->dst, in->a);
    struct x86_buf *buf = &t->buf;
    if (in->size >= 4) {
        if (d != ra || in->size == 4)
            x86_mov_rr(buf, in->size, d, ra);
        x86_bswap(buf, in->size, d);
    } else {
        x86_movzx_rr(buf, in->size, d, ra);
        if (in->size == 2)
            x86_shift_ri(buf, X86_ROL, 2, d, 8);
    }
}

static void emit_ext(struct t1 *t, const struct ir_insn *in)
{
    enum x86_reg ra = t1_use(t, in->a);
    enum x86_reg d = t1_def(t, in->dst, in->a);
    if (in->op == IR_SEXT)
        x86_movsx_rr(&t->buf, in->size, d, ra);
    else if (in->size < 8 || d != ra)
        x86_movzx_rr(&t->buf, in->size, d, ra);
}

static enum x86_cc compare_cc(enum ir_op op)
{
    switch (op) {
    case IR_EQ: return X86_CC_E;
    case IR_NE: return X86_CC_NE;
    case IR_LTS: return X86_CC_L;
    case IR_LTU: return X86_CC_B;
    case IR_LES: return X86_CC_LE;
    default: return X86_CC_BE;
    }
}

/* True when the next insn is an EXIT_IF that is this compare's only use:
 * the compare then stays in the flags (t1_emit_exit_if). */
static bool feeds_exit_if(const struct t1 *t, const struct ir_insn *in)
{
    if (t->cur + 1 >= t->blk->n)
        return false;
    const struct ir_insn *next = &t->blk->insns[t->cur + 1];
    return next->op == IR_EXIT_IF && next->a == in->dst &&
           t->temps[in->dst].last_use == t->cur + 2;
}

static void emit_compare(struct t1 *t, const struct ir_insn *in)
{
    int32_t imm;
    bool use_imm = t1_const_imm(t, in->b, in->size, &imm);
    enum x86_reg ra = t1_use(t, in->a);
    enum x86_reg rb = use_imm ? X86_NOREG : t1_use(t, in->b);
    bool fused = feeds_exit_if(t, in);
    enum x86_reg d = fused ? X86_NOREG : t1_def(t, in->dst, 0);
    if (use_imm)
        x86_alu_ri(&t->buf, X86_CMP, in->size, ra, imm);
    else
        x86_alu_rr(&t->buf, X86_CMP, in->size, ra, rb);
    enum x86_cc cc = compare_cc((enum ir_op)in->op);
    if (fused) {
        t->fused_temp = in->dst;
        t->fused_cc = cc;
        t->temps[in->dst].defined = true;
        return;
    }
    x86_setcc(&t->buf, cc, d);
    x86_movzx_rr(&t->buf, 1, d, d);
}

static void emit_select(struct t1 *t, const struct ir_insn *in)
{
    enum x86_reg ra = t1_use(t, in->a);
    enum x86_reg rb = t1_use(t, in->b);
    enum x86_reg rc = t1_use(t, in->c);
    enum x86_reg d = t1_def(t, in->dst, in->c);
    if (d != rc)
        x86_mov_rr(&t->buf, 8, d, rc);
    x86_test_rr(&t->buf, 8, ra, ra);
    x86_cmov(&t->buf, X86_CC_NE, 8, d, rb);
}

static const t1_emit_fn pure_emitters[IR_NUM_OPS] = {
    [IR_ADD] = emit_add, [IR_SUB] = emit_sub, [IR_MUL] = emit_mul,
    [IR_MULHS] = emit_mulh, [IR_MULHU] = emit_mulh, [IR_MULHSU] = emit_mulh,
    [IR_DIVS] = emit_div, [IR_DIVU] = emit_div, [IR_REMS] = emit_div,
    [IR_REMU] = emit_div, [IR_AND] = emit_and, [IR_OR] = emit_or,
    [IR_XOR] = emit_xor, [IR_SHL] = emit_shift, [IR_SHR] = emit_shift,
    [IR_SAR] = emit_shift, [IR_ROL] = emit_shift, [IR_ROR] = emit_shift,
    [IR_CLZ] = emit_clz_ctz, [IR_CTZ] = emit_clz_ctz, [IR_POPCNT] = emit_popcnt,
    [IR_PARITY] = emit_parity, [IR_BSWAP] = emit_bswap, [IR_SEXT] = emit_ext,
    [IR_ZEXT] = emit_ext, [IR_EQ] = emit_compare, [IR_NE] = emit_compare,
    [IR_LTS] = emit_compare, [IR_LTU] = emit_compare, [IR_LES] = emit_compare,
    [IR_LEU] = emit_compare, [IR_SELECT] = emit_select,
};

void t1_emit_pure(struct t1 *t, const struct ir_insn *in)
{
    if (t1_is_dead(t, in->dst))
        return; /* pure and unused */
    t1_emit_fn fn = pure_emitters[in->op];
    if (!fn) {
        t1_fail(t, "op has no tier-1 template");
        return;
    }
    fn(t, in);
}
