/*
 * ir_x86_sse_int.c — the x86_sse helper's packed-integer ops: add, sub,
 * saturating forms, compares, min/max, averages, multiplies and shifts,
 * each the host's SSE2 instruction on the guest's lanes.
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

uint64_t x86_sse_op_PADDB(const struct x86_sse_io *io) { return put(io, _mm_add_epi8(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PADDW(const struct x86_sse_io *io) { return put(io, _mm_add_epi16(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PADDD(const struct x86_sse_io *io) { return put(io, _mm_add_epi32(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PSUBB(const struct x86_sse_io *io) { return put(io, _mm_sub_epi8(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PSUBW(const struct x86_sse_io *io) { return put(io, _mm_sub_epi16(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PSUBD(const struct x86_sse_io *io) { return put(io, _mm_sub_epi32(dst_of(io), src_of(io))); }

uint64_t x86_sse_op_PADDSB(const struct x86_sse_io *io) { return put(io, _mm_adds_epi8(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PADDSW(const struct x86_sse_io *io) { return put(io, _mm_adds_epi16(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PADDUSB(const struct x86_sse_io *io) { return put(io, _mm_adds_epu8(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PADDUSW(const struct x86_sse_io *io) { return put(io, _mm_adds_epu16(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PSUBSB(const struct x86_sse_io *io) { return put(io, _mm_subs_epi8(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PSUBSW(const struct x86_sse_io *io) { return put(io, _mm_subs_epi16(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PSUBUSB(const struct x86_sse_io *io) { return put(io, _mm_subs_epu8(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PSUBUSW(const struct x86_sse_io *io) { return put(io, _mm_subs_epu16(dst_of(io), src_of(io))); }

uint64_t x86_sse_op_PCMPEQB(const struct x86_sse_io *io) { return put(io, _mm_cmpeq_epi8(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PCMPEQW(const struct x86_sse_io *io) { return put(io, _mm_cmpeq_epi16(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PCMPEQD(const struct x86_sse_io *io) { return put(io, _mm_cmpeq_epi32(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PCMPGTB(const struct x86_sse_io *io) { return put(io, _mm_cmpgt_epi8(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PCMPGTW(const struct x86_sse_io *io) { return put(io, _mm_cmpgt_epi16(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PCMPGTD(const struct x86_sse_io *io) { return put(io, _mm_cmpgt_epi32(dst_of(io), src_of(io))); }

uint64_t x86_sse_op_PMINUB(const struct x86_sse_io *io) { return put(io, _mm_min_epu8(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PMAXUB(const struct x86_sse_io *io) { return put(io, _mm_max_epu8(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PMINSW(const struct x86_sse_io *io) { return put(io, _mm_min_epi16(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PMAXSW(const struct x86_sse_io *io) { return put(io, _mm_max_epi16(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PAVGB(const struct x86_sse_io *io) { return put(io, _mm_avg_epu8(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PAVGW(const struct x86_sse_io *io) { return put(io, _mm_avg_epu16(dst_of(io), src_of(io))); }

uint64_t x86_sse_op_PMULLW(const struct x86_sse_io *io) { return put(io, _mm_mullo_epi16(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PMULHW(const struct x86_sse_io *io) { return put(io, _mm_mulhi_epi16(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PMULHUW(const struct x86_sse_io *io) { return put(io, _mm_mulhi_epu16(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PMULUDQ(const struct x86_sse_io *io) { return put(io, _mm_mul_epu32(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PMADDWD(const struct x86_sse_io *io) { return put(io, _mm_madd_epi16(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PSADBW(const struct x86_sse_io *io) { return put(io, _mm_sad_epu8(dst_of(io), src_of(io))); }

/* Shifts by xmm/m128 use the source's low quadword as the count (the
 * lifter puts an imm8 count there for the immediate forms). */
uint64_t x86_sse_op_PSLLW(const struct x86_sse_io *io) { return put(io, _mm_sll_epi16(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PSLLD(const struct x86_sse_io *io) { return put(io, _mm_sll_epi32(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PSLLQ(const struct x86_sse_io *io) { return put(io, _mm_sll_epi64(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PSRLW(const struct x86_sse_io *io) { return put(io, _mm_srl_epi16(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PSRLD(const struct x86_sse_io *io) { return put(io, _mm_srl_epi32(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PSRLQ(const struct x86_sse_io *io) { return put(io, _mm_srl_epi64(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PSRAW(const struct x86_sse_io *io) { return put(io, _mm_sra_epi16(dst_of(io), src_of(io))); }
uint64_t x86_sse_op_PSRAD(const struct x86_sse_io *io) { return put(io, _mm_sra_epi32(dst_of(io), src_of(io))); }

/* Whole-register byte shifts by imm8; counts above 15 clear it. */
uint64_t x86_sse_op_PSLLDQ(const struct x86_sse_io *io)
{
    uint8_t r[16] = {0};
    unsigned n = io->imm8 > 16 ? 16 : io->imm8;
    memcpy(r + n, io->dst, 16 - n);
    memcpy(io->dst, r, 16);
    return 0;
}

uint64_t x86_sse_op_PSRLDQ(const struct x86_sse_io *io)
{
    uint8_t r[16] = {0};
    unsigned n = io->imm8 > 16 ? 16 : io->imm8;
    memcpy(r, io->dst + n, 16 - n);
    memcpy(io->dst, r, 16);
    return 0;
}
