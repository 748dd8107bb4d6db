/*
 * dev_virtio_rng.c — entropy from the host (see dev_virtio_rng.h). A
 * request gets as many random bytes as its writable part holds, up to
 * one host read; a short answer is allowed, the driver asks again.
 */
#include "dev_virtio_rng.h"

#include <stdlib.h>
#include <sys/random.h>

#define RNG_CHUNK 4096

struct rng {
    const struct mmu_phys *phys;
};

static uint32_t rng_request(void *opaque, unsigned queue,
                            const struct dev_virtq_chain *c)
{
    struct rng *r = opaque;
    uint8_t buf[RNG_CHUNK];
    (void)queue;
    size_t want = c->write_len < RNG_CHUNK ? (size_t)c->write_len : RNG_CHUNK;
    ssize_t got = want ? getrandom(buf, want, 0) : 0;
    if (got <= 0 || dev_virtq_write(r->phys, c, 0, buf, (size_t)got))
        return 0;
    return (uint32_t)got;
}

static const struct dev_virtio_type rng_type = {
    .device_id = DEV_VIRTIO_ID_RNG, .queues = 1,
    .request = rng_request, .free = free};

struct dev_virtio *dev_virtio_rng_new(struct mmu_phys *phys,
                                      struct dev_irq irq)
{
    struct rng *r = malloc(sizeof(*r));
    if (!r)
        return NULL;
    r->phys = phys;
    struct dev_virtio *v = dev_virtio_new(phys, irq, &rng_type, r, 0, NULL, 0);
    if (!v)
        free(r);
    return v;
}
