/*
 * aarch64_lift.c — the AArch64 lifter's front: dispatch over the class
 * tables, the register, shift, condition and flag helpers they share,
 * and the block driver.
 */
#include "aarch64_lift.h"

#include "lift_driver.h"

#include <stddef.h>

/* Block limit, as for riscv64 (and one page of code: lift_driver.h). */
#define A64_BLOCK_MAX_INSNS 64

static const struct a64_lift_op *const a64_lift_tables[] = {
    a64_lift_dpimm, a64_lift_dpreg, a64_lift_branch, a64_lift_ldst,
    a64_lift_atomic, a64_lift_fp, a64_lift_fparith, a64_lift_simd,
};

unsigned a64_size(const struct a64_lift *l)
{
    return a64_sf(l->raw) ? 8 : 4;
}

ir_temp a64_const(const struct a64_lift *l, uint64_t v)
{
    return ir_const(l->b, v);
}

ir_temp a64_get(const struct a64_lift *l, unsigned reg, bool sp)
{
    if (reg == 31 && !sp)
        return ir_const(l->b, 0);
    return ir_get(l->b, A64_X_OFF(reg), 8);
}

void a64_put(const struct a64_lift *l, unsigned reg, bool sp, unsigned size,
             ir_temp v)
{
    if (reg == 31 && !sp)
        return;
    if (size == 4)
        v = ir_unop(l->b, IR_ZEXT, 4, v);
    ir_put(l->b, A64_X_OFF(reg), 8, v);
}

ir_temp a64_binop(const struct a64_lift *l, enum ir_op op, unsigned size,
                  ir_temp x, ir_temp y)
{
    return ir_binop(l->b, op, size, x, y);
}

ir_temp a64_shift(const struct a64_lift *l, unsigned size, ir_temp x,
                  unsigned type, unsigned amount)
{
    static const enum ir_op ops[4] = {IR_SHL, IR_SHR, IR_SAR, IR_ROR};
    if (amount == 0)
        return x;
    return ir_binop(l->b, ops[type & 3], size, x, ir_const(l->b, amount));
}

static ir_temp flag(const struct a64_lift *l, size_t off)
{
    return ir_get(l->b, off, 8);
}

static ir_temp not1(const struct a64_lift *l, ir_temp v)
{
    return ir_binop(l->b, IR_XOR, 8, v, ir_const(l->b, 1));
}

/* Conditions come in pairs: odd codes negate the even one below (but 15,
 * nv, is "always" like 14). */
ir_temp a64_cond(const struct a64_lift *l, unsigned cond)
{
    struct ir_block *b = l->b;
    ir_temp v;
    switch (cond >> 1) {
    case 0: v = flag(l, A64_OFF(flag_z)); break;
    case 1: v = flag(l, A64_OFF(flag_c)); break;
    case 2: v = flag(l, A64_OFF(flag_n)); break;
    case 3: v = flag(l, A64_OFF(flag_v)); break;
    case 4: /* hi: C and not Z */
        v = ir_binop(b, IR_AND, 8, flag(l, A64_OFF(flag_c)),
                     not1(l, flag(l, A64_OFF(flag_z))));
        break;
    case 5: /* ge: N == V */
        v = ir_binop(b, IR_EQ, 8, flag(l, A64_OFF(flag_n)),
                     flag(l, A64_OFF(flag_v)));
        break;
    case 6: /* gt: not Z and N == V */
        v = ir_binop(b, IR_AND, 8, not1(l, flag(l, A64_OFF(flag_z))),
                     ir_binop(b, IR_EQ, 8, flag(l, A64_OFF(flag_n)),
                              flag(l, A64_OFF(flag_v))));
        break;
    default:
        return ir_const(b, 1);
    }
    return (cond & 1) ? not1(l, v) : v;
}

static ir_temp top_bit(const struct a64_lift *l, unsigned size, ir_temp v)
{
    return ir_binop(l->b, IR_SHR, size, v, ir_const(l->b, size * 8 - 1));
}

static void set_nz(const struct a64_lift *l, unsigned size, ir_temp r)
{
    ir_put(l->b, A64_OFF(flag_n), 8, top_bit(l, size, r));
    ir_put(l->b, A64_OFF(flag_z), 8,
           ir_binop(l->b, IR_EQ, size, r, ir_const(l->b, 0)));
}

void a64_set_flags_logic(const struct a64_lift *l, unsigned size, ir_temp r)
{
    set_nz(l, size, r);
    ir_put(l->b, A64_OFF(flag_c), 8, ir_const(l->b, 0));
    ir_put(l->b, A64_OFF(flag_v), 8, ir_const(l->b, 0));
}

/* C: the sum wrapped in either addition; V: x and y agree in sign and r
 * does not. */
void a64_set_flags_add(const struct a64_lift *l, unsigned size, ir_temp x,
                       ir_temp y, ir_temp r)
{
    struct ir_block *b = l->b;
    ir_temp t = ir_binop(b, IR_ADD, size, x, y);
    ir_temp carry = ir_binop(b, IR_OR, 8, ir_binop(b, IR_LTU, size, t, x),
                             ir_binop(b, IR_LTU, size, r, t));
    ir_temp ovf = ir_binop(b, IR_AND, size, ir_binop(b, IR_XOR, size, x, r),
                           ir_binop(b, IR_XOR, size, y, r));
    set_nz(l, size, r);
    ir_put(b, A64_OFF(flag_c), 8, carry);
    ir_put(b, A64_OFF(flag_v), 8, top_bit(l, size, ovf));
}

ir_temp a64_add_carry(const struct a64_lift *l, unsigned size, ir_temp x,
                      ir_temp y, ir_temp carry_in, bool set_flags)
{
    ir_temp r = ir_binop(l->b, IR_ADD, size, ir_binop(l->b, IR_ADD, size, x, y),
                         carry_in);
    if (set_flags)
        a64_set_flags_add(l, size, x, y, r);
    return r;
}

static const struct a64_lift_op *lookup(unsigned op)
{
    if (op == A64_INVALID || op >= A64_OPCODE_COUNT)
        return NULL;
    for (size_t i = 0; i < sizeof(a64_lift_tables) / sizeof(*a64_lift_tables);
         i++)
        if (a64_lift_tables[i][op].fn)
            return &a64_lift_tables[i][op];
    return NULL;
}

int a64_lift_insn(struct ir_block *b, const struct a64_insn *in, uint64_t pc)
{
    ir_insn_start(b, pc, 4);
    const struct a64_lift l = {.b = b, .in = in, .pc = pc, .raw = in->raw};
    const struct a64_lift_op *op = lookup(in->op);
    if (op && op->fn(&l, op) == 0)
        return 0;
    ir_exit_trap(b, IR_TRAP_ILLEGAL, pc);
    return -1;
}

static unsigned insn_length(const uint8_t *bytes)
{
    (void)bytes;
    return 4;
}

static unsigned lift_one(struct ir_block *b, const uint8_t *bytes,
                         uint64_t avail, uint64_t pc)
{
    (void)avail;
    struct a64_insn in;
    a64_decode(bytes, &in);
    a64_lift_insn(b, &in, pc);
    return 4;
}

void a64_lift_block(struct ir_block *b, uint64_t pc,
                    const uint8_t *(*fetch)(void *, uint64_t, uint64_t *),
                    void *arg)
{
    static const struct ir_lift_guest a64 = {
        .max_insns = A64_BLOCK_MAX_INSNS,
        .min_len = 4,
        .insn_len = insn_length,
        .lift = lift_one,
    };
    ir_lift_block_driver(b, pc, fetch, arg, &a64);
}
