/*
 * ir_x86_sse4_int.c — the x86_sse helper's SSE4.1 integer ops (and
 * SSE4.2's pcmpgtq): multiplies, min/max, 64-bit compares, packusdw,
 * phminposuw, ptest and the widening moves on the host's own SSE4
 * instructions; mpsadbw in plain C (its intrinsic wants a compile-time
 * imm8).
 */
#include <nmmintrin.h>
#include <stdlib.h>

#include "x86_64/x86_64_sse.h"

static __m128i dst_of(const struct x86_sse_io *io) { return _mm_loadu_si128((const __m128i *)io->dst); }
static __m128i src_of(const struct x86_sse_io *io) { return _mm_loadu_si128((const __m128i *)io->src); }

static uint64_t put(const struct x86_sse_io *io, __m128i v)
{
    _mm_storeu_si128((__m128i *)io->dst, v);
    return 0;
}

uint64_t x86_sse_op_PMULDQ(const struct x86_sse_io *io) { return put(io, _mm_mul_epi32(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PMULLD(const struct x86_sse_io *io) { return put(io, _mm_mullo_epi32(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PMINSB(const struct x86_sse_io *io) { return put(io, _mm_min_epi8(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PMINSD(const struct x86_sse_io *io) { return put(io, _mm_min_epi32(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PMINUW(const struct x86_sse_io *io) { return put(io, _mm_min_epu16(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PMINUD(const struct x86_sse_io *io) { return put(io, _mm_min_epu32(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PMAXSB(const struct x86_sse_io *io) { return put(io, _mm_max_epi8(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PMAXSD(const struct x86_sse_io *io) { return put(io, _mm_max_epi32(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PMAXUW(const struct x86_sse_io *io) { return put(io, _mm_max_epu16(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PMAXUD(const struct x86_sse_io *io) { return put(io, _mm_max_epu32(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PCMPEQQ(const struct x86_sse_io *io) { return put(io, _mm_cmpeq_epi64(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PCMPGTQ(const struct x86_sse_io *io) { return put(io, _mm_cmpgt_epi64(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PACKUSDW(const struct x86_sse_io *io) { return put(io, _mm_packus_epi32(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PHMINPOSUW(const struct x86_sse_io *io) { return put(io, _mm_minpos_epu16(src_of(io))); }

/* Eight sums of absolute differences: the 4 source bytes at 4 * imm8[1:0]
 * against the 11 destination bytes from 4 * imm8[2], sliding by one. */
uint64_t x86_sse_op_MPSADBW(const struct x86_sse_io *io)
{
    const uint8_t *d = io->dst + 4 * ((io->imm8 >> 2) & 1);
    const uint8_t *s = io->src + 4 * (io->imm8 & 3);
    uint16_t sum[8];
    for (unsigned i = 0; i < 8; i++) {
        sum[i] = 0;
        for (unsigned k = 0; k < 4; k++)
            sum[i] += (uint16_t)abs((int)d[i + k] - (int)s[k]);
    }
    return put(io, _mm_loadu_si128((const __m128i *)sum));
}

/* ZF: dst AND src is zero; CF: (NOT dst) AND src is zero. */
uint64_t x86_sse_op_PTEST(const struct x86_sse_io *io)
{
    __m128i d = dst_of(io), s = src_of(io);
    return (_mm_testz_si128(d, s) ? X86_SSE_FLAG_ZF : 0) |
           (_mm_testc_si128(d, s) ? X86_SSE_FLAG_CF : 0);
}

/* The widening moves read only the low 2, 4 or 8 source bytes. */
uint64_t x86_sse_op_PMOVSXBW(const struct x86_sse_io *io) { return put(io, _mm_cvtepi8_epi16(src_of(io))); }
uint64_t x86_sse_op_PMOVSXBD(const struct x86_sse_io *io) { return put(io, _mm_cvtepi8_epi32(src_of(io))); }
uint64_t x86_sse_op_PMOVSXBQ(const struct x86_sse_io *io) { return put(io, _mm_cvtepi8_epi64(src_of(io))); }
uint64_t x86_sse_op_PMOVSXWD(const struct x86_sse_io *io) { return put(io, _mm_cvtepi16_epi32(src_of(io))); }
uint64_t x86_sse_op_PMOVSXWQ(const struct x86_sse_io *io) { return put(io, _mm_cvtepi16_epi64(src_of(io))); }
uint64_t x86_sse_op_PMOVSXDQ(const struct x86_sse_io *io) { return put(io, _mm_cvtepi32_epi64(src_of(io))); }
uint64_t x86_sse_op_PMOVZXBW(const struct x86_sse_io *io) { return put(io, _mm_cvtepu8_epi16(src_of(io))); }
uint64_t x86_sse_op_PMOVZXBD(const struct x86_sse_io *io) { return put(io, _mm_cvtepu8_epi32(src_of(io))); }
uint64_t x86_sse_op_PMOVZXBQ(const struct x86_sse_io *io) { return put(io, _mm_cvtepu8_epi64(src_of(io))); }
uint64_t x86_sse_op_PMOVZXWD(const struct x86_sse_io *io) { return put(io, _mm_cvtepu16_epi32(src_of(io))); }
uint64_t x86_sse_op_PMOVZXWQ(const struct x86_sse_io *io) { return put(io, _mm_cvtepu16_epi64(src_of(io))); }
uint64_t x86_sse_op_PMOVZXDQ(const struct x86_sse_io *io) { return put(io, _mm_cvtepu32_epi64(src_of(io))); }
