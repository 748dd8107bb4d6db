/*
 * ir_x86_sse4_fp.c — the x86_sse helper's SSE4.1 floating-point ops, on
 * the host's own instructions under the guest's MXCSR (ir_x86_sse.c), so
 * rounding, NaN choice and exception flags are the hardware's. Their
 * intrinsics want a compile-time imm8, so the imm8 is applied around one
 * fixed form:
 *   dpps/dppd: lanes left out of the product mask are made +0 in both
 *     operands (0 * 0 is the +0.0 the instruction uses for them and raises
 *     nothing); the dot product goes to all lanes, and the lanes outside
 *     the broadcast mask are then zeroed. (Each lane sums in its own
 *     order, so with NaNs in several products the lanes differ.)
 *   round*: a rounding mode in imm8 is put in MXCSR.RC for the one
 *     instruction that rounds by MXCSR; imm8 bit 3 picks the form that
 *     suppresses the precision exception. That instruction and the MXCSR
 *     accesses are volatile asm: the compiler does not see the rounding's
 *     dependence on MXCSR and could move intrinsics across the switches.
 */
#include <smmintrin.h>
#include <string.h>

#include "x86_64/x86_64_sse.h"

#define MXCSR_RC_SHIFT 13
#define MXCSR_RC (3u << MXCSR_RC_SHIFT)
#define ROUND_USE_MXCSR 0x4u
#define ROUND_NO_PRECISION 0x8u

uint64_t x86_sse_op_DPPS(const struct x86_sse_io *io)
{
    float d[4], s[4], r[4];
    memcpy(d, io->dst, 16);
    memcpy(s, io->src, 16);
    for (unsigned i = 0; i < 4; i++)
        if (!((io->imm8 >> (4 + i)) & 1))
            d[i] = s[i] = 0.0f;
    float sum[4];
    _mm_storeu_ps(sum, _mm_dp_ps(_mm_loadu_ps(d), _mm_loadu_ps(s), 0xff));
    for (unsigned i = 0; i < 4; i++)
        r[i] = (io->imm8 >> i) & 1 ? sum[i] : 0.0f;
    memcpy(io->dst, r, 16);
    return 0;
}

uint64_t x86_sse_op_DPPD(const struct x86_sse_io *io)
{
    double d[2], s[2], r[2];
    memcpy(d, io->dst, 16);
    memcpy(s, io->src, 16);
    for (unsigned i = 0; i < 2; i++)
        if (!((io->imm8 >> (4 + i)) & 1))
            d[i] = s[i] = 0.0;
    double sum[2];
    _mm_storeu_pd(sum, _mm_dp_pd(_mm_loadu_pd(d), _mm_loadu_pd(s), 0x33));
    for (unsigned i = 0; i < 2; i++)
        r[i] = (io->imm8 >> i) & 1 ? sum[i] : 0.0;
    memcpy(io->dst, r, 16);
    return 0;
}

/* MXCSR access as volatile asm too, so it stays in order with the
 * rounding (the intrinsics' reads may be merged across it). */
static unsigned get_csr(void)
{
    unsigned v;
    __asm__ volatile("stmxcsr %0" : "=m"(v));
    return v;
}

static void set_csr(unsigned v)
{
    __asm__ volatile("ldmxcsr %0" : : "m"(v));
}

/* Rounds the 16 bytes at src as packed floats (or doubles) by imm8. */
static __m128i round_packed(const uint8_t *src, unsigned imm8, bool dbl)
{
    unsigned csr = get_csr();
    if (!(imm8 & ROUND_USE_MXCSR))
        set_csr((csr & ~MXCSR_RC) | (imm8 & 3) << MXCSR_RC_SHIFT);
    __m128i v = _mm_loadu_si128((const __m128i *)src), r;
    bool quiet = imm8 & ROUND_NO_PRECISION;
    /* imm8 4: by MXCSR.RC; 12: the same, precision exception suppressed */
    if (dbl && quiet)
        __asm__ volatile("roundpd $12, %1, %0" : "=x"(r) : "x"(v));
    else if (dbl)
        __asm__ volatile("roundpd $4, %1, %0" : "=x"(r) : "x"(v));
    else if (quiet)
        __asm__ volatile("roundps $12, %1, %0" : "=x"(r) : "x"(v));
    else
        __asm__ volatile("roundps $4, %1, %0" : "=x"(r) : "x"(v));
    /* Back to the guest's rounding mode, keeping the flags just raised. */
    set_csr((get_csr() & ~MXCSR_RC) | (csr & MXCSR_RC));
    return r;
}

uint64_t x86_sse_op_ROUNDPS(const struct x86_sse_io *io)
{
    _mm_storeu_si128((__m128i *)io->dst, round_packed(io->src, io->imm8, false));
    return 0;
}

uint64_t x86_sse_op_ROUNDPD(const struct x86_sse_io *io)
{
    _mm_storeu_si128((__m128i *)io->dst, round_packed(io->src, io->imm8, true));
    return 0;
}

/* The scalar forms: lane 0 of src rounded (its other lanes may hold
 * anything: rounding them could raise flags, so they are zeroed first);
 * the other lanes of dst stay. */
uint64_t x86_sse_op_ROUNDSS(const struct x86_sse_io *io)
{
    uint8_t lane0[16] = {0}, r[16];
    memcpy(lane0, io->src, 4);
    _mm_storeu_si128((__m128i *)r, round_packed(lane0, io->imm8, false));
    memcpy(io->dst, r, 4);
    return 0;
}

uint64_t x86_sse_op_ROUNDSD(const struct x86_sse_io *io)
{
    uint8_t lane0[16] = {0}, r[16];
    memcpy(lane0, io->src, 8);
    _mm_storeu_si128((__m128i *)r, round_packed(lane0, io->imm8, true));
    memcpy(io->dst, r, 8);
    return 0;
}
