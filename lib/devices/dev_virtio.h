/*
 * dev_virtio.h — the virtio-mmio transport, version 2 ("modern", virtio
 * 1.x section 4.2): the register block a driver finds at a virt-board
 * slot (magic, version, device id, feature words, status, queue setup,
 * notify, interrupt status/ack, config generation, the device's config
 * space at 0x100). It negotiates VIRTIO_F_VERSION_1 plus the ring's
 * indirect descriptors and event index, runs split virtqueues
 * (dev_virtq.h), and raises one level-triggered interrupt line (a PLIC
 * source) while InterruptStatus is not zero.
 *
 * A device type (block, entropy, console) fills struct dev_virtio_type;
 * the transport takes each available chain of a notified queue, hands it
 * to `request`, and returns it as used with the byte count written.
 * Requests are served synchronously, on the hart's thread, during the
 * QueueNotify write; a held queue's buffers are served when the device
 * has input for them (dev_virtio_input), also on the hart's thread.
 */
#ifndef VM_DEV_VIRTIO_H
#define VM_DEV_VIRTIO_H

#include "dev.h"
#include "dev_state.h"
#include "dev_virtq.h"

#define DEV_VIRTIO_SIZE 0x1000
#define DEV_VIRTIO_MAX_QUEUES 4
#define DEV_VIRTIO_CONFIG_MAX 64

/* Virtio device ids (virtio 1.x section 5). */
#define DEV_VIRTIO_ID_NET 1
#define DEV_VIRTIO_ID_BLOCK 2
#define DEV_VIRTIO_ID_CONSOLE 3
#define DEV_VIRTIO_ID_RNG 4

struct dev_virtio_type {
    uint32_t device_id;
    unsigned queues;
    /* Bit q: queue q's buffers wait for the device (console input)
     * rather than being served when the driver notifies. */
    uint32_t held_queues;
    /* Bytes written into the chain's writable part (the used length). */
    uint32_t (*request)(void *opaque, unsigned queue,
                        const struct dev_virtq_chain *c);
    void (*free)(void *opaque);
};

struct dev_virtio;

/* features: the device type's own bits (the transport adds VERSION_1 and
 * the ring features); config: its config space, copied. NULL when out
 * of memory. The transport owns `opaque` and frees it with type->free. */
struct dev_virtio *dev_virtio_new(struct mmu_phys *phys, struct dev_irq irq,
                                  const struct dev_virtio_type *type,
                                  void *opaque, uint64_t features,
                                  const void *config, unsigned config_size);
void dev_virtio_free(struct dev_virtio *v);
extern const struct mmu_io_ops dev_virtio_ops;

/* Input for held queue `index` (a received frame): serves its next
 * available chain with type->request now and interrupts as the driver
 * asks. False when the driver has no buffer there, has not finished
 * setting the device up (DRIVER_OK), or broke the ring: the input is
 * then the device's to drop. */
bool dev_virtio_input(struct dev_virtio *v, unsigned index);

/* The device type's state given to dev_virtio_new. */
void *dev_virtio_opaque(const struct dev_virtio *v);

/* The guest memory the device's requests point into. */
const struct mmu_phys *dev_virtio_phys(const struct dev_virtio *v);

/* Saves or restores the transport: negotiated features, status,
 * interrupt status and each queue's addresses and indices (dev_state.h).
 * Requests are served synchronously, so none is ever in flight; a
 * restore refuses a device whose type, features or config space (disk
 * capacity, MAC) differ from the saved one's. */
void dev_virtio_state(struct dev_virtio *v, struct dev_state *s);

#endif
