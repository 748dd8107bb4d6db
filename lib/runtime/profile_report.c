/*
 * profile_report.c — the end of --profile (profile.h): merges the
 * threads' sample tables, adds the compile thread's CPU time, names every
 * pc by the guest's symbols and groups the samples by function.
 * profile_write.c writes the formats.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest_syms.h"
#include "profile_internal.h"
#include "process.h"

struct collect {
    struct rt_prof_entry *e;
    size_t n, cap;
    struct rt_prof_thread_total *t;
    size_t nt, cap_t;
    bool oom;
};

static void add_thread(int tid, uint64_t samples, void *arg)
{
    struct collect *c = arg;
    if (c->nt == c->cap_t) {
        size_t cap = c->cap_t ? 2 * c->cap_t : 16;
        struct rt_prof_thread_total *m = realloc(c->t, cap * sizeof(*m));
        if (!m) {
            c->oom = true;
            return;
        }
        c->t = m;
        c->cap_t = cap;
    }
    c->t[c->nt++] = (struct rt_prof_thread_total){tid, samples};
}

static void add_entry(const struct rt_prof_entry *e, void *arg)
{
    struct collect *c = arg;
    if (c->n == c->cap) {
        size_t cap = c->cap ? 2 * c->cap : 1024;
        struct rt_prof_entry *m = realloc(c->e, cap * sizeof(*m));
        if (!m) {
            c->oom = true;
            return;
        }
        c->e = m;
        c->cap = cap;
    }
    c->e[c->n++] = *e;
}

static int by_pc_kind(const void *a, const void *b)
{
    const struct rt_prof_entry *x = a, *y = b;
    if (x->pc != y->pc)
        return x->pc < y->pc ? -1 : 1;
    return (int)x->kind - (int)y->kind;
}

/* One entry per (pc, kind): the threads' tables summed. */
static void merge(struct collect *c)
{
    qsort(c->e, c->n, sizeof(*c->e), by_pc_kind);
    size_t out = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (out && c->e[out - 1].pc == c->e[i].pc &&
            c->e[out - 1].kind == c->e[i].kind)
            c->e[out - 1].count += c->e[i].count;
        else
            c->e[out++] = c->e[i];
    }
    c->n = out;
}

/* "func+0x1c" -> entry pc - 0x1c and "func"; the offset follows the last
 * '+' (C++ names may hold one). */
static void split_symbol(const char *sym, uint64_t pc, char *func,
                         size_t len, uint64_t *entry)
{
    snprintf(func, len, "%s", sym);
    *entry = pc;
    char *plus = strrchr(func, '+');
    if (plus && plus[1] == '0' && plus[2] == 'x') {
        char *end;
        unsigned long long off = strtoull(plus + 3, &end, 16);
        if (!*end && off <= pc) {
            *plus = 0;
            *entry = pc - off;
        }
    }
}

/* A pc no symbol covers (a stripped library's own functions): its file,
 * "[libc.so.6]", and "libc.so.6+0xOFF"; "[unknown]" and the pc outside
 * any file (code the guest made). */
static void name_by_image(struct rt_prof_sample *s, const struct rt_process *p)
{
    char file[128];
    uint64_t off;
    if (!rt_guest_image(p, s->pc, file, sizeof(file), &off)) {
        snprintf(s->func, sizeof(s->func), "[unknown]");
        return;
    }
    snprintf(s->func, sizeof(s->func), "[%s]", file);
    snprintf(s->block, sizeof(s->block), "%s+%#" PRIx64, file, off);
}

static void name_entries(struct rt_prof_report *r, const struct rt_process *p)
{
    for (size_t i = 0; i < r->n; i++) {
        struct rt_prof_sample *s = &r->s[i];
        s->entry = 0;
        if (!s->pc) { /* vm-run's own, or a helper of tier-2 code */
            const char *what = rt_prof_is_tier(s->kind) ? "[tier2 helper]"
                                                        : "[vm-run]";
            snprintf(s->block, sizeof(s->block), "%s", what);
            snprintf(s->func, sizeof(s->func), "%s", what);
        } else if (!rt_guest_symbol(p, s->pc, s->block, sizeof(s->block))) {
            name_by_image(s, p);
        } else {
            split_symbol(s->block, s->pc, s->func, sizeof(s->func), &s->entry);
        }
    }
}

static int by_func(const void *a, const void *b)
{
    const struct rt_prof_sample *x = *(struct rt_prof_sample *const *)a;
    const struct rt_prof_sample *y = *(struct rt_prof_sample *const *)b;
    return strcmp(x->func, y->func);
}

static int func_by_samples(const void *a, const void *b)
{
    const struct rt_prof_func *x = a, *y = b;
    if (x->total != y->total)
        return x->total > y->total ? -1 : 1;
    return strcmp(x->name, y->name);
}

static int sample_by_count(const void *a, const void *b)
{
    const struct rt_prof_sample *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return x->pc < y->pc ? -1 : x->pc > y->pc;
}

/* Functions: the samples grouped by name, most samples first (their
 * names point into r->s, which must not move afterwards). */
static bool group_functions(struct rt_prof_report *r)
{
    struct rt_prof_sample **order = malloc((r->n + 1) * sizeof(*order));
    r->f = calloc(r->n + 1, sizeof(*r->f));
    if (!order || !r->f) {
        free(order);
        return false;
    }
    for (size_t i = 0; i < r->n; i++)
        order[i] = &r->s[i];
    qsort(order, r->n, sizeof(*order), by_func);
    r->nf = 0;
    for (size_t i = 0; i < r->n; i++) {
        const struct rt_prof_sample *s = order[i];
        struct rt_prof_func *f = r->nf ? &r->f[r->nf - 1] : NULL;
        if (!f || strcmp(f->name, s->func) != 0) {
            f = &r->f[r->nf++];
            f->name = s->func;
            f->entry = s->entry;
        }
        f->total += s->count;
        f->kinds[s->kind] += s->count;
    }
    free(order);
    qsort(r->f, r->nf, sizeof(*r->f), func_by_samples);
    return true;
}

void rt_profile_finish(struct rt_process *p)
{
    if (!rt_profile_claim_report())
        return;
    rt_profile_thread_stop(); /* the report is not sampled */
    struct collect c = {0};
    struct rt_prof_report r = {.p = p, .hz = rt_profile_hz()};
    r.threads = rt_profile_each(add_entry, add_thread, &c, &r.dropped);
    r.per_thread = c.t;
    /* The compile thread blocks signals: its CPU time, in samples. */
    uint64_t compile = p->stats.tier2_compile_cpu_ns * r.hz / 1000000000u;
    if (compile)
        add_entry(&(struct rt_prof_entry){0, (uint32_t)compile,
                                          RT_PROF_COMPILE},
                  &c);
    merge(&c);
    r.s = calloc(c.n + 1, sizeof(*r.s));
    if (c.oom || !r.s) {
        fprintf(stderr, "vm-run: out of memory writing the profile\n");
        free(c.e);
        free(c.t);
        free(r.s);
        return;
    }
    for (size_t i = 0; i < c.n; i++) {
        r.s[i] = (struct rt_prof_sample){.pc = c.e[i].pc,
                                         .count = c.e[i].count,
                                         .kind = c.e[i].kind};
        r.total += c.e[i].count;
        r.kinds[c.e[i].kind] += c.e[i].count;
    }
    r.n = c.n;
    free(c.e);
    name_entries(&r, p);
    qsort(r.s, r.n, sizeof(*r.s), sample_by_count);
    if (group_functions(&r)) {
        rt_profile_write(&r);
    } else {
        fprintf(stderr, "vm-run: out of memory writing the profile\n");
    }
    free(r.f);
    free(r.s);
    free(r.per_thread);
}
