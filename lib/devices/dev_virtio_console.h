/*
 * dev_virtio_console.h — the console device (virtio 1.x section 5.3)
 * with one port and no multiport: Linux makes it hvc0. What the guest
 * transmits goes to out_fd; the receive queue's buffers wait for host
 * input (dev_virtio_console_input), which fills them as it comes.
 */
#ifndef VM_DEV_VIRTIO_CONSOLE_H
#define VM_DEV_VIRTIO_CONSOLE_H

#include "dev_virtio.h"

struct dev_virtio *dev_virtio_console_new(struct mmu_phys *phys,
                                          struct dev_irq irq, int out_fd);

/* Host input for hvc0: puts as many of the n bytes as the driver's next
 * receive buffer holds there and interrupts as the driver asks. Returns
 * how many it took: 0 while the driver has no buffer posted (or has not
 * set the device up yet); the caller keeps the rest for later. */
size_t dev_virtio_console_input(struct dev_virtio *v, const uint8_t *bytes,
                                size_t n);

#endif
