/*
 * dev_plic.c — PLIC gateways and targets (see dev_plic.h). A source whose
 * line is high becomes pending; a claim takes the highest-priority pending
 * enabled source above the context's threshold (ties: lowest number) and
 * holds it until completed, after which a still-high line pends again.
 */
#include "dev_plic.h"

#include <stdlib.h>

#define PRIORITY_BASE 0x0
#define PENDING_BASE 0x1000
#define ENABLE_BASE 0x2000
#define ENABLE_STRIDE 0x80
#define CONTEXT_BASE 0x200000
#define CONTEXT_STRIDE 0x1000
#define PRIORITY_MASK 7
#define WORDS (DEV_PLIC_SOURCES / 32)

struct plic_context {
    struct dev_irq line;
    uint32_t enable[WORDS];
    uint32_t threshold;
};

struct dev_plic {
    uint32_t priority[DEV_PLIC_SOURCES];
    uint32_t pending[WORDS], claimed[WORDS], level[WORDS];
    unsigned contexts;
    struct plic_context ctx[];
};

static bool bit(const uint32_t *w, unsigned i)
{
    return (w[i / 32] >> (i % 32)) & 1;
}

static void set_bit(uint32_t *w, unsigned i, bool v)
{
    if (v)
        w[i / 32] |= 1u << (i % 32);
    else
        w[i / 32] &= ~(1u << (i % 32));
}

/* The source a claim by ctx would get now, or 0. */
static unsigned best(const struct dev_plic *p, unsigned ctx)
{
    unsigned src = 0, prio = p->ctx[ctx].threshold;
    for (unsigned i = 1; i < DEV_PLIC_SOURCES; i++)
        if (bit(p->pending, i) && !bit(p->claimed, i) &&
            bit(p->ctx[ctx].enable, i) && p->priority[i] > prio) {
            prio = p->priority[i];
            src = i;
        }
    return src;
}

static void update(struct dev_plic *p)
{
    for (unsigned c = 0; c < p->contexts; c++)
        dev_irq_set(&p->ctx[c].line, best(p, c) != 0);
}

struct dev_plic *dev_plic_new(unsigned contexts,
                              const struct dev_irq *ctx_lines)
{
    if (contexts == 0 || contexts > DEV_PLIC_CONTEXTS_MAX)
        return NULL;
    struct dev_plic *p =
        calloc(1, sizeof(*p) + contexts * sizeof(struct plic_context));
    if (!p)
        return NULL;
    p->contexts = contexts;
    for (unsigned c = 0; c < contexts; c++)
        p->ctx[c].line = ctx_lines[c];
    return p;
}

void dev_plic_free(struct dev_plic *p)
{
    free(p);
}

void dev_plic_set(void *plic, unsigned source, bool level)
{
    struct dev_plic *p = plic;
    if (source == 0 || source >= DEV_PLIC_SOURCES ||
        bit(p->level, source) == level)
        return;
    set_bit(p->level, source, level);
    if (level && !bit(p->claimed, source))
        set_bit(p->pending, source, true);
    update(p);
}

static unsigned claim(struct dev_plic *p, unsigned ctx)
{
    unsigned src = best(p, ctx);
    if (src) {
        set_bit(p->pending, src, false);
        set_bit(p->claimed, src, true);
        update(p);
    }
    return src;
}

static void complete(struct dev_plic *p, unsigned src)
{
    if (src == 0 || src >= DEV_PLIC_SOURCES || !bit(p->claimed, src))
        return;
    set_bit(p->claimed, src, false);
    if (bit(p->level, src)) /* still asserted: pending again */
        set_bit(p->pending, src, true);
    update(p);
}

static uint64_t plic_read(void *opaque, uint64_t off, unsigned size)
{
    struct dev_plic *p = opaque;
    (void)size;
    if (off < PENDING_BASE)
        return off / 4 < DEV_PLIC_SOURCES ? p->priority[off / 4] : 0;
    if (off < PENDING_BASE + WORDS * 4)
        return p->pending[(off - PENDING_BASE) / 4];
    if (off >= ENABLE_BASE &&
        off < ENABLE_BASE + (uint64_t)p->contexts * ENABLE_STRIDE) {
        unsigned c = (unsigned)((off - ENABLE_BASE) / ENABLE_STRIDE);
        unsigned w = (unsigned)((off - ENABLE_BASE) % ENABLE_STRIDE) / 4;
        return w < WORDS ? p->ctx[c].enable[w] : 0;
    }
    if (off >= CONTEXT_BASE &&
        off < CONTEXT_BASE + (uint64_t)p->contexts * CONTEXT_STRIDE) {
        unsigned c = (unsigned)((off - CONTEXT_BASE) / CONTEXT_STRIDE);
        unsigned reg = (unsigned)((off - CONTEXT_BASE) % CONTEXT_STRIDE);
        if (reg == 0)
            return p->ctx[c].threshold;
        if (reg == 4)
            return claim(p, c);
    }
    return 0;
}

static void plic_write(void *opaque, uint64_t off, unsigned size,
                       uint64_t value)
{
    struct dev_plic *p = opaque;
    uint32_t v = (uint32_t)value;
    (void)size;
    if (off < PENDING_BASE) {
        if (off / 4 < DEV_PLIC_SOURCES && off / 4 != 0)
            p->priority[off / 4] = v & PRIORITY_MASK;
    } else if (off >= ENABLE_BASE &&
               off < ENABLE_BASE + (uint64_t)p->contexts * ENABLE_STRIDE) {
        unsigned c = (unsigned)((off - ENABLE_BASE) / ENABLE_STRIDE);
        unsigned w = (unsigned)((off - ENABLE_BASE) % ENABLE_STRIDE) / 4;
        if (w < WORDS) /* source 0 is reserved */
            p->ctx[c].enable[w] = w == 0 ? v & ~1u : v;
    } else if (off >= CONTEXT_BASE &&
               off < CONTEXT_BASE + (uint64_t)p->contexts * CONTEXT_STRIDE) {
        unsigned c = (unsigned)((off - CONTEXT_BASE) / CONTEXT_STRIDE);
        unsigned reg = (unsigned)((off - CONTEXT_BASE) % CONTEXT_STRIDE);
        if (reg == 0)
            p->ctx[c].threshold = v & PRIORITY_MASK;
        else if (reg == 4)
            complete(p, v);
    }
    update(p);
}

const struct mmu_io_ops dev_plic_ops = {plic_read, plic_write};

/* ---- snapshots (dev_plic.h) ---- */

void dev_plic_state(struct dev_plic *p, struct dev_state *s)
{
    /* The sizes first: a PLIC of another shape is refused, not misread. */
    dev_state_expect(s, DEV_PLIC_SOURCES, "PLIC with another source count");
    dev_state_expect(s, p->contexts, "PLIC with another context count");
    dev_state_u32s(s, p->priority, DEV_PLIC_SOURCES);
    dev_state_u32s(s, p->pending, WORDS);
    dev_state_u32s(s, p->claimed, WORDS);
    dev_state_u32s(s, p->level, WORDS);
    for (unsigned c = 0; c < p->contexts; c++) {
        dev_state_u32s(s, p->ctx[c].enable, WORDS);
        dev_state_u32(s, &p->ctx[c].threshold);
    }
    if (s->loading && !s->bad)
        update(p);
}
