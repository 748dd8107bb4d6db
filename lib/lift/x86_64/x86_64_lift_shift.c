/*
 * x86_64_lift_shift.c — shl/shr/sar, rol/ror, rcl/rcr, shld/shrd.
 *
 * The count is masked to 5 bits (6 for 64-bit operands) and a zero count
 * changes no flag, so flags are selected on count != 0 unless the count is
 * an immediate. The work is done on 64-bit values, because 8- and 16-bit
 * shifts take counts up to 31. Undefined flags get what Intel hardware
 * (this host, checked over all counts) writes: AF = 0 for shifts, and OF
 * as the count-1 definition gives it on the source whatever the count
 * (one_step_overflow). Rotates change only CF and OF.
 */
#include "x86_64_int.h"

struct shift {
    unsigned size, bits;
    ir_temp v;       /* destination value, zero-extended */
    ir_temp n;       /* masked count */
    ir_temp nonzero; /* 0 when the count is a nonzero immediate */
    bool none;       /* an immediate count of zero: flags untouched */
};

static ir_temp c64(struct x86_lift *l, uint64_t v)
{
    return ir_const(l->b, v);
}

static ir_temp op64(struct x86_lift *l, enum ir_op op, ir_temp a, ir_temp b)
{
    return ir_binop(l->b, op, 8, a, b);
}

/* Count operand index ci (immediate or cl), masked. */
static void shift_setup(struct x86_lift *l, unsigned ci, struct shift *s)
{
    s->size = x86_operand_size(l, 0);
    s->bits = s->size * 8;
    uint64_t mask = s->size == 8 ? 63 : 31;
    s->v = x86_read_operand(l, 0);
    s->nonzero = 0;
    s->none = false;
    if (x86_is_imm(l, ci)) {
        uint64_t n = x86_imm64(l, ci) & mask;
        s->n = c64(l, n);
        s->none = n == 0;
    } else {
        s->n = op64(l, IR_AND, x86_read_operand(l, ci), c64(l, mask));
        s->nonzero = op64(l, IR_NE, s->n, c64(l, 0));
    }
}

static ir_temp to_size(struct x86_lift *l, const struct shift *s, ir_temp v)
{
    return s->size == 8 ? v : ir_unop(l->b, IR_ZEXT, s->size, v);
}

/* Bit 0 of v >> amount, amount a 64-bit temp. */
static ir_temp low_bit_after(struct x86_lift *l, ir_temp v, ir_temp amount)
{
    return op64(l, IR_AND, op64(l, IR_SHR, v, amount), c64(l, 1));
}

static bool finish(struct x86_lift *l, const struct shift *s, ir_temp res,
                   struct x86_flag_set *f)
{
    x86_write_operand(l, 0, res);
    if (!s->none)
        x86_flags_commit(l, f, s->nonzero);
    return true;
}

/* OF of a one-bit step on the source: msb(src) ^ the bit that becomes the
 * new msb (incoming, a 0/1 temp). */
static ir_temp one_step_overflow(struct x86_lift *l, const struct shift *s,
                                 ir_temp incoming)
{
    return op64(l, IR_XOR, x86_msb(l, s->size, s->v), incoming);
}

/* Bit bits-2 of the source: the msb after a one-bit left shift. */
static ir_temp second_msb(struct x86_lift *l, const struct shift *s)
{
    return x86_bit(l, s->v, s->bits - 2);
}

enum shift_kind { SH_SHL, SH_SHR, SH_SAR };

static bool lift_shift(struct x86_lift *l, enum shift_kind k)
{
    struct shift s;
    shift_setup(l, 1, &s);
    ir_temp src = k == SH_SAR ? ir_unop(l->b, IR_SEXT, s.size, s.v) : s.v;
    ir_temp n1 = op64(l, IR_SUB, s.n, c64(l, 1));
    ir_temp res, cf;
    struct x86_flag_set f = {0};
    if (k == SH_SHL) {
        res = to_size(l, &s, op64(l, IR_SHL, src, s.n));
        ir_temp before = op64(l, IR_SHL, src, n1);
        cf = low_bit_after(l, before, c64(l, s.bits - 1));
    } else {
        res = to_size(l, &s, op64(l, k == SH_SAR ? IR_SAR : IR_SHR, src, s.n));
        cf = low_bit_after(l, src, n1);
    }
    f.v[X86_CF] = cf;
    if (k == SH_SAR)
        f.v[X86_OF] = c64(l, 0);
    else
        f.v[X86_OF] = one_step_overflow(l, &s, k == SH_SHL ? second_msb(l, &s)
                                                           : c64(l, 0));
    f.v[X86_AF] = c64(l, 0);
    x86_flags_result(l, s.size, res, &f);
    return finish(l, &s, res, &f);
}

bool x86_lift_shl(struct x86_lift *l) { return lift_shift(l, SH_SHL); }
bool x86_lift_shr(struct x86_lift *l) { return lift_shift(l, SH_SHR); }
bool x86_lift_sar(struct x86_lift *l) { return lift_shift(l, SH_SAR); }

static bool lift_rotate(struct x86_lift *l, bool left)
{
    struct shift s;
    shift_setup(l, 1, &s);
    ir_temp res = ir_binop(l->b, left ? IR_ROL : IR_ROR, s.size, s.v, s.n);
    struct x86_flag_set f = {0};
    f.v[X86_CF] = left ? op64(l, IR_AND, res, c64(l, 1))
                       : x86_msb(l, s.size, res);
    f.v[X86_OF] = one_step_overflow(l, &s, left ? second_msb(l, &s)
                                                : x86_bit(l, s.v, 0));
    return finish(l, &s, res, &f);
}

bool x86_lift_rol(struct x86_lift *l) { return lift_rotate(l, true); }
bool x86_lift_ror(struct x86_lift *l) { return lift_rotate(l, false); }

/* Rotates through CF: a (bits+1)-bit rotation, so 8- and 16-bit counts
 * are reduced modulo 9 and 17; n is then 0..bits. */
static bool lift_rotate_carry(struct x86_lift *l, bool left)
{
    struct shift s;
    shift_setup(l, 1, &s);
    ir_temp n = s.n;
    if (s.size < 4)
        n = op64(l, IR_REMU, n, c64(l, s.bits + 1));
    ir_temp nz = op64(l, IR_NE, n, c64(l, 0));
    ir_temp cf = x86_get_flag(l, X86_CF);
    ir_temp rest = op64(l, IR_SUB, c64(l, s.bits), n); /* 0..bits-1 */
    ir_temp n1 = op64(l, IR_SUB, n, c64(l, 1));
    ir_temp res, new_cf, of;
    if (left) {
        ir_temp wrapped = op64(l, IR_SHR, op64(l, IR_SHR, s.v, rest), c64(l, 1));
        res = op64(l, IR_OR, op64(l, IR_SHL, s.v, n),
                   op64(l, IR_OR, op64(l, IR_SHL, cf, n1), wrapped));
        new_cf = low_bit_after(l, s.v, rest);
    } else {
        ir_temp wrapped = op64(l, IR_SHL, op64(l, IR_SHL, s.v, rest), c64(l, 1));
        res = op64(l, IR_OR, op64(l, IR_SHR, s.v, n),
                   op64(l, IR_OR, op64(l, IR_SHL, cf, rest), wrapped));
        new_cf = low_bit_after(l, s.v, n1);
    }
    res = ir_select(l->b, nz, to_size(l, &s, res), s.v);
    of = one_step_overflow(l, &s, left ? second_msb(l, &s) : cf);
    struct x86_flag_set f = {0};
    f.v[X86_CF] = new_cf;
    f.v[X86_OF] = of;
    x86_write_operand(l, 0, res);
    x86_flags_commit(l, &f, nz);
    return true;
}

bool x86_lift_rcl(struct x86_lift *l) { return lift_rotate_carry(l, true); }
bool x86_lift_rcr(struct x86_lift *l) { return lift_rotate_carry(l, false); }

/* shld/shrd dst, src, count: dst shifted, vacated bits filled from src.
 * 16-bit counts above 16 are undefined and give whatever this computes. */
static bool lift_double_shift(struct x86_lift *l, bool left)
{
    struct shift s;
    shift_setup(l, 2, &s);
    ir_temp src = x86_read_operand(l, 1);
    ir_temp rest = op64(l, IR_SUB, c64(l, s.bits), s.n);
    ir_temp n1 = op64(l, IR_SUB, s.n, c64(l, 1));
    ir_temp res, cf;
    if (left) {
        res = op64(l, IR_OR, op64(l, IR_SHL, s.v, s.n),
                   op64(l, IR_SHR, src, rest));
        cf = low_bit_after(l, s.v, rest);
    } else {
        res = op64(l, IR_OR, op64(l, IR_SHR, s.v, s.n),
                   op64(l, IR_SHL, src, rest));
        cf = low_bit_after(l, s.v, n1);
    }
    res = to_size(l, &s, res);
    if (s.nonzero) /* a zero count leaves dst (zero-extension aside) */
        res = ir_select(l->b, s.nonzero, res, s.v);
    else if (s.none)
        res = s.v;
    struct x86_flag_set f = {0};
    f.v[X86_CF] = cf;
    f.v[X86_OF] = one_step_overflow(l, &s, left ? second_msb(l, &s)
                                                : x86_bit(l, src, 0));
    f.v[X86_AF] = c64(l, 0);
    x86_flags_result(l, s.size, res, &f);
    return finish(l, &s, res, &f);
}

bool x86_lift_shld(struct x86_lift *l) { return lift_double_shift(l, true); }
bool x86_lift_shrd(struct x86_lift *l) { return lift_double_shift(l, false); }
