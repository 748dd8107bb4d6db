/*
 * x86_tiers.h — runs one random x86-64 stream (x86_random.h) under the
 * interpreter, tier 1 or LLVM, with the dead-flag pass off or on, from a
 * given start state and data pages; records the final state.
 *
 * A stream may hold forward jumps, so a run is a chain: lift the block at
 * pc, run it, and go on while it left by a jump to a pc inside the stream.
 * Blocks are lifted once per stream and shared by all six runs (the pass
 * works on a copy), LLVM code is compiled once per block and variant.
 * The arena, tier 1's cache and the fault catching are tier1_harness.h's;
 * the runners here differ from its h_run_tier1/lh_run_code only in the
 * state type (struct x86_cpu, larger than the harness' struct h_cpu).
 */
#ifndef VM_TEST_X86_TIERS_H
#define VM_TEST_X86_TIERS_H

#include "dead_flags.h"
#include "ll_backend.h"
#include "tier1_harness.h"
#include "x86_random.h"

enum xt_tier { XT_INTERP, XT_TIER1, XT_LLVM, XT_TIERS };

#define XT_MAX_BLOCKS (XR_MAX_INSNS * 2 + 2)

struct xt_outcome {
    enum interp_result r;
    struct interp_exit ex;
    unsigned blocks; /* blocks run */
    struct x86_cpu cpu;
    uint8_t mem[H_DATA_LEN];
};

struct xt_block {
    struct ir_block ir[2];      /* [0] as lifted, [1] after the pass */
    struct ll_code *code[2];    /* LLVM's, compiled on first use */
};

struct xt_world {
    struct h_world w;
    const struct ll_backend *be;
    struct ll_jit *jit;
    struct opt_flag_words flags;
    struct opt_dead_flags_stats stats;
    /* The current stream. */
    const struct xr_code *code;
    struct xt_block blk[XT_MAX_BLOCKS];
    unsigned n_blocks;
    uint8_t data[H_DATA_LEN];  /* the stream's initial data pages */
    char why[600];             /* why the last xt_run failed */
};

void xt_init(struct xt_world *x);
void xt_fini(struct xt_world *x);

/* Makes code (and data, copied) the current stream; forgets the blocks of
 * the previous one. */
void xt_set_stream(struct xt_world *x, const struct xr_code *code,
                   const uint8_t *data);

/* Runs the current stream under tier with the pass off/on from *start.
 * False, with x->why, when the stream cannot run there at all (invalid
 * IR, a block tier 1 cannot translate or LLVM cannot compile). */
bool xt_run(struct xt_world *x, enum xt_tier tier, bool pass,
            const struct x86_cpu *start, struct xt_outcome *o);

/* NULL when a and b agree, else what differs first (exit, pc, a register
 * or flag word by name, memory). */
const char *xt_diff(const struct xt_outcome *a, const struct xt_outcome *b,
                    char *buf, size_t size);

#endif
