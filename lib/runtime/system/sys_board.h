/*
 * sys_board.h — a board: its physical address space, its devices, and
 * the images loaded into it (reset ROM, firmware, kernel, device tree).
 */
#ifndef VM_SYS_BOARD_H
#define VM_SYS_BOARD_H

#include <pthread.h>

#include "dev.h"
#include "dev_clint.h"
#include "dev_htif.h"
#include "dev_plic.h"
#include "dev_slirp.h"
#include "dev_uart.h"
#include "dev_virtio.h"
#include "sys.h"
#include "sys_console.h"

struct sys_board {
    struct mmu_phys *phys;
    struct dev_power power;
    struct dev_clint *clint;
    struct dev_plic *plic;     /* virt */
    struct dev_uart *uart;     /* virt */
    struct sys_console *console; /* virt: stdin into the UART */
    struct dev_htif *htif;     /* spike, when the image has tohost */
    struct dev_virtio *virtio[SYS_VIRTIO_MAX]; /* virt: -drive, -device */
    unsigned virtio_slots;     /* bit i: slot i holds a virtio device */
    struct dev_slirp *slirp;   /* virt: -netdev user */
    struct dev_virtio *nic;    /* its NIC (one of virtio[]) */
    uint64_t reset_pc;
    unsigned harts;
    /* Hart h's interrupt lines land in irq_set(irq_opaque[h], ...) (set
     * by the harts' owner). */
    void (*irq_set)(void *opaque, unsigned line, bool level);
    void *irq_opaque[SYS_HARTS_MAX];
    /* Several harts: each on its own thread, the devices behind this
     * lock (recursive: HTIF reads RAM through the address space). */
    bool threaded;
    pthread_mutex_t io_lock;
    /* Called at the end of every sys_board_poll, or NULL (the monitor). */
    void (*poll_hook)(void *opaque);
    void *poll_opaque;
};

/* 0, or an RT_STATUS_* after one "vm-run: ..." line. The board must be
 * zeroed with irq_set/irq_opaque filled in before; o->harts harts (more
 * than one: threaded, the device lock set up). */
int sys_board_build(struct sys_board *b, const struct sys_options *o);
void sys_board_free(struct sys_board *b);

/* The device poll (the hart loop's, or with several harts the I/O
 * thread's): waits at most ms (0: just looks) for console input or the
 * user network's sockets, then feeds the UART and serves the network
 * (frames for the guest raise the NIC's interrupt). Threaded: takes the
 * device lock itself, not while it waits. */
void sys_board_poll(struct sys_board *b, int ms);

/* Loads an ELF (at its physical addresses) or a flat binary (at
 * flat_addr). *entry is the ELF entry or flat_addr; *end the highest
 * loaded address; tohost/fromhost are the HTIF symbols, or 0. */
struct sys_image {
    uint64_t entry, end, tohost, fromhost;
};
int sys_load_image(struct mmu_phys *p, const char *path, uint64_t flat_addr,
                   struct sys_image *out);
/* Loads any file as it is (an initrd) at addr; *end = addr + its size. */
int sys_load_flat(struct mmu_phys *p, const char *path, uint64_t addr,
                  uint64_t *end);

#endif
