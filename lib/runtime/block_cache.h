/*
 * block_cache.h — translated blocks keyed by guest pc.
 *
 * Tier 0 keeps lifted IR blocks here; tier 1 and 2 will key their host
 * code the same way. Dropped wholesale on fence.i / riscv_flush_icache.
 */
#ifndef VM_BLOCK_CACHE_H
#define VM_BLOCK_CACHE_H

#include <stdint.h>

#include "ir.h"

struct block_cache;

struct block_cache *block_cache_create(void);
void block_cache_destroy(struct block_cache *c);

/* The block at pc, or NULL. */
struct ir_block *block_cache_lookup(struct block_cache *c, uint64_t pc);

/* Takes ownership of b (allocated with malloc, insns too); returns b, or
 * NULL when out of memory (b is then freed). */
struct ir_block *block_cache_insert(struct block_cache *c, struct ir_block *b);

/* Drops every block. */
void block_cache_flush(struct block_cache *c);

uint64_t block_cache_count(const struct block_cache *c);

#endif
