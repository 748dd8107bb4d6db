/*
 * sys_console.c — stdin to the UART or hvc0 through QEMU's Ctrl-A keys
 * (see sys_console.h).
 */
#include "sys_console.h"

#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dev_virtio_console.h"
#include "sys_tty.h"

#define ESCAPE 0x01 /* Ctrl-A */

struct sys_console {
    int in_fd, msg_fd;
    bool escaped; /* the last byte was Ctrl-A */
    bool raw;
    struct dev_power *power;
    /* With a virtio console, input goes there unless Ctrl-A c moved it
     * to the UART; bytes hvc0 has not taken yet wait in pending. */
    struct dev_virtio *hvc;
    bool to_uart;
    uint8_t pending[64];
    size_t n_pending;
};

static const char help[] =
    "\r\nC-a h    print this help\r\n"
    "C-a x    exit emulator\r\n"
    "C-a c    switch input between the serial console and hvc0\r\n"
    "C-a C-a  sends C-a\r\n";

struct sys_console *sys_console_new(int in_fd, int msg_fd,
                                    struct dev_power *power)
{
    struct sys_console *c = calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    c->in_fd = in_fd;
    c->msg_fd = msg_fd;
    c->power = power;
    c->raw = sys_tty_raw(in_fd);
    return c;
}

void sys_console_free(struct sys_console *c)
{
    if (c && c->raw)
        sys_tty_restore();
    free(c);
}

void sys_console_set_hvc(struct sys_console *c, struct dev_virtio *hvc)
{
    c->hvc = hvc;
}

int sys_console_fd(const struct sys_console *c)
{
    return c->in_fd;
}

static void say(struct sys_console *c, const char *s)
{
    if (write(c->msg_fd, s, strlen(s)) < 0)
        return; /* nowhere to report it */
}

static bool to_hvc(const struct sys_console *c)
{
    return c->hvc && !c->to_uart;
}

/* Room for one more byte where input goes now. */
static bool room(const struct sys_console *c, struct dev_uart *u)
{
    return to_hvc(c) ? c->n_pending < sizeof(c->pending)
                     : dev_uart_rx_room(u);
}

static void to_guest(struct sys_console *c, struct dev_uart *u, uint8_t b)
{
    if (to_hvc(c))
        c->pending[c->n_pending++] = b;
    else
        dev_uart_rx(u, b);
}

/* What hvc0's receive buffers take of the pending bytes. */
static void flush_hvc(struct sys_console *c)
{
    while (c->hvc && c->n_pending) {
        size_t k = dev_virtio_console_input(c->hvc, c->pending, c->n_pending);
        if (k == 0)
            return; /* no buffer posted: later */
        memmove(c->pending, c->pending + k, c->n_pending - k);
        c->n_pending -= k;
    }
}

/* A byte after Ctrl-A: a command, or nothing (QEMU ignores the rest). */
static void command(struct sys_console *c, struct dev_uart *u, uint8_t b)
{
    switch (b) {
    case ESCAPE: to_guest(c, u, ESCAPE); break;
    case 'x':
        say(c, "vm-run: Terminated\r\n"); /* QEMU: "QEMU: Terminated" */
        dev_power_off(c->power, 0);
        break;
    case 'c': c->to_uart = !c->to_uart; break;
    case 'h': say(c, help); break;
    }
}

void sys_console_poll(struct sys_console *c, struct dev_uart *u)
{
    flush_hvc(c);
    /* One byte at a time, and only while there is room: what the guest
     * has not taken yet stays in the host's buffer. */
    while (c->in_fd >= 0 && room(c, u) && !dev_power_stopped(c->power)) {
        struct pollfd p = {.fd = c->in_fd, .events = POLLIN};
        if (poll(&p, 1, 0) <= 0 || !(p.revents & (POLLIN | POLLHUP)))
            break;
        uint8_t b;
        if (read(c->in_fd, &b, 1) != 1) {
            c->in_fd = -1; /* end of input: the guest just sees none */
            break;
        }
        if (c->escaped) {
            c->escaped = false;
            command(c, u, b);
        } else if (b == ESCAPE) {
            c->escaped = true;
        } else {
            to_guest(c, u, b);
        }
    }
    flush_hvc(c);
}
