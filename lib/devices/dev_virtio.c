/*
 * dev_virtio.c — the virtio-mmio version 2 register block (see
 * dev_virtio.h). Registers are 32-bit; the config space from 0x100 takes
 * any access size. Offsets and bits are the spec's (virtio 1.x 4.2.2).
 */
#include "dev_virtio.h"

#include <stdlib.h>
#include <string.h>

#define MAGIC 0x74726976u  /* "virt" */
#define VENDOR 0x554d4551u /* "QEMU", as QEMU's devices say */
#define F_VERSION_1 (1ull << 32)
#define STATUS_DRIVER_OK 4
#define STATUS_FEATURES_OK 8
#define STATUS_NEEDS_RESET 0x40
#define INT_USED 1
#define INT_CONFIG 2

enum reg {
    REG_MAGIC = 0x000, REG_VERSION = 0x004, REG_DEVICE_ID = 0x008,
    REG_VENDOR_ID = 0x00c, REG_DEVICE_FEATURES = 0x010,
    REG_DEVICE_FEATURES_SEL = 0x014, REG_DRIVER_FEATURES = 0x020,
    REG_DRIVER_FEATURES_SEL = 0x024, REG_QUEUE_SEL = 0x030,
    REG_QUEUE_NUM_MAX = 0x034, REG_QUEUE_NUM = 0x038, REG_QUEUE_READY = 0x044,
    REG_QUEUE_NOTIFY = 0x050, REG_INTERRUPT_STATUS = 0x060,
    REG_INTERRUPT_ACK = 0x064, REG_STATUS = 0x070,
    REG_QUEUE_DESC_LOW = 0x080, REG_QUEUE_DESC_HIGH = 0x084,
    REG_QUEUE_DRIVER_LOW = 0x090, REG_QUEUE_DRIVER_HIGH = 0x094,
    REG_QUEUE_DEVICE_LOW = 0x0a0, REG_QUEUE_DEVICE_HIGH = 0x0a4,
    REG_SHM_LEN_LOW = 0x0b0, REG_SHM_LEN_HIGH = 0x0b4,
    REG_CONFIG_GENERATION = 0x0fc, REG_CONFIG = 0x100,
};

struct dev_virtio {
    const struct mmu_phys *phys;
    struct dev_irq irq;
    const struct dev_virtio_type *type;
    void *opaque;
    uint64_t device_features, driver_features;
    uint32_t device_features_sel, driver_features_sel, queue_sel;
    uint32_t status, interrupt_status;
    struct dev_virtq queue[DEV_VIRTIO_MAX_QUEUES];
    uint8_t config[DEV_VIRTIO_CONFIG_MAX];
    unsigned config_size;
    struct dev_virtq_chain chain; /* the request being served */
    /* A held queue's, apart: input may arrive while a request is being
     * served (a NIC's backend answers a transmitted frame at once). */
    struct dev_virtq_chain input_chain;
};

struct dev_virtio *dev_virtio_new(struct mmu_phys *phys, struct dev_irq irq,
                                  const struct dev_virtio_type *type,
                                  void *opaque, uint64_t features,
                                  const void *config, unsigned config_size)
{
    struct dev_virtio *v = calloc(1, sizeof(*v));
    if (!v || type->queues > DEV_VIRTIO_MAX_QUEUES ||
        config_size > DEV_VIRTIO_CONFIG_MAX) {
        free(v);
        return NULL;
    }
    v->phys = phys;
    v->irq = irq;
    v->type = type;
    v->opaque = opaque;
    v->device_features = features | F_VERSION_1 | DEV_VIRTQ_F_INDIRECT_DESC |
                         DEV_VIRTQ_F_EVENT_IDX;
    if (config_size) /* memcpy's source may not be NULL, even for 0 */
        memcpy(v->config, config, config_size);
    v->config_size = config_size;
    return v;
}

void dev_virtio_free(struct dev_virtio *v)
{
    if (!v)
        return;
    if (v->type->free)
        v->type->free(v->opaque);
    free(v);
}

void *dev_virtio_opaque(const struct dev_virtio *v)
{
    return v->opaque;
}

const struct mmu_phys *dev_virtio_phys(const struct dev_virtio *v)
{
    return v->phys;
}

static void update_irq(struct dev_virtio *v)
{
    dev_irq_set(&v->irq, v->interrupt_status != 0);
}

static void reset(struct dev_virtio *v)
{
    v->driver_features = 0;
    v->device_features_sel = v->driver_features_sel = v->queue_sel = 0;
    v->status = v->interrupt_status = 0;
    for (unsigned i = 0; i < DEV_VIRTIO_MAX_QUEUES; i++)
        dev_virtq_reset(&v->queue[i]);
    update_irq(v);
}

/* A malformed ring: stop serving and tell the driver (spec 2.1.2). */
static void needs_reset(struct dev_virtio *v)
{
    v->status |= STATUS_NEEDS_RESET;
    v->interrupt_status |= INT_CONFIG;
}

/* After serving a queue: a broken ring asks for a reset, used buffers
 * interrupt when the driver wants it. */
static void finish(struct dev_virtio *v, struct dev_virtq *q)
{
    if (q->broken)
        needs_reset(v);
    else if (dev_virtq_should_interrupt(v->phys, q))
        v->interrupt_status |= INT_USED;
    update_irq(v);
}

static void notify(struct dev_virtio *v, uint32_t index)
{
    if (index >= v->type->queues || !(v->status & STATUS_FEATURES_OK) ||
        (v->type->held_queues & (1u << index)))
        return;
    struct dev_virtq *q = &v->queue[index];
    enum dev_virtq_pop_result r;
    while ((r = dev_virtq_pop(v->phys, q, &v->chain)) == DEV_VIRTQ_CHAIN) {
        uint32_t written = v->type->request(v->opaque, index, &v->chain);
        if (dev_virtq_push(v->phys, q, v->chain.head, written))
            break;
    }
    finish(v, q);
}

bool dev_virtio_input(struct dev_virtio *v, unsigned index)
{
    if (index >= v->type->queues || !(v->type->held_queues & (1u << index)) ||
        !(v->status & STATUS_DRIVER_OK) || (v->status & STATUS_NEEDS_RESET))
        return false;
    struct dev_virtq *q = &v->queue[index];
    bool served = false;
    struct dev_virtq_chain *c = &v->input_chain;
    if (dev_virtq_pop(v->phys, q, c) == DEV_VIRTQ_CHAIN) {
        uint32_t written = v->type->request(v->opaque, index, c);
        served = dev_virtq_push(v->phys, q, c->head, written) == 0;
    }
    finish(v, q);
    return served;
}

/* FEATURES_OK sticks only for a subset of ours that includes VERSION_1:
 * the driver reads Status back to learn whether we accepted. */
static void write_status(struct dev_virtio *v, uint32_t value)
{
    if (value == 0) {
        reset(v);
        return;
    }
    if ((value & STATUS_FEATURES_OK) && !(v->status & STATUS_FEATURES_OK)) {
        uint64_t f = v->driver_features;
        if ((f & ~v->device_features) || !(f & F_VERSION_1))
            value &= ~(uint32_t)STATUS_FEATURES_OK;
        for (unsigned i = 0; i < DEV_VIRTIO_MAX_QUEUES; i++) {
            v->queue[i].indirect = f & DEV_VIRTQ_F_INDIRECT_DESC;
            v->queue[i].event_idx = f & DEV_VIRTQ_F_EVENT_IDX;
        }
    }
    v->status = value | (v->status & STATUS_NEEDS_RESET);
}

static void set_half(uint64_t *reg, bool high, uint32_t value)
{
    if (high)
        *reg = (*reg & 0xffffffffull) | (uint64_t)value << 32;
    else
        *reg = (*reg & ~0xffffffffull) | value;
}

static struct dev_virtq *selected(struct dev_virtio *v)
{
    return v->queue_sel < v->type->queues ? &v->queue[v->queue_sel] : NULL;
}

static uint64_t config_read(const struct dev_virtio *v, uint64_t offset,
                            unsigned size)
{
    uint64_t value = 0;
    if (offset + size <= v->config_size)
        memcpy(&value, v->config + offset, size);
    return value;
}

static uint64_t virtio_read(void *opaque, uint64_t offset, unsigned size)
{
    struct dev_virtio *v = opaque;
    if (offset >= REG_CONFIG)
        return config_read(v, offset - REG_CONFIG, size);
    if (size != 4)
        return 0;
    struct dev_virtq *q = selected(v);
    switch (offset) {
    case REG_MAGIC: return MAGIC;
    case REG_VERSION: return 2;
    case REG_DEVICE_ID: return v->type->device_id;
    case REG_VENDOR_ID: return VENDOR;
    case REG_DEVICE_FEATURES:
        return v->device_features_sel < 2
                   ? (uint32_t)(v->device_features >> (32 * v->device_features_sel))
                   : 0;
    case REG_QUEUE_NUM_MAX: return q ? DEV_VIRTQ_NUM_MAX : 0;
    case REG_QUEUE_READY: return q && q->ready;
    case REG_INTERRUPT_STATUS: return v->interrupt_status;
    case REG_STATUS: return v->status;
    case REG_SHM_LEN_LOW:
    case REG_SHM_LEN_HIGH: return 0xffffffffu; /* no shared memory */
    case REG_CONFIG_GENERATION: return 0; /* the config never changes */
    default: return 0;
    }
}

static void queue_write(struct dev_virtq *q, uint64_t offset, uint32_t value)
{
    if (!q)
        return;
    switch (offset) {
    case REG_QUEUE_NUM:
        q->num = value <= DEV_VIRTQ_NUM_MAX ? (uint16_t)value : 0;
        break;
    case REG_QUEUE_READY: q->ready = value & 1; break;
    case REG_QUEUE_DESC_LOW:
    case REG_QUEUE_DESC_HIGH:
        set_half(&q->desc, offset == REG_QUEUE_DESC_HIGH, value);
        break;
    case REG_QUEUE_DRIVER_LOW:
    case REG_QUEUE_DRIVER_HIGH:
        set_half(&q->avail, offset == REG_QUEUE_DRIVER_HIGH, value);
        break;
    case REG_QUEUE_DEVICE_LOW:
    case REG_QUEUE_DEVICE_HIGH:
        set_half(&q->used, offset == REG_QUEUE_DEVICE_HIGH, value);
        break;
    }
}

static void virtio_write(void *opaque, uint64_t offset, unsigned size,
                         uint64_t value64)
{
    struct dev_virtio *v = opaque;
    uint32_t value = (uint32_t)value64;
    if (offset >= REG_CONFIG || size != 4)
        return; /* no device here has writable config */
    switch (offset) {
    case REG_DEVICE_FEATURES_SEL: v->device_features_sel = value; break;
    case REG_DRIVER_FEATURES_SEL: v->driver_features_sel = value; break;
    case REG_DRIVER_FEATURES:
        if (v->driver_features_sel < 2 && !(v->status & STATUS_FEATURES_OK))
            set_half(&v->driver_features, v->driver_features_sel == 1, value);
        break;
    case REG_QUEUE_SEL: v->queue_sel = value; break;
    case REG_QUEUE_NOTIFY: notify(v, value & 0xffff); break;
    case REG_INTERRUPT_ACK:
        v->interrupt_status &= ~value;
        update_irq(v);
        break;
    case REG_STATUS: write_status(v, value); break;
    default: queue_write(selected(v), offset, value); break;
    }
}

const struct mmu_io_ops dev_virtio_ops = {virtio_read, virtio_write};

/* ---- snapshots (dev_virtio.h) ---- */

static void queue_state(struct dev_virtq *q, struct dev_state *s)
{
    dev_state_u64(s, &q->desc);
    dev_state_u64(s, &q->avail);
    dev_state_u64(s, &q->used);
    dev_state_u16(s, &q->num);
    dev_state_bool(s, &q->ready);
    dev_state_bool(s, &q->broken);
    dev_state_bool(s, &q->indirect);
    dev_state_bool(s, &q->event_idx);
    dev_state_u16(s, &q->last_avail);
    dev_state_u16(s, &q->used_idx);
    dev_state_u16(s, &q->signalled_used);
    dev_state_check(s, q->num <= DEV_VIRTQ_NUM_MAX, "bad virtqueue size");
}

void dev_virtio_state(struct dev_virtio *v, struct dev_state *s)
{
    /* What the command line decides must match: type, features, config. */
    uint64_t features = v->device_features;
    uint8_t config[DEV_VIRTIO_CONFIG_MAX];
    memcpy(config, v->config, sizeof(config));
    dev_state_expect(s, v->type->device_id, "another virtio device type");
    dev_state_expect(s, v->type->queues, "another virtio queue count");
    dev_state_u64(s, &features);
    dev_state_expect(s, v->config_size, "another virtio config size");
    dev_state_bytes(s, config, v->config_size);
    dev_state_check(s, features == v->device_features &&
                           memcmp(config, v->config, v->config_size) == 0,
                    "virtio device configured otherwise (features, "
                    "capacity, MAC)");
    dev_state_u64(s, &v->driver_features);
    dev_state_u32(s, &v->device_features_sel);
    dev_state_u32(s, &v->driver_features_sel);
    dev_state_u32(s, &v->queue_sel);
    dev_state_u32(s, &v->status);
    dev_state_u32(s, &v->interrupt_status);
    for (unsigned i = 0; i < v->type->queues; i++)
        queue_state(&v->queue[i], s);
    if (s->loading && !s->bad)
        update_irq(v);
}
