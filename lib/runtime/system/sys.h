/*
 * sys.h — system mode: boot firmware and a kernel on an emulated RISC-V
 * board (`vm-run --system`), the way qemu-system-riscv64 does.
 */
#ifndef VM_SYS_H
#define VM_SYS_H

#include <stdbool.h>
#include <stdint.h>

#include "dev_slirp.h"
#include "rt.h"

enum sys_machine { SYS_MACHINE_VIRT, SYS_MACHINE_SPIKE };

/* A virtio-mmio device of the virt board (-drive, -device). */
enum sys_virtio_kind {
    SYS_VIRTIO_BLK, SYS_VIRTIO_RNG, SYS_VIRTIO_CONSOLE, SYS_VIRTIO_NET
};
struct sys_virtio {
    enum sys_virtio_kind kind;
    const char *file;   /* blk: a raw image */
    bool readonly;      /* blk: readonly=on */
    const char *serial; /* blk: what get-id answers, or NULL */
    const char *netdev; /* net: the -netdev id it is plugged into */
    uint8_t mac[6];     /* net */
};
#define SYS_VIRTIO_MAX 8 /* the virt board's slots */

/* The user network (-netdev user / -nic user): one, for now. */
#define SYS_HOSTFWD_MAX 8
struct sys_netdev {
    const char *id;
    struct dev_slirp_fwd fwd[SYS_HOSTFWD_MAX];
    unsigned fwd_count;
};

#define SYS_HARTS_MAX 64 /* -smp's limit here (QEMU's virt: 512) */

struct sys_options {
    enum sys_machine machine;
    uint64_t ram_size;        /* -m, bytes */
    unsigned harts;           /* -smp: 1 to SYS_HARTS_MAX, 0 means 1 */
    bool threaded;            /* each hart on a thread even with one (the
                                 embedding API: callers on other threads) */
    const char *bios;         /* NULL or "default": Debian's OpenSBI;
                                 "none": no firmware */
    const char *kernel;       /* -kernel, or NULL */
    const char *append;       /* -append: bootargs */
    const char *initrd;       /* -initrd: loaded as QEMU places it */
    const char *dtb;          /* -dtb: use this device tree */
    enum rt_mode mode;
    unsigned tier_threshold;  /* --tier-threshold (tiered), 0: default */
    bool stats;               /* --stats: counters on stderr at the end */
    uint64_t timeout_sec;     /* 0: none */
    struct sys_virtio virtio[SYS_VIRTIO_MAX]; /* in slot order, 7 down */
    unsigned virtio_count;
    struct sys_netdev netdev;
    bool has_netdev;
    /* The GDB stub (-s, -gdb tcp::PORT, -S). */
    bool gdb;                 /* listen for a debugger on gdb_port */
    unsigned gdb_port;        /* 0: any free port (announced on stderr) */
    bool gdb_stop_at_start;   /* -S: wait for it before the first insn */
    /* Snapshots and the monitor (sys_snapshot.h, sys_monitor.h). */
    const char *monitor;      /* -monitor unix:PATH,...: the PATH, or NULL */
    const char *loadvm;       /* -loadvm FILE, or NULL */
};

/* The OpenSBI that `-bios default` boots. */
#define SYS_DEFAULT_BIOS \
    "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"

/*
 * Builds the board, loads the images and runs until the guest powers off
 * (its status: 0 for poweroff, the HTIF exit code on spike). Errors: one
 * "vm-run: ..." line and an RT_STATUS_* (missing file 127, bad image 126,
 * bad option 125, --timeout 124).
 */
int sys_run(const struct sys_options *o);

#endif
