/*
 * dev_slirp.c — libslirp's user network on the hart's thread (see
 * dev_slirp.h). libslirp asks for three services: a clock, timers (only
 * IPv6 router advertisements use them, off here, but they must exist)
 * and a poll of its sockets, which we run with the board's own fd.
 */
#include "dev_slirp.h"

#include <arpa/inet.h>
#include <poll.h>
#include <pthread.h>
#include <slirp/libslirp.h>
#include <stdio.h>
#include <stdlib.h>

#include "dev.h"

#define NET_ADDR 0x0a000200u   /* 10.0.2.0/24 */
#define NET_MASK 0xffffff00u
#define HOST_ADDR 0x0a000202u  /* 10.0.2.2: the gateway, the host */
#define DNS_ADDR 0x0a000203u   /* 10.0.2.3 */
#define DHCP_START 0x0a00020fu /* 10.0.2.15 */
#define NS_PER_MS 1000000

struct timer {
    struct timer *next;
    SlirpTimerId id;
    void *cb_opaque;
    int64_t expire_ms; /* -1: not armed */
};

struct dev_slirp {
    Slirp *slirp;
    struct dev_slirp_deliver deliver;
    struct timer *timers;
    /* fds[0] is the board's fd; slirp's sockets follow. */
    struct pollfd *fds;
    unsigned nfds, cap;
    bool out_of_memory;
    pthread_mutex_t *lock; /* dev_slirp_set_lock's, or NULL */
};

static struct in_addr ipv4(uint32_t host_order)
{
    return (struct in_addr){htonl(host_order)};
}

static ssize_t send_packet(const void *buf, size_t len, void *opaque)
{
    struct dev_slirp *s = opaque;
    s->deliver.deliver(s->deliver.opaque, buf, len);
    return (ssize_t)len;
}

static void guest_error(const char *msg, void *opaque)
{
    (void)opaque;
    fprintf(stderr, "vm-run: slirp: guest error: %s\n", msg);
}

static int64_t clock_get_ns(void *opaque)
{
    (void)opaque;
    return (int64_t)dev_clock_ns();
}

static void *timer_new_opaque(SlirpTimerId id, void *cb_opaque, void *opaque)
{
    struct dev_slirp *s = opaque;
    struct timer *t = malloc(sizeof(*t));
    if (!t) {
        s->out_of_memory = true;
        return NULL;
    }
    *t = (struct timer){s->timers, id, cb_opaque, -1};
    s->timers = t;
    return t;
}

/* Only for libslirp before config version 4, which we do not use. */
static void *timer_new(SlirpTimerCb cb, void *cb_opaque, void *opaque)
{
    (void)cb, (void)cb_opaque, (void)opaque;
    return NULL;
}

static void timer_free(void *timer, void *opaque)
{
    struct dev_slirp *s = opaque;
    for (struct timer **p = &s->timers; *p; p = &(*p)->next) {
        if (*p == timer) {
            *p = (*p)->next;
            free(timer);
            return;
        }
    }
}

static void timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
    (void)opaque;
    if (timer)
        ((struct timer *)timer)->expire_ms = expire_ms;
}

static void no_fd_op(int fd, void *opaque)
{
    (void)fd, (void)opaque;
}

static void no_notify(void *opaque)
{
    (void)opaque;
}

static const SlirpCb callbacks = {
    .send_packet = send_packet,
    .guest_error = guest_error,
    .clock_get_ns = clock_get_ns,
    .timer_new = timer_new,
    .timer_free = timer_free,
    .timer_mod = timer_mod,
    .register_poll_fd = no_fd_op,
    .unregister_poll_fd = no_fd_op,
    .notify = no_notify,
    .timer_new_opaque = timer_new_opaque,
};

static int add_fwd(struct dev_slirp *s, const struct dev_slirp_fwd *f)
{
    uint32_t guest = f->guest_addr ? f->guest_addr : DHCP_START;
    if (slirp_add_hostfwd(s->slirp, f->udp, ipv4(f->host_addr), f->host_port,
                          ipv4(guest), f->guest_port) == 0)
        return 0;
    fprintf(stderr, "vm-run: -netdev: hostfwd %s port %u: cannot listen "
                    "(in use?)\n", f->udp ? "udp" : "tcp", f->host_port);
    return -1;
}

struct dev_slirp *dev_slirp_new(const struct dev_slirp_fwd *fwd,
                                unsigned fwd_count,
                                struct dev_slirp_deliver deliver)
{
    struct dev_slirp *s = calloc(1, sizeof(*s));
    if (!s) {
        fprintf(stderr, "vm-run: out of memory\n");
        return NULL;
    }
    s->deliver = deliver;
    SlirpConfig cfg = {
        .version = 4,
        .in_enabled = true,
        .vnetwork = ipv4(NET_ADDR),
        .vnetmask = ipv4(NET_MASK),
        .vhost = ipv4(HOST_ADDR),
        .vdhcp_start = ipv4(DHCP_START),
        .vnameserver = ipv4(DNS_ADDR),
    };
    s->slirp = slirp_new(&cfg, &callbacks, s);
    if (!s->slirp || s->out_of_memory) {
        fprintf(stderr, "vm-run: -netdev user: cannot start libslirp\n");
        dev_slirp_free(s);
        return NULL;
    }
    for (unsigned i = 0; i < fwd_count; i++) {
        if (add_fwd(s, &fwd[i])) {
            dev_slirp_free(s);
            return NULL;
        }
    }
    return s;
}

void dev_slirp_free(struct dev_slirp *s)
{
    if (!s)
        return;
    if (s->slirp)
        slirp_cleanup(s->slirp); /* frees its timers through timer_free */
    while (s->timers)
        timer_free(s->timers, s);
    free(s->fds);
    free(s);
}

void dev_slirp_send(void *slirp, const uint8_t *frame, size_t len)
{
    struct dev_slirp *s = slirp;
    slirp_input(s->slirp, frame, (int)len);
}

static const struct {
    int slirp, host;
} poll_bits[] = {
    {SLIRP_POLL_IN, POLLIN}, {SLIRP_POLL_OUT, POLLOUT},
    {SLIRP_POLL_PRI, POLLPRI}, {SLIRP_POLL_ERR, POLLERR},
    {SLIRP_POLL_HUP, POLLHUP},
};

static int add_poll(int fd, int events, void *opaque)
{
    struct dev_slirp *s = opaque;
    if (s->nfds == s->cap) {
        unsigned cap = s->cap ? 2 * s->cap : 16;
        struct pollfd *fds = realloc(s->fds, cap * sizeof(*fds));
        if (!fds)
            return -1; /* this socket waits for the next round */
        s->fds = fds;
        s->cap = cap;
    }
    short host = 0;
    for (size_t i = 0; i < sizeof(poll_bits) / sizeof(poll_bits[0]); i++)
        if (events & poll_bits[i].slirp)
            host |= (short)poll_bits[i].host;
    s->fds[s->nfds] = (struct pollfd){.fd = fd, .events = host};
    return (int)s->nfds++;
}

static int get_revents(int idx, void *opaque)
{
    struct dev_slirp *s = opaque;
    if (idx < 1 || (unsigned)idx >= s->nfds)
        return 0;
    int events = 0;
    for (size_t i = 0; i < sizeof(poll_bits) / sizeof(poll_bits[0]); i++)
        if (s->fds[idx].revents & poll_bits[i].host)
            events |= poll_bits[i].slirp;
    return events;
}

/* The time until the next armed timer, if sooner than *ms. */
static void timers_bound(const struct dev_slirp *s, uint32_t *ms)
{
    int64_t now = (int64_t)(dev_clock_ns() / NS_PER_MS);
    for (const struct timer *t = s->timers; t; t = t->next) {
        if (t->expire_ms < 0)
            continue;
        int64_t left = t->expire_ms > now ? t->expire_ms - now : 0;
        if (left < (int64_t)*ms)
            *ms = (uint32_t)left;
    }
}

/* Disarmed before it runs: its callback may arm it again or free it, so
 * the walk restarts after each one. */
static void timers_run(struct dev_slirp *s)
{
    int64_t now = (int64_t)(dev_clock_ns() / NS_PER_MS);
    for (struct timer *t = s->timers; t;) {
        if (t->expire_ms < 0 || t->expire_ms > now) {
            t = t->next;
            continue;
        }
        t->expire_ms = -1;
        slirp_handle_timer(s->slirp, t->id, t->cb_opaque);
        t = s->timers;
    }
}

void dev_slirp_set_lock(struct dev_slirp *s, pthread_mutex_t *lock)
{
    s->lock = lock;
}

static void lock(struct dev_slirp *s)
{
    if (s->lock)
        pthread_mutex_lock(s->lock);
}

static void unlock(struct dev_slirp *s)
{
    if (s->lock)
        pthread_mutex_unlock(s->lock);
}

void dev_slirp_poll(struct dev_slirp *s, int extra_fd, int ms)
{
    lock(s);
    s->nfds = 0;
    if (add_poll(extra_fd, SLIRP_POLL_IN, s) != 0) {
        unlock(s);
        return; /* out of memory: not even one slot */
    }
    uint32_t timeout = ms > 0 ? (uint32_t)ms : 0;
    slirp_pollfds_fill(s->slirp, &timeout, add_poll, s);
    timers_bound(s, &timeout);
    unlock(s); /* harts send frames meanwhile */
    int r = poll(s->fds, s->nfds, (int)timeout);
    lock(s);
    slirp_pollfds_poll(s->slirp, r < 0, get_revents, s);
    timers_run(s);
    unlock(s);
}
