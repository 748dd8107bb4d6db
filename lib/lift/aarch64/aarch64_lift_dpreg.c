/*
 * aarch64_lift_dpreg.c — data processing with registers: logical and
 * add/sub with shifted or extended operands, add/sub with carry,
 * conditional compare and select, shifts by register, division, the
 * one-source ops (rbit, rev*, clz, cls) and multiply(-add).
 */
#include "aarch64_lift.h"

/* flag bits. */
#define SETS_FLAGS 1
#define INVERT 2   /* logical: the second operand is inverted (bic, orn) */
#define SUBTRACT 4 /* add/sub: subtract; ccmp; msub */
#define SIGNED 8   /* division, long multiplies */

static unsigned rd(const struct a64_lift *l) { return a64_rd(l->raw); }
static unsigned rn(const struct a64_lift *l) { return a64_rn(l->raw); }
static unsigned rm(const struct a64_lift *l) { return a64_rm(l->raw); }

static ir_temp not_(const struct a64_lift *l, unsigned size, ir_temp v)
{
    return a64_binop(l, IR_XOR, size, v, a64_const(l, ~0ull));
}

/* The shifted-register operand: rm shifted by type (23:22), imm6. */
static ir_temp shifted_rm(const struct a64_lift *l, unsigned size)
{
    return a64_shift(l, size, a64_get(l, rm(l), false),
                     a64_bits(l->raw, 22, 2), a64_bits(l->raw, 10, 6));
}

static int logic_reg(const struct a64_lift *l, const struct a64_lift_op *op)
{
    unsigned size = a64_size(l);
    ir_temp y = shifted_rm(l, size);
    if (op->flag & INVERT)
        y = not_(l, size, y);
    ir_temp r = a64_binop(l, op->arg, size, a64_get(l, rn(l), false), y);
    if (op->flag & SETS_FLAGS)
        a64_set_flags_logic(l, size, r);
    a64_put(l, rd(l), false, size, r);
    return 0;
}

/* x + y or x + ~y + 1, and the flags when asked. */
static ir_temp add_or_sub(const struct a64_lift *l, unsigned size, ir_temp x,
                          ir_temp y, unsigned flag)
{
    if (flag & SUBTRACT)
        return a64_add_carry(l, size, x, not_(l, size, y), a64_const(l, 1),
                             flag & SETS_FLAGS);
    return a64_add_carry(l, size, x, y, a64_const(l, 0), flag & SETS_FLAGS);
}

static int addsub_shift(const struct a64_lift *l, const struct a64_lift_op *op)
{
    unsigned size = a64_size(l);
    ir_temp r = add_or_sub(l, size, a64_get(l, rn(l), false),
                           shifted_rm(l, size), op->flag);
    a64_put(l, rd(l), false, size, r);
    return 0;
}

/* The extended-register operand: rm's low byte/half/word/double, zero-
 * or sign-extended (option 15:13), shifted left by imm3. */
static ir_temp extended_rm(const struct a64_lift *l, unsigned option,
                           unsigned amount, unsigned rm_reg)
{
    ir_temp v = a64_get(l, rm_reg, false);
    unsigned bytes = 1u << (option & 3);
    if (bytes < 8)
        v = ir_unop(l->b, option & 4 ? IR_SEXT : IR_ZEXT, bytes, v);
    return a64_shift(l, 8, v, 0, amount);
}

static int addsub_ext(const struct a64_lift *l, const struct a64_lift_op *op)
{
    unsigned size = a64_size(l);
    ir_temp y = extended_rm(l, a64_bits(l->raw, 13, 3),
                            a64_bits(l->raw, 10, 3), rm(l));
    ir_temp r = add_or_sub(l, size, a64_get(l, rn(l), true), y, op->flag);
    a64_put(l, rd(l), !(op->flag & SETS_FLAGS), size, r);
    return 0;
}

static int adc(const struct a64_lift *l, const struct a64_lift_op *op)
{
    unsigned size = a64_size(l);
    ir_temp y = a64_get(l, rm(l), false);
    if (op->flag & SUBTRACT)
        y = not_(l, size, y);
    ir_temp r = a64_add_carry(l, size, a64_get(l, rn(l), false), y,
                              ir_get(l->b, A64_OFF(flag_c), 8),
                              op->flag & SETS_FLAGS);
    a64_put(l, rd(l), false, size, r);
    return 0;
}

/* ccmp/ccmn: the flags of the compare when the condition holds, else the
 * nzcv immediate. Both are computed and each flag selected. */
static int ccmp(const struct a64_lift *l, const struct a64_lift_op *op)
{
    static const size_t flags[4] = {A64_OFF(flag_v), A64_OFF(flag_c),
                                    A64_OFF(flag_z), A64_OFF(flag_n)};
    struct ir_block *b = l->b;
    unsigned size = a64_size(l), nzcv = a64_bits(l->raw, 0, 4);
    ir_temp holds = a64_cond(l, a64_bits(l->raw, 12, 4));
    ir_temp y = op->arg ? a64_const(l, rm(l)) : a64_get(l, rm(l), false);
    add_or_sub(l, size, a64_get(l, rn(l), false), y,
               (op->flag & SUBTRACT) | SETS_FLAGS);
    for (unsigned i = 0; i < 4; i++) {
        ir_temp computed = ir_get(b, flags[i], 8);
        ir_put(b, flags[i], 8,
               ir_select(b, holds, computed, ir_const(b, (nzcv >> i) & 1)));
    }
    return 0;
}

/* csel, csinc, csinv, csneg: arg 0..3. */
static int csel(const struct a64_lift *l, const struct a64_lift_op *op)
{
    unsigned size = a64_size(l);
    ir_temp holds = a64_cond(l, a64_bits(l->raw, 12, 4));
    ir_temp y = a64_get(l, rm(l), false);
    switch (op->arg) {
    case 1: y = a64_binop(l, IR_ADD, size, y, a64_const(l, 1)); break;
    case 2: y = not_(l, size, y); break;
    case 3: y = a64_binop(l, IR_SUB, size, a64_const(l, 0), y); break;
    default: break;
    }
    a64_put(l, rd(l), false, size,
            ir_select(l->b, holds, a64_get(l, rn(l), false), y));
    return 0;
}

/* Division by zero gives 0 on AArch64 (the IR's gives all ones). */
static int divide(const struct a64_lift *l, const struct a64_lift_op *op)
{
    unsigned size = a64_size(l);
    ir_temp x = a64_get(l, rn(l), false), y = a64_get(l, rm(l), false);
    ir_temp q = a64_binop(l, op->flag & SIGNED ? IR_DIVS : IR_DIVU, size, x, y);
    ir_temp zero = a64_binop(l, IR_EQ, size, y, a64_const(l, 0));
    a64_put(l, rd(l), false, size, ir_select(l->b, zero, a64_const(l, 0), q));
    return 0;
}

/* lslv, lsrv, asrv, rorv: the IR masks the count as A64 does. */
static int shift_reg(const struct a64_lift *l, const struct a64_lift_op *op)
{
    unsigned size = a64_size(l);
    a64_put(l, rd(l), false, size,
            a64_binop(l, op->arg, size, a64_get(l, rn(l), false),
                      a64_get(l, rm(l), false)));
    return 0;
}

/* Swaps the bit groups of `width` bits selected by mask with their
 * neighbours. */
static ir_temp swap_groups(const struct a64_lift *l, unsigned size, ir_temp v,
                           uint64_t mask, unsigned width)
{
    ir_temp lo = a64_binop(l, IR_AND, size, a64_shift(l, size, v, 1, width),
                           a64_const(l, mask));
    ir_temp hi = a64_shift(l, size,
                           a64_binop(l, IR_AND, size, v, a64_const(l, mask)),
                           0, width);
    return a64_binop(l, IR_OR, size, lo, hi);
}

/* arg: 0 rbit, 1 rev16, 2 rev32, 3 rev, 4 clz, 5 cls. */
static int one_source(const struct a64_lift *l, const struct a64_lift_op *op)
{
    struct ir_block *b = l->b;
    unsigned size = a64_size(l);
    ir_temp x = a64_get(l, rn(l), false), r;
    switch (op->arg) {
    case 0:
        r = ir_unop(b, IR_BSWAP, size, x);
        r = swap_groups(l, size, r, 0x0f0f0f0f0f0f0f0full, 4);
        r = swap_groups(l, size, r, 0x3333333333333333ull, 2);
        r = swap_groups(l, size, r, 0x5555555555555555ull, 1);
        break;
    case 1: r = swap_groups(l, size, x, 0x00ff00ff00ff00ffull, 8); break;
    case 2: r = a64_shift(l, 8, ir_unop(b, IR_BSWAP, 8, x), 3, 32); break;
    case 3: r = ir_unop(b, IR_BSWAP, size, x); break;
    case 4: r = ir_unop(b, IR_CLZ, size, x); break;
    default: /* cls: leading bits equal to the sign, sign excluded */
        r = ir_unop(b, IR_CLZ, size,
                    a64_binop(l, IR_XOR, size, x, a64_shift(l, size, x, 2, 1)));
        r = a64_binop(l, IR_SUB, size, r, a64_const(l, 1));
        break;
    }
    a64_put(l, rd(l), false, size, r);
    return 0;
}

/* madd/msub: ra +/- rn * rm. */
static int madd(const struct a64_lift *l, const struct a64_lift_op *op)
{
    unsigned size = a64_size(l);
    ir_temp p = a64_binop(l, IR_MUL, size, a64_get(l, rn(l), false),
                          a64_get(l, rm(l), false));
    ir_temp a = a64_get(l, a64_ra(l->raw), false);
    a64_put(l, rd(l), false, size,
            a64_binop(l, op->flag & SUBTRACT ? IR_SUB : IR_ADD, size, a, p));
    return 0;
}

/* smaddl, umaddl, ...: 32x32 -> 64 products. */
static int madd_long(const struct a64_lift *l, const struct a64_lift_op *op)
{
    enum ir_op ext = op->flag & SIGNED ? IR_SEXT : IR_ZEXT;
    ir_temp x = ir_unop(l->b, ext, 4, a64_get(l, rn(l), false));
    ir_temp y = ir_unop(l->b, ext, 4, a64_get(l, rm(l), false));
    ir_temp p = a64_binop(l, IR_MUL, 8, x, y);
    ir_temp a = a64_get(l, a64_ra(l->raw), false);
    a64_put(l, rd(l), false, 8,
            a64_binop(l, op->flag & SUBTRACT ? IR_SUB : IR_ADD, 8, a, p));
    return 0;
}

static int mulh(const struct a64_lift *l, const struct a64_lift_op *op)
{
    a64_put(l, rd(l), false, 8,
            a64_binop(l, op->arg, 8, a64_get(l, rn(l), false),
                      a64_get(l, rm(l), false)));
    return 0;
}

const struct a64_lift_op a64_lift_dpreg[A64_OPCODE_COUNT] = {
    [A64_AND_R] = {logic_reg, IR_AND, 0},
    [A64_BIC_R] = {logic_reg, IR_AND, INVERT},
    [A64_ORR_R] = {logic_reg, IR_OR, 0},
    [A64_ORN_R] = {logic_reg, IR_OR, INVERT},
    [A64_EOR_R] = {logic_reg, IR_XOR, 0},
    [A64_EON_R] = {logic_reg, IR_XOR, INVERT},
    [A64_ANDS_R] = {logic_reg, IR_AND, SETS_FLAGS},
    [A64_BICS_R] = {logic_reg, IR_AND, SETS_FLAGS | INVERT},
    [A64_ADD_R] = {addsub_shift, 0, 0},
    [A64_ADDS_R] = {addsub_shift, 0, SETS_FLAGS},
    [A64_SUB_R] = {addsub_shift, 0, SUBTRACT},
    [A64_SUBS_R] = {addsub_shift, 0, SUBTRACT | SETS_FLAGS},
    [A64_ADD_X] = {addsub_ext, 0, 0},
    [A64_ADDS_X] = {addsub_ext, 0, SETS_FLAGS},
    [A64_SUB_X] = {addsub_ext, 0, SUBTRACT},
    [A64_SUBS_X] = {addsub_ext, 0, SUBTRACT | SETS_FLAGS},
    [A64_ADC] = {adc, 0, 0},
    [A64_ADCS] = {adc, 0, SETS_FLAGS},
    [A64_SBC] = {adc, 0, SUBTRACT},
    [A64_SBCS] = {adc, 0, SUBTRACT | SETS_FLAGS},
    [A64_CCMN_R] = {ccmp, 0, 0},
    [A64_CCMP_R] = {ccmp, 0, SUBTRACT},
    [A64_CCMN_I] = {ccmp, 1, 0},
    [A64_CCMP_I] = {ccmp, 1, SUBTRACT},
    [A64_CSEL] = {csel, 0, 0},
    [A64_CSINC] = {csel, 1, 0},
    [A64_CSINV] = {csel, 2, 0},
    [A64_CSNEG] = {csel, 3, 0},
    [A64_UDIV] = {divide, 0, 0},
    [A64_SDIV] = {divide, 0, SIGNED},
    [A64_LSLV] = {shift_reg, IR_SHL, 0},
    [A64_LSRV] = {shift_reg, IR_SHR, 0},
    [A64_ASRV] = {shift_reg, IR_SAR, 0},
    [A64_RORV] = {shift_reg, IR_ROR, 0},
    [A64_RBIT] = {one_source, 0, 0},
    [A64_REV16] = {one_source, 1, 0},
    [A64_REV32] = {one_source, 2, 0},
    [A64_REV_W] = {one_source, 3, 0},
    [A64_REV_X] = {one_source, 3, 0},
    [A64_CLZ] = {one_source, 4, 0},
    [A64_CLS] = {one_source, 5, 0},
    [A64_MADD] = {madd, 0, 0},
    [A64_MSUB] = {madd, 0, SUBTRACT},
    [A64_SMADDL] = {madd_long, 0, SIGNED},
    [A64_SMSUBL] = {madd_long, 0, SIGNED | SUBTRACT},
    [A64_UMADDL] = {madd_long, 0, 0},
    [A64_UMSUBL] = {madd_long, 0, SUBTRACT},
    [A64_SMULH] = {mulh, IR_MULHS, 0},
    [A64_UMULH] = {mulh, IR_MULHU, 0},
};
