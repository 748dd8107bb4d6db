/*
 * ir_x86_sse_cvt.c — the x86_sse helper's conversions between integers,
 * floats and doubles (host SSE2 under the guest's MXCSR: rounding and the
 * "integer indefinite" 0x80000000... result are the hardware's), and the
 * x87 tag-word translation fxsave/fxrstor need.
 */
#include <emmintrin.h>
#include <string.h>

#include "x86_64/x86_64_sse.h"

/* dst as two 8-byte loads: tier 1 and the lifter write xmm registers in
 * 8-byte halves, and a 16-byte load of two fresh 8-byte stores cannot be
 * forwarded from them (a stall of a dozen cycles per op). */
static __m128d halves(const uint8_t *p)
{
    return _mm_loadh_pd(_mm_load_sd((const double *)p), (const double *)(p + 8));
}

static __m128 dps(const struct x86_sse_io *io) { return _mm_castpd_ps(halves(io->dst)); }
static __m128 sps(const struct x86_sse_io *io) { return _mm_loadu_ps((const float *)io->src); }
static __m128d dpd(const struct x86_sse_io *io) { return halves(io->dst); }
static __m128d spd(const struct x86_sse_io *io) { return _mm_loadu_pd((const double *)io->src); }
/* A scalar op reads only src's low lane: load just those bytes, so an
 * operand the lifter stored as 4 or 8 bytes forwards from that store
 * (a 16-byte load of it stalls). The upper lanes read as zeros. */
static __m128 sss(const struct x86_sse_io *io) { return _mm_load_ss((const float *)io->src); }
static __m128d ssd(const struct x86_sse_io *io) { return _mm_load_sd((const double *)io->src); }
static __m128i si(const struct x86_sse_io *io) { return _mm_loadu_si128((const __m128i *)io->src); }

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

static uint64_t put_i(const struct x86_sse_io *io, __m128i v)
{
    _mm_storeu_si128((__m128i *)io->dst, v);
    return 0;
}

/*
 * The 32- and 64-bit integer forms are separate functions picked through
 * a table: behind a plain branch the compiler computes both conversions
 * (it does not see MXCSR flags as a side effect), raising the other
 * form's flags.
 */
typedef uint64_t (*int_form_fn)(const struct x86_sse_io *io);

static uint64_t by_size(const int_form_fn forms[2], const struct x86_sse_io *io)
{
    return forms[io->imm8 == 8](io);
}

static uint64_t si32_ss(const struct x86_sse_io *io) { return put_ps(io, _mm_cvtsi32_ss(dps(io), (int)(uint32_t)io->a)); }
static uint64_t si64_ss(const struct x86_sse_io *io) { return put_ps(io, _mm_cvtsi64_ss(dps(io), (long long)io->a)); }
static uint64_t si32_sd(const struct x86_sse_io *io) { return put_pd(io, _mm_cvtsi32_sd(dpd(io), (int)(uint32_t)io->a)); }
static uint64_t si64_sd(const struct x86_sse_io *io) { return put_pd(io, _mm_cvtsi64_sd(dpd(io), (long long)io->a)); }
/* 32-bit results are returned zero-extended (a 32-bit GPR write). */
static uint64_t ss_si32(const struct x86_sse_io *io) { return (uint32_t)_mm_cvtss_si32(sps(io)); }
static uint64_t ss_si64(const struct x86_sse_io *io) { return (uint64_t)_mm_cvtss_si64(sps(io)); }
static uint64_t tss_si32(const struct x86_sse_io *io) { return (uint32_t)_mm_cvttss_si32(sps(io)); }
static uint64_t tss_si64(const struct x86_sse_io *io) { return (uint64_t)_mm_cvttss_si64(sps(io)); }
static uint64_t sd_si32(const struct x86_sse_io *io) { return (uint32_t)_mm_cvtsd_si32(spd(io)); }
static uint64_t sd_si64(const struct x86_sse_io *io) { return (uint64_t)_mm_cvtsd_si64(spd(io)); }
static uint64_t tsd_si32(const struct x86_sse_io *io) { return (uint32_t)_mm_cvttsd_si32(spd(io)); }
static uint64_t tsd_si64(const struct x86_sse_io *io) { return (uint64_t)_mm_cvttsd_si64(spd(io)); }

static const int_form_fn cvtsi2ss[2] = {si32_ss, si64_ss};
static const int_form_fn cvtsi2sd[2] = {si32_sd, si64_sd};
static const int_form_fn cvtss2si[2] = {ss_si32, ss_si64};
static const int_form_fn cvttss2si[2] = {tss_si32, tss_si64};
static const int_form_fn cvtsd2si[2] = {sd_si32, sd_si64};
static const int_form_fn cvttsd2si[2] = {tsd_si32, tsd_si64};

/* cvtsi2s[sd] xmm, r/m: imm8 is the source size; cvt(t)s[sd]2si r, xmm/m:
 * imm8 is the destination size. */
uint64_t x86_sse_op_CVTSI2SS(const struct x86_sse_io *io) { return by_size(cvtsi2ss, io); }
uint64_t x86_sse_op_CVTSI2SD(const struct x86_sse_io *io) { return by_size(cvtsi2sd, io); }
uint64_t x86_sse_op_CVTSS2SI(const struct x86_sse_io *io) { return by_size(cvtss2si, io); }
uint64_t x86_sse_op_CVTTSS2SI(const struct x86_sse_io *io) { return by_size(cvttss2si, io); }
uint64_t x86_sse_op_CVTSD2SI(const struct x86_sse_io *io) { return by_size(cvtsd2si, io); }
uint64_t x86_sse_op_CVTTSD2SI(const struct x86_sse_io *io) { return by_size(cvttsd2si, io); }

uint64_t x86_sse_op_CVTSS2SD(const struct x86_sse_io *io) { return put_pd(io, _mm_cvtss_sd(dpd(io), sss(io))); }
uint64_t x86_sse_op_CVTSD2SS(const struct x86_sse_io *io) { return put_ps(io, _mm_cvtsd_ss(dps(io), ssd(io))); }
uint64_t x86_sse_op_CVTDQ2PS(const struct x86_sse_io *io) { return put_ps(io, _mm_cvtepi32_ps(si(io))); }
uint64_t x86_sse_op_CVTDQ2PD(const struct x86_sse_io *io) { return put_pd(io, _mm_cvtepi32_pd(si(io))); }
uint64_t x86_sse_op_CVTPS2DQ(const struct x86_sse_io *io) { return put_i(io, _mm_cvtps_epi32(sps(io))); }
uint64_t x86_sse_op_CVTTPS2DQ(const struct x86_sse_io *io) { return put_i(io, _mm_cvttps_epi32(sps(io))); }
uint64_t x86_sse_op_CVTPD2DQ(const struct x86_sse_io *io) { return put_i(io, _mm_cvtpd_epi32(spd(io))); }
uint64_t x86_sse_op_CVTTPD2DQ(const struct x86_sse_io *io) { return put_i(io, _mm_cvttpd_epi32(spd(io))); }
uint64_t x86_sse_op_CVTPS2PD(const struct x86_sse_io *io) { return put_pd(io, _mm_cvtps_pd(sps(io))); }
uint64_t x86_sse_op_CVTPD2PS(const struct x86_sse_io *io) { return put_ps(io, _mm_cvtpd_ps(spd(io))); }

/* x87 tags, two bits per physical register: valid, zero, special, empty. */
enum { TAG_VALID, TAG_ZERO, TAG_SPECIAL, TAG_EMPTY };

/* The full tag word a = ftw -> fxsave's abridged byte (1 = not empty). */
uint64_t x86_sse_op_FTW_ABRIDGE(const struct x86_sse_io *io)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < 8; i++)
        if (((io->a >> (2 * i)) & 3) != TAG_EMPTY)
            r |= 1u << i;
    return r;
}

/* The tag of an 80-bit register, as fxrstor recomputes it. */
static unsigned tag_of(const uint8_t *reg)
{
    uint64_t mant;
    uint16_t se;
    memcpy(&mant, reg, 8);
    memcpy(&se, reg + 8, 2);
    unsigned exp = se & 0x7fff;
    if (exp == 0x7fff)
        return TAG_SPECIAL;
    if (exp == 0)
        return mant == 0 ? TAG_ZERO : TAG_SPECIAL;
    return (mant >> 63) ? TAG_VALID : TAG_SPECIAL;
}

/* The abridged byte a -> the full tag word; src points at the physical
 * registers (x86_cpu.st), already restored. */
uint64_t x86_sse_op_FTW_EXPAND(const struct x86_sse_io *io)
{
    uint64_t r = 0;
    for (unsigned i = 0; i < 8; i++) {
        unsigned tag = (io->a >> i) & 1 ? tag_of(io->src + 16 * i) : TAG_EMPTY;
        r |= (uint64_t)tag << (2 * i);
    }
    return r;
}
