/*
 * ir_x86_mmx_shuffle.c — the x86_sse helper's MMX data movement: pack and
 * unpack, pshufw, pinsrw/pextrw and pmovmskb on 8-byte operands.
 *
 * The 64-bit pack and unpack forms differ from their 128-bit twins: pack
 * saturates dst's lanes into the low half and src's into the high half of
 * one 8-byte result, and the "high" unpacks interleave the upper halves
 * (bytes 4-7) of the two 8-byte operands. Both are built from the SSE2
 * instruction on a register holding dst in its low and src in its high
 * quadword (pack), or from the 16-byte interleave of the two low halves,
 * whose upper 8 bytes are exactly the MMX "high" result (unpack).
 */
#include <emmintrin.h>
#include <string.h>

#include "x86_64/x86_64_sse.h"

static __m128i dst_of(const struct x86_sse_io *io)
{
    return _mm_loadl_epi64((const __m128i *)io->dst);
}

static __m128i src_of(const struct x86_sse_io *io)
{
    return _mm_loadl_epi64((const __m128i *)io->src);
}

static uint64_t put(const struct x86_sse_io *io, __m128i v)
{
    _mm_storel_epi64((__m128i *)io->dst, v);
    return 0;
}

/* dst in the low quadword, src in the high one. */
static __m128i both(const struct x86_sse_io *io)
{
    return _mm_unpacklo_epi64(dst_of(io), src_of(io));
}

uint64_t x86_mmx_op_PACKSSWB(const struct x86_sse_io *io) { return put(io, _mm_packs_epi16(both(io), both(io))); }
uint64_t x86_mmx_op_PACKSSDW(const struct x86_sse_io *io) { return put(io, _mm_packs_epi32(both(io), both(io))); }
uint64_t x86_mmx_op_PACKUSWB(const struct x86_sse_io *io) { return put(io, _mm_packus_epi16(both(io), both(io))); }

uint64_t x86_mmx_op_PUNPCKLBW(const struct x86_sse_io *io) { return put(io, _mm_unpacklo_epi8(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PUNPCKLWD(const struct x86_sse_io *io) { return put(io, _mm_unpacklo_epi16(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PUNPCKLDQ(const struct x86_sse_io *io) { return put(io, _mm_unpacklo_epi32(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PUNPCKHBW(const struct x86_sse_io *io) { return put(io, _mm_srli_si128(_mm_unpacklo_epi8(dst_of(io), src_of(io)), 8)); }
uint64_t x86_mmx_op_PUNPCKHWD(const struct x86_sse_io *io) { return put(io, _mm_srli_si128(_mm_unpacklo_epi16(dst_of(io), src_of(io)), 8)); }
uint64_t x86_mmx_op_PUNPCKHDQ(const struct x86_sse_io *io) { return put(io, _mm_srli_si128(_mm_unpacklo_epi32(dst_of(io), src_of(io)), 8)); }

/* Word i of the result is word (imm8 >> 2*i) & 3 of src. */
uint64_t x86_mmx_op_PSHUFW(const struct x86_sse_io *io)
{
    uint16_t s[4], r[4];
    memcpy(s, io->src, 8);
    for (unsigned i = 0; i < 4; i++)
        r[i] = s[(io->imm8 >> (2 * i)) & 3];
    memcpy(io->dst, r, 8);
    return 0;
}

/* pinsrw mm, r32/m16, imm8: a holds the word; imm8 picks one of four. */
uint64_t x86_mmx_op_PINSRW(const struct x86_sse_io *io)
{
    uint16_t w = (uint16_t)io->a;
    memcpy(io->dst + 2 * (io->imm8 & 3), &w, 2);
    return 0;
}

/* pextrw r32, mm, imm8: the word, zero-extended. */
uint64_t x86_mmx_op_PEXTRW(const struct x86_sse_io *io)
{
    uint16_t w;
    memcpy(&w, io->src + 2 * (io->imm8 & 3), 2);
    return w;
}

/* The sign bits of the eight bytes (the zero upper half adds none). */
uint64_t x86_mmx_op_PMOVMSKB(const struct x86_sse_io *io)
{
    return (uint64_t)_mm_movemask_epi8(src_of(io));
}
