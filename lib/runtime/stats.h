/*
 * stats.h — the counters behind --stats: one X-macro list, from which the
 * struct, the human-readable report and the JSON report are derived.
 */
#ifndef VM_RT_STATS_H
#define VM_RT_STATS_H

#include <stdint.h>
#include <stdio.h>

#include "rt.h"
#include "tier2.h"

/* X(field, description) */
#define RT_STATS_COUNTERS(X)                                                   \
    X(cpu_ns, "process CPU time, user + system (ns)")                         \
    X(blocks_translated, "blocks translated")                                 \
    X(translate_ns, "time lifting and translating (ns)")                      \
    X(cache_bytes_used, "code cache bytes in use at exit")                    \
    X(cache_bytes_total, "code cache bytes emitted")                          \
    X(evictions, "code cache evictions (full)")                               \
    X(flushes, "code cache flushes (fence.i, code changed)")                  \
    X(chains_patched, "direct jumps chained")                                 \
    X(blocks_invalidated, "blocks dropped because their code page was written") \
    X(exit_syscall, "exits: system call")                                     \
    X(exit_chain_miss, "exits: direct jump not yet chained")                  \
    X(exit_indirect_miss, "exits: indirect jump missed the jump cache")       \
    X(exit_poll, "exits: poll")                                               \
    X(lookups_unlocked, "dispatcher: lookups without the cache lock")        \
    X(exit_fault, "exits: guest fault")                                       \
    X(exit_trap, "exits: other trap")                                         \
    X(smc_writes, "writes to translated code pages")                         \
    X(exit_hot, "exits: hot backward jump (tier up)")                        \
    X(hot_sites_stopped, "counting jumps turned off (target tiered up)")     \
    X(loops_uncounted, "one-block loops translated again without a counter") \
    X(tier2_regions_compiled, "tier 2: regions compiled by LLVM")            \
    X(tier2_region_blocks, "tier 2: guest blocks in them")                   \
    X(tier2_regions_installed, "tier 2: regions installed")                  \
    X(tier2_regions_discarded, "tier 2: compiled for code since flushed or written") \
    X(tier2_regions_dropped, "tier 2: installed, then their code was written") \
    X(tier2_regions_demoted, "tier 2: back to tier 1, a trip or two per entry") \
    X(tier2_few_trips, "tier 2: not compiled, a trip or two per entry")      \
    X(tier2_traces_skipped, "tier 2: hot jumps closing no loop (tier 1)")    \
    X(tier2_deferred, "tier 2: regions left to run until they pay")         \
    X(tier2_never_pays, "tier 2: regions that would not pay (tier 1)")       \
    X(tier2_loops_elsewhere, "tier 2: hot jumps from outside their region (tier 1)") \
    X(tier2_region_entries, "tier 2: region entries")                        \
    X(tier2_compile_ns, "tier 2: compile time, wall (ns)")                   \
    X(tier2_compile_cpu_ns, "tier 2: compile time, CPU (ns)")                \
    X(tier2_load_ns, "tier 2: loading LLVM and creating the JIT (ns)")       \
    X(tier2_implicit_checks, "tier 2: accesses checked by their host fault") \
    X(tier2_implicit_explicit, "tier 2: implicit checks left explicit (region recompiled)") \
    X(tier2_wait_ns, "tier 2: guest time waiting on the compiler (ns)")      \
    X(tier2_load_wait_ns, "tier 2: system calls held while LLVM loads (ns)") \
    X(tier2_fallbacks, "tier 2: fallbacks to tier 1 (all reasons)")          \
    X(aot_installed, "aot: image entries installed on tier-1 blocks")       \
    X(aot_region_entries, "aot: image region entries")                       \
    X(aot_fallbacks, "aot: blocks translated that the image does not cover") \
    X(aot_stale, "aot: image entries refused: guest code differs")           \
    X(aot_dropped, "aot: image entries dropped: their code was written")     \
    X(flag_puts, "flag writes lifted (x86)")                                 \
    X(flag_puts_removed, "flag writes removed as dead")                      \
    X(flag_ops_removed, "ops removed with them (their inputs)")

/* One region tier 2 compiled in tiered mode, for --stats. */
enum rt_region_fate { RT_REGION_INSTALLED, RT_REGION_DISCARDED,
                      RT_REGION_DROPPED, RT_REGION_DEMOTED };
struct rt_region_report {
    uint64_t head;
    uint32_t blocks, guest_insns, ir_insns;
    uint8_t fate;             /* enum rt_region_fate */
    uint64_t compile_cpu_ns;
    uint64_t entries;         /* through its trampoline */
    uint64_t iterations;      /* loop trips inside (entries count one) */
};

struct rt_region_reports {
    struct rt_region_report *r;
    size_t n, cap;
};

struct rt_stats_counters {
#define RT_STATS_FIELD(name, desc) uint64_t name;
    RT_STATS_COUNTERS(RT_STATS_FIELD)
#undef RT_STATS_FIELD
    uint64_t tier2_fallback[T2_NUM_FALLBACKS]; /* by reason (tier2.h) */
};

/* Adds every counter of s into sum. */
void rt_stats_add(struct rt_stats_counters *sum,
                  const struct rt_stats_counters *s);

/* Writes the report in the given format (nothing for RT_STATS_NONE), with
 * the tier-2 regions (the human format lists the costliest ten). */
void rt_stats_print(const struct rt_stats_counters *s,
                    const struct rt_region_reports *regions,
                    enum rt_stats format, FILE *out);

#endif
