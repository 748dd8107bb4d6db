/*
 * sys_t1.c — tier 1 in system mode (see sys_t1.h): one code cache per
 * hart, whose translations reach guest memory through the hart's TLB
 * (struct t1_sys_mem), and the slow path their inline lookups call.
 */
#include "sys_t1.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "code_cache.h"
#include "sys_hart.h"
#include "tier1.h"

/* A region big enough for a Linux boot's working set without eviction. */
#define SYS_T1_CACHE_SIZE (64u << 20)

struct sys_t1 {
    struct cg_cache *cache;
    struct t1_sys_mem sys_mem;
    /* Where the inline access lands after the slow path did it itself:
     * the bytes a load read, or a sink for a store's. */
    uint64_t bounce[2];
    /* The last direct exit that may be chained: its patch site, and the
     * target pc and cache generation it was seen in (site 0: none). */
    uint64_t chain_site, chain_pc, chain_generation;
};

/* Instructions a run of chained blocks may start before it returns to
 * the hart loop (CG_EXIT_POLL), which takes interrupts and polls devices
 * every TIMER_EVERY returns: the bound on their delay. */
#define SYS_T1_SLICE 1024

_Static_assert(offsetof(struct sys_hart, rv.cpu.ctx) -
                       offsetof(struct sys_hart, t1_budget) ==
                   -CG_BUDGET_OFF,
               "the budget is the int64 right before the CPU state");

_Static_assert(sizeof(struct mmu_tlb_entry) == 32,
               "t1_sys_mem.entry_shift describes the TLB entry");

static struct sys_hart *hart_of(struct ir_ctx *ctx)
{
    return (struct sys_hart *)((char *)ctx -
                               offsetof(struct sys_hart, rv.cpu.ctx));
}

void *sys_t1_slow_access(struct sys_mem *m, uint64_t *bounce, uint64_t va,
                         uint64_t value, uint64_t kind)
{
    unsigned size = kind & 0xff;
    switch (kind >> 8) {
    case T1_SYS_LOAD:
        if (sys_mem_read(m, va, size, &bounce[0]))
            return NULL;
        return bounce;
    case T1_SYS_STORE: /* done: the inline store goes to the sink */
        if (sys_mem_write(m, va, size, value))
            return NULL;
        return bounce;
    default:
        return sys_mem_rmw(m, va, size);
    }
}

/* The inline lookup missed (or the access is MMIO, crosses a page, or
 * the page is not in the TLB for this kind of access). */
static void *slow_access(struct ir_ctx *ctx, uint64_t va, uint64_t value,
                         uint64_t kind)
{
    struct sys_hart *h = hart_of(ctx);
    return sys_t1_slow_access(&h->mem, h->t1->bounce, va, value, kind);
}

void sys_t1_describe_tlb(struct t1_sys_mem *out,
                         void *(*slow)(struct ir_ctx *, uint64_t, uint64_t,
                                       uint64_t))
{
    *out = (struct t1_sys_mem){
        .slow = slow,
        .index_bits = MMU_TLB_BITS,
        .entry_shift = 5,
        .tag_off = {offsetof(struct mmu_tlb_entry, tag[MMU_ACC_READ]),
                    offsetof(struct mmu_tlb_entry, tag[MMU_ACC_WRITE])},
        .addend_off = offsetof(struct mmu_tlb_entry, addend),
    };
}

struct sys_t1 *sys_t1_create(void)
{
    struct sys_t1 *t = calloc(1, sizeof(*t));
    if (!t)
        return NULL;
    t->cache = cg_cache_create(SYS_T1_CACHE_SIZE);
    if (!t->cache) {
        free(t);
        return NULL;
    }
    sys_t1_describe_tlb(&t->sys_mem, slow_access);
    cg_cache_system_mem(t->cache, &t->sys_mem);
    /* A one-block loop would spin without counting its trips. */
    cg_cache_self_loops(t->cache, false);
    cg_cache_count_insns(t->cache, true);
    return t;
}

void sys_t1_destroy(struct sys_t1 *t)
{
    if (!t)
        return;
    cg_cache_destroy(t->cache);
    t1_free_scratch();
    free(t);
}

const void *sys_t1_code(struct sys_t1 *t, const struct ir_block *b,
                        struct sys_t1_ref *ref)
{
    if (ref->refused)
        return NULL;
    if (ref->entry && ref->generation == cg_generation(t->cache))
        return ref->entry;
    const char *why = ir_validate(b);
    const void *e = why ? NULL : cg_translate(t->cache, b, &why);
    if (!e) {
        ref->refused = true;
        return NULL;
    }
    ref->entry = e;
    ref->generation = cg_generation(t->cache); /* after a flush, if any */
    return e;
}

/* Instructions of b completed before the one at pc (all of them when pc
 * is none of b's: a trap after its last). */
static uint32_t completed_before(const struct ir_block *b, uint64_t pc)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < b->n; i++)
        if (b->insns[i].op == IR_INSN) {
            if (b->insns[i].imm == pc)
                return n;
            n++;
        }
    return n;
}

enum sys_exit sys_t1_exit(struct cg_exit x, struct sys_mem *m,
                          unsigned *trap)
{
    switch (x.code & CG_EXIT_KIND_MASK) {
    case CG_EXIT_TRAP:
        *trap = (unsigned)x.arg;
        return SYS_EXIT_TRAP;
    case CG_EXIT_FAULT:
        if (x.code & CG_FAULT_MISALIGNED)
            m->fault = (struct sys_fault){
                SYS_FAULT_MISALIGNED,
                x.code & CG_FAULT_WRITE ? MMU_ACC_WRITE : MMU_ACC_READ,
                x.arg};
        /* else the slow path recorded the fault */
        return SYS_EXIT_FAULT;
    default: /* CHAIN, INDIRECT: ctx->pc is the next block; POLL, HOT
                are never armed here (nothing ran: ctx->pc is the block's) */
        return SYS_EXIT_NEXT;
    }
}

void sys_t1_flush(struct sys_t1 *t)
{
    cg_flush(t->cache);
}

/*
 * Chaining: a direct exit to a block on the same guest page as the block
 * it leaves is patched to jump there. The run's first block was checked
 * by the hart loop (same host page, same bytes), so every block a chain
 * reaches from it is on that host page too: a remapped page cannot send
 * a chained jump to stale code. Code changed in place is new code only
 * after fence.i (RISC-V's rule), which flushes the cache (sys_hart.c).
 */
static void chain_pending(struct sys_t1 *t, uint64_t pc, const void *entry)
{
    if (t->chain_site && t->chain_pc == pc &&
        t->chain_generation == cg_generation(t->cache))
        cg_chain(t->cache, t->chain_site, entry);
    t->chain_site = 0;
}

enum sys_exit sys_t1_run(struct sys_hart *h, const struct ir_block *b,
                         const void *entry, bool chainable, unsigned *trap)
{
    struct sys_t1 *t = h->t1;
    struct ir_ctx *ctx = &h->rv.cpu.ctx;
    if (chainable)
        chain_pending(t, b->pc, entry);
    else
        t->chain_site = 0;
    /* The TLB tables of this regime (tier1.h: T1_BASE, T1_LIMIT). */
    ctx->mem_base =
        (uint64_t)(uintptr_t)h->mem.tlb.e[h->mem.regime[MMU_ACC_READ]];
    ctx->mem_limit =
        (uint64_t)(uintptr_t)h->mem.tlb.e[h->mem.regime[MMU_ACC_WRITE]];
    h->t1_budget = SYS_T1_SLICE;
    struct cg_exit x = cg_run(t->cache, ctx, entry);
    /* Every block entered subtracted its instructions (a POLL exit gave
     * the unrun block's back). */
    uint64_t ran = (uint64_t)(SYS_T1_SLICE - h->t1_budget);
    enum sys_exit e = sys_t1_exit(x, &h->mem, trap);
    if ((x.code & CG_EXIT_KIND_MASK) == CG_EXIT_CHAIN &&
        (ctx->pc ^ b->pc) >> 12 == 0) {
        t->chain_site = x.arg;
        t->chain_pc = ctx->pc;
        t->chain_generation = cg_generation(t->cache);
    }
    /* A trap ends b itself (chained blocks have none). A fault ends a
     * block early: exact when it is b; in a chained block the rest of
     * that block counts as retired (instret runs a few ahead). */
    if (e != SYS_EXIT_NEXT && ran == b->guest_insns)
        ran = completed_before(b, ctx->pc);
    h->interp.retired += ran;
    return e;
}
