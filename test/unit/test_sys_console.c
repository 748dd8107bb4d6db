/*
 * test_sys_console.c — the system-mode console (sys_console.h): bytes from
 * its input reach the UART as they are, Ctrl-A Ctrl-A as one Ctrl-A,
 * Ctrl-A x powers the board off with status 0 and a message, input the
 * UART has no room for waits, and end of input is reported.
 */
#include <criterion/criterion.h>
#include <string.h>
#include <unistd.h>

#include "dev_uart.h"
#include "sys_console.h"

static void no_line(void *opaque, unsigned line, bool level)
{
    (void)opaque, (void)line, (void)level;
}

struct rig {
    int in[2], msg[2], out[2];
    struct dev_power power;
    struct dev_uart *uart;
    struct sys_console *con;
};

static void rig_open(struct rig *r)
{
    memset(r, 0, sizeof(*r));
    cr_assert_eq(pipe(r->in), 0);
    cr_assert_eq(pipe(r->msg), 0);
    cr_assert_eq(pipe(r->out), 0);
    r->uart = dev_uart_new(r->out[1], (struct dev_irq){no_line, NULL, 0});
    r->con = sys_console_new(r->in[0], r->msg[1], &r->power);
    cr_assert(r->uart && r->con);
}

static void rig_close(struct rig *r)
{
    sys_console_free(r->con);
    dev_uart_free(r->uart);
    for (int i = 0; i < 2; i++) {
        close(r->in[i]);
        close(r->msg[i]);
        close(r->out[i]);
    }
}

/* What the guest reads from the receive buffer register, until empty. */
static size_t received(struct rig *r, uint8_t *buf, size_t max)
{
    size_t n = 0;
    while (n < max && (dev_uart_ops.read(r->uart, 5, 1) & 1))
        buf[n++] = (uint8_t)dev_uart_ops.read(r->uart, 0, 1);
    return n;
}

Test(sys_console, bytes_pass_and_ctrl_a_ctrl_a_is_one_ctrl_a)
{
    struct rig r;
    rig_open(&r);
    cr_assert_eq(write(r.in[1], "a\x03\x01\x01" "b", 5), 5);
    sys_console_poll(r.con, r.uart);
    uint8_t got[8];
    cr_assert_eq(received(&r, got, sizeof(got)), 4);
    cr_assert_eq(memcmp(got, "a\x03\x01" "b", 4), 0);
    cr_assert_not(r.power.stop);
    rig_close(&r);
}

Test(sys_console, ctrl_a_x_powers_off_with_status_0)
{
    struct rig r;
    rig_open(&r);
    cr_assert_eq(write(r.in[1], "q\x01", 2), 2);
    sys_console_poll(r.con, r.uart);
    cr_assert_not(r.power.stop, "Ctrl-A alone waits for its key");
    cr_assert_eq(write(r.in[1], "x", 1), 1);
    sys_console_poll(r.con, r.uart);
    cr_assert(r.power.stop);
    cr_assert_eq(r.power.status, 0);
    char msg[64] = {0};
    cr_assert_gt(read(r.msg[0], msg, sizeof(msg) - 1), 0);
    cr_assert(strstr(msg, "Terminated"), "message: %s", msg);
    uint8_t got[4];
    cr_assert_eq(received(&r, got, sizeof(got)), 1, "only the q");
    rig_close(&r);
}

Test(sys_console, waits_for_room_and_reports_end_of_input)
{
    struct rig r;
    rig_open(&r);
    cr_assert_eq(sys_console_fd(r.con), r.in[0]);
    uint8_t data[40];
    for (unsigned i = 0; i < sizeof(data); i++)
        data[i] = (uint8_t)('A' + i);
    cr_assert_eq(write(r.in[1], data, sizeof(data)), (ssize_t)sizeof(data));
    close(r.in[1]);
    r.in[1] = -1;
    uint8_t got[64];
    size_t n = 0;
    for (int round = 0; round < 10 && n < sizeof(data); round++) {
        sys_console_poll(r.con, r.uart); /* 16 at most: the FIFO */
        n += received(&r, got + n, sizeof(got) - n);
    }
    cr_assert_eq(n, sizeof(data), "nothing lost when the FIFO is full");
    cr_assert_eq(memcmp(got, data, n), 0);
    sys_console_poll(r.con, r.uart);
    cr_assert_eq(sys_console_fd(r.con), -1, "end of input");
    rig_close(&r);
}
