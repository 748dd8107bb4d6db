/*
 * ir_fp.c — the IR's floating-point helpers, with RISC-V F/D semantics.
 *
 * Operands and results are IEEE bit patterns (single in the low 32 bits).
 * Where the host's SSE arithmetic already has RISC-V's semantics it does the
 * work, under <fenv.h> rounding modes and exception flags: x86-64 SSE, like
 * RISC-V, detects tininess after rounding and raises underflow only when
 * the tiny result is also inexact. What differs is done here in software:
 *   - NaN results are RISC-V's canonical NaN, never a propagated payload;
 *   - RMM (nearest, ties away from zero) has no host mode: the operation is
 *     computed in a wider format rounded toward zero, whose result and
 *     inexact flag are exactly the information needed to round once, in
 *     software, to the target format (the "round to odd" argument: the
 *     wider format keeps at least two more bits than the target);
 *   - conversions (integer <-> float, single <-> double) are exact integer
 *     work rounded by the same software rounding, in every mode;
 *   - float -> integer conversions saturate per the RISC-V table;
 *   - min/max, comparisons and fclass are decided on the bit patterns.
 */
#define _GNU_SOURCE /* roundeven() */
#include <fenv.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <xmmintrin.h>

#include "ir.h"

/* ---- formats --------------------------------------------------------- */

enum fp_arith { FA_ADD, FA_SUB, FA_MUL, FA_DIV, FA_SQRT, FA_FMA };

struct fp_format {
    unsigned width;         /* 32 or 64 */
    unsigned frac_bits;     /* 23 or 52 */
    int bias;               /* 127 or 1023; also the largest exponent */
    uint64_t canonical_nan; /* RISC-V's default NaN */
    /* The operation in this format under the host's rounding mode. */
    uint64_t (*eval)(enum fp_arith op, uint64_t a, uint64_t b, uint64_t c);
    /* The operation in a format with at least frac_bits + 3 bits of
     * precision and enough range that no result of it overflows or
     * becomes subnormal. */
    long double (*eval_wide)(enum fp_arith op, uint64_t a, uint64_t b,
                             uint64_t c);
};

static uint64_t sign_bit(const struct fp_format *f)
{
    return 1ull << (f->width - 1);
}

static uint64_t frac_mask(const struct fp_format *f)
{
    return (1ull << f->frac_bits) - 1;
}

static unsigned exp_field(const struct fp_format *f, uint64_t x)
{
    return (unsigned)(x >> f->frac_bits) & (2u * (unsigned)f->bias + 1);
}

static uint64_t inf_bits(const struct fp_format *f)
{
    return (uint64_t)(2 * f->bias + 1) << f->frac_bits;
}

static bool is_nan(const struct fp_format *f, uint64_t x)
{
    return (x & ~sign_bit(f)) > inf_bits(f);
}

static bool is_snan(const struct fp_format *f, uint64_t x)
{
    return is_nan(f, x) && !(x & (1ull << (f->frac_bits - 1)));
}

static bool is_inf(const struct fp_format *f, uint64_t x)
{
    return (x & ~sign_bit(f)) == inf_bits(f);
}

static bool is_zero(const struct fp_format *f, uint64_t x)
{
    return (x & ~sign_bit(f)) == 0;
}

static bool is_negative(const struct fp_format *f, uint64_t x)
{
    return (x & sign_bit(f)) != 0;
}

/* ---- host arithmetic ------------------------------------------------- */

/*
 * The volatile operands and results keep the compiler from evaluating the
 * operation outside the fenv window that sets its rounding mode and
 * collects its exceptions (GCC moves plain arithmetic across calls).
 */
static float as_float(uint64_t x)
{
    uint32_t v = (uint32_t)x;
    float f;
    memcpy(&f, &v, sizeof f);
    return f;
}

static uint64_t float_bits(float f)
{
    uint32_t v;
    memcpy(&v, &f, sizeof v);
    return v;
}

static double as_double(uint64_t x)
{
    double d;
    memcpy(&d, &x, sizeof d);
    return d;
}

static uint64_t double_bits(double d)
{
    uint64_t v;
    memcpy(&v, &d, sizeof v);
    return v;
}

static uint64_t eval_s(enum fp_arith op, uint64_t a, uint64_t b, uint64_t c)
{
    volatile float x = as_float(a), y = as_float(b), z = as_float(c);
    volatile float r = 0;
    switch (op) {
    case FA_ADD: r = x + y; break;
    case FA_SUB: r = x - y; break;
    case FA_MUL: r = x * y; break;
    case FA_DIV: r = x / y; break;
    case FA_SQRT: r = sqrtf(x); break;
    case FA_FMA: r = fmaf(x, y, z); break;
    }
    return float_bits(r);
}

/* Single precision in double: 53 >= 24 + 3 bits, products of singles are
 * exact, and no result leaves double's normal range. */
static long double eval_wide_s(enum fp_arith op, uint64_t a, uint64_t b,
                               uint64_t c)
{
    volatile double x = as_float(a), y = as_float(b), z = as_float(c);
    volatile double r = 0;
    switch (op) {
    case FA_ADD: r = x + y; break;
    case FA_SUB: r = x - y; break;
    case FA_MUL: r = x * y; break;
    case FA_DIV: r = x / y; break;
    case FA_SQRT: r = sqrt(x); break;
    case FA_FMA: r = fma(x, y, z); break;
    }
    return r;
}

static uint64_t eval_d(enum fp_arith op, uint64_t a, uint64_t b, uint64_t c)
{
    volatile double x = as_double(a), y = as_double(b), z = as_double(c);
    volatile double r = 0;
    switch (op) {
    case FA_ADD: r = x + y; break;
    case FA_SUB: r = x - y; break;
    case FA_MUL: r = x * y; break;
    case FA_DIV: r = x / y; break;
    case FA_SQRT: r = sqrt(x); break;
    case FA_FMA: r = fma(x, y, z); break;
    }
    return double_bits(r);
}

/* Double precision in x87 extended: 64 >= 53 + 3 bits and a 15-bit
 * exponent, so products, quotients and fma of doubles stay normal. */
static long double eval_wide_d(enum fp_arith op, uint64_t a, uint64_t b,
                               uint64_t c)
{
    volatile long double x = as_double(a), y = as_double(b), z = as_double(c);
    volatile long double r = 0;
    switch (op) {
    case FA_ADD: r = x + y; break;
    case FA_SUB: r = x - y; break;
    case FA_MUL: r = x * y; break;
    case FA_DIV: r = x / y; break;
    case FA_SQRT: r = sqrtl(x); break;
    case FA_FMA: r = fmal(x, y, z); break;
    }
    return r;
}

static const struct fp_format fmt_s = {
    32, 23, 127, 0x7fc00000u, eval_s, eval_wide_s,
};
static const struct fp_format fmt_d = {
    64, 52, 1023, 0x7ff8000000000000ull, eval_d, eval_wide_d,
};

/* ---- host rounding mode and exception flags -------------------------- */

static const int host_round[] = {
    [IR_RM_RNE] = FE_TONEAREST, [IR_RM_RTZ] = FE_TOWARDZERO,
    [IR_RM_RDN] = FE_DOWNWARD, [IR_RM_RUP] = FE_UPWARD,
};

static const struct {
    int host;
    uint32_t guest;
} flag_map[] = {
    {FE_INVALID, IR_FF_NV}, {FE_DIVBYZERO, IR_FF_DZ},
    {FE_OVERFLOW, IR_FF_OF}, {FE_UNDERFLOW, IR_FF_UF},
    {FE_INEXACT, IR_FF_NX},
};

/* Sets the host rounding mode, clears its flags; returns the old mode. */
static int window_open(int mode)
{
    int saved = fegetround();
    if (saved != mode)
        fesetround(mode);
    feclearexcept(FE_ALL_EXCEPT);
    return saved;
}

/* Collects the flags raised since window_open, restores the old mode. */
static uint32_t window_close(int saved)
{
    int raised = fetestexcept(FE_ALL_EXCEPT);
    if (fegetround() != saved)
        fesetround(saved);
    uint32_t flags = 0;
    for (size_t i = 0; i < sizeof flag_map / sizeof flag_map[0]; i++)
        if (raised & flag_map[i].host)
            flags |= flag_map[i].guest;
    return flags;
}

/*
 * The same window on the SSE unit alone, through MXCSR: the host's scalar
 * float/double arithmetic and sqrt run there, and this costs a few
 * nanoseconds where the fenv calls (which also touch the x87 unit) cost
 * about a hundred. MXCSR: flags in bits 0-5, rounding control in 13-14.
 */
#define MXCSR_FLAGS 0x3fu
#define MXCSR_ROUND 0x6000u

static const unsigned mxcsr_round[] = {
    [IR_RM_RNE] = 0u << 13, [IR_RM_RDN] = 1u << 13,
    [IR_RM_RUP] = 2u << 13, [IR_RM_RTZ] = 3u << 13,
};

static const struct {
    unsigned bit;
    uint32_t guest;
} mxcsr_flag_map[] = {
    {1u << 0, IR_FF_NV}, {1u << 2, IR_FF_DZ}, {1u << 3, IR_FF_OF},
    {1u << 4, IR_FF_UF}, {1u << 5, IR_FF_NX},
};

static unsigned sse_window_open(unsigned rm)
{
    unsigned saved = _mm_getcsr();
    _mm_setcsr((saved & ~(MXCSR_FLAGS | MXCSR_ROUND)) | mxcsr_round[rm]);
    return saved;
}

static uint32_t sse_window_close(unsigned saved)
{
    unsigned raised = _mm_getcsr();
    _mm_setcsr(saved);
    uint32_t flags = 0;
    for (size_t i = 0; i < sizeof mxcsr_flag_map / sizeof mxcsr_flag_map[0];
         i++)
        if (raised & mxcsr_flag_map[i].bit)
            flags |= mxcsr_flag_map[i].guest;
    return flags;
}

/* ---- software rounding ------------------------------------------------ */

/* DYN means the guest's frm; the lifter rejects invalid modes (SIGILL). */
static unsigned resolve_rm(const struct ir_ctx *ctx, uint64_t imm)
{
    uint64_t rm = imm == IR_RM_DYN ? ctx->frm : imm;
    return rm <= IR_RM_RMM ? (unsigned)rm : IR_RM_RNE;
}

struct rounded {
    uint64_t kept; /* sig >> shift, rounded */
    bool inexact;
};

/* Rounds away the low `shift` (>= 1) bits of sig. */
static struct rounded round_sig(uint64_t sig, unsigned shift, unsigned rm,
                                bool negative)
{
    if (shift > 64) { /* only stickiness survives */
        sig = sig != 0;
        shift = 64;
    }
    uint64_t kept = shift == 64 ? 0 : sig >> shift;
    uint64_t rest = shift == 64 ? sig : sig & ((1ull << shift) - 1);
    uint64_t half = 1ull << (shift - 1);
    bool up = false;
    switch (rm) {
    case IR_RM_RNE: up = rest > half || (rest == half && (kept & 1)); break;
    case IR_RM_RMM: up = rest >= half; break;
    case IR_RM_RTZ: up = false; break;
    case IR_RM_RDN: up = rest != 0 && negative; break;
    case IR_RM_RUP: up = rest != 0 && !negative; break;
    }
    return (struct rounded){kept + up, rest != 0};
}

/*
 * Rounds the nonzero value sig * 2^(exp - 63) (sig's bit 63 set; its bit 0
 * may stand for any nonzero tail below it) to format f, with RISC-V's
 * flags: tininess is detected after rounding, underflow needs inexact.
 */
static uint64_t round_pack(const struct fp_format *f, bool negative, int exp,
                           uint64_t sig, unsigned rm, uint32_t *flags)
{
    const unsigned p = f->frac_bits + 1, normal_shift = 64 - p;
    const int emin = 1 - f->bias, emax = f->bias;
    const uint64_t sign = negative ? sign_bit(f) : 0;

    if (exp < emin) {
        struct rounded r =
            round_sig(sig, normal_shift + (unsigned)(emin - exp), rm, negative);
        struct rounded unbounded = round_sig(sig, normal_shift, rm, negative);
        bool tiny = !(exp == emin - 1 && (unbounded.kept >> p) != 0);
        if (r.inexact)
            *flags |= IR_FF_NX | (tiny ? IR_FF_UF : 0);
        /* A subnormal's significand is its encoding; one that rounded up
         * to 2^(p-1) lands exactly on the smallest normal's encoding. */
        return sign | r.kept;
    }
    struct rounded r = round_sig(sig, normal_shift, rm, negative);
    if (r.kept >> p) { /* rounded up to the next power of two */
        r.kept >>= 1;
        exp++;
    }
    if (exp > emax) {
        *flags |= IR_FF_OF | IR_FF_NX;
        bool to_inf = rm == IR_RM_RNE || rm == IR_RM_RMM ||
                      (rm == IR_RM_RUP && !negative) ||
                      (rm == IR_RM_RDN && negative);
        return sign | (to_inf ? inf_bits(f) : inf_bits(f) - 1);
    }
    if (r.inexact)
        *flags |= IR_FF_NX;
    return sign | ((uint64_t)(exp + f->bias) << f->frac_bits) |
           (r.kept & frac_mask(f));
}

/* Rounds a (nonzero) integer magnitude to format f. */
static uint64_t round_integer(const struct fp_format *f, bool negative,
                             uint64_t magnitude, unsigned rm, uint32_t *flags)
{
    if (magnitude == 0)
        return 0; /* RISC-V converts integer zero to +0 */
    int lz = __builtin_clzll(magnitude);
    return round_pack(f, negative, 63 - lz, magnitude << lz, rm, flags);
}

/* Rounds a finite wide result to f; sticky: the wide result was inexact. */
static uint64_t round_wide(const struct fp_format *f, long double w,
                           bool sticky, unsigned rm, uint32_t *flags)
{
    bool negative = signbit(w) != 0;
    if (w == 0)
        return negative ? sign_bit(f) : 0;
    if (isinf(w))
        return (negative ? sign_bit(f) : 0) | inf_bits(f);
    int e;
    long double m = frexpl(fabsl(w), &e); /* w = m * 2^e, m in [0.5, 1) */
    uint64_t sig = (uint64_t)ldexpl(m, 64); /* exact: <= 64 bits */
    return round_pack(f, negative, e - 1, sig | sticky, rm, flags);
}

/* ---- arithmetic ------------------------------------------------------- */

static uint64_t operand(const struct fp_format *f, uint64_t x)
{
    return f->width == 32 ? (uint32_t)x : x;
}

static bool is_finite(const struct fp_format *f, uint64_t x)
{
    return (x & ~sign_bit(f)) < inf_bits(f);
}

/* Normal (not zero, subnormal, infinite or NaN). */
static bool is_normal(const struct fp_format *f, uint64_t x)
{
    uint64_t mag = x & ~sign_bit(f);
    return mag >= (1ull << f->frac_bits) && mag < inf_bits(f);
}

/* The operation natively, in the host's current (round-to-nearest) mode:
 * no volatile detour, as no flag is read afterwards. */
static uint64_t native_arith(const struct fp_format *f, enum fp_arith op,
                             uint64_t a, uint64_t b, uint64_t c)
{
    if (f->width == 32) {
        float x = as_float(a), y = as_float(b), z = as_float(c), r = 0;
        switch (op) {
        case FA_ADD: r = x + y; break;
        case FA_SUB: r = x - y; break;
        case FA_MUL: r = x * y; break;
        case FA_DIV: r = x / y; break;
        case FA_SQRT: r = sqrtf(x); break;
        case FA_FMA: r = fmaf(x, y, z); break;
        }
        return float_bits(r);
    }
    double x = as_double(a), y = as_double(b), z = as_double(c), r = 0;
    switch (op) {
    case FA_ADD: r = x + y; break;
    case FA_SUB: r = x - y; break;
    case FA_MUL: r = x * y; break;
    case FA_DIV: r = x / y; break;
    case FA_SQRT: r = sqrt(x); break;
    case FA_FMA: r = fma(x, y, z); break;
    }
    return double_bits(r);
}

/* A zero result that is exact (so raises nothing): a sum is never tiny
 * and inexact at once; a product or quotient is an exact zero when its
 * (first) factor is zero; an fma when the product and the addend are. */
static bool exact_zero(const struct fp_format *f, enum fp_arith op, uint64_t a,
                       uint64_t b, uint64_t c)
{
    switch (op) {
    case FA_ADD:
    case FA_SUB: return true;
    case FA_MUL: return is_zero(f, a) || is_zero(f, b);
    case FA_DIV:
    case FA_SQRT: return is_zero(f, a);
    case FA_FMA: return (is_zero(f, a) || is_zero(f, b)) && is_zero(f, c);
    }
    return false;
}

/*
 * The fast path (QEMU's "hardfloat" idea): when the guest has already
 * raised NX and rounds to nearest even — the host's own mode — an
 * operation on finite inputs whose native result is a normal number or an
 * exact zero can raise no flag but NX (invalid, divide-by-zero, overflow
 * and underflow all need a special input or a result that is neither).
 * So it runs natively, with no MXCSR traffic. Returns false to take the
 * full path.
 */
static bool arith_fast(const struct fp_format *f, enum fp_arith op,
                       uint64_t a, uint64_t b, uint64_t c, uint64_t *r)
{
    if (!is_finite(f, a) || (op != FA_SQRT && !is_finite(f, b)) ||
        (op == FA_FMA && !is_finite(f, c)))
        return false;
    if ((op == FA_DIV && is_zero(f, b)) || (op == FA_SQRT && is_negative(f, a)))
        return false;
    *r = native_arith(f, op, a, b, c);
    return is_normal(f, *r) || (is_zero(f, *r) && exact_zero(f, op, a, b, c));
}

static uint64_t arith_rmm(const struct fp_format *f, enum fp_arith op,
                          uint64_t a, uint64_t b, uint64_t c, uint32_t *flags)
{
    int saved = window_open(FE_TOWARDZERO);
    long double w = f->eval_wide(op, a, b, c);
    uint32_t raised = window_close(saved);
    /* Overflow and underflow cannot happen in the wide format; its
     * inexact flag is the sticky bit of the truncated result. */
    *flags |= raised & (IR_FF_NV | IR_FF_DZ);
    if (isnan(w))
        return f->canonical_nan;
    return round_wide(f, w, (raised & IR_FF_NX) != 0, IR_RM_RMM, flags);
}

/* negate: bit 0 negates a (the product), bit 1 negates c (the addend). */
static uint64_t fp_arith(struct ir_ctx *ctx, const struct fp_format *f,
                         enum fp_arith op, unsigned negate, uint64_t a,
                         uint64_t b, uint64_t c, uint64_t imm)
{
    unsigned rm = resolve_rm(ctx, imm);
    uint32_t flags = 0;
    uint64_t r;

    a = operand(f, a) ^ (negate & 1 ? sign_bit(f) : 0);
    b = operand(f, b);
    c = operand(f, c) ^ (negate & 2 ? sign_bit(f) : 0);
    if (rm == IR_RM_RNE && (ctx->fflags & IR_FF_NX) &&
        arith_fast(f, op, a, b, c, &r)) {
        return r;
    } else if (rm == IR_RM_RMM) {
        r = arith_rmm(f, op, a, b, c, &flags);
    } else if (op == FA_FMA && !__builtin_cpu_supports("fma")) {
        /* Without FMA3, glibc's fma() is a software routine that reads the
         * x87 rounding mode: give it the full fenv window. (With FMA3 it
         * is one vfmadd instruction, governed by MXCSR.) */
        int saved = window_open(host_round[rm]);
        r = f->eval(op, a, b, c);
        flags = window_close(saved);
    } else {
        unsigned saved = sse_window_open(rm);
        r = f->eval(op, a, b, c);
        flags = sse_window_close(saved);
    }
    /* RISC-V: inf * 0 is invalid even when the addend is a quiet NaN. */
    if (op == FA_FMA && ((is_inf(f, a) && is_zero(f, b)) ||
                         (is_zero(f, a) && is_inf(f, b))))
        flags |= IR_FF_NV;
    if (is_nan(f, r))
        r = f->canonical_nan;
    ctx->fflags |= flags;
    return r;
}

/* ---- min/max, comparisons, classification ------------------------------ */

static double value_of(const struct fp_format *f, uint64_t x)
{
    return f->width == 32 ? (double)as_float(x) : as_double(x);
}

/* minimumNumber/maximumNumber (RISC-V 2.2+): a NaN operand yields the
 * other operand, two NaNs the canonical NaN, and -0 < +0. */
static uint64_t fp_minmax(struct ir_ctx *ctx, const struct fp_format *f,
                          bool want_max, uint64_t a, uint64_t b)
{
    a = operand(f, a);
    b = operand(f, b);
    if (is_snan(f, a) || is_snan(f, b))
        ctx->fflags |= IR_FF_NV;
    if (is_nan(f, a) && is_nan(f, b))
        return f->canonical_nan;
    if (is_nan(f, a))
        return b;
    if (is_nan(f, b))
        return a;
    double x = value_of(f, a), y = value_of(f, b);
    if (x == y) /* equal values differ only in the sign of zero */
        return is_negative(f, a) != want_max ? a : b;
    return (x < y) != want_max ? a : b;
}

enum fp_compare { CMP_EQ, CMP_LT, CMP_LE };

/* feq is quiet (invalid only for signalling NaNs); flt and fle signal on
 * any NaN. A NaN operand makes every comparison false. */
static uint64_t fp_compare(struct ir_ctx *ctx, const struct fp_format *f,
                           enum fp_compare cmp, uint64_t a, uint64_t b)
{
    a = operand(f, a);
    b = operand(f, b);
    if (is_nan(f, a) || is_nan(f, b)) {
        if (cmp != CMP_EQ || is_snan(f, a) || is_snan(f, b))
            ctx->fflags |= IR_FF_NV;
        return 0;
    }
    double x = value_of(f, a), y = value_of(f, b);
    switch (cmp) {
    case CMP_EQ: return x == y;
    case CMP_LT: return x < y;
    case CMP_LE: return x <= y;
    }
    return 0;
}

/* fclass: one bit of -inf, -normal, -subnormal, -0, +0, +subnormal,
 * +normal, +inf, sNaN, qNaN (bits 0..9). */
static uint64_t fp_class(const struct fp_format *f, uint64_t x)
{
    x = operand(f, x);
    bool neg = is_negative(f, x);
    unsigned e = exp_field(f, x);
    if (is_nan(f, x))
        return is_snan(f, x) ? 1u << 8 : 1u << 9;
    if (is_inf(f, x))
        return neg ? 1u << 0 : 1u << 7;
    if (is_zero(f, x))
        return neg ? 1u << 3 : 1u << 4;
    if (e == 0)
        return neg ? 1u << 2 : 1u << 5;
    return neg ? 1u << 1 : 1u << 6;
}

/* ---- conversions ------------------------------------------------------- */

/* Integer formats of fcvt: the clipping values, the in-range test on the
 * rounded value (lo <= r < hi), and whether the result is a 32-bit value
 * (RISC-V sign-extends those to 64 bits, unsigned ones too). */
struct int_format {
    double lo, hi;
    uint64_t below, above; /* above is also the result for NaN */
    bool is_signed, word;
};

static const struct int_format int_w = {
    -0x1p31, 0x1p31, 0xffffffff80000000ull, 0x7fffffffull, true, true,
};
static const struct int_format int_wu = {
    0.0, 0x1p32, 0, 0xffffffffffffffffull, false, true,
};
static const struct int_format int_l = {
    -0x1p63, 0x1p63, 0x8000000000000000ull, 0x7fffffffffffffffull, true, false,
};
static const struct int_format int_lu = {
    0.0, 0x1p64, 0, 0xffffffffffffffffull, false, false,
};

/* Rounding to an integral value, per mode; none raises exceptions. */
static double (*const round_integral[])(double) = {
    [IR_RM_RNE] = roundeven, [IR_RM_RTZ] = trunc, [IR_RM_RDN] = floor,
    [IR_RM_RUP] = ceil, [IR_RM_RMM] = round,
};

/* Out of range (after rounding) sets only NV, never NX. */
static uint64_t fp_to_int(struct ir_ctx *ctx, const struct fp_format *f,
                          const struct int_format *to, uint64_t a,
                          uint64_t imm)
{
    a = operand(f, a);
    if (is_nan(f, a)) {
        ctx->fflags |= IR_FF_NV;
        return to->above;
    }
    double x = value_of(f, a);
    double r = round_integral[resolve_rm(ctx, imm)](x);
    if (!(r >= to->lo && r < to->hi)) {
        ctx->fflags |= IR_FF_NV;
        return r < to->lo ? to->below : to->above;
    }
    if (r != x)
        ctx->fflags |= IR_FF_NX;
    uint64_t v = to->is_signed ? (uint64_t)(int64_t)r : (uint64_t)r;
    return to->word ? (uint64_t)(int64_t)(int32_t)(uint32_t)v : v;
}

static uint64_t int_to_fp(struct ir_ctx *ctx, const struct fp_format *f,
                          bool negative, uint64_t magnitude, uint64_t imm)
{
    uint32_t flags = 0;
    uint64_t r =
        round_integer(f, negative, magnitude, resolve_rm(ctx, imm), &flags);
    ctx->fflags |= flags;
    return r;
}

static uint64_t from_signed(struct ir_ctx *ctx, const struct fp_format *f,
                            int64_t v, uint64_t imm)
{
    uint64_t magnitude = v < 0 ? -(uint64_t)v : (uint64_t)v;
    return int_to_fp(ctx, f, v < 0, magnitude, imm);
}

/* Single <-> double: NaNs become the canonical NaN (NV if signalling). */
static uint64_t fp_convert(struct ir_ctx *ctx, const struct fp_format *from,
                           const struct fp_format *to, uint64_t a,
                           uint64_t imm)
{
    a = operand(from, a);
    bool neg = is_negative(from, a);
    uint64_t sign = neg ? sign_bit(to) : 0;
    if (is_nan(from, a)) {
        if (is_snan(from, a))
            ctx->fflags |= IR_FF_NV;
        return to->canonical_nan;
    }
    if (is_inf(from, a))
        return sign | inf_bits(to);
    if (is_zero(from, a))
        return sign;
    /* Normalise: value = sig * 2^(exp - 63) with sig's bit 63 set. */
    uint64_t frac = a & frac_mask(from);
    unsigned e = exp_field(from, a);
    int exp;
    if (e == 0) { /* subnormal: frac * 2^(1 - bias - frac_bits) */
        int lz = __builtin_clzll(frac);
        exp = 63 - lz + 1 - from->bias - (int)from->frac_bits;
        frac <<= lz;
    } else {
        exp = (int)e - from->bias;
        frac = (frac | (1ull << from->frac_bits)) << (63 - from->frac_bits);
    }
    uint32_t flags = 0;
    uint64_t r = round_pack(to, neg, exp, frac, resolve_rm(ctx, imm), &flags);
    ctx->fflags |= flags;
    return r;
}

/* ---- the helpers ---------------------------------------------------------- */

uint64_t ir_helper_fadd_s(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                          uint64_t c, uint64_t imm)
{
    return fp_arith(ctx, &fmt_s, FA_ADD, 0, a, b, c, imm);
}

uint64_t ir_helper_fsub_s(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                          uint64_t c, uint64_t imm)
{
    return fp_arith(ctx, &fmt_s, FA_SUB, 0, a, b, c, imm);
}

uint64_t ir_helper_fmul_s(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                          uint64_t c, uint64_t imm)
{
    return fp_arith(ctx, &fmt_s, FA_MUL, 0, a, b, c, imm);
}

uint64_t ir_helper_fdiv_s(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                          uint64_t c, uint64_t imm)
{
    return fp_arith(ctx, &fmt_s, FA_DIV, 0, a, b, c, imm);
}

uint64_t ir_helper_fsqrt_s(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                           uint64_t c, uint64_t imm)
{
    return fp_arith(ctx, &fmt_s, FA_SQRT, 0, a, b, c, imm);
}

uint64_t ir_helper_fmin_s(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                          uint64_t c, uint64_t imm)
{
    (void)c, (void)imm;
    return fp_minmax(ctx, &fmt_s, false, a, b);
}

uint64_t ir_helper_fmax_s(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                          uint64_t c, uint64_t imm)
{
    (void)c, (void)imm;
    return fp_minmax(ctx, &fmt_s, true, a, b);
}

/* fmadd = a*b + c, fmsub = a*b - c, fnmsub = -(a*b) + c,
 * fnmadd = -(a*b) - c: each one fused operation, rounded once. */
uint64_t ir_helper_fmadd_s(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                           uint64_t c, uint64_t imm)
{
    return fp_arith(ctx, &fmt_s, FA_FMA, 0, a, b, c, imm);
}

uint64_t ir_helper_fmsub_s(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                           uint64_t c, uint64_t imm)
{
    return fp_arith(ctx, &fmt_s, FA_FMA, 2, a, b, c, imm);
}

uint64_t ir_helper_fnmadd_s(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                            uint64_t c, uint64_t imm)
{
    return fp_arith(ctx, &fmt_s, FA_FMA, 3, a, b, c, imm);
}

uint64_t ir_helper_fnmsub_s(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                            uint64_t c, uint64_t imm)
{
    return fp_arith(ctx, &fmt_s, FA_FMA, 1, a, b, c, imm);
}

uint64_t ir_helper_feq_s(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                         uint64_t c, uint64_t imm)
{
    (void)c, (void)imm;
    return fp_compare(ctx, &fmt_s, CMP_EQ, a, b);
}

uint64_t ir_helper_flt_s(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                         uint64_t c, uint64_t imm)
{
    (void)c, (void)imm;
    return fp_compare(ctx, &fmt_s, CMP_LT, a, b);
}

uint64_t ir_helper_fle_s(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                         uint64_t c, uint64_t imm)
{
    (void)c, (void)imm;
    return fp_compare(ctx, &fmt_s, CMP_LE, a, b);
}

uint64_t ir_helper_fclass_s(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                            uint64_t c, uint64_t imm)
{
    (void)ctx, (void)b, (void)c, (void)imm;
    return fp_class(&fmt_s, a);
}

uint64_t ir_helper_fadd_d(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                          uint64_t c, uint64_t imm)
{
    return fp_arith(ctx, &fmt_d, FA_ADD, 0, a, b, c, imm);
}

uint64_t ir_helper_fsub_d(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                          uint64_t c, uint64_t imm)
{
    return fp_arith(ctx, &fmt_d, FA_SUB, 0, a, b, c, imm);
}

uint64_t ir_helper_fmul_d(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                          uint64_t c, uint64_t imm)
{
    return fp_arith(ctx, &fmt_d, FA_MUL, 0, a, b, c, imm);
}

uint64_t ir_helper_fdiv_d(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                          uint64_t c, uint64_t imm)
{
    return fp_arith(ctx, &fmt_d, FA_DIV, 0, a, b, c, imm);
}

uint64_t ir_helper_fsqrt_d(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                           uint64_t c, uint64_t imm)
{
    return fp_arith(ctx, &fmt_d, FA_SQRT, 0, a, b, c, imm);
}

uint64_t ir_helper_fmin_d(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                          uint64_t c, uint64_t imm)
{
    (void)c, (void)imm;
    return fp_minmax(ctx, &fmt_d, false, a, b);
}

uint64_t ir_helper_fmax_d(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                          uint64_t c, uint64_t imm)
{
    (void)c, (void)imm;
    return fp_minmax(ctx, &fmt_d, true, a, b);
}

uint64_t ir_helper_fmadd_d(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                           uint64_t c, uint64_t imm)
{
    return fp_arith(ctx, &fmt_d, FA_FMA, 0, a, b, c, imm);
}

uint64_t ir_helper_fmsub_d(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                           uint64_t c, uint64_t imm)
{
    return fp_arith(ctx, &fmt_d, FA_FMA, 2, a, b, c, imm);
}

uint64_t ir_helper_fnmadd_d(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                            uint64_t c, uint64_t imm)
{
    return fp_arith(ctx, &fmt_d, FA_FMA, 3, a, b, c, imm);
}

uint64_t ir_helper_fnmsub_d(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                            uint64_t c, uint64_t imm)
{
    return fp_arith(ctx, &fmt_d, FA_FMA, 1, a, b, c, imm);
}

uint64_t ir_helper_feq_d(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                         uint64_t c, uint64_t imm)
{
    (void)c, (void)imm;
    return fp_compare(ctx, &fmt_d, CMP_EQ, a, b);
}

uint64_t ir_helper_flt_d(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                         uint64_t c, uint64_t imm)
{
    (void)c, (void)imm;
    return fp_compare(ctx, &fmt_d, CMP_LT, a, b);
}

uint64_t ir_helper_fle_d(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                         uint64_t c, uint64_t imm)
{
    (void)c, (void)imm;
    return fp_compare(ctx, &fmt_d, CMP_LE, a, b);
}

uint64_t ir_helper_fclass_d(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                            uint64_t c, uint64_t imm)
{
    (void)ctx, (void)b, (void)c, (void)imm;
    return fp_class(&fmt_d, a);
}

uint64_t ir_helper_fcvt_w_s(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                            uint64_t c, uint64_t imm)
{
    (void)b, (void)c;
    return fp_to_int(ctx, &fmt_s, &int_w, a, imm);
}

uint64_t ir_helper_fcvt_wu_s(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                             uint64_t c, uint64_t imm)
{
    (void)b, (void)c;
    return fp_to_int(ctx, &fmt_s, &int_wu, a, imm);
}

uint64_t ir_helper_fcvt_l_s(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                            uint64_t c, uint64_t imm)
{
    (void)b, (void)c;
    return fp_to_int(ctx, &fmt_s, &int_l, a, imm);
}

uint64_t ir_helper_fcvt_lu_s(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                             uint64_t c, uint64_t imm)
{
    (void)b, (void)c;
    return fp_to_int(ctx, &fmt_s, &int_lu, a, imm);
}

uint64_t ir_helper_fcvt_s_w(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                            uint64_t c, uint64_t imm)
{
    (void)b, (void)c;
    return from_signed(ctx, &fmt_s, (int32_t)(uint32_t)a, imm);
}

uint64_t ir_helper_fcvt_s_wu(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                             uint64_t c, uint64_t imm)
{
    (void)b, (void)c;
    return int_to_fp(ctx, &fmt_s, false, (uint32_t)a, imm);
}

uint64_t ir_helper_fcvt_s_l(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                            uint64_t c, uint64_t imm)
{
    (void)b, (void)c;
    return from_signed(ctx, &fmt_s, (int64_t)a, imm);
}

uint64_t ir_helper_fcvt_s_lu(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                             uint64_t c, uint64_t imm)
{
    (void)b, (void)c;
    return int_to_fp(ctx, &fmt_s, false, a, imm);
}

uint64_t ir_helper_fcvt_w_d(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                            uint64_t c, uint64_t imm)
{
    (void)b, (void)c;
    return fp_to_int(ctx, &fmt_d, &int_w, a, imm);
}

uint64_t ir_helper_fcvt_wu_d(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                             uint64_t c, uint64_t imm)
{
    (void)b, (void)c;
    return fp_to_int(ctx, &fmt_d, &int_wu, a, imm);
}

uint64_t ir_helper_fcvt_l_d(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                            uint64_t c, uint64_t imm)
{
    (void)b, (void)c;
    return fp_to_int(ctx, &fmt_d, &int_l, a, imm);
}

uint64_t ir_helper_fcvt_lu_d(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                             uint64_t c, uint64_t imm)
{
    (void)b, (void)c;
    return fp_to_int(ctx, &fmt_d, &int_lu, a, imm);
}

uint64_t ir_helper_fcvt_d_w(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                            uint64_t c, uint64_t imm)
{
    (void)b, (void)c;
    return from_signed(ctx, &fmt_d, (int32_t)(uint32_t)a, imm);
}

uint64_t ir_helper_fcvt_d_wu(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                             uint64_t c, uint64_t imm)
{
    (void)b, (void)c;
    return int_to_fp(ctx, &fmt_d, false, (uint32_t)a, imm);
}

uint64_t ir_helper_fcvt_d_l(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                            uint64_t c, uint64_t imm)
{
    (void)b, (void)c;
    return from_signed(ctx, &fmt_d, (int64_t)a, imm);
}

uint64_t ir_helper_fcvt_d_lu(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                             uint64_t c, uint64_t imm)
{
    (void)b, (void)c;
    return int_to_fp(ctx, &fmt_d, false, a, imm);
}

uint64_t ir_helper_fcvt_s_d(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                            uint64_t c, uint64_t imm)
{
    (void)b, (void)c;
    return fp_convert(ctx, &fmt_d, &fmt_s, a, imm);
}

uint64_t ir_helper_fcvt_d_s(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                            uint64_t c, uint64_t imm)
{
    (void)b, (void)c;
    return fp_convert(ctx, &fmt_s, &fmt_d, a, imm);
}
