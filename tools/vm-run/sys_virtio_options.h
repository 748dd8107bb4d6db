/*
 * sys_virtio_options.h — `-drive` and `-device` of vm-run --system, in
 * QEMU's spelling: `-drive file=F,format=raw,if=virtio[,readonly=on]
 * [,serial=S]`, or `-drive ...,if=none,id=X` with `-device
 * virtio-blk-device,drive=X`; `-device virtio-rng-device`;
 * `-device virtio-console-device`.
 */
#ifndef VM_RUN_SYS_VIRTIO_OPTIONS_H
#define VM_RUN_SYS_VIRTIO_OPTIONS_H

#include "sys.h"

/* The drives seen so far: if=none ones wait for a -device naming them,
 * if=virtio ones are plugged after every -device (QEMU plugs its
 * if=virtio drives last too, though on its virt board they become
 * virtio-blk-pci; vm has no PCI, so they are virtio-mmio here). */
struct sys_drives {
    struct sys_virtio drive[SYS_VIRTIO_MAX];
    const char *id[SYS_VIRTIO_MAX]; /* if=none: its id; NULL: if=virtio */
    unsigned n;
};

/* option: "-drive" or "-device". 0, or -1 after one "vm-run:" line. */
int sys_virtio_option(const char *option, char *value, struct sys_options *o,
                      struct sys_drives *drives);
/* One "vm-run: OPTION: WHAT[ ARG]" line on stderr; returns -1. */
int sys_options_error(const char *option, const char *what, const char *arg);
/* Cuts the next "key=value" word off *s (a comma-separated list, split
 * in place); *value is "" without '='. NULL at the end. */
char *sys_options_next_word(char **s, char **value);
/* Plugs d into the next slot; 0, or -1 after one line (slots full). */
int sys_virtio_add(struct sys_options *o, const char *option,
                   const struct sys_virtio *d);
/* Plugs the if=virtio drives after the -device ones; 0 or -1 as above. */
int sys_virtio_options_finish(struct sys_options *o,
                              const struct sys_drives *drives);

#endif
