/*
 * ll_region.h — the contract of tier-2 (LLVM) code, free of LLVM types so
 * the runtime can include it without linking libLLVM.
 *
 * A region is one or more IR blocks compiled into one host function;
 * blocks[0] is its entry. EXIT_JUMP and EXIT_IF whose target is the pc of
 * a region block become branches inside the function (guest registers stay
 * in host registers across them); every other exit leaves the function.
 *
 * The compiled function is
 *     struct ll_exit f(struct ir_ctx *cpu);
 * (returned in rax:rdx like tier 1's struct cg_exit, with the same exit
 * numbering so one dispatcher switch serves both tiers):
 *   LL_EXIT_JUMP      EXIT_JUMP / taken EXIT_IF leaving the region; arg 0;
 *   LL_EXIT_INDIRECT  EXIT_INDIRECT; arg 0;
 *   LL_EXIT_POLL      ctx->poll was set at the region entry or on a
 *                     backward edge; nothing of block ctx->pc ran;
 *   LL_EXIT_TRAP      EXIT_TRAP; arg = enum ir_trap;
 *   LL_EXIT_FAULT     a bounds or alignment failure; arg = guest address,
 *                     code | LL_FAULT_WRITE / LL_FAULT_MISALIGNED.
 * ctx->pc is set as the interpreter's exit protocol says (interp.h).
 *
 * Precise faults from explicit checks, not stores (ll_mem.c). Every guest
 * access first checks, inline, the arena limit, the alignment an
 * IR_MEM_ALIGNED access needs, that it stays within one page, and the
 * page's byte in the arena's page table (ctx->mem_pages, ir.h). When all
 * pass, the access is an ordinary LLVM load or store: nothing is written
 * back, and guest registers stay in SSA values across it. When one fails,
 * the cold "careful" path stores the pc and every guest-state word changed
 * so far, leaves through LL_EXIT_FAULT for a bounds or alignment failure,
 * and otherwise performs the access volatile, so that a host fault on it
 * (unmapped or read-only page, translated code, write tracking) finds
 * ctx->pc and the registers exactly as the interpreter would have them;
 * the runtime's mmu_catch scope just reports the address. Measured cost
 * and the choice against stackmaps: lib/lift/llvm/README.md.
 *
 * With implicit_checks, a plain load or store checks only the limit
 * inline: the access itself is the page check, LLVM's implicit-check pass
 * records it in the object's fault map with its careful path as handler,
 * and the runtime resumes a host fault on it there (README.md).
 * Not precise: a host fault on the fast path, which only a racing munmap
 * or mprotect by another guest thread between the check and the access
 * can cause (or a file mapping whose file shrank): the state is then the
 * last one the region stored (ctx->pc of its entry or last careful path).
 *
 * System mode (sys_tlb set): the fast path is the TLB lookup of
 * ir_sys_tlb.h, inline (shift, mask, compare with the page of the last
 * byte, add); the careful path stores the state and calls the TLB's slow
 * path, which walks the page tables or reaches a device; its NULL leaves
 * through LL_EXIT_FAULT (the fault is recorded in the hart), as does a
 * misaligned IR_MEM_ALIGNED access (with LL_FAULT_MISALIGNED).
 *
 * Memory model. riscv64 (RVWMO): fast-path accesses are plain loads and
 * stores; LLVM may reorder or merge them between fences as RVWMO allows,
 * but never across the volatile poll load of a backward edge (a loop
 * iteration is a compiler barrier, so a spin loop re-reads its flag).
 * x86-64 (TSO, ll_region.tso): volatile, so LLVM keeps them in program
 * order and x86 hardware keeps them TSO. FENCE is a seq_cst fence; AMO,
 * CAS and CAS16 are seq_cst atomics (x86 lock-prefixed instructions).
 */
#ifndef VM_LL_REGION_H
#define VM_LL_REGION_H

#include <stdbool.h>
#include <stdint.h>

#include "ir.h"
#include "ir_sys_tlb.h"

struct ll_region {
    const struct ir_block *const *blocks; /* ir_validate'd; [0] = entry */
    unsigned n;
    bool tso;  /* the guest's memory model is TSO (x86-64), not RVWMO */
    bool implicit_checks; /* plain loads and stores check only the arena
                             limit inline; a host fault on one resumes at
                             its careful path through the fault map the
                             code generator writes (ll_mem.c; never for
                             tso regions, whose accesses are volatile) */
    const uint8_t *explicit_ids; /* with implicit_checks: bit k set keeps
                             the k-th implicit-check candidate (in lifting
                             order) explicit; NULL: none (the backend's
                             retry, see LL_CAREFUL_SECTION) */
    unsigned n_explicit_ids; /* bits in explicit_ids */
    int32_t iters_off; /* nonzero: at every exit, the number of backward
                          edges taken since the entry is added to the
                          int64 at cpu + iters_off (a loop that is left
                          after a trip or two does not pay for entering) */
    /* System mode: guest accesses go through the hart's software TLB
     * (ir_sys_tlb.h) instead of the arena; NULL in user mode. */
    const struct ir_sys_tlb *sys_tlb;
    int32_t budget_off; /* nonzero: an instruction budget, the int64 at
                           cpu + budget_off: each region block subtracts
                           its guest instructions as it starts, and the
                           entry and every backward edge leave with
                           LL_EXIT_POLL while it is <= 0 (system mode:
                           interrupts are taken between runs) */
};

/* Every careful path of an implicit check k starts with a marker that
 * puts (u32 k, u32 offset of the careful path from the function's entry)
 * into this section of the object: the backend compares it with the
 * fault map to learn which checks the code generator folded. */
#define LL_CAREFUL_SECTION ".vm_careful"

enum ll_exit_kind {
    LL_EXIT_JUMP, LL_EXIT_INDIRECT, LL_EXIT_POLL, LL_EXIT_TRAP, LL_EXIT_FAULT
};
#define LL_EXIT_KIND_MASK 0xffu
#define LL_FAULT_WRITE 0x100u
#define LL_FAULT_MISALIGNED 0x200u

struct ll_exit {
    uint64_t code; /* enum ll_exit_kind | LL_FAULT_* */
    uint64_t arg;
};

typedef struct ll_exit (*ll_region_fn)(struct ir_ctx *cpu);

/* Largest CPU state (struct ir_ctx and the guest's registers) a region may
 * address with GET/PUT. */
#define LL_MAX_STATE_BYTES 4096u

#endif
