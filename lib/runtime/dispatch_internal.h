/*
 * dispatch_internal.h — what the interpreter's dispatcher (dispatch.c)
 * and tier 1's (dispatch_tier1.c) share.
 */
#ifndef VM_DISPATCH_INTERNAL_H
#define VM_DISPATCH_INTERNAL_H

#include "process.h"

/* The lifter's fetch callback over the thread's mmu (exec pages only). */
const uint8_t *rt_fetch_code(void *mmu, uint64_t pc, uint64_t *avail);

/* Lifts and validates the block at pc into b; false after printing an
 * internal-error line. */
bool rt_lift(struct rt_thread *t, struct ir_block *b, uint64_t pc);
/* Lifts the block at pc into b (reset first) and runs the IR passes every
 * tier runs on a lifted block (the interpreter too, so the oracle executes
 * the same IR): the dead-flag pass. Under the arena lock, so that another
 * guest thread's munmap or mprotect cannot take the code pages away while
 * the decoder reads them (the host would fault in vm-run's own code). */
void rt_lift_optimized(struct rt_thread *t, struct ir_block *b, uint64_t pc);

/* si_code of a SIGSEGV at guest address addr. */
int rt_segv_code(const struct mmu *m, uint64_t addr);

/* Guest faults: SIGBUS for misaligned, else SIGSEGV. */
void rt_raise_access_fault(struct rt_thread *t, uint64_t addr,
                           bool misaligned);

/* ILLEGAL, BREAKPOINT and FETCH_FAULT traps (block_pc: the pc of the
 * block that trapped, which FETCH_FAULT reports). */
void rt_raise_trap(struct rt_thread *t, enum ir_trap trap, uint64_t block_pc);

/* When b is a block whose first instruction cannot be fetched, raises its
 * SIGSEGV and returns true. Such a block is never cached by any tier:
 * the page may be made executable a moment later (mprotect, mmap) and
 * must then run, as under Linux. */
bool rt_raise_fetch_fault(struct rt_thread *t, const struct ir_block *b);

/* A SIGSEGV or SIGBUS the host raised on a guest access at addr. */
void rt_raise_host_fault(struct rt_thread *t, int host_sig, uint64_t addr);

/* Runs the block at ctx->pc once in the interpreter (as --mode interp
 * would, traps and faults included): after a store to a code page, so
 * that the store's own page is not write-protected again by translating
 * its block before the store ran. False after an internal-error line. */
bool rt_interp_step(struct rt_thread *t);

/* What a thread does between blocks: clears its poll flag, takes in host
 * signals, delivers pending ones, restores a temporary signal mask.
 * False when the thread must stop (exit, exit_group, a limit). */
bool rt_checkpoint(struct rt_thread *t);

/* The tier-1 loop (dispatch_tier1.c) and the process-wide setup of the
 * shared code cache (the code-write hook, instruction counting), and the
 * cache's counters into p->stats at the end. */
int rt_dispatch_tier1(struct rt_thread *t);
void rt_tier1_process_init(struct rt_process *p);
void rt_tier1_process_fini(struct rt_process *p);

#endif
