/*
 * gdbstub.h — the GDB remote stub of user mode (vm-run -g PORT): a
 * debugger connected over TCP controls the guest process in all-stop
 * mode. The runtime sees an opaque handle (rt_process.gdb, NULL without
 * -g, so every hook below sits behind one branch on that pointer).
 *
 * While a debugger is attached the guest runs in the interpreter with
 * one-instruction blocks (gdbstub_trim_block), and the dispatcher calls
 * gdbstub_before_insn before each instruction: breakpoints, single steps,
 * watchpoint hits and pause requests are all decided there. See README.md
 * in this folder.
 */
#ifndef VM_GDBSTUB_H
#define VM_GDBSTUB_H

#include <stdbool.h>
#include <stdint.h>

struct gdbstub;
struct rt_process;
struct rt_thread;
struct ir_block;

/* Listens on 127.0.0.1:port (port 0: the kernel picks one, announced on
 * stderr as "vm-run: gdb: listening on port N"). NULL after one
 * "vm-run: ..." line on stderr. */
struct gdbstub *gdbstub_listen(unsigned port);

/* Waits for the debugger to connect and starts serving it; the process
 * is then stopped at leader's first instruction. -1 after a line on
 * stderr (the run ends). */
int gdbstub_start(struct gdbstub *g, struct rt_process *p,
                  struct rt_thread *leader);

/* Guest thread t is about to run the instruction at t->cpu->pc: may stop
 * there (and wait until the debugger resumes t). */
void gdbstub_before_insn(struct gdbstub *g, struct rt_thread *t);

/* Thread parent made thread child: the child runs when its parent runs
 * freely, and stays stopped when the parent single-steps (the debugger
 * resumed that one thread alone). */
void gdbstub_new_thread(struct gdbstub *g, struct rt_thread *parent,
                        struct rt_thread *child);

/* Signal sig (Linux numbering) is about to be delivered to t: reports it
 * and waits for the debugger. Returns the signal to deliver (0: none). */
int gdbstub_signal(struct gdbstub *g, struct rt_thread *t, int sig);

/* The process ended: by exit status (W) or by a signal (X). Sends the
 * reply and closes the connection. */
void gdbstub_exited(struct gdbstub *g, int status);
void gdbstub_killed(struct gdbstub *g, int sig);

/* Cuts a lifted block after its first guest instruction (a jump to the
 * next one ends it), so that every instruction boundary is a block
 * boundary. */
void gdbstub_trim_block(struct ir_block *b);

/* In a fork child (thread t alone): the debugger stays with the parent;
 * the child runs on without it (its copy of the stub is dropped, not
 * freed: its lock may have been held across the fork). */
void gdbstub_after_fork_child(struct rt_process *p, struct rt_thread *t);

/* Stops serving and frees g (after the process ended). */
void gdbstub_destroy(struct gdbstub *g);

#endif
