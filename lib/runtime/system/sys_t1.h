/*
 * sys_t1.h — tier 1 in system mode (`vm-run --system --mode tier1`): the
 * hart's blocks run as tier-1 host code whose memory accesses do the TLB
 * lookup inline (lib/codegen/t1_sysmem.c) and call sys_mem's slow paths
 * on a miss. The hart loop (sys_hart.c) finds and checks the first
 * block of every run; direct exits to blocks that neither trap nor use
 * FP are chained and indirect exits find them in the jump cache
 * (sys_t1.c), undone when the mapping they were checked under may have
 * changed (a TLB flush, satp, M mode), and an instruction budget returns
 * a chained run to the hart loop, so interrupts, device polls,
 * privileged instructions and traps stay where the interpreter tier has
 * them.
 */
#ifndef VM_SYS_T1_H
#define VM_SYS_T1_H

#include <stdbool.h>
#include <stdint.h>

#include "code_cache.h"
#include "ir.h"
#include "sys_interp.h"

struct sys_hart;
struct sys_t1;

/* The slow path behind the inline TLB lookup (struct ir_sys_tlb.slow)
 * on memory m: a load or store is done here (TLB fill, MMIO, bytewise
 * across pages) and lands in bounce (16 bytes) for the inline access to
 * finish; an atomic gets its RAM host address. NULL: m->fault says why. */
void *sys_t1_slow_access(struct sys_mem *m, uint64_t *bounce, uint64_t va,
                         uint64_t value, uint64_t kind);

/* The slow path of a hart's translated code, either tier's: the inline
 * lookup missed (or the access is MMIO, crosses a page, or the page is
 * not in the TLB for this kind of access); ctx is the hart's CPU state,
 * the bounce buffer its tlb_bounce. */
void *sys_t1_hart_slow_access(struct ir_ctx *ctx, uint64_t va,
                              uint64_t value, uint64_t kind);

/* Describes the hart TLB's layout (mmu_tlb.h) to tier 1, with slow as
 * the miss path. */
struct ir_sys_tlb;
void sys_t1_describe_tlb(struct ir_sys_tlb *out,
                         void *(*slow)(struct ir_ctx *, uint64_t, uint64_t,
                                       uint64_t));

/* A block's translation as the hart's block cache remembers it. */
struct sys_t1_ref {
    const void *entry;    /* NULL: not translated (yet) */
    uint64_t generation;  /* the code cache's when translated */
    bool refused;         /* tier 1 cannot do it: interpret it */
};

/* NULL when out of memory (or the code region cannot be mapped). */
struct sys_t1 *sys_t1_create(void);
void sys_t1_destroy(struct sys_t1 *t);

/* The host code of b (ref caches it across calls; reset ref when b is
 * lifted again), or NULL when b must be interpreted. */
const void *sys_t1_code(struct sys_t1 *t, const struct ir_block *b,
                        struct sys_t1_ref *ref);

/* What a tier-1 exit means to the hart loop (for a misaligned access,
 * m->fault is set from it; the slow path set it for the other faults). */
enum sys_exit sys_t1_exit(struct cg_exit x, struct sys_mem *m,
                          unsigned *trap);

/* Drops every translation (fence.i: chained code is checked no more). */
void sys_t1_flush(struct sys_t1 *t);

/* The code cache (tier 2 patches block entries in it: sys_t2.c). */
struct cg_cache *sys_t1_cache(struct sys_t1 *t);

/* Runs b's host code on hart h; the result as sys_interp_run's, with the
 * hart's retired count advanced by the instructions completed. chainable:
 * the previous run's direct exit may jump straight to b from now on (b
 * neither traps nor touches FP state, work the hart loop does per block
 * with the block's own details). */
enum sys_exit sys_t1_run(struct sys_hart *h, const struct ir_block *b,
                         const void *entry, bool chainable, unsigned *trap);

#endif
