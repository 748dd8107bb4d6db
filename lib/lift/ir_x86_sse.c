/*
 * ir_x86_sse.c — the x86_sse helper: decodes the call's imm (op id, state
 * offsets, imm8; x86_64_sse.h) and runs the op's function from a table
 * (the SSE ops, then the MMX ones of ir_x86_mmx*.c).
 *
 * Floating-point ops run on the host's SSE unit under the guest's MXCSR
 * (rounding, DAZ, FTZ), so results, NaN propagation and exception flags
 * are the hardware's own. All exceptions stay masked on the host: a guest
 * that unmasks one gets the masked result and the sticky flag.
 */
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

/* The op is called through the table, from another translation unit, so
 * the compiler cannot move its arithmetic across the MXCSR switches. */
static uint64_t run_under_guest_mxcsr(struct x86_cpu *cpu, x86_sse_fn fn,
                                      const struct x86_sse_io *io)
{
    unsigned host = _mm_getcsr();
    _mm_setcsr((cpu->mxcsr & ~MXCSR_FLAGS) | MXCSR_ALL_MASKS);
    uint64_t r = fn(io);
    unsigned raised = _mm_getcsr() & MXCSR_FLAGS;
    _mm_setcsr(host);
    cpu->mxcsr |= raised;
    return r;
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
