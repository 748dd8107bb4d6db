/*
 * dev_slirp.h — user-mode networking by libslirp, as QEMU's `-netdev
 * user` sets it up: the guest's network 10.0.2.0/24, the host (gateway)
 * 10.0.2.2, the DNS forwarder 10.0.2.3, DHCP handing out 10.0.2.15 on;
 * IPv4 only. Connections the guest opens become host sockets; hostfwd
 * rules forward host ports into the guest.
 *
 * It runs on the hart's thread: the board's device poll (dev_slirp_poll)
 * waits on slirp's sockets, serves them and its timers, and frames for
 * the guest go to the deliver callback during that call. With several
 * harts the board's I/O thread polls while harts send, and the board's
 * device lock (dev_slirp_set_lock) guards slirp outside the wait.
 */
#ifndef VM_DEV_SLIRP_H
#define VM_DEV_SLIRP_H

#include <stdbool.h>
#include <stddef.h>
#include <pthread.h>
#include <stdint.h>

/* A forwarded port: host_addr:host_port (host byte order; addr 0: any)
 * to guest_addr:guest_port (0: the first DHCP address, 10.0.2.15). */
struct dev_slirp_fwd {
    bool udp;
    uint32_t host_addr, guest_addr;
    uint16_t host_port, guest_port;
};

/* Where frames for the guest go (an Ethernet frame, no virtio header). */
struct dev_slirp_deliver {
    void (*deliver)(void *opaque, const uint8_t *frame, size_t len);
    void *opaque;
};

struct dev_slirp;

/* NULL after one "vm-run: ..." line on stderr (a port already taken, out
 * of memory). */
struct dev_slirp *dev_slirp_new(const struct dev_slirp_fwd *fwd,
                                unsigned fwd_count,
                                struct dev_slirp_deliver deliver);
void dev_slirp_free(struct dev_slirp *s);

/* A frame the guest sent (struct dev_net_backend's send). */
void dev_slirp_send(void *slirp, const uint8_t *frame, size_t len);

/* Waits at most ms (0: just looks; shorter when a slirp timer is due)
 * for slirp's sockets or extra_fd (when >= 0) to be ready, then serves
 * slirp's. */
void dev_slirp_poll(struct dev_slirp *s, int extra_fd, int ms);
/* From now on dev_slirp_poll holds lock while it touches slirp (not
 * while it waits); senders hold it already (the board's device lock). */
void dev_slirp_set_lock(struct dev_slirp *s, pthread_mutex_t *lock);

#endif
