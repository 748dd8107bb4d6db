/*
 * dev_clint.c — CLINT registers (see dev_clint.h).
 */
#include "dev_clint.h"

#include <stdlib.h>

#define MSIP 0x0
#define MTIMECMP 0x4000
#define MTIME 0xbff8
#define NS_PER_TICK (1000000000ull / DEV_CLINT_FREQ)

struct clint_hart {
    struct dev_irq msip_line, mtip_line;
    uint64_t mtimecmp; /* atomic: its hart polls it without the lock */
    uint32_t msip;
};

struct dev_clint {
    uint64_t start_ns;
    uint64_t paused_ns;  /* dev_clint_pause: when the clock stopped, or 0 */
    unsigned harts;
    struct clint_hart hart[];
};

struct dev_clint *dev_clint_new(unsigned harts, const struct dev_irq *msip,
                                const struct dev_irq *mtip)
{
    if (harts == 0 || harts > DEV_CLINT_HARTS_MAX)
        return NULL;
    struct dev_clint *c = calloc(1, sizeof(*c) + harts * sizeof(c->hart[0]));
    if (!c)
        return NULL;
    c->harts = harts;
    c->start_ns = dev_clock_ns();
    for (unsigned h = 0; h < harts; h++) {
        c->hart[h].msip_line = msip[h];
        c->hart[h].mtip_line = mtip[h];
        c->hart[h].mtimecmp = ~0ull; /* no timer interrupt until set */
    }
    return c;
}

void dev_clint_free(struct dev_clint *c)
{
    free(c);
}

uint64_t dev_clint_mtime(void *clint)
{
    struct dev_clint *c = clint;
    return (dev_clock_ns() - c->start_ns) / NS_PER_TICK;
}

uint64_t dev_clint_ns_until(struct dev_clint *c, uint64_t t)
{
    uint64_t now = dev_clint_mtime(c);
    if (now >= t)
        return 0;
    uint64_t ticks = t - now;
    return ticks > ~0ull / NS_PER_TICK ? ~0ull : ticks * NS_PER_TICK;
}

uint64_t dev_clint_poll(struct dev_clint *c, unsigned hart)
{
    struct clint_hart *h = &c->hart[hart];
    uint64_t ns = dev_clint_ns_until(
        c, __atomic_load_n(&h->mtimecmp, __ATOMIC_RELAXED));
    dev_irq_set(&h->mtip_line, ns == 0);
    return ns;
}

static uint64_t part(uint64_t v, uint64_t offset, unsigned size)
{
    v >>= (offset & 7) * 8;
    return size == 8 ? v : v & ((1ull << (size * 8)) - 1);
}

static uint64_t merge(uint64_t old, uint64_t offset, unsigned size,
                      uint64_t value)
{
    unsigned sh = (offset & 7) * 8;
    uint64_t mask = size == 8 ? ~0ull : ((1ull << (size * 8)) - 1);
    return (old & ~(mask << sh)) | ((value & mask) << sh);
}

/* The hart whose msip word (at offset/4) or mtimecmp (at (offset -
 * MTIMECMP)/8) offset falls in, or NULL past the board's harts. */
static struct clint_hart *msip_of(struct dev_clint *c, uint64_t offset)
{
    return offset / 4 < c->harts ? &c->hart[offset / 4] : NULL;
}

static struct clint_hart *mtimecmp_of(struct dev_clint *c, uint64_t offset)
{
    if (offset < MTIMECMP || offset >= MTIME)
        return NULL;
    uint64_t h = (offset - MTIMECMP) / 8;
    return h < c->harts ? &c->hart[h] : NULL;
}

static uint64_t clint_read(void *opaque, uint64_t offset, unsigned size)
{
    struct dev_clint *c = opaque;
    struct clint_hart *h;
    if (offset >= MTIME && offset < MTIME + 8)
        return part(dev_clint_mtime(c), offset, size);
    if (offset < MTIMECMP && (h = msip_of(c, offset)))
        return part(h->msip, offset & 3, size);
    if ((h = mtimecmp_of(c, offset)))
        return part(__atomic_load_n(&h->mtimecmp, __ATOMIC_RELAXED), offset,
                    size);
    return 0;
}

static void clint_write(void *opaque, uint64_t offset, unsigned size,
                        uint64_t value)
{
    struct dev_clint *c = opaque;
    struct clint_hart *h;
    if (offset >= MTIME && offset < MTIME + 8)
        return; /* mtime is read-only here: writes are ignored */
    if (offset < MTIMECMP && (h = msip_of(c, offset))) {
        h->msip = (uint32_t)merge(h->msip, offset & 3, size, value) & 1;
        dev_irq_set(&h->msip_line, h->msip);
    } else if ((h = mtimecmp_of(c, offset))) {
        uint64_t v = merge(__atomic_load_n(&h->mtimecmp, __ATOMIC_RELAXED),
                           offset, size, value);
        __atomic_store_n(&h->mtimecmp, v, __ATOMIC_RELAXED);
        dev_clint_poll(c, (unsigned)(h - c->hart));
    }
}

const struct mmu_io_ops dev_clint_ops = {clint_read, clint_write};

/* ---- snapshots and the monitor's stop (dev_clint.h) ---- */

void dev_clint_pause(struct dev_clint *c, bool pause)
{
    if (pause && !c->paused_ns) {
        c->paused_ns = dev_clock_ns();
    } else if (!pause && c->paused_ns) {
        c->start_ns += dev_clock_ns() - c->paused_ns; /* no jump forward */
        c->paused_ns = 0;
    }
}

void dev_clint_state(struct dev_clint *c, struct dev_state *s)
{
    uint64_t now = c->paused_ns ? c->paused_ns : dev_clock_ns();
    uint64_t mtime = (now - c->start_ns) / NS_PER_TICK;
    dev_state_expect(s, c->harts, "CLINT for another number of harts");
    dev_state_u64(s, &mtime);
    bool ok = true;
    for (unsigned h = 0; h < c->harts; h++) {
        dev_state_u64(s, &c->hart[h].mtimecmp);
        dev_state_u32(s, &c->hart[h].msip);
        ok = ok && c->hart[h].msip <= 1;
    }
    if (!s->loading || !dev_state_check(s, ok, "bad CLINT msip"))
        return;
    /* mtime goes on from the saved value (the pause, if any, too). */
    c->start_ns = now - mtime * NS_PER_TICK;
    for (unsigned h = 0; h < c->harts; h++) {
        dev_irq_set(&c->hart[h].msip_line, c->hart[h].msip);
        dev_clint_poll(c, h);
    }
}
