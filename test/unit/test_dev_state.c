/*
 * test_dev_state.c — device snapshots (dev_state.h): each device's state
 * saved and restored into a fresh device behaves as the original does
 * through its registers and interrupt lines; a record cut short, of
 * another shape or of another device type is refused.
 */
#include <criterion/criterion.h>
#include <string.h>
#include <time.h>

#include "dev_clint.h"
#include "dev_plic.h"
#include "dev_state.h"
#include "dev_uart.h"
#include "dev_virtio.h"
#include "dev_virtio_console.h"
#include "dev_virtio_rng.h"
#include "dev_test_lines.h"


enum { UART_RBR = 0, UART_IER = 1, UART_IIR = 2, UART_LCR = 3, UART_LSR = 5,
       UART_SCR = 7 };

Test(dev_state, uart_round_trip_keeps_registers_and_fifo)
{
    memset(lines, 0, sizeof(lines));
    struct dev_uart *a = dev_uart_new(-1, irq(1));
    const struct mmu_io_ops *io = &dev_uart_ops;
    io->write(a, UART_LCR, 1, 0x03);
    io->write(a, UART_SCR, 1, 0x5a);
    io->write(a, UART_IER, 1, 0x01); /* receive interrupt */
    dev_uart_rx(a, 'h');
    dev_uart_rx(a, 'i');
    cr_assert(lines[1]);
    struct dev_state s, l;
    dev_state_save_init(&s);
    dev_uart_state(a, &s);
    cr_assert_not(s.bad);
    lines[1] = false;
    struct dev_uart *b = dev_uart_new(-1, irq(1));
    dev_state_load_init(&l, s.buf, s.len);
    dev_uart_state(b, &l);
    cr_assert_not(l.bad, "%s", l.why);
    cr_assert_eq(l.pos, s.len, "the whole record read");
    cr_assert(lines[1], "the restored FIFO raises the line again");
    for (unsigned r = UART_IER; r <= UART_SCR; r++)
        cr_assert_eq(io->read(b, r, 1), io->read(a, r, 1), "register %u", r);
    cr_assert_eq(io->read(b, UART_RBR, 1), 'h');
    cr_assert_eq(io->read(b, UART_RBR, 1), 'i');
    cr_assert_eq(io->read(b, UART_LSR, 1) & 1, 0, "FIFO empty after two");
    /* One byte short: refused. */
    dev_state_load_init(&l, s.buf, s.len - 1);
    dev_uart_state(b, &l);
    cr_assert(l.bad);
    cr_assert_str_eq(l.why, "record too short");
    dev_state_free(&s);
    dev_uart_free(a);
    dev_uart_free(b);
}

#define PLIC_ENABLE(ctx) (0x2000 + 0x80 * (ctx))
#define PLIC_CLAIM(ctx) (0x200000 + 0x1000 * (ctx) + 4)

Test(dev_state, plic_round_trip_keeps_claims_and_pending)
{
    memset(lines, 0, sizeof(lines));
    const struct dev_irq ctx[2] = {irq(11), irq(9)};
    struct dev_plic *a = dev_plic_new(2, ctx);
    const struct mmu_io_ops *io = &dev_plic_ops;
    io->write(a, 4 * 10, 4, 1);
    io->write(a, 4 * 5, 4, 3);
    io->write(a, PLIC_ENABLE(1), 4, (1u << 10) | (1u << 5));
    dev_plic_set(a, 10, true);
    dev_plic_set(a, 5, true);
    cr_assert_eq(io->read(a, PLIC_CLAIM(1), 4), 5, "5 claimed, 10 pending");
    struct dev_state s, l;
    dev_state_save_init(&s);
    dev_plic_state(a, &s);
    cr_assert_not(s.bad);
    memset(lines, 0, sizeof(lines));
    struct dev_plic *b = dev_plic_new(2, ctx);
    dev_state_load_init(&l, s.buf, s.len);
    dev_plic_state(b, &l);
    cr_assert_not(l.bad, "%s", l.why);
    cr_assert(lines[9], "10 pending for S after the restore");
    cr_assert_eq(io->read(b, PLIC_CLAIM(1), 4), 10);
    cr_assert_eq(io->read(b, PLIC_CLAIM(1), 4), 0, "5 is still claimed");
    io->write(b, PLIC_CLAIM(1), 4, 5); /* complete 5: its line is high */
    cr_assert_eq(io->read(b, PLIC_CLAIM(1), 4), 5, "the level was saved");
    /* A PLIC of another size: the count up front does not match. */
    s.buf[0] ^= 1;
    dev_state_load_init(&l, s.buf, s.len);
    dev_plic_state(b, &l);
    cr_assert(l.bad);
    dev_state_free(&s);
    dev_plic_free(a);
    dev_plic_free(b);
}

Test(dev_state, clint_keeps_mtimecmp_and_a_paused_clock_stands_still)
{
    memset(lines, 0, sizeof(lines));
    const struct dev_irq msip = irq(3), mtip = irq(7);
    struct dev_clint *a = dev_clint_new(1, &msip, &mtip);
    const struct mmu_io_ops *io = &dev_clint_ops;
    io->write(a, 0x4000, 8, 0x123456789ull);
    io->write(a, 0, 4, 1);
    dev_clint_pause(a, true);
    struct dev_state s1, s2, l;
    dev_state_save_init(&s1);
    dev_clint_state(a, &s1);
    cr_assert_not(s1.bad);
    nanosleep(&(struct timespec){0, 20000000}, NULL);
    dev_state_save_init(&s2);
    dev_clint_state(a, &s2);
    cr_assert_not(s2.bad);
    cr_assert_eq(s1.len, s2.len);
    cr_assert_eq(memcmp(s1.buf, s2.buf, s1.len), 0,
                 "mtime does not move while paused");
    /* A saved mtime of 100 s (after the hart count): the restored clock
     * reads it, and goes on from there. */
    const uint64_t saved = 1000000000ull;
    for (unsigned i = 0; i < 8; i++)
        s1.buf[4 + i] = (uint8_t)(saved >> (8 * i));
    memset(lines, 0, sizeof(lines));
    struct dev_clint *b = dev_clint_new(1, &msip, &mtip);
    dev_state_load_init(&l, s1.buf, s1.len);
    dev_clint_state(b, &l);
    cr_assert_not(l.bad, "%s", l.why);
    cr_assert(lines[3], "msip restored");
    cr_assert_eq(io->read(b, 0x4000, 8), 0x123456789ull);
    uint64_t now = io->read(b, 0xbff8, 8);
    cr_assert(now >= saved && now < saved + DEV_CLINT_FREQ * 60,
              "mtime %llu goes on from the saved value",
              (unsigned long long)now);
    dev_state_free(&s1);
    dev_state_free(&s2);
    dev_clint_free(a);
    dev_clint_free(b);
}

#define VIRTIO_STATUS 0x070
#define VIRTIO_QUEUE_SEL 0x030
#define VIRTIO_QUEUE_NUM 0x038
#define VIRTIO_QUEUE_READY 0x044

Test(dev_state, virtio_transport_round_trip_and_type_check)
{
    struct mmu_phys *phys = mmu_phys_new();
    struct dev_virtio *a = dev_virtio_rng_new(phys, irq(1));
    const struct mmu_io_ops *io = &dev_virtio_ops;
    io->write(a, VIRTIO_STATUS, 4, 1 | 2);
    io->write(a, VIRTIO_QUEUE_SEL, 4, 0);
    io->write(a, VIRTIO_QUEUE_NUM, 4, 64);
    io->write(a, VIRTIO_QUEUE_READY, 4, 1);
    struct dev_state s, l;
    dev_state_save_init(&s);
    dev_virtio_state(a, &s);
    cr_assert_not(s.bad);
    struct dev_virtio *b = dev_virtio_rng_new(phys, irq(1));
    dev_state_load_init(&l, s.buf, s.len);
    dev_virtio_state(b, &l);
    cr_assert_not(l.bad, "%s", l.why);
    cr_assert_eq(io->read(b, VIRTIO_STATUS, 4), 3);
    cr_assert_eq(io->read(b, VIRTIO_QUEUE_READY, 4), 1);
    struct dev_virtio *c = dev_virtio_console_new(phys, irq(2), -1);
    dev_state_load_init(&l, s.buf, s.len);
    dev_virtio_state(c, &l);
    cr_assert(l.bad, "an entropy device's record on a console");
    cr_assert_str_eq(l.why, "another virtio device type");
    dev_state_free(&s);
    dev_virtio_free(a);
    dev_virtio_free(b);
    dev_virtio_free(c);
    mmu_phys_free(phys);
}
