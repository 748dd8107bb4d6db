/*
 * sys_t2.h — tier 2 (LLVM) in system mode: --mode tiered and --mode llvm.
 *
 * The regions are the user-mode tier's (lib/opt/region.h, compiled by the
 * tier2_service's thread through the vm_llvm backend), with two changes
 * the contract of ll_region.h offers: guest accesses go through the hart's
 * software TLB inline (ll_region.sys_tlb, the same lookup tier 1 emits:
 * ir_sys_tlb.h), and an instruction budget (ll_region.budget_off, tier 1's
 * t1_budget) makes a loop leave after SYS_T2_SLICE instructions, so that
 * the hart loop takes interrupts and polls devices as often as in tier 1.
 *
 * Tiered: every time the hart loop comes to a block it counts; at the
 * threshold (--tier-threshold) the region around it is selected on the
 * hart's thread (lifting reads guest memory through its MMU) and queued
 * for the board's one compile thread; the hart goes on in tier 1. When the
 * region is compiled, the head's tier-1 entry is patched to jump to a
 * trampoline (t2_trampoline.h, as in user mode), so every way into the
 * head (the hart loop, chained jumps, the jump cache) runs the region,
 * and the region's exits continue in tier 1 through the jump cache when
 * their target is there. Both tiers share the instruction budget, so a
 * run that mixes them still ends after SYS_T1_SLICE instructions. A
 * region is selected only when it is a loop, and it is judged after
 * SYS_T2_JUDGE_ENTRIES entries: one that goes round fewer than a few
 * times per entry goes back to tier 1 (loading and storing its registers
 * costs more than it saves). Its blocks all lie in the head's guest page,
 * so the head's check (same host page, same bytes: sys_hart.c) covers
 * their page, and comparing the region's bytes whenever the hart loop
 * comes to the head covers their content; chained entries hold while the
 * chain key does and until fence.i, as tier 1's chains do (a fence.i
 * flushes tier 1's code and the patch with it; the hart loop patches the
 * new translation again after the bytes check). Lifting the head again
 * (new bytes, another page, FS changed) drops the region.
 *
 * --mode llvm: every block is compiled as a one-block region (waiting for
 * the compile thread) and interpreted when LLVM cannot compile it; no tier
 * 1. Slow to start; the reference for the LLVM lifter in system mode.
 *
 * The precise state of a fault inside a region: the careful path of the
 * access stores the pc and every changed register before it calls the TLB
 * slow path, which records the fault (ll_mem.c), so raising it is the hart
 * loop's usual path.
 */
#ifndef VM_SYS_T2_H
#define VM_SYS_T2_H

#include <stdbool.h>
#include <stdint.h>

#include "sys_interp.h"

struct sys_hart;
struct sys_block;
struct sys_t2;        /* the board's: one compile thread for every hart */
struct sys_t2_region; /* a compiled region installed on its head block */

/* Instructions a region run from the hart loop (--mode llvm) may run
 * before it returns there (tier 1's slice). */
#define SYS_T2_SLICE 1024

/* Hart-loop arrivals at a block before tiered mode compiles its region,
 * when --tier-threshold does not say. A hot loop in tier 1 comes back to
 * the hart loop once per slice (chained otherwise), a loop tier 1 cannot
 * chain (FP, a trap) once per trip. */
#define SYS_T2_THRESHOLD 256

/* What tier 2 made of a block of the hart's cache (sys_block.h). */
struct sys_t2_ref {
    struct sys_t2_region *region; /* queued or installed, or NULL */
    uint32_t visits;              /* hart-loop arrivals, to the threshold */
    bool installed;               /* region compiled and runnable */
    bool refused;                 /* no region here (until lifted again) */
};

struct sys_t2_stats {
    uint64_t selected;   /* regions queued for the compile thread */
    uint64_t installed;  /* compiled and installed on their head */
    uint64_t refused;    /* not a loop, LLVM failed, queue full, stale */
    uint64_t stale;      /* arrivals that found the region's bytes changed */
    uint64_t judged_out; /* installed, then found not to pay */
    uint64_t busy;       /* selected while the compile queue was full */
    uint64_t compile_cpu_ns;
};

/* threshold: hart-loop arrivals at a block before its region is compiled
 * (tiered); 0 for --mode llvm. NULL when out of memory. Neither LLVM nor a
 * thread is loaded before the first region. */
struct sys_t2 *sys_t2_create(unsigned threshold);
/* After every hart has let go of its regions (sys_t2_forget). */
void sys_t2_destroy(struct sys_t2 *t);
void sys_t2_stats(struct sys_t2 *t, struct sys_t2_stats *out);

/* The hart loop at blk (cached, checked, about to run): true when a
 * region ran (*e and *trap as sys_t1_run's), false when the caller runs
 * the block in tier 1 or the interpreter. */
bool sys_t2_run(struct sys_hart *h, struct sys_block *blk, enum sys_exit *e,
                unsigned *trap);

/* blk is lifted again or freed: its region (queued or installed) goes. On
 * the hart's own thread, which alone runs its regions. */
void sys_t2_forget(struct sys_hart *h, struct sys_block *blk);

/* After the hart's blocks are freed: its trampolines. */
void sys_t2_hart_fini(struct sys_hart *h);

/* Region entries on hart h so far (--stats). */
uint64_t sys_t2_hart_entries(const struct sys_hart *h);

#endif
