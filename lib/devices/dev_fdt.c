/*
 * dev_fdt.c — virt's device tree, written with libfdt's sequential-write
 * API in the node order and naming of QEMU's hw/riscv/virt.c, so that
 * OpenSBI and Linux find the same devices on both.
 */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>

#include "dev_clint.h"
#include "dev_plic.h"
#include "dev_syscon.h"
#include "dev_uart.h"
#include "dev_virt.h"

#define FDT_MAX 0x10000
#define PH_TEST 1
#define PH_PLIC 2
#define PH_INTC 3 /* + hart */
#define PH_CPU 0x8000 /* + hart: above every PH_INTC + hart */
#define PLIC_NDEV (DEV_PLIC_SOURCES - 1)

/* Every call returns 0 or a negative libfdt error; chain them with |=
 * and check once: a failure leaves the blob unusable anyway. */
static int reg(void *f, uint64_t base, uint64_t size)
{
    fdt64_t cells[2] = {cpu_to_fdt64(base), cpu_to_fdt64(size)};
    return fdt_property(f, "reg", cells, sizeof(cells));
}

/* interrupts-extended: for each hart, its interrupt controller with
 * irq_a, then with irq_b (the PLIC's M and S contexts, the CLINT's
 * software and timer interrupts). */
static int hart_irqs(void *f, unsigned harts, uint32_t irq_a, uint32_t irq_b)
{
    fdt32_t *cells = malloc(harts * 4 * sizeof(*cells));
    if (!cells)
        return -FDT_ERR_NOSPACE;
    for (unsigned h = 0; h < harts; h++) {
        cells[4 * h] = cells[4 * h + 2] = cpu_to_fdt32(PH_INTC + h);
        cells[4 * h + 1] = cpu_to_fdt32(irq_a);
        cells[4 * h + 3] = cpu_to_fdt32(irq_b);
    }
    int e = fdt_property(f, "interrupts-extended", cells,
                         (int)(harts * 4 * sizeof(*cells)));
    free(cells);
    return e;
}

static int cpus(void *f, const struct dev_fdt_config *c)
{
    int e = fdt_begin_node(f, "cpus");
    e |= fdt_property_u32(f, "#address-cells", 1);
    e |= fdt_property_u32(f, "#size-cells", 0);
    e |= fdt_property_u32(f, "timebase-frequency", DEV_CLINT_FREQ);
    for (unsigned h = 0; h < c->harts; h++) {
        char name[32];
        snprintf(name, sizeof(name), "cpu@%u", h);
        e |= fdt_begin_node(f, name);
        e |= fdt_property_u32(f, "phandle", PH_CPU + h);
        e |= fdt_property_string(f, "device_type", "cpu");
        e |= fdt_property_u32(f, "reg", h);
        e |= fdt_property_string(f, "status", "okay");
        e |= fdt_property_string(f, "compatible", "riscv");
        e |= fdt_property_string(f, "riscv,isa",
                                 "rv64imafdc_zicntr_zicsr_zifencei_sstc");
        e |= fdt_property_string(f, "mmu-type", "riscv,sv48");
        e |= fdt_begin_node(f, "interrupt-controller");
        e |= fdt_property_u32(f, "#interrupt-cells", 1);
        e |= fdt_property(f, "interrupt-controller", NULL, 0);
        e |= fdt_property_string(f, "compatible", "riscv,cpu-intc");
        e |= fdt_property_u32(f, "phandle", PH_INTC + h);
        e |= fdt_end_node(f);
        e |= fdt_end_node(f);
    }
    return e | fdt_end_node(f);
}

/* Only occupied slots get a node (an empty QEMU transport reads device
 * id 0 and is skipped by Linux anyway); highest address first, as QEMU
 * writes them. */
static int virtio_nodes(void *f, unsigned slots)
{
    int e = 0;
    for (int i = DEV_VIRT_VIRTIO_SLOTS - 1; i >= 0; i--) {
        if (!(slots & (1u << i)))
            continue;
        char name[64];
        uint64_t base = DEV_VIRT_VIRTIO + (uint64_t)i * DEV_VIRT_VIRTIO_STRIDE;
        snprintf(name, sizeof(name), "virtio_mmio@%llx",
                 (unsigned long long)base);
        e |= fdt_begin_node(f, name);
        e |= fdt_property_u32(f, "interrupts", DEV_VIRT_VIRTIO_IRQ + i);
        e |= fdt_property_u32(f, "interrupt-parent", PH_PLIC);
        e |= reg(f, base, DEV_VIRT_VIRTIO_STRIDE);
        e |= fdt_property_string(f, "compatible", "virtio,mmio");
        e |= fdt_end_node(f);
    }
    return e;
}

static int soc(void *f, const struct dev_fdt_config *c)
{
    char name[64];
    int e = fdt_begin_node(f, "soc");
    e |= fdt_property_u32(f, "#address-cells", 2);
    e |= fdt_property_u32(f, "#size-cells", 2);
    e |= fdt_property_string(f, "compatible", "simple-bus");
    e |= fdt_property(f, "ranges", NULL, 0);
    e |= virtio_nodes(f, c->virtio_slots);

    snprintf(name, sizeof(name), "test@%llx", DEV_VIRT_TEST);
    e |= fdt_begin_node(f, name);
    e |= fdt_property_u32(f, "phandle", PH_TEST);
    e |= reg(f, DEV_VIRT_TEST, DEV_SYSCON_SIZE);
    static const char test_compat[] = "sifive,test1\0sifive,test0\0syscon";
    e |= fdt_property(f, "compatible", test_compat, sizeof(test_compat));
    e |= fdt_end_node(f);

    snprintf(name, sizeof(name), "serial@%llx", DEV_VIRT_UART0);
    e |= fdt_begin_node(f, name);
    e |= fdt_property_u32(f, "clock-frequency", DEV_VIRT_UART_CLOCK);
    e |= reg(f, DEV_VIRT_UART0, DEV_UART_SIZE);
    e |= fdt_property_u32(f, "interrupts", DEV_VIRT_UART0_IRQ);
    e |= fdt_property_u32(f, "interrupt-parent", PH_PLIC);
    e |= fdt_property_string(f, "compatible", "ns16550a");
    e |= fdt_end_node(f);

    snprintf(name, sizeof(name), "plic@%llx", DEV_VIRT_PLIC);
    e |= fdt_begin_node(f, name);
    e |= fdt_property_u32(f, "phandle", PH_PLIC);
    e |= fdt_property_u32(f, "riscv,ndev", PLIC_NDEV);
    e |= reg(f, DEV_VIRT_PLIC, DEV_PLIC_SIZE);
    e |= hart_irqs(f, c->harts, 11, 9); /* M and S external interrupts */
    e |= fdt_property(f, "interrupt-controller", NULL, 0);
    static const char plic_compat[] = "sifive,plic-1.0.0\0riscv,plic0";
    e |= fdt_property(f, "compatible", plic_compat, sizeof(plic_compat));
    e |= fdt_property_u32(f, "#address-cells", 0);
    e |= fdt_property_u32(f, "#interrupt-cells", 1);
    e |= fdt_end_node(f);

    snprintf(name, sizeof(name), "clint@%llx", DEV_VIRT_CLINT);
    e |= fdt_begin_node(f, name);
    e |= hart_irqs(f, c->harts, 3, 7); /* M software and timer interrupts */
    e |= reg(f, DEV_VIRT_CLINT, DEV_CLINT_SIZE);
    static const char clint_compat[] = "sifive,clint0\0riscv,clint0";
    e |= fdt_property(f, "compatible", clint_compat, sizeof(clint_compat));
    e |= fdt_end_node(f);
    return e | fdt_end_node(f);
}

static int syscon_node(void *f, const char *name, const char *compatible,
                       uint32_t value)
{
    int e = fdt_begin_node(f, name);
    e |= fdt_property_u32(f, "value", value);
    e |= fdt_property_u32(f, "offset", 0);
    e |= fdt_property_u32(f, "regmap", PH_TEST);
    e |= fdt_property_string(f, "compatible", compatible);
    return e | fdt_end_node(f);
}

static int tree(void *f, const struct dev_fdt_config *c)
{
    char name[64];
    int e = fdt_finish_reservemap(f);
    e |= fdt_begin_node(f, "");
    e |= fdt_property_u32(f, "#address-cells", 2);
    e |= fdt_property_u32(f, "#size-cells", 2);
    e |= fdt_property_string(f, "compatible", "riscv-virtio");
    e |= fdt_property_string(f, "model", "riscv-virtio,qemu");

    e |= syscon_node(f, "poweroff", "syscon-poweroff", DEV_SYSCON_PASS);
    e |= syscon_node(f, "reboot", "syscon-reboot", DEV_SYSCON_RESET);

    e |= fdt_begin_node(f, "chosen");
    snprintf(name, sizeof(name), "/soc/serial@%llx", DEV_VIRT_UART0);
    e |= fdt_property_string(f, "stdout-path", name);
    if (c->bootargs)
        e |= fdt_property_string(f, "bootargs", c->bootargs);
    if (c->initrd_end) {
        e |= fdt_property_u64(f, "linux,initrd-start", c->initrd_start);
        e |= fdt_property_u64(f, "linux,initrd-end", c->initrd_end);
    }
    e |= fdt_end_node(f);

    snprintf(name, sizeof(name), "memory@%llx", (unsigned long long)c->ram_base);
    e |= fdt_begin_node(f, name);
    e |= fdt_property_string(f, "device_type", "memory");
    e |= reg(f, c->ram_base, c->ram_size);
    e |= fdt_end_node(f);

    e |= cpus(f, c);
    e |= soc(f, c);
    e |= fdt_end_node(f);
    return e | fdt_finish(f);
}

void *dev_fdt_virt(const struct dev_fdt_config *c, size_t *size)
{
    void *f = malloc(FDT_MAX);
    if (!f)
        return NULL;
    if (fdt_create(f, FDT_MAX) != 0 || tree(f, c) != 0) {
        free(f);
        return NULL;
    }
    *size = fdt_totalsize(f);
    return f;
}
