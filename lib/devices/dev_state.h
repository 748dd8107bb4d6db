/*
 * dev_state.h — a device's state as a flat little-endian record, for
 * snapshots (savevm / -loadvm). Each device has one function,
 * dev_<name>_state(dev, s), that visits its fields in a fixed order: the
 * same code saves (s->loading false: values are appended to s->buf) and
 * restores (s->loading true: values are read from s->in), so the two
 * directions cannot drift apart. A restore that runs past the record,
 * or finds a value the device cannot hold, sets s->bad; the caller
 * refuses the snapshot and does not run the half-restored board.
 */
#ifndef VM_DEV_STATE_H
#define VM_DEV_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct dev_state {
    bool loading;
    bool bad;            /* loading: short or invalid; saving: no memory */
    const char *why;     /* the first problem, for the error line */
    uint8_t *buf;        /* saving: the record so far (malloc'd) */
    size_t len, cap;
    const uint8_t *in;   /* loading: the record */
    size_t in_len, pos;
};

/* A saver with an empty buffer, a loader over in[0..len). */
void dev_state_save_init(struct dev_state *s);
void dev_state_load_init(struct dev_state *s, const void *in, size_t len);
/* Frees a saver's buffer. */
void dev_state_free(struct dev_state *s);

void dev_state_bytes(struct dev_state *s, void *p, size_t n);
void dev_state_u8(struct dev_state *s, uint8_t *v);
void dev_state_u16(struct dev_state *s, uint16_t *v);
void dev_state_u32(struct dev_state *s, uint32_t *v);
void dev_state_u64(struct dev_state *s, uint64_t *v);
void dev_state_bool(struct dev_state *s, bool *v);
void dev_state_u32s(struct dev_state *s, uint32_t *v, size_t n);
void dev_state_u64s(struct dev_state *s, uint64_t *v, size_t n);

/* Loading: marks the record bad (why: a short phrase) unless ok. */
bool dev_state_check(struct dev_state *s, bool ok, const char *why);
/* A count the record must have as this build has it (array sizes). */
void dev_state_expect(struct dev_state *s, uint32_t n, const char *what);

#endif
