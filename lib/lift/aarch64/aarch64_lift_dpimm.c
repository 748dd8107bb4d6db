/*
 * aarch64_lift_dpimm.c — data processing with immediates: adr/adrp,
 * add/sub (and their flag-setting forms), logical immediates, move wide,
 * the bitfield moves (sbfm/bfm/ubfm, hence asr/lsl/lsr/ubfx/sxtw/bfi ...)
 * and extr.
 */
#include "aarch64_lift.h"

/* flag: the instruction sets the flags. */
#define SETS_FLAGS 1
/* arg of add/sub immediate. */
enum { ADD, SUB };

static unsigned immr(uint32_t raw) { return a64_bits(raw, 16, 6); }
static unsigned imms(uint32_t raw) { return a64_bits(raw, 10, 6); }

static uint64_t ones(unsigned n)
{
    return n >= 64 ? ~0ull : (1ull << n) - 1;
}

static int adr(const struct a64_lift *l, const struct a64_lift_op *op)
{
    int64_t imm = (int64_t)((uint64_t)a64_sbits(l->raw, 5, 19) << 2) |
                  a64_bits(l->raw, 29, 2);
    uint64_t v = op->flag ? (l->pc & ~0xfffull) + ((uint64_t)imm << 12)
                          : l->pc + (uint64_t)imm;
    a64_put(l, a64_rd(l->raw), false, 8, a64_const(l, v));
    return 0;
}

/* x - y is x + ~y + 1, which gives the flags of both the same way. */
static int addsub_imm(const struct a64_lift *l, const struct a64_lift_op *op)
{
    unsigned size = a64_size(l);
    uint64_t imm = (uint64_t)a64_bits(l->raw, 10, 12)
                   << (a64_bits(l->raw, 22, 1) ? 12 : 0);
    bool flags = op->flag == SETS_FLAGS;
    ir_temp x = a64_get(l, a64_rn(l->raw), true);
    ir_temp r;
    if (op->arg == SUB)
        r = a64_add_carry(l, size, x, a64_const(l, ~imm), a64_const(l, 1),
                          flags);
    else
        r = a64_add_carry(l, size, x, a64_const(l, imm), a64_const(l, 0),
                          flags);
    a64_put(l, a64_rd(l->raw), !flags, size, r);
    return 0;
}

static int logic_imm(const struct a64_lift *l, const struct a64_lift_op *op)
{
    unsigned size = a64_size(l);
    uint64_t imm;
    if (!a64_decode_bitmask(l->raw, size * 8, &imm))
        return -1;
    ir_temp r = a64_binop(l, op->arg, size, a64_get(l, a64_rn(l->raw), false),
                          a64_const(l, imm));
    bool flags = op->flag == SETS_FLAGS;
    if (flags)
        a64_set_flags_logic(l, size, r);
    a64_put(l, a64_rd(l->raw), !flags, size, r);
    return 0;
}

/* arg: 0 movn, 1 movz, 2 movk. */
static int movewide(const struct a64_lift *l, const struct a64_lift_op *op)
{
    unsigned size = a64_size(l), shift = 16 * a64_bits(l->raw, 21, 2);
    uint64_t imm = (uint64_t)a64_bits(l->raw, 5, 16) << shift;
    ir_temp r;
    if (op->arg == 2) {
        ir_temp old = a64_get(l, a64_rd(l->raw), false);
        r = a64_binop(l, IR_OR, size,
                      a64_binop(l, IR_AND, size, old,
                                a64_const(l, ~(0xffffull << shift))),
                      a64_const(l, imm));
    } else {
        r = a64_const(l, op->arg == 0 ? ~imm : imm);
    }
    a64_put(l, a64_rd(l->raw), false, size, r);
    return 0;
}

/*
 * The Arm ARM's bitfield move: the source rotated right by immr, masked
 * by wmask (imms+1 ones rotated the same way); tmask keeps the moved
 * field's (imms-immr+1) bits of it. Outside tmask: the destination (bfm),
 * copies of the field's top bit (sbfm) or zeros (ubfm).
 * arg: 0 sbfm, 1 bfm, 2 ubfm.
 */
static int bitfield(const struct a64_lift *l, const struct a64_lift_op *op)
{
    unsigned size = a64_size(l), w = size * 8;
    unsigned r = immr(l->raw), s = imms(l->raw);
    uint64_t welem = ones(s + 1);
    uint64_t wmask = r ? ((welem >> r) | (welem << (w - r))) & ones(w) : welem;
    uint64_t tmask = ones(((s - r) & (w - 1)) + 1);
    ir_temp src = a64_get(l, a64_rn(l->raw), false);
    ir_temp rot = a64_shift(l, size, src, 3, r);
    ir_temp bot = a64_binop(l, IR_AND, size, rot, a64_const(l, wmask));
    ir_temp res;
    if (op->arg == 1) {
        ir_temp dst = a64_get(l, a64_rd(l->raw), false);
        bot = a64_binop(l, IR_OR, size,
                        a64_binop(l, IR_AND, size, dst, a64_const(l, ~wmask)),
                        bot);
        res = a64_binop(l, IR_OR, size,
                        a64_binop(l, IR_AND, size, dst, a64_const(l, ~tmask)),
                        a64_binop(l, IR_AND, size, bot, a64_const(l, tmask)));
    } else if (op->arg == 0) {
        ir_temp top = a64_shift(l, size, a64_shift(l, size, src, 0, w - 1 - s),
                                2, w - 1);
        res = a64_binop(l, IR_OR, size,
                        a64_binop(l, IR_AND, size, top, a64_const(l, ~tmask)),
                        a64_binop(l, IR_AND, size, bot, a64_const(l, tmask)));
    } else {
        res = a64_binop(l, IR_AND, size, bot, a64_const(l, tmask));
    }
    a64_put(l, a64_rd(l->raw), false, size, res);
    return 0;
}

/* extr: bits lsb.. of the register pair rn:rm. */
static int extr(const struct a64_lift *l, const struct a64_lift_op *op)
{
    (void)op;
    unsigned size = a64_size(l), lsb = imms(l->raw);
    ir_temp lo = a64_get(l, a64_rm(l->raw), false);
    ir_temp r = lo;
    if (lsb) {
        ir_temp hi = a64_get(l, a64_rn(l->raw), false);
        r = a64_binop(l, IR_OR, size, a64_shift(l, size, lo, 1, lsb),
                      a64_shift(l, size, hi, 0, size * 8 - lsb));
    }
    a64_put(l, a64_rd(l->raw), false, size, r);
    return 0;
}

const struct a64_lift_op a64_lift_dpimm[A64_OPCODE_COUNT] = {
    [A64_ADR] = {adr, 0, 0},
    [A64_ADRP] = {adr, 0, 1},
    [A64_ADD_I] = {addsub_imm, ADD, 0},
    [A64_ADDS_I] = {addsub_imm, ADD, SETS_FLAGS},
    [A64_SUB_I] = {addsub_imm, SUB, 0},
    [A64_SUBS_I] = {addsub_imm, SUB, SETS_FLAGS},
    [A64_AND_I] = {logic_imm, IR_AND, 0},
    [A64_ORR_I] = {logic_imm, IR_OR, 0},
    [A64_EOR_I] = {logic_imm, IR_XOR, 0},
    [A64_ANDS_I] = {logic_imm, IR_AND, SETS_FLAGS},
    [A64_MOVN] = {movewide, 0, 0},
    [A64_MOVZ] = {movewide, 1, 0},
    [A64_MOVK] = {movewide, 2, 0},
    [A64_SBFM] = {bitfield, 0, 0},
    [A64_BFM] = {bitfield, 1, 0},
    [A64_UBFM] = {bitfield, 2, 0},
    [A64_EXTR] = {extr, 0, 0},
};
