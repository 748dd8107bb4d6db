/*
 * dev_virtio_console.h — the console device (virtio 1.x section 5.3)
 * with one port and no multiport: Linux makes it hvc0. What the guest
 * transmits goes to out_fd; input is not wired yet, so the receive
 * queue's buffers simply wait.
 */
#ifndef VM_DEV_VIRTIO_CONSOLE_H
#define VM_DEV_VIRTIO_CONSOLE_H

#include "dev_virtio.h"

struct dev_virtio *dev_virtio_console_new(struct mmu_phys *phys,
                                          struct dev_irq irq, int out_fd);

#endif
