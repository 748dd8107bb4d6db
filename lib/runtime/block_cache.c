/*
 * block_cache.c — an open-addressing hash table from guest pc to block.
 */
#include "block_cache.h"

#include <stdlib.h>

struct block_cache {
    struct ir_block **slots; /* NULL = empty; no deletions except flush */
    uint64_t mask;           /* capacity - 1, a power of two */
    uint64_t count;
};

#define INITIAL_SLOTS 4096

static uint64_t slot_of(uint64_t pc, uint64_t mask)
{
    /* Guest pcs are 2-byte aligned and clustered: mix before masking. */
    return ((pc >> 1) * 0x9e3779b97f4a7c15ull >> 20) & mask;
}

struct block_cache *block_cache_create(void)
{
    struct block_cache *c = calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    c->slots = calloc(INITIAL_SLOTS, sizeof(*c->slots));
    if (!c->slots) {
        free(c);
        return NULL;
    }
    c->mask = INITIAL_SLOTS - 1;
    return c;
}

static void free_block(struct ir_block *b)
{
    ir_block_free(b);
    free(b);
}

void block_cache_flush(struct block_cache *c)
{
    for (uint64_t i = 0; i <= c->mask; i++) {
        if (c->slots[i])
            free_block(c->slots[i]);
        c->slots[i] = NULL;
    }
    c->count = 0;
}

void block_cache_destroy(struct block_cache *c)
{
    if (!c)
        return;
    block_cache_flush(c);
    free(c->slots);
    free(c);
}

struct ir_block *block_cache_lookup(struct block_cache *c, uint64_t pc)
{
    for (uint64_t i = slot_of(pc, c->mask);; i = (i + 1) & c->mask) {
        struct ir_block *b = c->slots[i];
        if (!b || b->pc == pc)
            return b;
    }
}

static void place(struct ir_block **slots, uint64_t mask, struct ir_block *b)
{
    uint64_t i = slot_of(b->pc, mask);
    while (slots[i])
        i = (i + 1) & mask;
    slots[i] = b;
}

static int grow(struct block_cache *c)
{
    uint64_t mask = c->mask * 2 + 1;
    struct ir_block **slots = calloc(mask + 1, sizeof(*slots));
    if (!slots)
        return -1;
    for (uint64_t i = 0; i <= c->mask; i++)
        if (c->slots[i])
            place(slots, mask, c->slots[i]);
    free(c->slots);
    c->slots = slots;
    c->mask = mask;
    return 0;
}

struct ir_block *block_cache_insert(struct block_cache *c, struct ir_block *b)
{
    /* Keep the load factor under one half. */
    if ((c->count + 1) * 2 > c->mask + 1 && grow(c) != 0) {
        free_block(b);
        return NULL;
    }
    place(c->slots, c->mask, b);
    c->count++;
    return b;
}

uint64_t block_cache_count(const struct block_cache *c)
{
    return c->count;
}
