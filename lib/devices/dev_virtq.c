/*
 * dev_virtq.c — split virtqueues, device side (see dev_virtq.h). Ring
 * layout (little-endian): descriptor table of {u64 addr, u32 len, u16
 * flags, u16 next}; avail {u16 flags, u16 idx, u16 ring[num], u16
 * used_event}; used {u16 flags, u16 idx, {u32 id, u32 len} ring[num],
 * u16 avail_event}.
 */
#include "dev_virtq.h"

#include <string.h>

#include "dev_dma.h"

#define DESC_F_NEXT 1
#define DESC_F_WRITE 2
#define DESC_F_INDIRECT 4
#define AVAIL_F_NO_INTERRUPT 1
#define DESC_SIZE 16

struct desc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags, next;
};

void dev_virtq_reset(struct dev_virtq *q)
{
    memset(q, 0, sizeof(*q));
}

static int read16(const struct mmu_phys *p, uint64_t a, uint16_t *v)
{
    return dev_dma_read(p, a, v, 2);
}

static int write16(const struct mmu_phys *p, uint64_t a, uint16_t v)
{
    return dev_dma_write(p, a, &v, 2);
}

static int read_desc(const struct mmu_phys *p, uint64_t table, unsigned i,
                     struct desc *d)
{
    uint8_t raw[DESC_SIZE];
    if (dev_dma_read(p, table + (uint64_t)i * DESC_SIZE, raw, DESC_SIZE))
        return -1;
    memcpy(&d->addr, raw, 8);
    memcpy(&d->len, raw + 8, 4);
    memcpy(&d->flags, raw + 12, 2);
    memcpy(&d->next, raw + 14, 2);
    return 0;
}

static int add_seg(struct dev_virtq_chain *c, const struct desc *d)
{
    if (c->readable + c->writable == DEV_VIRTQ_MAX_SEGS)
        return -1;
    c->seg[c->readable + c->writable] = (struct dev_virtq_seg){d->addr, d->len};
    if (d->flags & DESC_F_WRITE) {
        c->writable++;
        c->write_len += d->len;
    } else {
        if (c->writable) /* the spec's order: readable ones first */
            return -1;
        c->readable++;
        c->read_len += d->len;
    }
    return 0;
}

/* Follows the chain from `head`; at most one indirect table. Visiting
 * more descriptors than a table holds means the chain loops. */
static int walk(const struct mmu_phys *p, const struct dev_virtq *q,
                struct dev_virtq_chain *c)
{
    uint64_t table = q->desc;
    uint32_t size = q->num, visited = 0;
    bool indirect = false;
    uint16_t i = c->head;
    for (;;) {
        struct desc d;
        if (i >= size || ++visited > size || read_desc(p, table, i, &d))
            return -1;
        if (d.flags & DESC_F_INDIRECT) {
            if (!q->indirect || indirect || (d.flags & DESC_F_NEXT) ||
                d.len == 0 || d.len % DESC_SIZE ||
                d.len / DESC_SIZE > DEV_VIRTQ_MAX_SEGS)
                return -1;
            table = d.addr;
            size = d.len / DESC_SIZE;
            visited = 0;
            indirect = true;
            i = 0;
            continue;
        }
        if (add_seg(c, &d))
            return -1;
        if (!(d.flags & DESC_F_NEXT))
            return 0;
        i = d.next;
    }
}

static enum dev_virtq_pop_result broken(struct dev_virtq *q)
{
    q->broken = true;
    return DEV_VIRTQ_BAD;
}

enum dev_virtq_pop_result dev_virtq_pop(const struct mmu_phys *p,
                                        struct dev_virtq *q,
                                        struct dev_virtq_chain *c)
{
    if (!q->ready)
        return DEV_VIRTQ_EMPTY;
    if (q->broken || q->num == 0 || (q->num & (q->num - 1)))
        return broken(q);
    uint16_t avail_idx;
    if (read16(p, q->avail + 2, &avail_idx))
        return broken(q);
    if (avail_idx == q->last_avail)
        return DEV_VIRTQ_EMPTY;
    if ((uint16_t)(avail_idx - q->last_avail) > q->num)
        return broken(q); /* more entries than the ring has */
    uint16_t head;
    uint64_t slot = q->avail + 4 + 2ull * (q->last_avail % q->num);
    if (read16(p, slot, &head))
        return broken(q);
    c->head = head;
    c->readable = c->writable = 0;
    c->read_len = c->write_len = 0;
    if (walk(p, q, c))
        return broken(q);
    q->last_avail++;
    /* With EVENT_IDX the driver notifies only when it passes avail_event:
     * ask for the next one. */
    if (q->event_idx &&
        write16(p, q->used + 4 + 8ull * q->num, q->last_avail))
        return broken(q);
    return DEV_VIRTQ_CHAIN;
}

int dev_virtq_push(const struct mmu_phys *p, struct dev_virtq *q,
                   uint16_t head, uint32_t written)
{
    uint8_t elem[8];
    uint32_t id = head;
    memcpy(elem, &id, 4);
    memcpy(elem + 4, &written, 4);
    uint64_t slot = q->used + 4 + 8ull * (q->used_idx % q->num);
    if (dev_dma_write(p, slot, elem, sizeof(elem)) ||
        write16(p, q->used + 2, (uint16_t)(q->used_idx + 1))) {
        q->broken = true;
        return -1;
    }
    q->used_idx++;
    return 0;
}

bool dev_virtq_should_interrupt(const struct mmu_phys *p, struct dev_virtq *q)
{
    uint16_t old = q->signalled_used, now = q->used_idx;
    q->signalled_used = now;
    if (old == now)
        return false;
    if (q->event_idx) {
        /* virtio 1.x 2.7.10: interrupt when used_idx passes used_event. */
        uint16_t used_event;
        if (read16(p, q->avail + 4 + 2ull * q->num, &used_event))
            return true;
        return (uint16_t)(now - used_event - 1) < (uint16_t)(now - old);
    }
    uint16_t flags;
    return read16(p, q->avail, &flags) || !(flags & AVAIL_F_NO_INTERRUPT);
}

/* Copies between `host` and the segments [first, first + count) from
 * byte `offset` of that part on. */
static int transfer(const struct mmu_phys *p, const struct dev_virtq_chain *c,
                    unsigned first, unsigned count, uint64_t offset,
                    uint8_t *host, size_t len, bool to_guest)
{
    for (unsigned s = first; s < first + count && len; s++) {
        const struct dev_virtq_seg *g = &c->seg[s];
        if (offset >= g->len) {
            offset -= g->len;
            continue;
        }
        size_t n = g->len - offset < len ? g->len - offset : len;
        int r = to_guest ? dev_dma_write(p, g->addr + offset, host, n)
                         : dev_dma_read(p, g->addr + offset, host, n);
        if (r)
            return -1;
        host += n;
        len -= n;
        offset = 0;
    }
    return len ? -1 : 0;
}

int dev_virtq_read(const struct mmu_phys *p, const struct dev_virtq_chain *c,
                   uint64_t offset, void *dst, size_t len)
{
    return transfer(p, c, 0, c->readable, offset, dst, len, false);
}

int dev_virtq_write(const struct mmu_phys *p, const struct dev_virtq_chain *c,
                    uint64_t offset, const void *src, size_t len)
{
    return transfer(p, c, c->readable, c->writable, offset, (uint8_t *)src,
                    len, true);
}
