/*
 * interp.h — tier 0: executes IR blocks directly. It is the executable
 * definition of the IR and the oracle every other tier is tested against.
 *
 * The exit protocol every tier follows: a block runs until it leaves by
 *   - a jump (INTERP_JUMP): ctx->pc is the next block's pc;
 *   - a trap (INTERP_TRAP): ctx->pc as the trap kind defines (ir.h),
 *     exit->trap says which;
 *   - a fault (INTERP_FAULT): ctx->pc is the faulting instruction's pc,
 *     exit->addr the guest address, exit->write the access kind,
 *     exit->misaligned set for a misaligned IR_MEM_ALIGNED access; guest
 *     state is as it was before that instruction.
 */
#ifndef VM_INTERP_H
#define VM_INTERP_H

#include <stdbool.h>
#include <stdint.h>

#include "ir.h"

enum interp_result { INTERP_JUMP, INTERP_TRAP, INTERP_FAULT };

struct interp_exit {
    enum ir_trap trap;   /* for INTERP_TRAP */
    uint64_t addr;       /* for INTERP_FAULT: guest address */
    bool write;          /* for INTERP_FAULT */
    bool misaligned;     /* for INTERP_FAULT: an IR_MEM_ALIGNED access */
    bool bus;            /* for INTERP_FAULT: the host raised SIGBUS (a
                            file page past the end of its file) */
    bool watch;          /* for INTERP_FAULT: interp_access_hook stopped
                            it; no guest fault */
};

/*
 * Runs one block on cpu. Guest memory is ctx->mem_base + address for
 * addresses below ctx->mem_limit; host faults on it become INTERP_FAULT
 * (mmu_fault_init() must have been called).
 */
/*
 * Called before every guest memory access of the interpreter when set
 * (the GDB stub's watchpoints; NULL otherwise, costing one branch): the
 * guest address, its size in bytes, and whether it writes (atomics
 * count as writes). Returning true abandons the instruction before the
 * access: INTERP_FAULT with exit->watch set and the state as before the
 * instruction (the fault contract above).
 */
extern bool (*interp_access_hook)(uint64_t addr, unsigned size, bool write);

enum interp_result interp_run(const struct ir_block *b, struct ir_ctx *cpu,
                              struct interp_exit *exit);

#endif
