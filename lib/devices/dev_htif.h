/*
 * dev_htif.h — the Berkeley host-target interface of `-M spike`: the
 * guest writes commands to the 64-bit `tohost` word, the host answers in
 * `fromhost`. Device 0 command 0 with bit 0 set is "exit with code
 * value >> 1" (riscv-tests: 1 = pass); without bit 0 it points to a
 * proxied system call (only write(2) to stdout/stderr is done).
 * Device 1 command 1 prints a character.
 *
 * Map dev_htif_ops twice, 8 bytes each: at tohost with opaque
 * dev_htif_tohost(h) and at fromhost with dev_htif_fromhost(h).
 */
#ifndef VM_DEV_HTIF_H
#define VM_DEV_HTIF_H

#include "dev.h"

struct dev_htif;

struct dev_htif *dev_htif_new(const struct mmu_phys *mem,
                              struct dev_power *power, int out_fd);
void dev_htif_free(struct dev_htif *h);
void *dev_htif_tohost(struct dev_htif *h);
void *dev_htif_fromhost(struct dev_htif *h);
extern const struct mmu_io_ops dev_htif_ops;

#endif
