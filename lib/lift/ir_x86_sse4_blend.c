/*
 * ir_x86_sse4_blend.c — the x86_sse helper's SSE4.1 lane moves: blends by
 * imm8 (plain C on lanes: the intrinsics want a compile-time imm8) and by
 * the sign bits of xmm0 (host SSE4.1), inserts and extracts.
 */
#include <smmintrin.h>
#include <string.h>

#include "x86_64/x86_64_sse.h"

/* Lane i of width bytes comes from src when imm8 bit i is set. */
static uint64_t blend_imm(const struct x86_sse_io *io, unsigned width)
{
    for (unsigned i = 0; i < 16 / width; i++)
        if ((io->imm8 >> i) & 1)
            memcpy(io->dst + width * i, io->src + width * i, width);
    return 0;
}

uint64_t x86_sse_op_BLENDPS(const struct x86_sse_io *io) { return blend_imm(io, 4); }
uint64_t x86_sse_op_BLENDPD(const struct x86_sse_io *io) { return blend_imm(io, 8); }
uint64_t x86_sse_op_PBLENDW(const struct x86_sse_io *io) { return blend_imm(io, 2); }

static __m128i load(const uint8_t *p) { return _mm_loadu_si128((const __m128i *)p); }

static uint64_t put(const struct x86_sse_io *io, __m128i v)
{
    _mm_storeu_si128((__m128i *)io->dst, v);
    return 0;
}

uint64_t x86_sse_op_BLENDVPS(const struct x86_sse_io *io)
{
    __m128 r = _mm_blendv_ps(_mm_castsi128_ps(load(io->dst)),
                             _mm_castsi128_ps(load(io->src)),
                             _mm_castsi128_ps(load(io->xmm0)));
    return put(io, _mm_castps_si128(r));
}

uint64_t x86_sse_op_BLENDVPD(const struct x86_sse_io *io)
{
    __m128d r = _mm_blendv_pd(_mm_castsi128_pd(load(io->dst)),
                              _mm_castsi128_pd(load(io->src)),
                              _mm_castsi128_pd(load(io->xmm0)));
    return put(io, _mm_castpd_si128(r));
}

uint64_t x86_sse_op_PBLENDVB(const struct x86_sse_io *io)
{
    return put(io, _mm_blendv_epi8(load(io->dst), load(io->src), load(io->xmm0)));
}

/* pinsrb/d/q xmm, r/m, imm8: a holds the value. */
static uint64_t insert(const struct x86_sse_io *io, unsigned width)
{
    uint64_t v = io->a;
    memcpy(io->dst + width * (io->imm8 & (16 / width - 1)), &v, width);
    return 0;
}

uint64_t x86_sse_op_PINSRB(const struct x86_sse_io *io) { return insert(io, 1); }
uint64_t x86_sse_op_PINSRD(const struct x86_sse_io *io) { return insert(io, 4); }
uint64_t x86_sse_op_PINSRQ(const struct x86_sse_io *io) { return insert(io, 8); }

/* Source lane imm8[7:6] to destination lane imm8[5:4], then the lanes of
 * imm8[3:0] zeroed (the lifter clears imm8[7:6] for an m32 source). */
uint64_t x86_sse_op_INSERTPS(const struct x86_sse_io *io)
{
    uint32_t lane[4], v;
    memcpy(lane, io->dst, 16);
    memcpy(&v, io->src + 4 * ((io->imm8 >> 6) & 3), 4);
    lane[(io->imm8 >> 4) & 3] = v;
    for (unsigned i = 0; i < 4; i++)
        if ((io->imm8 >> i) & 1)
            lane[i] = 0;
    memcpy(io->dst, lane, 16);
    return 0;
}

/* The lane imm8 picks, zero-extended. */
static uint64_t extract(const struct x86_sse_io *io, unsigned width)
{
    uint64_t v = 0;
    memcpy(&v, io->src + width * (io->imm8 & (16 / width - 1)), width);
    return v;
}

uint64_t x86_sse_op_PEXTRB(const struct x86_sse_io *io) { return extract(io, 1); }
uint64_t x86_sse_op_PEXTRD(const struct x86_sse_io *io) { return extract(io, 4); }
uint64_t x86_sse_op_PEXTRQ(const struct x86_sse_io *io) { return extract(io, 8); }
uint64_t x86_sse_op_EXTRACTPS(const struct x86_sse_io *io) { return extract(io, 4); }
