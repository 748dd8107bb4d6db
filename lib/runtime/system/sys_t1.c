/*
 * sys_t1.c — tier 1 in system mode (see sys_t1.h): one code cache per
 * hart, whose translations reach guest memory through the hart's TLB
 * (struct ir_sys_tlb), and the slow path their inline lookups call.
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

/* What a chained jump's target depends on beyond the hart loop's check
 * of the run's first block: the translation from virtual pages to host
 * pages (satp, and every TLB flush, which is when the guest says page
 * tables changed) and whether fetches are translated at all in the mode
 * (M fetches physical addresses). U and S need not be told apart: S may
 * never execute a U page nor U a supervisor page, so a block both run
 * (and its targets) fetch through the same mapping only with
 * translation off, where the two agree. */
struct chain_key {
    uint64_t satp, tlb_flushes;
    bool machine;
};

/* A chained jump (its site) or a jump-cache entry (its pc). */
struct made_link {
    uint64_t site_or_pc;
    bool jump_cache;
};

struct sys_t1 {
    struct cg_cache *cache;
    struct ir_sys_tlb sys_mem;
    /* The last exit that may be chained: its kind, its patch site (a
     * direct exit's) and the target pc (kind 0: none). Seen under
     * made_key and made_generation: dropped when they change. */
    enum { PENDING_NONE, PENDING_CHAIN, PENDING_JUMP_CACHE } pending;
    uint64_t chain_site, chain_pc;
    /* The jumps chained and jump-cache entries made under made_key since
     * generation made_generation, undone when the key changes. */
    struct made_link *made;
    size_t n_made, cap_made;
    struct chain_key made_key;
    uint64_t made_generation;
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
               "ir_sys_tlb.entry_shift describes the TLB entry");

void *sys_t1_slow_access(struct sys_mem *m, uint64_t *bounce, uint64_t va,
                         uint64_t value, uint64_t kind)
{
    unsigned size = kind & 0xff;
    switch (kind >> 8) {
    case IR_SYS_LOAD:
        if (sys_mem_read(m, va, size, &bounce[0]))
            return NULL;
        return bounce;
    case IR_SYS_STORE: /* done: the inline store goes to the sink */
        if (sys_mem_write(m, va, size, value))
            return NULL;
        return bounce;
    default:
        return sys_mem_rmw(m, va, size);
    }
}

void *sys_t1_hart_slow_access(struct ir_ctx *ctx, uint64_t va,
                              uint64_t value, uint64_t kind)
{
    struct sys_hart *h = sys_hart_of_ctx(ctx);
    return sys_t1_slow_access(&h->mem, h->tlb_bounce, va, value, kind);
}

void sys_t1_describe_tlb(struct ir_sys_tlb *out,
                         void *(*slow)(struct ir_ctx *, uint64_t, uint64_t,
                                       uint64_t))
{
    *out = (struct ir_sys_tlb){
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
    sys_t1_describe_tlb(&t->sys_mem, sys_t1_hart_slow_access);
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
    free(t->made);
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

struct cg_cache *sys_t1_cache(struct sys_t1 *t)
{
    return t->cache;
}

void sys_t1_flush(struct sys_t1 *t)
{
    cg_flush(t->cache);
}

/*
 * Chaining: a direct exit is patched to jump straight to its target's
 * code, and an indirect exit's target is entered in the jump cache its
 * inline probe reads, once the hart loop has checked the target (same
 * host page, same bytes) and found it chainable. That check holds while
 * the chain key stays the same: every chain and jump-cache entry made
 * under a key is undone when it changes (a TLB flush, satp, M mode
 * entered or left), so translated code never jumps to a page the guest
 * has since remapped. Code changed in place is new code only after
 * fence.i (RISC-V's rule), which flushes the cache (sys_hart.c).
 */
static struct chain_key key_of(const struct sys_hart *h)
{
    return (struct chain_key){.satp = h->rv.satp,
                              .tlb_flushes = h->mem.tlb.flushes,
                              .machine = h->rv.priv == RV_PRIV_M};
}

static bool same_key(struct chain_key a, struct chain_key b)
{
    return a.satp == b.satp && a.tlb_flushes == b.tlb_flushes &&
           a.machine == b.machine;
}

/* Undoes every chain and jump-cache entry made (those of an older
 * generation went with the code they patched). */
static void undo_made(struct sys_t1 *t)
{
    for (size_t i = 0; cg_generation(t->cache) == t->made_generation &&
                       i < t->n_made;
         i++) {
        if (t->made[i].jump_cache)
            cg_jump_cache_forget(t->cache, t->made[i].site_or_pc);
        else
            cg_unchain(t->cache, t->made[i].site_or_pc);
    }
    t->n_made = 0;
}

/* Undoes what was made (and forgets the exit seen) under another key. */
static void check_key(struct sys_t1 *t, struct chain_key now)
{
    uint64_t generation = cg_generation(t->cache);
    if (same_key(now, t->made_key) && generation == t->made_generation)
        return;
    undo_made(t);
    t->pending = PENDING_NONE;
    t->made_key = now;
    t->made_generation = generation;
}

/* Links noted under one key before all are undone and the list starts
 * again: two indirect targets that share a jump-cache slot miss in turn,
 * each miss noting its pc again, and a key can hold for long. */
#define SYS_T1_MAX_MADE (1u << 16)

static bool note_made(struct sys_t1 *t, struct made_link link)
{
    if (t->n_made == SYS_T1_MAX_MADE)
        undo_made(t);
    if (t->n_made == t->cap_made) {
        size_t cap = t->cap_made * 2 + 256;
        struct made_link *m = realloc(t->made, cap * sizeof(*m));
        if (!m)
            return false; /* then the exit is left going to the loop */
        t->made = m;
        t->cap_made = cap;
    }
    t->made[t->n_made++] = link;
    return true;
}

/* The previous run's exit to pc, chained (a direct exit) or entered in
 * the jump cache (an indirect one) now that the hart loop found pc's
 * block good under the same key. */
static void link_pending(struct sys_t1 *t, uint64_t pc, const void *entry)
{
    bool ok = t->pending != PENDING_NONE && t->chain_pc == pc;
    if (ok && t->pending == PENDING_CHAIN &&
        note_made(t, (struct made_link){t->chain_site, false}))
        cg_chain_untracked(t->cache, t->chain_site, entry);
    else if (ok && t->pending == PENDING_JUMP_CACHE &&
             note_made(t, (struct made_link){pc, true}))
        cg_jump_cache_set(t->cache, pc, entry);
    t->pending = PENDING_NONE;
}

enum sys_exit sys_t1_run(struct sys_hart *h, const struct ir_block *b,
                         const void *entry, bool chainable, unsigned *trap)
{
    struct sys_t1 *t = h->t1;
    struct ir_ctx *ctx = &h->rv.cpu.ctx;
    check_key(t, key_of(h));
    if (chainable)
        link_pending(t, b->pc, entry);
    else
        t->pending = PENDING_NONE;
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
    unsigned kind = x.code & CG_EXIT_KIND_MASK;
    if (kind == CG_EXIT_CHAIN || kind == CG_EXIT_INDIRECT) {
        /* A chained run changes no key: what would (a privileged
         * instruction, a trap) exits first. */
        t->pending =
            kind == CG_EXIT_CHAIN ? PENDING_CHAIN : PENDING_JUMP_CACHE;
        t->chain_site = x.arg;
        t->chain_pc = ctx->pc;
    }
    /* A trap ends b itself (chained blocks have none). A fault ends a
     * block early: exact when it is b; in a chained block the rest of
     * that block counts as retired (instret runs a few ahead). */
    if (e != SYS_EXIT_NEXT && ran == b->guest_insns)
        ran = ir_block_insns_before(b, ctx->pc);
    h->interp.retired += ran;
    return e;
}
