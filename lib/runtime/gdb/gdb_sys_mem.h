/*
 * gdb_sys_mem.h — guest memory as system mode's debugger sees it:
 * virtual addresses through the hart's current translation (satp and the
 * data privilege, MPRV applied), physical when it is bare. A debugger
 * access never raises a guest exception, never sets A/D bits and never
 * fills the TLB. As under QEMU, reads reach RAM, ROM and device
 * registers (with the side effects a load has: a UART's RBR pops a
 * byte); writes reach RAM and ROM, and are dropped elsewhere.
 */
#ifndef VM_GDB_SYS_MEM_H
#define VM_GDB_SYS_MEM_H

#include "gdb_data.h"

struct sys_hart;

/* The accessor for gdb_data_memory (opaque = the hart). */
struct gdb_memory gdb_sys_memory(struct sys_hart *h);

#endif
