/*
 * ir_x86_sse3.c — the x86_sse helper's SSE3 ops: alternating add/sub,
 * horizontal add/sub (the host's own instructions, run under the guest's
 * MXCSR by ir_x86_sse.c) and the duplicating moves.
 */
#include <pmmintrin.h>

#include "x86_64/x86_64_sse.h"

static __m128 dst_ps(const struct x86_sse_io *io) { return _mm_loadu_ps((const float *)io->dst); }
static __m128 src_ps(const struct x86_sse_io *io) { return _mm_loadu_ps((const float *)io->src); }
static __m128d dst_pd(const struct x86_sse_io *io) { return _mm_loadu_pd((const double *)io->dst); }
static __m128d src_pd(const struct x86_sse_io *io) { return _mm_loadu_pd((const double *)io->src); }

static uint64_t put_ps(const struct x86_sse_io *io, __m128 v)
{
    _mm_storeu_ps((float *)io->dst, v);
    return 0;
}

static uint64_t put_pd(const struct x86_sse_io *io, __m128d v)
{
    _mm_storeu_pd((double *)io->dst, v);
    return 0;
}

uint64_t x86_sse_op_ADDSUBPS(const struct x86_sse_io *io) { return put_ps(io, _mm_addsub_ps(dst_ps(io), src_ps(io))); }
uint64_t x86_sse_op_ADDSUBPD(const struct x86_sse_io *io) { return put_pd(io, _mm_addsub_pd(dst_pd(io), src_pd(io))); }
uint64_t x86_sse_op_HADDPS(const struct x86_sse_io *io) { return put_ps(io, _mm_hadd_ps(dst_ps(io), src_ps(io))); }
uint64_t x86_sse_op_HADDPD(const struct x86_sse_io *io) { return put_pd(io, _mm_hadd_pd(dst_pd(io), src_pd(io))); }
uint64_t x86_sse_op_HSUBPS(const struct x86_sse_io *io) { return put_ps(io, _mm_hsub_ps(dst_ps(io), src_ps(io))); }
uint64_t x86_sse_op_HSUBPD(const struct x86_sse_io *io) { return put_pd(io, _mm_hsub_pd(dst_pd(io), src_pd(io))); }

/* movddup reads only the low quadword (an m64 source fills just that). */
uint64_t x86_sse_op_MOVDDUP(const struct x86_sse_io *io)
{
    return put_pd(io, _mm_loaddup_pd((const double *)io->src));
}

uint64_t x86_sse_op_MOVSHDUP(const struct x86_sse_io *io) { return put_ps(io, _mm_movehdup_ps(src_ps(io))); }
uint64_t x86_sse_op_MOVSLDUP(const struct x86_sse_io *io) { return put_ps(io, _mm_moveldup_ps(src_ps(io))); }
