/*
 * test_ir_fp.c — the IR's floating-point and counter helpers against the
 * RISC-V F/D specification.
 *
 * Every expected value is worked out by hand from the specification (the
 * comment of each case says how); none is computed by the code under test.
 * Each case runs through ir_helper_table, as the back ends call it.
 */
#include <criterion/criterion.h>
#include <fenv.h>
#include <stdint.h>
#include <time.h>

#include "ir.h"

/* Rounding modes and flags, short. */
#define RNE IR_RM_RNE
#define RTZ IR_RM_RTZ
#define RDN IR_RM_RDN
#define RUP IR_RM_RUP
#define RMM IR_RM_RMM
#define NX IR_FF_NX
#define UF IR_FF_UF
#define OF IR_FF_OF
#define DZ IR_FF_DZ
#define NV IR_FF_NV

/* Single-precision bit patterns. */
#define S_ZERO 0x00000000u
#define S_NZERO 0x80000000u
#define S_ONE 0x3f800000u        /* 1.0 */
#define S_NONE 0xbf800000u       /* -1.0 */
#define S_ONE_ULP 0x3f800001u    /* 1 + 2^-23 */
#define S_TWO 0x40000000u
#define S_THREE 0x40400000u
#define S_HALF 0x3f000000u
#define S_NHALF 0xbf000000u
#define S_2P5 0x40200000u        /* 2.5 */
#define S_N2P5 0xc0200000u       /* -2.5 */
#define S_2M24 0x33800000u       /* 2^-24: half an ulp of 1.0 */
#define S_2M25 0x33000000u       /* 2^-25: a quarter ulp of 1.0 */
#define S_3M25 0x33c00000u       /* 3 * 2^-25: three quarters of an ulp */
#define S_MAX 0x7f7fffffu
#define S_NMAX 0xff7fffffu
#define S_INF 0x7f800000u
#define S_NINF 0xff800000u
#define S_CNAN 0x7fc00000u       /* RISC-V canonical NaN */
#define S_QNAN_PAY 0x7fc12345u   /* quiet NaN with a payload */
#define S_NQNAN 0xffc00001u      /* negative quiet NaN */
#define S_SNAN 0x7f800001u       /* signalling NaN */
#define S_MIN_NORMAL 0x00800000u /* 2^-126 */
#define S_MAX_SUB 0x007fffffu    /* 2^-126 - 2^-149 */
#define S_MIN_SUB 0x00000001u    /* 2^-149 */

/* Double-precision bit patterns. */
#define D_ZERO 0x0000000000000000ull
#define D_NZERO 0x8000000000000000ull
#define D_ONE 0x3ff0000000000000ull
#define D_NONE 0xbff0000000000000ull
#define D_ONE_ULP 0x3ff0000000000001ull    /* 1 + 2^-52 */
#define D_ONE_MINUS 0x3fefffffffffffffull  /* 1 - 2^-53 */
#define D_TWO 0x4000000000000000ull
#define D_HALF 0x3fe0000000000000ull
#define D_2P5 0x4004000000000000ull
#define D_N2P5 0xc004000000000000ull
#define D_2M53 0x3ca0000000000000ull       /* 2^-53: half an ulp of 1.0 */
#define D_2M105 0x3960000000000000ull      /* 2^-105 */
#define D_2M106 0x3950000000000000ull      /* 2^-106 */
#define D_MAX 0x7fefffffffffffffull
#define D_NMAX 0xffefffffffffffffull
#define D_INF 0x7ff0000000000000ull
#define D_NINF 0xfff0000000000000ull
#define D_CNAN 0x7ff8000000000000ull
#define D_QNAN_PAY 0x7ff8000000000123ull
#define D_NQNAN 0xfff8000000000000ull
#define D_SNAN 0x7ff0000000000001ull
#define D_MIN_NORMAL 0x0010000000000000ull /* 2^-1022 */
#define D_MAX_SUB 0x000fffffffffffffull
#define D_MIN_SUB 0x0000000000000001ull    /* 2^-1074 */

struct fp_case {
    enum ir_helper h;
    uint64_t a, b, c;
    unsigned rm; /* imm */
    uint64_t want;
    uint32_t flags;
    const char *why;
};

static void run_cases(const struct fp_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const struct fp_case *k = &cases[i];
        struct ir_ctx ctx = {.frm = RNE};
        uint64_t got = ir_helper_table[k->h](&ctx, k->a, k->b, k->c, k->rm);
        cr_expect_eq(got, k->want, "%s rm=%u (%s): got %#llx, want %#llx",
                     ir_helper_name(k->h), k->rm, k->why,
                     (unsigned long long)got, (unsigned long long)k->want);
        cr_expect_eq(ctx.fflags, k->flags,
                     "%s rm=%u (%s): flags %#x, want %#x",
                     ir_helper_name(k->h), k->rm, k->why, ctx.fflags,
                     k->flags);
    }
}

#define RUN(cases) run_cases(cases, sizeof cases / sizeof cases[0])

Test(ir_fp, helper_table_maps_every_id)
{
    for (int h = 0; h < IR_NUM_HELPERS; h++)
        cr_expect_not_null(ir_helper_table[h], "%s", ir_helper_name(h));
    cr_expect_eq(ir_helper_table[IR_H_fadd_s], ir_helper_fadd_s);
    cr_expect_eq(ir_helper_table[IR_H_fcvt_d_s], ir_helper_fcvt_d_s);
    cr_expect_eq(ir_helper_table[IR_H_rdtime], ir_helper_rdtime);
    cr_expect_eq(ir_helper_table[IR_H_rdcycle], ir_helper_rdcycle);
}

Test(ir_fp, add_sub_in_every_rounding_mode)
{
    static const struct fp_case cases[] = {
        {IR_H_fadd_s, S_ONE, S_TWO, 0, RNE, S_THREE, 0, "exact"},
        /* 1 + 2^-24 is exactly halfway between 1 and 1 + 2^-23. */
        {IR_H_fadd_s, S_ONE, S_2M24, 0, RNE, S_ONE, NX, "tie to even"},
        {IR_H_fadd_s, S_ONE, S_2M24, 0, RMM, S_ONE_ULP, NX, "tie away"},
        {IR_H_fadd_s, S_ONE, S_2M24, 0, RTZ, S_ONE, NX, "tie, toward 0"},
        {IR_H_fadd_s, S_ONE, S_2M24, 0, RDN, S_ONE, NX, "tie, down"},
        {IR_H_fadd_s, S_ONE, S_2M24, 0, RUP, S_ONE_ULP, NX, "tie, up"},
        /* The negative tie: away from zero and down go to -(1 + 2^-23). */
        {IR_H_fadd_s, S_NONE, S_2M24 | S_NZERO, 0, RNE, S_NONE, NX, "-tie"},
        {IR_H_fadd_s, S_NONE, S_2M24 | S_NZERO, 0, RMM, 0xbf800001, NX,
         "-tie away"},
        {IR_H_fadd_s, S_NONE, S_2M24 | S_NZERO, 0, RDN, 0xbf800001, NX,
         "-tie down"},
        {IR_H_fadd_s, S_NONE, S_2M24 | S_NZERO, 0, RUP, S_NONE, NX, "-tie up"},
        {IR_H_fadd_s, S_NONE, S_2M24 | S_NZERO, 0, RTZ, S_NONE, NX,
         "-tie toward 0"},
        /* (1 + 2^-23) + 2^-24: the tie's even neighbour is the upper one. */
        {IR_H_fadd_s, S_ONE_ULP, S_2M24, 0, RNE, 0x3f800002, NX, "odd tie"},
        {IR_H_fadd_s, S_ONE_ULP, S_2M24, 0, RMM, 0x3f800002, NX, "odd tie"},
        /* Not ties: RMM rounds to nearest like RNE. */
        {IR_H_fadd_s, S_ONE, S_2M25, 0, RMM, S_ONE, NX, "quarter ulp"},
        {IR_H_fadd_s, S_ONE, S_3M25, 0, RMM, S_ONE_ULP, NX, "3/4 ulp"},
        {IR_H_fadd_s, S_ONE, S_3M25, 0, RNE, S_ONE_ULP, NX, "3/4 ulp"},
        {IR_H_fadd_s, S_ONE, S_3M25, 0, RTZ, S_ONE, NX, "3/4 ulp"},
        /* Double: 1 + 2^-53 is halfway between 1 and 1 + 2^-52. */
        {IR_H_fadd_d, D_ONE, D_2M53, 0, RNE, D_ONE, NX, "tie to even"},
        {IR_H_fadd_d, D_ONE, D_2M53, 0, RMM, D_ONE_ULP, NX, "tie away"},
        {IR_H_fadd_d, D_ONE, D_2M53, 0, RUP, D_ONE_ULP, NX, "tie up"},
        {IR_H_fadd_d, D_ONE, D_2M53, 0, RDN, D_ONE, NX, "tie down"},
        {IR_H_fadd_d, D_ONE, D_2M53, 0, RTZ, D_ONE, NX, "tie toward 0"},
        /* x - x is +0, except -0 when rounding down (IEEE 6.3). */
        {IR_H_fsub_s, S_ONE, S_ONE, 0, RNE, S_ZERO, 0, "x-x"},
        {IR_H_fsub_s, S_ONE, S_ONE, 0, RDN, S_NZERO, 0, "x-x down"},
        {IR_H_fsub_s, S_ONE, S_ONE, 0, RMM, S_ZERO, 0, "x-x rmm"},
        {IR_H_fsub_d, D_ONE, D_ONE, 0, RDN, D_NZERO, 0, "x-x down"},
        {IR_H_fsub_d, D_ONE, D_ONE, 0, RMM, D_ZERO, 0, "x-x rmm"},
        {IR_H_fsub_d, D_TWO, D_ONE, 0, RNE, D_ONE, 0, "2-1"},
        /* inf - inf is invalid. */
        {IR_H_fsub_s, S_INF, S_INF, 0, RNE, S_CNAN, NV, "inf-inf"},
        {IR_H_fadd_d, D_INF, D_NINF, 0, RNE, D_CNAN, NV, "inf-inf"},
        {IR_H_fadd_d, D_INF, D_NINF, 0, RMM, D_CNAN, NV, "inf-inf rmm"},
        {IR_H_fadd_s, S_INF, S_ONE, 0, RMM, S_INF, 0, "inf+1 exact"},
    };
    RUN(cases);
}

Test(ir_fp, mul_div_sqrt)
{
    static const struct fp_case cases[] = {
        /* 1/3 = 1.0101...b x 2^-2: the bits after the 23rd are 1010...,
         * above half an ulp. */
        {IR_H_fdiv_s, S_ONE, S_THREE, 0, RNE, 0x3eaaaaab, NX, "1/3"},
        {IR_H_fdiv_s, S_ONE, S_THREE, 0, RTZ, 0x3eaaaaaa, NX, "1/3"},
        {IR_H_fdiv_s, S_ONE, S_THREE, 0, RDN, 0x3eaaaaaa, NX, "1/3"},
        {IR_H_fdiv_s, S_ONE, S_THREE, 0, RUP, 0x3eaaaaab, NX, "1/3"},
        {IR_H_fdiv_s, S_ONE, S_THREE, 0, RMM, 0x3eaaaaab, NX, "1/3"},
        {IR_H_fdiv_s, S_NONE, S_THREE, 0, RDN, 0xbeaaaaab, NX, "-1/3 down"},
        {IR_H_fdiv_d, D_ONE, 0x4008000000000000, 0, RNE, 0x3fd5555555555555,
         NX, "1/3: bits after the 52nd are 0101..., below half"},
        {IR_H_fdiv_d, D_ONE, 0x4008000000000000, 0, RUP, 0x3fd5555555555556,
         NX, "1/3 up"},
        {IR_H_fdiv_d, D_ONE, 0x4008000000000000, 0, RMM, 0x3fd5555555555555,
         NX, "1/3 rmm"},
        /* Division by zero: DZ and a signed infinity; 0/0 is invalid. */
        {IR_H_fdiv_s, S_ONE, S_ZERO, 0, RNE, S_INF, DZ, "1/0"},
        {IR_H_fdiv_s, S_NONE, S_ZERO, 0, RNE, S_NINF, DZ, "-1/0"},
        {IR_H_fdiv_s, S_ONE, S_NZERO, 0, RMM, S_NINF, DZ, "1/-0"},
        {IR_H_fdiv_d, D_ONE, D_ZERO, 0, RNE, D_INF, DZ, "1/0"},
        {IR_H_fdiv_s, S_ZERO, S_ZERO, 0, RNE, S_CNAN, NV, "0/0"},
        {IR_H_fdiv_d, D_ZERO, D_ZERO, 0, RMM, D_CNAN, NV, "0/0"},
        /* sqrt(2) = 1.41421356237...; the float 0x3fb504f3 is
         * 1.4142135381... (below, nearest), the double ...3bcd is
         * 1.41421356237309514547... (above, nearest). */
        {IR_H_fsqrt_s, S_TWO, 0, 0, RNE, 0x3fb504f3, NX, "sqrt 2"},
        {IR_H_fsqrt_s, S_TWO, 0, 0, RUP, 0x3fb504f4, NX, "sqrt 2 up"},
        {IR_H_fsqrt_s, S_TWO, 0, 0, RMM, 0x3fb504f3, NX, "sqrt 2 rmm"},
        {IR_H_fsqrt_d, D_TWO, 0, 0, RNE, 0x3ff6a09e667f3bcd, NX, "sqrt 2"},
        {IR_H_fsqrt_d, D_TWO, 0, 0, RTZ, 0x3ff6a09e667f3bcc, NX, "sqrt 2"},
        {IR_H_fsqrt_d, D_TWO, 0, 0, RMM, 0x3ff6a09e667f3bcd, NX, "sqrt 2"},
        {IR_H_fsqrt_s, 0x40800000, 0, 0, RNE, S_TWO, 0, "sqrt 4 exact"},
        {IR_H_fsqrt_s, S_NZERO, 0, 0, RNE, S_NZERO, 0, "sqrt -0 = -0"},
        {IR_H_fsqrt_s, S_NONE, 0, 0, RNE, S_CNAN, NV, "sqrt -1"},
        {IR_H_fsqrt_d, D_NONE, 0, 0, RMM, D_CNAN, NV, "sqrt -1"},
        {IR_H_fsqrt_d, D_NINF, 0, 0, RNE, D_CNAN, NV, "sqrt -inf"},
        /* (1 - 2^-53)(1 + 2^-52) = 1 + 2^-53 - 2^-105: just below the
         * tie, so RMM must round down; only the exact tail says so. */
        {IR_H_fmul_d, D_ONE_MINUS, D_ONE_ULP, 0, RMM, D_ONE, NX,
         "below tie"},
        {IR_H_fmul_d, D_ONE_MINUS, D_ONE_ULP, 0, RNE, D_ONE, NX, "below tie"},
        {IR_H_fmul_d, D_ONE_MINUS, D_ONE_ULP, 0, RUP, D_ONE_ULP, NX,
         "below tie"},
        {IR_H_fmul_s, S_TWO, S_THREE, 0, RNE, 0x40c00000, 0, "2*3"},
        {IR_H_fmul_s, S_INF, S_ZERO, 0, RNE, S_CNAN, NV, "inf*0"},
    };
    RUN(cases);
}

Test(ir_fp, overflow_in_every_rounding_mode)
{
    static const struct fp_case cases[] = {
        /* MAX * 2 overflows: nearest modes give inf, the others the
         * largest finite value on the side they round toward. */
        {IR_H_fmul_s, S_MAX, S_TWO, 0, RNE, S_INF, OF | NX, "max*2"},
        {IR_H_fmul_s, S_MAX, S_TWO, 0, RMM, S_INF, OF | NX, "max*2"},
        {IR_H_fmul_s, S_MAX, S_TWO, 0, RTZ, S_MAX, OF | NX, "max*2"},
        {IR_H_fmul_s, S_MAX, S_TWO, 0, RDN, S_MAX, OF | NX, "max*2"},
        {IR_H_fmul_s, S_MAX, S_TWO, 0, RUP, S_INF, OF | NX, "max*2"},
        {IR_H_fmul_s, S_NMAX, S_TWO, 0, RDN, S_NINF, OF | NX, "-max*2"},
        {IR_H_fmul_s, S_NMAX, S_TWO, 0, RUP, S_NMAX, OF | NX, "-max*2"},
        {IR_H_fmul_s, S_NMAX, S_TWO, 0, RMM, S_NINF, OF | NX, "-max*2"},
        {IR_H_fmul_d, D_MAX, D_TWO, 0, RNE, D_INF, OF | NX, "max*2"},
        {IR_H_fmul_d, D_MAX, D_TWO, 0, RTZ, D_MAX, OF | NX, "max*2"},
        {IR_H_fmul_d, D_MAX, D_TWO, 0, RMM, D_INF, OF | NX, "max*2"},
        {IR_H_fmul_d, D_NMAX, D_TWO, 0, RMM, D_NINF, OF | NX, "-max*2"},
        {IR_H_fmul_d, D_NMAX, D_TWO, 0, RUP, D_NMAX, OF | NX, "-max*2"},
        {IR_H_fadd_d, D_MAX, D_MAX, 0, RDN, D_MAX, OF | NX, "max+max"},
    };
    RUN(cases);
}

Test(ir_fp, underflow_is_detected_after_rounding)
{
    static const struct fp_case cases[] = {
        /* Tiny but exact: no flags at all. */
        {IR_H_fmul_s, S_MIN_NORMAL, S_HALF, 0, RNE, 0x00400000, 0,
         "2^-127 exact"},
        {IR_H_fmul_d, D_MIN_NORMAL, D_HALF, 0, RMM, 0x0008000000000000, 0,
         "2^-1023 exact"},
        /* 2^-150 is halfway between 0 and the smallest subnormal. */
        {IR_H_fmul_s, S_MIN_SUB, S_HALF, 0, RNE, S_ZERO, UF | NX, "to 0"},
        {IR_H_fmul_s, S_MIN_SUB, S_HALF, 0, RMM, S_MIN_SUB, UF | NX, "away"},
        {IR_H_fmul_s, S_MIN_SUB, S_HALF, 0, RUP, S_MIN_SUB, UF | NX, "up"},
        {IR_H_fmul_s, S_MIN_SUB, S_HALF, 0, RTZ, S_ZERO, UF | NX, "to 0"},
        {IR_H_fmul_s, S_MIN_SUB | S_NZERO, S_HALF, 0, RDN,
         S_MIN_SUB | S_NZERO, UF | NX, "-2^-150 down"},
        {IR_H_fmul_s, S_MIN_SUB | S_NZERO, S_HALF, 0, RNE, S_NZERO, UF | NX,
         "-2^-150 to -0"},
        {IR_H_fmul_d, D_MIN_SUB, D_HALF, 0, RNE, D_ZERO, UF | NX, "to 0"},
        {IR_H_fmul_d, D_MIN_SUB, D_HALF, 0, RMM, D_MIN_SUB, UF | NX, "away"},
        /* (1 + 2^-23)(2^-126 - 2^-149) = 2^-126 - 2^-172. Rounded to 24
         * bits with unbounded exponent it is 2^-126 in the nearest and
         * upward modes: not tiny after rounding, so only NX (tininess
         * before rounding would also raise UF). Toward zero it stays
         * below 2^-126: tiny and inexact. */
        {IR_H_fmul_s, S_ONE_ULP, S_MAX_SUB, 0, RNE, S_MIN_NORMAL, NX,
         "after rounding"},
        {IR_H_fmul_s, S_ONE_ULP, S_MAX_SUB, 0, RMM, S_MIN_NORMAL, NX,
         "after rounding"},
        {IR_H_fmul_s, S_ONE_ULP, S_MAX_SUB, 0, RUP, S_MIN_NORMAL, NX,
         "after rounding"},
        {IR_H_fmul_s, S_ONE_ULP, S_MAX_SUB, 0, RTZ, S_MAX_SUB, UF | NX,
         "tiny toward 0"},
        /* The same in double: (1 + 2^-52)(2^-1022 - 2^-1074). */
        {IR_H_fmul_d, D_ONE_ULP, D_MAX_SUB, 0, RNE, D_MIN_NORMAL, NX,
         "after rounding"},
        {IR_H_fmul_d, D_ONE_ULP, D_MAX_SUB, 0, RMM, D_MIN_NORMAL, NX,
         "after rounding"},
        {IR_H_fmul_d, D_ONE_ULP, D_MAX_SUB, 0, RDN, D_MAX_SUB, UF | NX,
         "tiny down"},
        /* Subnormal rounding: 2^-149 * 1.5 = 1.5 subnormal ulps. */
        {IR_H_fmul_s, S_MIN_SUB, 0x3fc00000, 0, RNE, 0x00000002, UF | NX,
         "1.5 ulp tie to even"},
        {IR_H_fmul_s, S_MIN_SUB, 0x3fc00000, 0, RTZ, 0x00000001, UF | NX,
         "1.5 ulp toward 0"},
    };
    RUN(cases);
}

Test(ir_fp, nan_results_are_canonical)
{
    static const struct fp_case cases[] = {
        /* A quiet NaN operand gives the canonical NaN, quietly. */
        {IR_H_fadd_s, S_QNAN_PAY, S_ONE, 0, RNE, S_CNAN, 0, "qNaN payload"},
        {IR_H_fmul_s, S_ONE, S_NQNAN, 0, RMM, S_CNAN, 0, "negative qNaN"},
        {IR_H_fadd_d, D_QNAN_PAY, D_ONE, 0, RNE, D_CNAN, 0, "qNaN payload"},
        {IR_H_fdiv_d, D_NQNAN, D_ONE, 0, RTZ, D_CNAN, 0, "negative qNaN"},
        {IR_H_fsqrt_d, D_QNAN_PAY, 0, 0, RNE, D_CNAN, 0, "sqrt qNaN"},
        /* A signalling NaN operand is invalid. */
        {IR_H_fadd_s, S_SNAN, S_ONE, 0, RNE, S_CNAN, NV, "sNaN"},
        {IR_H_fsub_s, S_ONE, S_SNAN, 0, RMM, S_CNAN, NV, "sNaN rmm"},
        {IR_H_fmul_d, D_SNAN, D_ONE, 0, RNE, D_CNAN, NV, "sNaN"},
        {IR_H_fdiv_d, D_ONE, D_SNAN, 0, RMM, D_CNAN, NV, "sNaN rmm"},
        {IR_H_fsqrt_s, S_SNAN, 0, 0, RNE, S_CNAN, NV, "sqrt sNaN"},
        /* Single operands are the low 32 bits (already un-NaN-boxed);
         * results are zero-extended. */
        {IR_H_fadd_s, 0xffffffff00000000ull | S_ONE,
         0x1234567800000000ull | S_TWO, 0, RNE, S_THREE, 0, "high bits"},
        {IR_H_fmul_s, 0xffffffff00000000ull | S_NONE, S_TWO, 0, RNE,
         0xc0000000, 0, "zero-extended negative"},
    };
    RUN(cases);
}

Test(ir_fp, fused_multiply_add_rounds_once)
{
    /* a = 1 + 2^-12, b = 1 - 2^-12: a*b = 1 - 2^-24 exactly, which a
     * separate multiply would round to 1.0. */
    const uint64_t sa = 0x3f800800, sb = 0x3f7ff000;
    /* a = 1 + 2^-30, b = 1 - 2^-30: a*b = 1 - 2^-60. */
    const uint64_t da = 0x3ff0000000400000, db = 0x3fefffffff800000;
    const struct fp_case cases[] = {
        {IR_H_fmadd_s, sa, sb, S_NONE, RNE, 0xb3800000, 0, "a*b-1 = -2^-24"},
        {IR_H_fmsub_s, sa, sb, S_ONE, RNE, 0xb3800000, 0, "a*b-1 = -2^-24"},
        {IR_H_fnmsub_s, sa, sb, S_ONE, RNE, S_2M24, 0, "-(a*b)+1 = 2^-24"},
        {IR_H_fnmadd_s, sa, sb, S_NONE, RNE, S_2M24, 0, "-(a*b)+1 = 2^-24"},
        /* -(a*b) - 1 = -(2 - 2^-24): halfway between -(2 - 2^-23) (odd)
         * and -2 (even). */
        {IR_H_fnmadd_s, sa, sb, S_ONE, RNE, 0xc0000000, NX, "tie to even"},
        {IR_H_fnmadd_s, sa, sb, S_ONE, RMM, 0xc0000000, NX, "tie away"},
        {IR_H_fnmadd_s, sa, sb, S_ONE, RTZ, 0xbfffffff, NX, "toward 0"},
        {IR_H_fnmadd_s, sa, sb, S_ONE, RUP, 0xbfffffff, NX, "up"},
        {IR_H_fmadd_d, da, db, D_NONE, RNE, 0xbc30000000000000, 0,
         "a*b-1 = -2^-60"},
        {IR_H_fmsub_d, da, db, D_ONE, RMM, 0xbc30000000000000, 0,
         "a*b-1 = -2^-60"},
        {IR_H_fnmsub_d, da, db, D_ONE, RNE, 0x3c30000000000000, 0,
         "-(a*b)+1 = 2^-60"},
        {IR_H_fnmadd_d, da, db, D_NONE, RDN, 0x3c30000000000000, 0,
         "-(a*b)+1 = 2^-60"},
        /* 1*1 + half an ulp: a tie decided by the mode. */
        {IR_H_fmadd_s, S_ONE, S_ONE, S_2M24, RNE, S_ONE, NX, "tie even"},
        {IR_H_fmadd_s, S_ONE, S_ONE, S_2M24, RMM, S_ONE_ULP, NX, "tie away"},
        {IR_H_fmadd_d, D_ONE, D_ONE, D_2M53, RMM, D_ONE_ULP, NX, "tie away"},
        /* (1 - 2^-53)(1 + 2^-52) = 1 + 2^-53 - 2^-105: adding 2^-105
         * lands exactly on the tie, adding 2^-106 stays below it. */
        {IR_H_fmadd_d, D_ONE_MINUS, D_ONE_ULP, D_2M105, RMM, D_ONE_ULP, NX,
         "exact tie away"},
        {IR_H_fmadd_d, D_ONE_MINUS, D_ONE_ULP, D_2M105, RNE, D_ONE, NX,
         "exact tie even"},
        {IR_H_fmadd_d, D_ONE_MINUS, D_ONE_ULP, D_2M106, RMM, D_ONE, NX,
         "just below tie"},
        /* Zero signs: -(0*1) - (-0) = -0 + +0, which is -0 only when
         * rounding down. */
        {IR_H_fnmadd_s, S_ZERO, S_ONE, S_NZERO, RNE, S_ZERO, 0, "+0"},
        {IR_H_fnmadd_s, S_ZERO, S_ONE, S_NZERO, RDN, S_NZERO, 0, "-0"},
        {IR_H_fmadd_d, D_ZERO, D_ONE, D_NZERO, RDN, D_NZERO, 0, "-0"},
        {IR_H_fmadd_d, D_ZERO, D_ONE, D_NZERO, RMM, D_ZERO, 0, "+0"},
        /* inf * 0 is invalid even with a quiet NaN addend (RISC-V). */
        {IR_H_fmadd_s, S_INF, S_ZERO, S_CNAN, RNE, S_CNAN, NV, "inf*0+qNaN"},
        {IR_H_fmadd_s, S_ZERO, S_NINF, S_QNAN_PAY, RMM, S_CNAN, NV,
         "0*-inf+qNaN"},
        {IR_H_fnmsub_d, D_INF, D_ZERO, D_QNAN_PAY, RNE, D_CNAN, NV,
         "inf*0+qNaN"},
        {IR_H_fmadd_d, D_INF, D_ZERO, D_ONE, RNE, D_CNAN, NV, "inf*0+1"},
        {IR_H_fmadd_d, D_INF, D_ONE, D_NINF, RNE, D_CNAN, NV, "inf-inf"},
        {IR_H_fmsub_s, S_INF, S_ONE, S_INF, RNE, S_CNAN, NV, "inf-inf"},
        {IR_H_fmadd_s, S_ONE, S_ONE, S_QNAN_PAY, RNE, S_CNAN, 0, "1+qNaN"},
        {IR_H_fmadd_d, D_ONE, D_ONE, D_SNAN, RNE, D_CNAN, NV, "1+sNaN"},
        {IR_H_fmadd_s, S_MAX, S_TWO, S_NMAX, RNE, S_MAX, 0,
         "2max-max exact"},
    };
    RUN(cases);
}

Test(ir_fp, min_max_are_minimum_number)
{
    static const struct fp_case cases[] = {
        {IR_H_fmin_s, S_ONE, S_TWO, 0, RNE, S_ONE, 0, "min"},
        {IR_H_fmax_s, S_ONE, S_TWO, 0, RNE, S_TWO, 0, "max"},
        {IR_H_fmin_s, S_NONE, S_ONE, 0, RNE, S_NONE, 0, "min neg"},
        /* -0 < +0 in either operand order. */
        {IR_H_fmin_s, S_NZERO, S_ZERO, 0, RNE, S_NZERO, 0, "min(-0,+0)"},
        {IR_H_fmin_s, S_ZERO, S_NZERO, 0, RNE, S_NZERO, 0, "min(+0,-0)"},
        {IR_H_fmax_s, S_NZERO, S_ZERO, 0, RNE, S_ZERO, 0, "max(-0,+0)"},
        {IR_H_fmax_s, S_ZERO, S_NZERO, 0, RNE, S_ZERO, 0, "max(+0,-0)"},
        {IR_H_fmin_d, D_ZERO, D_NZERO, 0, RNE, D_NZERO, 0, "min(+0,-0)"},
        {IR_H_fmax_d, D_NZERO, D_ZERO, 0, RNE, D_ZERO, 0, "max(-0,+0)"},
        /* One NaN: the other operand; quiet NaNs raise nothing. */
        {IR_H_fmin_s, S_QNAN_PAY, S_ONE, 0, RNE, S_ONE, 0, "min(qNaN,1)"},
        {IR_H_fmax_s, S_ONE, S_QNAN_PAY, 0, RNE, S_ONE, 0, "max(1,qNaN)"},
        {IR_H_fmax_d, D_NINF, D_QNAN_PAY, 0, RNE, D_NINF, 0,
         "max(-inf,qNaN)"},
        /* A signalling NaN still yields the other operand, with NV. */
        {IR_H_fmin_s, S_SNAN, S_ONE, 0, RNE, S_ONE, NV, "min(sNaN,1)"},
        {IR_H_fmax_d, D_TWO, D_SNAN, 0, RNE, D_TWO, NV, "max(2,sNaN)"},
        /* Two NaNs: the canonical NaN. */
        {IR_H_fmin_s, S_QNAN_PAY, S_NQNAN, 0, RNE, S_CNAN, 0, "two qNaNs"},
        {IR_H_fmax_s, S_QNAN_PAY, S_SNAN, 0, RNE, S_CNAN, NV, "qNaN, sNaN"},
        {IR_H_fmin_d, D_SNAN, D_QNAN_PAY, 0, RNE, D_CNAN, NV, "sNaN, qNaN"},
        {IR_H_fmin_d, D_NONE, 0xc000000000000000, 0, RNE,
         0xc000000000000000, 0, "min(-1,-2)"},
        {IR_H_fmax_d, D_INF, D_MAX, 0, RNE, D_INF, 0, "max(inf,max)"},
    };
    RUN(cases);
}

Test(ir_fp, comparisons_quiet_and_signalling)
{
    static const struct fp_case cases[] = {
        {IR_H_feq_s, S_ONE, S_ONE, 0, RNE, 1, 0, "1==1"},
        {IR_H_feq_s, S_ONE, S_TWO, 0, RNE, 0, 0, "1==2"},
        {IR_H_feq_s, S_NZERO, S_ZERO, 0, RNE, 1, 0, "-0==+0"},
        /* feq is quiet: only a signalling NaN raises NV. */
        {IR_H_feq_s, S_QNAN_PAY, S_ONE, 0, RNE, 0, 0, "feq qNaN"},
        {IR_H_feq_s, S_CNAN, S_CNAN, 0, RNE, 0, 0, "NaN != NaN"},
        {IR_H_feq_s, S_ONE, S_SNAN, 0, RNE, 0, NV, "feq sNaN"},
        {IR_H_feq_d, D_QNAN_PAY, D_ONE, 0, RNE, 0, 0, "feq qNaN"},
        {IR_H_feq_d, D_SNAN, D_SNAN, 0, RNE, 0, NV, "feq sNaN"},
        {IR_H_feq_d, D_ONE, D_ONE, 0, RNE, 1, 0, "1==1"},
        /* flt and fle signal on any NaN. */
        {IR_H_flt_s, S_ONE, S_TWO, 0, RNE, 1, 0, "1<2"},
        {IR_H_flt_s, S_TWO, S_ONE, 0, RNE, 0, 0, "2<1"},
        {IR_H_flt_s, S_ONE, S_ONE, 0, RNE, 0, 0, "1<1"},
        {IR_H_flt_s, S_NZERO, S_ZERO, 0, RNE, 0, 0, "-0<+0"},
        {IR_H_flt_s, S_QNAN_PAY, S_ONE, 0, RNE, 0, NV, "flt qNaN"},
        {IR_H_flt_s, S_SNAN, S_ONE, 0, RNE, 0, NV, "flt sNaN"},
        {IR_H_fle_s, S_NZERO, S_ZERO, 0, RNE, 1, 0, "-0<=+0"},
        {IR_H_fle_s, S_ONE, S_ONE, 0, RNE, 1, 0, "1<=1"},
        {IR_H_fle_s, S_TWO, S_ONE, 0, RNE, 0, 0, "2<=1"},
        {IR_H_fle_s, S_ONE, S_CNAN, 0, RNE, 0, NV, "fle qNaN"},
        {IR_H_flt_d, D_NINF, D_NMAX, 0, RNE, 1, 0, "-inf<-max"},
        {IR_H_flt_d, D_ONE, D_QNAN_PAY, 0, RNE, 0, NV, "flt qNaN"},
        {IR_H_fle_d, D_ONE, D_TWO, 0, RNE, 1, 0, "1<=2"},
        {IR_H_fle_d, D_NQNAN, D_NQNAN, 0, RNE, 0, NV, "fle qNaN"},
        {IR_H_fle_d, D_TWO, D_ONE, 0, RNE, 0, 0, "2<=1"},
    };
    RUN(cases);
}

Test(ir_fp, fclass_sets_one_of_ten_bits)
{
    static const struct fp_case cases[] = {
        {IR_H_fclass_s, S_NINF, 0, 0, 0, 1 << 0, 0, "-inf"},
        {IR_H_fclass_s, S_NONE, 0, 0, 0, 1 << 1, 0, "-normal"},
        {IR_H_fclass_s, S_MAX_SUB | S_NZERO, 0, 0, 0, 1 << 2, 0, "-subnormal"},
        {IR_H_fclass_s, S_NZERO, 0, 0, 0, 1 << 3, 0, "-0"},
        {IR_H_fclass_s, S_ZERO, 0, 0, 0, 1 << 4, 0, "+0"},
        {IR_H_fclass_s, S_MIN_SUB, 0, 0, 0, 1 << 5, 0, "+subnormal"},
        {IR_H_fclass_s, S_MIN_NORMAL, 0, 0, 0, 1 << 6, 0, "+normal"},
        {IR_H_fclass_s, S_INF, 0, 0, 0, 1 << 7, 0, "+inf"},
        {IR_H_fclass_s, S_SNAN, 0, 0, 0, 1 << 8, 0, "sNaN"},
        {IR_H_fclass_s, 0xff800001, 0, 0, 0, 1 << 8, 0, "-sNaN"},
        {IR_H_fclass_s, S_CNAN, 0, 0, 0, 1 << 9, 0, "qNaN"},
        {IR_H_fclass_s, S_NQNAN, 0, 0, 0, 1 << 9, 0, "-qNaN"},
        {IR_H_fclass_d, D_NINF, 0, 0, 0, 1 << 0, 0, "-inf"},
        {IR_H_fclass_d, D_NMAX, 0, 0, 0, 1 << 1, 0, "-normal"},
        {IR_H_fclass_d, D_MIN_SUB | D_NZERO, 0, 0, 0, 1 << 2, 0,
         "-subnormal"},
        {IR_H_fclass_d, D_NZERO, 0, 0, 0, 1 << 3, 0, "-0"},
        {IR_H_fclass_d, D_ZERO, 0, 0, 0, 1 << 4, 0, "+0"},
        {IR_H_fclass_d, D_MAX_SUB, 0, 0, 0, 1 << 5, 0, "+subnormal"},
        {IR_H_fclass_d, D_ONE, 0, 0, 0, 1 << 6, 0, "+normal"},
        {IR_H_fclass_d, D_INF, 0, 0, 0, 1 << 7, 0, "+inf"},
        {IR_H_fclass_d, D_SNAN, 0, 0, 0, 1 << 8, 0, "sNaN"},
        {IR_H_fclass_d, D_QNAN_PAY, 0, 0, 0, 1 << 9, 0, "qNaN"},
    };
    RUN(cases);
}

Test(ir_fp, float_to_int_rounds_per_mode)
{
    static const struct fp_case cases[] = {
        /* 2.5 and -2.5: ties; results are sign-extended 32-bit values. */
        {IR_H_fcvt_w_s, S_2P5, 0, 0, RNE, 2, NX, "2.5 even"},
        {IR_H_fcvt_w_s, S_2P5, 0, 0, RTZ, 2, NX, "2.5 toward 0"},
        {IR_H_fcvt_w_s, S_2P5, 0, 0, RDN, 2, NX, "2.5 down"},
        {IR_H_fcvt_w_s, S_2P5, 0, 0, RUP, 3, NX, "2.5 up"},
        {IR_H_fcvt_w_s, S_2P5, 0, 0, RMM, 3, NX, "2.5 away"},
        {IR_H_fcvt_w_s, S_N2P5, 0, 0, RNE, (uint64_t)-2, NX, "-2.5 even"},
        {IR_H_fcvt_w_s, S_N2P5, 0, 0, RTZ, (uint64_t)-2, NX, "-2.5 to 0"},
        {IR_H_fcvt_w_s, S_N2P5, 0, 0, RDN, (uint64_t)-3, NX, "-2.5 down"},
        {IR_H_fcvt_w_s, S_N2P5, 0, 0, RUP, (uint64_t)-2, NX, "-2.5 up"},
        {IR_H_fcvt_w_s, S_N2P5, 0, 0, RMM, (uint64_t)-3, NX, "-2.5 away"},
        {IR_H_fcvt_l_d, D_2P5, 0, 0, RMM, 3, NX, "2.5 away"},
        {IR_H_fcvt_l_d, D_N2P5, 0, 0, RNE, (uint64_t)-2, NX, "-2.5 even"},
        {IR_H_fcvt_l_s, S_HALF, 0, 0, RNE, 0, NX, "0.5 even"},
        {IR_H_fcvt_l_s, S_HALF, 0, 0, RMM, 1, NX, "0.5 away"},
        {IR_H_fcvt_lu_d, D_HALF, 0, 0, RUP, 1, NX, "0.5 up"},
        {IR_H_fcvt_w_d, 0x4004000000000000, 0, 0, RNE, 2, NX, "2.5"},
        {IR_H_fcvt_w_s, S_THREE, 0, 0, RNE, 3, 0, "exact 3"},
        {IR_H_fcvt_w_s, S_NZERO, 0, 0, RNE, 0, 0, "-0"},
    };
    RUN(cases);
}

Test(ir_fp, float_to_int_saturates)
{
    static const struct fp_case cases[] = {
        /* fcvt.w: NaN and too large -> 2^31-1, too small -> -2^31 (sign
         * extended); out of range sets NV only, never NX. */
        {IR_H_fcvt_w_s, S_CNAN, 0, 0, RNE, 0x7fffffff, NV, "NaN"},
        {IR_H_fcvt_w_s, S_NQNAN, 0, 0, RNE, 0x7fffffff, NV, "-NaN"},
        {IR_H_fcvt_w_s, S_INF, 0, 0, RNE, 0x7fffffff, NV, "+inf"},
        {IR_H_fcvt_w_s, S_NINF, 0, 0, RNE, 0xffffffff80000000, NV, "-inf"},
        {IR_H_fcvt_w_s, 0x4f000000, 0, 0, RNE, 0x7fffffff, NV, "2^31"},
        {IR_H_fcvt_w_s, 0xcf000000, 0, 0, RNE, 0xffffffff80000000, 0,
         "-2^31 fits"},
        {IR_H_fcvt_w_d, 0xc1e0000000200000, 0, 0, RNE, 0xffffffff80000000,
         NV, "-2^31-1"},
        /* -2^31 - 0.5: in range only if it rounds toward zero or even. */
        {IR_H_fcvt_w_d, 0xc1e0000000100000, 0, 0, RNE, 0xffffffff80000000,
         NX, "-2^31-0.5 even"},
        {IR_H_fcvt_w_d, 0xc1e0000000100000, 0, 0, RTZ, 0xffffffff80000000,
         NX, "-2^31-0.5 toward 0"},
        {IR_H_fcvt_w_d, 0xc1e0000000100000, 0, 0, RMM, 0xffffffff80000000,
         NV, "-2^31-0.5 away: out of range"},
        {IR_H_fcvt_w_d, 0xc1e0000000100000, 0, 0, RDN, 0xffffffff80000000,
         NV, "-2^31-0.5 down: out of range"},
        /* 2^31 - 0.5 rounds to even 2^31: out of range. */
        {IR_H_fcvt_w_d, 0x41dfffffffe00000, 0, 0, RNE, 0x7fffffff, NV,
         "2^31-0.5 even"},
        {IR_H_fcvt_w_d, 0x41dfffffffe00000, 0, 0, RTZ, 0x7fffffff, NX,
         "2^31-0.5 toward 0"},
        /* fcvt.wu: negative -> 0, NaN and too large -> 2^32-1, and the
         * 32-bit result is sign-extended (yes, even unsigned). */
        {IR_H_fcvt_wu_s, S_CNAN, 0, 0, RNE, 0xffffffffffffffff, NV, "NaN"},
        {IR_H_fcvt_wu_s, S_NONE, 0, 0, RNE, 0, NV, "-1"},
        {IR_H_fcvt_wu_s, S_NINF, 0, 0, RNE, 0, NV, "-inf"},
        {IR_H_fcvt_wu_s, S_NHALF, 0, 0, RNE, 0, NX, "-0.5 even -> -0"},
        {IR_H_fcvt_wu_s, S_NHALF, 0, 0, RTZ, 0, NX, "-0.5 toward 0"},
        {IR_H_fcvt_wu_s, S_NHALF, 0, 0, RUP, 0, NX, "-0.5 up -> -0"},
        {IR_H_fcvt_wu_s, S_NHALF, 0, 0, RDN, 0, NV, "-0.5 down -> -1"},
        {IR_H_fcvt_wu_s, S_NHALF, 0, 0, RMM, 0, NV, "-0.5 away -> -1"},
        {IR_H_fcvt_wu_d, 0x41e65a0bc0000000, 0, 0, RNE, 0xffffffffb2d05e00,
         0, "3e9 sign-extended"},
        {IR_H_fcvt_wu_d, 0x41efffffffe00000, 0, 0, RNE, 0xffffffffffffffff,
         0, "2^32-1 fits"},
        {IR_H_fcvt_wu_d, 0x41f0000000000000, 0, 0, RNE, 0xffffffffffffffff,
         NV, "2^32"},
        {IR_H_fcvt_wu_d, D_INF, 0, 0, RNE, 0xffffffffffffffff, NV, "+inf"},
        /* fcvt.l: 2^63 is out, -2^63 is in. */
        {IR_H_fcvt_l_d, 0x43e0000000000000, 0, 0, RNE, 0x7fffffffffffffff,
         NV, "2^63"},
        {IR_H_fcvt_l_d, 0xc3e0000000000000, 0, 0, RNE, 0x8000000000000000,
         0, "-2^63 fits"},
        {IR_H_fcvt_l_d, 0xc3e0000000000001, 0, 0, RNE, 0x8000000000000000,
         NV, "below -2^63"},
        {IR_H_fcvt_l_d, 0x43dfffffffffffff, 0, 0, RNE, 0x7ffffffffffffc00,
         0, "2^63-1024 fits"},
        {IR_H_fcvt_l_d, D_SNAN, 0, 0, RNE, 0x7fffffffffffffff, NV, "sNaN"},
        {IR_H_fcvt_l_s, S_NINF, 0, 0, RNE, 0x8000000000000000, NV, "-inf"},
        {IR_H_fcvt_l_s, 0x5f000000, 0, 0, RNE, 0x7fffffffffffffff, NV,
         "2^63"},
        {IR_H_fcvt_l_s, S_NQNAN, 0, 0, RNE, 0x7fffffffffffffff, NV, "NaN"},
        /* fcvt.lu: [0, 2^64). */
        {IR_H_fcvt_lu_d, 0x43f0000000000000, 0, 0, RNE, 0xffffffffffffffff,
         NV, "2^64"},
        {IR_H_fcvt_lu_d, 0x43efffffffffffff, 0, 0, RNE, 0xfffffffffffff800,
         0, "2^64-2048 fits"},
        {IR_H_fcvt_lu_d, D_NZERO, 0, 0, RNE, 0, 0, "-0"},
        {IR_H_fcvt_lu_d, D_NONE, 0, 0, RNE, 0, NV, "-1"},
        {IR_H_fcvt_lu_d, D_CNAN, 0, 0, RNE, 0xffffffffffffffff, NV, "NaN"},
        {IR_H_fcvt_lu_s, S_NHALF, 0, 0, RNE, 0, NX, "-0.5 even -> -0"},
        {IR_H_fcvt_lu_s, S_INF, 0, 0, RNE, 0xffffffffffffffff, NV, "+inf"},
        {IR_H_fcvt_lu_s, S_NINF, 0, 0, RNE, 0, NV, "-inf"},
        {IR_H_fcvt_lu_s, 0x5f7fffff, 0, 0, RNE, 0xffffff0000000000, 0,
         "largest float below 2^64"},
    };
    RUN(cases);
}

Test(ir_fp, int_to_float_rounds_per_mode)
{
    static const struct fp_case cases[] = {
        {IR_H_fcvt_s_w, 0, 0, 0, RNE, S_ZERO, 0, "0 is +0"},
        {IR_H_fcvt_s_w, 0xffffffff, 0, 0, RNE, S_NONE, 0, "-1"},
        /* Only the low 32 bits are the operand. */
        {IR_H_fcvt_s_w, 0x1234567800000001, 0, 0, RNE, S_ONE, 0, "low 32"},
        {IR_H_fcvt_s_wu, 0xffffffff00000003, 0, 0, RNE, S_THREE, 0, "low 32"},
        /* 2^24 + 1 is halfway between 2^24 and 2^24 + 2. */
        {IR_H_fcvt_s_w, 0x01000001, 0, 0, RNE, 0x4b800000, NX, "tie even"},
        {IR_H_fcvt_s_w, 0x01000001, 0, 0, RMM, 0x4b800001, NX, "tie away"},
        {IR_H_fcvt_s_w, 0x01000001, 0, 0, RUP, 0x4b800001, NX, "tie up"},
        {IR_H_fcvt_s_w, (uint32_t)-0x01000001, 0, 0, RMM, 0xcb800001, NX,
         "-tie away"},
        {IR_H_fcvt_s_w, (uint32_t)-0x01000001, 0, 0, RUP, 0xcb800000, NX,
         "-tie up"},
        /* 2^32 - 1 is nearer 2^32 than 2^32 - 256. */
        {IR_H_fcvt_s_wu, 0xffffffff, 0, 0, RNE, 0x4f800000, NX, "2^32-1"},
        {IR_H_fcvt_s_wu, 0xffffffff, 0, 0, RTZ, 0x4f7fffff, NX, "2^32-1"},
        {IR_H_fcvt_s_l, 0x8000000000000000, 0, 0, RNE, 0xdf000000, 0,
         "-2^63 exact"},
        {IR_H_fcvt_s_lu, 0xffffffffffffffff, 0, 0, RNE, 0x5f800000, NX,
         "2^64-1"},
        {IR_H_fcvt_s_lu, 0xffffffffffffffff, 0, 0, RTZ, 0x5f7fffff, NX,
         "2^64-1"},
        {IR_H_fcvt_s_lu, 0xffffffffffffffff, 0, 0, RMM, 0x5f800000, NX,
         "2^64-1"},
        /* 2^53 + 1 is halfway between 2^53 and 2^53 + 2. */
        {IR_H_fcvt_d_l, 0x0020000000000001, 0, 0, RNE, 0x4340000000000000,
         NX, "tie even"},
        {IR_H_fcvt_d_l, 0x0020000000000001, 0, 0, RMM, 0x4340000000000001,
         NX, "tie away"},
        {IR_H_fcvt_d_l, 0x0020000000000001, 0, 0, RDN, 0x4340000000000000,
         NX, "tie down"},
        {IR_H_fcvt_d_l, (uint64_t)-1, 0, 0, RNE, D_NONE, 0, "-1"},
        {IR_H_fcvt_d_lu, 0xffffffffffffffff, 0, 0, RNE, 0x43f0000000000000,
         NX, "2^64-1"},
        {IR_H_fcvt_d_lu, 0xffffffffffffffff, 0, 0, RTZ, 0x43efffffffffffff,
         NX, "2^64-1"},
        {IR_H_fcvt_d_w, 0x80000000, 0, 0, RNE, 0xc1e0000000000000, 0,
         "-2^31"},
        {IR_H_fcvt_d_wu, 0xffffffff, 0, 0, RNE, 0x41efffffffe00000, 0,
         "2^32-1 exact"},
        {IR_H_fcvt_d_wu, 0, 0, 0, RDN, D_ZERO, 0, "0 is +0 even down"},
    };
    RUN(cases);
}

Test(ir_fp, single_double_conversions)
{
    static const struct fp_case cases[] = {
        /* NaNs become the canonical NaN; only signalling ones are NV. */
        {IR_H_fcvt_s_d, D_QNAN_PAY, 0, 0, RNE, S_CNAN, 0, "qNaN"},
        {IR_H_fcvt_s_d, D_SNAN, 0, 0, RNE, S_CNAN, NV, "sNaN"},
        {IR_H_fcvt_d_s, S_NQNAN, 0, 0, RNE, D_CNAN, 0, "-qNaN"},
        {IR_H_fcvt_d_s, S_SNAN, 0, 0, RNE, D_CNAN, NV, "sNaN"},
        /* Widening is exact, subnormals included. */
        {IR_H_fcvt_d_s, S_MIN_SUB, 0, 0, RNE, 0x36a0000000000000, 0,
         "2^-149"},
        {IR_H_fcvt_d_s, S_NZERO, 0, 0, RNE, D_NZERO, 0, "-0"},
        {IR_H_fcvt_d_s, S_NINF, 0, 0, RNE, D_NINF, 0, "-inf"},
        {IR_H_fcvt_d_s, 0x3fc00000, 0, 0, RNE, 0x3ff8000000000000, 0, "1.5"},
        {IR_H_fcvt_d_s, S_MAX, 0, 0, RNE, 0x47efffffe0000000, 0, "max"},
        /* Narrowing: 2^200 overflows. */
        {IR_H_fcvt_s_d, 0x4c70000000000000, 0, 0, RNE, S_INF, OF | NX,
         "2^200"},
        {IR_H_fcvt_s_d, 0x4c70000000000000, 0, 0, RTZ, S_MAX, OF | NX,
         "2^200"},
        {IR_H_fcvt_s_d, 0xcc70000000000000, 0, 0, RUP, S_NMAX, OF | NX,
         "-2^200"},
        {IR_H_fcvt_s_d, 0xcc70000000000000, 0, 0, RDN, S_NINF, OF | NX,
         "-2^200"},
        /* 1 + 2^-24 is halfway between 1 and 1 + 2^-23. */
        {IR_H_fcvt_s_d, 0x3ff0000010000000, 0, 0, RNE, S_ONE, NX, "tie"},
        {IR_H_fcvt_s_d, 0x3ff0000010000000, 0, 0, RMM, S_ONE_ULP, NX, "tie"},
        {IR_H_fcvt_s_d, 0x3ff0000010000000, 0, 0, RUP, S_ONE_ULP, NX, "tie"},
        /* 2^-150: halfway between 0 and the smallest subnormal. */
        {IR_H_fcvt_s_d, 0x3690000000000000, 0, 0, RNE, S_ZERO, UF | NX,
         "2^-150"},
        {IR_H_fcvt_s_d, 0x3690000000000000, 0, 0, RMM, S_MIN_SUB, UF | NX,
         "2^-150"},
        {IR_H_fcvt_s_d, 0x36a0000000000000, 0, 0, RNE, S_MIN_SUB, 0,
         "2^-149 exact: no UF"},
        /* 2^-126 - 2^-179 rounds (unbounded) to 2^-126 to nearest: not
         * tiny; toward zero it is tiny. */
        {IR_H_fcvt_s_d, 0x380fffffffffffff, 0, 0, RNE, S_MIN_NORMAL, NX,
         "not tiny after rounding"},
        {IR_H_fcvt_s_d, 0x380fffffffffffff, 0, 0, RTZ, S_MAX_SUB, UF | NX,
         "tiny"},
        {IR_H_fcvt_s_d, D_NZERO, 0, 0, RNE, S_NZERO, 0, "-0"},
        {IR_H_fcvt_s_d, D_NINF, 0, 0, RNE, S_NINF, 0, "-inf"},
        {IR_H_fcvt_s_d, 0x3ff8000000000000, 0, 0, RNE, 0x3fc00000, 0, "1.5"},
    };
    RUN(cases);
}

Test(ir_fp, dynamic_rounding_mode_reads_frm)
{
    struct ir_ctx ctx = {.frm = RMM};
    cr_expect_eq(ir_helper_fadd_s(&ctx, S_ONE, S_2M24, 0, IR_RM_DYN),
                 S_ONE_ULP, "DYN with frm=RMM: tie away");
    ctx.frm = RNE;
    cr_expect_eq(ir_helper_fadd_s(&ctx, S_ONE, S_2M24, 0, IR_RM_DYN), S_ONE,
                 "DYN with frm=RNE: tie to even");
    ctx.frm = RUP;
    cr_expect_eq(ir_helper_fcvt_w_s(&ctx, S_2P5, 0, 0, IR_RM_DYN), 3);
    cr_expect_eq(ir_helper_fcvt_d_l(&ctx, 0x0020000000000001, 0, 0,
                                    IR_RM_DYN),
                 0x4340000000000001);
    /* A static mode ignores frm. */
    cr_expect_eq(ir_helper_fadd_s(&ctx, S_ONE, S_2M24, 0, RNE), S_ONE);
}

Test(ir_fp, flags_accumulate)
{
    struct ir_ctx ctx = {.fflags = DZ};
    ir_helper_fadd_s(&ctx, S_ONE, S_2M24, 0, RNE);
    cr_expect_eq(ctx.fflags, DZ | NX, "sticky: DZ kept, NX added");
    ir_helper_fadd_d(&ctx, D_ONE, D_ONE, 0, RNE);
    cr_expect_eq(ctx.fflags, DZ | NX, "an exact op clears nothing");
    ir_helper_feq_d(&ctx, D_SNAN, D_ONE, 0, 0);
    cr_expect_eq(ctx.fflags, DZ | NX | NV);
}

Test(ir_fp, host_rounding_mode_is_preserved)
{
    /* The helpers must neither depend on nor leak the host's mode. */
    cr_assert_eq(fesetround(FE_UPWARD), 0);
    struct ir_ctx ctx = {0};
    uint64_t r = ir_helper_fdiv_d(&ctx, D_ONE, 0x4008000000000000, 0, RNE);
    uint64_t t = ir_helper_fadd_s(&ctx, S_ONE, S_2M24, 0, RMM);
    uint64_t u = ir_helper_fdiv_s(&ctx, S_ONE, S_THREE, 0, RTZ);
    int mode = fegetround();
    fesetround(FE_TONEAREST);
    cr_expect_eq(mode, FE_UPWARD);
    cr_expect_eq(r, 0x3fd5555555555555, "RNE 1/3 under a host in UPWARD");
    cr_expect_eq(t, S_ONE_ULP);
    cr_expect_eq(u, 0x3eaaaaaa);
}

static void sleep_ms(long ms)
{
    struct timespec ts = {0, ms * 1000000};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

static uint64_t host_monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* rdtime is the host's CLOCK_MONOTONIC at 10 MHz and rdcycle in
 * nanoseconds: each read lies between two host readings taken around it
 * (however long the machine stalls in between), successive reads never go
 * back, and a sleep moves them on by at least its length. */
Test(ir_fp, counters_are_monotonic_and_scaled)
{
    struct ir_ctx ctx = {0};
    uint64_t h0 = host_monotonic_ns();
    uint64_t t0 = ir_helper_rdtime(&ctx, 0, 0, 0, 0);
    uint64_t c0 = ir_helper_rdcycle(&ctx, 0, 0, 0, 0);
    uint64_t h1 = host_monotonic_ns();
    cr_expect(h0 / 100 <= t0 && t0 <= h1 / 100,
              "rdtime %llu outside [%llu, %llu]", (unsigned long long)t0,
              (unsigned long long)(h0 / 100), (unsigned long long)(h1 / 100));
    cr_expect(h0 <= c0 && c0 <= h1, "rdcycle %llu outside [%llu, %llu]",
              (unsigned long long)c0, (unsigned long long)h0,
              (unsigned long long)h1);
    uint64_t t = t0, c = c0;
    for (int i = 0; i < 10000; i++) {
        uint64_t tn = ir_helper_rdtime(&ctx, 0, 0, 0, 0);
        uint64_t cn = ir_helper_rdcycle(&ctx, 0, 0, 0, 0);
        cr_assert_geq(tn, t, "rdtime went back at read %d", i);
        cr_assert_geq(cn, c, "rdcycle went back at read %d", i);
        t = tn, c = cn;
    }
    sleep_ms(2);
    /* 2 ms: 20000 ticks of 100 ns, 2000000 ns at the least. */
    cr_expect_geq(ir_helper_rdtime(&ctx, 0, 0, 0, 0) - t, 20000);
    cr_expect_geq(ir_helper_rdcycle(&ctx, 0, 0, 0, 0) - c, 2000000);
}

/*
 * The fast path (guest NX already set, RNE) must agree with the full path
 * on results and flags, across normal, subnormal, huge, tiny, zero,
 * infinite and NaN operands: the full path is forced by clearing NX
 * first, and its flags (plus NX) must equal what the fast path leaves.
 */
Test(ir_fp, fast_path_matches_full_path)
{
    static const uint64_t d[] = {
        0x3ff0000000000000ull, 0x3ff0000000000001ull, 0xbff8000000000000ull,
        0x7fefffffffffffffull, 0x0010000000000000ull, 0x0000000000000001ull,
        0x8000000000000000ull, 0x0000000000000000ull, 0x7ff0000000000000ull,
        0x7ff8000000000000ull, 0x7ff4000000000000ull, 0x4340000000000001ull,
        0x3ca0000000000000ull, 0x1ff0000000000000ull, 0xdff0000000000000ull,
    };
    static const uint64_t s[] = {
        0x3f800000u, 0x3f800001u, 0xbfc00000u, 0x7f7fffffu, 0x00800000u,
        0x00000001u, 0x80000000u, 0x00000000u, 0x7f800000u, 0x7fc00000u,
        0x7fa00000u, 0x4b800001u, 0x33800000u, 0x1f800000u, 0xdf800000u,
    };
    static const enum ir_helper ops_d[] = {IR_H_fadd_d, IR_H_fsub_d,
                                           IR_H_fmul_d, IR_H_fdiv_d};
    static const enum ir_helper ops_s[] = {IR_H_fadd_s, IR_H_fsub_s,
                                           IR_H_fmul_s, IR_H_fdiv_s};
    const size_t n = sizeof(d) / sizeof(d[0]);
    for (int w = 0; w < 2; w++) {
        const uint64_t *v = w ? s : d;
        const enum ir_helper *ops = w ? ops_s : ops_d;
        for (size_t o = 0; o < 4; o++)
            for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < n; j++)
                    for (size_t k = 0; k < 2; k++) {
                        struct ir_ctx full = {0}, fast = {.fflags = IR_FF_NX};
                        uint64_t c = v[(i + j + k) % n];
                        uint64_t r1 = ir_helper_table[ops[o]](
                            &full, v[i], v[j], c, IR_RM_RNE);
                        uint64_t r2 = ir_helper_table[ops[o]](
                            &fast, v[i], v[j], c, IR_RM_RNE);
                        cr_expect_eq(r1, r2, "op %zu w %d %zu %zu", o, w, i, j);
                        cr_expect_eq(full.fflags | IR_FF_NX, fast.fflags,
                                     "op %zu w %d %zu %zu", o, w, i, j);
                    }
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                for (size_t k = 0; k < n; k++) {
                    enum ir_helper h = w ? IR_H_fmadd_s : IR_H_fmadd_d;
                    struct ir_ctx full = {0}, fast = {.fflags = IR_FF_NX};
                    uint64_t r1 = ir_helper_table[h](&full, v[i], v[j], v[k],
                                                     IR_RM_RNE);
                    uint64_t r2 = ir_helper_table[h](&fast, v[i], v[j], v[k],
                                                     IR_RM_RNE);
                    cr_expect_eq(r1, r2, "fma w %d %zu %zu %zu", w, i, j, k);
                    cr_expect_eq(full.fflags | IR_FF_NX, fast.fflags,
                                 "fma w %d %zu %zu %zu", w, i, j, k);
                }
        enum ir_helper sq = w ? IR_H_fsqrt_s : IR_H_fsqrt_d;
        for (size_t i = 0; i < n; i++) {
            struct ir_ctx full = {0}, fast = {.fflags = IR_FF_NX};
            uint64_t r1 = ir_helper_table[sq](&full, v[i], 0, 0, IR_RM_RNE);
            uint64_t r2 = ir_helper_table[sq](&fast, v[i], 0, 0, IR_RM_RNE);
            cr_expect_eq(r1, r2, "sqrt w %d %zu", w, i);
            cr_expect_eq(full.fflags | IR_FF_NX, fast.fflags, "sqrt %zu", i);
        }
    }
}
