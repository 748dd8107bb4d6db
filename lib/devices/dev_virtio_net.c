/*
 * dev_virtio_net.c — the virtio-net NIC (see dev_virtio_net.h). The
 * receive queue is held: its buffers wait for frames from the backend,
 * which dev_virtio_net_receive writes through dev_virtio_input.
 */
#include "dev_virtio_net.h"

#include <stdlib.h>
#include <string.h>

#define RX_QUEUE 0
#define TX_QUEUE 1
#define F_MAC (1ull << 5)
#define F_STATUS (1ull << 16)
#define S_LINK_UP 1
#define HDR_LEN 12 /* flags, gso_type, hdr_len, gso_size, csum_start,
                      csum_offset, num_buffers: all 0 but num_buffers */
#define CONFIG_SIZE 8 /* mac[6], status (le16) */

const uint8_t dev_net_default_mac[DEV_NET_MAC_LEN] = {0x52, 0x54, 0x00,
                                                      0x12, 0x34, 0x56};

struct nic {
    const struct mmu_phys *phys;
    struct dev_net_backend backend;
    struct dev_virtio *transport;
    /* The frame dev_virtio_net_receive is placing (rx requests). */
    const uint8_t *rx_frame;
    size_t rx_len;
    bool rx_placed; /* the frame fit the buffer */
    uint8_t tx_frame[HDR_LEN + DEV_NET_FRAME_MAX];
};

/* The header then the frame, into one receive buffer (no MRG_RXBUF:
 * num_buffers is 1). A buffer too small gets nothing: the used length
 * 0 makes the driver drop it. */
static uint32_t receive(struct nic *n, const struct dev_virtq_chain *c)
{
    uint8_t hdr[HDR_LEN] = {0};
    hdr[10] = 1;
    if (c->write_len < HDR_LEN + n->rx_len ||
        dev_virtq_write(n->phys, c, 0, hdr, HDR_LEN) ||
        dev_virtq_write(n->phys, c, HDR_LEN, n->rx_frame, n->rx_len))
        return 0;
    n->rx_placed = true;
    return (uint32_t)(HDR_LEN + n->rx_len);
}

/* A frame longer than an Ethernet frame (we offer no GSO) or shorter
 * than its header is dropped. */
static void transmit(struct nic *n, const struct dev_virtq_chain *c)
{
    uint64_t len = c->read_len;
    if (len <= HDR_LEN || len > sizeof(n->tx_frame) ||
        dev_virtq_read(n->phys, c, 0, n->tx_frame, len))
        return;
    n->backend.send(n->backend.opaque, n->tx_frame + HDR_LEN, len - HDR_LEN);
}

static uint32_t nic_request(void *opaque, unsigned queue,
                            const struct dev_virtq_chain *c)
{
    struct nic *n = opaque;
    if (queue == RX_QUEUE)
        return receive(n, c);
    transmit(n, c);
    return 0;
}

static const struct dev_virtio_type nic_type = {
    .device_id = DEV_VIRTIO_ID_NET, .queues = 2,
    .held_queues = 1u << RX_QUEUE, .request = nic_request, .free = free};

struct dev_virtio *dev_virtio_net_new(struct mmu_phys *phys,
                                      struct dev_irq irq,
                                      const uint8_t mac[DEV_NET_MAC_LEN],
                                      struct dev_net_backend backend)
{
    struct nic *n = calloc(1, sizeof(*n));
    if (!n)
        return NULL;
    n->phys = phys;
    n->backend = backend;
    uint8_t config[CONFIG_SIZE] = {0};
    memcpy(config, mac, DEV_NET_MAC_LEN);
    config[6] = S_LINK_UP;
    struct dev_virtio *v = dev_virtio_new(phys, irq, &nic_type, n,
                                          F_MAC | F_STATUS, config,
                                          sizeof(config));
    if (!v)
        free(n);
    else
        n->transport = v;
    return v;
}

bool dev_virtio_net_receive(struct dev_virtio *nic, const uint8_t *frame,
                            size_t len)
{
    struct nic *n = dev_virtio_opaque(nic);
    if (len > DEV_NET_FRAME_MAX)
        return false;
    n->rx_frame = frame;
    n->rx_len = len;
    n->rx_placed = false;
    bool served = dev_virtio_input(n->transport, RX_QUEUE);
    n->rx_frame = NULL;
    return served && n->rx_placed;
}
