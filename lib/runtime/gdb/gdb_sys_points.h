/*
 * gdb_sys_points.h — system mode's breakpoints and watchpoints (Z/z
 * packets) and the watchpoint hook they install in a hart's interpreter
 * (sys_interp.h). Part of gdb_sys.c's stub: changed while every hart is
 * stopped, read by running harts.
 */
#ifndef VM_GDB_SYS_POINTS_H
#define VM_GDB_SYS_POINTS_H

#include <stdbool.h>
#include <stdint.h>

#include "gdb_watch.h"

struct sys_interp;

#define GDB_SYS_MAX_BREAKPOINTS 256

#define GDB_SYS_MAX_HARTS 64

struct gdb_sys_points;

/* A hart's interpreter and its index, the hook's opaque pointer. */
struct gdb_sys_hooked {
    struct gdb_sys_points *points;
    struct sys_interp *interp;
    unsigned hart;
};

struct gdb_sys_points {
    uint64_t bps[GDB_SYS_MAX_BREAKPOINTS];
    unsigned nbps;
    struct gdb_watch_set watches;
    /* Every hart's interpreter, where the watchpoint hook goes while any
     * watchpoint is set. */
    struct gdb_sys_hooked harts[GDB_SYS_MAX_HARTS];
    unsigned nharts;
    /* A watchpoint stop is due at hit_hart's next instruction (hit is
     * claimed atomically: harts run on threads of their own). */
    enum gdb_watch_kind hit;
    uint64_t hit_addr;
    unsigned hit_hart;
    unsigned claim;             /* 0, or the hit's hart + 1 */
};

/* Where the hook goes: hart i's interpreter is xs[i] (n at most
 * GDB_SYS_MAX_HARTS). */
void gdb_sys_points_harts(struct gdb_sys_points *p, struct sys_interp *const *xs,
                          unsigned n);
/* Z/z TYPE,ADDR,KIND (pkt whole): software and hardware breakpoints (the
 * same here), write, read and access watchpoints on virtual addresses,
 * checked by a hook installed in every hart while any is set. The
 * reply. */
const char *gdb_sys_points_cmd(struct gdb_sys_points *p, const char *pkt);
/* A watchpoint stop is due at hart's next instruction. */
bool gdb_sys_points_hit_by(const struct gdb_sys_points *p, unsigned hart);
/* That stop was reported: the next hit may be claimed. */
void gdb_sys_points_hit_done(struct gdb_sys_points *p);
/* A breakpoint at pc. */
bool gdb_sys_points_at(const struct gdb_sys_points *p, uint64_t pc);
/* A breakpoint inside [pc, pc + len) after its first byte. */
bool gdb_sys_points_inside(const struct gdb_sys_points *p, uint64_t pc,
                           uint64_t len);
/* Any breakpoint or watchpoint set (the hart must be interpreted). */
bool gdb_sys_points_any(const struct gdb_sys_points *p);
/* The debugger left: every point removed, the hook too. */
void gdb_sys_points_clear(struct gdb_sys_points *p);

#endif
