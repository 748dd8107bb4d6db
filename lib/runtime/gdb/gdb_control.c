/*
 * gdb_control.c — the guest threads' side of the stub: deciding before
 * each instruction whether to stop (breakpoint, end of a single step,
 * watchpoint hit, a stop of another thread), waiting while the guest is
 * stopped, reporting signals and the end of the process; and the
 * interpreter hook that notices accesses to watched memory.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "gdb_internal.h"
#include "interp.h"

static void notify_server(struct gdbstub *g)
{
    uint64_t one = 1;
    ssize_t n = write(g->event_fd, &one, sizeof(one));
    (void)n; /* the counter only saturates; the server reads state */
}

/* Whether t must keep waiting: the guest is stopped, or t is (a vCont
 * left it out), and the process still runs (another thread may end it
 * with exit_group while t is held). */
static bool held(const struct gdbstub *g, const struct rt_thread *t)
{
    return !g->detached && !rt_process_done(g->proc) &&
           (g->stopped || t->gdb_resume == GDB_RESUME_STOP);
}

void gdb_wait_resumed(struct gdbstub *g, struct rt_thread *t)
{
    g->paused++;
    while (held(g, t)) {
        /* Woken by a resume; the timeout notices the end of the process. */
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 50000000;
        if (until.tv_nsec >= 1000000000) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000;
        }
        pthread_cond_timedwait(&g->resumed, &g->lock, &until);
    }
    g->paused--;
    t->gdb_step_armed = !g->detached && t->gdb_resume == GDB_RESUME_STEP;
}

void gdb_post_event(struct gdbstub *g, struct rt_thread *t, int sig,
                    enum gdb_watch_kind watch, uint64_t watch_addr)
{
    g->has_event = true;
    g->ev_tid = t->tid;
    g->ev_sig = sig;
    g->ev_watch = watch;
    g->ev_watch_addr = watch_addr;
    __atomic_store_n(&g->stopped, true, __ATOMIC_SEQ_CST);
    notify_server(g);
}

void gdb_resume_all(struct gdbstub *g)
{
    g->has_event = false;
    __atomic_store_n(&g->stopped, false, __ATOMIC_SEQ_CST);
    pthread_cond_broadcast(&g->resumed);
}

void gdb_settle(struct gdbstub *g)
{
    /* Threads in blocking system calls never arrive: wait a bounded time
     * for those executing guest code (they stop within an instruction). */
    for (int i = 0; i < 200; i++) {
        int running = __atomic_load_n(&g->proc->nthreads, __ATOMIC_ACQUIRE);
        pthread_mutex_lock(&g->lock);
        int paused = g->paused;
        pthread_mutex_unlock(&g->lock);
        if (paused >= running)
            return;
        struct timespec ts = {0, 100000};
        nanosleep(&ts, NULL);
    }
}

bool gdb_has_breakpoint(const struct gdbstub *g, uint64_t pc)
{
    unsigned n = __atomic_load_n(&g->nbps, __ATOMIC_ACQUIRE);
    for (unsigned i = 0; i < n; i++)
        if (g->bps[i] == pc)
            return true;
    return false;
}

/* Why t must stop before pc: a watchpoint it hit, the end of its step, a
 * breakpoint. */
static bool own_stop(struct gdbstub *g, struct rt_thread *t)
{
    if (t->gdb_watch_kind) {
        enum gdb_watch_kind kind = t->gdb_watch_kind;
        t->gdb_watch_kind = GDB_WATCH_NONE;
        t->gdb_step_armed = false;
        gdb_post_event(g, t, SIGTRAP, kind, t->gdb_watch_addr);
        return true;
    }
    if (t->gdb_step_armed || gdb_has_breakpoint(g, t->cpu->pc)) {
        t->gdb_step_armed = false;
        gdb_post_event(g, t, SIGTRAP, GDB_WATCH_NONE, 0);
        return true;
    }
    return false;
}

void gdbstub_before_insn(struct gdbstub *g, struct rt_thread *t)
{
    if (!__atomic_load_n(&g->stopped, __ATOMIC_ACQUIRE) &&
        !t->gdb_step_armed && !t->gdb_watch_kind &&
        t->gdb_resume != GDB_RESUME_STOP &&
        !gdb_has_breakpoint(g, t->cpu->pc))
        return;
    pthread_mutex_lock(&g->lock);
    /* Another thread's stop first; then, resumed, this one's own. */
    while (!g->detached && !rt_process_done(g->proc)) {
        if (held(g, t)) {
            gdb_wait_resumed(g, t);
            if (t->gdb_step_armed)
                break; /* stepping: this instruction runs */
            continue;
        }
        if (!own_stop(g, t))
            break;
        gdb_wait_resumed(g, t);
        break;
    }
    pthread_mutex_unlock(&g->lock);
}

void gdbstub_new_thread(struct gdbstub *g, struct rt_thread *parent,
                        struct rt_thread *child)
{
    pthread_mutex_lock(&g->lock);
    child->gdb_resume = parent->gdb_resume == GDB_RESUME_CONT
                            ? GDB_RESUME_CONT
                            : GDB_RESUME_STOP;
    pthread_mutex_unlock(&g->lock);
}

int gdbstub_signal(struct gdbstub *g, struct rt_thread *t, int sig)
{
    pthread_mutex_lock(&g->lock);
    while (held(g, t))
        gdb_wait_resumed(g, t);
    if (g->detached) {
        pthread_mutex_unlock(&g->lock);
        return sig;
    }
    t->gdb_signal = 0;
    gdb_post_event(g, t, sig, GDB_WATCH_NONE, 0);
    gdb_wait_resumed(g, t);
    int pass = g->detached ? sig : t->gdb_signal;
    t->gdb_signal = 0;
    pthread_mutex_unlock(&g->lock);
    return pass;
}

/* Hands the end of the process to the server and waits (boundedly) for
 * the reply to go out. */
static void post_end(struct gdbstub *g, bool by_signal, int value)
{
    pthread_mutex_lock(&g->lock);
    if (g->detached || g->has_end || !g->server_running) {
        pthread_mutex_unlock(&g->lock);
        return;
    }
    g->has_end = true;
    g->end_by_signal = by_signal;
    g->end_value = value;
    notify_server(g);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 2;
    while (!g->end_sent &&
           pthread_cond_timedwait(&g->ended_cv, &g->lock, &until) == 0)
        ;
    pthread_mutex_unlock(&g->lock);
}

void gdbstub_exited(struct gdbstub *g, int status)
{
    post_end(g, false, status & 0xff);
}

void gdbstub_killed(struct gdbstub *g, int sig)
{
    post_end(g, true, sig);
}

/* The stub whose watchpoints the interpreter hook checks (one process
 * per vm-run). */
static struct gdbstub *watching;

/* Where the target stops before the access (watch_before), the
 * instruction is abandoned (true) and runs again once gdb steps over it
 * with the watchpoint removed; otherwise the stop comes after it. */
static bool on_access(uint64_t addr, unsigned size, bool write)
{
    struct gdbstub *g = watching;
    struct rt_thread *t = rt_current_thread();
    if (!g || !t || t->gdb_watch_kind)
        return false;
    const struct gdb_watch *w = gdb_watch_hit(&g->watches, addr, size,
                                              !write, write);
    if (!w)
        return false;
    t->gdb_watch_kind = (uint8_t)w->kind;
    t->gdb_watch_addr = w->addr;
    return g->target->watch_before;
}

void gdb_update_watch_hook(struct gdbstub *g)
{
    watching = g->watches.n ? g : NULL;
    interp_access_hook = g->watches.n ? on_access : NULL;
}

void gdbstub_after_fork_child(struct rt_process *p, struct rt_thread *t)
{
    struct gdbstub *g = p->gdb;
    interp_access_hook = NULL;
    watching = NULL;
    p->gdb = NULL;
    t->gdb_step_armed = false;
    t->gdb_watch_kind = GDB_WATCH_NONE;
    t->gdb_resume = GDB_RESUME_CONT;
    if (g->conn.fd >= 0)
        close(g->conn.fd);
    if (g->event_fd >= 0)
        close(g->event_fd);
}

void gdbstub_trim_block(struct ir_block *b)
{
    uint32_t second = 0;
    for (uint32_t i = 0, seen = 0; i < b->n; i++)
        if (b->insns[i].op == IR_INSN && ++seen == 2) {
            second = i;
            break;
        }
    if (!second)
        return; /* one instruction already */
    uint64_t next_pc = b->insns[second].imm;
    b->n = second;
    b->guest_insns = 1;
    b->guest_bytes = b->insns[0].op == IR_INSN ? b->insns[0].size : 0;
    /* Temps are defined in increasing order: the last one kept. */
    b->n_temps = 0;
    for (uint32_t i = 0; i < b->n; i++)
        if (b->insns[i].dst > b->n_temps)
            b->n_temps = b->insns[i].dst;
    ir_exit_jump(b, next_pc);
}
