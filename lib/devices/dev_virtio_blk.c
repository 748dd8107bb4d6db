/*
 * dev_virtio_blk.c — the block device (see dev_virtio_blk.h). A request
 * is a 16-byte header {u32 type, u32 reserved, u64 sector} the device
 * reads, the data, and a status byte, the last one the device writes.
 */
#define _GNU_SOURCE /* fallocate's FALLOC_FL_PUNCH_HOLE */
#include "dev_virtio_blk.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SECTOR 512u
#define BOUNCE (64u << 10) /* data moves through this much host memory */
#define ID_BYTES 20
#define SEG_MAX (DEV_VIRTQ_NUM_MAX - 2) /* header and status take two */
#define DISCARD_MAX_SECTORS (1u << 22)  /* 2 GiB per request */
#define DISCARD_MAX_SEG 1

/* Feature bits and request types of virtio-blk. */
#define F_SEG_MAX (1ull << 2)
#define F_RO (1ull << 5)
#define F_BLK_SIZE (1ull << 6)
#define F_FLUSH (1ull << 9)
#define F_DISCARD (1ull << 13)
enum { T_IN = 0, T_OUT = 1, T_FLUSH = 4, T_GET_ID = 8, T_DISCARD = 11 };
enum { S_OK = 0, S_IOERR = 1, S_UNSUPP = 2 };

/* Config space offsets used (the rest reads as zero). */
enum { C_CAPACITY = 0, C_SEG_MAX = 12, C_BLK_SIZE = 20,
       C_MAX_DISCARD_SECTORS = 36, C_MAX_DISCARD_SEG = 40,
       C_DISCARD_ALIGN = 44, C_SIZE = 60 };

struct blk {
    const struct mmu_phys *phys;
    int fd;
    uint64_t sectors;
    bool readonly;
    char id[ID_BYTES];
    uint8_t bounce[BOUNCE];
};

static bool in_range(const struct blk *b, uint64_t sector, uint64_t bytes)
{
    uint64_t n = (bytes + SECTOR - 1) / SECTOR;
    return sector <= b->sectors && n <= b->sectors - sector;
}

/* Image -> guest (read) or guest -> image (write), BOUNCE at a time. */
static int move(struct blk *b, const struct dev_virtq_chain *c,
                uint64_t sector, uint64_t bytes, bool to_guest)
{
    if (!in_range(b, sector, bytes) || (!to_guest && b->readonly))
        return S_IOERR;
    uint64_t pos = sector * SECTOR;
    for (uint64_t done = 0; done < bytes;) {
        size_t n = bytes - done < BOUNCE ? bytes - done : BOUNCE;
        if (to_guest) {
            if (pread(b->fd, b->bounce, n, (off_t)(pos + done)) != (ssize_t)n ||
                dev_virtq_write(b->phys, c, done, b->bounce, n))
                return S_IOERR;
        } else {
            /* Data follows the 16-byte header in the readable part. */
            if (dev_virtq_read(b->phys, c, 16 + done, b->bounce, n) ||
                pwrite(b->fd, b->bounce, n, (off_t)(pos + done)) != (ssize_t)n)
                return S_IOERR;
        }
        done += n;
    }
    return S_OK;
}

/* One segment {u64 sector, u32 sectors, u32 flags}: a hole in the file,
 * which reads back as zeros as the spec allows. */
static int discard(struct blk *b, const struct dev_virtq_chain *c)
{
    uint8_t seg[16];
    uint64_t sector;
    uint32_t count;
    if (b->readonly || c->read_len != 16 + sizeof(seg) ||
        dev_virtq_read(b->phys, c, 16, seg, sizeof(seg)))
        return S_IOERR;
    memcpy(&sector, seg, 8);
    memcpy(&count, seg + 8, 4);
    if (count > DISCARD_MAX_SECTORS || !in_range(b, sector, (uint64_t)count * SECTOR))
        return S_IOERR;
    return fallocate(b->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                     (off_t)(sector * SECTOR), (off_t)count * SECTOR)
               ? S_IOERR : S_OK;
}

static uint32_t blk_request(void *opaque, unsigned queue,
                            const struct dev_virtq_chain *c)
{
    struct blk *b = opaque;
    (void)queue;
    uint8_t hdr[16];
    if (c->write_len == 0 || dev_virtq_read(b->phys, c, 0, hdr, sizeof(hdr)))
        return 0; /* no status byte to answer in, or no header */
    uint32_t type;
    uint64_t sector;
    memcpy(&type, hdr, 4);
    memcpy(&sector, hdr + 8, 8);
    uint64_t data_in = c->write_len - 1; /* writable bytes before status */
    uint32_t written = 1;
    int status;
    switch (type) {
    case T_IN:
        status = move(b, c, sector, data_in, true);
        written += status == S_OK ? (uint32_t)data_in : 0;
        break;
    case T_OUT: status = move(b, c, sector, c->read_len - 16, false); break;
    case T_FLUSH: status = fdatasync(b->fd) ? S_IOERR : S_OK; break;
    case T_GET_ID:
        status = data_in >= ID_BYTES &&
                         !dev_virtq_write(b->phys, c, 0, b->id, ID_BYTES)
                     ? S_OK : S_IOERR;
        written += status == S_OK ? ID_BYTES : 0;
        break;
    case T_DISCARD: status = discard(b, c); break;
    default: status = S_UNSUPP; break;
    }
    uint8_t s = (uint8_t)status;
    if (dev_virtq_write(b->phys, c, data_in, &s, 1))
        return 0;
    return written;
}

static void blk_free(void *opaque)
{
    struct blk *b = opaque;
    close(b->fd);
    free(b);
}

static const struct dev_virtio_type blk_type = {
    .device_id = DEV_VIRTIO_ID_BLOCK, .queues = 1,
    .request = blk_request, .free = blk_free};

static void put32(uint8_t *config, unsigned offset, uint32_t v)
{
    memcpy(config + offset, &v, 4);
}

struct dev_virtio *dev_virtio_blk_new(struct mmu_phys *phys,
                                      struct dev_irq irq, int fd,
                                      uint64_t size, bool readonly,
                                      const char *serial)
{
    struct blk *b = calloc(1, sizeof(*b));
    if (!b)
        return NULL;
    b->phys = phys;
    b->fd = fd;
    b->sectors = size / SECTOR;
    b->readonly = readonly;
    if (serial) /* 20 bytes, NUL-padded, not NUL-terminated at 20 */
        memcpy(b->id, serial, strnlen(serial, ID_BYTES));
    uint8_t config[C_SIZE] = {0};
    memcpy(config + C_CAPACITY, &b->sectors, 8);
    put32(config, C_SEG_MAX, SEG_MAX);
    put32(config, C_BLK_SIZE, SECTOR);
    put32(config, C_MAX_DISCARD_SECTORS, DISCARD_MAX_SECTORS);
    put32(config, C_MAX_DISCARD_SEG, DISCARD_MAX_SEG);
    put32(config, C_DISCARD_ALIGN, 1);
    uint64_t features = F_SEG_MAX | F_BLK_SIZE | F_FLUSH |
                        (readonly ? F_RO : F_DISCARD);
    struct dev_virtio *v = dev_virtio_new(phys, irq, &blk_type, b, features,
                                          config, sizeof(config));
    if (!v)
        free(b); /* the caller still owns fd */
    return v;
}
