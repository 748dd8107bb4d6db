/*
 * dev_clint.c — CLINT registers (see dev_clint.h).
 */
#include "dev_clint.h"

#include <stdlib.h>

#define MSIP 0x0
#define MTIMECMP 0x4000
#define MTIME 0xbff8
#define NS_PER_TICK (1000000000ull / DEV_CLINT_FREQ)

struct dev_clint {
    struct dev_irq msip_line, mtip_line;
    uint64_t start_ns;
    uint64_t mtimecmp;
    uint32_t msip;
    uint64_t paused_ns;  /* dev_clint_pause: when the clock stopped, or 0 */
};

struct dev_clint *dev_clint_new(struct dev_irq msip, struct dev_irq mtip)
{
    struct dev_clint *c = calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    c->msip_line = msip;
    c->mtip_line = mtip;
    c->start_ns = dev_clock_ns();
    c->mtimecmp = ~0ull; /* no timer interrupt until programmed */
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

uint64_t dev_clint_poll(struct dev_clint *c)
{
    uint64_t ns = dev_clint_ns_until(c, c->mtimecmp);
    dev_irq_set(&c->mtip_line, ns == 0);
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

static uint64_t clint_read(void *opaque, uint64_t offset, unsigned size)
{
    struct dev_clint *c = opaque;
    if (offset < 4)
        return part(c->msip, offset, size);
    if (offset >= MTIMECMP && offset < MTIMECMP + 8)
        return part(c->mtimecmp, offset, size);
    if (offset >= MTIME && offset < MTIME + 8)
        return part(dev_clint_mtime(c), offset, size);
    return 0;
}

static void clint_write(void *opaque, uint64_t offset, unsigned size,
                        uint64_t value)
{
    struct dev_clint *c = opaque;
    if (offset < 4) {
        c->msip = (uint32_t)merge(c->msip, offset, size, value) & 1;
        dev_irq_set(&c->msip_line, c->msip);
    } else if (offset >= MTIMECMP && offset < MTIMECMP + 8) {
        c->mtimecmp = merge(c->mtimecmp, offset, size, value);
        dev_clint_poll(c);
    }
    /* mtime is read-only here: writes are ignored. */
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
    dev_state_expect(s, 1, "CLINT for another number of harts");
    dev_state_u64(s, &mtime);
    dev_state_u64(s, &c->mtimecmp);
    dev_state_u32(s, &c->msip);
    if (!s->loading || !dev_state_check(s, c->msip <= 1, "bad CLINT msip"))
        return;
    /* mtime goes on from the saved value (the pause, if any, too). */
    c->start_ns = now - mtime * NS_PER_TICK;
    dev_irq_set(&c->msip_line, c->msip);
    dev_clint_poll(c);
}
