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

struct dev_plic {
    struct dev_irq lines[DEV_PLIC_CONTEXTS];
    uint32_t priority[DEV_PLIC_SOURCES];
    uint32_t pending[WORDS], claimed[WORDS], level[WORDS];
    uint32_t enable[DEV_PLIC_CONTEXTS][WORDS];
    uint32_t threshold[DEV_PLIC_CONTEXTS];
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
    unsigned src = 0, prio = p->threshold[ctx];
    for (unsigned i = 1; i < DEV_PLIC_SOURCES; i++)
        if (bit(p->pending, i) && !bit(p->claimed, i) &&
            bit(p->enable[ctx], i) && p->priority[i] > prio) {
            prio = p->priority[i];
            src = i;
        }
    return src;
}

static void update(struct dev_plic *p)
{
    for (unsigned c = 0; c < DEV_PLIC_CONTEXTS; c++)
        dev_irq_set(&p->lines[c], best(p, c) != 0);
}

struct dev_plic *dev_plic_new(const struct dev_irq ctx_lines[DEV_PLIC_CONTEXTS])
{
    struct dev_plic *p = calloc(1, sizeof(*p));
    if (!p)
        return NULL;
    for (unsigned c = 0; c < DEV_PLIC_CONTEXTS; c++)
        p->lines[c] = ctx_lines[c];
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
    if (off >= ENABLE_BASE && off < ENABLE_BASE + DEV_PLIC_CONTEXTS * ENABLE_STRIDE) {
        unsigned c = (unsigned)((off - ENABLE_BASE) / ENABLE_STRIDE);
        unsigned w = (unsigned)((off - ENABLE_BASE) % ENABLE_STRIDE) / 4;
        return w < WORDS ? p->enable[c][w] : 0;
    }
    if (off >= CONTEXT_BASE &&
        off < CONTEXT_BASE + DEV_PLIC_CONTEXTS * CONTEXT_STRIDE) {
        unsigned c = (unsigned)((off - CONTEXT_BASE) / CONTEXT_STRIDE);
        unsigned reg = (unsigned)((off - CONTEXT_BASE) % CONTEXT_STRIDE);
        if (reg == 0)
            return p->threshold[c];
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
               off < ENABLE_BASE + DEV_PLIC_CONTEXTS * ENABLE_STRIDE) {
        unsigned c = (unsigned)((off - ENABLE_BASE) / ENABLE_STRIDE);
        unsigned w = (unsigned)((off - ENABLE_BASE) % ENABLE_STRIDE) / 4;
        if (w < WORDS)
            p->enable[c][w] = w == 0 ? v & ~1u : v; /* source 0 reserved */
    } else if (off >= CONTEXT_BASE &&
               off < CONTEXT_BASE + DEV_PLIC_CONTEXTS * CONTEXT_STRIDE) {
        unsigned c = (unsigned)((off - CONTEXT_BASE) / CONTEXT_STRIDE);
        unsigned reg = (unsigned)((off - CONTEXT_BASE) % CONTEXT_STRIDE);
        if (reg == 0)
            p->threshold[c] = v & PRIORITY_MASK;
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
    dev_state_expect(s, DEV_PLIC_CONTEXTS, "PLIC with another context count");
    dev_state_u32s(s, p->priority, DEV_PLIC_SOURCES);
    dev_state_u32s(s, p->pending, WORDS);
    dev_state_u32s(s, p->claimed, WORDS);
    dev_state_u32s(s, p->level, WORDS);
    for (unsigned c = 0; c < DEV_PLIC_CONTEXTS; c++) {
        dev_state_u32s(s, p->enable[c], WORDS);
        dev_state_u32(s, &p->threshold[c]);
    }
    if (s->loading && !s->bad)
        update(p);
}
