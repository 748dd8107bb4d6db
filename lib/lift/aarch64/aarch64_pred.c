/*
 * aarch64_pred.c — the conditions aarch64.spec's if= names: which
 * encodings are reserved (on base lines) and when objdump prefers an
 * alias (on alias lines), as the Arm ARM's alias conditions state them.
 * Also the bitmask-immediate decoding and pair offsets they, the
 * disassembler and the lifter share.
 */
#include "aarch64.h"
#include "aarch64_tables.h"

static unsigned immr(uint32_t raw) { return a64_bits(raw, 16, 6); }
static unsigned imms(uint32_t raw) { return a64_bits(raw, 10, 6); }
static unsigned bit_n(uint32_t raw) { return a64_bits(raw, 22, 1); }
static unsigned width(uint32_t raw) { return a64_sf(raw) ? 64 : 32; }

static uint64_t ones(unsigned n)
{
    return n >= 64 ? ~0ull : (1ull << n) - 1;
}

/* DecodeBitMasks for immediates: an element of 2^len bits holding
 * imms+1 ones rotated right by immr, replicated across `w` bits. */
bool a64_decode_bitmask(uint32_t raw, unsigned w, uint64_t *value)
{
    unsigned combined = bit_n(raw) << 6 | (~imms(raw) & 0x3f);
    if (combined == 0 || (w == 32 && bit_n(raw)))
        return false;
    unsigned len = 31 - (unsigned)__builtin_clz(combined);
    if (len < 1)
        return false;
    unsigned levels = (1u << len) - 1, esize = 1u << len;
    unsigned s = imms(raw) & levels, r = immr(raw) & levels;
    if (s == levels)
        return false;
    uint64_t elem = ones(s + 1);
    if (r)
        elem = ((elem >> r) | (elem << (esize - r))) & ones(esize);
    uint64_t v = 0;
    for (unsigned i = 0; i < w; i += esize)
        v |= elem << i;
    *value = v;
    return true;
}

/* Pair offsets scale by the register size: general registers 4 (32-bit,
 * ldpsw) or 8; FP/SIMD (V, bit 26) 4 << opc. */
int64_t a64_pair_offset(uint32_t raw)
{
    int64_t scale = a64_bits(raw, 26, 1) ? 4 << a64_bits(raw, 30, 2)
                                         : (a64_bits(raw, 31, 1) ? 8 : 4);
    return a64_sbits(raw, 15, 7) * scale;
}

static bool pred_limm(uint32_t raw)
{
    uint64_t v;
    return a64_decode_bitmask(raw, width(raw), &v);
}

/* Whether v (w bits) has all its set bits in one aligned halfword. */
static bool one_halfword(uint64_t v, unsigned w)
{
    for (unsigned shift = 0; shift < w; shift += 16)
        if ((v & ~(0xffffull << shift)) == 0)
            return true;
    return false;
}

/* objdump prints mov for orr #imm only when movz and movn could not
 * make the value. */
static bool pred_mov_limm(uint32_t raw)
{
    unsigned w = width(raw);
    uint64_t v;
    if (!a64_decode_bitmask(raw, w, &v))
        return false;
    /* movz cannot write sp: orr to sp is always mov. */
    return a64_rd(raw) == A64_SP ||
           (!one_halfword(v, w) && !one_halfword(~v & ones(w), w));
}

static unsigned hw(uint32_t raw) { return a64_bits(raw, 21, 2); }
static unsigned imm16(uint32_t raw) { return a64_bits(raw, 5, 16); }

static bool pred_movewide(uint32_t raw) { return a64_sf(raw) || hw(raw) < 2; }

static bool pred_mov_movz(uint32_t raw)
{
    return !(imm16(raw) == 0 && hw(raw) != 0);
}

static bool pred_mov_movn(uint32_t raw)
{
    return pred_mov_movz(raw) && (a64_sf(raw) || imm16(raw) != 0xffff);
}

static bool pred_mov_sp(uint32_t raw)
{
    return a64_bits(raw, 10, 13) == 0 &&
           (a64_rd(raw) == A64_SP || a64_rn(raw) == A64_SP);
}

static bool pred_bitfield(uint32_t raw)
{
    return bit_n(raw) == (unsigned)a64_sf(raw) &&
           (a64_sf(raw) || (immr(raw) < 32 && imms(raw) < 32));
}

static bool pred_bf_top(uint32_t raw) { return imms(raw) == width(raw) - 1; }
static bool pred_bf_iz(uint32_t raw) { return imms(raw) < immr(raw); }

static bool pred_bf_lsl(uint32_t raw)
{
    return !pred_bf_top(raw) && imms(raw) + 1 == immr(raw);
}

static bool pred_extr(uint32_t raw)
{
    return bit_n(raw) == (unsigned)a64_sf(raw) &&
           (a64_sf(raw) || imms(raw) < 32);
}

static bool pred_rn_is_rm(uint32_t raw) { return a64_rn(raw) == a64_rm(raw); }

static bool pred_shift_log(uint32_t raw)
{
    return a64_sf(raw) || imms(raw) < 32;
}

static bool pred_shift_arith(uint32_t raw)
{
    return a64_bits(raw, 22, 2) != 3 && pred_shift_log(raw);
}

static bool pred_extend(uint32_t raw) { return a64_bits(raw, 10, 3) <= 4; }

static unsigned cond(uint32_t raw) { return a64_bits(raw, 12, 4); }
static bool pred_cond_not_al(uint32_t raw) { return (cond(raw) & 0xe) != 0xe; }

static bool pred_cinc(uint32_t raw)
{
    return pred_rn_is_rm(raw) && pred_cond_not_al(raw);
}

/* CRm 0 and 4 are ssbb and pssbb. */
static bool pred_dsb(uint32_t raw)
{
    unsigned crm = a64_bits(raw, 8, 4);
    return crm != 0 && crm != 4;
}

/* The system registers user space may touch (others trap to EL1: SIGILL). */
static bool pred_sysreg(uint32_t raw)
{
    static const uint16_t user[] = {0x5e82, 0x5e83, 0x5a20, 0x5a21, 0x5a10,
                                    0x5f02, 0x5f00, 0x5801, 0x5807};
    unsigned enc = a64_bits(raw, 5, 15);
    for (size_t i = 0; i < sizeof(user) / sizeof(user[0]); i++)
        if (user[i] == enc)
            return true;
    return false;
}

/* ldpsw: objdump calls Rt == Rt2, and a written-back base that is also
 * loaded, undefined (the Arm ARM: CONSTRAINED UNPREDICTABLE). */
static bool pred_ldpsw(uint32_t raw)
{
    unsigned rt = a64_rd(raw), rt2 = a64_ra(raw), rn = a64_rn(raw);
    bool writeback = a64_bits(raw, 23, 1);
    return rt != rt2 && !(writeback && (rn == rt || rn == rt2));
}

/* AdvSIMD: dup from a W register (byte, half, word lanes). */
static bool pred_dup_w(uint32_t raw) { return a64_bits(raw, 16, 3) != 0; }

/* Q:size: 64-bit lanes need the 128-bit vector (no 1d). */
static bool pred_arrangement(uint32_t raw)
{
    return !(a64_bits(raw, 22, 2) == 3 && !a64_bits(raw, 30, 1));
}

static bool pred_no_d(uint32_t raw) { return a64_bits(raw, 22, 2) != 3; }

/* shrn: immh 0001..0111 (8-, 16- or 32-bit results). */
static bool pred_shrn(uint32_t raw)
{
    unsigned immh = a64_bits(raw, 19, 4);
    return immh != 0 && immh < 8;
}

/* ext of 64-bit vectors takes a byte index below 8. */
static bool pred_ext(uint32_t raw)
{
    return a64_bits(raw, 30, 1) || !a64_bits(raw, 14, 1);
}

/* Register offsets extend by uxtw, lsl (uxtx), sxtw or sxtx. */
static bool pred_regoff_ok(uint32_t raw) { return a64_bits(raw, 14, 1); }

bool a64_pred_holds(enum a64_pred p, uint32_t raw)
{
    static bool (*const preds[A64_PRED_COUNT])(uint32_t) = {
#define A64_PRED_FN(name) [A64_PRED_##name] = pred_##name,
        A64_PREDS(A64_PRED_FN)
#undef A64_PRED_FN
    };
    return p == A64_PRED_NONE || preds[p](raw);
}
