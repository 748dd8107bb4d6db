/*
 * profile_write.c — --profile's formats (README.md, "Profiles"):
 *   text    a summary by tier, the top functions with their tier split,
 *           the top blocks;
 *   json    the same, every function and block, machine-readable;
 *   folded  "PROGRAM;FUNCTION;KIND COUNT" lines, as flamegraph.pl and
 *           speedscope read them (one level of guest frames: vm-run
 *           keeps no guest call stack);
 * and --profile-out's "vm-profile 1" list of hot guest code for vm-aot.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "profile_internal.h"
#include "process.h"

#define TOP 30

static double pct(uint64_t n, uint64_t total)
{
    return total ? 100.0 * (double)n / (double)total : 0.0;
}

static uint64_t vm_samples(const uint64_t kinds[RT_PROF_NKINDS])
{
    uint64_t n = 0;
    for (unsigned k = 0; k < RT_PROF_NKINDS; k++)
        if (!rt_prof_is_tier(k))
            n += kinds[k];
    return n;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static void write_text(FILE *f, const struct rt_prof_report *r)
{
    const struct rt_process *p = r->p;
    fprintf(f, "vm-run profile of %s (%s guest, --mode %s)\n", p->opts->prog,
            p->guest->name, rt_mode_name(p->opts->mode));
    fprintf(f, "%" PRIu64 " samples at %u Hz of CPU time (%.3f s), "
               "%u thread(s), %" PRIu64 " dropped\n",
            r->total, r->hz, r->hz ? (double)r->total / r->hz : 0.0,
            r->threads, r->dropped);
    if (r->threads > 1 && r->per_thread) {
        fprintf(f, "per thread (host tid: samples):");
        for (unsigned i = 0; i < r->threads; i++)
            fprintf(f, " %d: %" PRIu64, r->per_thread[i].tid,
                    r->per_thread[i].samples);
        fputc('\n', f);
    }
    fprintf(f, "\nby tier:");
    for (unsigned k = 0; k < RT_PROF_NKINDS; k++)
        if (r->kinds[k] || rt_prof_is_tier(k))
            fprintf(f, "  %s %.1f%%", rt_prof_kind_name(k),
                    pct(r->kinds[k], r->total));
    fprintf(f, "\n\nfunctions (top %d of %zu; %% of all samples)\n", TOP,
            r->nf);
    fprintf(f, "%7s %8s %7s %7s %7s %7s  %s\n", "total", "samples", "tier1",
            "tier2", "interp", "vm", "function");
    for (size_t i = 0; i < r->nf && i < TOP; i++) {
        const struct rt_prof_func *fn = &r->f[i];
        fprintf(f, "%6.2f%% %8" PRIu64 " %6.2f%% %6.2f%% %6.2f%% %6.2f%%  %s\n",
                pct(fn->total, r->total), fn->total,
                pct(fn->kinds[RT_PROF_TIER1], r->total),
                pct(fn->kinds[RT_PROF_TIER2], r->total),
                pct(fn->kinds[RT_PROF_INTERP], r->total),
                pct(vm_samples(fn->kinds), r->total), fn->name);
    }
    fprintf(f, "\nblocks (top %d of %zu; tier-2 regions by their head)\n",
            TOP, r->n);
    fprintf(f, "%7s %8s  %-12s %-18s  %s\n", "total", "samples", "kind", "pc",
            "block");
    for (size_t i = 0; i < r->n && i < TOP; i++) {
        const struct rt_prof_sample *s = &r->s[i];
        fprintf(f, "%6.2f%% %8" PRIu64 "  %-12s %#-18" PRIx64 "  %s\n",
                pct(s->count, r->total), s->count,
                rt_prof_kind_name(s->kind), s->pc, s->block);
    }
}

/* A JSON string (names are symbols: escape what JSON must). */
static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void json_kinds(FILE *f, const uint64_t kinds[RT_PROF_NKINDS])
{
    fputc('{', f);
    bool first = true;
    for (unsigned k = 0; k < RT_PROF_NKINDS; k++) {
        if (!kinds[k])
            continue;
        fprintf(f, "%s\"%s\": %" PRIu64, first ? "" : ", ",
                rt_prof_kind_name(k), kinds[k]);
        first = false;
    }
    fputc('}', f);
}

static void write_json(FILE *f, const struct rt_prof_report *r)
{
    const struct rt_process *p = r->p;
    fprintf(f, "{\n  \"version\": 1,\n  \"program\": ");
    json_str(f, p->opts->prog);
    fprintf(f, ",\n  \"guest\": \"%s\",\n  \"mode\": \"%s\",\n"
               "  \"hz\": %u,\n  \"threads\": %u,\n"
               "  \"samples\": %" PRIu64 ",\n  \"dropped\": %" PRIu64 ",\n"
               "  \"kinds\": ",
            p->guest->name, rt_mode_name(p->opts->mode), r->hz, r->threads,
            r->total, r->dropped);
    json_kinds(f, r->kinds);
    fprintf(f, ",\n  \"per_thread\": [");
    for (unsigned i = 0; r->per_thread && i < r->threads; i++)
        fprintf(f, "%s{\"tid\": %d, \"samples\": %" PRIu64 "}", i ? ", " : "",
                r->per_thread[i].tid, r->per_thread[i].samples);
    fprintf(f, "],\n  \"functions\": [");
    for (size_t i = 0; i < r->nf; i++) {
        const struct rt_prof_func *fn = &r->f[i];
        fprintf(f, "%s\n    {\"name\": ", i ? "," : "");
        json_str(f, fn->name);
        fprintf(f, ", \"entry\": \"0x%" PRIx64 "\", \"samples\": %" PRIu64
                   ", \"kinds\": ",
                fn->entry, fn->total);
        json_kinds(f, fn->kinds);
        fputc('}', f);
    }
    fprintf(f, "\n  ],\n  \"blocks\": [");
    for (size_t i = 0; i < r->n; i++) {
        const struct rt_prof_sample *s = &r->s[i];
        fprintf(f, "%s\n    {\"pc\": \"0x%" PRIx64 "\", \"name\": ",
                i ? "," : "", s->pc);
        json_str(f, s->block);
        fprintf(f, ", \"function\": ");
        json_str(f, s->func);
        fprintf(f, ", \"kind\": \"%s\", \"samples\": %" PRIu64 "}",
                rt_prof_kind_name(s->kind), s->count);
    }
    fprintf(f, "\n  ]\n}\n");
}

/* A name as one field: no ';' (folded's frame separator), no blank (the
 * field separator of folded and --profile-out lines). */
static void folded_frame(FILE *f, const char *s)
{
    for (; *s; s++)
        fputc(*s == ';' || *s == ' ' || *s == '\t' || *s == '\n' ? '_' : *s,
              f);
}

/* One line per (function, kind): the samples of its blocks summed. */
static void write_folded(FILE *f, const struct rt_prof_report *r)
{
    const char *prog = base_name(r->p->opts->prog);
    for (size_t i = 0; i < r->nf; i++) {
        const struct rt_prof_func *fn = &r->f[i];
        for (unsigned k = 0; k < RT_PROF_NKINDS; k++) {
            if (!fn->kinds[k])
                continue;
            folded_frame(f, prog);
            fputc(';', f);
            folded_frame(f, fn->name);
            fprintf(f, ";%s %" PRIu64 "\n", rt_prof_kind_name(k),
                    fn->kinds[k]);
        }
    }
}

/* --profile-out: the guest code that ran in the tiers, hottest first
 * (vm-run's own buckets and unknown pcs left out). */
static void write_out(FILE *f, const struct rt_prof_report *r)
{
    const struct rt_process *p = r->p;
    fprintf(f, "# vm-profile 1\n# program %s\n# guest %s\n# hz %u\n"
               "# samples %" PRIu64 "\n",
            p->opts->prog, p->guest->name, r->hz, r->total);
    fprintf(f, "# func ENTRY SAMPLES NAME | block PC SAMPLES KIND NAME\n");
    for (size_t i = 0; i < r->nf; i++) {
        const struct rt_prof_func *fn = &r->f[i];
        uint64_t n = fn->total - vm_samples(fn->kinds);
        if (fn->entry && n) {
            fprintf(f, "func %#" PRIx64 " %" PRIu64 " ", fn->entry, n);
            folded_frame(f, fn->name);
            fputc('\n', f);
        }
    }
    for (size_t i = 0; i < r->n; i++) {
        const struct rt_prof_sample *s = &r->s[i];
        if (s->pc && rt_prof_is_tier(s->kind)) {
            fprintf(f, "block %#" PRIx64 " %" PRIu64 " %s ", s->pc,
                    s->count, rt_prof_kind_name(s->kind));
            folded_frame(f, s->block);
            fputc('\n', f);
        }
    }
}

/* Writes with fn into the descriptor fd (kept open: closed at the end). */
static void write_to(int fd, const struct rt_prof_report *r,
                     void (*fn)(FILE *, const struct rt_prof_report *))
{
    int copy = fd >= 0 ? dup(fd) : -1;
    FILE *f = copy >= 0 ? fdopen(copy, "w") : NULL;
    if (!f) {
        if (copy >= 0)
            close(copy);
        if (fd >= 0)
            fprintf(stderr, "vm-run: cannot write the profile\n");
        return;
    }
    fn(f, r);
    if (fclose(f) != 0)
        fprintf(stderr, "vm-run: cannot write the profile\n");
}

void rt_profile_write(const struct rt_prof_report *r)
{
    static void (*const formats[])(FILE *, const struct rt_prof_report *) = {
        [RT_PROFILE_TEXT] = write_text,
        [RT_PROFILE_JSON] = write_json,
        [RT_PROFILE_FOLDED] = write_folded,
    };
    write_to(rt_profile_fd(false), r, formats[r->p->opts->profile_format]);
    write_to(rt_profile_fd(true), r, write_out);
}
