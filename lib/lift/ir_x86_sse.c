/*
 * ir_x86_sse.c — the x86_sse helper: decodes the call's imm (op id, state
 * offsets, imm8; x86_64_sse.h) and runs the op's function from a table
 * (the SSE ops, then the MMX ones of ir_x86_mmx*.c).
 *
 * Floating-point ops run on the host's SSE unit under the guest's MXCSR
 * (rounding, DAZ, FTZ), so results, NaN propagation and exception flags
 * are the hardware's own. All exceptions stay masked on the host: a guest
 * that unmasks one gets the masked result and the sticky flag. Also here:
 * folding the flags inline SSE left in the host's MXCSR into the guest's
 * (x86_mxcsr_sync, the x86_mxcsr helper).
 */
#include <stdbool.h>
#include <xmmintrin.h>

#include "x86_64/x86_64_sse.h"
#include "x86_64/x86_64_state.h"

static const x86_sse_fn sse_ops[X86_SSE_NUM_OPS] = {
#define X86_SSE_OP_FN(name, shape, fp) [X86_SSE_##name] = x86_sse_op_##name,
    X86_SSE_OPS(X86_SSE_OP_FN)
#undef X86_SSE_OP_FN
#define X86_MMX_OP_FN(name, shape, fp) [X86_MMX_##name] = x86_mmx_op_##name,
    X86_MMX_OPS(X86_MMX_OP_FN)
#undef X86_MMX_OP_FN
};

static const uint8_t sse_op_is_fp[X86_SSE_NUM_OPS] = {
#define X86_SSE_OP_FP(name, shape, fp) [X86_SSE_##name] = fp,
    X86_SSE_OPS(X86_SSE_OP_FP)
#undef X86_SSE_OP_FP
#define X86_MMX_OP_FP(name, shape, fp) [X86_MMX_##name] = fp,
    X86_MMX_OPS(X86_MMX_OP_FP)
#undef X86_MMX_OP_FP
};

#define MXCSR_FLAGS 0x3fu     /* IE DE ZE OE UE PE */
#define MXCSR_ALL_MASKS 0x1f80u

/*
 * The op is called through the table, from another translation unit, so
 * the compiler cannot move its arithmetic across the MXCSR accesses.
 *
 * The host MXCSR's flags are guest flags not yet folded into cpu->mxcsr
 * (raised by inline SSE, ir_host_sse.h), so they are folded in first; the
 * host's control bits (vm-run's: the default) stay as they are when they
 * are the guest's, since loading MXCSR (ldmxcsr) stalls the pipeline and
 * cost ~85% of a scalar op's time. Otherwise the guest's control bits and
 * flags are loaded around the op, and the host's control bits come back
 * afterwards with the guest's flags (already in cpu->mxcsr, so folding
 * them again later changes nothing).
 */
static uint64_t run_under_guest_mxcsr(struct x86_cpu *cpu, x86_sse_fn fn,
                                      const struct x86_sse_io *io)
{
    unsigned host = _mm_getcsr();
    cpu->mxcsr |= host & MXCSR_FLAGS;
    unsigned want = (cpu->mxcsr & ~MXCSR_FLAGS) | MXCSR_ALL_MASKS;
    bool same_control = (host & ~MXCSR_FLAGS) == want;
    if (!same_control)
        _mm_setcsr(want | (cpu->mxcsr & MXCSR_FLAGS));
    uint64_t r = fn(io);
    unsigned now = _mm_getcsr();
    cpu->mxcsr |= now & MXCSR_FLAGS;
    if (!same_control)
        _mm_setcsr((host & ~MXCSR_FLAGS) | (now & MXCSR_FLAGS));
    return r;
}

void x86_mxcsr_sync(struct x86_cpu *cpu)
{
    unsigned host = _mm_getcsr();
    if (host & MXCSR_FLAGS) {
        cpu->mxcsr |= host & MXCSR_FLAGS;
        _mm_setcsr(host & ~MXCSR_FLAGS);
    }
}

void x86_mxcsr_discard(void)
{
    unsigned host = _mm_getcsr();
    if (host & MXCSR_FLAGS)
        _mm_setcsr(host & ~MXCSR_FLAGS);
}

uint64_t ir_helper_x86_mxcsr(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                             uint64_t c, uint64_t imm)
{
    (void)a, (void)b, (void)c, (void)imm;
    struct x86_cpu *cpu = (struct x86_cpu *)ctx;
    x86_mxcsr_sync(cpu);
    return cpu->mxcsr;
}

uint64_t ir_helper_x86_sse(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                           uint64_t c, uint64_t imm)
{
    (void)c;
    struct x86_cpu *cpu = (struct x86_cpu *)ctx;
    unsigned op = imm & 0xffff;
    if (op >= X86_SSE_NUM_OPS)
        return 0;
    uint8_t *state = (uint8_t *)cpu;
    struct x86_sse_io io = {
        .dst = state + ((imm >> 16) & 0xffff),
        .src = state + ((imm >> 32) & 0xffff),
        .a = a,
        .imm8 = (imm >> 48) & 0xff,
        .b = b,
        .xmm0 = state + X86_XMM_OFF(0),
    };
    if (sse_op_is_fp[op])
        return run_under_guest_mxcsr(cpu, sse_ops[op], &io);
    return sse_ops[op](&io);
}
