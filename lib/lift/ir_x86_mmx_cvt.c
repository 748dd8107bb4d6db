/*
 * ir_x86_mmx_cvt.c — the x86_sse helper's conversions between two packed
 * int32 in an mm register (or m64) and floats or doubles in an XMM
 * register (or memory), on the host's SSE2 under the guest's MXCSR.
 *
 * Only the two live lanes are loaded, the others are zeros, which convert
 * exactly: no exception flag comes from a lane the guest does not have.
 */
#include <emmintrin.h>

#include "x86_64/x86_64_sse.h"

static __m128i src_int(const struct x86_sse_io *io)
{
    return _mm_loadl_epi64((const __m128i *)io->src);
}

static __m128 src_ps(const struct x86_sse_io *io)
{
    return _mm_castsi128_ps(src_int(io));
}

static __m128d src_pd(const struct x86_sse_io *io)
{
    return _mm_loadu_pd((const double *)io->src);
}

static uint64_t put_mm(const struct x86_sse_io *io, __m128i v)
{
    _mm_storel_epi64((__m128i *)io->dst, v);
    return 0;
}

/* cvtpi2ps xmm, mm/m64: the low two floats; the high two are kept. */
uint64_t x86_mmx_op_CVTPI2PS(const struct x86_sse_io *io)
{
    _mm_storel_pi((__m64 *)io->dst, _mm_cvtepi32_ps(src_int(io)));
    return 0;
}

/* cvtpi2pd xmm, mm/m64: both doubles (always exact). */
uint64_t x86_mmx_op_CVTPI2PD(const struct x86_sse_io *io)
{
    _mm_storeu_pd((double *)io->dst, _mm_cvtepi32_pd(src_int(io)));
    return 0;
}

uint64_t x86_mmx_op_CVTPS2PI(const struct x86_sse_io *io) { return put_mm(io, _mm_cvtps_epi32(src_ps(io))); }
uint64_t x86_mmx_op_CVTTPS2PI(const struct x86_sse_io *io) { return put_mm(io, _mm_cvttps_epi32(src_ps(io))); }
uint64_t x86_mmx_op_CVTPD2PI(const struct x86_sse_io *io) { return put_mm(io, _mm_cvtpd_epi32(src_pd(io))); }
uint64_t x86_mmx_op_CVTTPD2PI(const struct x86_sse_io *io) { return put_mm(io, _mm_cvttpd_epi32(src_pd(io))); }
