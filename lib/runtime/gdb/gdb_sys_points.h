/*
 * gdb_sys_points.h — system mode's breakpoints and watchpoints (Z/z
 * packets) and the watchpoint hook they install in a hart's interpreter
 * (sys_interp.h). Part of gdb_sys.c's stub; everything runs on the
 * hart's thread.
 */
#ifndef VM_GDB_SYS_POINTS_H
#define VM_GDB_SYS_POINTS_H

#include <stdbool.h>
#include <stdint.h>

#include "gdb_watch.h"

struct sys_interp;

#define GDB_SYS_MAX_BREAKPOINTS 256

struct gdb_sys_points {
    uint64_t bps[GDB_SYS_MAX_BREAKPOINTS];
    unsigned nbps;
    struct gdb_watch_set watches;
    struct sys_interp *hooked;  /* where the watchpoint hook is installed */
    enum gdb_watch_kind hit;    /* a watchpoint stop is due, and where */
    uint64_t hit_addr;
};

/* Z/z TYPE,ADDR,KIND (pkt whole): software and hardware breakpoints (the
 * same here), write, read and access watchpoints on virtual addresses,
 * checked by a hook installed in x while any is set. The reply. */
const char *gdb_sys_points_cmd(struct gdb_sys_points *p, struct sys_interp *x,
                               const char *pkt);
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
