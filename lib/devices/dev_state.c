/*
 * dev_state.c — the save/restore visitor of device state (dev_state.h).
 */
#include "dev_state.h"

#include <stdlib.h>
#include <string.h>

void dev_state_save_init(struct dev_state *s)
{
    memset(s, 0, sizeof(*s));
}

void dev_state_load_init(struct dev_state *s, const void *in, size_t len)
{
    memset(s, 0, sizeof(*s));
    s->loading = true;
    s->in = in;
    s->in_len = len;
}

void dev_state_free(struct dev_state *s)
{
    free(s->buf);
    s->buf = NULL;
    s->len = s->cap = 0;
}

bool dev_state_check(struct dev_state *s, bool ok, const char *why)
{
    if (!ok && !s->bad) {
        s->bad = true;
        s->why = why;
    }
    return ok && !s->bad;
}

static void put(struct dev_state *s, const void *p, size_t n)
{
    if (s->bad)
        return;
    if (s->len + n > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 256;
        while (cap < s->len + n)
            cap *= 2;
        uint8_t *b = realloc(s->buf, cap);
        if (!dev_state_check(s, b != NULL, "out of memory"))
            return;
        s->buf = b;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, p, n);
    s->len += n;
}

static void get(struct dev_state *s, void *p, size_t n)
{
    if (!dev_state_check(s, s->in_len - s->pos >= n, "record too short"))
        return;
    memcpy(p, s->in + s->pos, n);
    s->pos += n;
}

/* Integers little-endian whatever the host: the file is portable. */
static void integer(struct dev_state *s, uint64_t *v, unsigned bytes)
{
    uint8_t b[8];
    if (s->loading) {
        get(s, b, bytes);
        if (s->bad)
            return;
        uint64_t x = 0;
        for (unsigned i = 0; i < bytes; i++)
            x |= (uint64_t)b[i] << (8 * i);
        *v = x;
    } else {
        for (unsigned i = 0; i < bytes; i++)
            b[i] = (uint8_t)(*v >> (8 * i));
        put(s, b, bytes);
    }
}

void dev_state_bytes(struct dev_state *s, void *p, size_t n)
{
    if (s->loading)
        get(s, p, n);
    else
        put(s, p, n);
}

void dev_state_u64(struct dev_state *s, uint64_t *v)
{
    integer(s, v, 8);
}

void dev_state_u32(struct dev_state *s, uint32_t *v)
{
    uint64_t x = *v;
    integer(s, &x, 4);
    *v = (uint32_t)x;
}

void dev_state_u16(struct dev_state *s, uint16_t *v)
{
    uint64_t x = *v;
    integer(s, &x, 2);
    *v = (uint16_t)x;
}

void dev_state_u8(struct dev_state *s, uint8_t *v)
{
    uint64_t x = *v;
    integer(s, &x, 1);
    *v = (uint8_t)x;
}

void dev_state_bool(struct dev_state *s, bool *v)
{
    uint64_t x = *v;
    integer(s, &x, 1);
    if (dev_state_check(s, x <= 1, "a flag is neither 0 nor 1"))
        *v = x;
}

void dev_state_u32s(struct dev_state *s, uint32_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dev_state_u32(s, &v[i]);
}

void dev_state_u64s(struct dev_state *s, uint64_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dev_state_u64(s, &v[i]);
}

void dev_state_expect(struct dev_state *s, uint32_t n, const char *what)
{
    uint32_t got = n;
    dev_state_u32(s, &got);
    dev_state_check(s, got == n, what);
}
