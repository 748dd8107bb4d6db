/*
 * stats.h — the counters behind --stats: one X-macro list, from which the
 * struct, the human-readable report and the JSON report are derived.
 */
#ifndef VM_RT_STATS_H
#define VM_RT_STATS_H

#include <stdint.h>
#include <stdio.h>

#include "rt.h"

/* X(field, description) */
#define RT_STATS_COUNTERS(X)                                                   \
    X(blocks_translated, "blocks translated")                                 \
    X(translate_ns, "time lifting and translating (ns)")                      \
    X(cache_bytes_used, "code cache bytes in use at exit")                    \
    X(cache_bytes_total, "code cache bytes emitted")                          \
    X(evictions, "code cache evictions (full)")                               \
    X(flushes, "code cache flushes (fence.i, code changed)")                  \
    X(chains_patched, "direct jumps chained")                                 \
    X(exit_syscall, "exits: system call")                                     \
    X(exit_chain_miss, "exits: direct jump not yet chained")                  \
    X(exit_indirect_miss, "exits: indirect jump missed the jump cache")       \
    X(exit_poll, "exits: poll")                                               \
    X(exit_fault, "exits: guest fault")                                       \
    X(exit_trap, "exits: other trap")                                         \
    X(smc_writes, "writes to translated code pages")

struct rt_stats_counters {
#define RT_STATS_FIELD(name, desc) uint64_t name;
    RT_STATS_COUNTERS(RT_STATS_FIELD)
#undef RT_STATS_FIELD
};

/* Adds every counter of s into sum. */
void rt_stats_add(struct rt_stats_counters *sum,
                  const struct rt_stats_counters *s);

/* Writes the report in the given format (nothing for RT_STATS_NONE). */
void rt_stats_print(const struct rt_stats_counters *s, enum rt_stats format,
                    FILE *out);

#endif
