/*
 * vm/vm.h — embedding vm's RISC-V 64 system emulator (libvm): configure
 * a virt board (memory, harts, execution tier, firmware, kernel, disks),
 * add devices of your own, then create, run on a thread, pause, resume,
 * snapshot, stop and destroy it. `vm-run --system` is built on the same
 * machine (lib/runtime/system/sys_vm.h).
 *
 * Threads: vm_start runs the machine on threads of its own (each hart on
 * one, the devices' host side on another); every other call may come
 * from any one thread of the embedder. Device callbacks run on hart
 * threads, one at a time (the board's device lock is held).
 */
#ifndef VM_VM_H
#define VM_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vm_machine vm_machine;

/* The interpreter, tier 1 (x86-64 code per block), tiered (tier 1, hot
 * loops compiled by LLVM in the background: the vm_llvm module is looked
 * for next to the program, as vm-run's), or LLVM for every block. */
enum vm_exec_mode { VM_EXEC_INTERP, VM_EXEC_TIER1, VM_EXEC_TIERED,
                    VM_EXEC_LLVM };

struct vm_config {
    uint64_t ram_bytes;        /* 0: 128 MiB */
    unsigned harts;            /* 0: 1 */
    enum vm_exec_mode mode;
    const char *bios;          /* NULL: Debian's OpenSBI; "none": none */
    const char *kernel;        /* an ELF or flat image, or NULL */
    const char *initrd;        /* or NULL */
    const char *append;        /* the kernel command line, or NULL */
    const char *disk;          /* a raw image as virtio-blk, or NULL */
    bool disk_readonly;
    const char *loadvm;        /* start from this snapshot, or NULL */
    unsigned timeout_sec;      /* 0: none */
};

/* A device of the embedder's on the physical bus: offset is relative to
 * its base, size is 1, 2, 4 or 8, and the access lies inside it. */
struct vm_device {
    uint64_t base, size;       /* outside RAM and the board's devices */
    uint64_t (*read)(void *opaque, uint64_t offset, unsigned size);
    void (*write)(void *opaque, uint64_t offset, unsigned size,
                  uint64_t value);
    void *opaque;
};

/* Builds the machine (NULL: the reason in err, as one line). */
vm_machine *vm_create(const struct vm_config *config, char *err,
                      size_t err_size);
/* Adds a device before vm_start: 0, or -1 (overlaps, table full, after
 * the start). */
int vm_add_device(vm_machine *m, const struct vm_device *device);
/* Drives interrupt source irq (32 to 95: free PLIC sources of the virt
 * board; the guest's driver must know which) high or low. */
int vm_irq_set(vm_machine *m, unsigned irq, bool level);
/* Runs the machine on its own threads: 0, or -1 (already started). */
int vm_start(vm_machine *m);
/* Stops every hart between instructions (the guest clock stands still)
 * and lets them go on. */
void vm_pause(vm_machine *m);
void vm_resume(vm_machine *m);
/* Writes a snapshot (RAM, harts, devices; not disks, not the embedder's
 * devices) that vm_config.loadvm restores: 0, or -1 with err. */
int vm_snapshot(vm_machine *m, const char *path, char *err, size_t err_size);
/* Powers the machine off (status 0) as the guest's poweroff would. */
void vm_stop(vm_machine *m);
/* Waits until the machine has powered off: the guest's status (0 after
 * its poweroff), or 124 at the time limit. */
int vm_wait(vm_machine *m);
/* Stops it if running, waits, frees everything. */
void vm_destroy(vm_machine *m);

#ifdef __cplusplus
}
#endif

#endif
