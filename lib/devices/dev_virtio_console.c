/*
 * dev_virtio_console.c — hvc0 (see dev_virtio_console.h): queue 0
 * receives (held until host input comes), queue 1 transmits.
 */
#include "dev_virtio_console.h"

#include <stdlib.h>
#include <unistd.h>

#define RX_QUEUE 0
#define CHUNK 4096
#define CONFIG_SIZE 12 /* cols, rows, max_nr_ports, emerg_wr: unused */

struct console {
    const struct mmu_phys *phys;
    int out_fd;
    /* The input being placed (dev_virtio_console_input) and how much of
     * it the receive buffer took. */
    const uint8_t *rx;
    size_t rx_len, rx_taken;
};

/* A receive buffer: as much of the input as fits. */
static uint32_t receive(struct console *con, const struct dev_virtq_chain *c)
{
    size_t n = con->rx_len < c->write_len ? con->rx_len : c->write_len;
    if (n > CHUNK)
        n = CHUNK;
    if (dev_virtq_write(con->phys, c, 0, con->rx, n))
        return 0;
    con->rx_taken = n;
    return (uint32_t)n;
}

static uint32_t console_request(void *opaque, unsigned queue,
                                const struct dev_virtq_chain *c)
{
    struct console *con = opaque;
    uint8_t buf[CHUNK];
    if (queue == RX_QUEUE)
        return receive(con, c);
    for (uint64_t done = 0; done < c->read_len;) {
        size_t n = c->read_len - done < CHUNK ? c->read_len - done : CHUNK;
        if (dev_virtq_read(con->phys, c, done, buf, n) ||
            write(con->out_fd, buf, n) != (ssize_t)n)
            break; /* the guest's output is lost, as on a closed tty */
        done += n;
    }
    return 0;
}

static const struct dev_virtio_type console_type = {
    .device_id = DEV_VIRTIO_ID_CONSOLE, .queues = 2,
    .held_queues = 1u << RX_QUEUE, .request = console_request, .free = free};

struct dev_virtio *dev_virtio_console_new(struct mmu_phys *phys,
                                          struct dev_irq irq, int out_fd)
{
    struct console *con = malloc(sizeof(*con));
    if (!con)
        return NULL;
    *con = (struct console){.phys = phys, .out_fd = out_fd};
    const uint8_t config[CONFIG_SIZE] = {0};
    struct dev_virtio *v = dev_virtio_new(phys, irq, &console_type, con, 0,
                                          config, sizeof(config));
    if (!v)
        free(con);
    return v;
}

size_t dev_virtio_console_input(struct dev_virtio *v, const uint8_t *bytes,
                                size_t n)
{
    struct console *con = dev_virtio_opaque(v);
    if (n == 0)
        return 0;
    con->rx = bytes;
    con->rx_len = n;
    con->rx_taken = 0;
    bool served = dev_virtio_input(v, RX_QUEUE);
    con->rx = NULL;
    return served ? con->rx_taken : 0;
}
