/*
 * gdb_xfer.h — qXfer reads both stubs answer: a window of an object
 * ("m"/"l" then raw bytes, which gdb_send escapes) and the target
 * description generated from a register table.
 */
#ifndef VM_GDB_XFER_H
#define VM_GDB_XFER_H

#include <stddef.h>
#include <stdint.h>

#include "gdb_target.h"

/* The answer for [off, off+len) of data[0..total), in reply (room for
 * GDB_PACKET_MAX bytes); *reply_len gets its length (binary data). */
void gdb_xfer_reply(char *reply, size_t *reply_len, const uint8_t *data,
                    uint64_t total, uint64_t off, uint64_t len);
/* "OFFSET,LENGTH" ending a qXfer read; -1 when malformed. */
int gdb_xfer_range(const char *s, uint64_t *off, uint64_t *len);
/* qXfer:features:read:ARGS (ARGS = "target.xml:OFF,LEN"). */
void gdb_xfer_features(const struct gdb_target *t, const char *args,
                       char *reply, size_t *reply_len);

#endif
