/*
 * ir_x86_ssse3_mmx.c — the x86_sse helper's SSSE3 ops on mm registers
 * (8-byte operands). As in ir_x86_mmx_int.c, each runs the host's 128-bit
 * instruction on the low half, so the host's x87/MMX state is never
 * touched and only the low 8 bytes are stored back (the mm register's x87
 * exponent word stays). The horizontal ops pair dst and src in one
 * register, so the low half of the 128-bit result is the 64-bit one.
 * palignr's mm form is in ir_x86_ssse3.c.
 */
#include <tmmintrin.h>

#include "x86_64/x86_64_sse.h"

static __m128i dst_of(const struct x86_sse_io *io) { return _mm_loadl_epi64((const __m128i *)io->dst); }
static __m128i src_of(const struct x86_sse_io *io) { return _mm_loadl_epi64((const __m128i *)io->src); }
/* dst in the low quadword, src in the high one. */
static __m128i pair_of(const struct x86_sse_io *io) { return _mm_unpacklo_epi64(dst_of(io), src_of(io)); }

static uint64_t put(const struct x86_sse_io *io, __m128i v)
{
    _mm_storel_epi64((__m128i *)io->dst, v);
    return 0;
}

/* The mm form indexes with bits 0-2 (bit 7 still zeroes the byte); the
 * upper half of the host register is zero, so indexes 0-7 pick dst. */
uint64_t x86_mmx_op_PSHUFB(const struct x86_sse_io *io)
{
    __m128i index = _mm_and_si128(src_of(io), _mm_set1_epi8((char)0x87));
    return put(io, _mm_shuffle_epi8(dst_of(io), index));
}

uint64_t x86_mmx_op_PHADDW(const struct x86_sse_io *io) { return put(io, _mm_hadd_epi16(pair_of(io), pair_of(io))); }
uint64_t x86_mmx_op_PHADDD(const struct x86_sse_io *io) { return put(io, _mm_hadd_epi32(pair_of(io), pair_of(io))); }
uint64_t x86_mmx_op_PHADDSW(const struct x86_sse_io *io) { return put(io, _mm_hadds_epi16(pair_of(io), pair_of(io))); }
uint64_t x86_mmx_op_PHSUBW(const struct x86_sse_io *io) { return put(io, _mm_hsub_epi16(pair_of(io), pair_of(io))); }
uint64_t x86_mmx_op_PHSUBD(const struct x86_sse_io *io) { return put(io, _mm_hsub_epi32(pair_of(io), pair_of(io))); }
uint64_t x86_mmx_op_PHSUBSW(const struct x86_sse_io *io) { return put(io, _mm_hsubs_epi16(pair_of(io), pair_of(io))); }
uint64_t x86_mmx_op_PMADDUBSW(const struct x86_sse_io *io) { return put(io, _mm_maddubs_epi16(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PMULHRSW(const struct x86_sse_io *io) { return put(io, _mm_mulhrs_epi16(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PSIGNB(const struct x86_sse_io *io) { return put(io, _mm_sign_epi8(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PSIGNW(const struct x86_sse_io *io) { return put(io, _mm_sign_epi16(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PSIGND(const struct x86_sse_io *io) { return put(io, _mm_sign_epi32(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PABSB(const struct x86_sse_io *io) { return put(io, _mm_abs_epi8(src_of(io))); }
uint64_t x86_mmx_op_PABSW(const struct x86_sse_io *io) { return put(io, _mm_abs_epi16(src_of(io))); }
uint64_t x86_mmx_op_PABSD(const struct x86_sse_io *io) { return put(io, _mm_abs_epi32(src_of(io))); }
