/*
 * dev_syscon.h — the SiFive test device ("sifive,test0", QEMU virt's
 * syscon at 0x100000): writing 0x5555 powers off (status 0), 0x7777
 * resets (the run ends with status 0 too: vm has no reboot yet),
 * 0x3333 | code << 16 fails with `code`.
 */
#ifndef VM_DEV_SYSCON_H
#define VM_DEV_SYSCON_H

#include "dev.h"

#define DEV_SYSCON_SIZE 0x1000
#define DEV_SYSCON_PASS 0x5555
#define DEV_SYSCON_RESET 0x7777

extern const struct mmu_io_ops dev_syscon_ops; /* opaque: struct dev_power */

#endif
