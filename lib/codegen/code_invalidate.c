/*
 * code_invalidate.c — dropping the translations made from one range of
 * guest code (a store to a write-protected code page) without flushing
 * the whole cache.
 *
 * Other threads may be running the dropped code and keep doing so until
 * they next leave it (a guest that changes code another thread runs must
 * synchronise anyway), so nothing is freed or overwritten before the next
 * flush; what changes, each by one atomic store, is how the code is
 * reached:
 *   - the block leaves the pc -> entry map;
 *   - its entry becomes a jump to its own poll stub, which exits to the
 *     runtime with ctx->pc = the block's pc and nothing of it run, so a
 *     stale chained jump or jump-cache entry still lands in the runtime;
 *   - jumps chained to it point back at their own exit stubs (and are
 *     chained again, to the new translation, on their next run);
 *   - every thread's jump cache forgets it.
 */
#include <stdlib.h>
#include <string.h>

#include "code_cache_internal.h"
#include "t1_internal.h"

bool cg_note_block(struct cg_cache *c, uint64_t pc, uint64_t bytes,
                   uint8_t *entry)
{
    if (c->n_blocks == c->cap_blocks) {
        size_t cap = c->cap_blocks * 2 + 1024;
        struct block_rec *b = realloc(c->blocks, cap * sizeof(*b));
        if (!b)
            return false;
        c->blocks = b;
        c->cap_blocks = cap;
    }
    c->blocks[c->n_blocks++] = (struct block_rec){
        .lo = pc, .hi = pc + (bytes ? bytes : 1), .entry = entry,
    };
    return true;
}

bool cg_note_chain(struct cg_cache *c, uint8_t *site, const void *target)
{
    if (c->n_chains == c->cap_chains) {
        size_t cap = c->cap_chains * 2 + 1024;
        struct chain_rec *r = realloc(c->chains, cap * sizeof(*r));
        if (!r)
            return false;
        c->chains = r;
        c->cap_chains = cap;
    }
    c->chains[c->n_chains++] = (struct chain_rec){site, target};
    return true;
}

/* Linear probing without tombstones: the entries after the hole that
 * hash at or before it move up into it. */
static void map_remove(struct cg_cache *c, uint64_t pc, const void *entry)
{
    uint64_t mask = c->map_mask;
    uint64_t i = map_slot(pc, mask);
    while (c->map[i].entry && c->map[i].pc != pc)
        i = (i + 1) & mask;
    if (c->map[i].entry != entry)
        return; /* not there, or a newer translation of pc */
    map_write_begin(c);
    for (uint64_t j = i;;) {
        c->map[i].entry = NULL;
        for (;;) {
            j = (j + 1) & mask;
            if (!c->map[j].entry)
                goto done;
            uint64_t k = map_slot(c->map[j].pc, mask);
            /* Does k lie cyclically in (i, j]? Then it stays. */
            bool stays = i <= j ? (i < k && k <= j) : (i < k || k <= j);
            if (!stays)
                break;
        }
        c->map[i] = c->map[j];
        i = j;
    }
done:
    map_write_end(c);
    c->map_count--;
}

/* The entry's first bytes are `cmp dword [state + poll], 0; jne stub`
 * (t1_translate.c): writes `jmp stub` over the cmp. */
static void divert_entry(uint8_t *entry)
{
    size_t body;
    const uint8_t *stub = t1_entry_poll_stub(entry, &body);
    if (!stub)
        return; /* cannot happen: every recorded block starts so */
    uint64_t word;
    memcpy(&word, entry, 8);
    struct x86_buf j;
    x86_buf_init(&j, &word, 8);
    size_t field = x86_jmp_rel32(&j);
    int32_t r32 = (int32_t)(stub - (entry + 5));
    memcpy((uint8_t *)&word + field, &r32, 4);
    /* Entries are 16-byte aligned: one atomic store. */
    __atomic_store_n((uint64_t *)(void *)entry, word, __ATOMIC_RELEASE);
}

static void unchain_to(struct cg_cache *c, const uint8_t *entry)
{
    for (size_t i = 0; i < c->n_chains;) {
        struct chain_rec *r = &c->chains[i];
        if (r->target != entry) {
            i++;
            continue;
        }
        cg_unchain(c, (uint64_t)(uintptr_t)r->site);
        *r = c->chains[--c->n_chains];
    }
}

static void forget_in_jump_cache(struct cg_jc_entry *jc, const uint8_t *entry)
{
    for (size_t i = 0; i < (1u << CG_JC_BITS); i++)
        if (jc[i].host == entry)
            __atomic_store_n(&jc[i].pc, cg_jc_empty_pc((uint32_t)i),
                             __ATOMIC_RELEASE);
}

unsigned cg_invalidate(struct cg_cache *c, uint64_t lo, uint64_t hi)
{
    unsigned n = 0;
    for (size_t i = 0; i < c->n_blocks; i++) {
        struct block_rec *b = &c->blocks[i];
        if (!b->entry || b->hi <= lo || b->lo >= hi)
            continue;
        map_remove(c, b->lo, b->entry);
        divert_entry(b->entry);
        unchain_to(c, b->entry);
        forget_in_jump_cache(c->jc, b->entry);
        for (struct cg_thread *t = c->threads; t; t = t->next)
            forget_in_jump_cache(t->jc, b->entry);
        b->entry = NULL;
        n++;
    }
    c->stats.blocks_invalidated += n;
    return n;
}
