/*
 * dispatch_tier1.c — the tier-1 loop of one guest thread: find or
 * translate the block at pc in the process's shared code cache, run host
 * code until it exits (code_cache.h lists the exits), act on the exit:
 * chain the jump that missed, fill the thread's jump cache, run the system
 * call, raise the guest fault. No silent fallback: a block tier 1 cannot
 * translate ends the run with one line and status 125.
 *
 * Concurrency (see code_cache.h): lookups, translation, chaining and the
 * entry into translated code happen under the cache lock; lifting (which
 * only reads guest code) does not. A flush — fence.i, code written, the
 * region full — goes through cg_flush_shared, which waits until no other
 * thread runs translated code.
 *
 * Tiered mode: a hot backward jump exits with CG_EXIT_HOT and its target's
 * region goes to the compile thread (rt_tier2_hot); every pass installs
 * finished regions under the cache lock (rt_tier2_poll). A host fault in
 * tier-2 code has no entry in tier 1's fault map: its pc is ctx->pc
 * (tier2_runtime.h).
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>

#include "aot.h"
#include "code_cache.h"
#include "dispatch_internal.h"
#include "guest_limits.h"
#include "log_hooks.h"
#include "mmu_fault.h"
#include "profile.h"
#include "tier2_runtime.h"

struct tier1 {
    struct rt_thread *t;
    struct cg_cache *cache;        /* the process's, shared */
    struct cg_thread *self;        /* this thread's jump cache and state */
    struct ir_block blk;           /* lifting scratch */
    struct rt_stats_counters *st;  /* this thread's counters */
    bool failed;                   /* an error line was printed */
    /* Work left by the last exit for the next lookup (lock held then). */
    uint64_t chain_site;           /* a jmp to point at the next block */
    uint64_t chain_generation;     /* ...valid while the cache is this one */
    bool fill_jump_cache;          /* an indirect jump missed */
    bool interp_next;              /* a code page was written: its store's
                                      block runs in the interpreter */
};

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Translates the block lifted into x->blk (lock held). NULL when the
 * region is full (*full: the lock was given up and the cache flushed) or
 * on failure (x->failed). */
static const void *translate(struct tier1 *x, uint64_t pc, bool *full)
{
    const char *why;
    uint64_t start = now_ns();
    struct cg_cache_stats before; /* the block's size: bytes_total grows */
    if (rt_code_events)
        cg_cache_stats(x->cache, &before);
    const void *e = cg_translate_locked(x->cache, &x->blk, &why, full);
    x->st->translate_ns += now_ns() - start;
    if (e && rt_code_events)
        rt_code_added_tier1(x->t->proc, x->cache, pc, e, &before);
    if (*full) {
        cg_unlock(x->cache);
        cg_flush_shared(x->cache, x->self, true);
        return NULL;
    }
    if (!e) {
        fprintf(stderr,
                "vm-run: tier1: cannot translate block at %#" PRIx64 ": %s\n",
                pc, why);
        cg_unlock(x->cache);
        x->failed = true;
        return NULL;
    }
    /* Guest stores to these pages must now fault (self-modifying code). */
    struct mmu *m = x->t->proc->mmu;
    mmu_protect_code(m, pc);
    if (x->blk.guest_bytes)
        mmu_protect_code(m, pc + x->blk.guest_bytes - 1);
    rt_aot_block_translated(x->t, x->cache, pc, (void *)(uintptr_t)e);
    return e;
}

/*
 * Host entry of the block at pc, translating it on a miss; returns with
 * the cache lock held, or (*running) with the thread already counted as
 * running code when a lookup without the lock found it: a jump-cache miss
 * or a system call's return to translated code takes no lock then. NULL
 * (nothing held) when the block raised a fetch fault (the guest state
 * moved on) or translation failed (x->failed).
 */
static const void *entry_of(struct tier1 *x, uint64_t pc, bool *running)
{
    *running = false;
    if (!x->chain_site) { /* chaining patches code: that needs the lock */
        const void *e = cg_lookup_running(x->cache, x->self, pc);
        if (e) {
            x->st->lookups_unlocked++;
            *running = true;
            return e;
        }
    }
    for (;;) {
        cg_lock(x->cache, x->self);
        const void *e = cg_lookup(x->cache, pc);
        if (e)
            return e;
        cg_unlock(x->cache);
        rt_prof_set(RT_PROF_TRANSLATE, pc);
        uint64_t start = now_ns();
        bool lifted = rt_lift(x->t, &x->blk, pc);
        x->st->translate_ns += now_ns() - start;
        if (!lifted) {
            x->failed = true;
            return NULL;
        }
        if (rt_raise_fetch_fault(x->t, &x->blk))
            return NULL;
        cg_lock(x->cache, x->self);
        /* Another thread may have translated it meanwhile. */
        e = cg_lookup(x->cache, pc);
        bool full = false;
        if (!e)
            e = translate(x, pc, &full);
        if (e || !full)
            return e;
    }
}

/* mmu_check saw the host write guest code pages for a system call. */
static void on_code_write(void *arg)
{
    (void)arg;
    struct rt_thread *t = rt_current_thread();
    if (t) {
        t->flush_icache = true;
        t->stats.smc_writes++;
    }
}

static void on_trap(struct tier1 *x, enum ir_trap trap)
{
    if (trap == IR_TRAP_SYSCALL) {
        x->st->exit_syscall++;
        rt_tier2_syscall(x->t);
        return;
    }
    x->st->exit_trap++;
    if (trap == IR_TRAP_FLUSH_ICACHE)
        x->t->flush_icache = true;
    else /* FETCH_FAULT never reaches translated code (entry_of) */
        rt_raise_trap(x->t, trap, x->t->cpu->pc);
}

static void handle_exit(struct tier1 *x, struct cg_exit ex, uint64_t generation)
{
    switch ((enum cg_exit_kind)(ex.code & CG_EXIT_KIND_MASK)) {
    case CG_EXIT_CHAIN:
        x->st->exit_chain_miss++;
        x->chain_site = ex.arg;
        x->chain_generation = generation;
        break;
    case CG_EXIT_INDIRECT:
        x->st->exit_indirect_miss++;
        x->fill_jump_cache = true;
        break;
    case CG_EXIT_POLL:
        x->st->exit_poll++;
        if (ex.arg) /* over the instruction budget by ex.arg insns */
            rt_budget_refill(x->t, (int64_t)ex.arg);
        break;
    case CG_EXIT_TRAP:
        on_trap(x, (enum ir_trap)ex.arg);
        break;
    case CG_EXIT_FAULT:
        x->st->exit_fault++;
        rt_raise_access_fault(x->t, ex.arg, ex.code & CG_FAULT_MISALIGNED);
        break;
    case CG_EXIT_HOT:
        x->st->exit_hot++;
        rt_tier2_hot(x->t, ex.arg, ex.arg + (ex.code >> CG_HOT_FROM_SHIFT));
        break;
    }
}

/* A host fault on the arena inside translated code: rebuild the guest
 * state of the access from the fault map (its pc, and the guest values
 * that lived in host registers there). */
static void on_host_fault(struct tier1 *x, const struct mmu_catch *c)
{
    bool known = cg_restore_state(x->cache, c->host_pc, c->host_regs,
                                  x->t->cpu);
    if (!known && rt_tier2_fault_in_code(x->t->cpu))
        known = true; /* tier-2 code stored the state before the access */
    uint64_t pc = x->t->cpu->pc;
    cg_left_code(x->self);
    if (!known) {
        fprintf(stderr,
                "vm-run: internal error: host fault at %#" PRIxPTR
                " is no guest access\n",
                c->host_pc);
        x->failed = true;
        return;
    }
    x->t->cpu->pc = pc;
    if (c->write && c->sig == SIGSEGV) {
        struct mmu *m = x->t->proc->mmu;
        /* A write-tracked page (vfork child): now written. */
        bool tracked = mmu_track_fault(m, c->guest_addr);
        if (mmu_unprotect_code(m, c->guest_addr)) {
            /* A store to a page we translated code from: drop that page's
             * translations (tier 1 and tier 2) and run the store again
             * from its instruction. */
            x->st->smc_writes++;
            uint64_t lo = c->guest_addr & ~MMU_PAGE_MASK;
            cg_lock(x->cache, x->self);
            rt_tier2_code_written(x->t, x->cache, lo, lo + MMU_PAGE_SIZE);
            rt_aot_code_written(x->t, x->cache, lo, lo + MMU_PAGE_SIZE);
            cg_invalidate(x->cache, lo, lo + MMU_PAGE_SIZE);
            cg_unlock(x->cache);
            x->interp_next = true;
            return;
        }
        if (tracked)
            return;
    }
    x->st->exit_fault++;
    rt_raise_host_fault(x->t, c->sig, c->guest_addr);
}

/* Runs translated code from entry (lock held on entry and released, or
 * the thread counted as running code already). */
static void run_block(struct tier1 *x, const void *entry, bool running)
{
    struct ir_ctx *cpu = x->t->cpu;
    struct mmu_catch c;
    c.lo = (uintptr_t)cpu->mem_base;
    c.hi = c.lo + cpu->mem_limit + MMU_GUARD_SIZE;
    uint64_t generation = cg_generation(x->cache);
    if (sigsetjmp(c.env, 0)) {
        rt_prof_set(RT_PROF_DISPATCH, 0);
        on_host_fault(x, &c);
        return;
    }
    mmu_catch_enter(&c);
    struct cg_exit ex =
        running ? cg_run_running(x->cache, x->self, cpu, entry)
                : cg_unlock_and_run(x->cache, x->self, cpu, entry);
    mmu_catch_leave();
    rt_prof_set(RT_PROF_DISPATCH, 0);
    handle_exit(x, ex, generation);
}

/* What the last exit left to do, now that the next entry is known. */
static void link_exit(struct tier1 *x, const void *entry)
{
    if (rt_log_on(RT_LOG_nochain)) { /* -d nochain: every block exits */
        x->chain_site = 0;
        x->fill_jump_cache = false;
    }
    if (x->chain_site && x->chain_generation == cg_generation(x->cache))
        cg_chain(x->cache, x->chain_site, entry);
    if (x->fill_jump_cache)
        cg_thread_jump_cache_set(x->self, x->t->cpu->pc, entry);
    x->chain_site = 0;
    x->fill_jump_cache = false;
}

void rt_tier1_process_init(struct rt_process *p)
{
    mmu_set_code_write_hook(p->mmu, on_code_write, p);
    cg_cache_count_insns(p->code, p->opts->max_insns != 0);
    /* -d nochain: every trip of a loop leaves through the dispatcher too
     * (the log itself opens later: the option, not rt_log_on) */
    cg_cache_self_loops(p->code,
                        !(p->opts->log_items & RT_LOG_BIT(nochain)));
}

void rt_tier1_process_fini(struct rt_process *p)
{
    mmu_set_code_write_hook(p->mmu, NULL, NULL);
    struct cg_cache_stats cs;
    cg_cache_stats(p->code, &cs);
    p->stats.blocks_translated = cs.blocks;
    p->stats.cache_bytes_used = cs.bytes_used;
    p->stats.cache_bytes_total = cs.bytes_total;
    p->stats.evictions = cs.evictions;
    p->stats.flushes = cs.flushes;
    p->stats.chains_patched = cs.chains;
    p->stats.hot_sites_stopped = cs.hot_sites_stopped;
    p->stats.blocks_invalidated = cs.blocks_invalidated;
    p->stats.loops_uncounted = cs.loops_uncounted;
}

int rt_dispatch_tier1(struct rt_thread *t)
{
    struct tier1 x = {
        .t = t,
        .cache = t->proc->code,
        .self = cg_thread_create(t->proc->code, &t->cpu->poll),
        .st = &t->stats,
    };
    if (!x.self) {
        fprintf(stderr, "vm-run: out of memory\n");
        return RT_STATUS_USAGE;
    }
    t->cg = x.self;
    ir_block_init(&x.blk, 0);
    while (!x.failed && rt_checkpoint(t)) {
        if (t->flush_icache) {
            t->flush_icache = false;
            cg_flush_shared(x.cache, x.self, false);
        }
        rt_tier2_poll(t, x.cache);
        if (x.interp_next) {
            x.interp_next = false;
            x.chain_site = 0;
            x.fill_jump_cache = false;
            if (!rt_interp_step(t))
                x.failed = true;
            continue;
        }
        bool running;
        const void *entry = entry_of(&x, t->cpu->pc, &running);
        if (!entry) {
            x.chain_site = 0;
            x.fill_jump_cache = false;
            continue;
        }
        link_exit(&x, entry);
        if (rt_log_mask & RT_LOG_EXEC_ITEMS)
            rt_log_exec(t, "tier1");
        /* A sample outside translated code now is in a helper it called
         * (run_block says "dispatcher" again once the code exits). */
        rt_prof_set(RT_PROF_HELPER, 0);
        run_block(&x, entry, running);
    }
    ir_block_free(&x.blk);
    t->cg = NULL;
    cg_thread_destroy(x.cache, x.self);
    return x.failed ? RT_STATUS_USAGE : 0;
}
