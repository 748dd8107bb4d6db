/*
 * ir_x86_sse_shuffle.c — the x86_sse helper's data-movement ops: pack and
 * unpack (host SSE2), shuffles by imm8 and word insert/extract (plain C on
 * lanes, since the intrinsics want a compile-time imm8), and the sign-bit
 * masks. Lanes are little-endian, as in the guest register.
 */
#include <emmintrin.h>
#include <string.h>

#include "x86_64/x86_64_sse.h"

static __m128i dst_of(const struct x86_sse_io *io)
{
    return _mm_loadu_si128((const __m128i *)io->dst);
}

static __m128i src_of(const struct x86_sse_io *io)
{
    return _mm_loadu_si128((const __m128i *)io->src);
}

static uint64_t put(const struct x86_sse_io *io, __m128i v)
{
    _mm_storeu_si128((__m128i *)io->dst, v);
    return 0;
}

uint64_t x86_sse_op_PACKSSWB(const struct x86_sse_io *io) { return put(io, _mm_packs_epi16(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PACKSSDW(const struct x86_sse_io *io) { return put(io, _mm_packs_epi32(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PACKUSWB(const struct x86_sse_io *io) { return put(io, _mm_packus_epi16(dst_of(io), src_of(io))); }

uint64_t x86_sse_op_PUNPCKLBW(const struct x86_sse_io *io) { return put(io, _mm_unpacklo_epi8(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PUNPCKLWD(const struct x86_sse_io *io) { return put(io, _mm_unpacklo_epi16(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PUNPCKLDQ(const struct x86_sse_io *io) { return put(io, _mm_unpacklo_epi32(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PUNPCKLQDQ(const struct x86_sse_io *io) { return put(io, _mm_unpacklo_epi64(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PUNPCKHBW(const struct x86_sse_io *io) { return put(io, _mm_unpackhi_epi8(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PUNPCKHWD(const struct x86_sse_io *io) { return put(io, _mm_unpackhi_epi16(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PUNPCKHDQ(const struct x86_sse_io *io) { return put(io, _mm_unpackhi_epi32(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PUNPCKHQDQ(const struct x86_sse_io *io) { return put(io, _mm_unpackhi_epi64(dst_of(io), src_of(io))); }
/* The float unpacks move the same bits as their integer twins. */
uint64_t x86_sse_op_UNPCKLPS(const struct x86_sse_io *io) { return put(io, _mm_unpacklo_epi32(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_UNPCKLPD(const struct x86_sse_io *io) { return put(io, _mm_unpacklo_epi64(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_UNPCKHPS(const struct x86_sse_io *io) { return put(io, _mm_unpackhi_epi32(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_UNPCKHPD(const struct x86_sse_io *io) { return put(io, _mm_unpackhi_epi64(dst_of(io), src_of(io))); }

/* Picks lane (imm8 >> 2*i) & 3 of src for each of four 32-bit lanes i. */
uint64_t x86_sse_op_PSHUFD(const struct x86_sse_io *io)
{
    uint32_t s[4], r[4];
    memcpy(s, io->src, 16);
    for (unsigned i = 0; i < 4; i++)
        r[i] = s[(io->imm8 >> (2 * i)) & 3];
    memcpy(io->dst, r, 16);
    return 0;
}

/* Shuffles the four words of one half of src (first = 0 low, 4 high) and
 * copies the other half. */
static uint64_t shuffle_words(const struct x86_sse_io *io, unsigned first)
{
    uint16_t s[8], r[8];
    memcpy(s, io->src, 16);
    memcpy(r, s, 16);
    for (unsigned i = 0; i < 4; i++)
        r[first + i] = s[first + ((io->imm8 >> (2 * i)) & 3)];
    memcpy(io->dst, r, 16);
    return 0;
}

uint64_t x86_sse_op_PSHUFLW(const struct x86_sse_io *io) { return shuffle_words(io, 0); }
uint64_t x86_sse_op_PSHUFHW(const struct x86_sse_io *io) { return shuffle_words(io, 4); }

/* Low two lanes from dst, high two from src, each picked by two bits. */
uint64_t x86_sse_op_SHUFPS(const struct x86_sse_io *io)
{
    uint32_t d[4], s[4], r[4];
    memcpy(d, io->dst, 16);
    memcpy(s, io->src, 16);
    r[0] = d[io->imm8 & 3];
    r[1] = d[(io->imm8 >> 2) & 3];
    r[2] = s[(io->imm8 >> 4) & 3];
    r[3] = s[(io->imm8 >> 6) & 3];
    memcpy(io->dst, r, 16);
    return 0;
}

uint64_t x86_sse_op_SHUFPD(const struct x86_sse_io *io)
{
    uint64_t d[2], s[2], r[2];
    memcpy(d, io->dst, 16);
    memcpy(s, io->src, 16);
    r[0] = d[io->imm8 & 1];
    r[1] = s[(io->imm8 >> 1) & 1];
    memcpy(io->dst, r, 16);
    return 0;
}

/* pinsrw xmm, r32/m16, imm8: a holds the word. */
uint64_t x86_sse_op_PINSRW(const struct x86_sse_io *io)
{
    uint16_t w = (uint16_t)io->a;
    memcpy(io->dst + 2 * (io->imm8 & 7), &w, 2);
    return 0;
}

/* pextrw r32, xmm, imm8: the word, zero-extended. */
uint64_t x86_sse_op_PEXTRW(const struct x86_sse_io *io)
{
    uint16_t w;
    memcpy(&w, io->src + 2 * (io->imm8 & 7), 2);
    return w;
}

uint64_t x86_sse_op_PMOVMSKB(const struct x86_sse_io *io)
{
    return (uint64_t)_mm_movemask_epi8(src_of(io));
}

uint64_t x86_sse_op_MOVMSKPS(const struct x86_sse_io *io)
{
    return (uint64_t)_mm_movemask_ps(_mm_castsi128_ps(src_of(io)));
}

uint64_t x86_sse_op_MOVMSKPD(const struct x86_sse_io *io)
{
    return (uint64_t)_mm_movemask_pd(_mm_castsi128_pd(src_of(io)));
}
