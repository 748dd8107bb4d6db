/*
 * sys_t2.c — tier 2 in system mode (see sys_t2.h): counting arrivals,
 * selecting a region around a block, handing it to the compile thread,
 * installing what comes back on its owner hart (tiered: the head's tier-1
 * entry patched to a trampoline; llvm: run from the hart loop), judging
 * whether it pays, and dropping it.
 */
#include "sys_t2.h"

#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "code_cache.h"
#include "ll_region.h"
#include "region.h"
#include "sys_block.h"
#include "sys_hart.h"
#include "t2_trampoline.h"
#include "tier2.h"

/* Tiered regions are hot loops: LLVM's O2. --mode llvm compiles every
 * block a kernel boot runs (tens of thousands): at O0 (no passes, fast
 * instruction selection), about 0.7 ms of CPU a block against 3.7 ms. */
#define SYS_T2_OPT_LEVEL 2
#define SYS_T2_LLVM_MODE_OPT_LEVEL 0
#define GUEST_PAGE 4096u
#define SYS_T2_MAX_REGIONS 1024u /* installed per hart (trampoline slots) */

struct sys_t2 {
    struct t2_service *svc; /* made with the first region */
    bool svc_failed;
    unsigned threshold;     /* 0: --mode llvm */
    struct ir_sys_tlb tlb;
    /* Guards svc's creation, the harts' mailboxes, the list of regions
     * and the counters. */
    pthread_mutex_t lock;
    struct sys_t2_region *regions; /* every region not yet dropped */
    struct sys_t2_stats st;
};

struct sys_t2_region {
    struct sys_hart *hart;         /* its owner: the only one to run it */
    struct sys_block *head;        /* NULL once forgotten while queued */
    struct t2_job *job;            /* its blocks; code and fn when done */
    struct sys_t2_region *mail;    /* in the owner's mailbox */
    struct sys_t2_region *prev, *next; /* in sys_t2.regions */
    struct sys_t2_region *next_installed; /* in the hart's t2_installed */
    bool in_service;               /* queued, compiling or done there */
    bool judged;
    /* Tiered: the trampoline, and the tier-1 entry patched to it while
     * the code cache is in generation patched_generation. */
    uint8_t *slot;
    uint8_t *patched_entry;
    uint64_t patched_generation;
    uint64_t entries, iterations;  /* counted by the trampoline */
    uint16_t lo, hi;               /* bytes [lo, hi) of the head's page */
    uint8_t bytes[];               /* as they were lifted */
};

/* Where translated code finds the hart's words (sys_hart.h), from the
 * CPU state it is given. */
#define CTX_OFF(field)                                                         \
    ((int32_t)offsetof(struct sys_hart, field) -                               \
     (int32_t)offsetof(struct sys_hart, rv.cpu.ctx))
_Static_assert(CTX_OFF(t1_budget) == CG_BUDGET_OFF,
               "the budget is the int64 right before the CPU state");

struct sys_t2 *sys_t2_create(unsigned threshold)
{
    struct sys_t2 *t = calloc(1, sizeof(*t));
    if (!t)
        return NULL;
    if (pthread_mutex_init(&t->lock, NULL)) {
        free(t);
        return NULL;
    }
    t->threshold = threshold;
    sys_t1_describe_tlb(&t->tlb, sys_t1_hart_slow_access);
    return t;
}

/* The region's job, code and record; under t->lock. */
static void drop_locked(struct sys_t2 *t, struct sys_t2_region *r)
{
    if (r->job && r->job->code)
        t2_release_code(t->svc, r->job->code);
    t2_job_free(r->job);
    if (r->prev)
        r->prev->next = r->next;
    else
        t->regions = r->next;
    if (r->next)
        r->next->prev = r->prev;
    free(r);
}

static void drop(struct sys_t2 *t, struct sys_t2_region *r)
{
    pthread_mutex_lock(&t->lock);
    drop_locked(t, r);
    pthread_mutex_unlock(&t->lock);
}

void sys_t2_destroy(struct sys_t2 *t)
{
    if (!t)
        return;
    /* Finished jobs are dropped with their regions; the service frees
     * the jobs it still holds, and the records of those go after it. */
    struct t2_job *done = t->svc ? t2_take_done(t->svc) : NULL;
    while (done) {
        struct t2_job *next = done->next;
        struct sys_t2_region *r = (struct sys_t2_region *)(uintptr_t)done->tag;
        r->in_service = false;
        drop(t, r);
        done = next;
    }
    for (struct sys_t2_region *r = t->regions; r; r = r->next)
        if (r->in_service)
            r->job = NULL; /* the service frees it */
    t2_service_destroy(t->svc);
    t->svc = NULL;
    while (t->regions)
        drop_locked(t, t->regions);
    pthread_mutex_destroy(&t->lock);
    free(t);
}

void sys_t2_stats(struct sys_t2 *t, struct sys_t2_stats *out)
{
    pthread_mutex_lock(&t->lock);
    *out = t->st;
    pthread_mutex_unlock(&t->lock);
}

static void count(struct sys_t2 *t, uint64_t *counter)
{
    pthread_mutex_lock(&t->lock);
    (*counter)++;
    pthread_mutex_unlock(&t->lock);
}

/* --- tiered: the head's tier-1 entry, patched --------------------------- */

static bool make_arena(struct sys_hart *h)
{
    if (!h->t2_arena) {
        const void *base;
        size_t size;
        cg_cache_bounds(sys_t1_cache(h->t1), &base, &size);
        h->t2_arena = t2_arena_create(base, size, SYS_T2_MAX_REGIONS);
    }
    return h->t2_arena != NULL;
}

/* Patches blk's tier-1 entry (translated now if need be) to r's
 * trampoline; false when it cannot be (the block stays in tier 1). */
static bool patch(struct sys_hart *h, struct sys_block *blk,
                  struct sys_t2_region *r)
{
    struct cg_cache *c = sys_t1_cache(h->t1);
    uint8_t *entry = (uint8_t *)(uintptr_t)sys_t1_code(h->t1, &blk->ir,
                                                        &blk->t1);
    if (!entry)
        return false;
    uint64_t generation = cg_generation(c);
    if (entry == r->patched_entry && generation == r->patched_generation)
        return true;
    if (!r->slot) {
        r->slot = make_arena(h) ? t2_arena_alloc(h->t2_arena) : NULL;
        struct t2_tramp_params tp = {
            .fn = (const void *)(uintptr_t)r->job->fn,
            .epilogue = cg_cache_epilogue(c),
            .flag_off = CTX_OFF(t2_in_code),
            .entries = &r->entries,
            .iters_off = CTX_OFF(t2_iters),
            .iterations = &r->iterations,
        };
        if (r->slot && !t2_emit_trampoline(r->slot, &tp)) {
            t2_arena_free(h->t2_arena, r->slot);
            r->slot = NULL;
        }
        if (!r->slot)
            return false;
    }
    if (!t2_patch_entry(entry, r->slot))
        return false;
    r->patched_entry = entry;
    r->patched_generation = generation;
    return true;
}

/* Takes r off its head: the tier-1 entry unpatched (when the code it
 * patched still exists), the trampoline slot freed. */
static void unpatch(struct sys_hart *h, struct sys_t2_region *r)
{

    if (r->patched_entry &&
        r->patched_generation == cg_generation(sys_t1_cache(h->t1)))
        t2_unpatch_entry(r->patched_entry);
    r->patched_entry = NULL;
    h->t2_runs += r->entries; /* (kept for --stats) */
    r->entries = 0;
    if (r->slot)
        t2_arena_free(h->t2_arena, r->slot);
    r->slot = NULL;
}

static void unlist_installed(struct sys_hart *h, struct sys_t2_region *r)
{
    for (struct sys_t2_region **p = &h->t2_installed; *p;
         p = &(*p)->next_installed)
        if (*p == r) {
            *p = r->next_installed;
            return;
        }
}

/* --- the hart's side ---------------------------------------------------- */

/* A finished region, on its owner's thread: installed on its head, or
 * dropped (forgotten meanwhile, or LLVM could not compile it). */
static void deliver(struct sys_hart *h, struct sys_t2_region *r)
{
    struct sys_t2 *t = h->t2;
    struct sys_block *head = r->head;
    if (!head) {
        drop(t, r);
        return;
    }
    pthread_mutex_lock(&t->lock);
    t->st.compile_cpu_ns += r->job->compile_cpu_ns;
    if (r->job->code)
        t->st.installed++;
    else
        t->st.refused++;
    pthread_mutex_unlock(&t->lock);
    if (!r->job->code) {
        head->t2.region = NULL;
        head->t2.refused = true;
        drop(t, r);
        return;
    }
    head->t2.installed = true;
    r->next_installed = h->t2_installed;
    h->t2_installed = r;
    if (h->t1)
        patch(h, head, r); /* else at the head's next hart-loop arrival */
}

/* Delivers what the compile thread finished: this hart's own regions
 * now, the others' through their mailboxes. */
static void collect(struct sys_hart *h)
{
    struct sys_t2 *t = h->t2;
    struct t2_job *done = t->svc ? t2_take_done(t->svc) : NULL;
    while (done) {
        struct t2_job *next = done->next;
        done->next = NULL;
        struct sys_t2_region *r = (struct sys_t2_region *)(uintptr_t)done->tag;
        r->in_service = false;
        if (r->hart == h) {
            deliver(h, r);
        } else {
            pthread_mutex_lock(&t->lock);
            r->mail = r->hart->t2_mail;
            r->hart->t2_mail = r;
            __atomic_store_n(&r->hart->t2_has_mail, 1, __ATOMIC_RELEASE);
            pthread_mutex_unlock(&t->lock);
        }
        done = next;
    }
    if (!__atomic_load_n(&h->t2_has_mail, __ATOMIC_ACQUIRE))
        return;
    pthread_mutex_lock(&t->lock);
    struct sys_t2_region *mail = h->t2_mail;
    h->t2_mail = NULL;
    __atomic_store_n(&h->t2_has_mail, 0, __ATOMIC_RELAXED);
    pthread_mutex_unlock(&t->lock);
    while (mail) {
        struct sys_t2_region *next = mail->mail;
        mail->mail = NULL;
        deliver(h, mail);
        mail = next;
    }
}

void sys_t2_forget(struct sys_hart *h, struct sys_block *blk)
{
    struct sys_t2_region *r = blk->t2.region;
    bool installed = blk->t2.installed;
    blk->t2 = (struct sys_t2_ref){0};
    if (!r)
        return;
    if (!installed) {
        r->head = NULL; /* still compiling: dropped when it comes back */
        return;
    }
    if (h->t1)
        unpatch(h, r);
    unlist_installed(h, r);
    drop(h->t2, r);
}

void sys_t2_hart_fini(struct sys_hart *h)
{
    t2_arena_destroy(h->t2_arena);
    h->t2_arena = NULL;
}

/*
 * Judging (tiered): a region entered SYS_T2_JUDGE_ENTRIES times whose
 * loop went round fewer than SYS_T2_MIN_TRIPS times per entry on average
 * is taken off its head for good (until the head is lifted again): each
 * entry loads and each exit stores the registers it uses, where tier 1's
 * chained blocks pay nothing to go on, so a loop left after a trip or two
 * runs faster in tier 1.
 */
#define SYS_T2_JUDGE_ENTRIES 4096u
#define SYS_T2_MIN_TRIPS 4u
#define SYS_T2_JUDGE_EVERY 4096u /* hart-loop passes between looks */

static void judge(struct sys_hart *h)
{
    for (struct sys_t2_region **p = &h->t2_installed; *p;) {
        struct sys_t2_region *r = *p;
        if (r->judged || r->entries < SYS_T2_JUDGE_ENTRIES) {
            p = &r->next_installed;
            continue;
        }
        r->judged = true;
        if (r->iterations >= (uint64_t)SYS_T2_MIN_TRIPS * r->entries) {
            p = &r->next_installed;
            continue;
        }
        struct sys_block *head = r->head;
        *p = r->next_installed;
        unpatch(h, r);
        head->t2 = (struct sys_t2_ref){.refused = true};
        count(h->t2, &h->t2->st.judged_out);
        drop(h->t2, r);
    }
}

/* Region selection's view of guest code: blocks of the head's page only,
 * lifted as the hart loop lifts them (same FP state). A block other than
 * the head must not end in a trap (the hart loop carries the trap out
 * with the head's details), straddle into the next page, or use FP when
 * the head does not (FS is made dirty before the head runs). */
struct lift_view {
    struct sys_hart *h;
    uint64_t head, page;
    bool fp_off, head_uses_fp;
};

static bool lift_for_region(void *arg, uint64_t pc, struct ir_block *b)
{
    struct lift_view *v = arg;
    bool head = pc == v->head;
    if (!head && (pc & ~(uint64_t)(GUEST_PAGE - 1)) != v->page)
        return false;
    struct rv_sys_block_info info;
    rv_sys_lift_block(b, pc, v->fp_off, sys_mem_fetch, &v->h->mem, &info);
    if (ir_validate(b))
        return false;
    if (head)
        return true;
    return !ir_block_has_op(b, IR_EXIT_TRAP) &&
           (pc & (GUEST_PAGE - 1)) + b->guest_bytes <= GUEST_PAGE &&
           (!info.uses_fp || v->head_uses_fp);
}

/* A region record for the selected blocks, with a copy of the guest bytes
 * they span in the head's page (the head's own bytes past the page are
 * the hart loop's to check). */
static struct sys_t2_region *new_region(struct sys_hart *h,
                                        struct sys_block *blk,
                                        struct opt_region *sel)
{
    uint64_t page = blk->vpc & ~(uint64_t)(GUEST_PAGE - 1);
    unsigned lo = GUEST_PAGE, hi = 0;
    for (unsigned i = 0; i < sel->n; i++) {
        const struct ir_block *b = sel->blocks[i];
        unsigned start = (unsigned)(b->pc - page);
        unsigned end = start + b->guest_bytes;
        if (end > GUEST_PAGE)
            end = GUEST_PAGE;
        lo = start < lo ? start : lo;
        hi = end > hi ? end : hi;
    }
    if (hi < lo)
        hi = lo;
    struct sys_t2_region *r = calloc(1, sizeof(*r) + (hi - lo));
    struct t2_job *job = calloc(1, sizeof(*job));
    if (!r || !job) {
        free(r);
        free(job);
        return NULL;
    }
    const uint8_t *host_page = blk->host - (blk->vpc - page);
    memcpy(r->bytes, host_page + lo, hi - lo);
    r->lo = (uint16_t)lo;
    r->hi = (uint16_t)hi;
    r->hart = h;
    r->head = blk;
    r->job = job;
    job->region = *sel;
    job->tag = (uintptr_t)r;
    job->sys_tlb = &h->t2->tlb;
    job->budget_off = CTX_OFF(t1_budget);
    /* Tiered regions count their trips for judging (the trampoline adds
     * them up); llvm's one-block regions are not judged. */
    job->iters_off = h->t1 ? CTX_OFF(t2_iters) : 0;
    return r;
}

/* Whether pc is a block of one of h's regions (queued or installed): a
 * loop is compiled once, from the first of its blocks found hot (the hart
 * loop comes back to whichever block a slice ended in; tier 1 carries
 * such an arrival round to the head). Under t->lock. */
static bool in_a_region(struct sys_t2 *t, struct sys_hart *h, uint64_t pc)
{
    for (const struct sys_t2_region *r = t->regions; r; r = r->next) {
        if (r->hart != h || !r->head || !r->job)
            continue;
        for (unsigned i = 0; i < r->job->region.n; i++)
            if (r->job->region.blocks[i]->pc == pc)
                return true;
    }
    return false;
}

/* Selects blk's region and queues it (tiered) or compiles it now (llvm);
 * blk->t2 says what became of it. */
static void select_region(struct sys_hart *h, struct sys_block *blk)
{
    struct sys_t2 *t = h->t2;
    bool llvm_mode = t->threshold == 0;
    pthread_mutex_lock(&t->lock);
    if (!t->svc && !t->svc_failed) {
        unsigned opt = llvm_mode ? SYS_T2_LLVM_MODE_OPT_LEVEL
                                 : SYS_T2_OPT_LEVEL;
        t->svc = t2_service_create(opt, NULL, NULL, NULL);
        t->svc_failed = !t->svc;
    }
    bool covered = !llvm_mode && in_a_region(t, h, blk->vpc);
    pthread_mutex_unlock(&t->lock);
    if (covered) {
        blk->t2.refused = true;
        return;
    }
    struct lift_view v = {.h = h,
                          .head = blk->vpc,
                          .page = blk->vpc & ~(uint64_t)(GUEST_PAGE - 1),
                          .fp_off = blk->fp_off,
                          .head_uses_fp = blk->info.uses_fp};
    struct opt_region sel;
    const char *why;
    struct sys_t2_region *r = NULL;
    if (t->svc &&
        opt_region_select(blk->vpc, llvm_mode ? 1 : OPT_REGION_MAX_BLOCKS,
                          lift_for_region, &v, &sel, &why)) {
        if (llvm_mode || sel.loop)
            r = new_region(h, blk, &sel);
        if (!r)
            opt_region_free(&sel);
    }
    if (!r) {
        blk->t2.refused = true;
        count(t, &t->st.refused);
        return;
    }
    pthread_mutex_lock(&t->lock);
    r->next = t->regions;
    if (t->regions)
        t->regions->prev = r;
    t->regions = r;
    t->st.selected++;
    pthread_mutex_unlock(&t->lock);
    blk->t2.region = r;
    if (llvm_mode) {
        t2_compile_sync(t->svc, r->job);
        deliver(h, r);
        return;
    }
    r->in_service = true;
    if (!t2_submit(t->svc, r->job)) {
        /* The queue is full: this block stays in tier 1 until it is
         * lifted again (selecting again at once would lift the loop's
         * blocks over and over while the compile thread catches up). */
        r->in_service = false;
        blk->t2 = (struct sys_t2_ref){.refused = true};
        count(t, &t->st.busy);
        drop(t, r);
    }
}

/* Whether the guest bytes the region was compiled from are still there
 * (the head's page is the same host page: the hart loop checked). */
static bool region_current(const struct sys_block *blk,
                           const struct sys_t2_region *r)
{
    const uint8_t *host_page = blk->host - (blk->vpc & (GUEST_PAGE - 1));
    return memcmp(host_page + r->lo, r->bytes, (size_t)(r->hi - r->lo)) == 0;
}

/* Instructions of the region block holding pc that did not complete (the
 * block subtracted all of them from the budget as it started). */
static uint32_t not_completed(const struct opt_region *sel, uint64_t pc)
{
    for (unsigned i = 0; i < sel->n; i++) {
        const struct ir_block *b = sel->blocks[i];
        if (pc >= b->pc && pc < b->pc + b->guest_bytes)
            return b->guest_insns - ir_block_insns_before(b, pc);
    }
    return 0;
}

/* --mode llvm: the region run from the hart loop. */
static enum sys_exit run_region(struct sys_hart *h, struct sys_t2_region *r,
                                unsigned *trap)
{
    struct ir_ctx *ctx = &h->rv.cpu.ctx;
    /* The TLB tables of this regime (ir_sys_tlb.h). */
    ctx->mem_base =
        (uint64_t)(uintptr_t)h->mem.tlb.e[h->mem.regime[MMU_ACC_READ]];
    ctx->mem_limit =
        (uint64_t)(uintptr_t)h->mem.tlb.e[h->mem.regime[MMU_ACC_WRITE]];
    h->t1_budget = SYS_T2_SLICE;
    h->t2_runs++;
    struct ll_exit x = r->job->fn(ctx);
    uint64_t ran = (uint64_t)(SYS_T2_SLICE - h->t1_budget);
    enum sys_exit e = SYS_EXIT_NEXT;
    switch ((enum ll_exit_kind)(x.code & LL_EXIT_KIND_MASK)) {
    case LL_EXIT_TRAP:
        *trap = (unsigned)x.arg;
        e = SYS_EXIT_TRAP;
        break;
    case LL_EXIT_FAULT:
        if (x.code & LL_FAULT_MISALIGNED)
            h->mem.fault = (struct sys_fault){
                SYS_FAULT_MISALIGNED,
                x.code & LL_FAULT_WRITE ? MMU_ACC_WRITE : MMU_ACC_READ,
                x.arg};
        /* else the slow path recorded the fault */
        e = SYS_EXIT_FAULT;
        break;
    default: /* JUMP, INDIRECT, POLL: ctx->pc is the next block */
        break;
    }
    if (e != SYS_EXIT_NEXT)
        ran -= not_completed(&r->job->region, ctx->pc);
    h->interp.retired += ran;
    return e;
}

bool sys_t2_run(struct sys_hart *h, struct sys_block *blk, enum sys_exit *e,
                unsigned *trap)
{
    struct sys_t2 *t = h->t2;
    collect(h);
    if (h->t1 && (++h->t2_polls & (SYS_T2_JUDGE_EVERY - 1)) == 0)
        judge(h);
    struct sys_t2_ref *ref = &blk->t2;
    if (ref->installed) {
        if (!region_current(blk, ref->region)) {
            sys_t2_forget(h, blk); /* selected again at the threshold */
            count(t, &t->st.stale);
            return false;
        }
        if (h->t1) { /* tiered: tier 1's entry leads to the region */
            patch(h, blk, ref->region);
            return false;
        }
        *e = run_region(h, ref->region, trap);
        return true;
    }
    if (ref->refused || ref->region || ++ref->visits < t->threshold)
        return false;
    select_region(h, blk);
    if (!ref->installed || h->t1)
        return false;
    *e = run_region(h, ref->region, trap);
    return true;
}

uint64_t sys_t2_hart_entries(const struct sys_hart *h)
{
    uint64_t n = h->t2_runs;
    for (const struct sys_t2_region *r = h->t2_installed; r;
         r = r->next_installed)
        n += r->entries;
    return n;
}
