/*
 * aarch64_lift_ldst.c — loads and stores: single registers in every
 * addressing form (unsigned offset, unscaled, pre/post-index, register
 * offset, pc-relative literal), pairs, exclusives and acquire/release.
 *
 * The single-register forms read size (31:30) and opc (23:22) from the
 * word: opc 0 stores, 1 loads zero-extended, 2 loads sign-extended to 64
 * bits (size 3: prfm), 3 sign-extended to 32. A written-back base is
 * written after the access, so a fault leaves the state untouched.
 */
#include "aarch64_lift.h"

/* arg of the single-register forms: how the address is formed. */
enum { UOFF, SIMM9, POST, PRE, REGOFF };
/* flag of pairs. */
enum { PAIR_OFF, PAIR_POST, PAIR_PRE };

static unsigned rt(const struct a64_lift *l) { return a64_rd(l->raw); }
static unsigned rn(const struct a64_lift *l) { return a64_rn(l->raw); }
static ir_temp base(const struct a64_lift *l) { return a64_get(l, rn(l), true); }

static ir_temp plus(const struct a64_lift *l, ir_temp x, int64_t off)
{
    return off ? a64_binop(l, IR_ADD, 8, x, a64_const(l, (uint64_t)off)) : x;
}

/* rm extended by option (uxtw, lsl, sxtw, sxtx) and scaled when S. */
static ir_temp reg_offset(const struct a64_lift *l, unsigned size_log2)
{
    unsigned option = a64_bits(l->raw, 13, 3);
    ir_temp v = a64_get(l, a64_rm(l->raw), false);
    if ((option & 1) == 0)
        v = ir_unop(l->b, option & 4 ? IR_SEXT : IR_ZEXT, 4, v);
    return a64_shift(l, 8, v, 0, a64_bits(l->raw, 12, 1) ? size_log2 : 0);
}

/* Loads `size_log2` at addr into rt as opc says; stores rt. */
static void access(const struct a64_lift *l, ir_temp addr, unsigned size_log2,
                   unsigned opc)
{
    unsigned bytes = 1u << size_log2;
    if (opc == 0) {
        ir_store(l->b, addr, a64_get(l, rt(l), false), bytes);
        return;
    }
    ir_temp v = ir_load(l->b, addr, bytes, opc >= 2);
    a64_put(l, rt(l), false, opc == 3 ? 4 : 8, v);
}

static int single(const struct a64_lift *l, const struct a64_lift_op *op)
{
    unsigned size_log2 = a64_bits(l->raw, 30, 2), opc = a64_bits(l->raw, 22, 2);
    int64_t simm9 = a64_sbits(l->raw, 12, 9);
    ir_temp b = base(l), addr = b;
    switch (op->arg) {
    case UOFF:
        addr = plus(l, b, (int64_t)a64_bits(l->raw, 10, 12) << size_log2);
        break;
    case SIMM9:
    case PRE: addr = plus(l, b, simm9); break;
    case REGOFF:
        addr = a64_binop(l, IR_ADD, 8, b, reg_offset(l, size_log2));
        break;
    default: break;
    }
    if (size_log2 == 3 && opc == 2) /* prfm: a hint that never faults */
        return 0;
    access(l, addr, size_log2, opc);
    if (op->arg == PRE)
        a64_put(l, rn(l), true, 8, addr);
    else if (op->arg == POST)
        a64_put(l, rn(l), true, 8, plus(l, b, simm9));
    return 0;
}

/* ldr (literal): opc 31:30 = 0 ldr w, 1 ldr x, 2 ldrsw, 3 prfm. */
static int literal(const struct a64_lift *l, const struct a64_lift_op *op)
{
    (void)op;
    unsigned opc = a64_bits(l->raw, 30, 2);
    if (opc == 3)
        return 0;
    ir_temp addr =
        a64_const(l, l->pc + (uint64_t)(a64_sbits(l->raw, 5, 19) * 4));
    ir_temp v = ir_load(l->b, addr, opc == 1 ? 8 : 4, opc == 2);
    a64_put(l, rt(l), false, 8, v);
    return 0;
}

/* ldp/stp/ldpsw/ldnp/stnp: opc 31:30 = 0 (32-bit), 1 (ldpsw), 2 (64-bit). */
static int pair(const struct a64_lift *l, const struct a64_lift_op *op)
{
    unsigned opc = a64_bits(l->raw, 30, 2), bytes = opc == 2 ? 8 : 4;
    bool load = a64_bits(l->raw, 22, 1);
    int64_t off = a64_sbits(l->raw, 15, 7) * (int64_t)bytes;
    unsigned rt2 = a64_ra(l->raw);
    ir_temp b = base(l);
    ir_temp addr = op->flag == PAIR_POST ? b : plus(l, b, off);
    ir_temp addr2 = plus(l, addr, bytes);
    if (load) {
        ir_temp v1 = ir_load(l->b, addr, bytes, opc == 1);
        ir_temp v2 = ir_load(l->b, addr2, bytes, opc == 1);
        a64_put(l, rt(l), false, 8, v1);
        a64_put(l, rt2, false, 8, v2);
    } else {
        ir_temp v1 = a64_get(l, rt(l), false), v2 = a64_get(l, rt2, false);
        ir_store(l->b, addr, v1, bytes);
        ir_store(l->b, addr2, v2, bytes);
    }
    if (op->flag == PAIR_PRE)
        a64_put(l, rn(l), true, 8, addr);
    else if (op->flag == PAIR_POST)
        a64_put(l, rn(l), true, 8, plus(l, b, off));
    return 0;
}

static void put_ctx(const struct a64_lift *l, size_t off, ir_temp v)
{
    ir_put(l->b, off, 8, v);
}

static void fence(const struct a64_lift *l)
{
    ir_emit(l->b, IR_FENCE, 8, 0, 0, 0, 0, 0);
}

/*
 * Exclusives use the reservation of struct ir_ctx as riscv64's LR/SC do
 * (see riscv64_lift_rva.c for why one CAS decides a store-exclusive).
 * flag: 1 acquire/release (the IR's atomics are fully ordered; a fence
 * orders the plain accesses around ldar/stlr). The pair forms of 32-bit
 * registers are one 64-bit access (rt low, rt2 high).
 */
static unsigned excl_bytes(const struct a64_lift *l, bool pair)
{
    return pair ? 8 : 1u << a64_bits(l->raw, 30, 2);
}

static int load_excl(const struct a64_lift *l, const struct a64_lift_op *op)
{
    struct ir_block *b = l->b;
    unsigned bytes = excl_bytes(l, op->arg);
    ir_temp addr = base(l);
    ir_temp v = ir_emit(b, IR_LOAD, bytes, IR_MEM_ALIGNED, addr, 0, 0, 0);
    put_ctx(l, IR_CTX_OFF(resv_addr), addr);
    put_ctx(l, IR_CTX_OFF(resv_val), v);
    put_ctx(l, IR_CTX_OFF(resv_size), a64_const(l, bytes));
    if (op->arg) {
        a64_put(l, rt(l), false, 4, v);
        a64_put(l, a64_ra(l->raw), false, 4, a64_shift(l, 8, v, 1, 32));
    } else {
        a64_put(l, rt(l), false, 8, v);
    }
    if (op->flag)
        fence(l);
    return 0;
}

static int store_excl(const struct a64_lift *l, const struct a64_lift_op *op)
{
    struct ir_block *b = l->b;
    unsigned bytes = excl_bytes(l, op->arg);
    if (op->flag)
        fence(l);
    ir_temp addr = base(l);
    ir_temp src = a64_get(l, rt(l), false);
    if (op->arg)
        src = a64_binop(l, IR_OR, 8, ir_unop(b, IR_ZEXT, 4, src),
                        a64_shift(l, 8, a64_get(l, a64_ra(l->raw), false), 0,
                                  32));
    ir_temp same_addr =
        a64_binop(l, IR_EQ, 8, ir_get(b, IR_CTX_OFF(resv_addr), 8), addr);
    ir_temp same_size = a64_binop(l, IR_EQ, 8,
                                  ir_get(b, IR_CTX_OFF(resv_size), 8),
                                  a64_const(l, bytes));
    ir_temp reserved = a64_binop(l, IR_AND, 8, same_addr, same_size);
    ir_temp expected =
        ir_select(b, reserved, ir_get(b, IR_CTX_OFF(resv_val), 8), src);
    ir_temp old =
        ir_emit(b, IR_CAS, bytes, IR_MEM_ALIGNED, addr, expected, src, 0);
    ir_temp ok = a64_binop(l, IR_AND, 8, reserved,
                           a64_binop(l, IR_EQ, bytes, old, expected));
    put_ctx(l, IR_CTX_OFF(resv_addr), a64_const(l, IR_NO_RESERVATION));
    a64_put(l, a64_rm(l->raw), false, 4,
            a64_binop(l, IR_XOR, 8, ok, a64_const(l, 1)));
    return 0;
}

static int load_acquire(const struct a64_lift *l, const struct a64_lift_op *op)
{
    (void)op;
    unsigned bytes = 1u << a64_bits(l->raw, 30, 2);
    a64_put(l, rt(l), false, 8, ir_load(l->b, base(l), bytes, false));
    fence(l);
    return 0;
}

static int store_release(const struct a64_lift *l, const struct a64_lift_op *op)
{
    (void)op;
    unsigned bytes = 1u << a64_bits(l->raw, 30, 2);
    fence(l);
    ir_store(l->b, base(l), a64_get(l, rt(l), false), bytes);
    return 0;
}

const struct a64_lift_op a64_lift_ldst[A64_OPCODE_COUNT] = {
    [A64_LDR_LIT_W] = {literal, 0, 0},
    [A64_LDR_LIT_X] = {literal, 0, 0},
    [A64_LDRSW_LIT] = {literal, 0, 0},
    [A64_PRFM_LIT] = {literal, 0, 0},
    [A64_STP_W_POST] = {pair, 0, PAIR_POST},
    [A64_LDP_W_POST] = {pair, 0, PAIR_POST},
    [A64_LDPSW_POST] = {pair, 0, PAIR_POST},
    [A64_STP_X_POST] = {pair, 0, PAIR_POST},
    [A64_LDP_X_POST] = {pair, 0, PAIR_POST},
    [A64_STP_W_PRE] = {pair, 0, PAIR_PRE},
    [A64_LDP_W_PRE] = {pair, 0, PAIR_PRE},
    [A64_LDPSW_PRE] = {pair, 0, PAIR_PRE},
    [A64_STP_X_PRE] = {pair, 0, PAIR_PRE},
    [A64_LDP_X_PRE] = {pair, 0, PAIR_PRE},
    [A64_STP_W] = {pair, 0, PAIR_OFF},
    [A64_LDP_W] = {pair, 0, PAIR_OFF},
    [A64_LDPSW] = {pair, 0, PAIR_OFF},
    [A64_STP_X] = {pair, 0, PAIR_OFF},
    [A64_LDP_X] = {pair, 0, PAIR_OFF},
    [A64_STNP_W] = {pair, 0, PAIR_OFF},
    [A64_LDNP_W] = {pair, 0, PAIR_OFF},
    [A64_STNP_X] = {pair, 0, PAIR_OFF},
    [A64_LDNP_X] = {pair, 0, PAIR_OFF},
    [A64_LDXRB] = {load_excl, 0, 0},
    [A64_LDAXRB] = {load_excl, 0, 1},
    [A64_STXRB] = {store_excl, 0, 0},
    [A64_STLXRB] = {store_excl, 0, 1},
    [A64_LDARB] = {load_acquire, 0, 0},
    [A64_STLRB] = {store_release, 0, 0},
    [A64_LDXRH] = {load_excl, 0, 0},
    [A64_LDAXRH] = {load_excl, 0, 1},
    [A64_STXRH] = {store_excl, 0, 0},
    [A64_STLXRH] = {store_excl, 0, 1},
    [A64_LDARH] = {load_acquire, 0, 0},
    [A64_STLRH] = {store_release, 0, 0},
    [A64_LDXR_W] = {load_excl, 0, 0},
    [A64_LDAXR_W] = {load_excl, 0, 1},
    [A64_STXR_W] = {store_excl, 0, 0},
    [A64_STLXR_W] = {store_excl, 0, 1},
    [A64_LDAR_W] = {load_acquire, 0, 0},
    [A64_STLR_W] = {store_release, 0, 0},
    [A64_LDXR_X] = {load_excl, 0, 0},
    [A64_LDAXR_X] = {load_excl, 0, 1},
    [A64_STXR_X] = {store_excl, 0, 0},
    [A64_STLXR_X] = {store_excl, 0, 1},
    [A64_LDAR_X] = {load_acquire, 0, 0},
    [A64_STLR_X] = {store_release, 0, 0},
    [A64_LDXP_W] = {load_excl, 1, 0},
    [A64_LDAXP_W] = {load_excl, 1, 1},
    [A64_STXP_W] = {store_excl, 1, 0},
    [A64_STLXP_W] = {store_excl, 1, 1},
    [A64_STRB_U] = {single, UOFF, 0},
    [A64_LDRB_U] = {single, UOFF, 0},
    [A64_LDRSB_X_U] = {single, UOFF, 0},
    [A64_LDRSB_W_U] = {single, UOFF, 0},
    [A64_STRH_U] = {single, UOFF, 0},
    [A64_LDRH_U] = {single, UOFF, 0},
    [A64_LDRSH_X_U] = {single, UOFF, 0},
    [A64_LDRSH_W_U] = {single, UOFF, 0},
    [A64_STR_W_U] = {single, UOFF, 0},
    [A64_LDR_W_U] = {single, UOFF, 0},
    [A64_LDRSW_U] = {single, UOFF, 0},
    [A64_STR_X_U] = {single, UOFF, 0},
    [A64_LDR_X_U] = {single, UOFF, 0},
    [A64_PRFM_U] = {single, UOFF, 0},
    [A64_STRB_US] = {single, SIMM9, 0},
    [A64_LDRB_US] = {single, SIMM9, 0},
    [A64_LDRSB_X_US] = {single, SIMM9, 0},
    [A64_LDRSB_W_US] = {single, SIMM9, 0},
    [A64_STRH_US] = {single, SIMM9, 0},
    [A64_LDRH_US] = {single, SIMM9, 0},
    [A64_LDRSH_X_US] = {single, SIMM9, 0},
    [A64_LDRSH_W_US] = {single, SIMM9, 0},
    [A64_STR_W_US] = {single, SIMM9, 0},
    [A64_LDR_W_US] = {single, SIMM9, 0},
    [A64_LDRSW_US] = {single, SIMM9, 0},
    [A64_STR_X_US] = {single, SIMM9, 0},
    [A64_LDR_X_US] = {single, SIMM9, 0},
    [A64_PRFM_US] = {single, SIMM9, 0},
    [A64_STRB_POST] = {single, POST, 0},
    [A64_LDRB_POST] = {single, POST, 0},
    [A64_LDRSB_X_POST] = {single, POST, 0},
    [A64_LDRSB_W_POST] = {single, POST, 0},
    [A64_STRH_POST] = {single, POST, 0},
    [A64_LDRH_POST] = {single, POST, 0},
    [A64_LDRSH_X_POST] = {single, POST, 0},
    [A64_LDRSH_W_POST] = {single, POST, 0},
    [A64_STR_W_POST] = {single, POST, 0},
    [A64_LDR_W_POST] = {single, POST, 0},
    [A64_LDRSW_POST] = {single, POST, 0},
    [A64_STR_X_POST] = {single, POST, 0},
    [A64_LDR_X_POST] = {single, POST, 0},
    [A64_STRB_PRE] = {single, PRE, 0},
    [A64_LDRB_PRE] = {single, PRE, 0},
    [A64_LDRSB_X_PRE] = {single, PRE, 0},
    [A64_LDRSB_W_PRE] = {single, PRE, 0},
    [A64_STRH_PRE] = {single, PRE, 0},
    [A64_LDRH_PRE] = {single, PRE, 0},
    [A64_LDRSH_X_PRE] = {single, PRE, 0},
    [A64_LDRSH_W_PRE] = {single, PRE, 0},
    [A64_STR_W_PRE] = {single, PRE, 0},
    [A64_LDR_W_PRE] = {single, PRE, 0},
    [A64_LDRSW_PRE] = {single, PRE, 0},
    [A64_STR_X_PRE] = {single, PRE, 0},
    [A64_LDR_X_PRE] = {single, PRE, 0},
    [A64_STRB_R] = {single, REGOFF, 0},
    [A64_LDRB_R] = {single, REGOFF, 0},
    [A64_LDRSB_X_R] = {single, REGOFF, 0},
    [A64_LDRSB_W_R] = {single, REGOFF, 0},
    [A64_STRH_R] = {single, REGOFF, 0},
    [A64_LDRH_R] = {single, REGOFF, 0},
    [A64_LDRSH_X_R] = {single, REGOFF, 0},
    [A64_LDRSH_W_R] = {single, REGOFF, 0},
    [A64_STR_W_R] = {single, REGOFF, 0},
    [A64_LDR_W_R] = {single, REGOFF, 0},
    [A64_LDRSW_R] = {single, REGOFF, 0},
    [A64_STR_X_R] = {single, REGOFF, 0},
    [A64_LDR_X_R] = {single, REGOFF, 0},
    [A64_PRFM_R] = {single, REGOFF, 0},
};
