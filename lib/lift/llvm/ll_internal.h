/*
 * ll_internal.h — the LLVM lifter's shared state, split across
 * ll_lift.c (the driver: function, region blocks, edges, the return
 * block), ll_state.c (guest state words in allocas, write-back, the dirty
 * analysis), ll_ops.c (pure ops), ll_mem.c (the memory-access hook, loads,
 * stores, atomics) and ll_exit.c (exits, polls, helper calls).
 *
 * Guest state is handled in 8-byte words of the CPU state. A word that
 * only ever sees GET/PUT inside it is "promoted": it lives in an alloca
 * (SSA after mem2reg/SROA), loaded at entry and stored back at write-back
 * points. A word touched by a GET/PUT that straddles words, and the poll
 * word, is "direct": read and written in the CPU state itself.
 */
#ifndef VM_LL_INTERNAL_H
#define VM_LL_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include <llvm-c/Core.h>

#include "ir.h"
#include "ll_region.h"

#define LL_MAX_WORDS (LL_MAX_STATE_BYTES / 8)
#define LL_SET_WORDS (LL_MAX_WORDS / 64)
/* Words of struct ir_ctx: helpers may read and write them. */
#define LL_HEADER_WORDS ((sizeof(struct ir_ctx) + 7) / 8)

struct ll_set {
    uint64_t w[LL_SET_WORDS];
};

enum ll_word_mode { LL_WORD_UNUSED, LL_WORD_PROMOTED, LL_WORD_DIRECT };

struct ll_block {
    const struct ir_block *ir;
    LLVMBasicBlockRef bb;   /* the block's first basic block */
    struct ll_set dirty_in; /* words possibly newer in SSA than in memory */
};

struct ll {
    LLVMContextRef cx;
    LLVMModuleRef mod;
    LLVMBuilderRef bld;
    LLVMValueRef fn, cpu;
    LLVMTypeRef i1, i8, i32, i64, ptr, exit_ty, helper_ty;
    LLVMValueRef base, limit;          /* arena base (ptr), limit (i64) */
    LLVMValueRef pages;                /* the arena's page table (ptr) */
    LLVMBasicBlockRef ret_bb;          /* phis of the exit code and arg */
    LLVMValueRef ret_code, ret_arg;
    LLVMValueRef unlikely;             /* branch_weights for fault paths */
    LLVMValueRef iters;                /* alloca: backward edges taken */
    LLVMValueRef budget;               /* alloca: instructions left
                                          (ll_region.budget_off) */

    const struct ll_region *region;
    struct ll_block *blocks;
    unsigned cur_block;
    LLVMValueRef *temps;               /* of the block being translated */

    uint8_t mode[LL_MAX_WORDS];        /* enum ll_word_mode */
    LLVMValueRef slot[LL_MAX_WORDS];   /* allocas of promoted words */
    struct ll_set dirty;               /* while translating a block */

    unsigned implicit_seq;             /* implicit-check candidates so far */

    char *err;
    size_t errlen;
    bool failed;
};

void ll_fail(struct ll *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
LLVMValueRef ll_const(struct ll *l, uint64_t v);
LLVMTypeRef ll_int(struct ll *l, unsigned bytes);
LLVMValueRef ll_temp(struct ll *l, ir_temp t);
LLVMBasicBlockRef ll_new_bb(struct ll *l, const char *name);
/* Branches on cond to `rare` (marked unlikely) or `common`; returns the
 * branch. */
LLVMValueRef ll_br_rare(struct ll *l, LLVMValueRef cond,
                        LLVMBasicBlockRef rare, LLVMBasicBlockRef common);
/* Ends the current basic block with a jump to the return block. */
void ll_leave(struct ll *l, uint64_t code, LLVMValueRef arg);

/* Bit sets of words. */
static inline void ll_set_add(struct ll_set *s, unsigned w)
{
    s->w[w / 64] |= UINT64_C(1) << (w % 64);
}
static inline bool ll_set_has(const struct ll_set *s, unsigned w)
{
    return (s->w[w / 64] >> (w % 64)) & 1;
}

/* Guest state (ll_state.c). */
bool ll_state_scan(struct ll *l);
void ll_state_prologue(struct ll *l);
void ll_dirty_analysis(struct ll *l);
LLVMValueRef ll_get(struct ll *l, uint64_t off, unsigned size);
void ll_put(struct ll *l, uint64_t off, unsigned size, LLVMValueRef v);
void ll_set_pc(struct ll *l, uint64_t pc);
/* Stores the words in `dirty` (volatile) without forgetting them. */
void ll_store_words(struct ll *l, const struct ll_set *dirty,
                    unsigned limit_words);
/* Stores the dirty words below limit_words and marks them clean. */
void ll_writeback(struct ll *l, unsigned limit_words);
/* Reloads the promoted words below limit_words from the CPU state. */
void ll_reload_words(struct ll *l, unsigned limit_words);
LLVMValueRef ll_state_ptr(struct ll *l, uint64_t off);

/* Ops (ll_ops.c, ll_mem.c, ll_exit.c). */
bool ll_emit_pure(struct ll *l, const struct ir_insn *in);
void ll_emit_mem(struct ll *l, const struct ir_insn *in);
void ll_emit_call(struct ll *l, const struct ir_insn *in);
/* CALL of a double add/sub/mul/div: the helper's fast path inline, with
 * `call` (which emits the plain call) for the rest. False, nothing
 * emitted, for other helpers and static rounding modes but RNE. */
bool ll_fp_inlinable(const struct ir_insn *in);
bool ll_emit_fp_fast(struct ll *l, const struct ir_insn *in,
                     LLVMValueRef (*call)(struct ll *, const struct ir_insn *));
/* CALL of a helper op that is one host SSE instruction (ir_host_sse.h)
 * as inline assembly, `call` on the rare path (ll_vec.c); false, nothing
 * emitted, for other calls. */
bool ll_emit_host_sse(struct ll *l, const struct ir_insn *in,
                      LLVMValueRef (*call)(struct ll *, const struct ir_insn *));
void ll_emit_exit(struct ll *l, const struct ir_insn *in);
/* An edge to region block `target` from the current point. */
void ll_emit_edge(struct ll *l, unsigned target);
/* Index of the region block at pc, or -1. */
int ll_block_at(const struct ll *l, uint64_t pc);

#endif
