/*
 * test_x86_mmx.c — the x86-64 guest's MMX support.
 *
 * helper: every MMX op of ir_helper_x86_sse on a struct x86_cpu, against
 *   the MMX intrinsic (<mmintrin.h>, _mm_empty after) run natively here,
 *   over edge lanes, from an mm register and from the scratch slot; the
 *   conversions under several MXCSR modes with the guest's sticky flags.
 *   The 8 bytes after an mm destination (its x87 exponent) stay untouched.
 * lift: instruction sequences lifted and run by the interpreter, against
 *   the same bytes run natively; besides registers and memory, the x87
 *   side (TOP, tags, the physical registers with their exponent words)
 *   is compared with the native fxsave image.
 */
#include <criterion/criterion.h>
#include <emmintrin.h>
#include <mmintrin.h>
#include <string.h>
#include <sys/mman.h>

#include "interp.h"
#include "mmu.h"
#include "mmu_fault.h"
#include "x86_64.h"
#include "x86_snippet.h"
#include "x86_64_sse.h"

/* ---- edge inputs ---- */

static const uint16_t edge16[] = {
    0x0000, 0x0001, 0x7fff, 0x8000, 0xffff, 0x00ff, 0xff00, 0x7f80, 0x807f,
    0x1234, 0xfedc, 0x0080, 0xff7f, 0x4000, 0xc000, 0x0101, 0x8001, 0x7ffe,
    0x00fe, 0x0100, 0xfe01,
};

/* Floats and doubles for the conversions: NaNs, infinities, values out of
 * int32 range, halfway cases, denormals. */
static const uint32_t edge_ps[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbfc00000, 0x3fc00000, 0x40200000,
    0x7f800000, 0xff800000, 0x7fc00000, 0xffc12345, 0x4f000000, 0xcf000000,
    0x4effffff, 0xcf000001, 0x00000001, 0x3f000000, 0xbf000001, 0x40490fdb,
};

static const uint64_t edge_pd[] = {
    0x0000000000000000, 0x8000000000000000, 0x3ff8000000000000,
    0xc004000000000000, 0x7ff0000000000000, 0xfff8000000000000,
    0x41dfffffffc00000, 0x41e0000000000000, 0xc1e0000000000000,
    0xc1e0000000200000, 0x3fe0000000000000, 0x0000000000000001,
    0x400921fb54442d18, 0x41dfffffffe00000,
};

#define LEN(a) (sizeof(a) / sizeof *(a))
#define NVEC 24

/* Vector k: 16 bytes of word, float or double edges (lanes differ). */
enum lanes { LW, LPS, LPD, LCNT };

static void vec(enum lanes l, unsigned k, uint8_t out[16])
{
    for (unsigned i = 0; i < 8; i++)
        if (l == LW || l == LCNT)
            memcpy(out + 2 * i, &edge16[(k * 5 + i * 7) % LEN(edge16)], 2);
        else if (l == LPS && i < 4)
            memcpy(out + 4 * i, &edge_ps[(k * 5 + i * 7) % LEN(edge_ps)], 4);
        else if (l == LPD && i < 2)
            memcpy(out + 8 * i, &edge_pd[(k * 4 + i * 5) % LEN(edge_pd)], 8);
}

static const uint64_t edge_int[] = {
    0, 1, (uint64_t)-1, 0x7fff, 0x8000, 0xffff, 0x123456789abcdef,
    0x8000000000000000, 0xfffe, 0x8001,
};

/* MXCSR modes: nearest, down, toward zero with FTZ and DAZ, up. */
static const uint32_t modes[] = {0x1f80, 0x3f80, 0xffc0, 0x5f80};

/* ---- native references: the MMX intrinsic on (d, s) ---- */

typedef void (*ref_fn)(uint8_t out[16], const uint8_t d[16],
                       const uint8_t s[16], uint64_t a, uint64_t *ret);

static __m64 ld(const uint8_t *p)
{
    __m64 v;
    memcpy(&v, p, 8);
    return v;
}

static void st(uint8_t *o, __m64 v) { memcpy(o, &v, 8); }
static void st_s(uint8_t *o, __m128 v) { _mm_storeu_ps((float *)o, v); }
static void st_d(uint8_t *o, __m128d v) { _mm_storeu_pd((double *)o, v); }
/* Only the low two floats of a source: cvtps2pi reads no more. */
static __m128 low_ps(const uint8_t *p)
{
    return _mm_castsi128_ps(_mm_loadl_epi64((const __m128i *)p));
}

#define REF(name, body)                                                       \
    __attribute__((noinline)) static void ref_##name(                         \
        uint8_t out[16], const uint8_t d[16], const uint8_t s[16],            \
        uint64_t a, uint64_t *ret)                                            \
    {                                                                         \
        (void)out, (void)d, (void)s, (void)a, (void)ret;                      \
        body;                                                                 \
    }
#define RM(name, fn) REF(name, st(out, fn(ld(d), ld(s))))
RM(PADDB, _mm_add_pi8) RM(PADDW, _mm_add_pi16) RM(PADDD, _mm_add_pi32)
RM(PSUBB, _mm_sub_pi8) RM(PSUBW, _mm_sub_pi16) RM(PSUBD, _mm_sub_pi32)
RM(PADDSB, _mm_adds_pi8) RM(PADDSW, _mm_adds_pi16)
RM(PADDUSB, _mm_adds_pu8) RM(PADDUSW, _mm_adds_pu16)
RM(PSUBSB, _mm_subs_pi8) RM(PSUBSW, _mm_subs_pi16)
RM(PSUBUSB, _mm_subs_pu8) RM(PSUBUSW, _mm_subs_pu16)
RM(PCMPEQB, _mm_cmpeq_pi8) RM(PCMPEQW, _mm_cmpeq_pi16) RM(PCMPEQD, _mm_cmpeq_pi32)
RM(PCMPGTB, _mm_cmpgt_pi8) RM(PCMPGTW, _mm_cmpgt_pi16) RM(PCMPGTD, _mm_cmpgt_pi32)
RM(PMINUB, _mm_min_pu8) RM(PMAXUB, _mm_max_pu8)
RM(PMINSW, _mm_min_pi16) RM(PMAXSW, _mm_max_pi16)
RM(PAVGB, _mm_avg_pu8) RM(PAVGW, _mm_avg_pu16)
RM(PMULLW, _mm_mullo_pi16) RM(PMULHW, _mm_mulhi_pi16) RM(PMULHUW, _mm_mulhi_pu16)
RM(PMULUDQ, _mm_mul_su32) RM(PMADDWD, _mm_madd_pi16) RM(PSADBW, _mm_sad_pu8)
RM(PSLLW, _mm_sll_pi16) RM(PSLLD, _mm_sll_pi32) RM(PSLLQ, _mm_sll_si64)
RM(PSRLW, _mm_srl_pi16) RM(PSRLD, _mm_srl_pi32) RM(PSRLQ, _mm_srl_si64)
RM(PSRAW, _mm_sra_pi16) RM(PSRAD, _mm_sra_pi32)
RM(PACKSSWB, _mm_packs_pi16) RM(PACKSSDW, _mm_packs_pi32) RM(PACKUSWB, _mm_packs_pu16)
RM(PUNPCKLBW, _mm_unpacklo_pi8) RM(PUNPCKLWD, _mm_unpacklo_pi16)
RM(PUNPCKLDQ, _mm_unpacklo_pi32) RM(PUNPCKHBW, _mm_unpackhi_pi8)
RM(PUNPCKHWD, _mm_unpackhi_pi16) RM(PUNPCKHDQ, _mm_unpackhi_pi32)
REF(PSHUFW1B, st(out, _mm_shuffle_pi16(ld(s), 0x1b)))
REF(PSHUFW72, st(out, _mm_shuffle_pi16(ld(s), 0x72)))
REF(PINSRW2, st(out, _mm_insert_pi16(ld(d), (int)a, 2)))
REF(PINSRW7, st(out, _mm_insert_pi16(ld(d), (int)a, 7 & 3)))
REF(PEXTRW1, *ret = (uint64_t)_mm_extract_pi16(ld(s), 1))
REF(PEXTRW6, *ret = (uint64_t)_mm_extract_pi16(ld(s), 6 & 3))
REF(PMOVMSKB, *ret = (uint64_t)_mm_movemask_pi8(ld(s)))
REF(CVTPI2PS, st_s(out, _mm_cvtpi32_ps(_mm_loadu_ps((const float *)d), ld(s))))
REF(CVTPI2PD, st_d(out, _mm_cvtpi32_pd(ld(s))))
REF(CVTPS2PI, st(out, _mm_cvtps_pi32(low_ps(s))))
REF(CVTTPS2PI, st(out, _mm_cvttps_pi32(low_ps(s))))
REF(CVTPD2PI, st(out, _mm_cvtpd_pi32(_mm_loadu_pd((const double *)s))))
REF(CVTTPD2PI, st(out, _mm_cvttpd_pi32(_mm_loadu_pd((const double *)s))))

/* How the helper is fed: dst mm (MM, MG), result returned (GM), dst xmm
 * with an 8-byte source (XM), dst mm with a 16-byte xmm source (MX). */
enum form { F_MM, F_MG, F_GM, F_XM, F_MX };

struct helper_case {
    const char *name;
    enum x86_sse_op op;
    ref_fn ref;
    enum form form;
    enum lanes lanes;
    unsigned imm8;
};

#define C(n, l) {#n, X86_MMX_##n, ref_##n, F_MM, l, 0}
#define CF(n, op, f, l, imm) {#n, X86_MMX_##op, ref_##n, f, l, imm}
static const struct helper_case cases[] = {
    C(PADDB, LW), C(PADDW, LW), C(PADDD, LW), C(PSUBB, LW), C(PSUBW, LW),
    C(PSUBD, LW), C(PADDSB, LW), C(PADDSW, LW), C(PADDUSB, LW),
    C(PADDUSW, LW), C(PSUBSB, LW), C(PSUBSW, LW), C(PSUBUSB, LW),
    C(PSUBUSW, LW), C(PCMPEQB, LW), C(PCMPEQW, LW), C(PCMPEQD, LW),
    C(PCMPGTB, LW), C(PCMPGTW, LW), C(PCMPGTD, LW), C(PMINUB, LW),
    C(PMAXUB, LW), C(PMINSW, LW), C(PMAXSW, LW), C(PAVGB, LW), C(PAVGW, LW),
    C(PMULLW, LW), C(PMULHW, LW), C(PMULHUW, LW), C(PMULUDQ, LW),
    C(PMADDWD, LW), C(PSADBW, LW),
    C(PSLLW, LCNT), C(PSLLD, LCNT), C(PSLLQ, LCNT), C(PSRLW, LCNT),
    C(PSRLD, LCNT), C(PSRLQ, LCNT), C(PSRAW, LCNT), C(PSRAD, LCNT),
    C(PSLLQ, LW), C(PSRAW, LW),
    C(PACKSSWB, LW), C(PACKSSDW, LW), C(PACKUSWB, LW),
    C(PUNPCKLBW, LW), C(PUNPCKLWD, LW), C(PUNPCKLDQ, LW),
    C(PUNPCKHBW, LW), C(PUNPCKHWD, LW), C(PUNPCKHDQ, LW),
    CF(PSHUFW1B, PSHUFW, F_MM, LW, 0x1b), CF(PSHUFW72, PSHUFW, F_MM, LW, 0x72),
    CF(PINSRW2, PINSRW, F_MG, LW, 2), CF(PINSRW7, PINSRW, F_MG, LW, 7),
    CF(PEXTRW1, PEXTRW, F_GM, LW, 1), CF(PEXTRW6, PEXTRW, F_GM, LW, 6),
    CF(PMOVMSKB, PMOVMSKB, F_GM, LW, 0),
    CF(CVTPI2PS, CVTPI2PS, F_XM, LW, 0), CF(CVTPI2PD, CVTPI2PD, F_XM, LW, 0),
    CF(CVTPS2PI, CVTPS2PI, F_MX, LPS, 0), CF(CVTTPS2PI, CVTTPS2PI, F_MX, LPS, 0),
    CF(CVTPD2PI, CVTPD2PI, F_MX, LPD, 0), CF(CVTTPD2PI, CVTTPD2PI, F_MX, LPD, 0),
};
#define NCASES LEN(cases)

#define MXCSR_FLAGS 0x3fu
#define SENTINEL 0xa5

/* Runs the reference under mode; returns the raised MXCSR flags. */
static unsigned run_native(const struct helper_case *c, uint32_t mode,
                           uint8_t out[16], const uint8_t d[16],
                           const uint8_t s[16], uint64_t a, uint64_t *ret)
{
    unsigned host = _mm_getcsr();
    _mm_setcsr(mode);
    c->ref(out, d, s, a, ret);
    unsigned raised = _mm_getcsr() & MXCSR_FLAGS;
    _mm_setcsr(host);
    _mm_empty();
    return raised;
}

static struct x86_cpu cpu;

/* One case on one input; from_reg: the source is mm5 / xmm9, else xtmp. */
static void check_case(const struct helper_case *c, uint32_t mode,
                       const uint8_t d[16], const uint8_t s[16], uint64_t a,
                       bool from_reg)
{
    uint8_t want[16];
    memcpy(want, d, 16);
    uint64_t want_ret = 0;
    unsigned flags = run_native(c, mode, want, d, s, a, &want_ret);

    memset(&cpu, 0, sizeof cpu);
    bool to_xmm = c->form == F_XM, src_xmm = c->form == F_MX;
    uint8_t *dst = to_xmm ? cpu.xmm[3] : cpu.st[3];
    size_t dst_off = to_xmm ? X86_XMM_OFF(3) : X86_MM_OFF(3);
    memcpy(dst, d, 16);
    if (!to_xmm)
        memset(dst + 8, SENTINEL, 8);
    size_t src_off = !from_reg ? X86_XTMP_OFF
                     : src_xmm ? X86_XMM_OFF(9) : X86_MM_OFF(5);
    memcpy((uint8_t *)&cpu + src_off, s, src_xmm ? 16 : 8);
    cpu.mxcsr = mode | 0x10; /* a sticky flag from before stays set */
    x86_mxcsr_discard(); /* MXCSR set afresh: no pending host flags */
    uint64_t got = ir_helper_x86_sse(
        &cpu.ctx, a, 0, 0,
        x86_sse_imm(c->op, c->form == F_GM ? 0 : dst_off, src_off,
                    (uint8_t)c->imm8));
    unsigned n = to_xmm ? 16 : 8;
    cr_assert(memcmp(dst, want, n) == 0,
              "%s mode %x: dst %016llx:%016llx, native %016llx:%016llx",
              c->name, mode, *(unsigned long long *)(dst + 8),
              *(unsigned long long *)dst, *(unsigned long long *)(want + 8),
              *(unsigned long long *)want);
    for (unsigned k = n; k < 16; k++)
        cr_assert_eq(dst[k], SENTINEL, "%s: byte %u after the mm changed",
                     c->name, k);
    if (c->form == F_GM)
        cr_assert_eq(got, want_ret, "%s: returned %llx, native %llx", c->name,
                     (unsigned long long)got, (unsigned long long)want_ret);
    cr_assert_eq(cpu.mxcsr, mode | 0x10 | flags,
                 "%s mode %x: mxcsr %x, native flags %x", c->name, mode,
                 cpu.mxcsr, flags);
}

static void run_cases(bool from_reg)
{
    uint8_t d[16], s[16];
    for (size_t k = 0; k < NCASES; k++) {
        const struct helper_case *c = &cases[k];
        unsigned nmodes = c->form >= F_XM ? LEN(modes) : 1;
        for (unsigned m = 0; m < nmodes; m++)
            for (unsigned i = 0; i < NVEC; i++)
                for (unsigned j = 0; j < NVEC; j++) {
                    vec(c->form == F_XM ? LPS : LW, i, d);
                    vec(c->lanes, j, s);
                    if (c->lanes == LCNT) {
                        uint64_t count = j * 3 % 70;
                        memcpy(s, &count, 8);
                    }
                    check_case(c, modes[m], d, s, edge_int[(i + j) % LEN(edge_int)],
                               from_reg);
                }
    }
}

Test(x86_mmx_helper, every_op_matches_native_from_an_mm_register)
{
    run_cases(true);
}

Test(x86_mmx_helper, every_op_matches_native_from_the_scratch_slot)
{
    run_cases(false);
}

/* The 64-bit pack/unpack pair the two 8-byte operands (SDM PACKSSWB,
 * PUNPCKHBW figures): worked by hand. */
Test(x86_mmx_helper, pack_and_unpack_high_use_the_8_byte_halves)
{
    const uint64_t d = 0x0004000380000100ull; /* words 0x0100 0x8000 3 4 */
    const uint64_t s = 0x7fff00050006fff9ull; /* words -7 6 5 0x7fff */
    memset(&cpu, 0, sizeof cpu);
    memcpy(cpu.st[0], &d, 8);
    memcpy(cpu.st[1], &s, 8);
    ir_helper_x86_sse(&cpu.ctx, 0, 0, 0, x86_sse_imm(X86_MMX_PACKSSWB,
                      X86_MM_OFF(0), X86_MM_OFF(1), 0));
    uint64_t r;
    memcpy(&r, cpu.st[0], 8);
    cr_assert_eq(r, 0x7f0506f90403807full, "packsswb: %016llx",
                 (unsigned long long)r);
    memcpy(cpu.st[0], &d, 8);
    ir_helper_x86_sse(&cpu.ctx, 0, 0, 0, x86_sse_imm(X86_MMX_PUNPCKHBW,
                      X86_MM_OFF(0), X86_MM_OFF(1), 0));
    memcpy(&r, cpu.st[0], 8);
    cr_assert_eq(r, 0x7f00ff0400000503ull, "punpckhbw: %016llx",
                 (unsigned long long)r);
}

/* cpuid reports MMX with the rest of the x86-64 baseline that ld.so checks
 * before it loads a libc marked x86-64-baseline. */
Test(x86_mmx_helper, cpuid_reports_the_baseline_with_mmx)
{
    memset(&cpu, 0, sizeof cpu);
    cpu.gpr[X86_RAX_] = 1;
    ir_helper_x86_cpuid(&cpu.ctx, 0, 0, 0, 0);
    /* FPU 0, CX8 8, CMOV 15, MMX 23, FXSR 24, SSE 25, SSE2 26 */
    uint64_t baseline = 1u << 0 | 1u << 8 | 1u << 15 | 1u << 23 | 1u << 24 |
                        1u << 25 | 1u << 26;
    cr_assert_eq(cpu.gpr[X86_RDX_] & baseline, baseline, "edx %llx",
                 (unsigned long long)cpu.gpr[X86_RDX_]);
}

/* ---- lifted code against the same bytes run natively ---- */

#define CODE XS_CODE
#define DATA XS_DATA /* the snippets' rsi */
#define DATA_SIZE 1024

static void lift_setup(void)
{
    xs_setup(&cpu);
}

static void lift_teardown(void)
{
    xs_teardown();
}

TestSuite(x86_mmx_lift, .init = lift_setup, .fini = lift_teardown);

/* What the native run loads and saves; the offsets are the harness's. */
struct native_regs {
    uint8_t xmm[4][16];                      /* 0x00 */
    uint64_t mm[8];                          /* 0x40 */
    uint64_t rax;                            /* 0x80 */
    uint32_t mxcsr;                          /* 0x88 */
    uint8_t fx[512] __attribute__((aligned(16))); /* 0x90: fxsave image */
};

/*
 * Native harness, void run(struct native_regs *rdi, void *rsi): fninit,
 * MXCSR, xmm0-3, mm0-7, then emms, fld1, fldz so the snippet starts with
 * TOP = 6, R7 = 1.0 (valid), R6 = +0 (zero), R0-R5 empty but holding the
 * mm values; after it, the registers, MXCSR and an fxsave image, then
 * fninit hands the host a clean x87 unit back.
 */
static const uint8_t prologue[] = {
    0xdb, 0xe3,                             /* fninit */
    /* ldmxcsr [rdi+0x88] */
    0x0f, 0xae, 0x97, 0x88, 0x00, 0x00, 0x00,
    0xf3, 0x0f, 0x6f, 0x07,                 /* movdqu xmm0, [rdi] */
    0xf3, 0x0f, 0x6f, 0x4f, 0x10,           /* movdqu xmm1, [rdi+0x10] */
    0xf3, 0x0f, 0x6f, 0x57, 0x20,           /* movdqu xmm2, [rdi+0x20] */
    0xf3, 0x0f, 0x6f, 0x5f, 0x30,           /* movdqu xmm3, [rdi+0x30] */
    0x0f, 0x6f, 0x47, 0x40,                 /* movq mm0, [rdi+0x40] */
    0x0f, 0x6f, 0x4f, 0x48,                 /* movq mm1, [rdi+0x48] */
    0x0f, 0x6f, 0x57, 0x50,                 /* movq mm2, [rdi+0x50] */
    0x0f, 0x6f, 0x5f, 0x58,                 /* movq mm3, [rdi+0x58] */
    0x0f, 0x6f, 0x67, 0x60,                 /* movq mm4, [rdi+0x60] */
    0x0f, 0x6f, 0x6f, 0x68,                 /* movq mm5, [rdi+0x68] */
    0x0f, 0x6f, 0x77, 0x70,                 /* movq mm6, [rdi+0x70] */
    0x0f, 0x6f, 0x7f, 0x78,                 /* movq mm7, [rdi+0x78] */
    0x0f, 0x77,                             /* emms */
    0xd9, 0xe8,                             /* fld1 */
    0xd9, 0xee,                             /* fldz */
    /* mov rax, [rdi+0x80] */
    0x48, 0x8b, 0x87, 0x80, 0x00, 0x00, 0x00,
};
static const uint8_t epilogue[] = {
    0xf3, 0x0f, 0x7f, 0x07,                 /* movdqu [rdi], xmm0 */
    0xf3, 0x0f, 0x7f, 0x4f, 0x10,           /* movdqu [rdi+0x10], xmm1 */
    0xf3, 0x0f, 0x7f, 0x57, 0x20,           /* movdqu [rdi+0x20], xmm2 */
    0xf3, 0x0f, 0x7f, 0x5f, 0x30,           /* movdqu [rdi+0x30], xmm3 */
    /* mov [rdi+0x80], rax */
    0x48, 0x89, 0x87, 0x80, 0x00, 0x00, 0x00,
    /* stmxcsr [rdi+0x88] */
    0x0f, 0xae, 0x9f, 0x88, 0x00, 0x00, 0x00,
    /* fxsave [rdi+0x90] */
    0x0f, 0xae, 0x87, 0x90, 0x00, 0x00, 0x00,
    0xdb, 0xe3,                             /* fninit */
    0xc3,                                   /* ret */
};
static const uint8_t s_arith[] = {
    0x0f, 0xfc, 0xc1,                       /* paddb mm0, mm1 */
    0x0f, 0xfd, 0x0e,                       /* paddw mm1, [rsi] */
    0x0f, 0xfe, 0xd3,                       /* paddd mm2, mm3 */
    0x0f, 0xf8, 0x5e, 0x08,                 /* psubb mm3, [rsi+0x8] */
    0x0f, 0xf9, 0xe5,                       /* psubw mm4, mm5 */
    0x0f, 0xfa, 0xe8,                       /* psubd mm5, mm0 */
    0x0f, 0xec, 0xf1,                       /* paddsb mm6, mm1 */
    0x0f, 0xed, 0x7e, 0x10,                 /* paddsw mm7, [rsi+0x10] */
    0x0f, 0xdc, 0xc2,                       /* paddusb mm0, mm2 */
    0x0f, 0xdd, 0xcb,                       /* paddusw mm1, mm3 */
    0x0f, 0xe8, 0x56, 0x18,                 /* psubsb mm2, [rsi+0x18] */
    0x0f, 0xe9, 0xdc,                       /* psubsw mm3, mm4 */
    0x0f, 0xd8, 0xe6,                       /* psubusb mm4, mm6 */
    0x0f, 0xd9, 0x6e, 0x20,                 /* psubusw mm5, [rsi+0x20] */
    0x0f, 0x74, 0xf2,                       /* pcmpeqb mm6, mm2 */
    0x0f, 0x75, 0xff,                       /* pcmpeqw mm7, mm7 */
    0x0f, 0x76, 0x46, 0x28,                 /* pcmpeqd mm0, [rsi+0x28] */
    0x0f, 0x64, 0xcd,                       /* pcmpgtb mm1, mm5 */
    0x0f, 0x65, 0x56, 0x30,                 /* pcmpgtw mm2, [rsi+0x30] */
    0x0f, 0x66, 0xde,                       /* pcmpgtd mm3, mm6 */
};
static const uint8_t s_mul[] = {
    0x0f, 0xd5, 0xc1,                       /* pmullw mm0, mm1 */
    0x0f, 0xe5, 0x0e,                       /* pmulhw mm1, [rsi] */
    0x0f, 0xf5, 0xd3,                       /* pmaddwd mm2, mm3 */
    0x0f, 0xf4, 0x5e, 0x08,                 /* pmuludq mm3, [rsi+0x8] */
    0x0f, 0xe4, 0xe5,                       /* pmulhuw mm4, mm5 */
    0x0f, 0xda, 0xe8,                       /* pminub mm5, mm0 */
    0x0f, 0xde, 0x76, 0x10,                 /* pmaxub mm6, [rsi+0x10] */
    0x0f, 0xea, 0xfa,                       /* pminsw mm7, mm2 */
    0x0f, 0xee, 0xc4,                       /* pmaxsw mm0, mm4 */
    0x0f, 0xe0, 0xce,                       /* pavgb mm1, mm6 */
    0x0f, 0xe3, 0x56, 0x18,                 /* pavgw mm2, [rsi+0x18] */
    0x0f, 0xf6, 0xdf,                       /* psadbw mm3, mm7 */
    0x0f, 0xf6, 0x66, 0x20,                 /* psadbw mm4, [rsi+0x20] */
};
static const uint8_t s_shift[] = {
    0x0f, 0x71, 0xf0, 0x03,                 /* psllw mm0, 3 */
    0x0f, 0x72, 0xf1, 0x1f,                 /* pslld mm1, 31 */
    0x0f, 0x73, 0xf2, 0x3f,                 /* psllq mm2, 63 */
    0x0f, 0x71, 0xd3, 0x10,                 /* psrlw mm3, 16 */
    0x0f, 0x72, 0xd4, 0x05,                 /* psrld mm4, 5 */
    0x0f, 0x73, 0xd5, 0x40,                 /* psrlq mm5, 64 */
    0x0f, 0x71, 0xe6, 0x11,                 /* psraw mm6, 17 */
    0x0f, 0x72, 0xe7, 0x09,                 /* psrad mm7, 9 */
    0xb9, 0x07, 0x00, 0x00, 0x00,           /* mov ecx, 7 */
    0x0f, 0x6e, 0xc9,                       /* movd mm1, ecx */
    0x0f, 0xf1, 0xc1,                       /* psllw mm0, mm1 */
    0x0f, 0xe2, 0xd1,                       /* psrad mm2, mm1 */
    0x0f, 0xd3, 0xd9,                       /* psrlq mm3, mm1 */
    0x0f, 0xf2, 0x26,                       /* pslld mm4, [rsi] */
    0x0f, 0xe1, 0x6e, 0x08,                 /* psraw mm5, [rsi+0x8] */
    0x0f, 0xd1, 0xf7,                       /* psrlw mm6, mm7 */
    0x0f, 0xf3, 0xf9,                       /* psllq mm7, mm1 */
    0x0f, 0xd2, 0xc1,                       /* psrld mm0, mm1 */
};
static const uint8_t s_pack[] = {
    0x0f, 0x63, 0xc1,                       /* packsswb mm0, mm1 */
    0x0f, 0x6b, 0x16,                       /* packssdw mm2, [rsi] */
    0x0f, 0x67, 0xdc,                       /* packuswb mm3, mm4 */
    0x0f, 0x60, 0xe5,                       /* punpcklbw mm4, mm5 */
    0x0f, 0x68, 0xe8,                       /* punpckhbw mm5, mm0 */
    0x0f, 0x61, 0x4e, 0x08,                 /* punpcklwd mm1, [rsi+0x8] */
    0x0f, 0x69, 0xd3,                       /* punpckhwd mm2, mm3 */
    0x0f, 0x62, 0xd9,                       /* punpckldq mm3, mm1 */
    0x0f, 0x6a, 0x46, 0x10,                 /* punpckhdq mm0, [rsi+0x10] */
    0x0f, 0x68, 0x76, 0x18,                 /* punpckhbw mm6, [rsi+0x18] */
    0x0f, 0x70, 0xca, 0x1b,                 /* pshufw mm1, mm2, 0x1b */
    0x0f, 0x70, 0x66, 0x20, 0x72,           /* pshufw mm4, [rsi+0x20], 0x72 */
    0x0f, 0xc4, 0xd0, 0x02,                 /* pinsrw mm2, eax, 2 */
    0x0f, 0xc4, 0x5e, 0x30, 0x07,           /* pinsrw mm3, [rsi+0x30], 7 */
    0x0f, 0xc5, 0xc4, 0x01,                 /* pextrw eax, mm4, 1 */
    0x0f, 0xd7, 0xcd,                       /* pmovmskb ecx, mm5 */
    0x48, 0xc1, 0xe1, 0x20,                 /* shl rcx, 32 */
    0x48, 0x09, 0xc8,                       /* or rax, rcx */
};
static const uint8_t s_move[] = {
    0x0f, 0x6e, 0xc0,                       /* movd mm0, eax */
    0x48, 0x0f, 0x6e, 0xc8,                 /* movq mm1, rax */
    0x0f, 0x6f, 0x16,                       /* movq mm2, [rsi] */
    0x0f, 0x6e, 0x5e, 0x08,                 /* movd mm3, [rsi+0x8] */
    0x0f, 0x7f, 0x66, 0x10,                 /* movq [rsi+0x10], mm4 */
    0x0f, 0x7e, 0x6e, 0x18,                 /* movd [rsi+0x18], mm5 */
    0x0f, 0x6f, 0xf5,                       /* movq mm6, mm5 */
    0xf3, 0x0f, 0xd6, 0xc6,                 /* movq2dq xmm0, mm6 */
    0xf2, 0x0f, 0xd6, 0xf9,                 /* movdq2q mm7, xmm1 */
    0x0f, 0xe7, 0x46, 0x20,                 /* movntq [rsi+0x20], mm0 */
    0x0f, 0xdb, 0xca,                       /* pand mm1, mm2 */
    0x0f, 0xdf, 0x56, 0x28,                 /* pandn mm2, [rsi+0x28] */
    0x0f, 0xeb, 0xdc,                       /* por mm3, mm4 */
    0x0f, 0xef, 0xe4,                       /* pxor mm4, mm4 */
    0x0f, 0xd4, 0xe9,                       /* paddq mm5, mm1 */
    0x0f, 0xfb, 0x76, 0x30,                 /* psubq mm6, [rsi+0x30] */
    0x0f, 0x7e, 0xd9,                       /* movd ecx, mm3 */
    0x48, 0x0f, 0x7e, 0xd0,                 /* movq rax, mm2 */
    0x48, 0x01, 0xc8,                       /* add rax, rcx */
};
static const uint8_t s_maskmov[] = {
    0x48, 0x89, 0xf9,                       /* mov rcx, rdi */
    0x48, 0x8d, 0x7e, 0x40,                 /* lea rdi, [rsi+0x40] */
    0x0f, 0xf7, 0xc1,                       /* maskmovq mm0, mm1 */
    0x48, 0x8d, 0x7e, 0x48,                 /* lea rdi, [rsi+0x48] */
    0x0f, 0xf7, 0xd3,                       /* maskmovq mm2, mm3 */
    0x48, 0x89, 0xcf,                       /* mov rdi, rcx */
};
static const uint8_t s_cvt[] = {
    0x0f, 0x2a, 0xc0,                       /* cvtpi2ps xmm0, mm0 */
    0x66, 0x0f, 0x2a, 0xc9,                 /* cvtpi2pd xmm1, mm1 */
    0x0f, 0x2d, 0xd2,                       /* cvtps2pi mm2, xmm2 */
    0x0f, 0x2c, 0x1e,                       /* cvttps2pi mm3, [rsi] */
    0x66, 0x0f, 0x2d, 0xe3,                 /* cvtpd2pi mm4, xmm3 */
    0x66, 0x0f, 0x2c, 0x6e, 0x10,           /* cvttpd2pi mm5, [rsi+0x10] */
    0x0f, 0x2d, 0x76, 0x28,                 /* cvtps2pi mm6, [rsi+0x28] */
    0x66, 0x0f, 0x2c, 0xf9,                 /* cvttpd2pi mm7, xmm1 */
    0x66, 0x0f, 0x2d, 0x46, 0x30,           /* cvtpd2pi mm0, [rsi+0x30] */
    0x0f, 0x2c, 0xc8,                       /* cvttps2pi mm1, xmm0 */
};
static const uint8_t s_cvt_mem_only[] = {
    0x0f, 0x2a, 0x06,                       /* cvtpi2ps xmm0, [rsi] */
    0x66, 0x0f, 0x2a, 0x4e, 0x08,           /* cvtpi2pd xmm1, [rsi+0x8] */
};
static const uint8_t s_read_only[] = {
    0x0f, 0x7e, 0xd8,                       /* movd eax, mm3 */
};
static const uint8_t s_emms[] = {
    0x0f, 0xfd, 0xca,                       /* paddw mm1, mm2 */
    0x0f, 0x77,                             /* emms */
};
static const uint8_t s_bad_cvtpd2pi[] = {
    0x66, 0x0f, 0x2d, 0x46, 0x08,           /* cvtpd2pi mm0, [rsi+0x8] */
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

/* The x87 state the harness's prologue leaves, in the guest's terms. */
#define START_TOP 6
#define START_FTW 0x1fffu /* R7 valid (00), R6 zero (01), R0-R5 empty */

static void guest_start_state(const struct native_regs *r)
{
    memset(cpu.st, 0, sizeof cpu.st);
    for (unsigned p = 0; p < 6; p++) {
        memcpy(cpu.st[p], &r->mm[p], 8);
        cpu.st[p][8] = cpu.st[p][9] = 0xff; /* written as mm by the movq */
    }
    cpu.st[7][7] = 0x80; /* 1.0: mantissa 1 << 63, exponent 0x3fff */
    cpu.st[7][8] = 0xff;
    cpu.st[7][9] = 0x3f;
    cpu.ftop = START_TOP;
    cpu.ftw = START_FTW;
    cpu.fsw = 0;
    cpu.fcw = X86_FCW_DEFAULT;
}

static unsigned abridged(uint16_t ftw)
{
    unsigned r = 0;
    for (unsigned i = 0; i < 8; i++)
        if (((ftw >> (2 * i)) & 3) != 3)
            r |= 1u << i;
    return r;
}

/* The guest's x87 side against the native fxsave image. */
static void check_x87(const char *name, unsigned seed, const uint8_t *fx)
{
    uint16_t fsw;
    memcpy(&fsw, fx + 2, 2);
    unsigned top = (fsw >> 11) & 7;
    cr_assert_eq(cpu.ftop, top, "%s seed %u: top %u, native %u", name, seed,
                 cpu.ftop, top);
    cr_assert_eq(cpu.fsw, fsw & ~0x3800u, "%s seed %u: fsw %x, native %x",
                 name, seed, cpu.fsw, fsw);
    cr_assert_eq(abridged(cpu.ftw), fx[4], "%s seed %u: tags %04x, native %02x",
                 name, seed, cpu.ftw, fx[4]);
    for (unsigned p = 0; p < 8; p++) {
        const uint8_t *want = fx + 32 + 16 * ((p - top) & 7);
        cr_assert(memcmp(cpu.st[p], want, 10) == 0,
                  "%s seed %u: R%u %04x:%016llx, native %04x:%016llx", name,
                  seed, p, *(uint16_t *)(cpu.st[p] + 8),
                  *(unsigned long long *)cpu.st[p], *(const uint16_t *)(want + 8),
                  *(const unsigned long long *)want);
    }
}

/* Fills registers and data with edge values picked by seed. */
static void fill_inputs(unsigned seed, struct native_regs *r, uint8_t *data)
{
    uint8_t v[16];
    for (unsigned i = 0; i < 4; i++)
        vec((enum lanes)((seed + i) % 3), seed * 3 + i, r->xmm[i]);
    for (unsigned i = 0; i < 8; i++) {
        vec(LW, seed * 7 + i, v);
        memcpy(&r->mm[i], v, 8);
    }
    r->rax = edge_int[seed % LEN(edge_int)];
    for (unsigned k = 0; k < DATA_SIZE / 16; k++)
        vec((enum lanes)((seed + k) % 3), seed + 7 * k, data + 16 * k);
}

/* code under the interpreter vs natively, for several inputs and modes. */
static void check_snippet(const char *name, const uint8_t *code, size_t len)
{
    static uint8_t native_data[DATA_SIZE] __attribute__((aligned(64)));
    static struct native_regs r;
    for (unsigned seed = 0; seed < 12; seed++) {
        memset(&r, 0, sizeof r);
        r.mxcsr = modes[seed % 4];
        fill_inputs(seed, &r, native_data);
        memcpy(mmu_host(xs.m, DATA), native_data, DATA_SIZE);
        for (unsigned i = 0; i < 4; i++)
            memcpy(cpu.xmm[i], r.xmm[i], 16);
        cpu.gpr[X86_RAX_] = r.rax;
        cpu.gpr[X86_RSI_] = DATA;
        cpu.mxcsr = r.mxcsr;
        x86_mxcsr_discard(); /* MXCSR set afresh: no pending host flags */
        guest_start_state(&r);
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
        const uint8_t *guest_data = mmu_host(xs.m, DATA);
        for (unsigned k = 0; k < DATA_SIZE; k++)
            cr_assert_eq(guest_data[k], native_data[k],
                         "%s seed %u: data byte %u %02x, native %02x", name,
                         seed, k, guest_data[k], native_data[k]);
        check_x87(name, seed, r.fx);
    }
}

#define SNIPPET(code) check_snippet(#code, code, sizeof code)

Test(x86_mmx_lift, add_sub_saturate_compare) { SNIPPET(s_arith); }
Test(x86_mmx_lift, multiply_min_max_average_sad) { SNIPPET(s_mul); }
Test(x86_mmx_lift, shifts_by_imm_register_memory) { SNIPPET(s_shift); }
Test(x86_mmx_lift, pack_unpack_shuffle_insert_extract) { SNIPPET(s_pack); }
Test(x86_mmx_lift, moves_and_bitwise) { SNIPPET(s_move); }
Test(x86_mmx_lift, maskmovq_writes_the_selected_bytes) { SNIPPET(s_maskmov); }
Test(x86_mmx_lift, conversions_with_packed_floats) { SNIPPET(s_cvt); }

/* cvtpi2ps/pd from memory do not switch the x87 unit to MMX use. */
Test(x86_mmx_lift, memory_forms_of_cvtpi2ps_keep_the_x87_state)
{
    SNIPPET(s_cvt_mem_only);
    cr_assert_eq(cpu.ftop, START_TOP);
    cr_assert_eq(cpu.ftw, START_FTW);
}

/* Even an instruction that only reads an mm register sets TOP and tags;
 * registers it does not write keep their contents and exponents. */
Test(x86_mmx_lift, reading_an_mm_register_enters_mmx_state)
{
    SNIPPET(s_read_only);
    cr_assert_eq(cpu.ftop, 0);
    cr_assert_eq(cpu.ftw, 0);
}

Test(x86_mmx_lift, emms_empties_every_tag)
{
    SNIPPET(s_emms);
    cr_assert_eq(cpu.ftw, 0xffff);
    cr_assert_eq(cpu.ftop, 0);
}

/* cvtpd2pi's m128 must be 16-byte aligned (#GP): the fault comes before
 * any state changes, the x87 side included. */
Test(x86_mmx_lift, misaligned_cvtpd2pi_faults_before_any_change)
{
    xs_load(s_bad_cvtpd2pi, sizeof s_bad_cvtpd2pi);
    cpu.gpr[X86_RSI_] = DATA;
    memset(cpu.st, 0x5a, sizeof cpu.st);
    cpu.ftop = START_TOP;
    cpu.ftw = START_FTW;
    cpu.mxcsr = 0x1f80;
    x86_mxcsr_discard(); /* MXCSR set afresh: no pending host flags */
    struct x86_cpu before = cpu;
    cpu.ctx.pc = CODE;
    x86_lift_block(&xs.b, CODE, xs_fetch, NULL);
    cr_assert_null(ir_validate(&xs.b));
    struct interp_exit ex;
    cr_assert_eq(interp_run(&xs.b, &cpu.ctx, &ex), INTERP_FAULT);
    cr_assert(ex.misaligned);
    cr_assert_eq(cpu.ctx.pc, CODE);
    cr_assert(memcmp(cpu.st, before.st, sizeof cpu.st) == 0);
    cr_assert_eq(cpu.ftop, START_TOP);
    cr_assert_eq(cpu.ftw, START_FTW);
}

/* The shared mnemonics still reach the right lifter for each form. */
Test(x86_mmx_lift, mmx_and_sse_forms_are_both_lifted)
{
    static const uint8_t forms[][5] = {
        {0x0f, 0xfc, 0xc1},             /* paddb mm0, mm1 */
        {0x66, 0x0f, 0xfc, 0xc1},       /* paddb xmm0, xmm1 */
        {0x0f, 0x70, 0xc1, 0x1b},       /* pshufw mm0, mm1, 0x1b */
        {0x66, 0x0f, 0x70, 0xc1, 0x1b}, /* pshufd xmm0, xmm1, 0x1b */
        {0x0f, 0x77},                   /* emms */
        {0x0f, 0xf7, 0xc1},             /* maskmovq mm0, mm1 */
    };
    for (size_t i = 0; i < LEN(forms); i++) {
        unsigned len;
        cr_assert_eq(x86_lift_probe(forms[i], sizeof forms[i], CODE, &len, NULL),
                     X86_PROBE_LIFTED, "form %zu", i);
    }
    /* vpshufb is AVX, which is not reported: still refused */
    static const uint8_t vpshufb[] = {0xc4, 0xe2, 0x71, 0x00, 0xc2};
    unsigned len;
    cr_assert_eq(x86_lift_probe(vpshufb, sizeof vpshufb, CODE, &len, NULL),
                 X86_PROBE_UNLIFTED);
}
