/*
 * gdb_target.h — what the stub knows of a guest architecture: its target
 * description (the features and registers gdb is told about in
 * target.xml) and how each register maps onto the guest CPU state. One
 * table per guest (gdb_target_riscv64.c, gdb_target_x86_64.c); the XML is
 * generated from the table (gdb_target.c).
 */
#ifndef VM_GDB_TARGET_H
#define VM_GDB_TARGET_H

#include <stddef.h>
#include <stdint.h>

#include "ir.h"

/* A register as gdb numbers it. offset >= 0: the register is `bytes`
 * little-endian bytes at that offset of the CPU state; otherwise the
 * target's read_special/write_special compute it. */
struct gdb_reg {
    const char *name;
    uint16_t regnum;
    uint8_t bytes;
    uint8_t feature;      /* index into gdb_target.features */
    const char *type;     /* gdb type name ("int", "code_ptr", ...) */
    const char *group;    /* "general", "float", "vector" or NULL */
    int32_t offset;
};

struct gdb_feature {
    const char *name;     /* "org.gnu.gdb.riscv.cpu" */
    const char *types;    /* type definitions the registers use, or "" */
};

struct gdb_target {
    const char *arch;     /* <architecture> */
    const char *osabi;    /* <osabi>, or NULL (system mode: bare metal) */
    /* gdb expects a watchpoint to stop before the access (it then steps
     * over it itself): riscv64. x86-64's trap after it. */
    bool watch_before;
    const struct gdb_feature *features;
    unsigned nfeatures;
    const struct gdb_reg *regs; /* in increasing regnum */
    unsigned nregs;
    void (*read_special)(const struct ir_ctx *cpu, const struct gdb_reg *r,
                         uint8_t *out);
    void (*write_special)(struct ir_ctx *cpu, const struct gdb_reg *r,
                          const uint8_t *in);
};

extern const struct gdb_target gdb_target_riscv64;
/* The same registers for a hart of system mode (no OS ABI). */
extern const struct gdb_target gdb_target_riscv64_system;
extern const struct gdb_target gdb_target_x86_64;

/* The register numbered regnum, or NULL. */
const struct gdb_reg *gdb_target_reg(const struct gdb_target *t,
                                     unsigned regnum);
/* Reads or writes r's r->bytes bytes (guest byte order: little-endian). */
void gdb_target_read(const struct gdb_target *t, const struct ir_ctx *cpu,
                     const struct gdb_reg *r, uint8_t *out);
void gdb_target_write(const struct gdb_target *t, struct ir_ctx *cpu,
                      const struct gdb_reg *r, const uint8_t *in);
/* Bytes of the 'g' packet's register block (every register in order). */
size_t gdb_target_g_bytes(const struct gdb_target *t);
/* target.xml, malloc'ed (NULL when out of memory). */
char *gdb_target_xml(const struct gdb_target *t);

#endif
