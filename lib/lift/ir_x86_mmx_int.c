/*
 * ir_x86_mmx_int.c — the x86_sse helper's MMX arithmetic: add, sub,
 * saturating forms, compares, min/max, averages, multiplies and shifts on
 * 8-byte operands. Each is the host's SSE2 instruction on the low half of
 * a 128-bit register (the upper half zero), so the host's x87/MMX state
 * is never touched; only the low 8 bytes are stored back, which leaves
 * the mm register's x87 exponent word alone.
 */
#include <emmintrin.h>

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

uint64_t x86_mmx_op_PADDB(const struct x86_sse_io *io) { return put(io, _mm_add_epi8(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PADDW(const struct x86_sse_io *io) { return put(io, _mm_add_epi16(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PADDD(const struct x86_sse_io *io) { return put(io, _mm_add_epi32(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PSUBB(const struct x86_sse_io *io) { return put(io, _mm_sub_epi8(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PSUBW(const struct x86_sse_io *io) { return put(io, _mm_sub_epi16(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PSUBD(const struct x86_sse_io *io) { return put(io, _mm_sub_epi32(dst_of(io), src_of(io))); }

uint64_t x86_mmx_op_PADDSB(const struct x86_sse_io *io) { return put(io, _mm_adds_epi8(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PADDSW(const struct x86_sse_io *io) { return put(io, _mm_adds_epi16(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PADDUSB(const struct x86_sse_io *io) { return put(io, _mm_adds_epu8(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PADDUSW(const struct x86_sse_io *io) { return put(io, _mm_adds_epu16(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PSUBSB(const struct x86_sse_io *io) { return put(io, _mm_subs_epi8(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PSUBSW(const struct x86_sse_io *io) { return put(io, _mm_subs_epi16(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PSUBUSB(const struct x86_sse_io *io) { return put(io, _mm_subs_epu8(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PSUBUSW(const struct x86_sse_io *io) { return put(io, _mm_subs_epu16(dst_of(io), src_of(io))); }

uint64_t x86_mmx_op_PCMPEQB(const struct x86_sse_io *io) { return put(io, _mm_cmpeq_epi8(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PCMPEQW(const struct x86_sse_io *io) { return put(io, _mm_cmpeq_epi16(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PCMPEQD(const struct x86_sse_io *io) { return put(io, _mm_cmpeq_epi32(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PCMPGTB(const struct x86_sse_io *io) { return put(io, _mm_cmpgt_epi8(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PCMPGTW(const struct x86_sse_io *io) { return put(io, _mm_cmpgt_epi16(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PCMPGTD(const struct x86_sse_io *io) { return put(io, _mm_cmpgt_epi32(dst_of(io), src_of(io))); }

uint64_t x86_mmx_op_PMINUB(const struct x86_sse_io *io) { return put(io, _mm_min_epu8(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PMAXUB(const struct x86_sse_io *io) { return put(io, _mm_max_epu8(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PMINSW(const struct x86_sse_io *io) { return put(io, _mm_min_epi16(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PMAXSW(const struct x86_sse_io *io) { return put(io, _mm_max_epi16(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PAVGB(const struct x86_sse_io *io) { return put(io, _mm_avg_epu8(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PAVGW(const struct x86_sse_io *io) { return put(io, _mm_avg_epu16(dst_of(io), src_of(io))); }

uint64_t x86_mmx_op_PMULLW(const struct x86_sse_io *io) { return put(io, _mm_mullo_epi16(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PMULHW(const struct x86_sse_io *io) { return put(io, _mm_mulhi_epi16(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PMULHUW(const struct x86_sse_io *io) { return put(io, _mm_mulhi_epu16(dst_of(io), src_of(io))); }
/* The low dwords' 64-bit product; the high lanes (zero) are dropped. */
uint64_t x86_mmx_op_PMULUDQ(const struct x86_sse_io *io) { return put(io, _mm_mul_epu32(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PMADDWD(const struct x86_sse_io *io) { return put(io, _mm_madd_epi16(dst_of(io), src_of(io))); }
/* The low quadword of psadbw covers bytes 0-7: the MMX sum, zero-extended. */
uint64_t x86_mmx_op_PSADBW(const struct x86_sse_io *io) { return put(io, _mm_sad_epu8(dst_of(io), src_of(io))); }

/* The count is the whole source quadword, as for the SSE2 forms (the
 * lifter puts an imm8 count in xtmp). */
uint64_t x86_mmx_op_PSLLW(const struct x86_sse_io *io) { return put(io, _mm_sll_epi16(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PSLLD(const struct x86_sse_io *io) { return put(io, _mm_sll_epi32(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PSLLQ(const struct x86_sse_io *io) { return put(io, _mm_sll_epi64(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PSRLW(const struct x86_sse_io *io) { return put(io, _mm_srl_epi16(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PSRLD(const struct x86_sse_io *io) { return put(io, _mm_srl_epi32(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PSRLQ(const struct x86_sse_io *io) { return put(io, _mm_srl_epi64(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PSRAW(const struct x86_sse_io *io) { return put(io, _mm_sra_epi16(dst_of(io), src_of(io))); }
uint64_t x86_mmx_op_PSRAD(const struct x86_sse_io *io) { return put(io, _mm_sra_epi32(dst_of(io), src_of(io))); }
