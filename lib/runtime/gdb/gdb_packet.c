/*
 * gdb_packet.c — packets of gdb's remote serial protocol on a socket (see
 * gdb_packet.h). Everything read comes from a debugger we do not trust:
 * lengths are bounded, bad checksums are refused with '-', and a broken
 * connection is reported, never fatal.
 */
#include "gdb_packet.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* The next byte from the socket; -1 when the connection ended. */
static int next_byte(struct gdb_conn *c)
{
    if (c->in_pos == c->in_len) {
        if (c->fd < 0)
            return -1;
        ssize_t n;
        do
            n = read(c->fd, c->in, sizeof(c->in));
        while (n < 0 && errno == EINTR);
        if (n <= 0)
            return -1;
        c->in_pos = 0;
        c->in_len = (size_t)n;
    }
    return c->in[c->in_pos++];
}

bool gdb_conn_pending(const struct gdb_conn *c)
{
    if (c->in_pos < c->in_len)
        return true;
    if (c->fd < 0)
        return false;
    struct pollfd p = {.fd = c->fd, .events = POLLIN};
    return poll(&p, 1, 0) > 0;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int gdb_hex_digit(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

void gdb_hex_encode(char *out, const uint8_t *bytes, size_t n)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 15];
    }
}

int gdb_hex_decode(uint8_t *out, const char *hex, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int hi = gdb_hex_digit(hex[2 * i]);
        int lo = hi < 0 ? -1 : gdb_hex_digit(hex[2 * i + 1]);
        if (lo < 0)
            return -1;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return 0;
}

int gdb_parse_hex(const char **s, uint64_t *out)
{
    const char *p = *s;
    uint64_t v = 0;
    int d, n = 0;
    while ((d = gdb_hex_digit(*p)) >= 0) {
        if (v >> 60)
            return -1;
        v = v << 4 | (uint64_t)d;
        p++;
        n++;
    }
    if (n == 0)
        return -1;
    *s = p;
    *out = v;
    return 0;
}

/* Reads the payload after '$' up to '#', undoing escapes. Returns the
 * checksum of the raw bytes, or -1 when the connection ended. */
static int read_payload(struct gdb_conn *c, char *buf, size_t cap,
                        size_t *len)
{
    unsigned sum = 0;
    size_t n = 0;
    bool escape = false;
    for (;;) {
        int ch = next_byte(c);
        if (ch < 0)
            return -1;
        if (ch == '#' && !escape)
            break;
        sum += (unsigned)ch;
        if (ch == '}' && !escape) {
            escape = true;
            continue;
        }
        if (escape)
            ch ^= 0x20;
        escape = false;
        if (n + 1 < cap)
            buf[n++] = (char)ch;
    }
    buf[n] = 0;
    *len = n;
    return (int)(sum & 0xff);
}

enum gdb_read_result gdb_read_packet(struct gdb_conn *c, char *buf,
                                     size_t cap, size_t *len)
{
    for (;;) {
        int ch = next_byte(c);
        if (ch < 0)
            return GDB_READ_CLOSED;
        if (ch == 0x03)
            return GDB_READ_INTERRUPT;
        if (ch != '$')
            continue; /* acks, noise */
        int sum = read_payload(c, buf, cap, len);
        if (sum < 0)
            return GDB_READ_CLOSED;
        int hi = next_byte(c), lo = hi < 0 ? -1 : next_byte(c);
        if (lo < 0)
            return GDB_READ_CLOSED;
        int dh = gdb_hex_digit((char)hi), dl = gdb_hex_digit((char)lo);
        bool good = dh >= 0 && dl >= 0 && (dh << 4 | dl) == sum;
        if (c->no_ack) {
            if (good)
                return GDB_READ_PACKET;
            continue;
        }
        if (write_all(c->fd, good ? "+" : "-", 1))
            return GDB_READ_CLOSED;
        if (good)
            return GDB_READ_PACKET;
    }
}

static bool needs_escape(char ch)
{
    return ch == '$' || ch == '#' || ch == '}' || ch == '*';
}

int gdb_send(struct gdb_conn *c, const char *payload, size_t len)
{
    if (c->fd < 0)
        return -1;
    /* Escaping at most doubles the payload; send in pieces of a buffer. */
    char buf[2 * GDB_PACKET_MAX + 8];
    if (len > GDB_PACKET_MAX)
        len = GDB_PACKET_MAX;
    size_t n = 0;
    unsigned sum = 0;
    buf[n++] = '$';
    for (size_t i = 0; i < len; i++) {
        char ch = payload[i];
        if (needs_escape(ch)) {
            buf[n++] = '}';
            sum += '}';
            ch ^= 0x20;
        }
        buf[n++] = ch;
        sum += (unsigned char)ch;
    }
    static const char digits[] = "0123456789abcdef";
    buf[n++] = '#';
    buf[n++] = digits[(sum >> 4) & 15];
    buf[n++] = digits[sum & 15];
    for (int tries = 0; tries < 8; tries++) {
        if (write_all(c->fd, buf, n))
            return -1;
        if (c->no_ack)
            return 0;
        int ch;
        while ((ch = next_byte(c)) >= 0 && ch != '+' && ch != '-')
            ; /* an interrupt byte here is dropped, as gdb resends */
        if (ch < 0)
            return -1;
        if (ch == '+')
            return 0;
    }
    return -1;
}

int gdb_send_str(struct gdb_conn *c, const char *payload)
{
    return gdb_send(c, payload, strlen(payload));
}
