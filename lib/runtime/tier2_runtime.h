/*
 * tier2_runtime.h — tier 2 inside the dispatchers: one struct rt_tier2 per
 * process (p->tier2), made for --mode tiered and --mode llvm.
 *
 * Tiered mode (dispatch_tier1.c). Tier 1 counts taken backward jumps; when
 * one reaches --tier-threshold the block exits with CG_EXIT_HOT and the
 * dispatcher calls rt_tier2_hot: the region headed by the jump's target is
 * selected and lifted on this thread (lifting reads guest code) and queued
 * for the compile thread. At every dispatcher pass rt_tier2_poll installs
 * what finished: under the code cache lock, when no flush came in between,
 * the head's tier-1 entry is patched to jump to the region's trampoline
 * (t2_trampoline.h). Nothing waits for LLVM; a failure leaves the region
 * in tier 1 and is counted by reason.
 *
 * Eviction: a code cache flush (full, fence.i, code written or unmapped)
 * removes the patched heads with the rest of tier 1's code; the next
 * rt_tier2_poll then releases those regions through the backend (no thread
 * can be running them: a flush waits until every thread has left
 * translated code, and tier-2 code only runs inside it).
 *
 * Precise host faults: tier-2 code stores the pc and changed registers
 * before every access, and the trampoline marks the thread as in tier 2
 * (a byte of the CPU state prefix), so the host-fault handler takes
 * ctx->pc as it is when the faulting instruction is not tier 1's.
 *
 * --mode llvm (dispatch_llvm.c): every block is compiled as a one-block
 * region, waiting for the compile thread.
 */
#ifndef VM_RT_TIER2_RUNTIME_H
#define VM_RT_TIER2_RUNTIME_H

#include <stdbool.h>
#include <stdint.h>

#include "process.h"

struct cg_cache;
struct cg_thread;

/* Whether p's mode uses tier 2 (and then tier 1 counts backward jumps). */
bool rt_tier2_enabled(const struct rt_process *p);

/* Sets up p->tier2 when enabled: 0, or RT_STATUS_USAGE after a line. No
 * thread starts and LLVM is not loaded until the first region. */
int rt_tier2_process_init(struct rt_process *p);
/* Stops the compile thread, releases all code, adds the counters to
 * p->stats. After every guest thread has stopped. */
void rt_tier2_process_fini(struct rt_process *p);

/* CG_EXIT_HOT: the backward jump to head from the block at `from` (head:
 * unknown) was taken --tier-threshold times. */
void rt_tier2_hot(struct rt_thread *t, uint64_t head, uint64_t from);

/* At each dispatcher pass (cache lock not held): installs finished
 * regions, releases the ones a flush removed. */
void rt_tier2_poll(struct rt_thread *t, struct cg_cache *c);

/* Carries out the guest's system call (linux_syscall), held back while
 * the LLVM backend loads (see t2_syscall_enter). */
void rt_tier2_syscall(struct rt_thread *t);

/* Guest code [lo, hi) was written (cache lock held): regions compiled
 * from it go back to tier 1 and may be compiled again; jobs still
 * compiling it are discarded when they finish. */
void rt_tier2_code_written(struct rt_thread *t, struct cg_cache *c,
                           uint64_t lo, uint64_t hi);

/* A host fault outside tier 1's code: true when the thread was running
 * tier-2 code (ctx->pc is then precise); clears the mark. */
bool rt_tier2_fault_in_code(struct ir_ctx *cpu);

/* The --mode llvm loop of one guest thread. */
int rt_dispatch_llvm(struct rt_thread *t);

#endif
