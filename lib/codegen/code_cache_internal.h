/*
 * code_cache_internal.h — the code cache's own state, shared by
 * code_cache.c (region, map, fault map, jump caches, threads, tier-up
 * counters) and code_invalidate.c (dropping the translations of a page).
 */
#ifndef VM_CODE_CACHE_INTERNAL_H
#define VM_CODE_CACHE_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "code_cache.h"

typedef struct cg_exit (*cg_enter_fn)(struct ir_ctx *cpu, const void *entry,
                                      struct cg_jc_entry *jc,
                                      const ir_helper_fn *helpers,
                                      uint32_t *hot);

/* Tier-up counters: one 32-bit word per counting jump, handed out in
 * translation order and reset by a flush. Reserved, not committed: only
 * the pages in use cost memory. */
#define HOT_COUNTERS (1u << 20)

/* Where a block counts a backward jump (struct t1_hot_site, absolute). */
struct hot_site {
    uint64_t target;
    uint8_t *code;
    uint32_t *counter;
    uint8_t skip, len;   /* t1_hot_site */
    bool stopped;        /* a jmp rel8 replaces its first two bytes */
    bool self_loop;      /* the back edge of a one-block loop (t1_loop.c) */
    uint8_t first[2];    /* ...which were these */
};

/* A translated block: the guest bytes it was made from and its entry
 * (NULL once invalidated). */
struct block_rec {
    uint64_t lo, hi;
    uint8_t *entry;
};

/* A chained jump: its rel32 field and the entry it now points at. */
struct chain_rec {
    uint8_t *site;
    const uint8_t *target;
};

struct map_entry {
    uint64_t pc;
    const void *entry; /* NULL = empty slot */
};

struct cg_thread {
    struct cg_jc_entry *jc;
    uint32_t *poll;
    uint32_t in_code;       /* running translated code (atomic) */
    uint64_t generation;    /* of the cache when jc was last valid */
    struct cg_thread *next;
};

struct cg_cache {
    pthread_mutex_t lock;
    pthread_cond_t flushed;
    bool flushing;          /* a flush waits for threads to leave code */
    struct cg_thread *threads;
    bool count_insns;
    bool self_loops;    /* t1_options.self_loops */
    const struct ir_sys_tlb *sys_mem; /* t1_options.sys_mem */
    uint32_t hot_threshold;
    uint32_t *hot;          /* the counter table */
    uint32_t hot_used;
    struct hot_site *hot_sites;
    size_t n_hot_sites, cap_hot_sites;
    uint64_t *uncounted;   /* targets tier 1 keeps for good (cg_hot_never) */
    size_t n_uncounted, cap_uncounted;
    uint8_t *region;
    size_t size;
    size_t fixed_end;    /* the trampoline and epilogue end here */
    size_t used;
    struct cg_runtime rt;
    cg_enter_fn enter;
    struct map_entry *map;
    uint64_t map_mask, map_count;
    /* A sequence lock over map, map_mask and the entries, for lookups
     * without the lock (cg_lookup_running): odd while a writer (who holds
     * the lock) changes them. Maps replaced by a bigger one stay allocated
     * until the cache is destroyed, so a reader never touches freed memory. */
    uint64_t map_seq;
    struct map_entry **old_maps;
    size_t n_old_maps;
    struct cg_fault_entry *faults; /* sorted by host_off */
    size_t n_faults, cap_faults;
    struct cg_jc_entry *jc;
    uint64_t generation;
    struct cg_cache_stats stats;
    /* For dropping the translations of one page (code_invalidate.c). */
    struct block_rec *blocks;
    size_t n_blocks, cap_blocks;
    struct chain_rec *chains;
    size_t n_chains, cap_chains;
};

/* A writer's section of map_seq (lock held). */
static inline void map_write_begin(struct cg_cache *c)
{
    __atomic_store_n(&c->map_seq, c->map_seq + 1, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_RELEASE);
}

static inline void map_write_end(struct cg_cache *c)
{
    __atomic_store_n(&c->map_seq, c->map_seq + 1, __ATOMIC_RELEASE);
}

#define MAP_INITIAL 4096
#define CODE_ALIGN 16

static inline uint64_t map_slot(uint64_t pc, uint64_t mask)
{
    return ((pc >> 1) * 0x9e3779b97f4a7c15ull >> 20) & mask;
}

/* Remembers a block's guest bytes / a chained jump (false when out of
 * memory); both lists are emptied by a flush. */
bool cg_note_block(struct cg_cache *c, uint64_t pc, uint64_t bytes,
                   uint8_t *entry);
bool cg_note_chain(struct cg_cache *c, uint8_t *site, const void *target);

#endif
