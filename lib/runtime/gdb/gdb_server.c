/*
 * gdb_server.c — the stub's life: listening socket, waiting for the
 * debugger, the server thread (packets while the guest is stopped; the
 * interrupt byte and guest events while it runs) and the end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "gdb_internal.h"
#include "gdb_socket.h"

static void free_stub(struct gdbstub *g)
{
    if (g->listen_fd >= 0)
        close(g->listen_fd);
    if (g->conn.fd >= 0)
        close(g->conn.fd);
    if (g->event_fd >= 0)
        close(g->event_fd);
    pthread_mutex_destroy(&g->lock);
    pthread_cond_destroy(&g->resumed);
    pthread_cond_destroy(&g->ended_cv);
    free(g);
}

struct gdbstub *gdbstub_listen(unsigned port)
{
    struct gdbstub *g = calloc(1, sizeof(*g));
    if (!g) {
        fprintf(stderr, "vm-run: gdb: out of memory\n");
        return NULL;
    }
    g->conn.fd = -1;
    g->event_fd = -1;
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->resumed, NULL);
    pthread_cond_init(&g->ended_cv, NULL);
    unsigned bound;
    g->listen_fd = gdb_socket_listen(port, &bound);
    if (g->listen_fd < 0) {
        free_stub(g);
        return NULL;
    }
    if (port == 0)
        fprintf(stderr, "vm-run: gdb: listening on port %u\n", bound);
    return g;
}

/* The stop reply of the pending event (or the initial stop). */
void gdb_format_stop(struct gdbstub *g)
{
    int n = snprintf(g->last_stop, sizeof(g->last_stop), "T%02xthread:%x;",
                     gdb_signal_from_host(g->ev_sig), (unsigned)g->ev_tid);
    if (g->ev_watch && n > 0 && (size_t)n < sizeof(g->last_stop))
        snprintf(g->last_stop + n, sizeof(g->last_stop) - (size_t)n,
                 "%s:%lx;", gdb_watch_reply_key(g->ev_watch),
                 (unsigned long)g->ev_watch_addr);
}

int gdbstub_start(struct gdbstub *g, struct rt_process *p,
                  struct rt_thread *leader)
{
    g->proc = p;
    if (p->guest->elf_machine == 183 /* EM_AARCH64 */) {
        fprintf(stderr, "vm-run: gdb: the gdb stub does not support aarch64 "
                        "guests yet\n");
        return -1;
    }
    g->target = p->guest->elf_machine == 62 /* EM_X86_64 */
                    ? &gdb_target_x86_64
                    : &gdb_target_riscv64;
    int fd = gdb_socket_accept(g->listen_fd);
    if (fd < 0)
        return -1;
    close(g->listen_fd);
    g->listen_fd = -1;
    g->conn.fd = fd;
    g->event_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (g->event_fd < 0) {
        fprintf(stderr, "vm-run: gdb: eventfd: %s\n", strerror(errno));
        return -1;
    }
    g->event_fd = gdb_socket_move_high(g->event_fd);
    /* Stopped at the first instruction, as after an exec under ptrace. */
    g->stopped = true;
    g->ev_tid = leader->tid;
    g->ev_sig = SIGTRAP;
    gdb_format_stop(g);
    g->server_running = true;
    p->gdb = g;
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old); /* guest signals are not ours */
    int rc = pthread_create(&g->server, NULL, gdb_server_main, g);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc) {
        g->server_running = false;
        p->gdb = NULL;
        fprintf(stderr, "vm-run: gdb: cannot start its thread\n");
        return -1;
    }
    return 0;
}

/* The debugger is gone: the guest runs on without stops. */
static void detach(struct gdbstub *g)
{
    pthread_mutex_lock(&g->lock);
    g->detached = true;
    g->nbps = 0;
    g->watches.n = 0;
    gdb_update_watch_hook(g);
    gdb_resume_all(g);
    pthread_mutex_unlock(&g->lock);
}

/* One packet while stopped; false when the connection is to end. */
static bool serve_packet(struct gdbstub *g, bool *running)
{
    size_t len;
    switch (gdb_read_packet(&g->conn, g->pkt, sizeof(g->pkt), &len)) {
    case GDB_READ_CLOSED: return false;
    case GDB_READ_INTERRUPT: return true; /* already stopped */
    case GDB_READ_PACKET: break;
    }
    g->reply[0] = 0;
    g->reply_len = 0;
    char c = g->pkt[0];
    if (c == 'D') {
        gdb_send_str(&g->conn, "OK");
        return false;
    }
    if (c == 'k' || strncmp(g->pkt, "vKill", 5) == 0) {
        if (c == 'v')
            gdb_send_str(&g->conn, "OK");
        pthread_mutex_lock(&g->lock);
        g->detached = true;
        pthread_mutex_unlock(&g->lock);
        rt_die_by_signal(SIGKILL);
    }
    if (c == '?') {
        snprintf(g->reply, sizeof(g->reply), "%s", g->last_stop);
    } else if (c && strchr("gGpPmMX", c)) {
        gdb_cmd_data(g, g->pkt, len);
    } else if (c == 'q' || c == 'Q' ||
               (c == 'v' && strncmp(g->pkt, "vCont;", 6) != 0)) {
        gdb_cmd_query(g, g->pkt, len);
        if (strcmp(g->pkt, "QStartNoAckMode") == 0) {
            gdb_send_str(&g->conn, g->reply);
            g->conn.no_ack = true;
            return true;
        }
    } else if (gdb_cmd_run(g, g->pkt)) {
        *running = true;
        return true;
    }
    size_t n = g->reply_len ? g->reply_len : strlen(g->reply);
    return gdb_send(&g->conn, g->reply, n) == 0;
}

/* Ctrl-C: stop everything, blaming the selected (or first) thread. */
static void interrupt(struct gdbstub *g)
{
    struct rt_thread *t = gdb_find_thread(g, g->c_tid > 0 ? g->c_tid : 0);
    pthread_mutex_lock(&g->lock);
    if (!g->stopped && t) {
        g->has_event = true;
        g->ev_tid = t->tid;
        g->ev_sig = SIGINT;
        g->ev_watch = GDB_WATCH_NONE;
        __atomic_store_n(&g->stopped, true, __ATOMIC_SEQ_CST);
    }
    pthread_mutex_unlock(&g->lock);
}

/* While the guest runs: an event, the end, or bytes from gdb. Returns
 * false when serving is over. */
static bool serve_running(struct gdbstub *g, bool *running)
{
    struct pollfd fds[2] = {{.fd = g->event_fd, .events = POLLIN},
                            {.fd = g->conn.fd, .events = POLLIN}};
    bool buffered = g->conn.in_pos < g->conn.in_len;
    if (!buffered && poll(fds, 2, -1) < 0 && errno != EINTR)
        return false;
    uint64_t count;
    if (fds[0].revents & POLLIN) {
        ssize_t n = read(g->event_fd, &count, sizeof(count));
        (void)n;
    }
    if (buffered || (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) {
        size_t len;
        enum gdb_read_result r =
            gdb_read_packet(&g->conn, g->pkt, sizeof(g->pkt), &len);
        if (r == GDB_READ_CLOSED)
            return false;
        if (r == GDB_READ_INTERRUPT)
            interrupt(g);
    }
    pthread_mutex_lock(&g->lock);
    if (g->has_end) {
        char end[16];
        snprintf(end, sizeof(end), "%c%02x", g->end_by_signal ? 'X' : 'W',
                 g->end_by_signal ? gdb_signal_from_host(g->end_value)
                                  : g->end_value);
        pthread_mutex_unlock(&g->lock);
        gdb_send_str(&g->conn, end);
        pthread_mutex_lock(&g->lock);
        g->end_sent = true;
        pthread_cond_broadcast(&g->ended_cv);
        pthread_mutex_unlock(&g->lock);
        return false;
    }
    bool stop = g->has_event && g->stopped;
    if (stop)
        gdb_format_stop(g);
    pthread_mutex_unlock(&g->lock);
    if (stop) {
        gdb_settle(g);
        *running = false;
        pthread_mutex_lock(&g->lock);
        g->g_tid = g->c_tid = g->ev_tid;
        pthread_mutex_unlock(&g->lock);
        return gdb_send_str(&g->conn, g->last_stop) == 0;
    }
    return true;
}

void *gdb_server_main(void *arg)
{
    struct gdbstub *g = arg;
    bool running = false;
    g->g_tid = g->c_tid = g->ev_tid;
    for (;;) {
        bool go_on = running ? serve_running(g, &running)
                             : serve_packet(g, &running);
        if (!go_on)
            break;
    }
    detach(g);
    pthread_mutex_lock(&g->lock);
    g->server_running = false;
    g->end_sent = true;
    pthread_cond_broadcast(&g->ended_cv);
    pthread_mutex_unlock(&g->lock);
    shutdown(g->conn.fd, SHUT_RDWR);
    return NULL;
}

void gdbstub_destroy(struct gdbstub *g)
{
    if (!g)
        return;
    if (g->proc && g->proc->gdb == g) { /* the server thread was made */
        if (g->conn.fd >= 0)
            shutdown(g->conn.fd, SHUT_RDWR);
        pthread_join(g->server, NULL);
        g->proc->gdb = NULL;
    }
    free_stub(g);
}
