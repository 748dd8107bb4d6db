/*
 * gdb_internal.h — what the stub's files share: the handle, the stop
 * event a guest thread hands to the server thread, breakpoint and
 * watchpoint sets.
 *
 * Threads: each guest thread runs its own dispatcher; one server thread
 * owns the socket. A guest thread that must stop (breakpoint, step done,
 * watchpoint, signal) records a stop event under `lock`, sets `stopped`
 * and wakes the server through `event_fd`; every guest thread then waits
 * in gdb_wait_resumed at its next instruction until the server resumes
 * them (all-stop). The breakpoint and watchpoint sets change only while
 * the guest is stopped.
 */
#ifndef VM_GDB_INTERNAL_H
#define VM_GDB_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "gdb_packet.h"
#include "gdb_target.h"
#include "gdb_watch.h"
#include "gdbstub.h"
#include "process.h"

/* rt_thread.gdb_resume: how the server last resumed a thread. */
enum { GDB_RESUME_CONT = 0, GDB_RESUME_STOP, GDB_RESUME_STEP };

#define GDB_MAX_BREAKPOINTS 256

struct gdbstub {
    int listen_fd;
    struct gdb_conn conn;
    struct rt_process *proc;
    const struct gdb_target *target;
    pthread_t server;
    bool server_running;

    pthread_mutex_t lock;
    pthread_cond_t resumed;  /* broadcast when the guest may go on */
    pthread_cond_t ended_cv; /* the exit reply was sent */
    int event_fd;            /* guest threads -> server: an event waits */
    bool stopped;            /* all-stop: guest threads wait (atomic) */
    bool detached;           /* no debugger any more: hooks do nothing */
    int paused;              /* guest threads waiting in gdb_wait_resumed */

    /* The stop event waiting for the server (has_event). */
    bool has_event;
    int ev_tid, ev_sig;      /* ev_sig: Linux numbering */
    enum gdb_watch_kind ev_watch;
    uint64_t ev_watch_addr;

    /* The end of the process (has_end). */
    bool has_end, end_by_signal, end_sent;
    int end_value;

    uint64_t bps[GDB_MAX_BREAKPOINTS];
    unsigned nbps;           /* read by guest threads without the lock */
    struct gdb_watch_set watches;

    int g_tid, c_tid;        /* Hg and Hc selections (0: any, -1: all) */
    char last_stop[96];      /* the last stop reply, for '?' */
    char pkt[GDB_PACKET_MAX + 1];
    char reply[2 * GDB_PACKET_MAX + 64];
    size_t reply_len;        /* of a binary reply; 0: reply is a string */
};

/* gdb_control.c: guest-side waiting, and the server's resume. Both with
 * g->lock held. */
void gdb_wait_resumed(struct gdbstub *g, struct rt_thread *t);
/* Records a stop event of t and stops every thread. */
void gdb_post_event(struct gdbstub *g, struct rt_thread *t, int sig,
                    enum gdb_watch_kind watch, uint64_t watch_addr);
/* Resumes the guest: each thread's rt_thread.gdb_resume is already set. */
void gdb_resume_all(struct gdbstub *g);
/* Waits a little for running guest threads to reach their pause. */
void gdb_settle(struct gdbstub *g);
/* Whether a breakpoint is set at pc (no lock: see above). */
bool gdb_has_breakpoint(const struct gdbstub *g, uint64_t pc);
/* Installs or removes the interpreter's watchpoint hook as needed. */
void gdb_update_watch_hook(struct gdbstub *g);

/* gdb_signals.c: Linux signal numbers to gdb's and back (0: none). */
int gdb_signal_from_host(int sig);
int gdb_signal_to_host(int gdb_sig);

/* gdb_server.c: the thread serving the connection. */
void *gdb_server_main(void *arg);
/* Formats the stop reply of the pending event into g->last_stop. */
void gdb_format_stop(struct gdbstub *g);

/* gdb_cmd_data.c: registers and memory ('g', 'G', 'p', 'P', 'm', 'M',
 * 'X'). Return the reply in g->reply. */
void gdb_cmd_data(struct gdbstub *g, const char *pkt, size_t len);
/* The thread selected by tid (0 or -1: the event thread, else the
 * first), or NULL. Takes proc->lock. */
struct rt_thread *gdb_find_thread(struct gdbstub *g, int tid);

/* gdb_cmd_query.c: q, Q and v packets other than vCont. */
void gdb_cmd_query(struct gdbstub *g, const char *pkt, size_t len);

/* gdb_cmd_run.c: breakpoints (Z, z), resuming (c, s, C, S, vCont),
 * H, T. Returns true when the guest was resumed (no reply now). */
bool gdb_cmd_run(struct gdbstub *g, const char *pkt);

#endif
