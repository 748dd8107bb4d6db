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
 *   CG_EXIT_POLL      ctx->poll was set at a block entry (arg 0), or the
 *                     block would overrun the instruction budget (arg:
 *                     its instruction count); ctx->pc is the block's pc
 *                     and nothing of it ran;
 *   CG_EXIT_TRAP      EXIT_TRAP; arg = enum ir_trap; ctx->pc as ir.h says;
 *   CG_EXIT_FAULT     a bounds or alignment failure; ctx->pc is the faulting
 *                     insn, arg the guest address, code carries
 *                     CG_FAULT_WRITE / CG_FAULT_MISALIGNED;
 *   CG_EXIT_HOT       a backward jump (to a pc at or below its block's) was
 *                     taken the tier-up threshold's number of times
 *                     (cg_cache_tier_up); ctx->pc = arg is its target, the
 *                     guest state complete, nothing of the target run;
 *                     code >> CG_HOT_FROM_SHIFT is how far the jumping
 *                     block's pc lies above it (0: unknown).
 * A host fault on the arena inside translated code longjmps out of it (an
 * mmu_catch scope, see mmu_fault.h, which keeps the host registers);
 * cg_restore_state rebuilds the guest state of the faulting instruction
 * from the fault map: its guest pc, and the guest values that lived only
 * in host registers there. Guest state is precise in every case, and no
 * store runs before an access to make it so.
 *
 * When the region is full the whole cache is flushed (as QEMU does) and
 * the flush counted as an eviction. Chained jumps are patched in place and
 * vanish with the flush; cg_generation() lets a caller notice that a patch
 * site it holds died.
 *
 * Threads. One cache serves every guest thread; each registers a
 * struct cg_thread (its own jump cache, so that translated code never
 * reads an entry another thread is writing, and whether it is running
 * translated code now). The map, the fault map and chaining are guarded
 * by the cache lock (cg_lock); chained jumps are 4-byte-aligned rel32
 * fields patched with one atomic store. Translated code is entered only
 * through cg_unlock_and_run, with the lock held, or after
 * cg_lookup_running counted the thread as running code, so a flush (which must
 * not reuse memory another thread executes) can wait for every thread to
 * be outside translated code: it raises the threads' poll flags (they
 * leave at their next block entry), waits without holding the lock until
 * none runs code, then empties the region. Threads meanwhile wait in
 * cg_lock. The single-threaded calls (cg_translate, cg_run, cg_flush)
 * remain for tests and tools that own a cache alone.
 *
 * Instruction budget (--max-insns): with cg_cache_count_insns(c, true),
 * every block entry subtracts its instruction count from the int64 just
 * before the CPU state ([state + CG_BUDGET_OFF]) and exits with
 * CG_EXIT_POLL, nothing of the block run, when that goes negative.
 */
#ifndef VM_CODE_CACHE_H
#define VM_CODE_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ir.h"

enum cg_exit_kind {
    CG_EXIT_CHAIN, CG_EXIT_INDIRECT, CG_EXIT_POLL, CG_EXIT_TRAP, CG_EXIT_FAULT,
    CG_EXIT_HOT
};
#define CG_EXIT_KIND_MASK 0xffu
#define CG_FAULT_WRITE 0x100u
#define CG_FAULT_MISALIGNED 0x200u
#define CG_HOT_FROM_SHIFT 32

struct cg_exit {
    uint64_t code; /* enum cg_exit_kind | CG_FAULT_* */
    uint64_t arg;
};

/* A guest value that lives in a host register, newer than its state word
 * (tier 1 caches guest registers and flags in host registers and writes
 * them back only at exits and helper calls). */
#define CG_MAX_LIVE 9
struct cg_live_value {
    uint8_t host_reg;   /* x86-64 register number (rax 0 ... r15 15) */
    uint32_t state_off; /* its 8-byte word in the CPU state (struct ir_ctx) */
};

/* One guest memory access instruction of translated code: the guest pc
 * and where the guest state that is not in memory is when it faults. */
struct cg_fault_entry {
    uint32_t host_off; /* offset of the access instruction in the region */
    uint8_t n_live;
    uint64_t guest_pc;
    struct cg_live_value live[CG_MAX_LIVE];
};

/* What a translation needs to know about the region it lands in. */
struct cg_runtime {
    const uint8_t *epilogue;
};

/* The jump cache: 2^CG_JC_BITS entries {guest pc, host entry}, indexed
 * by a multiplicative hash of the pc's low 32 bits (cg_jc_index): plain
 * low pc bits made code 32 KiB apart collide, and sqlite's returns missed
 * hundreds of thousands of times. Translated code probes it inline. */
#define CG_JC_BITS 14
#define CG_JC_MUL 0x9e3779b1u /* 2^32 / golden ratio, odd */
static inline uint32_t cg_jc_index(uint64_t pc)
{
    return ((uint32_t)pc * CG_JC_MUL) >> (32 - CG_JC_BITS);
}
struct cg_jc_entry {
    uint64_t pc;       /* cg_jc_empty_pc(slot) when empty */
    const void *host;
};

/* The pc an empty slot holds: one that hashes to another slot, so that no
 * guest jump finds an empty slot and its NULL host code (an x86-64 guest
 * can jump to any address, ~0 included: found by fuzz_x86_64). */
static inline uint64_t cg_jc_empty_pc(uint32_t slot)
{
    return slot == cg_jc_index(UINT64_MAX) ? UINT64_MAX - 1 : UINT64_MAX;
}

/* Where the instruction budget lives, relative to the CPU state. */
#define CG_BUDGET_OFF (-8)

/* Smallest and default region sizes. */
#define CG_CACHE_MIN_SIZE (64u << 10)
#define CG_CACHE_DEFAULT_SIZE (64u << 20)

struct cg_cache;
struct cg_thread;

/* NULL when the region cannot be mapped (errno set). */
struct cg_cache *cg_cache_create(size_t size);
void cg_cache_destroy(struct cg_cache *c);

/* Blocks translated from now on count instructions (see above). */
void cg_cache_count_insns(struct cg_cache *c, bool on);
/* Whether one-block loops keep guest registers in host registers across
 * trips (t1_loop.c; on by default). Off, every trip leaves through the
 * block's exit, as -d nochain wants. */
void cg_cache_self_loops(struct cg_cache *c, bool on);

/* Blocks translated from now on reach guest memory through a system-mode
 * TLB (tier1.h's struct ir_sys_tlb, which must outlive the cache); NULL:
 * the user-mode arena. */
struct ir_sys_tlb;
void cg_cache_system_mem(struct cg_cache *c, const struct ir_sys_tlb *m);

/* Blocks translated from now on count each taken backward jump in a
 * counter of its own (in a table of data words, no code page) and exit
 * with CG_EXIT_HOT when it was taken `threshold` times; 0 turns it off. */
void cg_cache_tier_up(struct cg_cache *c, uint32_t threshold);

/* With the lock held: every jump counting towards target stops counting
 * (its region goes to tier 2, or was refused) and goes on as if it had
 * counted: a one-block loop keeps looping in tier 1. Returns how many. */
unsigned cg_hot_stop(struct cg_cache *c, uint64_t target);
/* With the lock held, once target's entry leads to its tier-2 region: a
 * one-block loop's stopped back edge leaves the block through that entry
 * instead (t1_loop.c; measured before this split: a loop whose region
 * would never pay left and re-entered its block on every trip, matmul
 * tiered 5.2 s CPU against tier 1's 4.3 s). */
void cg_hot_leave(struct cg_cache *c, uint64_t target);
/* With the lock held: jumps to target will never count again in this
 * cache generation (its region would not pay). A one-block loop at target
 * is translated again without its counter: a stopped counter still costs
 * its loop a jump per trip (measured, matmul 512 8 tiered: 2.28 s CPU
 * with it, 2.08 s without, tier 1 alone 2.06 s). */
void cg_hot_never(struct cg_cache *c, uint64_t target);
/* With the lock held: they count again, from count (the region made for
 * target was dropped, or must wait longer). */
void cg_hot_rearm(struct cg_cache *c, uint64_t target, uint32_t count);
/* Whether a jump counting for target is the back edge of target's own
 * one-block loop (t1_loop.c), whose trips do not pass its entry (lock
 * held). */
bool cg_hot_self_loop(const struct cg_cache *c, uint64_t target);

/* ---- threads ---- */

/* Registers a thread whose translated code stops when *poll is set. NULL
 * when out of memory. */
struct cg_thread *cg_thread_create(struct cg_cache *c, uint32_t *poll);
void cg_thread_destroy(struct cg_cache *c, struct cg_thread *t);

/* Takes the cache lock once no flush is under way; self (not running
 * translated code) drops its jump cache if a flush happened since. */
void cg_lock(struct cg_cache *c, struct cg_thread *self);
void cg_unlock(struct cg_cache *c);

/* With the lock held: translates b like cg_translate, but never flushes:
 * a full region gives NULL with *full set (unlock, cg_flush_shared with
 * eviction, lock, retry). */
const void *cg_translate_locked(struct cg_cache *c, const struct ir_block *b,
                                const char **why, bool *full);

/* The entry of pc, looked up without the lock, with self counted as
 * running code (as cg_unlock_and_run does) when found: run it with
 * cg_run_running. NULL when the lock is needed (a miss, a flush under way
 * or since self last looked, the map changing meanwhile): self is then
 * out of code again. */
const void *cg_lookup_running(struct cg_cache *c, struct cg_thread *self,
                              uint64_t pc);
struct cg_exit cg_run_running(struct cg_cache *c, struct cg_thread *self,
                              struct ir_ctx *cpu, const void *entry);

/* Releases the lock and runs translated code from entry on self's jump
 * cache. A host fault that longjmps out leaves self marked as running
 * code: map the fault (cg_guest_pc_of), then call cg_left_code. */
struct cg_exit cg_unlock_and_run(struct cg_cache *c, struct cg_thread *self,
                                 struct ir_ctx *cpu, const void *entry);
void cg_left_code(struct cg_thread *self);

/* Records pc -> entry in self's jump cache. */
void cg_thread_jump_cache_set(struct cg_thread *self, uint64_t pc,
                              const void *entry);

/* Empties the cache once no other thread runs translated code (self must
 * not, and must not hold the lock). `eviction` counts it as one. When
 * another thread is flushing already, waits for that flush instead. */
void cg_flush_shared(struct cg_cache *c, struct cg_thread *self,
                     bool eviction);

/* For fork: the child keeps only `self`; the lock is free again. */
void cg_after_fork_child(struct cg_cache *c, struct cg_thread *self);

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

/* The same for a cache that never calls cg_invalidate (system mode): the
 * chain is not recorded, the caller undoes it with cg_unchain when it no
 * longer holds (and forgets it at a flush, which drops the site). */
void cg_chain_untracked(struct cg_cache *c, uint64_t site,
                        const void *target);
/* Points the jmp at site back at its own exit stub. */
void cg_unchain(struct cg_cache *c, uint64_t site);

/* Records pc -> entry in the jump cache used by indirect exits. */
void cg_jump_cache_set(struct cg_cache *c, uint64_t pc, const void *entry);
/* Drops pc's entry from that jump cache, if it is there. */
void cg_jump_cache_forget(struct cg_cache *c, uint64_t pc);

/* Guest pc of the guest memory access at host_pc in translated code. */
bool cg_guest_pc_of(const struct cg_cache *c, uintptr_t host_pc,
                    uint64_t *guest_pc);

/* The guest access at host_pc faulted with the host registers host_regs
 * (x86-64 numbering): sets cpu->pc to its guest pc and stores the guest
 * values that lived in host registers into their state words. False when
 * host_pc is no guest access of this cache (cpu untouched). */
bool cg_restore_state(const struct cg_cache *c, uintptr_t host_pc,
                      const uint64_t host_regs[16], struct ir_ctx *cpu);

/* With the lock held: drops the translations made from guest bytes in
 * [lo, hi) (a store to a code page), leaving the rest of the cache alone.
 * Threads running them may finish; they are no longer reached from the
 * map, chained jumps or jump caches (their entries exit to the runtime).
 * Returns how many blocks were dropped. */
unsigned cg_invalidate(struct cg_cache *c, uint64_t lo, uint64_t hi);

/* Drops every translation (fence.i, code written, unmapped...). */
void cg_flush(struct cg_cache *c);

/* Incremented by every flush. */
uint64_t cg_generation(const struct cg_cache *c);

/* Where the region lies (code placed within rel32 reach of it can jump
 * into it), and the shared epilogue translated code leaves through. */
void cg_cache_bounds(const struct cg_cache *c, const void **base,
                     size_t *size);
const void *cg_cache_epilogue(const struct cg_cache *c);

struct cg_cache_stats {
    uint64_t blocks;        /* translations made */
    uint64_t bytes_used;    /* of host code now in the region */
    uint64_t bytes_total;   /* of host code ever emitted */
    uint64_t evictions;     /* flushes because the region was full */
    uint64_t flushes;       /* flushes asked for by the runtime */
    uint64_t chains;        /* jumps patched */
    uint64_t hot_sites_stopped; /* counting jumps turned off */
    uint64_t blocks_invalidated; /* by cg_invalidate */
    uint64_t loops_uncounted;    /* by cg_hot_never */
};
void cg_cache_stats(const struct cg_cache *c, struct cg_cache_stats *out);

#endif
