/*
 * ir_eval.c — the meaning of the IR's pure ops, at every operand size.
 *
 * Values are 64-bit; an op of size s looks only at the low s bytes of its
 * operands and zero-extends its s-byte result. SEXT is the exception (it
 * produces 64 bits); comparisons produce 0 or 1.
 */
#include "ir.h"

static uint64_t mask_of(unsigned size)
{
    return size >= 8 ? UINT64_MAX : (UINT64_C(1) << (size * 8)) - 1;
}

static int64_t sext(uint64_t v, unsigned size)
{
    unsigned sh = 64 - size * 8;
    return (int64_t)(v << sh) >> sh;
}

static uint64_t mulh_signed(uint64_t a, uint64_t b, unsigned size)
{
    if (size == 8)
        return (uint64_t)(((__int128)(int64_t)a * (int64_t)b) >> 64);
    return (uint64_t)((sext(a, size) * sext(b, size)) >> (size * 8));
}

static uint64_t mulh_unsigned(uint64_t a, uint64_t b, unsigned size)
{
    uint64_t m = mask_of(size);
    if (size == 8)
        return (uint64_t)(((unsigned __int128)a * b) >> 64);
    return ((a & m) * (b & m)) >> (size * 8);
}

static uint64_t mulh_signed_unsigned(uint64_t a, uint64_t b, unsigned size)
{
    if (size == 8)
        return (uint64_t)(((__int128)(int64_t)a * (unsigned __int128)b) >> 64);
    return (uint64_t)((sext(a, size) * (int64_t)(b & mask_of(size))) >>
                      (size * 8));
}

/* Division with RISC-V's total semantics: no input traps. */
static uint64_t div_signed(uint64_t a, uint64_t b, unsigned size, bool rem)
{
    int64_t x = sext(a, size), y = sext(b, size);
    int64_t min = size == 8 ? INT64_MIN : -(INT64_C(1) << (size * 8 - 1));
    if (y == 0)
        return rem ? (uint64_t)x : UINT64_MAX;
    if (x == min && y == -1)
        return rem ? 0 : (uint64_t)x;
    return rem ? (uint64_t)(x % y) : (uint64_t)(x / y);
}

static uint64_t div_unsigned(uint64_t a, uint64_t b, unsigned size, bool rem)
{
    uint64_t m = mask_of(size);
    uint64_t x = a & m, y = b & m;
    if (y == 0)
        return rem ? x : UINT64_MAX;
    return rem ? x % y : x / y;
}

static uint64_t rotate(uint64_t v, uint64_t n, unsigned size, bool left)
{
    unsigned bits = size * 8;
    uint64_t m = mask_of(size);
    n &= bits - 1;
    v &= m;
    if (n == 0)
        return v;
    if (!left)
        n = bits - n;
    return ((v << n) | (v >> (bits - n))) & m;
}

static uint64_t count_leading_zeros(uint64_t v, unsigned size)
{
    v &= mask_of(size);
    if (v == 0)
        return size * 8;
    return (uint64_t)__builtin_clzll(v) - (64 - size * 8);
}

static uint64_t count_trailing_zeros(uint64_t v, unsigned size)
{
    v &= mask_of(size);
    return v == 0 ? size * 8 : (uint64_t)__builtin_ctzll(v);
}

static uint64_t byte_swap(uint64_t v, unsigned size)
{
    switch (size) {
    case 2: return __builtin_bswap16((uint16_t)v);
    case 4: return __builtin_bswap32((uint32_t)v);
    case 8: return __builtin_bswap64(v);
    default: return v & 0xff;
    }
}

uint64_t ir_eval(enum ir_op op, unsigned size, uint64_t a, uint64_t b,
                 uint64_t c)
{
    uint64_t m = mask_of(size);
    uint64_t sh = b & (size * 8 - 1);
    switch (op) {
    case IR_ADD: return (a + b) & m;
    case IR_SUB: return (a - b) & m;
    case IR_MUL: return (a * b) & m;
    case IR_MULHS: return mulh_signed(a, b, size) & m;
    case IR_MULHU: return mulh_unsigned(a, b, size) & m;
    case IR_MULHSU: return mulh_signed_unsigned(a, b, size) & m;
    case IR_DIVS: return div_signed(a, b, size, false) & m;
    case IR_DIVU: return div_unsigned(a, b, size, false) & m;
    case IR_REMS: return div_signed(a, b, size, true) & m;
    case IR_REMU: return div_unsigned(a, b, size, true) & m;
    case IR_AND: return a & b & m;
    case IR_OR: return (a | b) & m;
    case IR_XOR: return (a ^ b) & m;
    case IR_SHL: return (a << sh) & m;
    case IR_SHR: return (a & m) >> sh;
    case IR_SAR: return (uint64_t)(sext(a, size) >> sh) & m;
    case IR_ROL: return rotate(a, b, size, true);
    case IR_ROR: return rotate(a, b, size, false);
    case IR_CLZ: return count_leading_zeros(a, size);
    case IR_CTZ: return count_trailing_zeros(a, size);
    case IR_POPCNT: return (uint64_t)__builtin_popcountll(a & m);
    case IR_PARITY: return !__builtin_parityll(a & 0xff);
    case IR_BSWAP: return byte_swap(a, size);
    case IR_SEXT: return (uint64_t)sext(a, size);
    case IR_ZEXT: return a & m;
    case IR_EQ: return (a & m) == (b & m);
    case IR_NE: return (a & m) != (b & m);
    case IR_LTS: return sext(a, size) < sext(b, size);
    case IR_LTU: return (a & m) < (b & m);
    case IR_LES: return sext(a, size) <= sext(b, size);
    case IR_LEU: return (a & m) <= (b & m);
    case IR_SELECT: return a ? b : c;
    default: return 0; /* not a pure op */
    }
}
