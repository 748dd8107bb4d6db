/*
 * code_cache.h — tier 1's code cache: host code for guest blocks, keyed by
 * guest pc, in one executable region with bump allocation.
 *
 * The region starts with the entry trampoline (saves the host's
 * callee-saved registers, loads the fixed registers, jumps to a block) and
 * the shared epilogue every exit returns through. Translated code leaves
 * with a struct cg_exit (rax: code, rdx: arg):
 *   CG_EXIT_CHAIN     a direct jump (EXIT_JUMP, taken EXIT_IF) to ctx->pc
 *                     whose target was not translated yet; arg is the host
 *                     address of its patchable jmp (give it to cg_chain);
 *   CG_EXIT_INDIRECT  EXIT_INDIRECT missed the jump cache; ctx->pc is set;
 *   CG_EXIT_POLL      ctx->poll was set at a block entry; ctx->pc is the
 *                     block's pc and nothing of it ran;
 *   CG_EXIT_TRAP      EXIT_TRAP; arg = enum ir_trap; ctx->pc as ir.h says;
 *   CG_EXIT_FAULT     a bounds or alignment failure; ctx->pc is the faulting
 *                     insn, arg the guest address, code carries
 *                     CG_FAULT_WRITE / CG_FAULT_MISALIGNED.
 * A host fault on the arena inside translated code longjmps out of it (an
 * mmu_catch scope, see mmu_fault.h); cg_guest_pc_of maps the host pc of the
 * faulting instruction back to the guest pc. Guest state is precise in
 * every case.
 *
 * When the region is full the whole cache is flushed (as QEMU does) and
 * the flush counted as an eviction. Chained jumps are patched in place and
 * vanish with the flush; cg_generation() lets a caller notice that a patch
 * site it holds died.
 */
#ifndef VM_CODE_CACHE_H
#define VM_CODE_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ir.h"

enum cg_exit_kind {
    CG_EXIT_CHAIN, CG_EXIT_INDIRECT, CG_EXIT_POLL, CG_EXIT_TRAP, CG_EXIT_FAULT
};
#define CG_EXIT_KIND_MASK 0xffu
#define CG_FAULT_WRITE 0x100u
#define CG_FAULT_MISALIGNED 0x200u

struct cg_exit {
    uint64_t code; /* enum cg_exit_kind | CG_FAULT_* */
    uint64_t arg;
};

/* One guest memory access instruction of translated code. */
struct cg_fault_entry {
    uint32_t host_off; /* offset of the access instruction in the region */
    uint64_t guest_pc;
};

/* What a translation needs to know about the region it lands in. */
struct cg_runtime {
    const uint8_t *epilogue;
};

/* The jump cache: 2^CG_JC_BITS entries {guest pc, host entry}, indexed
 * by (pc >> 1) & mask; translated code probes it inline. */
#define CG_JC_BITS 12
struct cg_jc_entry {
    uint64_t pc;       /* UINT64_MAX when empty */
    const void *host;
};

/* Smallest and default region sizes. */
#define CG_CACHE_MIN_SIZE (64u << 10)
#define CG_CACHE_DEFAULT_SIZE (64u << 20)

struct cg_cache;

/* NULL when the region cannot be mapped (errno set). */
struct cg_cache *cg_cache_create(size_t size);
void cg_cache_destroy(struct cg_cache *c);

/* Host entry of the block at guest pc, or NULL. */
const void *cg_lookup(const struct cg_cache *c, uint64_t pc);

/*
 * Translates b (ir_validate'd) and enters it under b->pc. Returns its host
 * entry, or NULL with *why naming what tier 1 cannot handle. May flush
 * the cache first when the region is full.
 */
const void *cg_translate(struct cg_cache *c, const struct ir_block *b,
                         const char **why);

/* Runs translated code from entry until it exits to the runtime. */
struct cg_exit cg_run(struct cg_cache *c, struct ir_ctx *cpu,
                      const void *entry);

/* Points the patchable jmp at `site` (from CG_EXIT_CHAIN) at target. */
void cg_chain(struct cg_cache *c, uint64_t site, const void *target);

/* Records pc -> entry in the jump cache used by indirect exits. */
void cg_jump_cache_set(struct cg_cache *c, uint64_t pc, const void *entry);

/* Guest pc of the guest memory access at host_pc in translated code. */
bool cg_guest_pc_of(const struct cg_cache *c, uintptr_t host_pc,
                    uint64_t *guest_pc);

/* Drops every translation (fence.i, code written, unmapped...). */
void cg_flush(struct cg_cache *c);

/* Incremented by every flush. */
uint64_t cg_generation(const struct cg_cache *c);

struct cg_cache_stats {
    uint64_t blocks;        /* translations made */
    uint64_t bytes_used;    /* of host code now in the region */
    uint64_t bytes_total;   /* of host code ever emitted */
    uint64_t evictions;     /* flushes because the region was full */
    uint64_t flushes;       /* flushes asked for by the runtime */
    uint64_t chains;        /* jumps patched */
};
void cg_cache_stats(const struct cg_cache *c, struct cg_cache_stats *out);

#endif
