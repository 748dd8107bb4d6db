/*
 * x86_64_lift_alu.c — add/adc/sub/sbb/cmp/and/or/xor/test and the unary
 * not/neg/inc/dec, register and memory forms, with lock: add/sub/and/or/
 * xor become one IR AMO, the others a compare-and-swap that re-executes
 * the instruction when memory changed under it.
 */
#include "x86_64_int.h"

enum alu_kind { ALU_ADD, ALU_ADC, ALU_SUB, ALU_SBB, ALU_AND, ALU_OR, ALU_XOR };

struct alu_desc {
    enum ir_op op;      /* the operation on the (carry-adjusted) operands */
    bool carry_in;      /* adc/sbb read CF */
    bool subtract;      /* sub-style flags */
    bool logic;         /* and/or/xor flags */
    int amo;            /* IR AMO kind under lock, -1: CAS */
};

static const struct alu_desc alu_descs[] = {
    [ALU_ADD] = {IR_ADD, false, false, false, IR_AMO_ADD},
    [ALU_ADC] = {IR_ADD, true, false, false, -1},
    [ALU_SUB] = {IR_SUB, false, true, false, IR_AMO_ADD},
    [ALU_SBB] = {IR_SUB, true, true, false, -1},
    [ALU_AND] = {IR_AND, false, false, true, IR_AMO_AND},
    [ALU_OR] = {IR_OR, false, false, true, IR_AMO_OR},
    [ALU_XOR] = {IR_XOR, false, false, true, IR_AMO_XOR},
};

/* res = a op b (op carry), size bytes. */
static ir_temp alu_result(struct x86_lift *l, const struct alu_desc *d,
                          unsigned size, ir_temp a, ir_temp b_, ir_temp carry)
{
    ir_temp r = ir_binop(l->b, d->op, size, a, b_);
    return carry ? ir_binop(l->b, d->op, size, r, carry) : r;
}

static void alu_flags(struct x86_lift *l, const struct alu_desc *d,
                      unsigned size, ir_temp a, ir_temp b_, ir_temp res)
{
    struct x86_flag_set f = {0};
    if (d->logic)
        x86_flags_logic(l, size, res, &f);
    else if (d->subtract)
        (d->carry_in ? x86_flags_sbb : x86_flags_sub)(l, size, a, b_, res, &f);
    else
        (d->carry_in ? x86_flags_adc : x86_flags_add)(l, size, a, b_, res, &f);
    x86_flags_commit(l, &f, 0);
}

/* lock op [m], src. */
static bool alu_locked(struct x86_lift *l, const struct alu_desc *d,
                       unsigned size, ir_temp carry)
{
    struct ir_block *b = l->b;
    ir_temp src = x86_read_operand(l, 1);
    ir_temp addr = x86_operand_addr(l, 0);
    ir_temp old, res;
    if (d->amo >= 0) {
        ir_temp v = src;
        if (d->subtract)
            v = ir_binop(b, IR_SUB, size, ir_const(b, 0), src);
        old = ir_emit(b, IR_AMO, size, (unsigned)d->amo, addr, v, 0, 0);
        res = alu_result(l, d, size, old, src, 0);
    } else {
        old = ir_load(b, addr, size, false);
        res = alu_result(l, d, size, old, src, carry);
        x86_store_if_unchanged(l, addr, old, res, size);
    }
    alu_flags(l, d, size, old, src, res);
    return true;
}

static bool lift_alu(struct x86_lift *l, enum alu_kind kind, bool write)
{
    const struct alu_desc *d = &alu_descs[kind];
    unsigned size = x86_operand_size(l, 0);
    ir_temp carry = d->carry_in ? x86_get_flag(l, X86_CF) : 0;
    if (x86_has_lock(l)) {
        if (!write || !x86_is_mem(l, 0))
            return false;
        return alu_locked(l, d, size, carry);
    }
    ir_temp a = x86_read_operand(l, 0);
    ir_temp b_ = x86_read_operand(l, 1);
    ir_temp res = alu_result(l, d, size, a, b_, carry);
    if (write)
        x86_write_operand(l, 0, res);
    alu_flags(l, d, size, a, b_, res);
    return true;
}

bool x86_lift_add(struct x86_lift *l) { return lift_alu(l, ALU_ADD, true); }
bool x86_lift_adc(struct x86_lift *l) { return lift_alu(l, ALU_ADC, true); }
bool x86_lift_sub(struct x86_lift *l) { return lift_alu(l, ALU_SUB, true); }
bool x86_lift_sbb(struct x86_lift *l) { return lift_alu(l, ALU_SBB, true); }
bool x86_lift_cmp(struct x86_lift *l) { return lift_alu(l, ALU_SUB, false); }
bool x86_lift_and(struct x86_lift *l) { return lift_alu(l, ALU_AND, true); }
bool x86_lift_or(struct x86_lift *l) { return lift_alu(l, ALU_OR, true); }
bool x86_lift_xor(struct x86_lift *l) { return lift_alu(l, ALU_XOR, true); }
bool x86_lift_test(struct x86_lift *l) { return lift_alu(l, ALU_AND, false); }

enum unary_kind { UN_NOT, UN_NEG, UN_INC, UN_DEC };

static ir_temp unary_result(struct x86_lift *l, enum unary_kind k,
                            unsigned size, ir_temp v)
{
    struct ir_block *b = l->b;
    switch (k) {
    case UN_NOT: return ir_binop(b, IR_XOR, size, v, ir_const(b, UINT64_MAX));
    case UN_NEG: return ir_binop(b, IR_SUB, size, ir_const(b, 0), v);
    case UN_INC: return ir_binop(b, IR_ADD, size, v, ir_const(b, 1));
    default: return ir_binop(b, IR_SUB, size, v, ir_const(b, 1));
    }
}

static void unary_flags(struct x86_lift *l, enum unary_kind k, unsigned size,
                        ir_temp v, ir_temp res)
{
    struct ir_block *b = l->b;
    struct x86_flag_set f = {0};
    if (k == UN_NOT)
        return; /* not changes no flag */
    if (k == UN_NEG) {
        x86_flags_sub(l, size, ir_const(b, 0), v, res, &f);
    } else {
        if (k == UN_INC)
            x86_flags_add(l, size, v, ir_const(b, 1), res, &f);
        else
            x86_flags_sub(l, size, v, ir_const(b, 1), res, &f);
        f.v[X86_CF] = 0; /* inc/dec keep CF */
    }
    x86_flags_commit(l, &f, 0);
}

static bool lift_unary(struct x86_lift *l, enum unary_kind k)
{
    unsigned size = x86_operand_size(l, 0);
    if (x86_has_lock(l)) {
        if (!x86_is_mem(l, 0))
            return false;
        ir_temp addr = x86_operand_addr(l, 0);
        ir_temp old = ir_load(l->b, addr, size, false);
        ir_temp res = unary_result(l, k, size, old);
        x86_store_if_unchanged(l, addr, old, res, size);
        unary_flags(l, k, size, old, res);
        return true;
    }
    ir_temp v = x86_read_operand(l, 0);
    ir_temp res = unary_result(l, k, size, v);
    x86_write_operand(l, 0, res);
    unary_flags(l, k, size, v, res);
    return true;
}

bool x86_lift_not(struct x86_lift *l) { return lift_unary(l, UN_NOT); }
bool x86_lift_neg(struct x86_lift *l) { return lift_unary(l, UN_NEG); }
bool x86_lift_inc(struct x86_lift *l) { return lift_unary(l, UN_INC); }
bool x86_lift_dec(struct x86_lift *l) { return lift_unary(l, UN_DEC); }
