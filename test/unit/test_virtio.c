/*
 * test_virtio.c — virtio-mmio: the split-virtqueue walker against
 * hostile rings (loops, indexes and tables out of range, too-long and
 * nested indirect chains, buffers outside RAM), then the transport's
 * handshake and the block, entropy, console and net devices through their
 * registers (net with a fake backend). The layouts written here are the
 * spec's (virtio 1.x 2.7, 4.2.2, 5.1, 5.2),
 * written by hand, not by the code under test.
 */
#include <criterion/criterion.h>
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dev_virtio_blk.h"
#include "dev_virtio_console.h"
#include "dev_virtio_net.h"
#include "dev_virtio_rng.h"
#include "dev_virt.h"

#define RAM 0x80000000ull
#define RAM_SIZE (1ull << 20)
#define IO 0x10000000ull /* an MMIO page: never a DMA target */
#define DESC (RAM + 0x1000)
#define AVAIL (RAM + 0x2000)
#define USED (RAM + 0x3000)
#define INDIRECT (RAM + 0x4000)
#define BUF (RAM + 0x10000)
#define QSIZE 16
#define F_NEXT 1
#define F_WRITE 2
#define F_INDIRECT 4

static uint64_t io_read(void *o, uint64_t off, unsigned size)
{
    (void)o, (void)off, (void)size;
    return 0;
}
static void io_write(void *o, uint64_t off, unsigned size, uint64_t v)
{
    (void)o, (void)off, (void)size, (void)v;
}
static const struct mmu_io_ops dummy_io = {io_read, io_write};

static struct mmu_phys *phys;
static struct dev_virtq q;
static struct dev_virtq_chain chain;

static void setup(void)
{
    phys = mmu_phys_new();
    cr_assert(mmu_phys_add_ram(phys, RAM, RAM_SIZE, false));
    cr_assert_eq(mmu_phys_add_io(phys, IO, 0x1000, &dummy_io, NULL), 0);
    dev_virtq_reset(&q);
    q = (struct dev_virtq){.desc = DESC, .avail = AVAIL, .used = USED,
                           .num = QSIZE, .ready = true, .indirect = true};
}

static void teardown(void)
{
    mmu_phys_free(phys);
}

/* A new board within a test (the suite's .fini frees the last one). */
static void fresh(void)
{
    teardown();
    setup();
}

static void put(uint64_t a, uint64_t v, unsigned size)
{
    cr_assert_eq(mmu_phys_write(phys, a, size, v), 0);
}

static uint64_t get(uint64_t a, unsigned size)
{
    uint64_t v = 0;
    cr_assert_eq(mmu_phys_read(phys, a, size, &v), 0);
    return v;
}

static void desc_at(uint64_t table, unsigned i, uint64_t addr, uint32_t len,
                    uint16_t flags, uint16_t next)
{
    uint64_t d = table + 16ull * i;
    put(d, addr, 8);
    put(d + 8, len, 4);
    put(d + 12, flags, 2);
    put(d + 14, next, 2);
}

/* Makes `head` the next available chain (avail->idx one further). */
static void offer(uint16_t head)
{
    uint16_t idx = (uint16_t)get(AVAIL + 2, 2);
    put(AVAIL + 4 + 2 * (idx % QSIZE), head, 2);
    put(AVAIL + 2, (uint16_t)(idx + 1), 2);
}

TestSuite(virtq, .init = setup, .fini = teardown);

Test(virtq, takes_a_chain_and_returns_it_used)
{
    desc_at(DESC, 3, BUF, 16, F_NEXT, 7);
    desc_at(DESC, 7, BUF + 0x100, 512, F_NEXT | F_WRITE, 9);
    desc_at(DESC, 9, BUF + 0x400, 1, F_WRITE, 0);
    offer(3);
    cr_assert_eq(dev_virtq_pop(phys, &q, &chain), DEV_VIRTQ_CHAIN);
    cr_assert_eq(chain.head, 3);
    cr_assert_eq(chain.readable, 1);
    cr_assert_eq(chain.writable, 2);
    cr_assert_eq(chain.read_len, 16);
    cr_assert_eq(chain.write_len, 513);
    /* The writable part is one stream over both buffers. */
    uint8_t bytes[513];
    memset(bytes, 0x5a, sizeof(bytes));
    cr_assert_eq(dev_virtq_write(phys, &chain, 0, bytes, sizeof(bytes)), 0);
    cr_assert_eq(get(BUF + 0x100 + 511, 1), 0x5a);
    cr_assert_eq(get(BUF + 0x400, 1), 0x5a);
    cr_assert_eq(get(BUF + 0x401, 1), 0, "nothing past the chain");
    cr_assert_neq(dev_virtq_write(phys, &chain, 1, bytes, sizeof(bytes)), 0,
                  "one byte too many");
    cr_assert_eq(dev_virtq_pop(phys, &q, &chain), DEV_VIRTQ_EMPTY);
    cr_assert_eq(dev_virtq_push(phys, &q, 3, 513), 0);
    cr_assert_eq(get(USED + 2, 2), 1, "used->idx");
    cr_assert_eq(get(USED + 4, 4), 3, "used->ring[0].id");
    cr_assert_eq(get(USED + 8, 4), 513, "used->ring[0].len");
    cr_assert(dev_virtq_should_interrupt(phys, &q));
    cr_assert_not(dev_virtq_should_interrupt(phys, &q), "nothing new");
}

Test(virtq, a_looping_chain_breaks_the_queue)
{
    desc_at(DESC, 0, BUF, 16, F_NEXT, 1);
    desc_at(DESC, 1, BUF, 16, F_NEXT, 0);
    offer(0);
    cr_assert_eq(dev_virtq_pop(phys, &q, &chain), DEV_VIRTQ_BAD);
    cr_assert(q.broken);
    cr_assert_eq(dev_virtq_pop(phys, &q, &chain), DEV_VIRTQ_BAD,
                 "stays broken until reset");
}

Test(virtq, indexes_past_the_ring_are_refused)
{
    desc_at(DESC, 0, BUF, 16, F_NEXT, QSIZE); /* next out of the table */
    offer(0);
    cr_assert_eq(dev_virtq_pop(phys, &q, &chain), DEV_VIRTQ_BAD);
    fresh();
    offer(QSIZE + 5); /* head out of the table */
    cr_assert_eq(dev_virtq_pop(phys, &q, &chain), DEV_VIRTQ_BAD);
    fresh();
    put(AVAIL + 2, QSIZE + 1, 2); /* more available than the ring holds */
    cr_assert_eq(dev_virtq_pop(phys, &q, &chain), DEV_VIRTQ_BAD);
}

Test(virtq, rings_outside_ram_are_refused)
{
    q.desc = RAM + RAM_SIZE - 8; /* the table runs off the end of RAM */
    desc_at(DESC, 0, BUF, 16, 0, 0);
    offer(0);
    cr_assert_eq(dev_virtq_pop(phys, &q, &chain), DEV_VIRTQ_BAD);
    fresh();
    q.avail = IO; /* the avail ring on a device page */
    cr_assert_eq(dev_virtq_pop(phys, &q, &chain), DEV_VIRTQ_BAD);
    fresh();
    q.used = 0x4000; /* nothing there */
    desc_at(DESC, 0, BUF, 16, 0, 0);
    offer(0);
    cr_assert_eq(dev_virtq_pop(phys, &q, &chain), DEV_VIRTQ_CHAIN);
    cr_assert_neq(dev_virtq_push(phys, &q, 0, 0), 0);
    cr_assert(q.broken);
}

Test(virtq, buffers_outside_ram_fail_the_copy_only)
{
    desc_at(DESC, 0, IO, 16, F_NEXT, 1);              /* MMIO */
    desc_at(DESC, 1, RAM + RAM_SIZE - 4, 8, F_WRITE | F_NEXT, 2); /* runs off */
    desc_at(DESC, 2, ~0ull - 3, 8, F_WRITE, 0);       /* wraps around */
    offer(0);
    cr_assert_eq(dev_virtq_pop(phys, &q, &chain), DEV_VIRTQ_CHAIN,
                 "the ring itself is sound");
    uint8_t b[16] = {0};
    cr_assert_neq(dev_virtq_read(phys, &chain, 0, b, 16), 0);
    cr_assert_neq(dev_virtq_write(phys, &chain, 0, b, 8), 0);
    cr_assert_eq(get(RAM + RAM_SIZE - 4, 4), 0, "nothing half-written");
    cr_assert_neq(dev_virtq_write(phys, &chain, 8, b, 8), 0);
}

Test(virtq, a_readable_buffer_after_a_writable_one_is_refused)
{
    desc_at(DESC, 0, BUF, 1, F_WRITE | F_NEXT, 1);
    desc_at(DESC, 1, BUF, 16, 0, 0);
    offer(0);
    cr_assert_eq(dev_virtq_pop(phys, &q, &chain), DEV_VIRTQ_BAD);
}

Test(virtq, an_indirect_table_is_followed)
{
    desc_at(DESC, 5, INDIRECT, 3 * 16, F_INDIRECT, 0);
    desc_at(INDIRECT, 0, BUF, 16, F_NEXT, 2);
    desc_at(INDIRECT, 2, BUF + 0x100, 4096, F_NEXT | F_WRITE, 1);
    desc_at(INDIRECT, 1, BUF + 0x2000, 1, F_WRITE, 0);
    offer(5);
    cr_assert_eq(dev_virtq_pop(phys, &q, &chain), DEV_VIRTQ_CHAIN);
    cr_assert_eq(chain.head, 5);
    cr_assert_eq(chain.readable + chain.writable, 3);
    cr_assert_eq(chain.seg[2].addr, BUF + 0x2000);
    cr_assert_eq(chain.write_len, 4097);
}

Test(virtq, hostile_indirect_tables_are_refused)
{
    struct {
        uint32_t len;
        uint16_t flags;
        bool negotiated;
    } bad[] = {
        {3 * 16, F_INDIRECT, false},          /* not negotiated */
        {3 * 16 + 8, F_INDIRECT, true},       /* not whole descriptors */
        {0, F_INDIRECT, true},                /* empty */
        {3 * 16, F_INDIRECT | F_NEXT, true},  /* INDIRECT with NEXT */
        {(DEV_VIRTQ_MAX_SEGS + 1) * 16, F_INDIRECT, true}, /* too long */
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        fresh();
        q.indirect = bad[i].negotiated;
        desc_at(DESC, 0, INDIRECT, bad[i].len, bad[i].flags, 1);
        desc_at(DESC, 1, BUF, 16, 0, 0);
        desc_at(INDIRECT, 0, BUF, 16, 0, 0);
        offer(0);
        cr_assert_eq(dev_virtq_pop(phys, &q, &chain), DEV_VIRTQ_BAD,
                     "case %zu", i);
    }
    fresh();
    desc_at(DESC, 0, INDIRECT, 2 * 16, F_INDIRECT, 0);
    desc_at(INDIRECT, 0, INDIRECT, 2 * 16, F_INDIRECT, 0); /* nested */
    offer(0);
    cr_assert_eq(dev_virtq_pop(phys, &q, &chain), DEV_VIRTQ_BAD);
    fresh();
    desc_at(DESC, 0, INDIRECT, 2 * 16, F_INDIRECT, 0);
    desc_at(INDIRECT, 0, BUF, 16, F_NEXT, 1);
    desc_at(INDIRECT, 1, BUF, 16, F_NEXT, 0); /* a loop inside the table */
    offer(0);
    cr_assert_eq(dev_virtq_pop(phys, &q, &chain), DEV_VIRTQ_BAD);
}

Test(virtq, event_idx_publishes_avail_event_and_honours_used_event)
{
    q.event_idx = true;
    for (uint16_t i = 0; i < 3; i++) {
        desc_at(DESC, i, BUF, 1, F_WRITE, 0);
        offer(i);
    }
    put(AVAIL + 4 + 2 * QSIZE, 2, 2); /* used_event: wake me after #3 */
    for (int i = 0; i < 2; i++) {
        cr_assert_eq(dev_virtq_pop(phys, &q, &chain), DEV_VIRTQ_CHAIN);
        cr_assert_eq(dev_virtq_push(phys, &q, chain.head, 1), 0);
    }
    cr_assert_eq(get(USED + 4 + 8 * QSIZE, 2), 2, "avail_event");
    cr_assert_not(dev_virtq_should_interrupt(phys, &q), "used_idx 2 = event");
    cr_assert_eq(dev_virtq_pop(phys, &q, &chain), DEV_VIRTQ_CHAIN);
    cr_assert_eq(dev_virtq_push(phys, &q, chain.head, 1), 0);
    cr_assert(dev_virtq_should_interrupt(phys, &q), "passed used_event");
}

/* ---- the transport and devices, through their registers ---- */

#define R_MAGIC 0x000
#define R_VERSION 0x004
#define R_DEVICE_ID 0x008
#define R_DEV_FEATURES 0x010
#define R_DEV_FEATURES_SEL 0x014
#define R_DRV_FEATURES 0x020
#define R_DRV_FEATURES_SEL 0x024
#define R_QUEUE_SEL 0x030
#define R_QUEUE_NUM_MAX 0x034
#define R_QUEUE_NUM 0x038
#define R_QUEUE_READY 0x044
#define R_NOTIFY 0x050
#define R_INT_STATUS 0x060
#define R_INT_ACK 0x064
#define R_STATUS 0x070
#define R_DESC 0x080
#define R_DRIVER 0x090
#define R_DEVICE 0x0a0
#define R_CONFIG 0x100
#define ST_ACK 1
#define ST_DRIVER 2
#define ST_DRIVER_OK 4
#define ST_FEATURES_OK 8
#define ST_NEEDS_RESET 0x40

static bool line_level;
static void set_line(void *opaque, unsigned line, bool level)
{
    (void)opaque;
    cr_assert_eq(line, 8);
    line_level = level;
}

static uint32_t rd(struct dev_virtio *v, uint64_t off)
{
    return (uint32_t)dev_virtio_ops.read(v, off, 4);
}
static void wr(struct dev_virtio *v, uint64_t off, uint32_t val)
{
    dev_virtio_ops.write(v, off, 4, val);
}

/* The driver's side of 3.1.1: features (VERSION_1 = bit 32, plus
 * `low`), then queue `queue` at DESC/AVAIL/USED. */
static void handshake_queue(struct dev_virtio *v, uint32_t low,
                            uint32_t queue)
{
    cr_assert_eq(rd(v, R_MAGIC), 0x74726976);
    cr_assert_eq(rd(v, R_VERSION), 2);
    wr(v, R_STATUS, 0);
    wr(v, R_STATUS, ST_ACK | ST_DRIVER);
    wr(v, R_DEV_FEATURES_SEL, 1);
    cr_assert(rd(v, R_DEV_FEATURES) & 1, "VERSION_1 offered");
    wr(v, R_DRV_FEATURES_SEL, 1);
    wr(v, R_DRV_FEATURES, 1);
    wr(v, R_DRV_FEATURES_SEL, 0);
    wr(v, R_DRV_FEATURES, low);
    wr(v, R_STATUS, ST_ACK | ST_DRIVER | ST_FEATURES_OK);
    cr_assert(rd(v, R_STATUS) & ST_FEATURES_OK, "features accepted");
    wr(v, R_QUEUE_SEL, queue);
    cr_assert_geq(rd(v, R_QUEUE_NUM_MAX), QSIZE);
    wr(v, R_QUEUE_NUM, QSIZE);
    wr(v, R_DESC, (uint32_t)DESC);
    wr(v, R_DESC + 4, (uint32_t)(DESC >> 32));
    wr(v, R_DRIVER, (uint32_t)AVAIL);
    wr(v, R_DRIVER + 4, 0);
    wr(v, R_DEVICE, (uint32_t)USED);
    wr(v, R_DEVICE + 4, 0);
    wr(v, R_QUEUE_READY, 1);
    wr(v, R_STATUS, ST_ACK | ST_DRIVER | ST_FEATURES_OK | ST_DRIVER_OK);
}

static void handshake(struct dev_virtio *v, uint32_t low)
{
    handshake_queue(v, low, 0);
}

static const struct dev_irq irq8 = {set_line, NULL, 8};

Test(virtq, transport_refuses_features_without_version_1)
{
    struct dev_virtio *v = dev_virtio_rng_new(phys, irq8);
    cr_assert_eq(rd(v, R_DEVICE_ID), DEV_VIRTIO_ID_RNG);
    wr(v, R_STATUS, ST_ACK | ST_DRIVER);
    wr(v, R_STATUS, ST_ACK | ST_DRIVER | ST_FEATURES_OK); /* legacy driver */
    cr_assert_not(rd(v, R_STATUS) & ST_FEATURES_OK);
    dev_virtio_free(v);
}

Test(virtq, rng_fills_the_buffer_and_interrupts)
{
    line_level = false;
    struct dev_virtio *v = dev_virtio_rng_new(phys, irq8);
    handshake(v, 0);
    desc_at(DESC, 0, BUF, 64, F_WRITE, 0);
    offer(0);
    wr(v, R_NOTIFY, 0);
    cr_assert_eq(get(USED + 2, 2), 1);
    cr_assert_eq(get(USED + 8, 4), 64, "all 64 bytes");
    uint64_t a = get(BUF, 8), b = get(BUF + 8, 8);
    cr_assert(a != 0 || b != 0, "random bytes (2^-128 to fail)");
    cr_assert(line_level);
    cr_assert_eq(rd(v, R_INT_STATUS), 1);
    wr(v, R_INT_ACK, 1);
    cr_assert_not(line_level);
    /* A hostile chain: the device asks for a reset, the host survives. */
    desc_at(DESC, 1, BUF, 64, F_WRITE | F_NEXT, 1);
    offer(1);
    wr(v, R_NOTIFY, 0);
    cr_assert(rd(v, R_STATUS) & ST_NEEDS_RESET);
    cr_assert_eq(rd(v, R_INT_STATUS), 2, "configuration change");
    wr(v, R_STATUS, 0);
    cr_assert_eq(rd(v, R_STATUS), 0, "reset clears it");
    cr_assert_not(line_level);
    dev_virtio_free(v);
}

/* One virtio-blk request: header at BUF, data at BUF + 0x1000, status at
 * BUF + 0x3000; returns the status byte. */
static uint8_t blk_request(struct dev_virtio *v, uint32_t type,
                           uint64_t sector, uint32_t len, bool data_in)
{
    static uint16_t n;
    uint16_t d = (uint16_t)(3 * (n++ % 5));
    put(BUF, type, 4);
    put(BUF + 4, 0, 4);
    put(BUF + 8, sector, 8);
    put(BUF + 0x3000, 0xff, 1);
    desc_at(DESC, d, BUF, 16, F_NEXT, d + 1);
    if (len) {
        desc_at(DESC, d + 1, BUF + 0x1000, len,
                F_NEXT | (data_in ? F_WRITE : 0), d + 2);
        desc_at(DESC, d + 2, BUF + 0x3000, 1, F_WRITE, 0);
    } else {
        desc_at(DESC, d + 1, BUF + 0x3000, 1, F_WRITE, 0);
    }
    offer(d);
    wr(v, R_NOTIFY, 0);
    return (uint8_t)get(BUF + 0x3000, 1);
}

static struct dev_virtio *blk_on_temp_file(bool readonly, int *fd_out)
{
    char path[] = "/tmp/test_virtio_blk_XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    unlink(path);
    uint8_t sector[512];
    for (int s = 0; s < 8; s++) {
        memset(sector, 'a' + s, sizeof(sector));
        cr_assert_eq(write(fd, sector, sizeof(sector)), 512);
    }
    *fd_out = dup(fd);
    struct dev_virtio *v = dev_virtio_blk_new(phys, irq8, fd, 8 * 512,
                                              readonly, "disk-serial");
    handshake(v, (1u << 9) | (1u << 28)); /* FLUSH, INDIRECT_DESC */
    return v;
}

Test(virtq, blk_reads_writes_flushes_and_bounds_checks)
{
    int fd;
    struct dev_virtio *v = blk_on_temp_file(false, &fd);
    cr_assert_eq(dev_virtio_ops.read(v, R_CONFIG, 4), 8, "capacity low");
    cr_assert_eq(dev_virtio_ops.read(v, R_CONFIG + 4, 4), 0, "capacity high");
    cr_assert_eq(blk_request(v, 0, 2, 1024, true), 0, "read sectors 2-3");
    cr_assert_eq(get(BUF + 0x1000, 1), 'c');
    cr_assert_eq(get(BUF + 0x1000 + 1023, 1), 'd');
    cr_assert_eq(get(USED + 4 + 8 * 0 + 4, 4), 1025, "data + status");
    for (int i = 0; i < 512; i += 8)
        put(BUF + 0x1000 + i, 0x7a7a7a7a7a7a7a7aull, 8);
    cr_assert_eq(blk_request(v, 1, 5, 512, false), 0, "write sector 5");
    uint8_t back[512];
    cr_assert_eq(pread(fd, back, 512, 5 * 512), 512);
    cr_assert_eq(back[0], 'z');
    cr_assert_eq(back[511], 'z');
    cr_assert_eq(blk_request(v, 4, 0, 0, false), 0, "flush");
    cr_assert_eq(blk_request(v, 8, 0, 20, true), 0, "get-id");
    char id[21] = {0};
    for (int i = 0; i < 20; i++)
        id[i] = (char)get(BUF + 0x1000 + i, 1);
    cr_assert_str_eq(id, "disk-serial");
    cr_assert_eq(blk_request(v, 0, 7, 1024, true), 1, "past the end: IOERR");
    cr_assert_eq(blk_request(v, 0, ~0ull, 512, true), 1, "sector overflow");
    cr_assert_eq(blk_request(v, 99, 0, 0, false), 2, "unknown: UNSUPP");
    dev_virtio_free(v);
    close(fd);
}

/* Discard: one segment {u64 sector, u32 count, u32 flags} after the
 * header; the sectors read back as zeros (a hole in the image). */
Test(virtq, blk_discard_punches_a_hole)
{
    int fd;
    struct dev_virtio *v = blk_on_temp_file(false, &fd);
    wr(v, R_DEV_FEATURES_SEL, 0);
    cr_assert(rd(v, R_DEV_FEATURES) & (1u << 13), "VIRTIO_BLK_F_DISCARD");
    put(BUF + 0x1000, 2, 8);
    put(BUF + 0x1008, 1, 4);
    put(BUF + 0x100c, 0, 4);
    cr_assert_eq(blk_request(v, 11, 0, 16, false), 0, "discard sector 2");
    uint8_t back[3];
    cr_assert_eq(pread(fd, back, 1, 2 * 512), 1);
    cr_assert_eq(pread(fd, back + 1, 1, 3 * 512), 1);
    cr_assert_eq(pread(fd, back + 2, 1, 2 * 512 - 1), 1);
    cr_assert_eq(back[0], 0, "the discarded sector reads as zeros");
    cr_assert_eq(back[1], 'd', "the next one is kept");
    cr_assert_eq(back[2], 'b', "and the one before");
    put(BUF + 0x1000, 7, 8);
    put(BUF + 0x1008, 2, 4); /* sectors 7 and 8: past the end */
    cr_assert_eq(blk_request(v, 11, 0, 16, false), 1, "IOERR");
    dev_virtio_free(v);
    close(fd);
}

Test(virtq, blk_read_only_refuses_writes)
{
    int fd;
    struct dev_virtio *v = blk_on_temp_file(true, &fd);
    wr(v, R_DEV_FEATURES_SEL, 0);
    cr_assert(rd(v, R_DEV_FEATURES) & (1u << 5), "VIRTIO_BLK_F_RO");
    cr_assert_eq(blk_request(v, 1, 0, 512, false), 1, "write: IOERR");
    uint8_t back[1];
    cr_assert_eq(pread(fd, back, 1, 0), 1);
    cr_assert_eq(back[0], 'a', "image untouched");
    cr_assert_eq(blk_request(v, 0, 0, 512, true), 0, "reads still work");
    dev_virtio_free(v);
    close(fd);
}

Test(virtq, virt_device_tree_lists_occupied_slots_only)
{
    struct dev_fdt_config c = {.ram_base = DEV_VIRT_DRAM, .ram_size = 128 << 20,
                               .harts = 1, .virtio_slots = (1u << 7) | (1u << 6)};
    size_t size;
    void *f = dev_fdt_virt(&c, &size);
    cr_assert(f);
    int n = fdt_path_offset(f, "/soc/virtio_mmio@10008000");
    cr_assert_geq(n, 0);
    int len;
    const fdt32_t *irq = fdt_getprop(f, n, "interrupts", &len);
    cr_assert_eq(fdt32_to_cpu(*irq), 8);
    cr_assert_geq(fdt_path_offset(f, "/soc/virtio_mmio@10007000"), 0);
    cr_assert_lt(fdt_path_offset(f, "/soc/virtio_mmio@10001000"), 0);
    cr_assert_gt(fdt_path_offset(f, "/soc/virtio_mmio@10007000"), n,
                 "highest address first, as QEMU writes them");
    free(f);
}

Test(virtq, console_transmits_and_holds_receive_buffers)
{
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    struct dev_virtio *v = dev_virtio_console_new(phys, irq8, fds[1]);
    cr_assert_eq(rd(v, R_DEVICE_ID), DEV_VIRTIO_ID_CONSOLE);
    wr(v, R_QUEUE_SEL, 2);
    cr_assert_eq(rd(v, R_QUEUE_NUM_MAX), 0, "two queues only");
    handshake_queue(v, 0, 1); /* transmitq0 */
    const char msg[] = "to hvc0\n";
    for (size_t i = 0; i < sizeof(msg) - 1; i++)
        put(BUF + i, (uint8_t)msg[i], 1);
    desc_at(DESC, 0, BUF, 3, F_NEXT, 1); /* split over two buffers */
    desc_at(DESC, 1, BUF + 3, sizeof(msg) - 4, 0, 0);
    offer(0);
    wr(v, R_NOTIFY, 1);
    char got[sizeof(msg)] = {0};
    cr_assert_eq(read(fds[0], got, sizeof(msg) - 1), (ssize_t)sizeof(msg) - 1);
    cr_assert_str_eq(got, msg);
    cr_assert_eq(get(USED + 2, 2), 1, "returned used");
    /* A receive buffer waits for input instead of coming back empty. */
    wr(v, R_QUEUE_SEL, 0);
    wr(v, R_QUEUE_NUM, QSIZE);
    wr(v, R_DESC, (uint32_t)(DESC + 0x800));
    wr(v, R_DRIVER, (uint32_t)(AVAIL + 0x800));
    wr(v, R_DEVICE, (uint32_t)(USED + 0x800));
    wr(v, R_QUEUE_READY, 1);
    desc_at(DESC + 0x800, 0, BUF + 0x100, 64, F_WRITE, 0);
    put(AVAIL + 0x800 + 4, 0, 2);
    put(AVAIL + 0x800 + 2, 1, 2);
    wr(v, R_NOTIFY, 0);
    cr_assert_eq(get(USED + 0x800 + 2, 2), 0, "held");
    dev_virtio_free(v);
    close(fds[0]);
    close(fds[1]);
}

/* ---- virtio-net with a fake backend: what the NIC transmitted ---- */
#define NET_F_MAC (1u << 5)
#define NET_F_STATUS (1u << 16)
#define NET_HDR 12
#define RX (0x800) /* queue 0's rings sit this far above queue 1's */

static uint8_t sent[2048];
static size_t sent_len;
static unsigned sent_count;

static struct dev_virtio *echo_to; /* the backend answers at once */

static void fake_send(void *opaque, const uint8_t *frame, size_t len)
{
    cr_assert_eq(opaque, &sent_count);
    cr_assert_leq(len, sizeof(sent));
    memcpy(sent, frame, len);
    sent_len = len;
    sent_count++;
    if (echo_to)
        cr_assert(dev_virtio_net_receive(echo_to, sent, len));
}

static struct dev_virtio *nic_ready(void)
{
    static const uint8_t mac[6] = {0x52, 0x54, 0x00, 0xab, 0xcd, 0xef};
    sent_count = 0;
    echo_to = NULL;
    line_level = false;
    struct dev_virtio *v = dev_virtio_net_new(
        phys, irq8, mac, (struct dev_net_backend){fake_send, &sent_count});
    cr_assert(v);
    cr_assert_eq(rd(v, R_DEVICE_ID), 1, "network card");
    cr_assert_eq(rd(v, R_DEV_FEATURES) & ~(NET_F_MAC | NET_F_STATUS) &
                     0xffffff, 0, "no offloads, no control queue");
    handshake_queue(v, NET_F_MAC | NET_F_STATUS, 1); /* transmitq */
    wr(v, R_QUEUE_SEL, 0);                            /* receiveq */
    wr(v, R_QUEUE_NUM, QSIZE);
    wr(v, R_DESC, (uint32_t)(DESC + RX));
    wr(v, R_DRIVER, (uint32_t)(AVAIL + RX));
    wr(v, R_DEVICE, (uint32_t)(USED + RX));
    wr(v, R_QUEUE_READY, 1);
    for (unsigned i = 0; i < 6; i++)
        cr_assert_eq(dev_virtio_ops.read(v, R_CONFIG + i, 1), mac[i]);
    cr_assert_eq(dev_virtio_ops.read(v, R_CONFIG + 6, 2), 1, "link up");
    return v;
}

static void offer_rx(uint16_t head, uint32_t len)
{
    desc_at(DESC + RX, head, BUF + 0x4000 + 0x800ull * head, len, F_WRITE, 0);
    uint16_t idx = (uint16_t)get(AVAIL + RX + 2, 2);
    put(AVAIL + RX + 4 + 2 * (idx % QSIZE), head, 2);
    put(AVAIL + RX + 2, (uint16_t)(idx + 1), 2);
}

Test(virtq, net_transmits_a_frame_without_its_header)
{
    struct dev_virtio *v = nic_ready();
    for (unsigned i = 0; i < NET_HDR; i++)
        put(BUF + i, 0, 1);
    for (unsigned i = 0; i < 60; i++)
        put(BUF + 0x100 + i, (uint8_t)(i * 7 + 1), 1);
    /* header and 20 bytes in one buffer, 40 more in another */
    desc_at(DESC, 0, BUF, NET_HDR, F_NEXT, 1);
    desc_at(DESC, 1, BUF + 0x100, 20, F_NEXT, 2);
    desc_at(DESC, 2, BUF + 0x114, 40, 0, 0);
    offer(0);
    wr(v, R_NOTIFY, 1);
    cr_assert_eq(sent_count, 1);
    cr_assert_eq(sent_len, 60);
    for (unsigned i = 0; i < 60; i++)
        cr_assert_eq(sent[i], (uint8_t)(i * 7 + 1));
    cr_assert_eq(get(USED + 2, 2), 1, "returned");
    cr_assert_eq(get(USED + 8, 4), 0, "nothing written");
    /* Longer than an Ethernet frame (no GSO offered), or only a header:
     * dropped, the buffers still returned. */
    desc_at(DESC, 3, BUF, NET_HDR + 1515, 0, 0);
    offer(3);
    desc_at(DESC, 4, BUF, NET_HDR, 0, 0);
    offer(4);
    wr(v, R_NOTIFY, 1);
    cr_assert_eq(sent_count, 1);
    cr_assert_eq(get(USED + 2, 2), 3);
    dev_virtio_free(v);
}

Test(virtq, net_receives_into_the_next_buffer_and_interrupts)
{
    struct dev_virtio *v = nic_ready();
    uint8_t frame[100];
    for (unsigned i = 0; i < sizeof(frame); i++)
        frame[i] = (uint8_t)(255 - i);
    cr_assert_not(dev_virtio_net_receive(v, frame, sizeof(frame)),
                  "no receive buffer yet: dropped");
    offer_rx(2, NET_HDR + 1514);
    wr(v, R_NOTIFY, 0); /* held: nothing comes back empty */
    cr_assert_eq(get(USED + RX + 2, 2), 0);
    cr_assert(dev_virtio_net_receive(v, frame, sizeof(frame)));
    cr_assert_eq(get(USED + RX + 2, 2), 1);
    cr_assert_eq(get(USED + RX + 4, 4), 2, "used id");
    cr_assert_eq(get(USED + RX + 8, 4), NET_HDR + sizeof(frame));
    uint64_t b = BUF + 0x4000 + 0x800 * 2;
    cr_assert_eq(get(b, 8), 0, "flags, gso_type, hdr_len, gso_size");
    cr_assert_eq(get(b + 8, 2), 0, "csum_offset");
    cr_assert_eq(get(b + 10, 2), 1, "num_buffers");
    for (unsigned i = 0; i < sizeof(frame); i++)
        cr_assert_eq(get(b + NET_HDR + i, 1), frame[i]);
    cr_assert(line_level);
    cr_assert_eq(rd(v, R_INT_STATUS), 1);
    /* Too small a buffer gets nothing (used length 0: the driver drops
     * it); a frame longer than Ethernet's is not offered at all. */
    offer_rx(3, NET_HDR + 50);
    cr_assert_not(dev_virtio_net_receive(v, frame, sizeof(frame)));
    cr_assert_eq(get(USED + RX + 2, 2), 2);
    cr_assert_eq(get(USED + RX + 12, 4), 3);
    cr_assert_eq(get(USED + RX + 16, 4), 0);
    uint8_t big[1515] = {0};
    offer_rx(4, 4000);
    cr_assert_not(dev_virtio_net_receive(v, big, sizeof(big)));
    cr_assert_eq(get(USED + RX + 2, 2), 2, "buffer kept");
    dev_virtio_free(v);
}

Test(virtq, net_survives_a_hostile_receive_ring)
{
    struct dev_virtio *v = nic_ready();
    uint8_t frame[60] = {1, 2, 3};
    /* a chain that loops: the device asks for a reset and drops input */
    desc_at(DESC + RX, 5, BUF, 64, F_WRITE | F_NEXT, 5);
    put(AVAIL + RX + 4, 5, 2);
    put(AVAIL + RX + 2, 1, 2);
    cr_assert_not(dev_virtio_net_receive(v, frame, sizeof(frame)));
    cr_assert(rd(v, R_STATUS) & ST_NEEDS_RESET);
    cr_assert_eq(rd(v, R_INT_STATUS), 2);
    offer_rx(1, 2000);
    cr_assert_not(dev_virtio_net_receive(v, frame, sizeof(frame)),
                  "broken until reset");
    /* a receive buffer outside RAM: that frame only is lost */
    dev_virtio_free(v);
    fresh();
    v = nic_ready();
    desc_at(DESC + RX, 0, IO, 2000, F_WRITE, 0);
    put(AVAIL + RX + 4, 0, 2);
    put(AVAIL + RX + 2, 1, 2);
    cr_assert_not(dev_virtio_net_receive(v, frame, sizeof(frame)));
    cr_assert_not(rd(v, R_STATUS) & ST_NEEDS_RESET);
    offer_rx(1, 2000);
    cr_assert(dev_virtio_net_receive(v, frame, sizeof(frame)));
    /* before DRIVER_OK (after a reset) nothing is taken */
    wr(v, R_STATUS, 0);
    cr_assert_not(dev_virtio_net_receive(v, frame, sizeof(frame)));
    dev_virtio_free(v);
}

/* slirp answers some frames (ARP, ping of the gateway) inside the
 * transmit: the receive must not disturb the request being served. */
Test(virtq, net_backend_may_answer_during_transmit)
{
    struct dev_virtio *v = nic_ready();
    echo_to = v;
    offer_rx(6, 2000);
    for (unsigned i = 0; i < NET_HDR + 42; i++)
        put(BUF + i, i < NET_HDR ? 0 : (uint8_t)i, 1);
    desc_at(DESC, 9, BUF, NET_HDR + 42, 0, 0);
    offer(9);
    wr(v, R_NOTIFY, 1);
    cr_assert_eq(sent_count, 1);
    cr_assert_eq(get(USED + 2, 2), 1);
    cr_assert_eq(get(USED + 4, 4), 9, "the transmit chain came back");
    cr_assert_eq(get(USED + RX + 2, 2), 1);
    cr_assert_eq(get(USED + RX + 4, 4), 6, "the receive chain too");
    cr_assert_eq(get(USED + RX + 8, 4), NET_HDR + 42);
    cr_assert_eq(get(BUF + 0x4000 + 0x800 * 6 + NET_HDR + 41, 1), NET_HDR + 41);
    dev_virtio_free(v);
}
