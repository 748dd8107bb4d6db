/*
 * sys_interp.h — tier 0 of system mode: runs an IR block with guest
 * memory reached through sys_mem (TLB, page walks, MMIO) instead of the
 * user-mode arena. Pure ops are ir_eval's; the op semantics are ir.h's.
 */
#ifndef VM_SYS_INTERP_H
#define VM_SYS_INTERP_H

#include "ir.h"
#include "sys_mem.h"

enum sys_exit {
    SYS_EXIT_NEXT,  /* block ended normally: ctx->pc is the next block */
    SYS_EXIT_TRAP,  /* EXIT_TRAP: ctx->pc = its pc, *trap = its reason */
    SYS_EXIT_FAULT, /* a memory access failed: ctx->pc = that insn,
                       m->fault says how */
};

struct sys_interp {
    uint64_t *temps;
    size_t cap;
    uint64_t retired;   /* guest instructions completed, running count */
};

enum sys_exit sys_interp_run(struct sys_interp *x, struct ir_ctx *ctx,
                             const struct ir_block *b, struct sys_mem *m,
                             unsigned *trap);
void sys_interp_free(struct sys_interp *x);

#endif
