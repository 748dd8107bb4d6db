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

static void print_human(const struct rt_stats_counters *s, FILE *out)
{
    fprintf(out, "vm-run stats:\n");
#define RT_STATS_HUMAN(name, desc)                                             \
    fprintf(out, "  %-46s %" PRIu64 "\n", desc, s->name);
    RT_STATS_COUNTERS(RT_STATS_HUMAN)
#undef RT_STATS_HUMAN
    fprintf(out, "  %-46s %.3f\n", "translation time per block (us)",
            per_block_us(s));
}

static void print_json(const struct rt_stats_counters *s, FILE *out)
{
    fprintf(out, "{");
#define RT_STATS_JSON(name, desc) fprintf(out, "\"%s\": %" PRIu64 ", ", #name, s->name);
    RT_STATS_COUNTERS(RT_STATS_JSON)
#undef RT_STATS_JSON
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
}
