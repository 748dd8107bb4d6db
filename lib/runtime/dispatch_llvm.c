/*
 * dispatch_llvm.c — --mode llvm: every block goes through LLVM as a
 * one-block region (a block that jumps to itself loops inside its
 * function), compiled on the compile thread while the guest thread waits.
 * A testing mode: it shows the LLVM path alone runs the guest suite. No
 * silent fallback: a block LLVM cannot compile ends the run with one line
 * and status 125.
 *
 * Compiled blocks are shared by the process's threads (a map under the
 * tier-2 lock). Self-modifying code: the pages of compiled blocks are
 * write-protected as tier 1 does; a guest store to one, a fence.i or code
 * written by a system call bumps proc->icache_gen and every thread drops
 * the map. Dropped code is kept until the end (another thread may still
 * run it) and released then.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "dispatch_internal.h"
#include "guest_limits.h"
#include "mmu_fault.h"
#include "profile.h"
#include "log_hooks.h"
#include "tier2_runtime.h"
#include "tier2_state.h"

#define MAP_INITIAL 1024u

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Every thread drops its compiled blocks at its next pass. */
static void flush_all(struct rt_process *p)
{
    __atomic_add_fetch(&p->icache_gen, 1, __ATOMIC_RELEASE);
}

static uint64_t slot_of(uint64_t pc, uint64_t mask)
{
    return ((pc >> 1) * 0x9e3779b97f4a7c15ull >> 20) & mask;
}

/* Lock held. */
static const struct rt_llvm_entry *map_find(const struct rt_tier2 *x,
                                            uint64_t pc)
{
    if (!x->map)
        return NULL;
    for (uint64_t i = slot_of(pc, x->map_mask);; i = (i + 1) & x->map_mask) {
        const struct rt_llvm_entry *e = &x->map[i];
        if (!e->fn || e->pc == pc)
            return e->fn ? e : NULL;
    }
}

static void retire(struct rt_tier2 *x, struct ll_code *code)
{
    struct rt_llvm_retired *r = malloc(sizeof(*r));
    if (!r) {
        t2_release_code(x->svc, code); /* cannot keep it: best effort */
        return;
    }
    r->code = code;
    r->next = x->retired;
    x->retired = r;
}

/* Lock held. Drops every entry (their code retired). */
static void map_drop(struct rt_tier2 *x)
{
    for (uint64_t i = 0; x->map && i <= x->map_mask; i++)
        if (x->map[i].fn)
            retire(x, x->map[i].code);
    free(x->map);
    x->map = NULL;
    x->map_mask = x->map_count = 0;
}

static void place(struct rt_llvm_entry *map, uint64_t mask,
                  struct rt_llvm_entry e)
{
    uint64_t i = slot_of(e.pc, mask);
    while (map[i].fn)
        i = (i + 1) & mask;
    map[i] = e;
}

/* Lock held. False when out of memory. */
static bool map_add(struct rt_tier2 *x, struct rt_llvm_entry e)
{
    if (!x->map || (x->map_count + 1) * 2 > x->map_mask + 1) {
        uint64_t mask = x->map ? x->map_mask * 2 + 1 : MAP_INITIAL - 1;
        struct rt_llvm_entry *m = calloc(mask + 1, sizeof(*m));
        if (!m)
            return false;
        for (uint64_t i = 0; x->map && i <= x->map_mask; i++)
            if (x->map[i].fn)
                place(m, mask, x->map[i]);
        free(x->map);
        x->map = m;
        x->map_mask = mask;
    }
    place(x->map, x->map_mask, e);
    x->map_count++;
    return true;
}

void rt_tier2_llvm_fini(struct rt_tier2 *x)
{
    map_drop(x);
    while (x->retired) {
        struct rt_llvm_retired *r = x->retired;
        x->retired = r->next;
        t2_release_code(x->svc, r->code);
        free(r);
    }
}

struct llvm_thread {
    struct rt_thread *t;
    struct rt_tier2 *x;
    bool failed;
};

/* Compiles the block at pc (waiting) and enters it in the map. NULL after
 * a fetch fault was raised or on failure (l->failed). */
static ll_region_fn compile_block(struct llvm_thread *l, uint64_t pc)
{
    struct rt_thread *t = l->t;
    struct t2_job *job = calloc(1, sizeof(*job));
    struct ir_block *b = malloc(sizeof(*b));
    struct ir_block **list = malloc(sizeof(*list));
    if (!job || !b || !list) {
        free(job);
        free(b);
        free(list);
        fprintf(stderr, "vm-run: out of memory\n");
        l->failed = true;
        return NULL;
    }
    ir_block_init(b, pc);
    list[0] = b;
    job->region = (struct opt_region){.blocks = list, .n = 1};
    job->tso = t->proc->guest->tso;
    job->implicit_checks = !job->tso && t->proc->opts->implicit_checks;
    uint64_t start = now_ns();
    bool lifted = rt_lift(t, b, pc);
    t->stats.translate_ns += now_ns() - start;
    if (!lifted || rt_raise_fetch_fault(t, b)) {
        l->failed = !lifted;
        t2_job_free(job);
        return NULL;
    }
    if (!t2_compile_sync(l->x->svc, job)) {
        fprintf(stderr, "vm-run: llvm: cannot compile block at %#" PRIx64
                        ": %s\n", pc, job->err);
        t2_job_free(job);
        l->failed = true;
        return NULL;
    }
    ll_region_fn fn = job->fn;
    if (rt_code_events) /* --perf-map, --jitdump, -d out_asm */
        rt_code_added(t->proc, pc, (const void *)(uintptr_t)fn,
                      job->code_size, RT_CODE_TIER2);
    struct mmu *m = t->proc->mmu;
    pthread_mutex_lock(&l->x->lock);
    /* Stores to these pages must now fault (self-modifying code). */
    mmu_protect_code(m, pc);
    mmu_protect_code(m, pc + b->guest_bytes - 1);
    const struct rt_llvm_entry *e = map_find(l->x, pc);
    if (e) { /* another thread compiled it meanwhile */
        retire(l->x, job->code);
        fn = e->fn;
    } else if (!map_add(l->x, (struct rt_llvm_entry){pc, fn, job->code})) {
        retire(l->x, job->code);
    }
    pthread_mutex_unlock(&l->x->lock);
    t->stats.blocks_translated++;
    t2_job_free(job);
    return fn;
}

static ll_region_fn code_of(struct llvm_thread *l, uint64_t pc)
{
    struct rt_tier2 *x = l->x;
    struct rt_process *p = l->t->proc;
    pthread_mutex_lock(&x->lock);
    uint64_t gen = __atomic_load_n(&p->icache_gen, __ATOMIC_ACQUIRE);
    if (gen != x->map_gen) {
        map_drop(x);
        x->map_gen = gen;
    }
    const struct rt_llvm_entry *e = map_find(x, pc);
    ll_region_fn fn = e ? e->fn : NULL;
    pthread_mutex_unlock(&x->lock);
    return fn ? fn : compile_block(l, pc);
}

/* mmu_check saw the host write guest code pages for a system call. */
void rt_llvm_code_written(void *arg)
{
    flush_all(arg);
}

static void on_trap(struct llvm_thread *l, enum ir_trap trap)
{
    struct rt_thread *t = l->t;
    if (trap == IR_TRAP_SYSCALL) {
        t->stats.exit_syscall++;
        rt_tier2_syscall(t);
        return;
    }
    t->stats.exit_trap++;
    if (trap == IR_TRAP_FLUSH_ICACHE)
        flush_all(t->proc);
    else
        rt_raise_trap(t, trap, t->cpu->pc);
}

static void handle_exit(struct llvm_thread *l, struct ll_exit ex)
{
    struct rt_thread *t = l->t;
    switch ((enum ll_exit_kind)(ex.code & LL_EXIT_KIND_MASK)) {
    case LL_EXIT_JUMP:
        break;
    case LL_EXIT_INDIRECT:
        t->stats.exit_indirect_miss++;
        break;
    case LL_EXIT_POLL:
        t->stats.exit_poll++;
        break;
    case LL_EXIT_TRAP:
        on_trap(l, (enum ir_trap)ex.arg);
        break;
    case LL_EXIT_FAULT:
        t->stats.exit_fault++;
        rt_raise_access_fault(t, ex.arg, ex.code & LL_FAULT_MISALIGNED);
        break;
    }
}

/* A host fault on the arena inside compiled code: ctx->pc and the
 * registers are already the faulting instruction's (ll_region.h). */
static void on_host_fault(struct llvm_thread *l, const struct mmu_catch *c)
{
    struct rt_thread *t = l->t;
    if (c->write && c->sig == SIGSEGV) {
        struct mmu *m = t->proc->mmu;
        bool tracked = mmu_track_fault(m, c->guest_addr);
        if (mmu_unprotect_code(m, c->guest_addr)) {
            t->stats.smc_writes++;
            flush_all(t->proc); /* then run the store again */
            return;
        }
        if (tracked)
            return;
    }
    t->stats.exit_fault++;
    rt_raise_host_fault(t, c->sig, c->guest_addr);
}

static void run(struct llvm_thread *l, ll_region_fn fn)
{
    struct ir_ctx *cpu = l->t->cpu;
    struct mmu_catch c;
    c.lo = (uintptr_t)cpu->mem_base;
    c.hi = c.lo + cpu->mem_limit + MMU_GUARD_SIZE;
    __atomic_add_fetch(&l->x->entries, 1, __ATOMIC_RELAXED);
    if (sigsetjmp(c.env, 0)) {
        on_host_fault(l, &c);
        return;
    }
    mmu_catch_enter(&c);
    struct ll_exit ex = fn(cpu);
    mmu_catch_leave();
    handle_exit(l, ex);
}

int rt_dispatch_llvm(struct rt_thread *t)
{
    struct llvm_thread l = {.t = t, .x = t->proc->tier2};
    if (!l.x) {
        fprintf(stderr, "vm-run: llvm: tier 2 is not set up\n");
        return RT_STATUS_USAGE;
    }
    while (!l.failed && rt_checkpoint(t)) {
        if (t->flush_icache) { /* riscv_flush_icache */
            t->flush_icache = false;
            flush_all(t->proc);
        }
        uint64_t pc = t->cpu->pc;
        rt_prof_set(RT_PROF_TRANSLATE, pc);
        ll_region_fn fn = code_of(&l, pc);
        if (fn && (rt_log_mask & RT_LOG_EXEC_ITEMS))
            rt_log_exec(t, "tier2");
        /* Blocks return here: a helper's samples are its block's. */
        rt_prof_set(RT_PROF_TIER2, pc);
        if (fn)
            run(&l, fn);
        rt_prof_set(RT_PROF_DISPATCH, 0);
    }
    return l.failed ? RT_STATUS_USAGE : 0;
}
