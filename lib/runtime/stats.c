/*
 * stats.c — printing the --stats counters, human-readable or as JSON.
 * Both add the derived average translation time per block.
 */
#include "stats.h"

#include <inttypes.h>
#include <stdlib.h>

static double per_block_us(const struct rt_stats_counters *s)
{
    return s->blocks_translated
               ? (double)s->translate_ns / 1000.0 / (double)s->blocks_translated
               : 0.0;
}

static double per_region_us(const struct rt_stats_counters *s)
{
    return s->tier2_regions_compiled ? (double)s->tier2_compile_ns / 1000.0 /
                                           (double)s->tier2_regions_compiled
                                     : 0.0;
}

static double compile_share(const struct rt_stats_counters *s)
{
    return s->cpu_ns ? 100.0 * (double)s->tier2_compile_cpu_ns /
                           (double)s->cpu_ns
                     : 0.0;
}

static const char *const fate_names[] = {
    [RT_REGION_INSTALLED] = "installed",
    [RT_REGION_DISCARDED] = "discarded",
    [RT_REGION_DROPPED] = "dropped",
    [RT_REGION_DEMOTED] = "demoted",
};

static int by_compile_cpu(const void *a, const void *b)
{
    const struct rt_region_report *x = a, *y = b;
    return (x->compile_cpu_ns < y->compile_cpu_ns) -
           (x->compile_cpu_ns > y->compile_cpu_ns);
}

static void print_regions_human(const struct rt_region_reports *rr, FILE *out)
{
    if (!rr || !rr->n)
        return;
    qsort(rr->r, rr->n, sizeof(*rr->r), by_compile_cpu);
    fprintf(out, "  tier 2 regions, costliest first (of %zu):\n"
                 "    %-12s %6s %6s %6s %10s %12s %14s  %s\n",
            rr->n, "head", "blocks", "insns", "IR", "compile ms", "entries",
            "iterations", "fate");
    for (size_t i = 0; i < rr->n && i < 10; i++) {
        const struct rt_region_report *r = &rr->r[i];
        fprintf(out, "    %#-12" PRIx64 " %6u %6u %6u %10.1f %12" PRIu64
                     " %14" PRIu64 "  %s\n",
                r->head, r->blocks, r->guest_insns, r->ir_insns,
                (double)r->compile_cpu_ns / 1e6, r->entries, r->iterations,
                fate_names[r->fate]);
    }
}

static void print_regions_json(const struct rt_region_reports *rr, FILE *out)
{
    fprintf(out, "\"tier2_regions\": [");
    for (size_t i = 0; rr && i < rr->n; i++) {
        const struct rt_region_report *r = &rr->r[i];
        fprintf(out, "%s{\"head\": %" PRIu64 ", \"blocks\": %u, "
                     "\"guest_insns\": %u, \"ir_insns\": %u, "
                     "\"compile_cpu_ns\": %" PRIu64 ", \"entries\": %" PRIu64
                     ", \"iterations\": %" PRIu64 ", \"fate\": \"%s\"}",
                i ? ", " : "", r->head, r->blocks, r->guest_insns, r->ir_insns,
                r->compile_cpu_ns, r->entries, r->iterations,
                fate_names[r->fate]);
    }
    fprintf(out, "], ");
}

static void print_human(const struct rt_stats_counters *s, FILE *out)
{
    fprintf(out, "vm-run stats:\n");
#define RT_STATS_HUMAN(name, desc)                                             \
    fprintf(out, "  %-46s %" PRIu64 "\n", desc, s->name);
    RT_STATS_COUNTERS(RT_STATS_HUMAN)
#undef RT_STATS_HUMAN
    fprintf(out, "  %-46s %.3f\n", "translation time per block (us)",
            per_block_us(s));
    fprintf(out, "  %-46s %.1f\n", "tier 2: compile time per region (us)",
            per_region_us(s));
    fprintf(out, "  %-46s %.1f\n", "tier 2: share of CPU time compiling (%)",
            compile_share(s));
    for (int i = 0; i < T2_NUM_FALLBACKS; i++)
        fprintf(out, "  tier 2 fallbacks: %-28s %" PRIu64 "\n",
                t2_fallback_descs[i], s->tier2_fallback[i]);
}

static void print_json(const struct rt_stats_counters *s, FILE *out,
                       const struct rt_region_reports *regions)
{
    fprintf(out, "{");
    print_regions_json(regions, out);
#define RT_STATS_JSON(name, desc) fprintf(out, "\"%s\": %" PRIu64 ", ", #name, s->name);
    RT_STATS_COUNTERS(RT_STATS_JSON)
#undef RT_STATS_JSON
    for (int i = 0; i < T2_NUM_FALLBACKS; i++)
        fprintf(out, "\"tier2_fallback_%s\": %" PRIu64 ", ",
                t2_fallback_names[i], s->tier2_fallback[i]);
    fprintf(out, "\"tier2_compile_us_per_region\": %.1f, ", per_region_us(s));
    fprintf(out, "\"tier2_compile_cpu_share\": %.2f, ", compile_share(s));
    fprintf(out, "\"translate_us_per_block\": %.3f}\n", per_block_us(s));
}

void rt_stats_print(const struct rt_stats_counters *s,
                    const struct rt_region_reports *regions,
                    enum rt_stats format, FILE *out)
{
    if (format == RT_STATS_HUMAN) {
        print_human(s, out);
        print_regions_human(regions, out);
    } else if (format == RT_STATS_JSON) {
        print_json(s, out, regions);
    }
}

void rt_stats_add(struct rt_stats_counters *sum,
                  const struct rt_stats_counters *s)
{
#define RT_STATS_ADD(name, desc) sum->name += s->name;
    RT_STATS_COUNTERS(RT_STATS_ADD)
#undef RT_STATS_ADD
    for (int i = 0; i < T2_NUM_FALLBACKS; i++)
        sum->tier2_fallback[i] += s->tier2_fallback[i];
}
