/*
 * dev_virt.h — the memory map of the boards, as QEMU's riscv virt and
 * spike machines lay them out, and the device tree of virt.
 */
#ifndef VM_DEV_VIRT_H
#define VM_DEV_VIRT_H

#include <stddef.h>
#include <stdint.h>

#define DEV_VIRT_MROM 0x1000ull
#define DEV_VIRT_MROM_SIZE 0xf000ull
#define DEV_VIRT_TEST 0x100000ull
#define DEV_VIRT_CLINT 0x2000000ull
#define DEV_VIRT_PLIC 0xc000000ull
#define DEV_VIRT_UART0 0x10000000ull
#define DEV_VIRT_UART0_IRQ 10
#define DEV_VIRT_DRAM 0x80000000ull
/* Eight virtio-mmio slots; slot i at VIRTIO + i * STRIDE, PLIC source
 * VIRTIO_IRQ + i. QEMU fills them from the top: the first device the
 * command line names sits in slot 7 (0x10008000, irq 8). */
#define DEV_VIRT_VIRTIO 0x10001000ull
#define DEV_VIRT_VIRTIO_STRIDE 0x1000ull
#define DEV_VIRT_VIRTIO_SLOTS 8
#define DEV_VIRT_VIRTIO_IRQ 1
#define DEV_VIRT_UART_CLOCK 3686400

struct dev_fdt_config {
    uint64_t ram_base, ram_size;
    unsigned harts;
    const char *bootargs;     /* NULL: none */
    uint64_t initrd_start, initrd_end; /* both 0: none */
    unsigned virtio_slots; /* bit i: a virtio-mmio device in slot i */
};

/*
 * Builds virt's device tree (memory, cpus with riscv,isa and the
 * timebase, CLINT, PLIC, UART, test/poweroff/reboot syscon, the
 * occupied virtio-mmio slots, chosen) into a
 * malloc'ed blob; returns it with *size, or NULL (libfdt error).
 */
void *dev_fdt_virt(const struct dev_fdt_config *c, size_t *size);

#endif
