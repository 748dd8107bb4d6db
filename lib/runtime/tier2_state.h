/*
 * tier2_state.h — the per-process tier-2 state shared by tier2_runtime.c
 * (tiered mode) and dispatch_llvm.c (--mode llvm).
 */
#ifndef VM_RT_TIER2_STATE_H
#define VM_RT_TIER2_STATE_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "process.h"
#include "tier2.h"

/* The "in tier 2" byte the trampoline sets, from the CPU state. */
#define RT_TIER2_FLAG_OFF                                                      \
    ((int32_t)offsetof(struct rt_cpu_prefix, in_tier2) -                       \
     (int32_t)sizeof(struct rt_cpu_prefix))
/* Where tier-2 code counts the iterations it ran (ll_region.iters_off). */
#define RT_TIER2_ITERS_OFF                                                     \
    ((int32_t)offsetof(struct rt_cpu_prefix, t2_iterations) -                  \
     (int32_t)sizeof(struct rt_cpu_prefix))

#define RT_TIER2_MAX_REGIONS 1024u  /* installed at once (trampoline slots) */
#define RT_TIER2_MAX_REQUESTS 1024u /* regions asked for per cache generation */
#define RT_TIER2_SMC_LOG 64u        /* code ranges written, remembered for
                                       jobs still compiling */

/* Guest code bytes [lo, hi). */
struct rt_code_range {
    uint64_t lo, hi;
};

/* A head seen hot: waiting until its loop ran long enough to pay for its
 * compile, or done (compiled, compiling or refused). */
struct rt_tier2_request {
    uint64_t head;
    bool waiting;
    uint64_t trips;            /* counted by the hot jumps while waiting */
    uint64_t *runs;            /* runs of the head block while waiting (an
                                  entry counter patched on it), or NULL */
    uint8_t *entry;            /* ...on this tier-1 entry */
};

/* An entry counter's slot and word, kept until the next flush (a thread
 * may still run the stub after it is unpatched). */
struct rt_tier2_counter {
    uint8_t *slot;
    uint64_t runs;
    uint64_t generation;
    struct rt_tier2_counter *next;
};

/* An installed region: its head's tier-1 entry jumps to tramp. */
struct rt_tier2_region {
    uint64_t head;
    uint64_t generation;       /* of the code cache it was patched into */
    struct ll_code *code;
    uint8_t *tramp;
    uint8_t *entry;            /* the tier-1 entry patched to tramp */
    struct rt_code_range *ranges; /* guest code it was compiled from */
    unsigned n_ranges;
    size_t report;             /* its index in proc->region_reports */
    bool dropped;              /* that code was written: unpatched, kept
                                  until the next flush (threads may still
                                  run it) */
    uint64_t entries;          /* counted by the trampoline */
    uint64_t iterations;       /* loop trips in it (the trampoline sums) */
    unsigned guest_insns;      /* of its blocks */
    bool judged;               /* kept after enough entries */
    struct rt_tier2_region *next;
};

/* --mode llvm: compiled blocks by pc. */
struct rt_llvm_entry {
    uint64_t pc;
    ll_region_fn fn;           /* NULL: empty slot */
    struct ll_code *code;
};

struct rt_llvm_retired {
    struct ll_code *code;
    struct rt_llvm_retired *next;
};

struct rt_tier2 {
    struct t2_service *svc;
    struct rt_process *proc;
    pthread_mutex_t lock;      /* everything below */
    /* tiered mode */
    struct t2_arena *arena;
    bool arena_failed;
    struct rt_tier2_region *regions;
    uint64_t generation;       /* of the cache the regions were made for */
    struct rt_tier2_request req[RT_TIER2_MAX_REQUESTS];
    unsigned req_count;
    uint64_t req_gen;
    uint64_t installed, discarded, entries;
    uint64_t dropped;          /* regions whose guest code was written */
    uint64_t demoted;          /* regions left after a trip or two */
    uint64_t few_trips;        /* not compiled: a trip or two per entry */
    struct rt_tier2_counter *counters;
    uint64_t polls;            /* dispatcher passes, for judging regions */
    bool judge_due;            /* the tick found regions to judge (atomic) */
    struct rt_code_range smc_log[RT_TIER2_SMC_LOG]; /* by seq % size */
    uint64_t smc_seq;          /* ranges written so far */
    uint64_t traces_skipped;   /* hot heads with no loop (atomic) */
    uint64_t deferred;         /* regions that had to run longer (atomic) */
    uint64_t never_pays;       /* regions whose compile would not pay
                                  within 2^30 trips (atomic) */
    uint64_t loops_elsewhere;  /* hot jumps from outside their region
                                  (atomic) */
    bool submitted;            /* a region went to the compile thread, so
                                  LLVM is loaded or loading (atomic) */
    /* --mode llvm */
    struct rt_llvm_entry *map;
    uint64_t map_mask, map_count;
    uint64_t map_gen;          /* proc->icache_gen the map was made for */
    struct rt_llvm_retired *retired; /* dropped by a flush, freed at the end */
};

/* Releases --mode llvm's code (at the end, no thread running it). */
void rt_tier2_llvm_fini(struct rt_tier2 *x);

/* --mode llvm's code-write hook (mmu_set_code_write_hook; arg: the
 * process): every thread drops its compiled blocks. */
void rt_llvm_code_written(void *arg);

#endif
