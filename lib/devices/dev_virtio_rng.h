/*
 * dev_virtio_rng.h — the entropy device (virtio 1.x section 5.4): one
 * queue whose device-writable buffers it fills from the host's
 * getrandom(2). No config space, no features of its own.
 */
#ifndef VM_DEV_VIRTIO_RNG_H
#define VM_DEV_VIRTIO_RNG_H

#include "dev_virtio.h"

struct dev_virtio *dev_virtio_rng_new(struct mmu_phys *phys,
                                      struct dev_irq irq);

#endif
