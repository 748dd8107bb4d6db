/*
 * x86_64_flags_cond.c — condition codes (jcc, setcc, cmovcc, fcmov-like
 * readers go through x86_get_flag). Right after a cmp/sub, and/or/xor/
 * test or another result-setting instruction of the same block, and with
 * no flag write or state-touching helper in between, a condition is one
 * IR compare of that instruction's operands (cmp a, b; jl is LTS a, b);
 * otherwise it is computed from the flag words.
 */
#include "x86_64_flags.h"

enum cmp_form { NONE, CMP_AB, CMP_BA, CMP_R0, CMP_0R, ZERO, ONE };

/* Per condition code (o no b nb z nz be nbe s ns p np l nl le nle): the
 * compare giving it after a subtraction a - b and after a logic op. */
static const struct {
    enum ir_op op;
    enum cmp_form form;
} sub_cond[16] = {
    {IR_EQ, NONE},   {IR_EQ, NONE},   {IR_LTU, CMP_AB}, {IR_LEU, CMP_BA},
    {IR_EQ, CMP_AB}, {IR_NE, CMP_AB}, {IR_LEU, CMP_AB}, {IR_LTU, CMP_BA},
    {IR_LTS, CMP_R0}, {IR_LES, CMP_0R}, {IR_EQ, NONE},  {IR_EQ, NONE},
    {IR_LTS, CMP_AB}, {IR_LES, CMP_BA}, {IR_LES, CMP_AB}, {IR_LTS, CMP_BA},
}, logic_cond[16] = {
    {IR_EQ, ZERO},   {IR_EQ, ONE},    {IR_EQ, ZERO},    {IR_EQ, ONE},
    {IR_EQ, CMP_R0}, {IR_NE, CMP_R0}, {IR_EQ, CMP_R0},  {IR_NE, CMP_R0},
    {IR_LTS, CMP_R0}, {IR_LES, CMP_0R}, {IR_EQ, NONE},  {IR_EQ, NONE},
    {IR_LTS, CMP_R0}, {IR_LES, CMP_0R}, {IR_LES, CMP_R0}, {IR_LTS, CMP_0R},
}, result_cond[16] = {
    {IR_EQ, NONE},   {IR_EQ, NONE},   {IR_EQ, NONE},    {IR_EQ, NONE},
    {IR_EQ, CMP_R0}, {IR_NE, CMP_R0}, {IR_EQ, NONE},    {IR_EQ, NONE},
    {IR_LTS, CMP_R0}, {IR_LES, CMP_0R}, {IR_EQ, NONE},  {IR_EQ, NONE},
    {IR_EQ, NONE},   {IR_EQ, NONE},   {IR_EQ, NONE},    {IR_EQ, NONE},
};

/* Whether the block's last flag record still describes the flags: no
 * flag word written and no helper that sees the state since. */
static bool fuse_valid(const struct x86_lift *l)
{
    const struct x86_fuse *u = l->fuse;
    if (!u || u->kind == X86_FUSE_NONE || u->after > l->b->n)
        return false;
    const uint64_t lo = X86_FLAG_OFF(cf), hi = X86_FLAG_OFF(df) + 8;
    for (uint32_t k = u->after; k < l->b->n; k++) {
        const struct ir_insn *in = &l->b->insns[k];
        if (in->op == IR_PUT && in->imm < hi && in->imm + in->size > lo)
            return false;
        if (in->op == IR_CALL &&
            ir_helper_touches_state((enum ir_helper)in->aux))
            return false;
    }
    return true;
}

static ir_temp fused(struct x86_lift *l, unsigned cc)
{
    const struct x86_fuse *u = l->fuse;
    struct ir_block *b = l->b;
    const enum ir_op *op;
    enum cmp_form form;
    switch (u->kind) {
    case X86_FUSE_SUB: op = &sub_cond[cc].op; form = sub_cond[cc].form; break;
    case X86_FUSE_LOGIC:
        op = &logic_cond[cc].op; form = logic_cond[cc].form; break;
    default: op = &result_cond[cc].op; form = result_cond[cc].form; break;
    }
    ir_temp zero = 0;
    switch (form) {
    case CMP_AB: return ir_binop(b, *op, u->size, u->a, u->b);
    case CMP_BA: return ir_binop(b, *op, u->size, u->b, u->a);
    case CMP_R0:
        zero = ir_const(b, 0);
        return ir_binop(b, *op, u->size, u->res, zero);
    case CMP_0R:
        zero = ir_const(b, 0);
        return ir_binop(b, *op, u->size, zero, u->res);
    case ZERO: return ir_const(b, 0);
    case ONE: return ir_const(b, 1);
    default: break;
    }
    /* CF (b, nb) after an add, from its carry. */
    if (u->kind == X86_FUSE_RESULT && u->cf && (cc >> 1) == 1)
        return cc & 1 ? ir_binop(b, IR_XOR, 8, u->cf, ir_const(b, 1)) : u->cf;
    if ((cc >> 1) == 5) { /* p, np: parity of the low byte */
        ir_temp p = ir_unop(b, IR_PARITY, 8, u->res);
        return cc & 1 ? ir_binop(b, IR_XOR, 8, p, ir_const(b, 1)) : p;
    }
    return 0;
}

/* The even condition codes from the flag words; odd ones negate them. */
static ir_temp cond_base(struct x86_lift *l, unsigned cc)
{
    struct ir_block *b = l->b;
    switch (cc >> 1) {
    case 0: return x86_get_flag(l, X86_OF);
    case 1: return x86_get_flag(l, X86_CF);
    case 2: return x86_get_flag(l, X86_ZF);
    case 3: return ir_binop(b, IR_OR, 8, x86_get_flag(l, X86_CF),
                            x86_get_flag(l, X86_ZF));
    case 4: return x86_get_flag(l, X86_SF);
    case 5: return x86_get_flag(l, X86_PF);
    case 6: return ir_binop(b, IR_XOR, 8, x86_get_flag(l, X86_SF),
                            x86_get_flag(l, X86_OF));
    default: {
        ir_temp lt = ir_binop(b, IR_XOR, 8, x86_get_flag(l, X86_SF),
                              x86_get_flag(l, X86_OF));
        return ir_binop(b, IR_OR, 8, lt, x86_get_flag(l, X86_ZF));
    }
    }
}

ir_temp x86_cond(struct x86_lift *l, unsigned cc)
{
    cc &= 15;
    if (fuse_valid(l)) {
        ir_temp v = fused(l, cc);
        if (v)
            return v;
    }
    ir_temp v = cond_base(l, cc);
    if (cc & 1)
        v = ir_binop(l->b, IR_XOR, 8, v, ir_const(l->b, 1));
    return v;
}

unsigned x86_insn_cond(const struct x86_lift *l)
{
    return l->insn->opcode & 15;
}
