/*
 * ir_a64_fp.c — IR_H_a64_fp: AArch64 scalar floating point (single and
 * double) with A64's semantics, on the registers in struct a64_cpu.
 *
 * The host's SSE unit does the arithmetic under FPCR's rounding mode,
 * inside an MXCSR window that also collects its exception flags; what
 * A64 defines differently from x86 is done here in software:
 *   - NaN operands propagate (FPProcessNaNs: signalling NaNs first,
 *     quieted, with IOC; then the first quiet NaN in operand order); an
 *     invalid operation gives A64's default NaN (positive, quiet), where
 *     x86 gives a negative one; FPCR.DN makes every NaN result default;
 *   - tininess: A64's FPRound detects it BEFORE rounding (UFC when the
 *     unrounded result is below the smallest normal and inexact), x86
 *     after; the only results where the two differ round to exactly the
 *     smallest normal, so those are recomputed toward zero to decide
 *     (qemu-aarch64 also detects tininess before rounding:
 *     float_tininess_before_rounding);
 *   - FPCR.FZ: denormal operands become signed zeros (IDC), tiny results
 *     signed zeros (UFC only);
 *   - min/max, compares, round-to-integral and conversions to integers
 *     (saturating, NaN -> 0, IOC instead of IXC when out of range) are
 *     decided on values in software.
 */
#define _GNU_SOURCE /* roundeven() */
#include <fenv.h>
#include <math.h>
#include <stdbool.h>
#include <string.h>
#include <xmmintrin.h>

#include "aarch64/aarch64_state.h"

/* FPSR cumulative flags; FPCR controls. */
enum { IOC = 1u << 0, DZC = 1u << 1, OFC = 1u << 2, UFC = 1u << 3,
       IXC = 1u << 4, IDC = 1u << 7 };
#define FPCR_FZ (1u << 24)
#define FPCR_DN (1u << 25)
#define FPCR_RMODE(fpcr) ((unsigned)((fpcr) >> 22) & 3)
enum { RN, RP, RM, RZ, RA /* ties away: only for conversions */ };

/* One operation: the format and the flags it raises. */
struct fpop {
    bool dbl;
    bool fz, dn; /* FPCR.FZ, FPCR.DN */
    unsigned flags;
};

static unsigned field(uint32_t w, unsigned lsb, unsigned len)
{
    return (w >> lsb) & ((1u << len) - 1);
}

/* ---- bit patterns ------------------------------------------------------ */

static uint64_t sign_bit(bool dbl) { return dbl ? 1ull << 63 : 1ull << 31; }
static uint64_t inf_bits(bool dbl) { return dbl ? 0x7ffull << 52 : 0xffull << 23; }
static uint64_t quiet_bit(bool dbl) { return dbl ? 1ull << 51 : 1ull << 22; }
static uint64_t min_normal(bool dbl) { return dbl ? 1ull << 52 : 1ull << 23; }
static uint64_t default_nan(bool dbl) { return inf_bits(dbl) | quiet_bit(dbl); }
static uint64_t magnitude(bool dbl, uint64_t x) { return x & ~sign_bit(dbl); }

static bool is_nan(bool dbl, uint64_t x)
{
    return magnitude(dbl, x) > inf_bits(dbl);
}

static bool is_snan(bool dbl, uint64_t x)
{
    return is_nan(dbl, x) && !(x & quiet_bit(dbl));
}

static bool is_inf(bool dbl, uint64_t x)
{
    return magnitude(dbl, x) == inf_bits(dbl);
}

static bool is_zero(bool dbl, uint64_t x) { return magnitude(dbl, x) == 0; }

/* A single or double bit pattern as a double (exact). */
static double to_double(bool dbl, uint64_t x)
{
    union { uint64_t u; double d; uint32_t u32; float f; } v = {x};
    return dbl ? v.d : v.f;
}

/* A value the format represents exactly (a rounded result, an integral
 * value) as its bit pattern. */
static uint64_t from_double(bool dbl, double d)
{
    union { uint64_t u; double d; uint32_t u32; float f; } v = {0};
    if (dbl)
        v.d = d;
    else
        v.f = (float)d;
    return dbl ? v.u : v.u32;
}

/* FPUnpack's flush: a denormal operand under FPCR.FZ is a signed zero. */
static uint64_t operand(struct fpop *o, uint64_t x)
{
    if (o->fz && magnitude(o->dbl, x) != 0 &&
        magnitude(o->dbl, x) < min_normal(o->dbl)) {
        o->flags |= IDC;
        return x & sign_bit(o->dbl);
    }
    return x;
}

/* FPProcessNaN: a signalling NaN is quieted, with IOC; under FPCR.DN
 * the result is the default NaN. */
static uint64_t process_nan(struct fpop *o, uint64_t x)
{
    if (is_snan(o->dbl, x)) {
        o->flags |= IOC;
        x |= quiet_bit(o->dbl);
    }
    return o->dn ? default_nan(o->dbl) : x;
}

/* FPProcessNaNs(3): whether some operand is a NaN, and the result. */
static bool process_nans(struct fpop *o, const uint64_t *x, unsigned n,
                         uint64_t *result)
{
    for (unsigned i = 0; i < n; i++)
        if (is_snan(o->dbl, x[i])) {
            *result = process_nan(o, x[i]);
            return true;
        }
    for (unsigned i = 0; i < n; i++)
        if (is_nan(o->dbl, x[i])) {
            *result = process_nan(o, x[i]);
            return true;
        }
    return false;
}

/* ---- the host's arithmetic in an MXCSR window ------------------------- */

/* H_CVT: the double operand a rounded to single (dbl false). */
enum host_op { H_ADD, H_SUB, H_MUL, H_DIV, H_SQRT, H_FMA, H_CVT };

#define MXCSR_FLAGS 0x3fu
#define MXCSR_CONTROL 0xffc0u /* DAZ, masks, rounding, FTZ */
#define MXCSR_MASK_ALL 0x1f80u

/* A64 RMode (RN, RP, RM, RZ) as MXCSR's rounding control (bits 14:13). */
static const unsigned mxcsr_round[] = {
    [RN] = 0u << 13, [RP] = 2u << 13, [RM] = 1u << 13, [RZ] = 3u << 13};
static const int fenv_round[] = {
    [RN] = FE_TONEAREST, [RP] = FE_UPWARD, [RM] = FE_DOWNWARD,
    [RZ] = FE_TOWARDZERO};

static unsigned host_flags(unsigned mxcsr)
{
    return (mxcsr & 1u ? IOC : 0) | (mxcsr & 4u ? DZC : 0) |
           (mxcsr & 8u ? OFC : 0) | (mxcsr & 16u ? UFC : 0) |
           (mxcsr & 32u ? IXC : 0);
}

/* The volatile operands and result keep the compiler from moving the
 * operation out of the window (it moves plain arithmetic across the
 * MXCSR writes). */
static uint64_t host_eval(bool dbl, enum host_op op, uint64_t a, uint64_t b,
                          uint64_t c)
{
    if (dbl) {
        volatile double x = to_double(true, a), y = to_double(true, b),
                        z = to_double(true, c), r = 0;
        switch (op) {
        case H_ADD: r = x + y; break;
        case H_SUB: r = x - y; break;
        case H_MUL: r = x * y; break;
        case H_DIV: r = x / y; break;
        case H_SQRT: r = sqrt(x); break;
        case H_FMA: r = fma(x, y, z); break;
        case H_CVT: break;
        }
        return from_double(true, r);
    }
    if (op == H_CVT) {
        volatile double d = to_double(true, a);
        volatile float f = (float)d;
        return from_double(false, f);
    }
    volatile float x = (float)to_double(false, a), y = (float)to_double(false, b),
                   z = (float)to_double(false, c), r = 0;
    switch (op) {
    case H_ADD: r = x + y; break;
    case H_SUB: r = x - y; break;
    case H_MUL: r = x * y; break;
    case H_DIV: r = x / y; break;
    case H_SQRT: r = sqrtf(x); break;
    case H_FMA: r = fmaf(x, y, z); break;
    case H_CVT: break;
    }
    return from_double(false, r);
}

/* op under rounding mode rmode; *flags gets what it raised. Without
 * FMA3 libm's fma rounds in software by the x87 control word, so that
 * case takes the whole fenv window. */
static uint64_t host_window(bool dbl, enum host_op op, const uint64_t *x,
                            unsigned rmode, unsigned *flags)
{
    if (op == H_FMA && !__builtin_cpu_supports("fma")) {
        int saved = fegetround();
        fesetround(fenv_round[rmode]);
        feclearexcept(FE_ALL_EXCEPT);
        uint64_t r = host_eval(dbl, op, x[0], x[1], x[2]);
        int raised = fetestexcept(FE_ALL_EXCEPT);
        fesetround(saved);
        feclearexcept(FE_ALL_EXCEPT);
        *flags = (raised & FE_INVALID ? IOC : 0) |
                 (raised & FE_DIVBYZERO ? DZC : 0) |
                 (raised & FE_OVERFLOW ? OFC : 0) |
                 (raised & FE_UNDERFLOW ? UFC : 0) |
                 (raised & FE_INEXACT ? IXC : 0);
        return r;
    }
    unsigned saved = _mm_getcsr();
    _mm_setcsr((saved & ~(MXCSR_FLAGS | MXCSR_CONTROL)) | MXCSR_MASK_ALL |
               mxcsr_round[rmode]);
    uint64_t r = host_eval(dbl, op, x[0], x[1], x[2]);
    unsigned raised = _mm_getcsr();
    _mm_setcsr(saved);
    *flags = host_flags(raised);
    return r;
}

/*
 * An arithmetic result from the host, made A64's: the default NaN for an
 * invalid operation, tininess before rounding, FZ's flush of tiny
 * results. x: the (non-NaN) operands, for recomputing toward zero.
 */
static uint64_t arith(struct fpop *o, enum host_op op, const uint64_t *x,
                      unsigned rmode)
{
    unsigned flags;
    uint64_t r = host_window(o->dbl, op, x, rmode, &flags);
    uint64_t mag = magnitude(o->dbl, r);
    if (is_nan(o->dbl, r)) {
        r = default_nan(o->dbl);
    } else if ((flags & IXC) && mag <= min_normal(o->dbl)) {
        bool tiny = mag < min_normal(o->dbl);
        if (!tiny) { /* rounded up to the smallest normal: was it below? */
            unsigned rz_flags;
            uint64_t rz = host_window(o->dbl, op, x, RZ, &rz_flags);
            tiny = magnitude(o->dbl, rz) < min_normal(o->dbl);
        }
        if (tiny && o->fz) {
            r &= sign_bit(o->dbl);
            flags &= ~(UFC | IXC);
        }
        if (tiny)
            flags |= UFC;
    } else if (o->fz && mag != 0 && mag < min_normal(o->dbl)) {
        r &= sign_bit(o->dbl); /* an exact denormal result */
        flags |= UFC;
    }
    o->flags |= flags;
    return r;
}

/* ---- the classes -------------------------------------------------------- */

/* FPMax/FPMin (maxnm/minnm first turn one quiet NaN into the infinity
 * that loses, FPMaxNum/FPMinNum). */
static uint64_t minmax(struct fpop *o, uint64_t n, uint64_t m, bool max,
                       bool num)
{
    bool dbl = o->dbl;
    if (num && is_nan(dbl, n) != is_nan(dbl, m)) {
        uint64_t loser = inf_bits(dbl) | (max ? sign_bit(dbl) : 0);
        if (is_nan(dbl, n) && !is_snan(dbl, n))
            n = loser;
        else if (is_nan(dbl, m) && !is_snan(dbl, m))
            m = loser;
    }
    uint64_t x[2] = {n, m}, r;
    if (process_nans(o, x, 2, &r))
        return r;
    if (is_zero(dbl, n) && is_zero(dbl, m)) /* +0 > -0 here */
        return max ? n & m : n | m;
    double a = to_double(dbl, n), b = to_double(dbl, m);
    return (max ? a > b : a < b) ? n : m;
}

static uint64_t arith2(struct fpop *o, uint32_t w, uint64_t n, uint64_t m,
                       unsigned rmode)
{
    unsigned opcode = field(w, 12, 4);
    if (opcode >= 4 && opcode <= 7)
        return minmax(o, n, m, !(opcode & 1), opcode >= 6);
    static const enum host_op ops[] = {H_MUL, H_DIV, H_ADD, H_SUB};
    uint64_t x[3] = {n, m, 0}, r;
    if (!process_nans(o, x, 2, &r))
        r = arith(o, opcode == 8 ? H_MUL : ops[opcode], x, rmode);
    return opcode == 8 ? r ^ sign_bit(o->dbl) : r; /* fnmul: FPNeg after */
}

/* FPMulAdd(addend, n, m); fmsub, fnmadd and fnmsub negate operands first
 * (so a negated NaN propagates with its sign flipped). */
static uint64_t fused(struct fpop *o, uint32_t w, uint64_t a, uint64_t n,
                      uint64_t m, unsigned rmode)
{
    bool dbl = o->dbl, o1 = field(w, 21, 1), o0 = field(w, 15, 1);
    if (o1)
        a ^= sign_bit(dbl);
    if (o0 != o1)
        n ^= sign_bit(dbl);
    uint64_t x[3] = {a, n, m}, r;
    if (process_nans(o, x, 3, &r)) {
        bool inf_zero = (is_inf(dbl, n) && is_zero(dbl, m)) ||
                        (is_zero(dbl, n) && is_inf(dbl, m));
        if (is_nan(dbl, a) && !is_snan(dbl, a) && inf_zero) {
            o->flags |= IOC;
            r = default_nan(dbl);
        }
        return r;
    }
    uint64_t host[3] = {n, m, a};
    return arith(o, H_FMA, host, rmode);
}

/* A value rounded to an integral one by mode (RN, RP, RM, RZ, RA). */
static double round_integral(double v, unsigned mode)
{
    switch (mode) {
    case RN: return roundeven(v);
    case RP: return ceil(v);
    case RM: return floor(v);
    case RZ: return trunc(v);
    default: return round(v);
    }
}

/* fsqrt, fcvt between single and double, frint*. */
static uint64_t arith1(struct fpop *o, uint32_t w, uint64_t n, unsigned rmode)
{
    unsigned opcode = field(w, 15, 6);
    bool dbl = o->dbl;
    if (opcode == 3) {
        uint64_t x[3] = {n, 0, 0}, r;
        return process_nans(o, x, 1, &r) ? r : arith(o, H_SQRT, x, rmode);
    }
    if (opcode == 4 || opcode == 5) {
        /* FPConvert: a NaN keeps its sign and the top of its payload. */
        bool to_dbl = opcode == 5;
        if (is_nan(dbl, n)) {
            n = process_nan(o, n);
            uint64_t sign = n & sign_bit(dbl) ? sign_bit(to_dbl) : 0;
            uint64_t payload = to_dbl ? (n & 0x7fffffull) << 29
                                      : (n >> 29) & 0x7fffffull;
            return o->dn ? default_nan(to_dbl)
                         : sign | inf_bits(to_dbl) | payload;
        }
        if (to_dbl)
            return from_double(true, to_double(false, n)); /* exact */
        /* double -> single rounds: the host's cvtsd2ss in the window,
         * made A64's like any arithmetic result. */
        struct fpop single = {false, o->fz, o->dn, 0};
        uint64_t x[3] = {n, 0, 0};
        uint64_t r = arith(&single, H_CVT, x, rmode);
        o->flags |= single.flags;
        return r;
    }
    /* frint: opcode<2:0> = N, P, M, Z, A, -, X, I */
    if (is_nan(dbl, n))
        return process_nan(o, n);
    if (is_inf(dbl, n) || is_zero(dbl, n))
        return n;
    unsigned how = opcode & 7, mode = how < 5 ? how : rmode;
    double v = to_double(dbl, n), r = round_integral(v, mode);
    if (how == 6 && r != v)
        o->flags |= IXC;
    return from_double(dbl, r);
}

/* FPCompare: NZCV 0011 unordered, 0110 equal, 1000 less, 0010 greater;
 * IOC for a signalling NaN, or any NaN when signal_all (fcmpe). */
static unsigned compare(struct fpop *o, uint64_t n, uint64_t m,
                        bool signal_all)
{
    bool dbl = o->dbl;
    if (is_nan(dbl, n) || is_nan(dbl, m)) {
        if (signal_all || is_snan(dbl, n) || is_snan(dbl, m))
            o->flags |= IOC;
        return 3;
    }
    double a = to_double(dbl, n), b = to_double(dbl, m);
    return a == b ? 6 : a < b ? 8 : 2;
}

/* FPToFixed with fbits 0: rounded by mode, saturated to the integer type
 * (IOC instead of IXC when out of range or NaN). */
static uint64_t to_int(struct fpop *o, uint32_t w, uint64_t n)
{
    bool is64 = field(w, 31, 1), is_unsigned = field(w, 16, 1);
    unsigned opcode = field(w, 16, 3);
    unsigned mode = opcode >= 4 ? RA : field(w, 19, 2);
    if (is_nan(o->dbl, n)) {
        o->flags |= IOC;
        return 0;
    }
    double v = to_double(o->dbl, n), r = round_integral(v, mode);
    double lo = is_unsigned ? 0.0 : is64 ? -0x1p63 : -0x1p31;
    double hi = is_unsigned ? (is64 ? 0x1p64 : 0x1p32)
                            : (is64 ? 0x1p63 : 0x1p31);
    if (r < lo || r >= hi) {
        o->flags |= IOC;
        if (r < lo)
            return is_unsigned ? 0 : is64 ? 1ull << 63 : 1ull << 31;
        return is_unsigned ? (is64 ? ~0ull : 0xffffffffull)
                           : (is64 ? ~0ull >> 1 : 0x7fffffffull);
    }
    if (r != v)
        o->flags |= IXC;
    if (is_unsigned)
        return (uint64_t)r;
    int64_t s = (int64_t)r;
    return is64 ? (uint64_t)s : (uint32_t)s;
}

/* scvtf/ucvtf from Wn/Xn: rounded by the host's conversion in the
 * window (only IXC can be raised). */
static uint64_t from_int(struct fpop *o, uint32_t w, uint64_t a,
                         unsigned rmode)
{
    bool is64 = field(w, 31, 1), is_unsigned = field(w, 16, 1);
    unsigned saved = _mm_getcsr();
    _mm_setcsr((saved & ~(MXCSR_FLAGS | MXCSR_CONTROL)) | MXCSR_MASK_ALL |
               mxcsr_round[rmode]);
    uint64_t r;
    if (o->dbl) {
        volatile double d;
        if (is_unsigned)
            d = is64 ? (double)a : (double)(uint32_t)a;
        else
            d = is64 ? (double)(int64_t)a : (double)(int32_t)a;
        r = from_double(true, d);
    } else {
        volatile float f;
        if (is_unsigned)
            f = is64 ? (float)a : (float)(uint32_t)a;
        else
            f = is64 ? (float)(int64_t)a : (float)(int32_t)a;
        r = from_double(false, f);
    }
    unsigned raised = _mm_getcsr();
    _mm_setcsr(saved);
    o->flags |= host_flags(raised);
    return r;
}

static uint64_t get_fp(const struct a64_cpu *c, unsigned reg, bool dbl)
{
    uint64_t v = 0;
    memcpy(&v, c->v[reg], dbl ? 8 : 4);
    return v;
}

/* A scalar write clears the rest of the vector register. */
static void put_fp(struct a64_cpu *c, unsigned reg, bool dbl, uint64_t v)
{
    memset(c->v[reg], 0, 16);
    memcpy(c->v[reg], &v, dbl ? 8 : 4);
}

uint64_t ir_helper_a64_fp(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                          uint64_t cc, uint64_t imm)
{
    (void)b;
    (void)cc;
    struct a64_cpu *c = (struct a64_cpu *)ctx;
    unsigned cls = (unsigned)(imm >> 32);
    uint32_t w = (uint32_t)imm;
    unsigned rd = field(w, 0, 5), rn = field(w, 5, 5), rm = field(w, 16, 5);
    unsigned rmode = FPCR_RMODE(c->fpcr);
    struct fpop o = {field(w, 22, 2) == 1, (c->fpcr & FPCR_FZ) != 0,
                     (c->fpcr & FPCR_DN) != 0, 0};
    bool writes_fp = true, dst_dbl = o.dbl;
    uint64_t r = 0, ret = 0;
    switch (cls) {
    case A64_FP_ARITH2:
        r = arith2(&o, w, operand(&o, get_fp(c, rn, o.dbl)),
                   operand(&o, get_fp(c, rm, o.dbl)), rmode);
        break;
    case A64_FP_ARITH1:
        if (field(w, 15, 6) == 4 || field(w, 15, 6) == 5)
            dst_dbl = field(w, 15, 6) == 5;
        r = arith1(&o, w, operand(&o, get_fp(c, rn, o.dbl)), rmode);
        break;
    case A64_FP_FMA:
        r = fused(&o, w, operand(&o, get_fp(c, field(w, 10, 5), o.dbl)),
                  operand(&o, get_fp(c, rn, o.dbl)),
                  operand(&o, get_fp(c, rm, o.dbl)), rmode);
        break;
    case A64_FP_CMP:
    case A64_FP_CCMP: {
        writes_fp = false;
        if (cls == A64_FP_CCMP && !a) {
            ret = field(w, 0, 4);
            break;
        }
        bool with_zero = cls == A64_FP_CMP && field(w, 3, 1);
        uint64_t m = with_zero ? 0 : operand(&o, get_fp(c, rm, o.dbl));
        ret = compare(&o, operand(&o, get_fp(c, rn, o.dbl)), m,
                      field(w, 4, 1));
        break;
    }
    case A64_FP_TO_INT:
        writes_fp = false;
        ret = to_int(&o, w, operand(&o, get_fp(c, rn, o.dbl)));
        break;
    case A64_FP_FROM_INT:
        r = from_int(&o, w, a, rmode);
        break;
    default:
        return 0;
    }
    if (writes_fp)
        put_fp(c, rd, dst_dbl, r);
    c->fpsr |= o.flags;
    return ret;
}
