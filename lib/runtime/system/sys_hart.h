/*
 * sys_hart.h — one RISC-V hart of system mode and its run loop: fetch a
 * block through the TLB, look it up in the block cache (or lift it with
 * rv_sys_lift_block), interpret it, and between blocks take interrupts,
 * run privileged instructions and turn memory faults into exceptions.
 */
#ifndef VM_SYS_HART_H
#define VM_SYS_HART_H

#include <pthread.h>
#include <stddef.h>

#include "riscv64_priv.h"
#include "sys_board.h"
#include "sys_interp.h"
#include "sys_t1.h"

struct sys_block;
struct sys_t2;
struct sys_t2_region;
struct t2_arena;
struct gdb_sys;

struct sys_hart {
    /* Written by translated code at fixed offsets from the CPU state: */
    int64_t t2_iters;          /* backward edges of the region running
                                  (ll_region.iters_off) */
    uint8_t t2_in_code;        /* the trampoline's "in tier 2" byte */
    int64_t t1_budget;         /* tier 1's, right before the CPU state */
    struct rv_hart rv;
    struct sys_mem mem;
    struct sys_interp interp;
    struct sys_block **cache;  /* direct-mapped by virtual pc */
    unsigned cache_mask;       /* its slots - 1 */
    struct sys_t1 *t1;         /* --mode tier1, or NULL: interpret */
    struct sys_t2 *t2;         /* the board's tier 2 (tiered, llvm), or NULL */
    struct sys_t2_region *t2_mail; /* regions compiled for this hart,
                                   delivered by another (t2's lock) */
    int t2_has_mail;
    uint64_t t2_runs;          /* region runs from the hart loop (--mode
                                  llvm), and entries of regions dropped */
    struct t2_arena *t2_arena; /* trampolines near the tier-1 cache */
    struct sys_t2_region *t2_installed; /* this hart's regions in use */
    uint64_t t2_polls;         /* hart-loop passes (judging cadence) */
    uint64_t tlb_bounce[2];    /* where translated code's slow path
                                  lands loads (sys_t1_hart_slow_access) */
    struct sys_board *board;
    uint64_t deadline_ns;      /* --timeout, 0 = none */
    uint64_t blocks;           /* blocks run (for polling devices) */
    struct gdb_sys *gdb;       /* -s/-gdb: the debugger's stub, or NULL */
    struct sys_block *gdb_cut; /* a one-instruction block (not cached) */
    unsigned id;               /* mhartid, the CLINT's and PLIC's index */
    /* Threaded boards: a hart in wfi sleeps on wake; an interrupt line
     * raised from another thread signals it (sleeping says whether). */
    pthread_mutex_t wake_lock;
    pthread_cond_t wake;
    bool wake_ready;           /* the two above made (to free) */
    int sleeping;
};

/* 0, or -1 out of memory. board->irq_set must point at sys_hart_irq. On
 * a threaded board (several harts) each hart's sys_hart_run runs on its
 * own thread and leaves the device poll and --timeout to the caller. */
/* The hart whose CPU state ctx is (translated code's helpers). */
static inline struct sys_hart *sys_hart_of_ctx(struct ir_ctx *ctx)
{
    return (struct sys_hart *)((char *)ctx -
                               offsetof(struct sys_hart, rv.cpu.ctx));
}

int sys_hart_init(struct sys_hart *h, struct sys_board *b, uint64_t hartid);
void sys_hart_free(struct sys_hart *h);
/* Runs blocks as tier-1 host code from now on; 0, or -1 out of memory. */
int sys_hart_use_tier1(struct sys_hart *h);
/* --mode llvm: every block through tier 2 (t2, the board's). */
int sys_hart_use_llvm(struct sys_hart *h, struct sys_t2 *t2);
/* Device interrupt lines (struct dev_irq's set, opaque = the hart). */
void sys_hart_irq(void *hart, unsigned line, bool level);
/* Runs until the board powers off (returns its status) or the deadline
 * passes (returns RT_STATUS_LIMIT). */
int sys_hart_run(struct sys_hart *h);

#endif
