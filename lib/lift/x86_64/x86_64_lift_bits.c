/*
 * x86_64_lift_bits.c — bit tests (bt/bts/btr/btc), scans (bsf/bsr) and
 * counts (tzcnt/lzcnt/popcnt).
 *
 * A memory bit test addresses the byte holding the bit (a register offset
 * is signed and may reach outside the operand), so lock bts/btr/btc is one
 * byte-wide AMO. bt* change only CF (as this host does). bsf/bsr leave the
 * destination unchanged for a zero source and set ZF; the undefined CF,
 * OF, SF, AF become 0 and PF the parity of the result (of 0 for a zero
 * source), which is what this host writes.
 */
#include "x86_64_int.h"

enum bt_kind { BT_TEST, BT_SET, BT_RESET, BT_COMPLEMENT };

static const int bt_amo[] = {
    [BT_SET] = IR_AMO_OR, [BT_RESET] = IR_AMO_AND,
    [BT_COMPLEMENT] = IR_AMO_XOR,
};

/* The new value of v (size bytes) with bit mask m set, cleared, flipped. */
static ir_temp bt_apply(struct x86_lift *l, enum bt_kind k, unsigned size,
                        ir_temp v, ir_temp m)
{
    struct ir_block *b = l->b;
    switch (k) {
    case BT_SET: return ir_binop(b, IR_OR, size, v, m);
    case BT_RESET:
        return ir_binop(b, IR_AND, size, v,
                        ir_binop(b, IR_XOR, size, m, ir_const(b, UINT64_MAX)));
    default: return ir_binop(b, IR_XOR, size, v, m);
    }
}

static void bt_flags(struct x86_lift *l, ir_temp v, ir_temp n)
{
    struct x86_flag_set f = {0};
    f.v[X86_CF] = ir_binop(l->b, IR_AND, 8, ir_binop(l->b, IR_SHR, 8, v, n),
                           ir_const(l->b, 1));
    x86_flags_commit(l, &f, 0);
}

static bool bt_memory(struct x86_lift *l, enum bt_kind k, unsigned size)
{
    struct ir_block *b = l->b;
    ir_temp addr = x86_operand_addr(l, 0), bit;
    if (x86_is_imm(l, 1)) {
        uint64_t n = x86_imm64(l, 1) & (size * 8 - 1);
        addr = ir_binop(b, IR_ADD, 8, addr, ir_const(b, n >> 3));
        bit = ir_const(b, n & 7);
    } else {
        ir_temp off = ir_unop(b, IR_SEXT, size, x86_read_operand(l, 1));
        addr = ir_binop(b, IR_ADD, 8, addr,
                        ir_binop(b, IR_SAR, 8, off, ir_const(b, 3)));
        bit = ir_binop(b, IR_AND, 8, off, ir_const(b, 7));
    }
    ir_temp mask = ir_binop(b, IR_SHL, 8, ir_const(b, 1), bit);
    ir_temp old;
    if (k == BT_TEST) {
        old = ir_load(b, addr, 1, false);
    } else if (x86_has_lock(l)) {
        ir_temp operand = k == BT_RESET
            ? ir_binop(b, IR_XOR, 1, mask, ir_const(b, UINT64_MAX)) : mask;
        old = ir_emit(b, IR_AMO, 1, (unsigned)bt_amo[k], addr, operand, 0, 0);
    } else {
        old = ir_load(b, addr, 1, false);
        ir_store(b, addr, bt_apply(l, k, 1, old, mask), 1);
    }
    bt_flags(l, old, bit);
    return true;
}

static bool lift_bt(struct x86_lift *l, enum bt_kind k)
{
    struct ir_block *b = l->b;
    unsigned size = x86_operand_size(l, 0);
    if (x86_is_mem(l, 0))
        return bt_memory(l, k, size);
    if (x86_has_lock(l))
        return false;
    ir_temp v = x86_read_operand(l, 0);
    ir_temp n = ir_binop(b, IR_AND, 8, x86_read_operand(l, 1),
                         ir_const(b, size * 8 - 1));
    if (k != BT_TEST) {
        ir_temp mask = ir_binop(b, IR_SHL, 8, ir_const(b, 1), n);
        x86_write_operand(l, 0, bt_apply(l, k, size, v, mask));
    }
    bt_flags(l, v, n);
    return true;
}

bool x86_lift_bt(struct x86_lift *l) { return lift_bt(l, BT_TEST); }
bool x86_lift_bts(struct x86_lift *l) { return lift_bt(l, BT_SET); }
bool x86_lift_btr(struct x86_lift *l) { return lift_bt(l, BT_RESET); }
bool x86_lift_btc(struct x86_lift *l) { return lift_bt(l, BT_COMPLEMENT); }

static bool bit_scan(struct x86_lift *l, bool reverse)
{
    struct ir_block *b = l->b;
    unsigned size = x86_operand_size(l, 0);
    ir_temp src = x86_read_operand(l, 1);
    ir_temp zero = ir_binop(b, IR_EQ, size, src, ir_const(b, 0));
    ir_temp idx = reverse
        ? ir_binop(b, IR_SUB, 8, ir_const(b, size * 8 - 1),
                   ir_unop(b, IR_CLZ, size, src))
        : ir_unop(b, IR_CTZ, size, src);
    /* Intel keeps the whole register for a zero source, even at 32 bits. */
    ZydisRegister dst = l->op[0].reg.value;
    unsigned n = (unsigned)x86_gpr_number(dst);
    x86_put_gpr(l, n, ir_select(b, zero, x86_get_gpr(l, n),
                                x86_reg_after_write(l, dst, idx)));
    struct x86_flag_set f = {0};
    ir_temp c0 = ir_const(b, 0);
    f.v[X86_ZF] = zero;
    f.v[X86_CF] = f.v[X86_OF] = f.v[X86_SF] = f.v[X86_AF] = c0;
    f.v[X86_PF] = ir_unop(b, IR_PARITY, 8, ir_select(b, zero, c0, idx));
    x86_flags_commit(l, &f, 0);
    return true;
}

bool x86_lift_bsf(struct x86_lift *l) { return bit_scan(l, false); }
bool x86_lift_bsr(struct x86_lift *l) { return bit_scan(l, true); }

/* tzcnt/lzcnt/popcnt: the count, ZF from the result (popcnt: of the
 * source, the same thing), CF = source is zero (popcnt: 0); the other
 * flags are cleared, as this host does. */
static bool count_bits(struct x86_lift *l, enum ir_op op)
{
    struct ir_block *b = l->b;
    unsigned size = x86_operand_size(l, 0);
    ir_temp src = x86_read_operand(l, 1);
    ir_temp res = ir_unop(b, op, size, src);
    x86_write_operand(l, 0, res);
    struct x86_flag_set f = {0};
    ir_temp c0 = ir_const(b, 0);
    f.v[X86_ZF] = ir_binop(b, IR_EQ, size, res, c0);
    f.v[X86_CF] = op == IR_POPCNT ? c0 : ir_binop(b, IR_EQ, size, src, c0);
    f.v[X86_OF] = f.v[X86_SF] = f.v[X86_AF] = f.v[X86_PF] = c0;
    x86_flags_commit(l, &f, 0);
    return true;
}

bool x86_lift_tzcnt(struct x86_lift *l) { return count_bits(l, IR_CTZ); }
bool x86_lift_lzcnt(struct x86_lift *l) { return count_bits(l, IR_CLZ); }
bool x86_lift_popcnt(struct x86_lift *l) { return count_bits(l, IR_POPCNT); }
