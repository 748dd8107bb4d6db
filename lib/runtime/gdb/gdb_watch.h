/*
 * gdb_watch.h — watchpoint lists (Z2 write, Z3 read, Z4 access), shared
 * by user mode's stub (gdb_control.c's interpreter hook) and system
 * mode's (gdb_sys.c's hook in the system interpreter): inserting,
 * removing, which watchpoint an access hits, and its stop-reply name.
 */
#ifndef VM_GDB_WATCH_H
#define VM_GDB_WATCH_H

#include <stdbool.h>
#include <stdint.h>

/* Watchpoint kinds as Z2/Z3/Z4 number them (minus 1), and 0 for none. */
enum gdb_watch_kind { GDB_WATCH_NONE, GDB_WATCH_WRITE, GDB_WATCH_READ,
                      GDB_WATCH_ACCESS };

#define GDB_MAX_WATCHPOINTS 8
#define GDB_MAX_WATCH_LEN 4096

struct gdb_watch {
    uint64_t addr, len;
    enum gdb_watch_kind kind;
};

struct gdb_watch_set {
    struct gdb_watch w[GDB_MAX_WATCHPOINTS];
    unsigned n;
};

/* The kind a Z/z packet's type (2, 3, 4) names, or GDB_WATCH_NONE. */
enum gdb_watch_kind gdb_watch_kind_of(uint64_t z_type);
/* 0, or -1 when the set is full or the range is empty, too long or
 * wraps around. */
int gdb_watch_insert(struct gdb_watch_set *s, uint64_t addr, uint64_t len,
                     enum gdb_watch_kind kind);
/* Removes the watchpoint inserted with the same addr, len and kind. */
void gdb_watch_remove(struct gdb_watch_set *s, uint64_t addr, uint64_t len,
                      enum gdb_watch_kind kind);
/* The first watchpoint that an access of [addr, addr + size) hits (an
 * atomic both reads and writes), or NULL. */
const struct gdb_watch *gdb_watch_hit(const struct gdb_watch_set *s,
                                      uint64_t addr, unsigned size,
                                      bool reads, bool writes);
/* "watch", "rwatch" or "awatch": the stop reply's key for kind. */
const char *gdb_watch_reply_key(enum gdb_watch_kind kind);

#endif
