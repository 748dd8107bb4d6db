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
 * Precise faults: before every guest memory access the code stores the
 * pc of its guest instruction and every guest-state word changed since the
 * last such point into the CPU state (volatile stores the optimizer can
 * neither drop nor move past the access). A host fault on the arena in the
 * middle of compiled code therefore finds ctx->pc and all registers exactly
 * as the interpreter would have them; the runtime's mmu_catch scope just
 * reports the fault address, no host-pc map is needed. Guest loads and
 * atomics are volatile too: LLVM would otherwise delete a load whose value
 * is dead (lbu zero, 0(a0) must still fault) or turn amoor x, 0 into a
 * load (which does not fault on a read-only page).
 */
#ifndef VM_LL_REGION_H
#define VM_LL_REGION_H

#include <stdint.h>

#include "ir.h"

struct ll_region {
    const struct ir_block *const *blocks; /* ir_validate'd; [0] = entry */
    unsigned n;
};

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
