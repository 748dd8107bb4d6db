/*
 * dev_virtq.h — the device side of a split virtqueue (virtio 1.x,
 * section 2.7): take the next available descriptor chain, hand back a
 * used element, and decide whether the driver wants an interrupt.
 *
 * The driver is not trusted: a ring index out of range, a loop in the
 * chain, a chain longer than its table, a nested or misaligned indirect
 * table, a device-readable buffer after a device-writable one, or ring
 * memory outside RAM makes dev_virtq_pop fail and marks the queue broken
 * (the transport then asks for a reset). Buffers are only addresses here;
 * dev_virtq_read/_write copy through dev_dma, so a buffer outside RAM
 * fails that one request.
 */
#ifndef VM_DEV_VIRTQ_H
#define VM_DEV_VIRTQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mmu_phys.h"

#define DEV_VIRTQ_NUM_MAX 256u   /* QueueNumMax of every queue */
#define DEV_VIRTQ_MAX_SEGS 1024u /* buffers of one chain, indirect ones too */

/* Feature bits of the ring layout (virtio 1.x section 6). */
#define DEV_VIRTQ_F_INDIRECT_DESC (1ull << 28)
#define DEV_VIRTQ_F_EVENT_IDX (1ull << 29)

struct dev_virtq {
    uint64_t desc, avail, used; /* guest physical addresses */
    uint16_t num;               /* queue size: a power of two */
    bool ready, broken;
    bool indirect, event_idx;   /* negotiated ring features */
    uint16_t last_avail;        /* next avail->ring entry to take */
    uint16_t used_idx;          /* our copy of used->idx */
    uint16_t signalled_used;    /* used_idx when we last decided */
};

struct dev_virtq_seg {
    uint64_t addr;
    uint32_t len;
};

/* One request: seg[0 .. readable) the device reads, then `writable`
 * segments it writes, in chain order. */
struct dev_virtq_chain {
    uint16_t head;
    unsigned readable, writable;
    uint64_t read_len, write_len;
    struct dev_virtq_seg seg[DEV_VIRTQ_MAX_SEGS];
};

enum dev_virtq_pop_result {
    DEV_VIRTQ_BAD = -1, /* malformed: the queue is now broken */
    DEV_VIRTQ_EMPTY = 0,
    DEV_VIRTQ_CHAIN = 1,
};

/* Forgets everything (device reset). */
void dev_virtq_reset(struct dev_virtq *q);

enum dev_virtq_pop_result dev_virtq_pop(const struct mmu_phys *p,
                                        struct dev_virtq *q,
                                        struct dev_virtq_chain *c);
/* Returns the chain `head` with `written` bytes; 0, or -1 (broken). */
int dev_virtq_push(const struct mmu_phys *p, struct dev_virtq *q,
                   uint16_t head, uint32_t written);
/* After a batch of pushes: does the driver want an interrupt for them
 * (VRING_AVAIL_F_NO_INTERRUPT, or used_event with EVENT_IDX)? */
bool dev_virtq_should_interrupt(const struct mmu_phys *p, struct dev_virtq *q);

/* Gathers len bytes at `offset` of the chain's readable part / scatters
 * them into its writable part; 0, or -1 (past the end, or not RAM). */
int dev_virtq_read(const struct mmu_phys *p, const struct dev_virtq_chain *c,
                   uint64_t offset, void *dst, size_t len);
int dev_virtq_write(const struct mmu_phys *p, const struct dev_virtq_chain *c,
                    uint64_t offset, const void *src, size_t len);

#endif
