/*
 * gdb_xfer.c — qXfer windows and target.xml (gdb_xfer.h).
 */
#include "gdb_xfer.h"

#include <stdlib.h>
#include <string.h>

#include "gdb_packet.h"

void gdb_xfer_reply(char *reply, size_t *reply_len, const uint8_t *data,
                    uint64_t total, uint64_t off, uint64_t len)
{
    if (off >= total) {
        strcpy(reply, "l");
        return;
    }
    uint64_t n = total - off;
    if (len > GDB_PACKET_MAX - 16)
        len = GDB_PACKET_MAX - 16;
    char *out = reply;
    *out++ = n <= len ? 'l' : 'm';
    if (n > len)
        n = len;
    /* gdb_send escapes what needs escaping; a NUL ends the reply, so
     * binary data is kept as is and its length passed separately. */
    memcpy(out, data + off, n);
    reply[1 + n] = 0;
    *reply_len = (size_t)(1 + n);
}

int gdb_xfer_range(const char *s, uint64_t *off, uint64_t *len)
{
    if (gdb_parse_hex(&s, off) || *s++ != ',' || gdb_parse_hex(&s, len) ||
        *s)
        return -1;
    return 0;
}

void gdb_xfer_features(const struct gdb_target *t, const char *args,
                       char *reply, size_t *reply_len)
{
    const char *colon = strchr(args, ':');
    uint64_t off, len;
    if (!colon || strncmp(args, "target.xml", (size_t)(colon - args)) ||
        colon - args != 10) {
        strcpy(reply, "E00");
        return;
    }
    if (gdb_xfer_range(colon + 1, &off, &len)) {
        strcpy(reply, "E16");
        return;
    }
    char *xml = gdb_target_xml(t);
    if (!xml) {
        strcpy(reply, "E0c");
        return;
    }
    gdb_xfer_reply(reply, reply_len, (const uint8_t *)xml, strlen(xml), off,
                   len);
    free(xml);
}
