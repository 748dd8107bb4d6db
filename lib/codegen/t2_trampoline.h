/*
 * t2_trampoline.h — how tier-1 code enters tier-2 (LLVM) code.
 *
 * A region compiled by LLVM is entered from the tier-1 block of its head:
 * the block's first instruction (its poll test) is overwritten with a
 * `jmp rel32` to a small trampoline, so every way into the block — chained
 * jumps, the jump cache, the dispatcher — reaches the region. The
 * trampoline runs inside tier 1's entry frame (rsp 16-byte aligned, guest
 * state all in memory at a block entry) and
 *   - counts the entry (a plain add: an approximate count is enough),
 *   - sets the "in tier 2" byte of the CPU state (the runtime's host-fault
 *     handler then takes ctx->pc as precise: ll_region.h),
 *   - calls struct ll_exit fn(struct ir_ctx *) and clears the byte,
 *   - maps the region's exit onto tier 1's: a jump leaving the region (or
 *     an indirect one) probes the thread's jump cache and continues in
 *     tier 1 on a hit, else returns CG_EXIT_INDIRECT; POLL, TRAP and FAULT
 *     have the same numbers and arguments in both tiers and go to the
 *     epilogue as they are.
 * Trampolines live in their own executable slots, mapped within rel32
 * reach of the code cache (t2_arena).
 */
#ifndef VM_T2_TRAMPOLINE_H
#define VM_T2_TRAMPOLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define T2_TRAMP_SLOT 192u /* bytes per trampoline */

struct t2_tramp_params {
    const void *fn;          /* the region's ll_region_fn */
    const void *epilogue;    /* the code cache's shared epilogue */
    int32_t flag_off;        /* the "in tier 2" byte, from the CPU state */
    uint64_t *entries;       /* incremented per entry, or NULL */
    int32_t iters_off;       /* nonzero: the region's iteration count, from
                                the CPU state (ll_region.iters_off)... */
    uint64_t *iterations;    /* ...added here after each run, and zeroed */
};

/* Writes the trampoline into slot (T2_TRAMP_SLOT bytes). False when it
 * does not fit (a bug). */
bool t2_emit_trampoline(uint8_t *slot, const struct t2_tramp_params *p);

/* Executable trampoline slots near (rel32 reach of) the code cache. */
struct t2_arena;

/* An arena of `slots` slots mapped close to [near, near + near_size).
 * NULL when no such mapping can be made. */
struct t2_arena *t2_arena_create(const void *near, size_t near_size,
                                 unsigned slots);
void t2_arena_destroy(struct t2_arena *a);
/* A free slot, or NULL when all are in use. */
uint8_t *t2_arena_alloc(struct t2_arena *a);
void t2_arena_free(struct t2_arena *a, uint8_t *slot);

/*
 * Redirects the tier-1 block at entry (16-byte aligned, as the code cache
 * places blocks) to tramp with one atomic 8-byte store, safe while other
 * threads run the block. False, and nothing changed, when the block does
 * not start with tier 1's poll test or tramp is out of rel32 reach.
 */
bool t2_patch_entry(uint8_t *entry, const void *tramp);

/* Writes into slot a stub that adds 1 to *counter, then does what the
 * tier-1 block at entry starts with (the poll test) and continues in it:
 * patched onto the entry (t2_patch_entry), it counts the block's runs.
 * False when it does not fit or entry is no block entry in reach. */
bool t2_emit_entry_counter(uint8_t *slot, const uint8_t *entry,
                           uint64_t *counter);

/* Undoes t2_patch_entry: the block runs in tier 1 again (one atomic
 * 8-byte store). */
void t2_unpatch_entry(uint8_t *entry);

#endif
