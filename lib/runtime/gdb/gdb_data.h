/*
 * gdb_data.h — the register and memory packets ('g' 'G' 'p' 'P' 'm' 'M'
 * 'X') over any CPU state and any guest memory, shared by user mode's
 * stub (a thread's state, the process's mmu) and system mode's (a hart,
 * its current translation). Each writes its reply, NUL-terminated, to
 * out (room for 2 * GDB_PACKET_MAX + 1 bytes).
 */
#ifndef VM_GDB_DATA_H
#define VM_GDB_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gdb_target.h"

/* Guest memory as the debugger sees it: 0, or -1 when [addr, addr+len)
 * is not wholly accessible (nothing was written then). */
struct gdb_memory {
    int (*read)(void *opaque, uint64_t addr, void *buf, uint64_t len);
    int (*write)(void *opaque, uint64_t addr, const void *buf, uint64_t len);
    void *opaque;
};

/* pkt is the whole packet (its first byte one of "gGpP"). */
void gdb_data_regs(const struct gdb_target *t, struct ir_ctx *cpu,
                   const char *pkt, size_t len, char *out);
/* pkt is the whole packet (its first byte one of "mMX"). Returns true
 * when guest memory was written. */
bool gdb_data_memory(const struct gdb_memory *m, const char *pkt, size_t len,
                     char *out);

#endif
