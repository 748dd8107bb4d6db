/*
 * gdb_sys.c — system mode's stub (gdb_sys.h): the connection, stops and
 * the packets served while the harts are stopped. It runs on the harts'
 * threads: while the guest runs, hart 0 polls the socket every POLL_EVERY
 * blocks for gdb's interrupt byte (or, before gdb connected, for a
 * connection, which stops the guest as QEMU's does). All-stop with
 * several harts: the hart that must stop becomes the owner, raises halt
 * and waits until every other hart has parked at its next block
 * (gdb_sys_before_insn), then serves gdb; a step runs only the stepped
 * hart, the others stay parked; continue lets all go.
 *
 * Breakpoints and watchpoints: gdb_sys_points.c.
 */
#include "gdb_sys.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gdb_data.h"
#include "gdb_packet.h"
#include "gdb_socket.h"
#include "gdb_sys_mem.h"
#include "gdb_sys_points.h"
#include "gdb_xfer.h"
#include "sys_hart.h"
#include "sys_wait.h"

#define POLL_EVERY 1024
#define PARK_WAKE_MS 50 /* parked harts and the owner look at poweroff */
#define NO_HART (-1)

struct gdb_sys {
    int listen_fd;
    struct gdb_conn conn;    /* fd -1: no debugger connected */
    int stop_sig;            /* a stop is due (hart 0 takes it) */
    int step_hart;           /* the hart single-stepping, or NO_HART */
    bool reply_due;          /* gdb resumed us: a stop reply is awaited */
    /* The machine's harts (gdb thread i + 1 is hart i) and all-stop:
     * while halt is set every hart but step_hart parks; owner is the
     * hart serving gdb, or NULL. sel: the hart gdb's g/m/p read (Hg). */
    struct sys_hart *harts;
    unsigned nharts, parked;
    bool halt;
    struct sys_hart *owner;
    unsigned sel;
    pthread_mutex_t lock;
    pthread_cond_t cv;
    unsigned polls;
    struct gdb_sys_points points;
    char last_stop[96];      /* T05thread:1;rwatch:ADDR; fits */
    char pkt[GDB_PACKET_MAX + 1];
    char reply[2 * GDB_PACKET_MAX + 64];
    size_t reply_len;        /* of a binary reply; 0: a string */
};

enum serve_result { SERVE_RESUME, SERVE_DETACH, SERVE_KILL, SERVE_TIME_UP };

struct gdb_sys *gdb_sys_listen(unsigned port, bool stop_at_start)
{
    struct gdb_sys *g = calloc(1, sizeof(*g));
    if (!g) {
        fprintf(stderr, "vm-run: gdb: out of memory\n");
        return NULL;
    }
    g->conn.fd = -1;
    g->step_hart = NO_HART;
    if (sys_wait_init(&g->lock, &g->cv)) {
        fprintf(stderr, "vm-run: gdb: out of memory\n");
        free(g);
        return NULL;
    }
    unsigned bound;
    g->listen_fd = gdb_socket_listen(port, &bound);
    if (g->listen_fd < 0) {
        sys_wait_free(&g->lock, &g->cv);
        free(g);
        return NULL;
    }
    if (port == 0)
        fprintf(stderr, "vm-run: gdb: listening on port %u\n", bound);
    g->stop_sig = stop_at_start ? SIGTRAP : 0;
    g->halt = stop_at_start; /* no hart runs before the debugger says so */
    return g;
}

void gdb_sys_attach(struct gdb_sys *g, struct sys_hart *harts, unsigned n)
{
    struct sys_interp *xs[GDB_SYS_MAX_HARTS];
    g->harts = harts;
    g->nharts = n < GDB_SYS_MAX_HARTS ? n : GDB_SYS_MAX_HARTS;
    for (unsigned i = 0; i < g->nharts; i++) {
        xs[i] = &harts[i].interp;
        harts[i].gdb = g;
    }
    gdb_sys_points_harts(&g->points, xs, g->nharts);
}

void gdb_sys_destroy(struct gdb_sys *g)
{
    if (!g)
        return;
    gdb_sys_points_clear(&g->points); /* the harts outlive the stub */
    for (unsigned i = 0; i < g->nharts; i++)
        g->harts[i].gdb = NULL;
    if (g->listen_fd >= 0)
        close(g->listen_fd);
    if (g->conn.fd >= 0)
        close(g->conn.fd);
    sys_wait_free(&g->lock, &g->cv);
    free(g);
}

/* The debugger left (D, or the connection closed): no more stops; a new
 * debugger may connect later. */
static void disconnect(struct gdb_sys *g)
{
    if (g->conn.fd >= 0)
        close(g->conn.fd);
    g->conn = (struct gdb_conn){.fd = -1};
    gdb_sys_points_clear(&g->points);
    g->step_hart = NO_HART;
    g->reply_due = false;
}

/* Until fd is readable (true) or the deadline (ns, 0: none) passes. */
static bool wait_readable(int fd, uint64_t deadline_ns)
{
    for (;;) {
        int ms = -1;
        if (deadline_ns) {
            uint64_t now = dev_clock_ns();
            if (now >= deadline_ns)
                return false;
            ms = (int)((deadline_ns - now) / 1000000) + 1;
        }
        struct pollfd p = {.fd = fd, .events = POLLIN};
        int r = poll(&p, 1, ms);
        if (r > 0 || (r < 0 && errno != EINTR))
            return true; /* an error: the read or accept reports it */
    }
}

static void accept_debugger(struct gdb_sys *g)
{
    int fd = gdb_socket_accept(g->listen_fd);
    if (fd >= 0)
        g->conn = (struct gdb_conn){.fd = fd};
}

/* While the guest runs: a new connection or the interrupt byte. */
static void poll_socket(struct gdb_sys *g)
{
    if (g->conn.fd < 0) {
        struct pollfd p = {.fd = g->listen_fd, .events = POLLIN};
        if (g->listen_fd >= 0 && poll(&p, 1, 0) > 0) {
            accept_debugger(g);
            if (g->conn.fd >= 0)
                g->stop_sig = SIGTRAP;
        }
        return;
    }
    if (!gdb_conn_pending(&g->conn))
        return;
    size_t len;
    switch (gdb_read_packet(&g->conn, g->pkt, sizeof(g->pkt), &len)) {
    case GDB_READ_INTERRUPT: g->stop_sig = SIGINT; break;
    case GDB_READ_CLOSED: disconnect(g); break;
    case GDB_READ_PACKET: break; /* nothing is asked of a running stub */
    }
}

bool gdb_sys_halted(const struct gdb_sys *g)
{
    return __atomic_load_n(&g->halt, __ATOMIC_ACQUIRE);
}

bool gdb_sys_woken(struct gdb_sys *g)
{
    struct pollfd p = {.fd = g->conn.fd >= 0 ? g->conn.fd : g->listen_fd,
                       .events = POLLIN};
    if (p.fd < 0 || poll(&p, 1, 0) <= 0)
        return false;
    poll_socket(g);
    return g->stop_sig != 0;
}

static bool stepping(const struct gdb_sys *g, const struct sys_hart *h)
{
    return g->step_hart == (int)h->id;
}

bool gdb_sys_stepping(const struct gdb_sys *g, const struct sys_hart *h)
{
    return stepping(g, h) || gdb_sys_points_hit_by(&g->points, h->id);
}

bool gdb_sys_must_cut(const struct gdb_sys *g, const struct sys_hart *h,
                      uint64_t pc, uint64_t len)
{
    return stepping(g, h) || gdb_sys_points_inside(&g->points, pc, len);
}

/* A thread id: *hart is the hart it names, -1 for "all" or "any" (-1 or
 * 0); false when it names none. */
static bool parse_tid(const struct gdb_sys *g, const char *s, int *hart)
{
    if (strcmp(s, "-1") == 0) {
        *hart = -1;
        return true;
    }
    uint64_t tid;
    if (gdb_parse_hex(&s, &tid) || *s || tid > g->nharts)
        return false;
    *hart = (int)tid - 1;
    return true;
}

static bool names_hart(const struct gdb_sys *g, const char *s)
{
    int hart;
    return parse_tid(g, s, &hart);
}

static void query(struct gdb_sys *g, const char *pkt)
{
    const char *r = "";
    if (strncmp(pkt, "qSupported", 10) == 0) {
        snprintf(g->reply, sizeof(g->reply),
                 "PacketSize=%x;qXfer:features:read+;QStartNoAckMode+;"
                 "vContSupported+",
                 GDB_PACKET_MAX);
        return;
    }
    if (strncmp(pkt, "qXfer:features:read:", 20) == 0) {
        gdb_xfer_features(&gdb_target_riscv64_system, pkt + 20, g->reply,
                          &g->reply_len);
        return;
    }
    if (strcmp(pkt, "qfThreadInfo") == 0) {
        size_t n = (size_t)snprintf(g->reply, sizeof(g->reply), "m1");
        for (unsigned i = 1; i < g->nharts && n < sizeof(g->reply); i++)
            n += (size_t)snprintf(g->reply + n, sizeof(g->reply) - n,
                                  ",%x", i + 1);
        return;
    }
    if (strcmp(pkt, "qsThreadInfo") == 0)
        r = "l";
    else if (strcmp(pkt, "qC") == 0) {
        snprintf(g->reply, sizeof(g->reply), "QC%x", g->sel + 1);
        return;
    }
    else if (strncmp(pkt, "qAttached", 9) == 0)
        r = "1"; /* as QEMU: gdb detaches on quit, the machine runs on */
    else if (strcmp(pkt, "QStartNoAckMode") == 0 ||
             strncmp(pkt, "qSymbol", 7) == 0)
        r = "OK";
    else if (strcmp(pkt, "vCont?") == 0)
        r = "vCont;c;C;s;S";
    strcpy(g->reply, r);
}

/* What gdb resumes: a hart to step (others stay stopped), or all
 * continue (step_hart NO_HART). c/s/C/S [sig;][addr] act on the selected
 * hart; vCont;ACTION[:tid]...: a step named anywhere wins (gdb steps one
 * thread and lets the others continue: here they stay stopped, as with
 * scheduler-locking). Signals mean nothing to a bare machine: dropped. */
static bool resume_cmd(struct gdb_sys *g, const char *pkt)
{
    if (pkt[0] == 'v') {
        const char *s = pkt + 5;
        int step = NO_HART;
        bool any = false;
        while (*s == ';') {
            char kind = s[1];
            const char *colon = strchr(s + 1, ':');
            const char *next = strchr(s + 1, ';');
            if (!strchr("cCsS", kind) || !kind) {
                strcpy(g->reply, "E16");
                return false;
            }
            char tid[24] = "-1";
            if (colon && (!next || colon < next)) {
                size_t k = next ? (size_t)(next - colon - 1) : strlen(colon + 1);
                if (k >= sizeof(tid)) {
                    strcpy(g->reply, "E16");
                    return false;
                }
                memcpy(tid, colon + 1, k);
                tid[k] = 0;
            }
            int hart;
            if (parse_tid(g, tid, &hart)) {
                any = true;
                if ((kind | 0x20) == 's' && step == NO_HART)
                    step = hart < 0 ? (int)g->sel : hart;
            }
            s = next ? next : "";
        }
        if (!any) {
            strcpy(g->reply, "E16");
            return false;
        }
        g->step_hart = step;
        return true;
    }
    const char *s = pkt + 1;
    uint64_t v;
    if (pkt[0] == 'C' || pkt[0] == 'S') {
        if (gdb_parse_hex(&s, &v)) {
            strcpy(g->reply, "E16");
            return false;
        }
        if (*s == ';')
            s++;
    }
    if (*s && gdb_parse_hex(&s, &v) == 0)
        g->harts[g->sel].rv.cpu.ctx.pc = v;
    g->step_hart = (pkt[0] | 0x20) == 's' ? (int)g->sel : NO_HART;
    return true;
}

/* One packet while stopped, on behalf of h (the owner). *resumed: the
 * harts may run on. */
static enum serve_result serve_packet(struct gdb_sys *g, struct sys_hart *h,
                                      bool *resumed)
{
    size_t len;
    if (!gdb_conn_pending(&g->conn) &&
        !wait_readable(g->conn.fd, h->deadline_ns))
        return SERVE_TIME_UP;
    switch (gdb_read_packet(&g->conn, g->pkt, sizeof(g->pkt), &len)) {
    case GDB_READ_CLOSED: return SERVE_DETACH;
    case GDB_READ_INTERRUPT: return SERVE_RESUME; /* already stopped */
    case GDB_READ_PACKET: break;
    }
    const char *p = g->pkt;
    g->reply[0] = 0;
    g->reply_len = 0;
    struct sys_hart *cur = &g->harts[g->sel];
    int hart;
    switch (p[0]) {
    case '?': strcpy(g->reply, g->last_stop); break;
    case 'g': case 'G': case 'p': case 'P':
        gdb_data_regs(&gdb_target_riscv64_system, &cur->rv.cpu.ctx, p, len,
                      g->reply);
        if (p[0] == 'G' || p[0] == 'P') /* satp, mstatus or priv may change */
            mmu_tlb_flush(&cur->mem.tlb);
        break;
    case 'm': case 'M': case 'X': {
        struct gdb_memory m = gdb_sys_memory(cur);
        gdb_data_memory(&m, p, len, g->reply);
        break;
    }
    case 'Z': case 'z':
        strcpy(g->reply, gdb_sys_points_cmd(&g->points, p));
        break;
    case 'H': /* Hg selects what g/m/p read; Hc, what c/s resume */
        if (!parse_tid(g, p + 2, &hart)) {
            strcpy(g->reply, "E01");
            break;
        }
        if (hart >= 0)
            g->sel = (unsigned)hart;
        strcpy(g->reply, "OK");
        break;
    case 'T': strcpy(g->reply, names_hart(g, p + 1) ? "OK" : "E01"); break;
    case 'D':
        gdb_send_str(&g->conn, "OK");
        return SERVE_DETACH;
    case 'k': return SERVE_KILL;
    case 'c': case 's': case 'C': case 'S':
        *resumed = resume_cmd(g, p);
        break;
    case 'v':
        if (strncmp(p, "vKill", 5) == 0) {
            gdb_send_str(&g->conn, "OK");
            return SERVE_KILL;
        }
        if (strncmp(p, "vCont;", 6) == 0)
            *resumed = resume_cmd(g, p);
        else
            query(g, p);
        break;
    case 'q': case 'Q':
        query(g, p);
        if (strcmp(p, "QStartNoAckMode") == 0) {
            gdb_send_str(&g->conn, g->reply);
            g->conn.no_ack = true;
            return SERVE_RESUME;
        }
        break;
    default: break; /* unsupported: the empty reply */
    }
    if (*resumed) {
        g->reply_due = true;
        return SERVE_RESUME;
    }
    size_t n = g->reply_len ? g->reply_len : strlen(g->reply);
    return gdb_send(&g->conn, g->reply, n) == 0 ? SERVE_RESUME : SERVE_DETACH;
}

/* Steps, breakpoints and watchpoints need the interpreter: tier 1 would
 * chain past a breakpoint and has no access hook. */
static bool exact(const struct gdb_sys *g)
{
    return g->step_hart != NO_HART || gdb_sys_points_any(&g->points);
}

static bool powered_off(const struct sys_hart *h)
{
    return dev_power_stopped(&h->board->power);
}

/* A hart that may not run now (another serves gdb, or steps): waits
 * until it may, counted in parked so that the owner knows its state is
 * at rest. */
static void park(struct gdb_sys *g, struct sys_hart *h)
{
    pthread_mutex_lock(&g->lock);
    g->parked++;
    pthread_cond_broadcast(&g->cv);
    while (g->halt && !stepping(g, h) && !powered_off(h)) {
        struct timespec t = sys_wait_after_ns(PARK_WAKE_MS * 1000000ull);
        pthread_cond_timedwait(&g->cv, &g->lock, &t);
    }
    g->parked--;
    pthread_mutex_unlock(&g->lock);
}

/* h must stop: it becomes the owner once every other hart has parked;
 * false when another hart owns the stop (h then parked until resumed,
 * and looks again). */
static bool own_stop(struct gdb_sys *g, struct sys_hart *h)
{
    pthread_mutex_lock(&g->lock);
    if (g->owner && g->owner != h) {
        pthread_mutex_unlock(&g->lock);
        park(g, h);
        return false;
    }
    g->halt = true;
    g->owner = h;
    g->step_hart = NO_HART;
    while (g->parked + 1 < g->nharts && !powered_off(h)) {
        struct timespec t = sys_wait_after_ns(PARK_WAKE_MS * 1000000ull);
        pthread_cond_timedwait(&g->cv, &g->lock, &t);
    }
    pthread_mutex_unlock(&g->lock);
    return true;
}

/* gdb resumed: every hart runs on (or only the stepped one). */
static void release(struct gdb_sys *g)
{
    pthread_mutex_lock(&g->lock);
    g->owner = NULL;
    g->halt = g->step_hart != NO_HART && g->nharts > 1;
    pthread_cond_broadcast(&g->cv);
    pthread_mutex_unlock(&g->lock);
}

/* Stopped with sig: tells gdb (if it asked to be told) and serves it
 * until it resumes, leaves or kills the guest. */
static enum gdb_sys_action stop(struct gdb_sys *g, struct sys_hart *h, int sig)
{
    if (g->conn.fd < 0) { /* -S: wait for the debugger */
        if (!wait_readable(g->listen_fd, h->deadline_ns))
            return GDB_SYS_TIME_UP;
        accept_debugger(g);
    }
    if (g->conn.fd < 0)
        return GDB_SYS_RUN;  /* accept failed (said so): run on */
    g->sel = h->id; /* gdb now looks at the hart that stopped */
    /* gdb's numbers for SIGTRAP (5) and SIGINT (2) are Linux's. */
    int n = snprintf(g->last_stop, sizeof(g->last_stop), "T%02xthread:%x;",
                     sig, h->id + 1);
    if (gdb_sys_points_hit_by(&g->points, h->id) && n > 0 &&
        (size_t)n < sizeof(g->last_stop))
        snprintf(g->last_stop + n, sizeof(g->last_stop) - (size_t)n,
                 "%s:%lx;", gdb_watch_reply_key(g->points.hit),
                 (unsigned long)g->points.hit_addr);
    if (gdb_sys_points_hit_by(&g->points, h->id))
        gdb_sys_points_hit_done(&g->points);
    if (g->reply_due) {
        g->reply_due = false;
        if (gdb_send_str(&g->conn, g->last_stop)) {
            disconnect(g);
            return GDB_SYS_RUN;
        }
    }
    for (;;) {
        bool resumed = false;
        switch (serve_packet(g, h, &resumed)) {
        case SERVE_KILL:
            disconnect(g);
            return GDB_SYS_KILL;
        case SERVE_DETACH:
            disconnect(g);
            return GDB_SYS_RUN;
        case SERVE_TIME_UP: return GDB_SYS_TIME_UP;
        case SERVE_RESUME: break;
        }
        if (resumed)
            return exact(g) ? GDB_SYS_EXACT : GDB_SYS_RUN;
    }
}

/* Why h must stop before its next instruction (a signal number), or 0.
 * The debugger's own stops (-S, a connection, Ctrl-C) are hart 0's. */
static int stop_due(struct gdb_sys *g, struct sys_hart *h)
{
    if (h->id == 0 && g->stop_sig)
        return g->stop_sig;
    if (stepping(g, h) || gdb_sys_points_hit_by(&g->points, h->id) ||
        gdb_sys_points_at(&g->points, h->rv.cpu.ctx.pc))
        return SIGTRAP;
    return 0;
}

enum gdb_sys_action gdb_sys_before_insn(struct gdb_sys *g, struct sys_hart *h)
{
    if (h->id == 0 && ++g->polls % POLL_EVERY == 0)
        poll_socket(g);
    for (;;) {
        if (__atomic_load_n(&g->halt, __ATOMIC_ACQUIRE) && !stepping(g, h) &&
            g->owner != h && !(h->id == 0 && g->stop_sig)) {
            park(g, h);
            if (stepping(g, h))
                return GDB_SYS_EXACT; /* released to take its step */
        }
        int sig = stop_due(g, h);
        if (!sig)
            return exact(g) ? GDB_SYS_EXACT : GDB_SYS_RUN;
        if (!own_stop(g, h))
            continue; /* another hart stopped first: look again */
        if (h->id == 0)
            g->stop_sig = 0;
        g->step_hart = NO_HART;
        enum gdb_sys_action a = stop(g, h, sig);
        release(g);
        if (a != GDB_SYS_EXACT && a != GDB_SYS_RUN)
            return a;
        if (g->halt && !stepping(g, h))
            continue; /* another hart steps: wait for it */
        return a;
    }
}

void gdb_sys_exited(struct gdb_sys *g, int status)
{
    if (g->conn.fd < 0)
        return;
    char w[8];
    snprintf(w, sizeof(w), "W%02x", status & 0xff);
    gdb_send_str(&g->conn, w);
    disconnect(g);
}
