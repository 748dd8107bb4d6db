/*
 * stats.c — printing the --stats counters, human-readable or as JSON.
 * Both add the derived average translation time per block.
 */
#include "stats.h"

#include <inttypes.h>

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
    for (int i = 0; i < T2_NUM_FALLBACKS; i++)
        fprintf(out, "  tier 2 fallbacks: %-28s %" PRIu64 "\n",
                t2_fallback_descs[i], s->tier2_fallback[i]);
}

static void print_json(const struct rt_stats_counters *s, FILE *out)
{
    fprintf(out, "{");
#define RT_STATS_JSON(name, desc) fprintf(out, "\"%s\": %" PRIu64 ", ", #name, s->name);
    RT_STATS_COUNTERS(RT_STATS_JSON)
#undef RT_STATS_JSON
    for (int i = 0; i < T2_NUM_FALLBACKS; i++)
        fprintf(out, "\"tier2_fallback_%s\": %" PRIu64 ", ",
                t2_fallback_names[i], s->tier2_fallback[i]);
    fprintf(out, "\"tier2_compile_us_per_region\": %.1f, ", per_region_us(s));
    fprintf(out, "\"translate_us_per_block\": %.3f}\n", per_block_us(s));
}

void rt_stats_print(const struct rt_stats_counters *s, enum rt_stats format,
                    FILE *out)
{
    if (format == RT_STATS_HUMAN)
        print_human(s, out);
    else if (format == RT_STATS_JSON)
        print_json(s, out);
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
