/*
 * gdb_watch.c — watchpoint lists (gdb_watch.h).
 */
#include "gdb_watch.h"

#include <stddef.h>

enum gdb_watch_kind gdb_watch_kind_of(uint64_t z_type)
{
    return z_type >= 2 && z_type <= 4 ? (enum gdb_watch_kind)(z_type - 1)
                                      : GDB_WATCH_NONE;
}

int gdb_watch_insert(struct gdb_watch_set *s, uint64_t addr, uint64_t len,
                     enum gdb_watch_kind kind)
{
    if (s->n == GDB_MAX_WATCHPOINTS || len == 0 || len > GDB_MAX_WATCH_LEN ||
        addr + len < addr)
        return -1;
    s->w[s->n++] = (struct gdb_watch){addr, len, kind};
    return 0;
}

void gdb_watch_remove(struct gdb_watch_set *s, uint64_t addr, uint64_t len,
                      enum gdb_watch_kind kind)
{
    for (unsigned i = 0; i < s->n; i++) {
        struct gdb_watch *w = &s->w[i];
        if (w->addr == addr && w->len == len && w->kind == kind) {
            *w = s->w[--s->n];
            return;
        }
    }
}

const struct gdb_watch *gdb_watch_hit(const struct gdb_watch_set *s,
                                      uint64_t addr, unsigned size,
                                      bool reads, bool writes)
{
    for (unsigned i = 0; i < s->n; i++) {
        const struct gdb_watch *w = &s->w[i];
        if (addr + size <= w->addr || addr >= w->addr + w->len)
            continue;
        if ((w->kind == GDB_WATCH_WRITE && !writes) ||
            (w->kind == GDB_WATCH_READ && !reads))
            continue;
        return w;
    }
    return NULL;
}

const char *gdb_watch_reply_key(enum gdb_watch_kind kind)
{
    static const char *const keys[] = {"", "watch", "rwatch", "awatch"};
    return keys[kind];
}
