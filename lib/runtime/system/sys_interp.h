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

/* A debugger's watchpoints (gdb_sys.c): called before each load, store
 * and atomic with its virtual address while set. True abandons the
 * instruction as a fault would (state as before it, ctx->pc at it) but
 * without a trap: the block ends with SYS_EXIT_NEXT. */
typedef bool (*sys_access_hook)(void *opaque, uint64_t va, unsigned size,
                                bool reads, bool writes);

struct sys_interp {
    uint64_t *temps;
    size_t cap;
    uint64_t retired;   /* guest instructions completed, running count */
    sys_access_hook access_hook; /* NULL: no watchpoint (one test) */
    void *hook_opaque;
};

enum sys_exit sys_interp_run(struct sys_interp *x, struct ir_ctx *ctx,
                             const struct ir_block *b, struct sys_mem *m,
                             unsigned *trap);
void sys_interp_free(struct sys_interp *x);

#endif
