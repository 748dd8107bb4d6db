/*
 * tier2_runtime.c — tier 2 in tiered mode (tier2_runtime.h): hot heads to
 * regions to jobs; finished jobs installed by patching the head's tier-1
 * entry; regions released after the code cache that led to them is gone;
 * the process's tier-2 counters.
 */
#define _GNU_SOURCE
#include "tier2_runtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <xmmintrin.h>

#include "aot.h"
#include "code_cache.h"
#include "dispatch_internal.h"
#include "log_hooks.h"
#include "t2_trampoline.h"
#include "tier2.h"
#include "tier2_state.h"

bool rt_tier2_enabled(const struct rt_process *p)
{
    const struct rt_options *o = p->opts;
    if (o->mode == RT_MODE_LLVM)
        return true;
    /* Tier-2 code does not count instructions: --max-insns keeps tier 1. */
    return o->mode == RT_MODE_TIERED && o->tier_threshold && !o->max_insns;
}

static void judge_tick(void *arg);
#define RT_TIER2_TICK_NS 50000000u /* the compile thread's tick: 50 ms */

/* Wakes every guest thread so that one installs what finished. */
static void notify_threads(void *arg)
{
    struct rt_process *p = arg;
    pthread_mutex_lock(&p->lock);
    for (struct rt_thread *t = p->threads; t; t = t->next)
        __atomic_store_n(&t->cpu->poll, 1, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&p->lock);
}

int rt_tier2_process_init(struct rt_process *p)
{
    if (!rt_tier2_enabled(p))
        return 0;
    struct rt_tier2 *x = calloc(1, sizeof(*x));
    bool tiered = p->opts->mode == RT_MODE_TIERED;
    if (x)
        x->svc = t2_service_create(p->opts->opt_level,
                                   /* none for a set-user-ID guest */
                                   secure_getenv("VM_LLVM_MODULE"),
                                   tiered ? notify_threads : NULL, p);
    if (!x || !x->svc) {
        free(x);
        fprintf(stderr, "vm-run: out of memory\n");
        return RT_STATUS_USAGE;
    }
    pthread_mutex_init(&x->lock, NULL);
    x->proc = p;
    if (tiered) {
        cg_cache_tier_up(p->code, (uint32_t)p->opts->tier_threshold);
        t2_service_set_tick(x->svc, RT_TIER2_TICK_NS, judge_tick, p);
    }
    else
        mmu_set_code_write_hook(p->mmu, rt_llvm_code_written, p);
    p->tier2 = x;
    return 0;
}

/* ---- heads already seen hot in this cache generation ---- */

/* What the CG_EXIT_HOT of head means now (x->lock held). */
enum hot_step {
    HOT_FIRST,   /* first time: select its region, weigh it */
    HOT_PAID,    /* it ran the loop its region's cost asked for: compile */
    HOT_DONE,    /* compiled, being compiled, refused, or no room */
};

static enum hot_step hot_step(struct rt_tier2 *x, uint64_t head, uint64_t gen)
{
    if (x->req_gen != gen) {
        x->req_count = 0;
        x->req_gen = gen;
    }
    for (unsigned i = 0; i < x->req_count; i++) {
        struct rt_tier2_request *r = &x->req[i];
        if (r->head != head)
            continue;
        if (!r->waiting)
            return HOT_DONE;
        r->waiting = false;
        return HOT_PAID;
    }
    if (x->req_count == RT_TIER2_MAX_REQUESTS)
        return HOT_DONE; /* enough regions for one cache generation */
    x->req[x->req_count++] = (struct rt_tier2_request){.head = head};
    return HOT_FIRST;
}

static struct rt_tier2_request *request_of(struct rt_tier2 *x, uint64_t head)
{
    for (unsigned i = 0; i < x->req_count; i++)
        if (x->req[i].head == head)
            return &x->req[i];
    return NULL;
}

static bool make_arena(struct rt_tier2 *x, struct cg_cache *c);

/*
 * The request for head waits for `trips` more loop trips (both locks
 * held). Meanwhile an entry counter on the head's tier-1 block counts its
 * runs: trips plus entries from outside the loop (only the entries for a
 * one-block loop, whose trips stay in its block), so that a loop left
 * after a trip or two is seen before LLVM spends anything on it.
 */
static void hot_wait(struct rt_tier2 *x, struct cg_cache *c, uint64_t head,
                     uint64_t trips)
{
    struct rt_tier2_request *q = request_of(x, head);
    if (!q)
        return;
    q->waiting = true;
    q->trips = trips;
    uint8_t *entry = (uint8_t *)(uintptr_t)cg_lookup(c, head);
    struct rt_tier2_counter *k = calloc(1, sizeof(*k));
    uint8_t *slot = entry && k && make_arena(x, c) ? t2_arena_alloc(x->arena)
                                                   : NULL;
    if (!slot || !t2_emit_entry_counter(slot, entry, &k->runs) ||
        !t2_patch_entry(entry, slot)) {
        if (slot)
            t2_arena_free(x->arena, slot);
        free(k);
        return; /* judged without it */
    }
    *k = (struct rt_tier2_counter){
        .slot = slot, .generation = cg_generation(c), .next = x->counters,
    };
    x->counters = k;
    q->runs = &k->runs;
    q->entry = entry;
}

/*
 * Entering a region costs about as much as a hundred or two guest
 * instructions in tier 1 (the trampoline, the prologue loading the guest
 * registers the region uses, the stores and the jump-cache probe at its
 * exit); what a region saves is a fraction of the work done inside. So an
 * entry must buy at least RT_TIER2_MIN_TRIPS loop trips and about
 * RT_TIER2_MIN_WORK guest instructions (trips x the region's instructions,
 * an upper bound of a trip's). Measured: sqlite's memcpy byte loop (1-2
 * trips) and strcmp under qsort (13 trips of 6 instructions, 90 million
 * entries) ran slower in tier 2 than in tier 1.
 */
#define RT_TIER2_MIN_TRIPS 4u
#define RT_TIER2_MIN_WORK 256u
static bool pays_per_entry(uint64_t entries, uint64_t trips,
                           uint64_t guest_insns)
{
    if (!entries)
        return true;
    return trips >= RT_TIER2_MIN_TRIPS * entries &&
           trips * guest_insns >= RT_TIER2_MIN_WORK * entries;
}

static unsigned region_guest_insns(const struct opt_region *r)
{
    unsigned n = 0;
    for (unsigned i = 0; i < r->n; i++)
        n += r->blocks[i]->guest_insns;
    return n;
}

/* Takes the entry counter off head's block (both locks held); false when
 * its loop did not run long enough per entry meanwhile. */
static bool waited_well(struct rt_tier2 *x, struct cg_cache *c, uint64_t head,
                        unsigned guest_insns)
{
    struct rt_tier2_request *q = request_of(x, head);
    if (!q || !q->runs)
        return true;
    uint64_t runs = __atomic_load_n(q->runs, __ATOMIC_RELAXED);
    if (cg_lookup(c, head) == q->entry)
        t2_unpatch_entry(q->entry);
    q->runs = NULL;
    /* A one-block loop's trips stay inside its block: its entry counts
     * only the entries from outside. */
    uint64_t outside = cg_hot_self_loop(c, head) ? runs
                       : runs > q->trips      ? runs - q->trips
                                              : 1;
    return pays_per_entry(outside, q->trips, guest_insns);
}

/* Entry counters of flushed code (both locks held), or all of them. */
static void drop_counters(struct rt_tier2 *x, uint64_t gen, bool all)
{
    struct rt_tier2_counter **pp = &x->counters;
    while (*pp) {
        struct rt_tier2_counter *k = *pp;
        if (!all && k->generation == gen) {
            pp = &k->next;
            continue;
        }
        *pp = k->next;
        t2_arena_free(x->arena, k->slot);
        free(k);
    }
}

/*
 * Compile what pays: a region is compiled once its loop has run as many
 * trips as pay for compiling it,
 *
 *   (COMPILE_FIXED + COMPILE_PER_IR x IR) / (SAVED_PER_IR x cycle IR),
 *
 * IR being the region's IR instructions (what LLVM compiles) and cycle IR
 * those of the cheapest trip round its loop (what a trip saves on, see
 * opt_region_cycle_ir). Measured (lib/opt/README.md): LLVM's CPU per
 * region is a few ms whatever its size plus 100-200 us per IR instruction
 * (a 23-instruction sqlite region 4.5 ms warm, 25-30 ms in a run; 466 on
 * average on zlib 67 ms); a tier-2 trip saves about 0.1 ns per IR
 * instruction over tier 1 on integer code (more on matmul's FP loop). So
 * a small region needs millions of trips, and a big region whose hot loop
 * is one small block more still. The first --tier-threshold (t) backward
 * jumps select the region, and the trips needed scale with (t/4000)^3:
 * t says both how soon a loop is looked at and how sure tier 2 must be
 * that it pays; at the thresholds tests use (t <= 100) a region is
 * compiled after a few hundred trips at most.
 */
#define RT_TIER2_COMPILE_FIXED_NS 5000000u
#define RT_TIER2_COMPILE_NS_PER_IR 150000u
#define RT_TIER2_SAVED_PS_PER_IR 100u
#define RT_TIER2_THRESHOLD_SCALE 4000u
/* A loop whose hot trip is one tier-1 block jumping to its own start keeps
 * its guest registers in host registers in tier 1 already (t1_loop.c), and
 * tier 2 saved nothing on it: measured, matmul 512 16 (its inner loop is
 * such a block) took 5.97 s CPU tiered against 4.19 s in tier 1, zlib's
 * and strings' loops likewise lost. Such a region must look 1024 times as
 * hot to be compiled: never at the default threshold on the bench, after
 * tens of thousands of trips at the thresholds tests use. */
#define RT_TIER2_SELF_LOOP_DOUBT 1024u
/* The first region also pays for loading libLLVM and creating the JIT
 * (measured 50-60 ms CPU, 70-170 ms wall on a loaded machine): sqlite
 * --size 20 compiled one region, 43 ms, and loaded LLVM for it, 170 ms,
 * 11% of its CPU time. */
#define RT_TIER2_LOAD_NS 60000000u
static uint64_t jumps_to_pay_fp(const struct rt_process *p,
                                const struct opt_region *r, bool self_loop,
                                bool first)
{
    uint64_t ir = 0;
    for (unsigned i = 0; i < r->n; i++)
        ir += r->blocks[i]->n;
    uint64_t cycle = opt_region_cycle_ir(r);
    if (!cycle)
        cycle = r->n ? r->blocks[0]->n : 1;
    if (!cycle)
        cycle = 1;
    double cost_ps = 1000.0 * ((double)RT_TIER2_COMPILE_FIXED_NS +
                               (double)RT_TIER2_COMPILE_NS_PER_IR * (double)ir +
                               (first ? (double)RT_TIER2_LOAD_NS : 0.0));
    double trips = cost_ps / ((double)RT_TIER2_SAVED_PS_PER_IR * (double)cycle);
    double scale = (double)p->opts->tier_threshold / RT_TIER2_THRESHOLD_SCALE;
    double need = trips * scale * scale * scale;
    if (self_loop)
        need *= RT_TIER2_SELF_LOOP_DOUBT;
    /* Beyond what one 32-bit count waits for: it never pays (measured:
     * capping the wait instead compiled matmul's inner loop half-way and
     * made the run slower than tier 1 alone). */
    return need > (double)(1u << 30) ? UINT64_MAX : (uint64_t)need;
}

/* Its double arithmetic runs on the guest's thread, whose host MXCSR
 * flags belong to an x86-64 guest (lib/lift/x86_64/README.md, "SSE
 * inline"): they are kept as they were. */
static uint64_t jumps_to_pay(const struct rt_process *p,
                             const struct opt_region *r, bool self_loop,
                             bool first)
{
    unsigned csr = _mm_getcsr();
    uint64_t n = jumps_to_pay_fp(p, r, self_loop, first);
    _mm_setcsr(csr);
    return n;
}

/* ---- CG_EXIT_HOT ---- */

static bool lift_for_region(void *arg, uint64_t pc, struct ir_block *b)
{
    rt_lift_optimized(arg, b, pc);
    return ir_validate(b) == NULL;
}

/* Whether the block at pc is one of the region's. */
static bool in_region(const struct opt_region *r, uint64_t pc)
{
    for (unsigned i = 0; i < r->n; i++)
        if (r->blocks[i]->pc == pc)
            return true;
    return false;
}

/* A retranslated head counted again after its region was installed: its
 * loop, if it is one, must now leave for the region (cg_hot_leave). */
static void leave_if_installed(struct rt_tier2 *x, struct cg_cache *c,
                               uint64_t head)
{
    cg_lock(c, NULL);
    pthread_mutex_lock(&x->lock);
    for (struct rt_tier2_region *r = x->regions; r; r = r->next)
        if (r->head == head && !r->dropped && cg_lookup(c, head) == r->entry)
            cg_hot_leave(c, head);
    pthread_mutex_unlock(&x->lock);
    cg_unlock(c);
}

void rt_tier2_hot(struct rt_thread *t, uint64_t head, uint64_t from)
{
    struct rt_tier2 *x = t->proc->tier2;
    struct cg_cache *c = t->proc->code;
    if (!x)
        return;
    cg_lock(c, NULL);
    uint64_t gen = cg_generation(c);
    /* Whatever comes of it (a region now, one later, or tier 1 for good in
     * this cache generation), the jumps to head stop counting for now. */
    cg_hot_stop(c, head);
    bool self_loop = cg_hot_self_loop(c, head);
    cg_unlock(c);
    if (rt_aot_covers(t->proc, head))
        return; /* the image's code runs there: no LLVM for it */
    pthread_mutex_lock(&x->lock);
    enum hot_step step = hot_step(x, head, gen);
    pthread_mutex_unlock(&x->lock);
    if (step == HOT_DONE) {
        leave_if_installed(x, c, head);
        return;
    }
    struct t2_job *job = calloc(1, sizeof(*job));
    const char *why = NULL;
    if (!job || !opt_region_select(head, OPT_REGION_MAX_BLOCKS, lift_for_region,
                                   t, &job->region, &why)) {
        free(job);
        t2_count_fallback(x->svc, T2_FB_select);
        return;
    }
    /* A trace (no way back to the head inside) would be entered and left
     * on every pass: measured on lua, 750 M entries made the program 40%
     * slower than tier 1 alone. Only loops pay for their entry. */
    if (!job->region.loop) {
        __atomic_add_fetch(&x->traces_skipped, 1, __ATOMIC_RELAXED);
        t2_job_free(job);
        return;
    }
    /* The hot jump must close the region's loop. When it comes from
     * outside (sqlite's and lua's bytecode loops: every handler jumps back
     * to a dispatch block that ends in an indirect jump), the region found
     * is some cold loop through the head, entered once per trip of the
     * hot one and left at once: measured on sqlite, 43 million entries of
     * a 7-instruction region, tiered 1.9x tier 1's CPU time. */
    if (from != head && !in_region(&job->region, from)) {
        __atomic_add_fetch(&x->loops_elsewhere, 1, __ATOMIC_RELAXED);
        t2_job_free(job);
        return;
    }
    uint64_t need = jumps_to_pay(t->proc, &job->region, self_loop,
                                 !__atomic_load_n(&x->submitted,
                                                  __ATOMIC_RELAXED));
    uint64_t seen = (uint64_t)t->proc->opts->tier_threshold;
    if (need == UINT64_MAX) { /* counting stays off: tier 1 for good */
        __atomic_add_fetch(&x->never_pays, 1, __ATOMIC_RELAXED);
        cg_lock(c, NULL);
        if (cg_generation(c) == gen)
            cg_hot_never(c, head);
        cg_unlock(c);
        t2_job_free(job);
        return;
    }
    if (step == HOT_FIRST && need > seen) {
        /* Not yet: count the rest, then select again (the code may have
         * changed meanwhile; lifting is cheap next to compiling). */
        cg_lock(c, NULL);
        pthread_mutex_lock(&x->lock);
        if (x->req_gen == cg_generation(c)) {
            hot_wait(x, c, head, need - seen);
            cg_hot_rearm(c, head, (uint32_t)(need - seen));
        }
        pthread_mutex_unlock(&x->lock);
        cg_unlock(c);
        __atomic_add_fetch(&x->deferred, 1, __ATOMIC_RELAXED);
        t2_job_free(job);
        return;
    }
    if (step == HOT_PAID) {
        cg_lock(c, NULL);
        pthread_mutex_lock(&x->lock);
        bool well = waited_well(x, c, head, region_guest_insns(&job->region));
        pthread_mutex_unlock(&x->lock);
        cg_unlock(c);
        if (!well) {
            __atomic_add_fetch(&x->few_trips, 1, __ATOMIC_RELAXED);
            t2_job_free(job);
            return;
        }
    }
    /* Like tier 1, guest stores to these pages must now fault. */
    struct mmu *m = t->proc->mmu;
    cg_lock(c, NULL);
    for (unsigned i = 0; i < job->region.n; i++) {
        const struct ir_block *b = job->region.blocks[i];
        mmu_protect_code(m, b->pc);
        mmu_protect_code(m, b->pc + b->guest_bytes - 1);
    }
    cg_unlock(c);
    job->tag = gen;
    job->tso = t->proc->guest->tso;
    job->implicit_checks = !job->tso && t->proc->opts->implicit_checks;
    job->iters_off = RT_TIER2_ITERS_OFF;
    pthread_mutex_lock(&x->lock);
    job->smc_seq = x->smc_seq;
    pthread_mutex_unlock(&x->lock);
    __atomic_store_n(&x->submitted, true, __ATOMIC_RELAXED);
    if (!t2_submit(x->svc, job))
        t2_job_free(job);
}

/* ---- installing and releasing (cache lock held) ---- */

/* A compiled job's line in --stats (x->lock held); its index, or
 * SIZE_MAX when out of memory. */
static size_t add_report(struct rt_process *p, const struct t2_job *job,
                         enum rt_region_fate fate)
{
    struct rt_region_reports *rr = &p->region_reports;
    if (rr->n == rr->cap) {
        size_t cap = rr->cap * 2 + 64;
        struct rt_region_report *r = realloc(rr->r, cap * sizeof(*r));
        if (!r)
            return SIZE_MAX;
        rr->r = r;
        rr->cap = cap;
    }
    struct rt_region_report *r = &rr->r[rr->n];
    *r = (struct rt_region_report){
        .head = job->region.blocks[0]->pc, .blocks = job->region.n,
        .fate = (uint8_t)fate, .compile_cpu_ns = job->compile_cpu_ns,
    };
    for (unsigned i = 0; i < job->region.n; i++) {
        r->guest_insns += job->region.blocks[i]->guest_insns;
        r->ir_insns += job->region.blocks[i]->n;
    }
    return rr->n++;
}

static void release(struct rt_tier2 *x, struct rt_tier2_region *r)
{
    x->entries += __atomic_load_n(&r->entries, __ATOMIC_RELAXED);
    if (r->report != SIZE_MAX) {
        struct rt_region_report *rep = &x->proc->region_reports.r[r->report];
        rep->entries = __atomic_load_n(&r->entries, __ATOMIC_RELAXED);
        rep->iterations = __atomic_load_n(&r->iterations, __ATOMIC_RELAXED);
    }
    t2_arena_free(x->arena, r->tramp);
    t2_release_code(x->svc, r->code);
    free(r->ranges);
    free(r);
}

/* ---- guest code written (x->lock and the cache lock held) ---- */

static bool overlaps(const struct rt_code_range *a, uint64_t lo, uint64_t hi)
{
    return a->lo < hi && lo < a->hi;
}

/* head may be asked for again; the jumps to it count again. */
static void forget_request(struct rt_tier2 *x, struct cg_cache *c,
                           uint64_t head)
{
    for (unsigned i = 0; i < x->req_count; i++)
        if (x->req[i].head == head) {
            if (x->req[i].runs && cg_lookup(c, head) == x->req[i].entry)
                t2_unpatch_entry(x->req[i].entry);
            x->req[i] = x->req[--x->req_count];
            break;
        }
    cg_hot_rearm(c, head, (uint32_t)x->proc->opts->tier_threshold);
}

/* Whether code the job was compiled from was written since it was
 * submitted (conservatively yes when the log lost track). */
static bool job_stale(const struct rt_tier2 *x, const struct t2_job *job)
{
    if (x->smc_seq - job->smc_seq > RT_TIER2_SMC_LOG)
        return true;
    for (uint64_t s = job->smc_seq; s < x->smc_seq; s++) {
        const struct rt_code_range *w = &x->smc_log[s % RT_TIER2_SMC_LOG];
        for (unsigned i = 0; i < job->region.n; i++) {
            const struct ir_block *b = job->region.blocks[i];
            struct rt_code_range r = {b->pc, b->pc + b->guest_bytes + 1};
            if (overlaps(&r, w->lo, w->hi))
                return true;
        }
    }
    return false;
}

void rt_tier2_code_written(struct rt_thread *t, struct cg_cache *c,
                           uint64_t lo, uint64_t hi)
{
    struct rt_tier2 *x = t->proc->tier2;
    if (!x)
        return;
    pthread_mutex_lock(&x->lock);
    x->smc_log[x->smc_seq++ % RT_TIER2_SMC_LOG] =
        (struct rt_code_range){lo, hi};
    for (struct rt_tier2_region *r = x->regions; r; r = r->next) {
        if (r->dropped)
            continue;
        bool hit = false;
        for (unsigned i = 0; i < r->n_ranges && !hit; i++)
            hit = overlaps(&r->ranges[i], lo, hi);
        if (!hit)
            continue;
        /* Only the entry it patched: a retranslated head is not ours,
         * an invalidated one must keep its exit. */
        if (cg_lookup(c, r->head) == r->entry)
            t2_unpatch_entry(r->entry);
        r->dropped = true;
        x->dropped++;
        if (r->report != SIZE_MAX)
            t->proc->region_reports.r[r->report].fate = RT_REGION_DROPPED;
        forget_request(x, c, r->head);
    }
    pthread_mutex_unlock(&x->lock);
}

/* A flush removed every patched head: release the regions behind them. */
static void drop_flushed(struct rt_tier2 *x, uint64_t gen)
{
    struct rt_tier2_region **pp = &x->regions;
    while (*pp) {
        struct rt_tier2_region *r = *pp;
        if (r->generation == gen) {
            pp = &r->next;
            continue;
        }
        *pp = r->next;
        release(x, r);
    }
}

static bool make_arena(struct rt_tier2 *x, struct cg_cache *c)
{
    if (!x->arena && !x->arena_failed) {
        const void *base;
        size_t size;
        cg_cache_bounds(c, &base, &size);
        x->arena = t2_arena_create(base, size, RT_TIER2_MAX_REGIONS);
        x->arena_failed = !x->arena;
    }
    return x->arena != NULL;
}

/* Patches the head's tier-1 entry to the region (cache lock held). */
static bool install(struct rt_tier2 *x, struct cg_cache *c, struct t2_job *job)
{
    const struct ir_block *head = job->region.blocks[0];
    uint8_t *entry = (uint8_t *)(uintptr_t)cg_lookup(c, head->pc);
    if (!entry) {
        const char *why;
        bool full;
        entry = (uint8_t *)(uintptr_t)cg_translate_locked(c, head, &why, &full);
    }
    struct rt_tier2_region *r = calloc(1, sizeof(*r));
    struct rt_code_range *ranges = calloc(job->region.n, sizeof(*ranges));
    for (unsigned i = 0; ranges && i < job->region.n; i++) {
        const struct ir_block *b = job->region.blocks[i];
        ranges[i] = (struct rt_code_range){b->pc, b->pc + b->guest_bytes + 1};
    }
    uint8_t *slot = entry && r && ranges && make_arena(x, c)
                        ? t2_arena_alloc(x->arena)
                        : NULL;
    struct t2_tramp_params tp = {
        .fn = (const void *)(uintptr_t)job->fn,
        .epilogue = cg_cache_epilogue(c),
        .flag_off = RT_TIER2_FLAG_OFF,
        .entries = r ? &r->entries : NULL,
        .iters_off = job->iters_off,
        .iterations = r ? &r->iterations : NULL,
    };
    if (!slot || !t2_emit_trampoline(slot, &tp) ||
        !t2_patch_entry(entry, slot)) {
        if (slot)
            t2_arena_free(x->arena, slot);
        free(ranges);
        free(r);
        return false;
    }
    cg_hot_leave(c, head->pc);
    *r = (struct rt_tier2_region){
        .head = head->pc,
        .generation = job->tag,
        .code = job->code,
        .tramp = slot,
        .entry = entry,
        .guest_insns = region_guest_insns(&job->region),
        .report = add_report(x->proc, job, RT_REGION_INSTALLED),
        .ranges = ranges,
        .n_ranges = job->region.n,
        .next = x->regions,
    };
    x->regions = r;
    x->installed++;
    if (rt_code_events) /* --perf-map, --jitdump, -d out_asm */
        rt_code_added(x->proc, head->pc, (const void *)(uintptr_t)job->fn,
                      job->code_size, RT_CODE_TIER2);
    return true;
}

/*
 * Once a region has been entered RT_TIER2_JUDGE_ENTRIES times, one whose
 * entries do not pay (pays_per_entry: its own trip count now, not tier
 * 1's estimate) goes back to tier 1 for good in this cache generation.
 * Both locks held. (Most such loops are caught before they are compiled,
 * by waited_well; the estimate counts trips from outside the region too.)
 */
#define RT_TIER2_JUDGE_ENTRIES 65536u
static void judge_regions(struct rt_tier2 *x, struct cg_cache *c)
{
    for (struct rt_tier2_region *r = x->regions; r; r = r->next) {
        if (r->dropped || r->judged)
            continue;
        uint64_t entries = __atomic_load_n(&r->entries, __ATOMIC_RELAXED);
        if (entries < RT_TIER2_JUDGE_ENTRIES)
            continue;
        uint64_t trips = __atomic_load_n(&r->iterations, __ATOMIC_RELAXED);
        r->judged = true;
        if (pays_per_entry(entries, trips, r->guest_insns))
            continue;
        if (cg_lookup(c, r->head) == r->entry)
            t2_unpatch_entry(r->entry);
        r->dropped = true; /* kept until the next flush, like a written one */
        x->demoted++;
        if (r->report != SIZE_MAX)
            x->proc->region_reports.r[r->report].fate = RT_REGION_DEMOTED;
    }
}

/* The compile thread's tick: a loop that stays chained in translated code
 * never passes through the runtime, so regions due for judging wake the
 * guest threads (x->lock only: the compile thread holds no other). */
static void judge_tick(void *arg)
{
    struct rt_process *p = arg;
    struct rt_tier2 *x = p->tier2;
    bool due = false;
    pthread_mutex_lock(&x->lock);
    for (struct rt_tier2_region *r = x->regions; r && !due; r = r->next)
        due = !r->dropped && !r->judged &&
              __atomic_load_n(&r->entries, __ATOMIC_RELAXED) >=
                  RT_TIER2_JUDGE_ENTRIES;
    pthread_mutex_unlock(&x->lock);
    if (due) {
        __atomic_store_n(&x->judge_due, true, __ATOMIC_RELAXED);
        notify_threads(p);
    }
}

void rt_tier2_poll(struct rt_thread *t, struct cg_cache *c)
{
    struct rt_tier2 *x = t->proc->tier2;
    if (!x)
        return;
    struct t2_job *done = t2_take_done(x->svc);
    uint64_t gen = cg_generation(c); /* a hint; checked again locked */
    /* Regions are judged every few thousand passes (racy count: a hint)
     * or when the tick asks. */
    bool judge = (++x->polls & 4095) == 0 ||
                 __atomic_exchange_n(&x->judge_due, false, __ATOMIC_RELAXED);
    if (!done && !judge &&
        gen == __atomic_load_n(&x->generation, __ATOMIC_RELAXED))
        return;
    cg_lock(c, NULL);
    pthread_mutex_lock(&x->lock);
    if (judge)
        judge_regions(x, c);
    gen = cg_generation(c);
    if (gen != x->generation) {
        drop_flushed(x, gen);
        drop_counters(x, gen, false);
        __atomic_store_n(&x->generation, gen, __ATOMIC_RELAXED);
    }
    while (done) {
        struct t2_job *job = done;
        done = job->next;
        if (job->code && job->tag != gen) {
            x->discarded++; /* compiled for code a flush removed */
            add_report(t->proc, job, RT_REGION_DISCARDED);
            t2_release_code(x->svc, job->code);
        } else if (job->code && job_stale(x, job)) {
            x->discarded++; /* its guest code was written meanwhile */
            add_report(t->proc, job, RT_REGION_DISCARDED);
            forget_request(x, c, job->region.blocks[0]->pc);
            t2_release_code(x->svc, job->code);
        } else if (job->code && !install(x, c, job)) {
            t2_count_fallback(x->svc, T2_FB_install);
            t2_release_code(x->svc, job->code);
        }
        t2_job_free(job);
    }
    pthread_mutex_unlock(&x->lock);
    cg_unlock(c);
}

void rt_tier2_syscall(struct rt_thread *t)
{
    struct rt_tier2 *x = t->proc->tier2;
    if (!x) {
        linux_syscall(t);
        return;
    }
    t2_syscall_enter(x->svc);
    linux_syscall(t);
    t2_syscall_leave(x->svc);
}

bool rt_tier2_fault_in_code(struct ir_ctx *cpu)
{
    struct rt_cpu_prefix *pre = rt_cpu_prefix(cpu);
    if (!pre->in_tier2)
        return false;
    pre->in_tier2 = 0;
    return true;
}

void rt_tier2_process_fini(struct rt_process *p)
{
    struct rt_tier2 *x = p->tier2;
    if (!x)
        return;
    t2_service_set_tick(x->svc, 0, NULL, NULL);
    pthread_mutex_lock(&x->lock);
    while (x->regions) {
        struct rt_tier2_region *r = x->regions;
        x->regions = r->next;
        release(x, r);
    }
    drop_counters(x, 0, true);
    pthread_mutex_unlock(&x->lock);
    rt_tier2_llvm_fini(x);
    struct t2_stats st;
    t2_service_stats(x->svc, &st);
    t2_service_destroy(x->svc);
    t2_arena_destroy(x->arena);
    struct rt_stats_counters *s = &p->stats;
    s->tier2_regions_compiled = st.compiled;
    s->tier2_regions_installed = x->installed;
    s->tier2_region_blocks = st.blocks;
    s->tier2_region_entries = x->entries;
    s->tier2_regions_discarded = x->discarded;
    s->tier2_regions_dropped = x->dropped;
    s->tier2_regions_demoted = x->demoted;
    s->tier2_few_trips = x->few_trips;
    s->tier2_traces_skipped = x->traces_skipped;
    s->tier2_deferred = x->deferred;
    s->tier2_loops_elsewhere = x->loops_elsewhere;
    s->tier2_never_pays = x->never_pays;
    s->tier2_compile_ns = st.compile_ns;
    s->tier2_compile_cpu_ns = st.compile_cpu_ns;
    s->tier2_load_ns = st.load_ns;
    s->tier2_implicit_checks = st.implicit_checks;
    s->tier2_implicit_explicit = st.implicit_explicit;
    s->tier2_wait_ns = st.wait_ns;
    s->tier2_load_wait_ns = st.load_wait_ns;
    for (int i = 0; i < T2_NUM_FALLBACKS; i++) {
        s->tier2_fallback[i] = st.fallbacks[i];
        s->tier2_fallbacks += st.fallbacks[i];
    }
    if (p->opts->mode == RT_MODE_LLVM)
        mmu_set_code_write_hook(p->mmu, NULL, NULL);
    pthread_mutex_destroy(&x->lock);
    free(x);
    p->tier2 = NULL;
}
