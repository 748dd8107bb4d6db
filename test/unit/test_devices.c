/*
 * test_devices.c — the system-mode board devices through their contract
 * (mmu_io_ops read/write, dev_irq lines, dev_power): PLIC claim/complete
 * and priorities, CLINT timer and software interrupts, UART registers,
 * HTIF and syscon exits, and the virt device tree.
 */
#include <criterion/criterion.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dev_clint.h"
#include "dev_htif.h"
#include "dev_plic.h"
#include "dev_syscon.h"
#include "dev_uart.h"
#include "dev_virt.h"
#include "dev_test_lines.h"


#define PLIC_ENABLE(ctx) (0x2000 + 0x80 * (ctx))
#define PLIC_THRESHOLD(ctx) (0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx) (PLIC_THRESHOLD(ctx) + 4)

Test(devices, plic_claims_highest_priority_and_repends_held_lines)
{
    memset(lines, 0, sizeof(lines));
    const struct dev_irq ctx[2] = {irq(11), irq(9)};
    struct dev_plic *p = dev_plic_new(2, ctx);
    const struct mmu_io_ops *io = &dev_plic_ops;
    io->write(p, 4 * 10, 4, 1);            /* priority(10) = 1 */
    io->write(p, 4 * 5, 4, 3);             /* priority(5) = 3 */
    io->write(p, PLIC_ENABLE(1), 4, (1u << 10) | (1u << 5));
    dev_plic_set(p, 10, true);
    cr_assert(lines[9], "S context sees source 10");
    cr_assert_not(lines[11], "M context has nothing enabled");
    dev_plic_set(p, 5, true);
    cr_assert_eq(io->read(p, PLIC_CLAIM(1), 4), 5, "priority 3 first");
    cr_assert_eq(io->read(p, PLIC_CLAIM(1), 4), 10);
    cr_assert_not(lines[9], "both claimed");
    cr_assert_eq(io->read(p, PLIC_CLAIM(1), 4), 0);
    dev_plic_set(p, 5, false);
    io->write(p, PLIC_CLAIM(1), 4, 5);     /* complete 5: line low, done */
    cr_assert_not(lines[9]);
    io->write(p, PLIC_CLAIM(1), 4, 10);    /* complete 10: still high */
    cr_assert(lines[9], "a held line pends again after completion");
    io->write(p, PLIC_THRESHOLD(1), 4, 1); /* threshold masks priority 1 */
    cr_assert_not(lines[9]);
    dev_plic_free(p);
}

Test(devices, clint_timer_and_software_interrupt)
{
    memset(lines, 0, sizeof(lines));
    const struct dev_irq msip = irq(3), mtip = irq(7);
    struct dev_clint *c = dev_clint_new(1, &msip, &mtip);
    const struct mmu_io_ops *io = &dev_clint_ops;
    uint64_t t0 = io->read(c, 0xbff8, 8);
    cr_assert_eq(dev_clint_poll(c, 0) > 0, true, "mtimecmp starts at the end");
    cr_assert_not(lines[7]);
    io->write(c, 0x4000, 8, t0);           /* already reached */
    cr_assert(lines[7]);
    io->write(c, 0x4000, 4, 0xffffffff);   /* low half, then high half */
    io->write(c, 0x4004, 4, 0xffffffff);
    cr_assert_not(lines[7]);
    cr_assert_eq(io->read(c, 0x4000, 8), ~0ull);
    io->write(c, 0, 4, 1);
    cr_assert(lines[3]);
    cr_assert_eq(io->read(c, 0, 4), 1);
    io->write(c, 0, 4, 0);
    cr_assert_not(lines[3]);
    cr_assert_geq(io->read(c, 0xbff8, 8), t0, "mtime never goes back");
    dev_clint_free(c);
}

/* Several harts: hart h's msip word at 4h and mtimecmp at 0x4000 + 8h
 * reach only its lines (the SiFive layout OpenSBI programs); PLIC
 * context 2h + 1 is hart h's S mode. */
Test(devices, clint_and_plic_address_each_hart)
{
    memset(lines, 0, sizeof(lines));
    const struct dev_irq msip[3] = {irq(0), irq(1), irq(2)};
    const struct dev_irq mtip[3] = {irq(4), irq(5), irq(6)};
    struct dev_clint *c = dev_clint_new(3, msip, mtip);
    const struct mmu_io_ops *io = &dev_clint_ops;
    io->write(c, 4 * 2, 4, 1);
    cr_assert(lines[2] && !lines[0] && !lines[1], "hart 2's msip only");
    cr_assert_eq(io->read(c, 4 * 2, 4), 1);
    cr_assert_eq(io->read(c, 4 * 1, 4), 0);
    io->write(c, 0x4000 + 8 * 1, 8, 0);    /* hart 1's mtimecmp: due */
    cr_assert(lines[5] && !lines[4] && !lines[6]);
    cr_assert_eq(io->read(c, 0x4000 + 8 * 1, 8), 0);
    cr_assert_eq(io->read(c, 0x4000 + 8 * 2, 8), ~0ull);
    io->write(c, 4 * 3, 4, 1);             /* past the harts: ignored */
    cr_assert_eq(io->read(c, 4 * 3, 4), 0);
    cr_assert_null(dev_clint_new(0, msip, mtip));
    dev_clint_free(c);

    memset(lines, 0, sizeof(lines));
    const struct dev_irq ctx[4] = {irq(8), irq(9), irq(10), irq(11)};
    struct dev_plic *p = dev_plic_new(4, ctx);
    io = &dev_plic_ops;
    io->write(p, 4 * 7, 4, 2);
    io->write(p, PLIC_ENABLE(3), 4, 1u << 7);
    dev_plic_set(p, 7, true);
    cr_assert(lines[11] && !lines[9], "hart 1's S context only");
    cr_assert_eq(io->read(p, PLIC_CLAIM(1), 4), 0, "not enabled on hart 0");
    cr_assert_eq(io->read(p, PLIC_CLAIM(3), 4), 7);
    cr_assert_not(lines[11]);
    io->write(p, PLIC_ENABLE(4), 4, 1u << 7); /* no context 4: ignored */
    cr_assert_eq(io->read(p, PLIC_ENABLE(4), 4), 0);
    dev_plic_free(p);
}

Test(devices, uart_transmits_and_receives)
{
    int out[2];
    cr_assert_eq(pipe(out), 0);
    memset(lines, 0, sizeof(lines));
    struct dev_uart *u = dev_uart_new(out[1], irq(10));
    const struct mmu_io_ops *io = &dev_uart_ops;
    cr_assert_eq(io->read(u, 5, 1) & 0x61, 0x60, "THR empty, no data");
    io->write(u, 0, 1, 'v');
    char c = 0;
    cr_assert_eq(read(out[0], &c, 1), 1);
    cr_assert_eq(c, 'v');
    io->write(u, 3, 1, 0x80);              /* DLAB: divisor latch */
    io->write(u, 0, 1, 0x12);
    cr_assert_eq(io->read(u, 0, 1), 0x12);
    io->write(u, 3, 1, 0x03);
    io->write(u, 1, 1, 0x01);              /* receive interrupt on */
    cr_assert_eq(dev_uart_rx_room(u), 16);
    dev_uart_rx(u, 'k');
    cr_assert_eq(dev_uart_rx_room(u), 15);
    cr_assert(lines[10]);
    cr_assert_eq(io->read(u, 5, 1) & 1, 1, "data ready");
    cr_assert_eq(io->read(u, 2, 1) & 0x0f, 0x04, "IIR: received data");
    cr_assert_eq(io->read(u, 0, 1), 'k');
    cr_assert_not(lines[10]);
    cr_assert_eq(io->read(u, 2, 1) & 0x0f, 0x01, "IIR: none");
    dev_uart_free(u);
    close(out[0]); close(out[1]);
}

Test(devices, htif_exit_code_and_syscon_poweroff)
{
    struct dev_power power = {0};
    struct dev_htif *h = dev_htif_new(NULL, &power, STDOUT_FILENO);
    dev_htif_ops.write(dev_htif_tohost(h), 0, 4, (21 << 1) | 1);
    cr_assert_not(power.stop, "the high half completes the command");
    dev_htif_ops.write(dev_htif_tohost(h), 4, 4, 0);
    cr_assert(power.stop);
    cr_assert_eq(power.status, 21);
    cr_assert_eq(dev_htif_ops.read(dev_htif_tohost(h), 0, 8), 0,
                 "tohost is cleared once consumed");
    dev_htif_free(h);

    struct dev_power p2 = {0};
    dev_syscon_ops.write(&p2, 0, 4, 0x1234);
    cr_assert_not(p2.stop);
    dev_syscon_ops.write(&p2, 0, 4, DEV_SYSCON_PASS);
    cr_assert(p2.stop);
    cr_assert_eq(p2.status, 0);
    struct dev_power p3 = {0};
    dev_syscon_ops.write(&p3, 0, 4, (7 << 16) | 0x3333);
    cr_assert_eq(p3.status, 7);
}

Test(devices, virt_device_tree_has_the_board)
{
    struct dev_fdt_config c = {.ram_base = DEV_VIRT_DRAM,
                               .ram_size = 256ull << 20, .harts = 1,
                               .bootargs = "console=ttyS0"};
    size_t size;
    void *f = dev_fdt_virt(&c, &size);
    cr_assert_not_null(f);
    cr_assert_eq(fdt_check_header(f), 0);
    cr_assert_eq(fdt_totalsize(f), size);
    int mem = fdt_path_offset(f, "/memory@80000000");
    cr_assert_geq(mem, 0);
    int len;
    const uint8_t *reg = fdt_getprop(f, mem, "reg", &len);
    cr_assert_eq(len, 16);
    fdt64_t size_cell; /* properties are only 4-byte aligned */
    memcpy(&size_cell, reg + 8, 8);
    cr_assert_eq(fdt64_to_cpu(size_cell), 256ull << 20);
    int cpus = fdt_path_offset(f, "/cpus");
    const fdt32_t *tb = fdt_getprop(f, cpus, "timebase-frequency", &len);
    cr_assert_eq(fdt32_to_cpu(*tb), DEV_CLINT_FREQ);
    const char *isa = fdt_getprop(f, fdt_path_offset(f, "/cpus/cpu@0"),
                                  "riscv,isa", &len);
    cr_assert_not_null(isa);
    cr_assert_eq(strncmp(isa, "rv64imafdc", 10), 0);
    cr_assert_geq(fdt_node_offset_by_compatible(f, -1, "riscv,clint0"), 0);
    cr_assert_geq(fdt_node_offset_by_compatible(f, -1, "riscv,plic0"), 0);
    cr_assert_geq(fdt_node_offset_by_compatible(f, -1, "ns16550a"), 0);
    cr_assert_geq(fdt_node_offset_by_compatible(f, -1, "syscon-poweroff"), 0);
    const char *out = fdt_getprop(f, fdt_path_offset(f, "/chosen"),
                                  "stdout-path", &len);
    cr_assert_str_eq(out, "/soc/serial@10000000");
    cr_assert_geq(fdt_path_offset(f, out), 0, "stdout-path resolves");
    const char *args = fdt_getprop(f, fdt_path_offset(f, "/chosen"),
                                   "bootargs", &len);
    cr_assert_str_eq(args, "console=ttyS0");
    free(f);
}

/* Four harts: a cpu node each, and the PLIC and CLINT reach every hart's
 * interrupt controller (M/S external; M software/timer), as QEMU's
 * `-smp 4` tree does. */
Test(devices, virt_device_tree_has_every_hart)
{
    struct dev_fdt_config c = {.ram_base = DEV_VIRT_DRAM,
                               .ram_size = 256ull << 20, .harts = 4};
    size_t size;
    void *f = dev_fdt_virt(&c, &size);
    cr_assert_not_null(f);
    static const struct {
        const char *compatible;
        uint32_t a, b;
    } users[] = {{"riscv,plic0", 11, 9}, {"riscv,clint0", 3, 7}};
    for (size_t u = 0; u < 2; u++) {
        int node = fdt_node_offset_by_compatible(f, -1, users[u].compatible);
        int len;
        const fdt32_t *cells = fdt_getprop(f, node, "interrupts-extended",
                                           &len);
        cr_assert_eq(len, 4 * 4 * 4, "%s", users[u].compatible);
        for (unsigned h = 0; h < 4; h++) {
            char path[64];
            snprintf(path, sizeof(path), "/cpus/cpu@%u/interrupt-controller",
                     h);
            int intc = fdt_path_offset(f, path);
            cr_assert_geq(intc, 0, "%s", path);
            uint32_t ph = fdt_get_phandle(f, intc);
            cr_assert_eq(fdt32_to_cpu(cells[4 * h]), ph);
            cr_assert_eq(fdt32_to_cpu(cells[4 * h + 1]), users[u].a);
            cr_assert_eq(fdt32_to_cpu(cells[4 * h + 2]), ph);
            cr_assert_eq(fdt32_to_cpu(cells[4 * h + 3]), users[u].b);
        }
    }
    free(f);
}
