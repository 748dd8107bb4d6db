/*
 * x86_64_flags.c — flag results of the integer instructions and the
 * condition codes that read them. Every flag is a separate 8-byte word
 * holding 0/1; the dead-flag pass (lib/opt) removes the words nobody
 * reads, so the formulas here are plain and eager.
 */
#include "x86_64_flags.h"

/* State offsets in enum x86_flag order, and each flag's RFLAGS bit. */
static const struct {
    size_t off;
    unsigned bit;
} flag_info[X86_NUM_FLAGS] = {
    [X86_CF] = {X86_FLAG_OFF(cf), 0},  [X86_PF] = {X86_FLAG_OFF(pf), 2},
    [X86_AF] = {X86_FLAG_OFF(af), 4},  [X86_ZF] = {X86_FLAG_OFF(zf), 6},
    [X86_SF] = {X86_FLAG_OFF(sf), 7},  [X86_DF] = {X86_FLAG_OFF(df), 10},
    [X86_OF] = {X86_FLAG_OFF(of), 11},
};

size_t x86_flag_offset(enum x86_flag f)
{
    return flag_info[f].off;
}

ir_temp x86_get_flag(struct x86_lift *l, enum x86_flag f)
{
    return ir_get(l->b, flag_info[f].off, 8);
}

void x86_put_flag(struct x86_lift *l, enum x86_flag f, ir_temp v)
{
    ir_put(l->b, flag_info[f].off, 8, v);
}

void x86_flags_commit(struct x86_lift *l, const struct x86_flag_set *f,
                      ir_temp only_if)
{
    for (unsigned i = 0; i < X86_NUM_FLAGS; i++) {
        ir_temp v = f->v[i];
        if (!v)
            continue;
        if (only_if)
            v = ir_select(l->b, only_if, v, x86_get_flag(l, (enum x86_flag)i));
        x86_put_flag(l, (enum x86_flag)i, v);
    }
}

ir_temp x86_msb(struct x86_lift *l, unsigned size, ir_temp v)
{
    return ir_binop(l->b, IR_SHR, size, v, ir_const(l->b, size * 8 - 1));
}

ir_temp x86_bit(struct x86_lift *l, ir_temp v, unsigned n)
{
    struct ir_block *b = l->b;
    ir_temp s = ir_binop(b, IR_SHR, 8, v, ir_const(b, n));
    return ir_binop(b, IR_AND, 8, s, ir_const(b, 1));
}

void x86_flags_result(struct x86_lift *l, unsigned size, ir_temp res,
                      struct x86_flag_set *f)
{
    struct ir_block *b = l->b;
    f->v[X86_ZF] = ir_binop(b, IR_EQ, size, res, ir_const(b, 0));
    f->v[X86_SF] = x86_msb(l, size, res);
    f->v[X86_PF] = ir_unop(b, IR_PARITY, 8, res);
}

/* AF: the carry out of bit 3, visible in bit 4 of a ^ b ^ res. */
static ir_temp aux_carry(struct x86_lift *l, ir_temp a, ir_temp b_,
                         ir_temp res)
{
    struct ir_block *b = l->b;
    ir_temp x = ir_binop(b, IR_XOR, 8, ir_binop(b, IR_XOR, 8, a, b_), res);
    return x86_bit(l, x, 4);
}

void x86_flags_add(struct x86_lift *l, unsigned size, ir_temp a, ir_temp b_,
                   ir_temp res, struct x86_flag_set *f)
{
    struct ir_block *b = l->b;
    /* Without a carry in, the sum wrapped exactly when it is below a. */
    f->v[X86_CF] = ir_binop(b, IR_LTU, size, res, a);
    ir_temp ov = ir_binop(b, IR_AND, size, ir_binop(b, IR_XOR, size, a, res),
                          ir_binop(b, IR_XOR, size, b_, res));
    f->v[X86_OF] = x86_msb(l, size, ov);
    f->v[X86_AF] = aux_carry(l, a, b_, res);
    x86_flags_result(l, size, res, f);
}

void x86_flags_sub(struct x86_lift *l, unsigned size, ir_temp a, ir_temp b_,
                   ir_temp res, struct x86_flag_set *f)
{
    struct ir_block *b = l->b;
    /* Without a borrow in, a borrow out is a < b. */
    f->v[X86_CF] = ir_binop(b, IR_LTU, size, a, b_);
    ir_temp ov = ir_binop(b, IR_AND, size, ir_binop(b, IR_XOR, size, a, b_),
                          ir_binop(b, IR_XOR, size, a, res));
    f->v[X86_OF] = x86_msb(l, size, ov);
    f->v[X86_AF] = aux_carry(l, a, b_, res);
    x86_flags_result(l, size, res, f);
}

void x86_flags_adc(struct x86_lift *l, unsigned size, ir_temp a, ir_temp b_,
                   ir_temp res, struct x86_flag_set *f)
{
    struct ir_block *b = l->b;
    /* carry out = msb((a & b) | ((a | b) & ~res)), with or without a
     * carry in; overflow = msb((a ^ res) & (b ^ res)). */
    ir_temp nres = ir_binop(b, IR_XOR, size, res, ir_const(b, UINT64_MAX));
    ir_temp both = ir_binop(b, IR_AND, size, a, b_);
    ir_temp either = ir_binop(b, IR_OR, size, a, b_);
    ir_temp carries = ir_binop(b, IR_OR, size, both,
                               ir_binop(b, IR_AND, size, either, nres));
    f->v[X86_CF] = x86_msb(l, size, carries);
    ir_temp ov = ir_binop(b, IR_AND, size, ir_binop(b, IR_XOR, size, a, res),
                          ir_binop(b, IR_XOR, size, b_, res));
    f->v[X86_OF] = x86_msb(l, size, ov);
    f->v[X86_AF] = aux_carry(l, a, b_, res);
    x86_flags_result(l, size, res, f);
}

void x86_flags_sbb(struct x86_lift *l, unsigned size, ir_temp a, ir_temp b_,
                   ir_temp res, struct x86_flag_set *f)
{
    struct ir_block *b = l->b;
    /* borrow out = msb((~a & b) | (~(a ^ b) & res)); overflow =
     * msb((a ^ b) & (a ^ res)). */
    ir_temp ones = ir_const(b, UINT64_MAX);
    ir_temp na = ir_binop(b, IR_XOR, size, a, ones);
    ir_temp diff = ir_binop(b, IR_XOR, size, a, b_);
    ir_temp same = ir_binop(b, IR_XOR, size, diff, ones);
    ir_temp borrows = ir_binop(b, IR_OR, size, ir_binop(b, IR_AND, size, na, b_),
                               ir_binop(b, IR_AND, size, same, res));
    f->v[X86_CF] = x86_msb(l, size, borrows);
    ir_temp ov = ir_binop(b, IR_AND, size, diff,
                          ir_binop(b, IR_XOR, size, a, res));
    f->v[X86_OF] = x86_msb(l, size, ov);
    f->v[X86_AF] = aux_carry(l, a, b_, res);
    x86_flags_result(l, size, res, f);
}

void x86_flags_logic(struct x86_lift *l, unsigned size, ir_temp res,
                     struct x86_flag_set *f)
{
    ir_temp zero = ir_const(l->b, 0);
    f->v[X86_CF] = zero;
    f->v[X86_OF] = zero;
    f->v[X86_AF] = zero;
    x86_flags_result(l, size, res, f);
}

/* The even condition codes; odd ones are their negation. */
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
    ir_temp v = cond_base(l, cc & 15);
    if (cc & 1)
        v = ir_binop(l->b, IR_XOR, 8, v, ir_const(l->b, 1));
    return v;
}

unsigned x86_insn_cond(const struct x86_lift *l)
{
    return l->insn->opcode & 15;
}

ir_temp x86_rflags_read(struct x86_lift *l)
{
    struct ir_block *b = l->b;
    ir_temp other = ir_get(b, offsetof(struct x86_cpu, rflags_other), 8);
    ir_temp r = ir_binop(b, IR_AND, 8, other,
                         ir_const(b, X86_RFLAGS_USER_OTHER));
    r = ir_binop(b, IR_OR, 8, r, ir_const(b, X86_RFLAGS_FIXED));
    for (unsigned i = 0; i < X86_NUM_FLAGS; i++) {
        ir_temp bit = ir_binop(b, IR_SHL, 8, x86_get_flag(l, (enum x86_flag)i),
                               ir_const(b, flag_info[i].bit));
        r = ir_binop(b, IR_OR, 8, r, bit);
    }
    return r;
}

void x86_rflags_write(struct x86_lift *l, ir_temp rflags)
{
    struct ir_block *b = l->b;
    for (unsigned i = 0; i < X86_NUM_FLAGS; i++)
        x86_put_flag(l, (enum x86_flag)i, x86_bit(l, rflags, flag_info[i].bit));
    ir_put(b, offsetof(struct x86_cpu, rflags_other), 8,
           ir_binop(b, IR_AND, 8, rflags, ir_const(b, X86_RFLAGS_USER_OTHER)));
}
