/*
 * gdb_sys.c — system mode's stub (gdb_sys.h): the connection, stops and
 * the packets served while the hart is stopped. Everything runs on the
 * hart's thread: while the guest runs, the socket is polled every
 * POLL_EVERY blocks for gdb's interrupt byte (or, before gdb connected,
 * for a connection, which stops the guest as QEMU's does).
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

#define POLL_EVERY 1024
/* gdb thread ids are hart ids + 1 (0 and -1 mean any and all). */
#define HART_TID 1

struct gdb_sys {
    int listen_fd;
    struct gdb_conn conn;    /* fd -1: no debugger connected */
    int stop_sig;            /* a stop is due at the next instruction */
    bool stepping;
    bool reply_due;          /* gdb resumed us: a stop reply is awaited */
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
    unsigned bound;
    g->listen_fd = gdb_socket_listen(port, &bound);
    if (g->listen_fd < 0) {
        free(g);
        return NULL;
    }
    if (port == 0)
        fprintf(stderr, "vm-run: gdb: listening on port %u\n", bound);
    g->stop_sig = stop_at_start ? SIGTRAP : 0;
    return g;
}

void gdb_sys_destroy(struct gdb_sys *g)
{
    if (!g)
        return;
    gdb_sys_points_clear(&g->points); /* the hart outlives the stub */
    if (g->listen_fd >= 0)
        close(g->listen_fd);
    if (g->conn.fd >= 0)
        close(g->conn.fd);
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
    g->stepping = false;
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

bool gdb_sys_woken(struct gdb_sys *g)
{
    struct pollfd p = {.fd = g->conn.fd >= 0 ? g->conn.fd : g->listen_fd,
                       .events = POLLIN};
    if (p.fd < 0 || poll(&p, 1, 0) <= 0)
        return false;
    poll_socket(g);
    return g->stop_sig != 0;
}

bool gdb_sys_stepping(const struct gdb_sys *g)
{
    return g->stepping || g->points.hit != GDB_WATCH_NONE;
}

bool gdb_sys_must_cut(const struct gdb_sys *g, uint64_t pc, uint64_t len)
{
    return g->stepping || gdb_sys_points_inside(&g->points, pc, len);
}

/* A thread id naming hart 0 (or any/all). */
static bool names_hart(const char *s)
{
    if (strcmp(s, "-1") == 0)
        return true;
    uint64_t tid;
    return gdb_parse_hex(&s, &tid) == 0 && !*s && tid <= HART_TID;
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
    if (strcmp(pkt, "qfThreadInfo") == 0)
        r = "m1";
    else if (strcmp(pkt, "qsThreadInfo") == 0)
        r = "l";
    else if (strcmp(pkt, "qC") == 0)
        r = "QC1";
    else if (strncmp(pkt, "qAttached", 9) == 0)
        r = "1"; /* as QEMU: gdb detaches on quit, the machine runs on */
    else if (strcmp(pkt, "QStartNoAckMode") == 0 ||
             strncmp(pkt, "qSymbol", 7) == 0)
        r = "OK";
    else if (strcmp(pkt, "vCont?") == 0)
        r = "vCont;c;C;s;S";
    strcpy(g->reply, r);
}

/* c/s/C/S [sig;][addr], or vCont;ACTION[:tid]...: the first action naming
 * the hart. Signals mean nothing to a bare machine: dropped. */
static bool resume_cmd(struct gdb_sys *g, struct sys_hart *h,
                       const char *pkt)
{
    if (pkt[0] == 'v') {
        const char *s = pkt + 5;
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
            if (names_hart(tid)) {
                g->stepping = (kind | 0x20) == 's';
                return true;
            }
            s = next ? next : "";
        }
        strcpy(g->reply, "E16");
        return false;
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
        h->rv.cpu.ctx.pc = v;
    g->stepping = (pkt[0] | 0x20) == 's';
    return true;
}

/* One packet while stopped. *resumed: the hart may run on. */
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
    switch (p[0]) {
    case '?': strcpy(g->reply, g->last_stop); break;
    case 'g': case 'G': case 'p': case 'P':
        gdb_data_regs(&gdb_target_riscv64_system, &h->rv.cpu.ctx, p, len,
                      g->reply);
        if (p[0] == 'G' || p[0] == 'P') /* satp, mstatus or priv may change */
            mmu_tlb_flush(&h->mem.tlb);
        break;
    case 'm': case 'M': case 'X': {
        struct gdb_memory m = gdb_sys_memory(h);
        gdb_data_memory(&m, p, len, g->reply);
        break;
    }
    case 'Z': case 'z':
        strcpy(g->reply, gdb_sys_points_cmd(&g->points, &h->interp, p));
        break;
    case 'H': strcpy(g->reply, names_hart(p + 2) ? "OK" : "E01"); break;
    case 'T': strcpy(g->reply, names_hart(p + 1) ? "OK" : "E01"); break;
    case 'D':
        gdb_send_str(&g->conn, "OK");
        return SERVE_DETACH;
    case 'k': return SERVE_KILL;
    case 'c': case 's': case 'C': case 'S':
        *resumed = resume_cmd(g, h, p);
        break;
    case 'v':
        if (strncmp(p, "vKill", 5) == 0) {
            gdb_send_str(&g->conn, "OK");
            return SERVE_KILL;
        }
        if (strncmp(p, "vCont;", 6) == 0)
            *resumed = resume_cmd(g, h, p);
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
    return g->stepping || gdb_sys_points_any(&g->points);
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
    /* gdb's numbers for SIGTRAP (5) and SIGINT (2) are Linux's. */
    int n = snprintf(g->last_stop, sizeof(g->last_stop), "T%02xthread:%x;",
                     sig, HART_TID);
    if (g->points.hit && n > 0 && (size_t)n < sizeof(g->last_stop))
        snprintf(g->last_stop + n, sizeof(g->last_stop) - (size_t)n,
                 "%s:%lx;", gdb_watch_reply_key(g->points.hit),
                 (unsigned long)g->points.hit_addr);
    g->points.hit = GDB_WATCH_NONE;
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

enum gdb_sys_action gdb_sys_before_insn(struct gdb_sys *g, struct sys_hart *h)
{
    if (++g->polls % POLL_EVERY == 0)
        poll_socket(g);
    int sig = g->stop_sig;
    if (!sig &&
        (g->stepping || g->points.hit ||
         gdb_sys_points_at(&g->points, h->rv.cpu.ctx.pc)))
        sig = SIGTRAP;
    if (sig) {
        g->stop_sig = 0;
        g->stepping = false;
        return stop(g, h, sig);
    }
    return exact(g) ? GDB_SYS_EXACT : GDB_SYS_RUN;
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
