/*
 * gdb_sys.h — the GDB remote stub of system mode (vm-run --system -s,
 * -gdb tcp::PORT, -S), QEMU's spellings. It serves the harts (gdb thread
 * i + 1 is hart i) in all-stop mode from the harts' own threads: the run
 * loop calls gdb_sys_before_insn before each block; the hart that stops
 * serves packets there until gdb resumes, while the others wait in the
 * same call. Nothing of this runs without those options (sys_hart.gdb is
 * NULL).
 */
#ifndef VM_GDB_SYS_H
#define VM_GDB_SYS_H

#include <stdbool.h>
#include <stdint.h>

struct gdb_sys;
struct sys_hart;

/* vm-run's exit status after gdb's kill (as a process killed by
 * SIGKILL). */
#define GDB_SYS_KILLED_STATUS 137

/* Listens on 127.0.0.1:port (port 0: any free port, announced on stderr
 * as "vm-run: gdb: listening on port N"). stop_at_start (-S): the hart
 * waits for the debugger before its first instruction. NULL after one
 * "vm-run: ..." line on stderr. */
struct gdb_sys *gdb_sys_listen(unsigned port, bool stop_at_start);
/* Serves these n harts (one array; sets each one's gdb). */
void gdb_sys_attach(struct gdb_sys *g, struct sys_hart *harts, unsigned n);

/* What the run loop does with the block at the hart's pc. */
enum gdb_sys_action {
    GDB_SYS_RUN,   /* as without a debugger */
    GDB_SYS_EXACT, /* breakpoints or a step: cut blocks where one must stop
                      (gdb_sys_exact_len), interpreted */
    GDB_SYS_KILL,  /* gdb killed the guest: power off */
    GDB_SYS_TIME_UP, /* --timeout passed while stopped or waiting for gdb */
};

/* Before the instruction at the hart's pc: stops there when it must
 * (breakpoint, step done, Ctrl-C, a new connection, -S) and serves the
 * debugger until it resumes the hart. */
enum gdb_sys_action gdb_sys_before_insn(struct gdb_sys *g, struct sys_hart *h);

/* True while a single step is under way (QEMU's default: no interrupt is
 * taken during a step) or a watchpoint's stop is due at the next
 * instruction. */
bool gdb_sys_stepping(const struct gdb_sys *g, const struct sys_hart *h);

/* In EXACT mode: true when the block [pc, pc + len) must be cut after its
 * first instruction (a step, or a breakpoint inside it). Watchpoints need
 * no cut: their hook ends the block at the accessing instruction. */
bool gdb_sys_must_cut(const struct gdb_sys *g, const struct sys_hart *h,
                      uint64_t pc, uint64_t len);

/* For a hart asleep in wfi (threaded boards): true while the harts are
 * stopped for the debugger (the hart leaves its sleep to park). */
bool gdb_sys_halted(const struct gdb_sys *g);
/* For a hart asleep in wfi: true when gdb's interrupt byte or a new
 * connection arrived (a stop is then due; the hart leaves its sleep). */
bool gdb_sys_woken(struct gdb_sys *g);

/* The board powered off with status: tells gdb (W) if one is attached. */
void gdb_sys_exited(struct gdb_sys *g, int status);

void gdb_sys_destroy(struct gdb_sys *g);

#endif
