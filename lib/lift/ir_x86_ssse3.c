/*
 * ir_x86_ssse3.c — the x86_sse helper's SSSE3 ops on xmm registers: byte
 * shuffle, horizontal add/sub, multiply-adds, sign and absolute value
 * (host SSSE3), and palignr for xmm and mm (plain C: the intrinsic wants
 * a compile-time imm8).
 */
#include <string.h>
#include <tmmintrin.h>

#include "x86_64/x86_64_sse.h"

static __m128i dst_of(const struct x86_sse_io *io) { return _mm_loadu_si128((const __m128i *)io->dst); }
static __m128i src_of(const struct x86_sse_io *io) { return _mm_loadu_si128((const __m128i *)io->src); }

static uint64_t put(const struct x86_sse_io *io, __m128i v)
{
    _mm_storeu_si128((__m128i *)io->dst, v);
    return 0;
}

uint64_t x86_sse_op_PSHUFB(const struct x86_sse_io *io) { return put(io, _mm_shuffle_epi8(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PHADDW(const struct x86_sse_io *io) { return put(io, _mm_hadd_epi16(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PHADDD(const struct x86_sse_io *io) { return put(io, _mm_hadd_epi32(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PHADDSW(const struct x86_sse_io *io) { return put(io, _mm_hadds_epi16(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PHSUBW(const struct x86_sse_io *io) { return put(io, _mm_hsub_epi16(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PHSUBD(const struct x86_sse_io *io) { return put(io, _mm_hsub_epi32(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PHSUBSW(const struct x86_sse_io *io) { return put(io, _mm_hsubs_epi16(dst_of(io), src_of(io))); }
/* Unsigned bytes of dst times signed bytes of src. */
uint64_t x86_sse_op_PMADDUBSW(const struct x86_sse_io *io) { return put(io, _mm_maddubs_epi16(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PMULHRSW(const struct x86_sse_io *io) { return put(io, _mm_mulhrs_epi16(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PSIGNB(const struct x86_sse_io *io) { return put(io, _mm_sign_epi8(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PSIGNW(const struct x86_sse_io *io) { return put(io, _mm_sign_epi16(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PSIGND(const struct x86_sse_io *io) { return put(io, _mm_sign_epi32(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PABSB(const struct x86_sse_io *io) { return put(io, _mm_abs_epi8(src_of(io))); }
uint64_t x86_sse_op_PABSW(const struct x86_sse_io *io) { return put(io, _mm_abs_epi16(src_of(io))); }
uint64_t x86_sse_op_PABSD(const struct x86_sse_io *io) { return put(io, _mm_abs_epi32(src_of(io))); }

static uint64_t palignr(uint8_t *dst, const uint8_t *src, unsigned width,
                       unsigned imm8)
{
    /* dst:src as one 2*width-byte value, shifted right by imm8 bytes. */
    uint8_t both[32], out[16];
    memcpy(both, src, width);
    memcpy(both + width, dst, width);
    for (unsigned i = 0; i < width; i++)
        out[i] = imm8 + i < 2 * width ? both[imm8 + i] : 0;
    memcpy(dst, out, width);
    return 0;
}

uint64_t x86_sse_op_PALIGNR(const struct x86_sse_io *io) { return palignr(io->dst, io->src, 16, io->imm8); }
/* The mm form: 8-byte operands, the x87 exponent word after dst kept. */
uint64_t x86_mmx_op_PALIGNR(const struct x86_sse_io *io) { return palignr(io->dst, io->src, 8, io->imm8); }
