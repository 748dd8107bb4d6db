/*
 * ir_x86_sse_fp.c — the x86_sse helper's floating-point arithmetic and
 * compares on the host's SSE unit (the caller has loaded the guest's
 * MXCSR). Scalar forms keep the upper lanes of dst, as the instructions
 * do; only the low lane of src is read, so a scalar memory operand needs
 * only its 4 or 8 bytes in the scratch slot.
 */
#include <emmintrin.h>

#include "x86_64/x86_64_sse.h"

/* dst as two 8-byte loads: tier 1 and the lifter write xmm registers in
 * 8-byte halves, and a 16-byte load of two fresh 8-byte stores cannot be
 * forwarded from them (a stall of a dozen cycles per op). */
static __m128d halves(const uint8_t *p)
{
    return _mm_loadh_pd(_mm_load_sd((const double *)p), (const double *)(p + 8));
}

static __m128 dps(const struct x86_sse_io *io) { return _mm_castpd_ps(halves(io->dst)); }
static __m128 sps(const struct x86_sse_io *io) { return _mm_loadu_ps((const float *)io->src); }
static __m128d dpd(const struct x86_sse_io *io) { return halves(io->dst); }
static __m128d spd(const struct x86_sse_io *io) { return _mm_loadu_pd((const double *)io->src); }
/* A scalar op reads only src's low lane: load just those bytes, so an
 * operand the lifter stored as 4 or 8 bytes forwards from that store
 * (a 16-byte load of it stalls). The upper lanes read as zeros. */
static __m128 sss(const struct x86_sse_io *io) { return _mm_load_ss((const float *)io->src); }
static __m128d ssd(const struct x86_sse_io *io) { return _mm_load_sd((const double *)io->src); }

static uint64_t put_ps(const struct x86_sse_io *io, __m128 v)
{
    _mm_storeu_ps((float *)io->dst, v);
    return 0;
}

static uint64_t put_pd(const struct x86_sse_io *io, __m128d v)
{
    _mm_storeu_pd((double *)io->dst, v);
    return 0;
}

/*
 * add and mul go through asm: the compiler treats them as commutative and
 * may swap the operands, which changes which NaN the result carries (x86
 * returns the first operand's when both are NaNs).
 */
static __m128 addps(__m128 d, __m128 s) { __asm__ volatile("addps %1, %0" : "+x"(d) : "x"(s)); return d; }
static __m128 addss(__m128 d, __m128 s) { __asm__ volatile("addss %1, %0" : "+x"(d) : "x"(s)); return d; }
static __m128d addpd(__m128d d, __m128d s) { __asm__ volatile("addpd %1, %0" : "+x"(d) : "x"(s)); return d; }
static __m128d addsd(__m128d d, __m128d s) { __asm__ volatile("addsd %1, %0" : "+x"(d) : "x"(s)); return d; }
static __m128 mulps(__m128 d, __m128 s) { __asm__ volatile("mulps %1, %0" : "+x"(d) : "x"(s)); return d; }
static __m128 mulss(__m128 d, __m128 s) { __asm__ volatile("mulss %1, %0" : "+x"(d) : "x"(s)); return d; }
static __m128d mulpd(__m128d d, __m128d s) { __asm__ volatile("mulpd %1, %0" : "+x"(d) : "x"(s)); return d; }
static __m128d mulsd(__m128d d, __m128d s) { __asm__ volatile("mulsd %1, %0" : "+x"(d) : "x"(s)); return d; }

uint64_t x86_sse_op_ADDPS(const struct x86_sse_io *io) { return put_ps(io, addps(dps(io), sps(io))); }
uint64_t x86_sse_op_ADDSS(const struct x86_sse_io *io) { return put_ps(io, addss(dps(io), sss(io))); }
uint64_t x86_sse_op_ADDPD(const struct x86_sse_io *io) { return put_pd(io, addpd(dpd(io), spd(io))); }
uint64_t x86_sse_op_ADDSD(const struct x86_sse_io *io) { return put_pd(io, addsd(dpd(io), ssd(io))); }
uint64_t x86_sse_op_SUBPS(const struct x86_sse_io *io) { return put_ps(io, _mm_sub_ps(dps(io), sps(io))); }
uint64_t x86_sse_op_SUBSS(const struct x86_sse_io *io) { return put_ps(io, _mm_sub_ss(dps(io), sss(io))); }
uint64_t x86_sse_op_SUBPD(const struct x86_sse_io *io) { return put_pd(io, _mm_sub_pd(dpd(io), spd(io))); }
uint64_t x86_sse_op_SUBSD(const struct x86_sse_io *io) { return put_pd(io, _mm_sub_sd(dpd(io), ssd(io))); }
uint64_t x86_sse_op_MULPS(const struct x86_sse_io *io) { return put_ps(io, mulps(dps(io), sps(io))); }
uint64_t x86_sse_op_MULSS(const struct x86_sse_io *io) { return put_ps(io, mulss(dps(io), sss(io))); }
uint64_t x86_sse_op_MULPD(const struct x86_sse_io *io) { return put_pd(io, mulpd(dpd(io), spd(io))); }
uint64_t x86_sse_op_MULSD(const struct x86_sse_io *io) { return put_pd(io, mulsd(dpd(io), ssd(io))); }
uint64_t x86_sse_op_DIVPS(const struct x86_sse_io *io) { return put_ps(io, _mm_div_ps(dps(io), sps(io))); }
uint64_t x86_sse_op_DIVSS(const struct x86_sse_io *io) { return put_ps(io, _mm_div_ss(dps(io), sss(io))); }
uint64_t x86_sse_op_DIVPD(const struct x86_sse_io *io) { return put_pd(io, _mm_div_pd(dpd(io), spd(io))); }
uint64_t x86_sse_op_DIVSD(const struct x86_sse_io *io) { return put_pd(io, _mm_div_sd(dpd(io), ssd(io))); }
/* min/max return the second operand (src) when either is NaN or both are
 * zeros: the host instruction has the same operand order. */
uint64_t x86_sse_op_MINPS(const struct x86_sse_io *io) { return put_ps(io, _mm_min_ps(dps(io), sps(io))); }
uint64_t x86_sse_op_MINSS(const struct x86_sse_io *io) { return put_ps(io, _mm_min_ss(dps(io), sss(io))); }
uint64_t x86_sse_op_MINPD(const struct x86_sse_io *io) { return put_pd(io, _mm_min_pd(dpd(io), spd(io))); }
uint64_t x86_sse_op_MINSD(const struct x86_sse_io *io) { return put_pd(io, _mm_min_sd(dpd(io), ssd(io))); }
uint64_t x86_sse_op_MAXPS(const struct x86_sse_io *io) { return put_ps(io, _mm_max_ps(dps(io), sps(io))); }
uint64_t x86_sse_op_MAXSS(const struct x86_sse_io *io) { return put_ps(io, _mm_max_ss(dps(io), sss(io))); }
uint64_t x86_sse_op_MAXPD(const struct x86_sse_io *io) { return put_pd(io, _mm_max_pd(dpd(io), spd(io))); }
uint64_t x86_sse_op_MAXSD(const struct x86_sse_io *io) { return put_pd(io, _mm_max_sd(dpd(io), ssd(io))); }

uint64_t x86_sse_op_SQRTPS(const struct x86_sse_io *io) { return put_ps(io, _mm_sqrt_ps(sps(io))); }
uint64_t x86_sse_op_SQRTSS(const struct x86_sse_io *io) { return put_ps(io, _mm_move_ss(dps(io), _mm_sqrt_ss(sss(io)))); }
uint64_t x86_sse_op_SQRTPD(const struct x86_sse_io *io) { return put_pd(io, _mm_sqrt_pd(spd(io))); }
uint64_t x86_sse_op_SQRTSD(const struct x86_sse_io *io) { return put_pd(io, _mm_sqrt_sd(dpd(io), ssd(io))); }
uint64_t x86_sse_op_RCPPS(const struct x86_sse_io *io) { return put_ps(io, _mm_rcp_ps(sps(io))); }
uint64_t x86_sse_op_RCPSS(const struct x86_sse_io *io) { return put_ps(io, _mm_move_ss(dps(io), _mm_rcp_ss(sss(io)))); }
uint64_t x86_sse_op_RSQRTPS(const struct x86_sse_io *io) { return put_ps(io, _mm_rsqrt_ps(sps(io))); }
uint64_t x86_sse_op_RSQRTSS(const struct x86_sse_io *io) { return put_ps(io, _mm_move_ss(dps(io), _mm_rsqrt_ss(sss(io)))); }

/* cmpXX predicates 0-7: eq, lt, le, unord, neq, nlt, nle, ord. */
typedef __m128 (*cmp_ps_fn)(__m128, __m128);
typedef __m128d (*cmp_pd_fn)(__m128d, __m128d);

static __m128 eq_ps(__m128 a, __m128 b) { return _mm_cmpeq_ps(a, b); }
static __m128 lt_ps(__m128 a, __m128 b) { return _mm_cmplt_ps(a, b); }
static __m128 le_ps(__m128 a, __m128 b) { return _mm_cmple_ps(a, b); }
static __m128 unord_ps(__m128 a, __m128 b) { return _mm_cmpunord_ps(a, b); }
static __m128 neq_ps(__m128 a, __m128 b) { return _mm_cmpneq_ps(a, b); }
static __m128 nlt_ps(__m128 a, __m128 b) { return _mm_cmpnlt_ps(a, b); }
static __m128 nle_ps(__m128 a, __m128 b) { return _mm_cmpnle_ps(a, b); }
static __m128 ord_ps(__m128 a, __m128 b) { return _mm_cmpord_ps(a, b); }
static __m128 eq_ss(__m128 a, __m128 b) { return _mm_cmpeq_ss(a, b); }
static __m128 lt_ss(__m128 a, __m128 b) { return _mm_cmplt_ss(a, b); }
static __m128 le_ss(__m128 a, __m128 b) { return _mm_cmple_ss(a, b); }
static __m128 unord_ss(__m128 a, __m128 b) { return _mm_cmpunord_ss(a, b); }
static __m128 neq_ss(__m128 a, __m128 b) { return _mm_cmpneq_ss(a, b); }
static __m128 nlt_ss(__m128 a, __m128 b) { return _mm_cmpnlt_ss(a, b); }
static __m128 nle_ss(__m128 a, __m128 b) { return _mm_cmpnle_ss(a, b); }
static __m128 ord_ss(__m128 a, __m128 b) { return _mm_cmpord_ss(a, b); }
static __m128d eq_pd(__m128d a, __m128d b) { return _mm_cmpeq_pd(a, b); }
static __m128d lt_pd(__m128d a, __m128d b) { return _mm_cmplt_pd(a, b); }
static __m128d le_pd(__m128d a, __m128d b) { return _mm_cmple_pd(a, b); }
static __m128d unord_pd(__m128d a, __m128d b) { return _mm_cmpunord_pd(a, b); }
static __m128d neq_pd(__m128d a, __m128d b) { return _mm_cmpneq_pd(a, b); }
static __m128d nlt_pd(__m128d a, __m128d b) { return _mm_cmpnlt_pd(a, b); }
static __m128d nle_pd(__m128d a, __m128d b) { return _mm_cmpnle_pd(a, b); }
static __m128d ord_pd(__m128d a, __m128d b) { return _mm_cmpord_pd(a, b); }
static __m128d eq_sd(__m128d a, __m128d b) { return _mm_cmpeq_sd(a, b); }
static __m128d lt_sd(__m128d a, __m128d b) { return _mm_cmplt_sd(a, b); }
static __m128d le_sd(__m128d a, __m128d b) { return _mm_cmple_sd(a, b); }
static __m128d unord_sd(__m128d a, __m128d b) { return _mm_cmpunord_sd(a, b); }
static __m128d neq_sd(__m128d a, __m128d b) { return _mm_cmpneq_sd(a, b); }
static __m128d nlt_sd(__m128d a, __m128d b) { return _mm_cmpnlt_sd(a, b); }
static __m128d nle_sd(__m128d a, __m128d b) { return _mm_cmpnle_sd(a, b); }
static __m128d ord_sd(__m128d a, __m128d b) { return _mm_cmpord_sd(a, b); }

static const cmp_ps_fn cmp_ps[8] = { eq_ps, lt_ps, le_ps, unord_ps, neq_ps, nlt_ps, nle_ps, ord_ps };
static const cmp_ps_fn cmp_ss[8] = { eq_ss, lt_ss, le_ss, unord_ss, neq_ss, nlt_ss, nle_ss, ord_ss };
static const cmp_pd_fn cmp_pd[8] = { eq_pd, lt_pd, le_pd, unord_pd, neq_pd, nlt_pd, nle_pd, ord_pd };
static const cmp_pd_fn cmp_sd[8] = { eq_sd, lt_sd, le_sd, unord_sd, neq_sd, nlt_sd, nle_sd, ord_sd };

uint64_t x86_sse_op_CMPPS(const struct x86_sse_io *io) { return put_ps(io, cmp_ps[io->imm8 & 7](dps(io), sps(io))); }
uint64_t x86_sse_op_CMPSS(const struct x86_sse_io *io) { return put_ps(io, cmp_ss[io->imm8 & 7](dps(io), sss(io))); }
uint64_t x86_sse_op_CMPPD(const struct x86_sse_io *io) { return put_pd(io, cmp_pd[io->imm8 & 7](dpd(io), spd(io))); }
uint64_t x86_sse_op_CMPSD(const struct x86_sse_io *io) { return put_pd(io, cmp_sd[io->imm8 & 7](dpd(io), ssd(io))); }

/* (u)comis[sd]: the flags straight from the host instruction, so which
 * NaNs raise IE (any for comis, signalling only for ucomis) is exact. */
static uint64_t flags_of(uint8_t zf, uint8_t pf, uint8_t cf)
{
    return (zf ? X86_SSE_FLAG_ZF : 0) | (pf ? X86_SSE_FLAG_PF : 0) |
           (cf ? X86_SSE_FLAG_CF : 0);
}

uint64_t x86_sse_op_COMISS(const struct x86_sse_io *io)
{
    uint8_t zf, pf, cf;
    __asm__ volatile("comiss %3, %4\n\tsetz %0\n\tsetp %1\n\tsetc %2"
                     : "=q"(zf), "=q"(pf), "=q"(cf)
                     : "x"(sps(io)), "x"(dps(io)) : "cc");
    return flags_of(zf, pf, cf);
}

uint64_t x86_sse_op_UCOMISS(const struct x86_sse_io *io)
{
    uint8_t zf, pf, cf;
    __asm__ volatile("ucomiss %3, %4\n\tsetz %0\n\tsetp %1\n\tsetc %2"
                     : "=q"(zf), "=q"(pf), "=q"(cf)
                     : "x"(sps(io)), "x"(dps(io)) : "cc");
    return flags_of(zf, pf, cf);
}

uint64_t x86_sse_op_COMISD(const struct x86_sse_io *io)
{
    uint8_t zf, pf, cf;
    __asm__ volatile("comisd %3, %4\n\tsetz %0\n\tsetp %1\n\tsetc %2"
                     : "=q"(zf), "=q"(pf), "=q"(cf)
                     : "x"(spd(io)), "x"(dpd(io)) : "cc");
    return flags_of(zf, pf, cf);
}

uint64_t x86_sse_op_UCOMISD(const struct x86_sse_io *io)
{
    uint8_t zf, pf, cf;
    __asm__ volatile("ucomisd %3, %4\n\tsetz %0\n\tsetp %1\n\tsetc %2"
                     : "=q"(zf), "=q"(pf), "=q"(cf)
                     : "x"(spd(io)), "x"(dpd(io)) : "cc");
    return flags_of(zf, pf, cf);
}
