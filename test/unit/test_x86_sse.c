/*
 * test_x86_sse.c — the x86-64 guest's SSE/SSE2 support.
 *
 * helper: every op of ir_helper_x86_sse on a struct x86_cpu, against the
 *   same SSE2 intrinsic run natively here, over edge inputs (NaNs of both
 *   kinds, infinities, denormals, -0, integer extremes) in every lane
 *   combination, under several MXCSR modes (rounding, DAZ/FTZ): results,
 *   returned values, the guest's sticky flags and the host's MXCSR.
 * lift: instruction sequences (assembled with `as`, bytes below with the
 *   asm) lifted and run by the interpreter, against the same bytes run
 *   natively on the host; plus the faults (#GP) Linux raises for them.
 */
#include <criterion/criterion.h>
#include <emmintrin.h>
#include <string.h>
#include <sys/mman.h>

#include "interp.h"
#include "mmu.h"
#include "mmu_fault.h"
#include "x86_64.h"
#include "x86_snippet.h"
#include "x86_64_sse.h"

/* ---- edge inputs ---- */

static const uint32_t edge32[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3fc00000, 0x7f800000,
    0xff800000, 0x7fc00000, 0x7fa00000, 0xffc12345, 0xff812345, 0x00000001,
    0x807fffff, 0x7f7fffff, 0x00800000, 0x3eaaaaab, 0x4f000000, 0xcf000000,
    0x4effffff, 0x5f000000, 0xdf000001, 0x40490fdb, 0xc0490fdb, 0x00400000,
    0x4b800001, 0x7fff8000, 0x80007fff, 0xffffffff, 0x7fffffff, 0x00ff7f80,
    0x01fe0180, 0x3f000001, 0x7e800000, 0x3effffff,
};

static const uint64_t edge64[] = {
    0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000,
    0xbff8000000000000, 0x7ff0000000000000, 0xfff0000000000000,
    0x7ff8000000000000, 0x7ff4000000000000, 0xfff8000000012345,
    0x0000000000000001, 0x800fffffffffffff, 0x7fefffffffffffff,
    0x0010000000000000, 0x3fd5555555555555, 0x41e0000000000000,
    0xc1e0000000200000, 0x43e0000000000000, 0xc3e0000000000001,
    0x400921fb54442d18, 0x36a0000000000000, 0x47efffffe0000000,
    0x3810000000000000, 0x4330000000000001, 0x7fffffff80000000,
    0x00000000ffffffff, 0x3fe0000000000001, 0x41dfffffffc00000,
};

#define N32 (sizeof edge32 / sizeof *edge32)
#define N64 (sizeof edge64 / sizeof *edge64)
#define NVEC 24

/* Vector k of 32-bit or 64-bit edge lanes, lanes differing. */
static void vec32(unsigned k, uint8_t out[16])
{
    for (unsigned i = 0; i < 4; i++)
        memcpy(out + 4 * i, &edge32[(k * 5 + i * 7) % N32], 4);
}

static void vec64(unsigned k, uint8_t out[16])
{
    for (unsigned i = 0; i < 2; i++)
        memcpy(out + 8 * i, &edge64[(k * 4 + i * 11) % N64], 8);
}

static const uint64_t edge_int[] = {
    0, 1, (uint64_t)-1, 0x7fffffff, 0x80000000, 0xffffffff, 0x123456789abcdef,
    0x8000000000000000, 0x7fffffffffffffff, 0x1000001, 0x20000000000001,
    (uint64_t)-3, 0xfffe, 0x8001,
};
#define NINT (sizeof edge_int / sizeof *edge_int)

/* MXCSR modes: nearest, down, toward zero with FTZ and DAZ, up. */
static const uint32_t modes[] = {0x1f80, 0x3f80, 0xffc0, 0x5f80};

/* ---- native references: the intrinsic on (d, s) ---- */

typedef void (*ref_fn)(uint8_t out[16], const uint8_t d[16],
                       const uint8_t s[16], uint64_t a, uint64_t *ret);

#define LDI(p) _mm_loadu_si128((const __m128i *)(p))
#define LDS(p) _mm_loadu_ps((const float *)(p))
#define LDD(p) _mm_loadu_pd((const double *)(p))
/* One reference per op: X(name, result expression over d, s, a); the
 * result is stored to out (vector refs) or returned in *ret (scalar). */
#define REF_VEC(name, store, expr)                                            \
    __attribute__((noinline)) static void ref_##name(                         \
        uint8_t out[16], const uint8_t d[16], const uint8_t s[16],            \
        uint64_t a, uint64_t *ret)                                            \
    {                                                                         \
        (void)d, (void)s, (void)a, (void)ret;                                 \
        store(out, expr);                                                     \
    }
#define REF_RET(name, expr)                                                   \
    __attribute__((noinline)) static void ref_##name(                         \
        uint8_t out[16], const uint8_t d[16], const uint8_t s[16],            \
        uint64_t a, uint64_t *ret)                                            \
    {                                                                         \
        (void)out, (void)d, (void)s, (void)a;                                 \
        *ret = (expr);                                                        \
    }
static void st_i(uint8_t *o, __m128i v) { _mm_storeu_si128((__m128i *)o, v); }
static void st_s(uint8_t *o, __m128 v) { _mm_storeu_ps((float *)o, v); }
static void st_d(uint8_t *o, __m128d v) { _mm_storeu_pd((double *)o, v); }

#define RI(name, fn) REF_VEC(name, st_i, fn(LDI(d), LDI(s)))
#define RS(name, fn) REF_VEC(name, st_s, fn(LDS(d), LDS(s)))
#define RD(name, fn) REF_VEC(name, st_d, fn(LDD(d), LDD(s)))
RI(PADDB, _mm_add_epi8) RI(PADDW, _mm_add_epi16) RI(PADDD, _mm_add_epi32)
RI(PSUBB, _mm_sub_epi8) RI(PSUBW, _mm_sub_epi16) RI(PSUBD, _mm_sub_epi32)
RI(PADDSB, _mm_adds_epi8) RI(PADDSW, _mm_adds_epi16)
RI(PADDUSB, _mm_adds_epu8) RI(PADDUSW, _mm_adds_epu16)
RI(PSUBSB, _mm_subs_epi8) RI(PSUBSW, _mm_subs_epi16)
RI(PSUBUSB, _mm_subs_epu8) RI(PSUBUSW, _mm_subs_epu16)
RI(PCMPEQB, _mm_cmpeq_epi8) RI(PCMPEQW, _mm_cmpeq_epi16) RI(PCMPEQD, _mm_cmpeq_epi32)
RI(PCMPGTB, _mm_cmpgt_epi8) RI(PCMPGTW, _mm_cmpgt_epi16) RI(PCMPGTD, _mm_cmpgt_epi32)
RI(PMINUB, _mm_min_epu8) RI(PMAXUB, _mm_max_epu8)
RI(PMINSW, _mm_min_epi16) RI(PMAXSW, _mm_max_epi16)
RI(PAVGB, _mm_avg_epu8) RI(PAVGW, _mm_avg_epu16)
RI(PMULLW, _mm_mullo_epi16) RI(PMULHW, _mm_mulhi_epi16) RI(PMULHUW, _mm_mulhi_epu16)
RI(PMULUDQ, _mm_mul_epu32) RI(PMADDWD, _mm_madd_epi16) RI(PSADBW, _mm_sad_epu8)
RI(PSLLW, _mm_sll_epi16) RI(PSLLD, _mm_sll_epi32) RI(PSLLQ, _mm_sll_epi64)
RI(PSRLW, _mm_srl_epi16) RI(PSRLD, _mm_srl_epi32) RI(PSRLQ, _mm_srl_epi64)
RI(PSRAW, _mm_sra_epi16) RI(PSRAD, _mm_sra_epi32)
RI(PACKSSWB, _mm_packs_epi16) RI(PACKSSDW, _mm_packs_epi32) RI(PACKUSWB, _mm_packus_epi16)
RI(PUNPCKLBW, _mm_unpacklo_epi8) RI(PUNPCKLWD, _mm_unpacklo_epi16)
RI(PUNPCKLDQ, _mm_unpacklo_epi32) RI(PUNPCKLQDQ, _mm_unpacklo_epi64)
RI(PUNPCKHBW, _mm_unpackhi_epi8) RI(PUNPCKHWD, _mm_unpackhi_epi16)
RI(PUNPCKHDQ, _mm_unpackhi_epi32) RI(PUNPCKHQDQ, _mm_unpackhi_epi64)
RS(UNPCKLPS, _mm_unpacklo_ps) RD(UNPCKLPD, _mm_unpacklo_pd)
RS(UNPCKHPS, _mm_unpackhi_ps) RD(UNPCKHPD, _mm_unpackhi_pd)
/* add/mul in asm: the compiler may swap the operands of the intrinsics,
 * which changes which of two NaNs comes out. */
#define ASM_OP(name, insn, type)                                              \
    static type asm_##name(type d, type s)                                    \
    {                                                                         \
        __asm__ volatile(insn " %1, %0" : "+x"(d) : "x"(s));                  \
        return d;                                                             \
    }
ASM_OP(addps, "addps", __m128) ASM_OP(addss, "addss", __m128)
ASM_OP(addpd, "addpd", __m128d) ASM_OP(addsd, "addsd", __m128d)
ASM_OP(mulps, "mulps", __m128) ASM_OP(mulss, "mulss", __m128)
ASM_OP(mulpd, "mulpd", __m128d) ASM_OP(mulsd, "mulsd", __m128d)
RS(ADDPS, asm_addps) RS(ADDSS, asm_addss) RD(ADDPD, asm_addpd) RD(ADDSD, asm_addsd)
RS(SUBPS, _mm_sub_ps) RS(SUBSS, _mm_sub_ss) RD(SUBPD, _mm_sub_pd) RD(SUBSD, _mm_sub_sd)
RS(MULPS, asm_mulps) RS(MULSS, asm_mulss) RD(MULPD, asm_mulpd) RD(MULSD, asm_mulsd)
RS(DIVPS, _mm_div_ps) RS(DIVSS, _mm_div_ss) RD(DIVPD, _mm_div_pd) RD(DIVSD, _mm_div_sd)
RS(MINPS, _mm_min_ps) RS(MINSS, _mm_min_ss) RD(MINPD, _mm_min_pd) RD(MINSD, _mm_min_sd)
RS(MAXPS, _mm_max_ps) RS(MAXSS, _mm_max_ss) RD(MAXPD, _mm_max_pd) RD(MAXSD, _mm_max_sd)
RD(SQRTSD, _mm_sqrt_sd)
REF_VEC(SQRTPS, st_s, _mm_sqrt_ps(LDS(s)))
REF_VEC(SQRTPD, st_d, _mm_sqrt_pd(LDD(s)))
REF_VEC(SQRTSS, st_s, _mm_move_ss(LDS(d), _mm_sqrt_ss(LDS(s))))
REF_VEC(RCPPS, st_s, _mm_rcp_ps(LDS(s)))
REF_VEC(RCPSS, st_s, _mm_move_ss(LDS(d), _mm_rcp_ss(LDS(s))))
REF_VEC(RSQRTPS, st_s, _mm_rsqrt_ps(LDS(s)))
REF_VEC(RSQRTSS, st_s, _mm_move_ss(LDS(d), _mm_rsqrt_ss(LDS(s))))
RS(CMPLTPS, _mm_cmplt_ps) RS(CMPUNORDPS, _mm_cmpunord_ps) RS(CMPNLEPS, _mm_cmpnle_ps)
RS(CMPEQSS, _mm_cmpeq_ss) RS(CMPORDSS, _mm_cmpord_ss) RS(CMPNLTSS, _mm_cmpnlt_ss)
RD(CMPLEPD, _mm_cmple_pd) RD(CMPNEQPD, _mm_cmpneq_pd) RD(CMPEQPD, _mm_cmpeq_pd)
RD(CMPLTSD, _mm_cmplt_sd) RD(CMPUNORDSD, _mm_cmpunord_sd) RD(CMPNLESD, _mm_cmpnle_sd)
REF_VEC(CVTSS2SD, st_d, _mm_cvtss_sd(LDD(d), LDS(s)))
REF_VEC(CVTSD2SS, st_s, _mm_cvtsd_ss(LDS(d), LDD(s)))
REF_VEC(CVTDQ2PS, st_s, _mm_cvtepi32_ps(LDI(s)))
REF_VEC(CVTDQ2PD, st_d, _mm_cvtepi32_pd(LDI(s)))
REF_VEC(CVTPS2DQ, st_i, _mm_cvtps_epi32(LDS(s)))
REF_VEC(CVTTPS2DQ, st_i, _mm_cvttps_epi32(LDS(s)))
REF_VEC(CVTPD2DQ, st_i, _mm_cvtpd_epi32(LDD(s)))
REF_VEC(CVTTPD2DQ, st_i, _mm_cvttpd_epi32(LDD(s)))
REF_VEC(CVTPS2PD, st_d, _mm_cvtps_pd(LDS(s)))
REF_VEC(CVTPD2PS, st_s, _mm_cvtpd_ps(LDD(s)))
REF_VEC(CVTSI2SS32, st_s, _mm_cvtsi32_ss(LDS(d), (int)a))
REF_VEC(CVTSI2SS64, st_s, _mm_cvtsi64_ss(LDS(d), (long long)a))
REF_VEC(CVTSI2SD32, st_d, _mm_cvtsi32_sd(LDD(d), (int)a))
REF_VEC(CVTSI2SD64, st_d, _mm_cvtsi64_sd(LDD(d), (long long)a))
REF_VEC(PSHUFD1B, st_i, _mm_shuffle_epi32(LDI(s), 0x1b))
REF_VEC(PSHUFD72, st_i, _mm_shuffle_epi32(LDI(s), 0x72))
REF_VEC(PSHUFLWB1, st_i, _mm_shufflelo_epi16(LDI(s), 0xb1))
REF_VEC(PSHUFHW4E, st_i, _mm_shufflehi_epi16(LDI(s), 0x4e))
REF_VEC(SHUFPS9C, st_s, _mm_shuffle_ps(LDS(d), LDS(s), 0x9c))
REF_VEC(SHUFPS03, st_s, _mm_shuffle_ps(LDS(d), LDS(s), 0x03))
REF_VEC(SHUFPD1, st_d, _mm_shuffle_pd(LDD(d), LDD(s), 1))
REF_VEC(SHUFPD2, st_d, _mm_shuffle_pd(LDD(d), LDD(s), 2))
REF_VEC(PSLLDQ5, st_i, _mm_slli_si128(LDI(d), 5))
REF_VEC(PSRLDQ11, st_i, _mm_srli_si128(LDI(d), 11))
REF_VEC(PSRLDQ16, st_i, _mm_srli_si128(LDI(d), 16))
REF_VEC(PINSRW3, st_i, _mm_insert_epi16(LDI(d), (int)a, 3))
REF_VEC(PINSRW7, st_i, _mm_insert_epi16(LDI(d), (int)a, 7))
REF_RET(PEXTRW0, (uint64_t)_mm_extract_epi16(LDI(s), 0))
REF_RET(PEXTRW6, (uint64_t)_mm_extract_epi16(LDI(s), 6))
REF_RET(PMOVMSKB, (uint64_t)_mm_movemask_epi8(LDI(s)))
REF_RET(MOVMSKPS, (uint64_t)_mm_movemask_ps(LDS(s)))
REF_RET(MOVMSKPD, (uint64_t)_mm_movemask_pd(LDD(s)))
REF_RET(CVTSS2SI32, (uint32_t)_mm_cvtss_si32(LDS(s)))
REF_RET(CVTSS2SI64, (uint64_t)_mm_cvtss_si64(LDS(s)))
REF_RET(CVTTSS2SI32, (uint32_t)_mm_cvttss_si32(LDS(s)))
REF_RET(CVTTSS2SI64, (uint64_t)_mm_cvttss_si64(LDS(s)))
REF_RET(CVTSD2SI32, (uint32_t)_mm_cvtsd_si32(LDD(s)))
REF_RET(CVTSD2SI64, (uint64_t)_mm_cvtsd_si64(LDD(s)))
REF_RET(CVTTSD2SI32, (uint32_t)_mm_cvttsd_si32(LDD(s)))
REF_RET(CVTTSD2SI64, (uint64_t)_mm_cvttsd_si64(LDD(s)))

/* (u)comis: flags from the host instruction, ZF PF CF as in RFLAGS. */
#define REF_COMI(name, insn, load)                                            \
    __attribute__((noinline)) static void ref_##name(                         \
        uint8_t out[16], const uint8_t d[16], const uint8_t s[16],            \
        uint64_t a, uint64_t *ret)                                            \
    {                                                                         \
        (void)out, (void)a;                                                   \
        uint32_t fl; /* lahf: AH = SF ZF 0 AF 0 PF 1 CF */                    \
        __asm__ volatile(insn " %1, %2\n\tlahf\n\tshrl $8, %0"                \
                         : "=a"(fl) : "x"(load(s)), "x"(load(d)) : "cc");     \
        *ret = fl & 0x45;                                                     \
    }
REF_COMI(COMISS, "comiss", LDS) REF_COMI(UCOMISS, "ucomiss", LDS)
REF_COMI(COMISD, "comisd", LDD) REF_COMI(UCOMISD, "ucomisd", LDD)

/* Input lanes: 32-bit edges, 64-bit edges, or (shifts) a source whose
 * low quadword is a small count. */
enum lanes { L32, L64, LCNT };

struct helper_case {
    const char *name;
    enum x86_sse_op op;
    ref_fn ref;
    enum lanes lanes;
    unsigned imm8;
    bool uses_a;     /* XG: a integer operand */
    bool returns;    /* GX/FL: compare the return value, dst untouched */
};

#define C(n, l) {#n, X86_SSE_##n, ref_##n, l, 0, false, false}
#define CI(n, op, l, imm) {#n, X86_SSE_##op, ref_##n, l, imm, false, false}
#define CA(n, op, l, imm) {#n, X86_SSE_##op, ref_##n, l, imm, true, false}
#define CR(n, op, l, imm) {#n, X86_SSE_##op, ref_##n, l, imm, false, true}
static const struct helper_case cases[] = {
    C(PADDB, L32), C(PADDW, L32), C(PADDD, L32), C(PSUBB, L32), C(PSUBW, L32),
    C(PSUBD, L32), C(PADDSB, L32), C(PADDSW, L32), C(PADDUSB, L32),
    C(PADDUSW, L32), C(PSUBSB, L32), C(PSUBSW, L32), C(PSUBUSB, L32),
    C(PSUBUSW, L32), C(PCMPEQB, L32), C(PCMPEQW, L32), C(PCMPEQD, L32),
    C(PCMPGTB, L32), C(PCMPGTW, L32), C(PCMPGTD, L32), C(PMINUB, L32),
    C(PMAXUB, L32), C(PMINSW, L32), C(PMAXSW, L32), C(PAVGB, L32),
    C(PAVGW, L32), C(PMULLW, L32), C(PMULHW, L32), C(PMULHUW, L32),
    C(PMULUDQ, L32), C(PMADDWD, L32), C(PSADBW, L32),
    C(PSLLW, LCNT), C(PSLLD, LCNT), C(PSLLQ, LCNT), C(PSRLW, LCNT),
    C(PSRLD, LCNT), C(PSRLQ, LCNT), C(PSRAW, LCNT), C(PSRAD, LCNT),
    C(PSLLW, L32), C(PSRAD, L32),
    C(PACKSSWB, L32), C(PACKSSDW, L32), C(PACKUSWB, L32),
    C(PUNPCKLBW, L32), C(PUNPCKLWD, L32), C(PUNPCKLDQ, L32),
    C(PUNPCKLQDQ, L64), C(PUNPCKHBW, L32), C(PUNPCKHWD, L32),
    C(PUNPCKHDQ, L32), C(PUNPCKHQDQ, L64),
    C(UNPCKLPS, L32), C(UNPCKLPD, L64), C(UNPCKHPS, L32), C(UNPCKHPD, L64),
    C(ADDPS, L32), C(ADDSS, L32), C(ADDPD, L64), C(ADDSD, L64),
    C(SUBPS, L32), C(SUBSS, L32), C(SUBPD, L64), C(SUBSD, L64),
    C(MULPS, L32), C(MULSS, L32), C(MULPD, L64), C(MULSD, L64),
    C(DIVPS, L32), C(DIVSS, L32), C(DIVPD, L64), C(DIVSD, L64),
    C(MINPS, L32), C(MINSS, L32), C(MINPD, L64), C(MINSD, L64),
    C(MAXPS, L32), C(MAXSS, L32), C(MAXPD, L64), C(MAXSD, L64),
    C(SQRTPS, L32), C(SQRTSS, L32), C(SQRTPD, L64), C(SQRTSD, L64),
    C(RCPPS, L32), C(RCPSS, L32), C(RSQRTPS, L32), C(RSQRTSS, L32),
    CI(CMPLTPS, CMPPS, L32, 1), CI(CMPUNORDPS, CMPPS, L32, 3),
    CI(CMPNLEPS, CMPPS, L32, 6), CI(CMPEQSS, CMPSS, L32, 0),
    CI(CMPORDSS, CMPSS, L32, 7), CI(CMPNLTSS, CMPSS, L32, 5),
    CI(CMPLEPD, CMPPD, L64, 2), CI(CMPNEQPD, CMPPD, L64, 4),
    CI(CMPEQPD, CMPPD, L64, 0), CI(CMPLTSD, CMPSD, L64, 1),
    CI(CMPUNORDSD, CMPSD, L64, 3), CI(CMPNLESD, CMPSD, L64, 6),
    CR(COMISS, COMISS, L32, 0), CR(UCOMISS, UCOMISS, L32, 0),
    CR(COMISD, COMISD, L64, 0), CR(UCOMISD, UCOMISD, L64, 0),
    C(CVTSS2SD, L32), C(CVTSD2SS, L64), C(CVTDQ2PS, L32), C(CVTDQ2PD, L32),
    C(CVTPS2DQ, L32), C(CVTTPS2DQ, L32), C(CVTPD2DQ, L64),
    C(CVTTPD2DQ, L64), C(CVTPS2PD, L32), C(CVTPD2PS, L64),
    CA(CVTSI2SS32, CVTSI2SS, L32, 4), CA(CVTSI2SS64, CVTSI2SS, L32, 8),
    CA(CVTSI2SD32, CVTSI2SD, L64, 4), CA(CVTSI2SD64, CVTSI2SD, L64, 8),
    CR(CVTSS2SI32, CVTSS2SI, L32, 4), CR(CVTSS2SI64, CVTSS2SI, L32, 8),
    CR(CVTTSS2SI32, CVTTSS2SI, L32, 4), CR(CVTTSS2SI64, CVTTSS2SI, L32, 8),
    CR(CVTSD2SI32, CVTSD2SI, L64, 4), CR(CVTSD2SI64, CVTSD2SI, L64, 8),
    CR(CVTTSD2SI32, CVTTSD2SI, L64, 4), CR(CVTTSD2SI64, CVTTSD2SI, L64, 8),
    CI(PSHUFD1B, PSHUFD, L32, 0x1b), CI(PSHUFD72, PSHUFD, L32, 0x72),
    CI(PSHUFLWB1, PSHUFLW, L32, 0xb1), CI(PSHUFHW4E, PSHUFHW, L32, 0x4e),
    CI(SHUFPS9C, SHUFPS, L32, 0x9c), CI(SHUFPS03, SHUFPS, L32, 0x03),
    CI(SHUFPD1, SHUFPD, L64, 1), CI(SHUFPD2, SHUFPD, L64, 2),
    CI(PSLLDQ5, PSLLDQ, L32, 5), CI(PSRLDQ11, PSRLDQ, L32, 11),
    CI(PSRLDQ16, PSRLDQ, L32, 16),
    CA(PINSRW3, PINSRW, L32, 3), CA(PINSRW7, PINSRW, L32, 7),
    CR(PEXTRW0, PEXTRW, L32, 0), CR(PEXTRW6, PEXTRW, L32, 6),
    CR(PMOVMSKB, PMOVMSKB, L32, 4), CR(MOVMSKPS, MOVMSKPS, L32, 4),
    CR(MOVMSKPD, MOVMSKPD, L64, 4),
};
#define NCASES (sizeof cases / sizeof *cases)

#define MXCSR_FLAGS 0x3fu

/* Runs the reference under mode on the host; returns the raised flags. */
static unsigned run_native(const struct helper_case *c, uint32_t mode,
                           uint8_t out[16], const uint8_t d[16],
                           const uint8_t s[16], uint64_t a, uint64_t *ret)
{
    unsigned host = _mm_getcsr();
    _mm_setcsr(mode);
    c->ref(out, d, s, a, ret);
    unsigned raised = _mm_getcsr() & MXCSR_FLAGS;
    _mm_setcsr(host);
    return raised;
}

static struct x86_cpu cpu;

/* One case on one input: the helper's dst, return, flags vs native. */
static void check_case(const struct helper_case *c, uint32_t mode,
                       const uint8_t d[16], const uint8_t s[16], uint64_t a,
                       size_t src_off)
{
    uint8_t want[16];
    memcpy(want, d, 16);
    uint64_t want_ret = 0;
    unsigned flags = run_native(c, mode, want, d, s, a, &want_ret);

    memset(&cpu, 0, sizeof cpu);
    memcpy(cpu.xmm[3], d, 16);
    memcpy((uint8_t *)&cpu + src_off, s, 16);
    cpu.mxcsr = mode | 0x10; /* a sticky flag from before stays set */
    x86_mxcsr_discard(); /* the host's pending flags were another guest's */
    unsigned host_before = _mm_getcsr();
    uint64_t got = ir_helper_x86_sse(&cpu.ctx, a, 0, 0,
                                     x86_sse_imm(c->op, X86_XMM_OFF(3), src_off,
                                                 (uint8_t)c->imm8));
    /* The host keeps its control bits (rounding, masks); its sticky flags
     * may be left as the guest's (ir_x86_sse.c). */
    cr_assert_eq(_mm_getcsr() & ~0x3fu, host_before & ~0x3fu,
                 "%s: host MXCSR control changed", c->name);
    cr_assert(memcmp(cpu.xmm[3], want, 16) == 0,
              "%s mode %x: dst %016llx:%016llx, native %016llx:%016llx",
              c->name, mode, *(unsigned long long *)(cpu.xmm[3] + 8),
              *(unsigned long long *)cpu.xmm[3],
              *(unsigned long long *)(want + 8), *(unsigned long long *)want);
    if (c->returns)
        cr_assert_eq(got, want_ret, "%s mode %x: returned %llx, native %llx",
                     c->name, mode, (unsigned long long)got,
                     (unsigned long long)want_ret);
    cr_assert_eq(cpu.mxcsr, mode | 0x10 | flags,
                 "%s mode %x: mxcsr %x, native flags %x", c->name, mode,
                 cpu.mxcsr, flags);
    cr_assert(memcmp((uint8_t *)&cpu + src_off, s, 16) == 0,
              "%s: source changed", c->name);
}

static void run_cases(size_t src_off)
{
    uint8_t d[16], s[16];
    for (size_t k = 0; k < NCASES; k++) {
        const struct helper_case *c = &cases[k];
        for (size_t m = 0; m < sizeof modes / sizeof *modes; m++)
            for (unsigned i = 0; i < NVEC; i++)
                for (unsigned j = 0; j < NVEC; j++) {
                    (c->lanes == L64 ? vec64 : vec32)(i, d);
                    (c->lanes == L64 ? vec64 : vec32)(j, s);
                    if (c->lanes == LCNT) {
                        uint64_t count = j * 3 % 70;
                        memcpy(s, &count, 8);
                    }
                    uint64_t a = edge_int[(i + j) % NINT];
                    check_case(c, modes[m], d, s, a, src_off);
                }
    }
}

Test(x86_sse_helper, every_op_matches_native_from_an_xmm_register)
{
    run_cases(X86_XMM_OFF(9));
}

Test(x86_sse_helper, every_op_matches_native_from_the_scratch_slot)
{
    run_cases(X86_XTMP_OFF);
}

/* The rounding mode must reach the host: 1/3 rounds differently up and
 * down, so a helper that ignored the guest's MXCSR would fail here. */
Test(x86_sse_helper, rounding_mode_and_flags_are_the_guests)
{
    float one[4] = {1, 1, 1, 1}, three[4] = {3, 3, 3, 3};
    uint32_t lo[4], hi[4];
    for (unsigned m = 0; m < 2; m++) {
        memset(&cpu, 0, sizeof cpu);
        memcpy(cpu.xmm[0], one, 16);
        memcpy(cpu.xmm[1], three, 16);
        cpu.mxcsr = m ? 0x5f80 : 0x3f80; /* up, down */
        ir_helper_x86_sse(&cpu.ctx, 0, 0, 0,
                          x86_sse_imm(X86_SSE_DIVPS, X86_XMM_OFF(0),
                                      X86_XMM_OFF(1), 0));
        memcpy(m ? hi : lo, cpu.xmm[0], 16);
        cr_assert_eq(cpu.mxcsr & MXCSR_FLAGS, 0x20u, "only PE raised");
    }
    for (unsigned i = 0; i < 4; i++) {
        cr_assert_eq(lo[i], 0x3eaaaaaau);
        cr_assert_eq(hi[i], 0x3eaaaaabu);
    }
}

/* Unmasked exceptions in the guest's MXCSR never trap in the host. */
Test(x86_sse_helper, guest_unmasked_exceptions_do_not_trap_the_host)
{
    double one[2] = {1, 1}, zero[2] = {0, 0};
    memset(&cpu, 0, sizeof cpu);
    memcpy(cpu.xmm[0], one, 16);
    memcpy(cpu.xmm[1], zero, 16);
    cpu.mxcsr = 0; /* every exception unmasked */
    ir_helper_x86_sse(&cpu.ctx, 0, 0, 0,
                      x86_sse_imm(X86_SSE_DIVPD, X86_XMM_OFF(0),
                                  X86_XMM_OFF(1), 0));
    uint64_t r[2];
    memcpy(r, cpu.xmm[0], 16);
    cr_assert_eq(r[0], 0x7ff0000000000000ull);
    cr_assert_eq(cpu.mxcsr, 0x4u, "ZE set");
}

/* In-place shuffles (pshufd xmm1, xmm1) read the source before writing. */
/* The host's MXCSR may keep flags from an earlier op (ir_x86_sse.c skips
 * reloading it when it can): a guest that cleared its flags must still see
 * only the flags its own next op raises. */
Test(x86_sse_helper, cleared_guest_flags_stay_clear)
{
    static const double third[2] = {1.0, 0}, three[2] = {3.0, 0};
    static const double one[2] = {1.0, 0};
    uint64_t div = x86_sse_imm(X86_SSE_DIVSD, X86_XMM_OFF(0), X86_XMM_OFF(1), 0);
    uint64_t add = x86_sse_imm(X86_SSE_ADDSD, X86_XMM_OFF(0), X86_XMM_OFF(1), 0);
    memset(&cpu, 0, sizeof cpu);
    cpu.mxcsr = 0x1f80;
    memcpy(cpu.xmm[0], third, 16);
    memcpy(cpu.xmm[1], three, 16);
    ir_helper_x86_sse(&cpu.ctx, 0, 0, 0, div); /* 1/3: inexact */
    cr_assert_eq(cpu.mxcsr & 0x3f, 0x20, "1/3 raises PE only");
    for (int round = 0; round < 2; round++) {
        /* The guest clears its flags: ldmxcsr reads MXCSR first (the
         * x86_mxcsr helper, which takes the host's pending flags). */
        ir_helper_x86_mxcsr(&cpu.ctx, 0, 0, 0, 0);
        cpu.mxcsr = 0x1f80;
        memcpy(cpu.xmm[0], one, 16);
        memcpy(cpu.xmm[1], one, 16);
        ir_helper_x86_sse(&cpu.ctx, 0, 0, 0, add); /* 1+1: exact */
        cr_assert_eq(cpu.mxcsr, 0x1f80, "an exact add leaves no flag (%d)",
                     round);
        cr_assert_eq(((double *)cpu.xmm[0])[0], 2.0);
    }
}

Test(x86_sse_helper, shuffle_with_dst_equal_src)
{
    uint32_t v[4] = {0x11, 0x22, 0x33, 0x44}, r[4];
    memset(&cpu, 0, sizeof cpu);
    memcpy(cpu.xmm[1], v, 16);
    ir_helper_x86_sse(&cpu.ctx, 0, 0, 0,
                      x86_sse_imm(X86_SSE_PSHUFD, X86_XMM_OFF(1),
                                  X86_XMM_OFF(1), 0x1b));
    memcpy(r, cpu.xmm[1], 16);
    cr_assert(r[0] == 0x44 && r[1] == 0x33 && r[2] == 0x22 && r[3] == 0x11);
    memcpy(cpu.xmm[1], v, 16);
    ir_helper_x86_sse(&cpu.ctx, 0, 0, 0,
                      x86_sse_imm(X86_SSE_SHUFPS, X86_XMM_OFF(1),
                                  X86_XMM_OFF(1), 0x1b));
    memcpy(r, cpu.xmm[1], 16);
    cr_assert(r[0] == 0x44 && r[1] == 0x33 && r[2] == 0x22 && r[3] == 0x11);
}

/* fxsave's abridged tags and fxrstor's recomputed full tags. */
Test(x86_sse_helper, x87_tag_word)
{
    memset(&cpu, 0, sizeof cpu);
    uint64_t imm = x86_sse_imm(X86_SSE_FTW_ABRIDGE, 0, 0, 0);
    cr_assert_eq(ir_helper_x86_sse(&cpu.ctx, 0xffff, 0, 0, imm), 0u);
    cr_assert_eq(ir_helper_x86_sse(&cpu.ctx, 0x3ff4, 0, 0, imm), 0x83u);
    /* st0 = 1.0 (valid), st1 = +0 (zero), st2 = inf (special), rest empty */
    cpu.st[0][7] = 0x80, cpu.st[0][8] = 0xff, cpu.st[0][9] = 0x3f;
    cpu.st[2][7] = 0x80, cpu.st[2][8] = 0xff, cpu.st[2][9] = 0x7f;
    imm = x86_sse_imm(X86_SSE_FTW_EXPAND, 0, offsetof(struct x86_cpu, st), 0);
    cr_assert_eq(ir_helper_x86_sse(&cpu.ctx, 0x07, 0, 0, imm), 0xffe4u);
}

/* ---- lifted code against the same bytes run natively ---- */

#define CODE XS_CODE
#define DATA XS_DATA /* the snippets' rsi: 512 bytes, 64-aligned */
#define DATA_SIZE 1024

static void lift_setup(void)
{
    xs_setup(&cpu);
}

static void lift_teardown(void)
{
    xs_teardown();
}

TestSuite(x86_sse_lift, .init = lift_setup, .fini = lift_teardown);

/* What the native run loads into and stores from the registers. */
struct native_regs {
    uint8_t xmm[4][16]; /* 0 */
    uint64_t rax;       /* 64 */
    uint64_t rflags;    /* 72 */
    uint32_t mxcsr;     /* 80 */
};

/* Native harness: void run(struct native_regs *rdi, void *rsi). */
static const uint8_t prologue[] = {
    0x0f, 0xae, 0x57, 0x50,       /* ldmxcsr [rdi+0x50] */
    0xf3, 0x0f, 0x6f, 0x07,       /* movdqu xmm0, [rdi] */
    0xf3, 0x0f, 0x6f, 0x4f, 0x10, /* movdqu xmm1, [rdi+0x10] */
    0xf3, 0x0f, 0x6f, 0x57, 0x20, /* movdqu xmm2, [rdi+0x20] */
    0xf3, 0x0f, 0x6f, 0x5f, 0x30, /* movdqu xmm3, [rdi+0x30] */
    0x48, 0x8b, 0x47, 0x40,       /* mov rax, [rdi+0x40] */
};
static const uint8_t epilogue[] = {
    0xf3, 0x0f, 0x7f, 0x07,       /* movdqu [rdi], xmm0 */
    0xf3, 0x0f, 0x7f, 0x4f, 0x10, /* movdqu [rdi+0x10], xmm1 */
    0xf3, 0x0f, 0x7f, 0x57, 0x20, /* movdqu [rdi+0x20], xmm2 */
    0xf3, 0x0f, 0x7f, 0x5f, 0x30, /* movdqu [rdi+0x30], xmm3 */
    0x48, 0x89, 0x47, 0x40,       /* mov [rdi+0x40], rax */
    0x0f, 0xae, 0x5f, 0x50,       /* stmxcsr [rdi+0x50] */
    0x9c,                         /* pushf */
    0x59,                         /* pop rcx */
    0x48, 0x89, 0x4f, 0x48,       /* mov [rdi+0x48], rcx */
    0xc3,                         /* ret */
};

static void run_native_code(const uint8_t *code, size_t len,
                            struct native_regs *r, uint8_t *data)
{
    xs_run_native(prologue, sizeof prologue, code, len, epilogue,
                  sizeof epilogue, r, data);
}

static void run_lifted(const uint8_t *code, size_t len)
{
    xs_run_lifted(&cpu, code, len);
}

/* Fills registers and data with edge values picked by seed. */
static void fill_inputs(unsigned seed, struct native_regs *r, uint8_t *data)
{
    for (unsigned i = 0; i < 4; i++)
        (seed + i) % 2 ? vec64(seed * 3 + i, r->xmm[i]) : vec32(seed * 5 + i, r->xmm[i]);
    r->rax = edge_int[seed % NINT];
    for (unsigned k = 0; k < DATA_SIZE / 16; k++)
        (seed + k) % 3 ? vec32(seed + 7 * k, data + 16 * k)
                       : vec64(seed + 5 * k, data + 16 * k);
}

#define ARITH_FLAGS 0x8d5ull

/* code under the interpreter vs natively, for several inputs and modes. */
static void check_snippet(const char *name, const uint8_t *code, size_t len,
                          bool sets_flags, bool (*ignored)(unsigned byte))
{
    static uint8_t native_data[DATA_SIZE] __attribute__((aligned(64)));
    for (unsigned seed = 0; seed < 12; seed++) {
        struct native_regs r = {.mxcsr = modes[seed % 4]};
        fill_inputs(seed, &r, native_data);
        uint8_t *guest_data = mmu_host(xs.m, DATA);
        memcpy(guest_data, native_data, DATA_SIZE);
        for (unsigned i = 0; i < 4; i++)
            memcpy(cpu.xmm[i], r.xmm[i], 16);
        cpu.gpr[X86_RAX_] = r.rax;
        cpu.gpr[X86_RSI_] = DATA;
        cpu.mxcsr = r.mxcsr;
        cpu.fcw = X86_FCW_DEFAULT;
        cpu.ftw = 0xffff;
        run_native_code(code, len, &r, native_data);
        run_lifted(code, len);
        for (unsigned i = 0; i < 4; i++)
            cr_assert(memcmp(cpu.xmm[i], r.xmm[i], 16) == 0,
                      "%s seed %u: xmm%u %016llx:%016llx, native %016llx:%016llx",
                      name, seed, i, *(unsigned long long *)(cpu.xmm[i] + 8),
                      *(unsigned long long *)cpu.xmm[i],
                      *(unsigned long long *)(r.xmm[i] + 8),
                      *(unsigned long long *)r.xmm[i]);
        cr_assert_eq(cpu.gpr[X86_RAX_], r.rax, "%s seed %u: rax %llx, native %llx",
                     name, seed, (unsigned long long)cpu.gpr[X86_RAX_],
                     (unsigned long long)r.rax);
        cr_assert_eq(cpu.mxcsr, r.mxcsr, "%s seed %u: mxcsr %x, native %x",
                     name, seed, cpu.mxcsr, r.mxcsr);
        for (unsigned k = 0; k < DATA_SIZE; k++)
            cr_assert(ignored(k) || guest_data[k] == native_data[k],
                         "%s seed %u: data byte %u", name, seed, k);
        if (sets_flags)
            cr_assert_eq(x86_rflags(&cpu) & ARITH_FLAGS, r.rflags & ARITH_FLAGS,
                         "%s seed %u: flags %llx, native %llx", name, seed,
                         (unsigned long long)(x86_rflags(&cpu) & ARITH_FLAGS),
                         (unsigned long long)(r.rflags & ARITH_FLAGS));
    }
}

/* Snippets (GNU as, Intel syntax); rsi points at the data. */
static const uint8_t s_arith[] = {
    0x0f, 0x58, 0xc1,                       /* addps xmm0,xmm1 */
    0xf2, 0x0f, 0x5c, 0xd0,                 /* subsd xmm2,xmm0 */
    0x66, 0x0f, 0x59, 0x1e,                 /* mulpd xmm3,[rsi] */
    0xf3, 0x0f, 0x5e, 0x4e, 0x10,           /* divss xmm1,[rsi+0x10] */
    0xf2, 0x0f, 0x51, 0xd3,                 /* sqrtsd xmm2,xmm3 */
    0x0f, 0x5f, 0x46, 0x20,                 /* maxps xmm0,[rsi+0x20] */
};
static const uint8_t s_int[] = {
    0x66, 0x0f, 0xfd, 0xc1,                 /* paddw xmm0,xmm1 */
    0x66, 0x0f, 0xd8, 0x0e,                 /* psubusb xmm1,[rsi] */
    0x66, 0x0f, 0xf5, 0xd0,                 /* pmaddwd xmm2,xmm0 */
    0x66, 0x0f, 0x71, 0xe3, 0x03,           /* psraw xmm3,0x3 */
    0x66, 0x0f, 0xd3, 0xc2,                 /* psrlq xmm0,xmm2 */
    0x66, 0x0f, 0x73, 0xf9, 0x05,           /* pslldq xmm1,0x5 */
    0x66, 0x0f, 0x66, 0x56, 0x10,           /* pcmpgtd xmm2,[rsi+0x10] */
    0x66, 0x0f, 0xe0, 0xd9,                 /* pavgb xmm3,xmm1 */
};
static const uint8_t s_shuf[] = {
    0x66, 0x0f, 0x70, 0xc1, 0x1b,           /* pshufd xmm0,xmm1,0x1b */
    0x0f, 0xc6, 0x0e, 0x9c,                 /* shufps xmm1,[rsi],0x9c */
    0x66, 0x0f, 0x60, 0xd3,                 /* punpcklbw xmm2,xmm3 */
    0x66, 0x0f, 0x63, 0xd8,                 /* packsswb xmm3,xmm0 */
    0xf3, 0x0f, 0x70, 0xd2, 0x4e,           /* pshufhw xmm2,xmm2,0x4e */
    0x66, 0x0f, 0xc4, 0xc0, 0x05,           /* pinsrw xmm0,eax,0x5 */
    0x66, 0x0f, 0xc5, 0xc3, 0x06,           /* pextrw eax,xmm3,0x6 */
    0x66, 0x0f, 0x15, 0xca,                 /* unpckhpd xmm1,xmm2 */
};
static const uint8_t s_cvt[] = {
    0xf2, 0x48, 0x0f, 0x2a, 0xc0,           /* cvtsi2sd xmm0,rax */
    0xf3, 0x0f, 0x2a, 0xc8,                 /* cvtsi2ss xmm1,eax */
    0xf2, 0x48, 0x0f, 0x2c, 0xc2,           /* cvttsd2si rax,xmm2 */
    0x66, 0x0f, 0x5b, 0x1e,                 /* cvtps2dq xmm3,[rsi] */
    0xf2, 0x0f, 0x5a, 0x56, 0x10,           /* cvtsd2ss xmm2,[rsi+0x10] */
    0xf3, 0x0f, 0xe6, 0xcb,                 /* cvtdq2pd xmm1,xmm3 */
    0xf3, 0x0f, 0x2d, 0xc1,                 /* cvtss2si eax,xmm1 */
};
static const uint8_t s_cmp[] = {
    0x0f, 0xc2, 0xc1, 0x01,                 /* cmpltps xmm0,xmm1 */
    0xf2, 0x0f, 0xc2, 0x16, 0x03,           /* cmpunordsd xmm2,[rsi] */
    0x66, 0x0f, 0xd7, 0xc3,                 /* pmovmskb eax,xmm3 */
    0x66, 0x0f, 0x2e, 0xda,                 /* ucomisd xmm3,xmm2 */
};
static const uint8_t s_comi[] = {
    0x0f, 0x2f, 0x4e, 0x08,                 /* comiss xmm1,[rsi+0x8] */
};
static const uint8_t s_move[] = {
    0x0f, 0x28, 0x06,                       /* movaps xmm0,[rsi] */
    0x0f, 0x10, 0x4e, 0x04,                 /* movups xmm1,[rsi+0x4] */
    0xf2, 0x0f, 0x10, 0x56, 0x18,           /* movsd xmm2,[rsi+0x18] */
    0xf3, 0x0f, 0x10, 0xd8,                 /* movss xmm3,xmm0 */
    0x0f, 0x16, 0x46, 0x28,                 /* movhps xmm0,[rsi+0x28] */
    0x0f, 0x12, 0xca,                       /* movhlps xmm1,xmm2 */
    0x66, 0x48, 0x0f, 0x6e, 0xd0,           /* movq xmm2,rax */
    0x66, 0x0f, 0x7e, 0xc8,                 /* movd eax,xmm1 */
    0x66, 0x0f, 0xd6, 0x5e, 0x30,           /* movq [rsi+0x30],xmm3 */
    0x66, 0x0f, 0x7f, 0x46, 0x40,           /* movdqa [rsi+0x40],xmm0 */
    0x66, 0x0f, 0xdf, 0xd9,                 /* pandn xmm3,xmm1 */
    0x0f, 0x57, 0x4e, 0x10,                 /* xorps xmm1,[rsi+0x10] */
    0x66, 0x0f, 0xd4, 0xc0,                 /* paddq xmm0,xmm0 */
    0x66, 0x0f, 0x13, 0x56, 0x50,           /* movlpd [rsi+0x50],xmm2 */
    0x0f, 0x16, 0xd3,                       /* movlhps xmm2,xmm3 */
    0x48, 0x0f, 0xc3, 0x46, 0x60,           /* movnti [rsi+0x60],rax */
};
static const uint8_t s_fx[] = {
    0x48, 0x0f, 0xae, 0x06,                 /* fxsave64 [rsi] */
    /* movdqu xmm0,[rsi+0xa0] */
    0xf3, 0x0f, 0x6f, 0x86, 0xa0, 0x00, 0x00, 0x00,
    0xf3, 0x0f, 0x7e, 0x4e, 0x18,           /* movq xmm1,[rsi+0x18] */
    0x66, 0x0f, 0x6e, 0x16,                 /* movd xmm2,[rsi] */
    0x66, 0x0f, 0xc4, 0x56, 0x04, 0x02,     /* pinsrw xmm2,[rsi+0x4],0x2 */
    0xb9, 0x80, 0x3f, 0x00, 0x00,           /* mov ecx,0x3f80 */
    0x89, 0x8e, 0x2c, 0x01, 0x00, 0x00,     /* mov [rsi+0x12c],ecx */
    /* ldmxcsr [rsi+0x12c] */
    0x0f, 0xae, 0x96, 0x2c, 0x01, 0x00, 0x00,
    0x0f, 0x58, 0xdb,                       /* addps xmm3,xmm3 */
    /* stmxcsr [rsi+0x130] */
    0x0f, 0xae, 0x9e, 0x30, 0x01, 0x00, 0x00,
    0x48, 0x0f, 0xae, 0x0e,                 /* fxrstor64 [rsi] */
    0x66, 0x0f, 0x7e, 0xd8,                 /* movd eax,xmm3 */
};
static const uint8_t s_fx32[] = {
    /* fxsave [rsi+0x100] */
    0x0f, 0xae, 0x86, 0x00, 0x01, 0x00, 0x00,
    /* movdqu xmm3,[rsi+0x1b0] */
    0xf3, 0x0f, 0x6f, 0x9e, 0xb0, 0x01, 0x00, 0x00,
    0x0f, 0x57, 0xc0,                       /* xorps xmm0,xmm0 */
    /* fxrstor [rsi+0x100] */
    0x0f, 0xae, 0x8e, 0x00, 0x01, 0x00, 0x00,
};
static const uint8_t s_scalar[] = {
    0xf3, 0x0f, 0x10, 0x46, 0x0c,           /* movss xmm0,[rsi+0xc] */
    0xf2, 0x0f, 0x11, 0x4e, 0x64,           /* movsd [rsi+0x64],xmm1 */
    0xf3, 0x0f, 0x11, 0x56, 0x78,           /* movss [rsi+0x78],xmm2 */
    0xf2, 0x0f, 0x10, 0xd9,                 /* movsd xmm3,xmm1 */
    0x66, 0x0f, 0x6e, 0x4e, 0x08,           /* movd xmm1,[rsi+0x8] */
    0x66, 0x0f, 0x6e, 0xd0,                 /* movd xmm2,eax */
    0x66, 0x48, 0x0f, 0x7e, 0xd8,           /* movq rax,xmm3 */
    0xf3, 0x0f, 0x5a, 0x5e, 0x04,           /* cvtss2sd xmm3,[rsi+0x4] */
    0xf3, 0x0f, 0x2c, 0x46, 0x14,           /* cvttss2si eax,[rsi+0x14] */
    0xf2, 0x0f, 0x2a, 0x56, 0x24,           /* cvtsi2sd xmm2,[rsi+0x24] */
    0xf2, 0x48, 0x0f, 0x2d, 0x46, 0x28,     /* cvtsd2si rax,[rsi+0x28] */
    0xf3, 0x0f, 0x52, 0xc2,                 /* rsqrtss xmm0,xmm2 */
    0x0f, 0x51, 0x4e, 0x30,                 /* sqrtps xmm1,[rsi+0x30] */
    0x66, 0x0f, 0xf6, 0xd3,                 /* psadbw xmm2,xmm3 */
    0x66, 0x0f, 0xf4, 0x5e, 0x40,           /* pmuludq xmm3,[rsi+0x40] */
    0x66, 0x0f, 0x50, 0xc1,                 /* movmskpd eax,xmm1 */
};
static const uint8_t s_bad_movaps[] = {
    0x0f, 0x28, 0x46, 0x08,                 /* movaps xmm0,[rsi+0x8] */
};
static const uint8_t s_bad_store[] = {
    0x66, 0x0f, 0x7f, 0x4e, 0x04,           /* movdqa [rsi+0x4],xmm1 */
};
static const uint8_t s_bad_addps[] = {
    0x0f, 0x58, 0x46, 0x18,                 /* addps xmm0,[rsi+0x18] */
};
static const uint8_t s_ok_movups[] = {
    0x0f, 0x10, 0x46, 0x08,                 /* movups xmm0,[rsi+0x8] */
};
static const uint8_t s_bad_ldmxcsr[] = {
    0x0f, 0xae, 0x16,                       /* ldmxcsr [rsi] */
};
static const uint8_t s_bad_fxrstor[] = {
    0x48, 0x0f, 0xae, 0x0e,                 /* fxrstor64 [rsi] */
};
static const uint8_t s_bad_fxsave[] = {
    0x0f, 0xae, 0x46, 0x08,                 /* fxsave [rsi+0x8] */
};

static bool none_ignored(unsigned byte)
{
    (void)byte;
    return false;
}

/* fxsave areas at data+0 and data+256: natively FOP, FIP, FDP, the x87
 * registers and xmm4-15 hold the host's own state, not the snippet's, and
 * MXCSR_MASK's upper half is the host CPU's (AMD parts set bit 17, MM;
 * the guest's Intel CPU reports 0xffff). */
static bool host_state_in_area(unsigned off)
{
    return (off >= 6 && off < 24) || (off >= 30 && off < 32) ||
           (off >= 32 && off < 160) ||
           (off >= 224 && off < 416);
}

static bool host_state_area0(unsigned byte)
{
    return host_state_in_area(byte);
}

static bool host_state_area256(unsigned byte)
{
    return byte >= 256 && host_state_in_area(byte - 256);
}

#define SNIPPET(code, flags) check_snippet(#code, code, sizeof code, flags, none_ignored)

Test(x86_sse_lift, float_arithmetic) { SNIPPET(s_arith, false); }
Test(x86_sse_lift, packed_integer) { SNIPPET(s_int, false); }
Test(x86_sse_lift, shuffles_insert_extract) { SNIPPET(s_shuf, false); }
Test(x86_sse_lift, conversions) { SNIPPET(s_cvt, false); }
Test(x86_sse_lift, compares_and_ucomisd_flags) { SNIPPET(s_cmp, true); }
Test(x86_sse_lift, comiss_flags_from_memory) { SNIPPET(s_comi, true); }
Test(x86_sse_lift, moves_and_bitwise) { SNIPPET(s_move, false); }
Test(x86_sse_lift, scalar_memory_forms) { SNIPPET(s_scalar, false); }

Test(x86_sse_lift, fxsave64_ldmxcsr_fxrstor64)
{
    check_snippet("s_fx", s_fx, sizeof s_fx, false, host_state_area0);
}

Test(x86_sse_lift, fxsave_fxrstor_32)
{
    check_snippet("s_fx32", s_fx32, sizeof s_fx32, false, host_state_area256);
}

/* A misaligned m128 of movaps/movdqa/addps (#GP on Linux: SIGSEGV) stops
 * the insn before any state or memory changes, as a misaligned access. */
static void expect_misaligned(const uint8_t *code, size_t len)
{
    xs_load(code, len);
    cpu.gpr[X86_RSI_] = DATA;
    memset(cpu.xmm, 0x5a, sizeof cpu.xmm);
    memset(mmu_host(xs.m, DATA), 0xa5, 64);
    cpu.mxcsr = 0x1f80;
    struct x86_cpu before = cpu;
    cpu.ctx.pc = CODE;
    x86_lift_block(&xs.b, CODE, xs_fetch, NULL);
    cr_assert_null(ir_validate(&xs.b));
    struct interp_exit ex;
    cr_assert_eq(interp_run(&xs.b, &cpu.ctx, &ex), INTERP_FAULT);
    cr_assert(ex.misaligned);
    cr_assert_eq(cpu.ctx.pc, CODE);
    cr_assert(memcmp(cpu.xmm, before.xmm, sizeof cpu.xmm) == 0);
    cr_assert_eq(cpu.mxcsr, before.mxcsr);
    for (unsigned k = 0; k < 64; k++)
        cr_assert_eq(((uint8_t *)mmu_host(xs.m, DATA))[k], 0xa5);
}

Test(x86_sse_lift, misaligned_movaps_load_faults) { expect_misaligned(s_bad_movaps, sizeof s_bad_movaps); }
Test(x86_sse_lift, misaligned_movdqa_store_faults) { expect_misaligned(s_bad_store, sizeof s_bad_store); }
Test(x86_sse_lift, misaligned_addps_source_faults) { expect_misaligned(s_bad_addps, sizeof s_bad_addps); }
Test(x86_sse_lift, misaligned_fxsave_faults) { expect_misaligned(s_bad_fxsave, sizeof s_bad_fxsave); }

/* fxrstor of an image whose MXCSR has reserved bits: #GP, nothing restored. */
Test(x86_sse_lift, fxrstor_with_reserved_mxcsr_bits_faults)
{
    uint32_t bad = 0x11f80;
    memset(mmu_host(xs.m, DATA), 0xa5, 64);
    memcpy((uint8_t *)mmu_host(xs.m, DATA) + 24, &bad, 4);
    xs_load(s_bad_fxrstor, sizeof s_bad_fxrstor);
    cpu.gpr[X86_RSI_] = DATA;
    cpu.mxcsr = 0x1f80;
    cpu.fcw = X86_FCW_DEFAULT;
    cpu.ctx.pc = CODE;
    x86_lift_block(&xs.b, CODE, xs_fetch, NULL);
    struct interp_exit ex;
    cr_assert_eq(interp_run(&xs.b, &cpu.ctx, &ex), INTERP_FAULT);
    cr_assert(ex.misaligned);
    cr_assert_eq(cpu.mxcsr, 0x1f80u);
    cr_assert_eq(cpu.fcw, X86_FCW_DEFAULT);
}

/* ldmxcsr with a reserved bit: a PRIVILEGED trap (#GP) at the insn, MXCSR
 * kept; a good value is loaded and the block goes on to the next insn. */
Test(x86_sse_lift, ldmxcsr_checks_reserved_bits)
{
    xs_load(s_bad_ldmxcsr, sizeof s_bad_ldmxcsr);
    cpu.gpr[X86_RSI_] = DATA;
    uint32_t v = 0x10000 | 0x1f80;
    memcpy(mmu_host(xs.m, DATA), &v, 4);
    cpu.mxcsr = 0x1f80;
    cpu.ctx.pc = CODE;
    x86_lift_block(&xs.b, CODE, xs_fetch, NULL);
    cr_assert_null(ir_validate(&xs.b));
    struct interp_exit ex;
    cr_assert_eq(interp_run(&xs.b, &cpu.ctx, &ex), INTERP_TRAP);
    cr_assert_eq(ex.trap, IR_TRAP_PRIVILEGED);
    cr_assert_eq(cpu.ctx.pc, CODE);
    cr_assert_eq(cpu.mxcsr, 0x1f80u);

    v = 0x7fc0; /* toward zero, DAZ */
    memcpy(mmu_host(xs.m, DATA), &v, 4);
    cpu.ctx.pc = CODE;
    cr_assert_eq(interp_run(&xs.b, &cpu.ctx, &ex), INTERP_JUMP);
    cr_assert_eq(cpu.ctx.pc, CODE + sizeof s_bad_ldmxcsr);
    cr_assert_eq(cpu.mxcsr, 0x7fc0u);
}

Test(x86_sse_lift, movups_accepts_any_alignment)
{
    uint8_t want[16];
    for (unsigned k = 0; k < 16; k++)
        want[k] = (uint8_t)(k * 17 + 3);
    memcpy((uint8_t *)mmu_host(xs.m, DATA) + 8, want, 16);
    cpu.gpr[X86_RSI_] = DATA;
    run_lifted(s_ok_movups, sizeof s_ok_movups);
    cr_assert(memcmp(cpu.xmm[0], want, 16) == 0);
}

/* The MMX forms of shared mnemonics are not SSE's: the SSE lifter
 * refuses them and they reach the MMX one (test_x86_mmx.c). */
Test(x86_sse_lift, mmx_forms_are_left_to_the_mmx_lifter)
{
    static const uint8_t paddb_mm[] = {0x0f, 0xfc, 0xc1}; /* paddb mm0, mm1 */
    unsigned len;
    cr_assert_eq(x86_lift_probe(paddb_mm, sizeof paddb_mm, CODE, &len, NULL),
                 X86_PROBE_LIFTED);
    static const uint8_t pxor_x[] = {0x66, 0x0f, 0xef, 0xc1}; /* pxor xmm0, xmm1 */
    cr_assert_eq(x86_lift_probe(pxor_x, sizeof pxor_x, CODE, &len, NULL),
                 X86_PROBE_LIFTED);
}
