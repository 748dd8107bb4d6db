/*
 * sys_console.c — stdin to the UART through QEMU's Ctrl-A keys (see
 * sys_console.h).
 */
#include "sys_console.h"

#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sys_tty.h"

#define ESCAPE 0x01 /* Ctrl-A */

struct sys_console {
    int in_fd, msg_fd;
    bool escaped; /* the last byte was Ctrl-A */
    bool raw;
    struct dev_power *power;
};

static const char help[] =
    "\r\nC-a h    print this help\r\n"
    "C-a x    exit emulator\r\n"
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

int sys_console_fd(const struct sys_console *c)
{
    return c->in_fd;
}

static void say(struct sys_console *c, const char *s)
{
    if (write(c->msg_fd, s, strlen(s)) < 0)
        return; /* nowhere to report it */
}

/* A byte after Ctrl-A: a command, or nothing (QEMU ignores the rest). */
static void command(struct sys_console *c, struct dev_uart *u, uint8_t b)
{
    switch (b) {
    case ESCAPE: dev_uart_rx(u, ESCAPE); break;
    case 'x':
        say(c, "vm-run: Terminated\r\n"); /* QEMU: "QEMU: Terminated" */
        dev_power_off(c->power, 0);
        break;
    case 'h': say(c, help); break;
    }
}

void sys_console_poll(struct sys_console *c, struct dev_uart *u)
{
    /* One byte at a time, and only while the FIFO has room: what the
     * guest has not taken yet stays in the host's buffer. */
    while (c->in_fd >= 0 && dev_uart_rx_room(u) && !dev_power_stopped(c->power)) {
        struct pollfd p = {.fd = c->in_fd, .events = POLLIN};
        if (poll(&p, 1, 0) <= 0 || !(p.revents & (POLLIN | POLLHUP)))
            return;
        uint8_t b;
        if (read(c->in_fd, &b, 1) != 1) {
            c->in_fd = -1; /* end of input: the guest just sees none */
            return;
        }
        if (c->escaped) {
            c->escaped = false;
            command(c, u, b);
        } else if (b == ESCAPE) {
            c->escaped = true;
        } else {
            dev_uart_rx(u, b);
        }
    }
}
