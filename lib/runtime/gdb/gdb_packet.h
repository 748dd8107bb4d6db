/*
 * gdb_packet.h — the framing layer of gdb's remote serial protocol over
 * one connected socket: "$payload#checksum" packets, '+'/'-'
 * acknowledgements (until QStartNoAckMode), binary escapes ('}' then the
 * byte xor 0x20) and the out-of-band interrupt byte 0x03. Plus the hex
 * helpers every command handler needs.
 */
#ifndef VM_GDB_PACKET_H
#define VM_GDB_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Largest payload we accept or send (qSupported's PacketSize). */
#define GDB_PACKET_MAX 0x4000

struct gdb_conn {
    int fd;           /* the connected socket, -1 once closed */
    bool no_ack;      /* after QStartNoAckMode */
    uint8_t in[4096]; /* bytes read but not yet consumed */
    size_t in_pos, in_len;
};

enum gdb_read_result {
    GDB_READ_PACKET,    /* a whole packet: payload NUL-terminated */
    GDB_READ_INTERRUPT, /* the byte 0x03 */
    GDB_READ_CLOSED,    /* end of file or an error: the debugger left */
};

/*
 * Reads the next packet (binary escapes undone, at most cap-1 bytes: a
 * longer one is truncated and answered like any other). Acknowledges a
 * good checksum with '+' and asks again with '-' after a bad one.
 */
enum gdb_read_result gdb_read_packet(struct gdb_conn *c, char *buf,
                                     size_t cap, size_t *len);

/* True when bytes are buffered or the socket is readable now. */
bool gdb_conn_pending(const struct gdb_conn *c);

/* Sends payload[0..len) as one packet, escaping what must be escaped;
 * waits for the '+' unless in no-ack mode. -1 when the connection broke. */
int gdb_send(struct gdb_conn *c, const char *payload, size_t len);
int gdb_send_str(struct gdb_conn *c, const char *payload);

/* Hex helpers. */
int gdb_hex_digit(char ch); /* -1 when not a hex digit */
/* Writes 2*n lowercase hex digits of bytes (no NUL). */
void gdb_hex_encode(char *out, const uint8_t *bytes, size_t n);
/* Decodes 2*n hex digits; -1 on a bad digit. */
int gdb_hex_decode(uint8_t *out, const char *hex, size_t n);
/* A hex number at *s, advancing *s past it; -1 when there is none or it
 * overflows 64 bits. */
int gdb_parse_hex(const char **s, uint64_t *out);

#endif
