/*
 * dev_virtio_blk.h — virtio-blk (virtio 1.x section 5.2) on a raw image:
 * read, write, flush (fdatasync of the image), get-id, discard (a hole
 * punched in the image) and a read-only mode (VIRTIO_BLK_F_RO: writes
 * and discards fail with IOERR). The capacity is the image's size in
 * 512-byte sectors.
 */
#ifndef VM_DEV_VIRTIO_BLK_H
#define VM_DEV_VIRTIO_BLK_H

#include "dev_virtio.h"

/* Takes fd (an open image, closed by dev_virtio_free); serial: the
 * get-id string (at most 20 bytes used), or NULL. NULL: out of memory. */
struct dev_virtio *dev_virtio_blk_new(struct mmu_phys *phys,
                                      struct dev_irq irq, int fd,
                                      uint64_t size, bool readonly,
                                      const char *serial);

#endif
