/*
 * aot_runtime.c — image entries in the tier-1 dispatcher (aot.h): one
 * slot per image entry (checked against guest memory once per code cache
 * generation, its trampoline
 * made once and kept for the process: a flush removes the patch, not the
 * trampoline, and the next translation of the block patches it again).
 */
#define _GNU_SOURCE
#include "aot.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "code_cache.h"
#include "dispatch_internal.h"
#include "t2_trampoline.h"
#include "tier2_state.h"

enum slot_state { SLOT_UNCHECKED, SLOT_OK, SLOT_REFUSED };

struct aot_slot {
    uint8_t state;           /* enum slot_state */
    uint64_t checked_gen;    /* SLOT_OK holds for this cache generation:
                                a flush (fence.i, munmap, ...) may mean
                                other bytes, so they are checked again */
    uint8_t *tramp;          /* NULL until first installed */
    uint8_t *patched;        /* the tier-1 entry last patched to tramp */
    uint64_t entries;        /* counted by the trampoline */
};

struct rt_aot {
    struct rt_aot_image *img;
    struct aot_slot *slots;  /* by entry index */
    struct t2_arena *arena;
    bool arena_failed;
    pthread_mutex_t lock;    /* the slots; taken under the cache lock */
    uint64_t installed, fallbacks, stale, dropped;
};

void rt_aot_process_init(struct rt_process *p)
{
    const char *path = p->opts->aot_image;
    if (!path)
        return;
    if (!p->code) {
        fprintf(stderr, "vm-run: aot: %s: needs tier 1 (--mode tiered or "
                        "tier1); running without it\n", path);
        return;
    }
    if (p->opts->max_insns) { /* image code counts no instructions */
        fprintf(stderr, "vm-run: aot: %s: --max-insns counts in tier 1 "
                        "only; running without it\n", path);
        return;
    }
    char err[512];
    struct rt_aot_image *img = rt_aot_image_open(path, p->opts->prog, err,
                                                 sizeof(err));
    if (!img) {
        fprintf(stderr, "vm-run: aot: %s: %s; running in the JIT\n", path,
                err);
        return;
    }
    struct rt_aot *x = calloc(1, sizeof(*x));
    if (x)
        x->slots = calloc(img->n_entries + 1, sizeof(*x->slots));
    if (!x || !x->slots) {
        fprintf(stderr, "vm-run: aot: out of memory; running in the JIT\n");
        free(x);
        rt_aot_image_close(img);
        return;
    }
    x->img = img;
    pthread_mutex_init(&x->lock, NULL);
    p->aot = x;
}

void rt_aot_process_fini(struct rt_process *p)
{
    struct rt_aot *x = p->aot;
    if (!x)
        return;
    struct rt_stats_counters *s = &p->stats;
    s->aot_installed = x->installed;
    s->aot_fallbacks = x->fallbacks;
    s->aot_stale = x->stale;
    s->aot_dropped = x->dropped;
    for (unsigned i = 0; i < x->img->n_entries; i++)
        s->aot_region_entries += x->slots[i].entries;
    t2_arena_destroy(x->arena);
    rt_aot_image_close(x->img);
    pthread_mutex_destroy(&x->lock);
    free(x->slots);
    free(x);
    p->aot = NULL;
}

/* The index of pc's entry, or -1. */
static long find_entry(const struct rt_aot_image *img, uint64_t pc)
{
    unsigned lo = 0, hi = img->n_entries;
    while (lo < hi) {
        unsigned mid = lo + (hi - lo) / 2;
        uint64_t at = img->entries[mid].guest_pc;
        if (at == pc)
            return mid;
        if (at < pc)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* First use of entry i: its guest bytes must be the ones it was compiled
 * from; then, like tier 1's, their pages trap writes. */
static bool check_entry(struct rt_aot *x, struct mmu *m, unsigned i)
{
    const struct aot_entry *e = &x->img->entries[i];
    const struct aot_range *r = &x->img->ranges[e->first_range];
    bool ok;
    mmu_lock(m); /* another thread's munmap must not race the reads */
    uint64_t h = aot_hash_code(r, e->n_ranges, rt_fetch_code, m, &ok);
    mmu_unlock(m);
    if (!ok || h != e->code_hash)
        return false;
    for (unsigned k = 0; k < e->n_ranges; k++)
        for (uint64_t pg = r[k].lo & ~MMU_PAGE_MASK; pg < r[k].hi;
             pg += MMU_PAGE_SIZE)
            mmu_protect_code(m, pg);
    return true;
}

/* The trampoline of slot i, made on first use. */
static uint8_t *trampoline(struct rt_aot *x, struct cg_cache *c, unsigned i)
{
    struct aot_slot *s = &x->slots[i];
    if (s->tramp)
        return s->tramp;
    if (!x->arena && !x->arena_failed) {
        const void *base;
        size_t size;
        cg_cache_bounds(c, &base, &size);
        x->arena = t2_arena_create(base, size, x->img->n_entries);
        x->arena_failed = !x->arena;
    }
    uint8_t *slot = x->arena ? t2_arena_alloc(x->arena) : NULL;
    struct t2_tramp_params tp = {
        .fn = x->img->entries[i].host_fn,
        .epilogue = cg_cache_epilogue(c),
        .flag_off = RT_TIER2_FLAG_OFF,
        .entries = &s->entries,
    };
    if (slot && !t2_emit_trampoline(slot, &tp)) {
        t2_arena_free(x->arena, slot);
        slot = NULL;
    }
    return s->tramp = slot;
}

void rt_aot_block_translated(struct rt_thread *t, struct cg_cache *c,
                             uint64_t pc, void *entry)
{
    struct rt_aot *x = t->proc->aot;
    if (!x)
        return;
    pthread_mutex_lock(&x->lock);
    long i = find_entry(x->img, pc);
    struct aot_slot *s = i >= 0 ? &x->slots[i] : NULL;
    uint64_t gen = cg_generation(c);
    if (s && s->state == SLOT_OK && s->checked_gen != gen)
        s->state = SLOT_UNCHECKED;
    if (s && s->state == SLOT_UNCHECKED) {
        s->checked_gen = gen;
        s->state = check_entry(x, t->proc->mmu, (unsigned)i) ? SLOT_OK
                                                             : SLOT_REFUSED;
        if (s->state == SLOT_REFUSED)
            x->stale++;
    }
    uint8_t *tramp = s && s->state == SLOT_OK ? trampoline(x, c, (unsigned)i)
                                              : NULL;
    if (tramp && t2_patch_entry(entry, tramp)) {
        s->patched = entry;
        x->installed++;
    } else {
        x->fallbacks++;
    }
    pthread_mutex_unlock(&x->lock);
}

void rt_aot_code_written(struct rt_thread *t, struct cg_cache *c, uint64_t lo,
                         uint64_t hi)
{
    struct rt_aot *x = t->proc->aot;
    if (!x)
        return;
    pthread_mutex_lock(&x->lock);
    for (unsigned i = 0; i < x->img->n_entries; i++) {
        struct aot_slot *s = &x->slots[i];
        const struct aot_entry *e = &x->img->entries[i];
        const struct aot_range *r = &x->img->ranges[e->first_range];
        bool hit = false;
        for (unsigned k = 0; k < e->n_ranges && !hit; k++)
            hit = r[k].lo < hi && lo < r[k].hi;
        if (!hit || s->state == SLOT_REFUSED)
            continue;
        /* Only our own patch: a retranslated block is not ours. */
        if (s->patched && cg_lookup(c, e->guest_pc) == s->patched)
            t2_unpatch_entry(s->patched);
        /* For good: the image was built from the old bytes (the
         * trampoline stays: a thread may still be in it). */
        s->state = SLOT_REFUSED;
        s->patched = NULL;
        x->dropped++;
    }
    pthread_mutex_unlock(&x->lock);
}

bool rt_aot_covers(const struct rt_process *p, uint64_t pc)
{
    struct rt_aot *x = p->aot;
    if (!x)
        return false;
    pthread_mutex_lock(&x->lock);
    long i = find_entry(x->img, pc);
    bool yes = i >= 0 && x->slots[i].state != SLOT_REFUSED;
    pthread_mutex_unlock(&x->lock);
    return yes;
}
