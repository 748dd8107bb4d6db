/*
 * dev_virtio_net.h — a virtio-net NIC (virtio 1.x section 5.1): queue 0
 * receives, queue 1 transmits, no control queue; features MAC and
 * STATUS (the link is always up) and nothing else, so every frame
 * carries the 12-byte struct virtio_net_hdr of VERSION_1 with no
 * checksum or segmentation offload. Frames go to and come from a
 * backend (dev_net_backend: libslirp's user network in vm-run, a fake
 * one in the unit tests).
 */
#ifndef VM_DEV_VIRTIO_NET_H
#define VM_DEV_VIRTIO_NET_H

#include <stddef.h>

#include "dev_virtio.h"

#define DEV_NET_MAC_LEN 6
#define DEV_NET_FRAME_MAX 1514 /* an Ethernet frame of a 1500-byte MTU */

/* Where the NIC's transmitted frames go (an Ethernet frame without the
 * virtio header, on the hart's thread during the guest's notify). */
struct dev_net_backend {
    void (*send)(void *opaque, const uint8_t *frame, size_t len);
    void *opaque;
};

/* QEMU's default MAC (52:54:00:12:34:56). */
extern const uint8_t dev_net_default_mac[DEV_NET_MAC_LEN];

/* NULL: out of memory. */
struct dev_virtio *dev_virtio_net_new(struct mmu_phys *phys,
                                      struct dev_irq irq,
                                      const uint8_t mac[DEV_NET_MAC_LEN],
                                      struct dev_net_backend backend);

/* A frame for the guest: written into the next receive buffer, with an
 * interrupt. False (dropped, as a NIC with a full ring does) when the
 * driver has no buffer ready, the buffer is too small, or the frame is
 * longer than DEV_NET_FRAME_MAX. `nic` is what dev_virtio_net_new
 * returned. */
bool dev_virtio_net_receive(struct dev_virtio *nic, const uint8_t *frame,
                            size_t len);

#endif
