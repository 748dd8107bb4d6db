/*
 * aarch64_lift_fp.c — the FP/SIMD register file's loads, stores and moves
 * (so far only these: arithmetic on it is not lifted). A vector register
 * is 16 bytes in struct a64_cpu, accessed as two 8-byte halves; a load of
 * b/h/s/d zeroes the rest of the register, as A64 does.
 */
#include "aarch64_lift.h"

/* arg: how the address is formed (as aarch64_lift_ldst.c's). */
enum { UOFF, SIMM9, POST, PRE, REGOFF };
enum { PAIR_OFF, PAIR_POST, PAIR_PRE };

static void put_v(const struct a64_lift *l, unsigned reg, ir_temp lo,
                  ir_temp hi)
{
    ir_put(l->b, A64_V_OFF(reg), 8, lo);
    ir_put(l->b, A64_V_OFF(reg) + 8, 8, hi);
}

/* Loads 2^scale bytes at addr into v[reg] (upper bytes zeroed); the
 * values are returned so that they are written after every access. */
static void load_v(const struct a64_lift *l, ir_temp addr, unsigned scale,
                   ir_temp out[2])
{
    if (scale == 4) {
        out[0] = ir_load(l->b, addr, 8, false);
        out[1] = ir_load(l->b, a64_binop(l, IR_ADD, 8, addr, a64_const(l, 8)),
                         8, false);
    } else {
        out[0] = ir_load(l->b, addr, 1u << scale, false);
        out[1] = a64_const(l, 0);
    }
}

static void store_v(const struct a64_lift *l, ir_temp addr, unsigned scale,
                    unsigned reg)
{
    if (scale == 4) {
        ir_store(l->b, addr, ir_get(l->b, A64_V_OFF(reg), 8), 8);
        ir_store(l->b, a64_binop(l, IR_ADD, 8, addr, a64_const(l, 8)),
                 ir_get(l->b, A64_V_OFF(reg) + 8, 8), 8);
    } else {
        ir_store(l->b, addr, ir_get(l->b, A64_V_OFF(reg), 8), 1u << scale);
    }
}

static ir_temp plus(const struct a64_lift *l, ir_temp x, int64_t off)
{
    return off ? a64_binop(l, IR_ADD, 8, x, a64_const(l, (uint64_t)off)) : x;
}

/* ldr/str (and ldur/stur) of b, h, s, d, q: opc<0> (bit 22) loads. */
static int single(const struct a64_lift *l, const struct a64_lift_op *op)
{
    unsigned scale = a64_ldst_scale(l->raw), rt = a64_rd(l->raw);
    bool load = a64_bits(l->raw, 22, 1);
    int64_t simm9 = a64_sbits(l->raw, 12, 9);
    ir_temp base = a64_get(l, a64_rn(l->raw), true), addr = base;
    switch (op->arg) {
    case UOFF:
        addr = plus(l, base, (int64_t)a64_bits(l->raw, 10, 12) << scale);
        break;
    case SIMM9:
    case PRE: addr = plus(l, base, simm9); break;
    case REGOFF: {
        unsigned option = a64_bits(l->raw, 13, 3);
        ir_temp off = a64_get(l, a64_rm(l->raw), false);
        if ((option & 1) == 0)
            off = ir_unop(l->b, option & 4 ? IR_SEXT : IR_ZEXT, 4, off);
        off = a64_shift(l, 8, off, 0, a64_bits(l->raw, 12, 1) ? scale : 0);
        addr = a64_binop(l, IR_ADD, 8, base, off);
        break;
    }
    default: break;
    }
    if (load) {
        ir_temp v[2];
        load_v(l, addr, scale, v);
        put_v(l, rt, v[0], v[1]);
    } else {
        store_v(l, addr, scale, rt);
    }
    if (op->arg == PRE)
        a64_put(l, a64_rn(l->raw), true, 8, addr);
    else if (op->arg == POST)
        a64_put(l, a64_rn(l->raw), true, 8, plus(l, base, simm9));
    return 0;
}

/* ldr s/d/q (literal): opc 31:30 = 0 s, 1 d, 2 q. */
static int literal(const struct a64_lift *l, const struct a64_lift_op *op)
{
    (void)op;
    unsigned scale = 2 + a64_bits(l->raw, 30, 2);
    ir_temp addr =
        a64_const(l, l->pc + (uint64_t)(a64_sbits(l->raw, 5, 19) * 4));
    ir_temp v[2];
    load_v(l, addr, scale, v);
    put_v(l, a64_rd(l->raw), v[0], v[1]);
    return 0;
}

/* ldp/stp/ldnp/stnp of s, d, q (opc 31:30 = 0, 1, 2). */
static int pair(const struct a64_lift *l, const struct a64_lift_op *op)
{
    unsigned scale = 2 + a64_bits(l->raw, 30, 2);
    unsigned rt = a64_rd(l->raw), rt2 = a64_ra(l->raw);
    bool load = a64_bits(l->raw, 22, 1);
    int64_t off = a64_pair_offset(l->raw);
    ir_temp base = a64_get(l, a64_rn(l->raw), true);
    ir_temp addr = op->flag == PAIR_POST ? base : plus(l, base, off);
    ir_temp addr2 = plus(l, addr, 1 << scale);
    if (load) {
        ir_temp v1[2], v2[2];
        load_v(l, addr, scale, v1);
        load_v(l, addr2, scale, v2);
        put_v(l, rt, v1[0], v1[1]);
        put_v(l, rt2, v2[0], v2[1]);
    } else {
        store_v(l, addr, scale, rt);
        store_v(l, addr2, scale, rt2);
    }
    if (op->flag == PAIR_PRE)
        a64_put(l, a64_rn(l->raw), true, 8, addr);
    else if (op->flag == PAIR_POST)
        a64_put(l, a64_rn(l->raw), true, 8, plus(l, base, off));
    return 0;
}

/* fmov between general and FP registers. arg: bytes moved (4 or 8);
 * flag: 0 general to FP (upper bytes zeroed), 1 FP to general, 2 general
 * to the upper half (the low half kept), 3 the upper half to general. */
static int fmov(const struct a64_lift *l, const struct a64_lift_op *op)
{
    unsigned rd = a64_rd(l->raw), rn = a64_rn(l->raw);
    switch (op->flag) {
    case 0:
        put_v(l, rd, ir_unop(l->b, IR_ZEXT, op->arg, a64_get(l, rn, false)),
              a64_const(l, 0));
        break;
    case 1:
        a64_put(l, rd, false, op->arg, ir_get(l->b, A64_V_OFF(rn), 8));
        break;
    case 2:
        ir_put(l->b, A64_V_OFF(rd) + 8, 8, a64_get(l, rn, false));
        break;
    default:
        a64_put(l, rd, false, 8, ir_get(l->b, A64_V_OFF(rn) + 8, 8));
        break;
    }
    return 0;
}

const struct a64_lift_op a64_lift_fp[A64_OPCODE_COUNT] = {
    [A64_STR_B_U] = {single, UOFF, 0}, [A64_STR_H_U] = {single, UOFF, 0},
    [A64_STR_S_U] = {single, UOFF, 0}, [A64_STR_D_U] = {single, UOFF, 0},
    [A64_STR_Q_U] = {single, UOFF, 0}, [A64_LDR_B_U] = {single, UOFF, 0},
    [A64_LDR_H_U] = {single, UOFF, 0}, [A64_LDR_S_U] = {single, UOFF, 0},
    [A64_LDR_D_U] = {single, UOFF, 0}, [A64_LDR_Q_U] = {single, UOFF, 0},
    [A64_STR_B_US] = {single, SIMM9, 0}, [A64_STR_H_US] = {single, SIMM9, 0},
    [A64_STR_S_US] = {single, SIMM9, 0}, [A64_STR_D_US] = {single, SIMM9, 0},
    [A64_STR_Q_US] = {single, SIMM9, 0}, [A64_LDR_B_US] = {single, SIMM9, 0},
    [A64_LDR_H_US] = {single, SIMM9, 0}, [A64_LDR_S_US] = {single, SIMM9, 0},
    [A64_LDR_D_US] = {single, SIMM9, 0}, [A64_LDR_Q_US] = {single, SIMM9, 0},
    [A64_STR_B_POST] = {single, POST, 0}, [A64_STR_H_POST] = {single, POST, 0},
    [A64_STR_S_POST] = {single, POST, 0}, [A64_STR_D_POST] = {single, POST, 0},
    [A64_STR_Q_POST] = {single, POST, 0}, [A64_LDR_B_POST] = {single, POST, 0},
    [A64_LDR_H_POST] = {single, POST, 0}, [A64_LDR_S_POST] = {single, POST, 0},
    [A64_LDR_D_POST] = {single, POST, 0}, [A64_LDR_Q_POST] = {single, POST, 0},
    [A64_STR_B_PRE] = {single, PRE, 0}, [A64_STR_H_PRE] = {single, PRE, 0},
    [A64_STR_S_PRE] = {single, PRE, 0}, [A64_STR_D_PRE] = {single, PRE, 0},
    [A64_STR_Q_PRE] = {single, PRE, 0}, [A64_LDR_B_PRE] = {single, PRE, 0},
    [A64_LDR_H_PRE] = {single, PRE, 0}, [A64_LDR_S_PRE] = {single, PRE, 0},
    [A64_LDR_D_PRE] = {single, PRE, 0}, [A64_LDR_Q_PRE] = {single, PRE, 0},
    [A64_STR_B_R] = {single, REGOFF, 0}, [A64_STR_H_R] = {single, REGOFF, 0},
    [A64_STR_S_R] = {single, REGOFF, 0}, [A64_STR_D_R] = {single, REGOFF, 0},
    [A64_STR_Q_R] = {single, REGOFF, 0}, [A64_LDR_B_R] = {single, REGOFF, 0},
    [A64_LDR_H_R] = {single, REGOFF, 0}, [A64_LDR_S_R] = {single, REGOFF, 0},
    [A64_LDR_D_R] = {single, REGOFF, 0}, [A64_LDR_Q_R] = {single, REGOFF, 0},
    [A64_LDR_S_LIT] = {literal, 0, 0}, [A64_LDR_D_LIT] = {literal, 0, 0},
    [A64_LDR_Q_LIT] = {literal, 0, 0}, [A64_STP_S_POST] = {pair, 0, PAIR_POST},
    [A64_LDP_S_POST] = {pair, 0, PAIR_POST}, [A64_STP_S] = {pair, 0, PAIR_OFF},
    [A64_LDP_S] = {pair, 0, PAIR_OFF}, [A64_STP_S_PRE] = {pair, 0, PAIR_PRE},
    [A64_LDP_S_PRE] = {pair, 0, PAIR_PRE},
    [A64_STP_S_NT] = {pair, 0, PAIR_OFF}, [A64_LDP_S_NT] = {pair, 0, PAIR_OFF},
    [A64_STP_D_POST] = {pair, 0, PAIR_POST},
    [A64_LDP_D_POST] = {pair, 0, PAIR_POST}, [A64_STP_D] = {pair, 0, PAIR_OFF},
    [A64_LDP_D] = {pair, 0, PAIR_OFF}, [A64_STP_D_PRE] = {pair, 0, PAIR_PRE},
    [A64_LDP_D_PRE] = {pair, 0, PAIR_PRE},
    [A64_STP_D_NT] = {pair, 0, PAIR_OFF}, [A64_LDP_D_NT] = {pair, 0, PAIR_OFF},
    [A64_STP_Q_POST] = {pair, 0, PAIR_POST},
    [A64_LDP_Q_POST] = {pair, 0, PAIR_POST}, [A64_STP_Q] = {pair, 0, PAIR_OFF},
    [A64_LDP_Q] = {pair, 0, PAIR_OFF}, [A64_STP_Q_PRE] = {pair, 0, PAIR_PRE},
    [A64_LDP_Q_PRE] = {pair, 0, PAIR_PRE},
    [A64_STP_Q_NT] = {pair, 0, PAIR_OFF}, [A64_LDP_Q_NT] = {pair, 0, PAIR_OFF},
    [A64_FMOV_S_W] = {fmov, 4, 0}, [A64_FMOV_W_S] = {fmov, 4, 1},
    [A64_FMOV_D_X] = {fmov, 8, 0}, [A64_FMOV_X_D] = {fmov, 8, 1},
    [A64_FMOV_V1_X] = {fmov, 8, 2}, [A64_FMOV_X_V1] = {fmov, 8, 3},
};
