/*
 * dev_virtio_console.c — hvc0 output (see dev_virtio_console.h): queue 0
 * receives (held, no input yet), queue 1 transmits.
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
};

static uint32_t console_request(void *opaque, unsigned queue,
                                const struct dev_virtq_chain *c)
{
    struct console *con = opaque;
    uint8_t buf[CHUNK];
    (void)queue; /* only the transmit queue is served */
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
    *con = (struct console){phys, out_fd};
    const uint8_t config[CONFIG_SIZE] = {0};
    struct dev_virtio *v = dev_virtio_new(phys, irq, &console_type, con, 0,
                                          config, sizeof(config));
    if (!v)
        free(con);
    return v;
}
