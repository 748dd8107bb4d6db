/*
 * mmu_phys.c — the physical address space: a short list of regions,
 * searched linearly (a board has a dozen). MMIO regions are looked up
 * before RAM so that a device can overlay RAM.
 */
#include "mmu_phys.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define PHYS_MAX_REGIONS 32
#define PHYS_PAGE 4096ull

struct phys_region {
    uint64_t base, size;
    uint8_t *host;                /* RAM/ROM, else NULL */
    bool rom;
    bool overlaid;                /* RAM with MMIO over part of it */
    const struct mmu_io_ops *ops; /* MMIO, else NULL */
    void *opaque;
};

struct mmu_phys {
    struct phys_region r[PHYS_MAX_REGIONS];
    unsigned n;
    pthread_mutex_t *io_lock; /* several harts: around device accesses */
};

struct mmu_phys *mmu_phys_new(void)
{
    return calloc(1, sizeof(struct mmu_phys));
}

void mmu_phys_set_io_lock(struct mmu_phys *p, pthread_mutex_t *lock)
{
    p->io_lock = lock;
}

void mmu_phys_free(struct mmu_phys *p)
{
    if (!p)
        return;
    for (unsigned i = 0; i < p->n; i++)
        if (p->r[i].host)
            munmap(p->r[i].host, p->r[i].size);
    free(p);
}

static bool overlaps(const struct phys_region *r, uint64_t a, uint64_t len)
{
    return a < r->base + r->size && r->base < a + len;
}

/* Marks the RAM regions some MMIO region overlaps: only their pages need
 * the MMIO check in mmu_phys_page (a page walk reads through it). */
static void mark_overlaid(struct mmu_phys *p)
{
    for (unsigned i = 0; i < p->n; i++) {
        struct phys_region *ram = &p->r[i];
        if (!ram->host)
            continue;
        ram->overlaid = false;
        for (unsigned j = 0; j < p->n; j++)
            if (p->r[j].ops && overlaps(&p->r[j], ram->base, ram->size))
                ram->overlaid = true;
    }
}

uint8_t *mmu_phys_add_ram(struct mmu_phys *p, uint64_t base, uint64_t size,
                          bool rom)
{
    if (p->n == PHYS_MAX_REGIONS)
        return NULL;
    /* mmap: untouched guest RAM costs no host memory. */
    void *m = mmap(NULL, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m == MAP_FAILED)
        return NULL;
    p->r[p->n++] = (struct phys_region){.base = base, .size = size,
                                        .host = m, .rom = rom};
    mark_overlaid(p);
    return m;
}

int mmu_phys_add_io(struct mmu_phys *p, uint64_t base, uint64_t size,
                    const struct mmu_io_ops *ops, void *opaque)
{
    if (p->n == PHYS_MAX_REGIONS)
        return -1;
    p->r[p->n++] = (struct phys_region){.base = base, .size = size,
                                        .ops = ops, .opaque = opaque};
    mark_overlaid(p);
    return 0;
}

static bool contains(const struct phys_region *r, uint64_t a, uint64_t len)
{
    return a >= r->base && a - r->base < r->size && len <= r->size - (a - r->base);
}

static const struct phys_region *find_io(const struct mmu_phys *p, uint64_t a,
                                         uint64_t len)
{
    for (unsigned i = 0; i < p->n; i++)
        if (p->r[i].ops && contains(&p->r[i], a, len))
            return &p->r[i];
    return NULL;
}

static const struct phys_region *find_ram(const struct mmu_phys *p,
                                          uint64_t a, uint64_t len)
{
    for (unsigned i = 0; i < p->n; i++)
        if (p->r[i].host && contains(&p->r[i], a, len))
            return &p->r[i];
    return NULL;
}

uint8_t *mmu_phys_page(const struct mmu_phys *p, uint64_t paddr,
                       bool *writable)
{
    uint64_t page = paddr & ~(PHYS_PAGE - 1);
    const struct phys_region *r = find_ram(p, page, PHYS_PAGE);
    if (!r)
        return NULL;
    if (r->overlaid)
        for (unsigned i = 0; i < p->n; i++)
            if (p->r[i].ops && overlaps(&p->r[i], page, PHYS_PAGE))
                return NULL;
    *writable = !r->rom;
    return r->host + (page - r->base);
}

static uint64_t load_le(const uint8_t *h, unsigned size)
{
    uint64_t v = 0;
    memcpy(&v, h, size); /* little-endian host */
    return v;
}

int mmu_phys_read(const struct mmu_phys *p, uint64_t paddr, unsigned size,
                  uint64_t *value)
{
    const struct phys_region *r = find_io(p, paddr, size);
    if (r) {
        if (p->io_lock)
            pthread_mutex_lock(p->io_lock);
        *value = r->ops->read(r->opaque, paddr - r->base, size);
        if (p->io_lock)
            pthread_mutex_unlock(p->io_lock);
        return 0;
    }
    r = find_ram(p, paddr, size);
    if (!r)
        return -1;
    *value = load_le(r->host + (paddr - r->base), size);
    return 0;
}

int mmu_phys_write(const struct mmu_phys *p, uint64_t paddr, unsigned size,
                   uint64_t value)
{
    const struct phys_region *r = find_io(p, paddr, size);
    if (r) {
        if (p->io_lock)
            pthread_mutex_lock(p->io_lock);
        r->ops->write(r->opaque, paddr - r->base, size, value);
        if (p->io_lock)
            pthread_mutex_unlock(p->io_lock);
        return 0;
    }
    r = find_ram(p, paddr, size);
    if (!r || r->rom)
        return -1;
    memcpy(r->host + (paddr - r->base), &value, size);
    return 0;
}

int mmu_phys_load(struct mmu_phys *p, uint64_t paddr, const void *src,
                  uint64_t len)
{
    const struct phys_region *r = find_ram(p, paddr, len);
    if (!r)
        return -1;
    memcpy(r->host + (paddr - r->base), src, len);
    return 0;
}
