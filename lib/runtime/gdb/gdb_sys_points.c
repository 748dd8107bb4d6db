/*
 * gdb_sys_points.c — system mode's breakpoints and watchpoints
 * (gdb_sys_points.h). Breakpoints are an address set checked before each
 * block (and inside it: gdb_sys_must_cut); guest memory is never
 * patched. Watchpoints are a hook in the system interpreter
 * (sys_interp.h), installed only while some are set: it abandons the
 * accessing instruction, and the stop is reported before it (gdb then
 * steps over it with the watchpoint removed), as QEMU's stub does for
 * RISC-V.
 */
#include "gdb_sys_points.h"

#include <stddef.h>

#include "gdb_packet.h"
#include "sys_interp.h"

bool gdb_sys_points_at(const struct gdb_sys_points *p, uint64_t pc)
{
    for (unsigned i = 0; i < p->nbps; i++)
        if (p->bps[i] == pc)
            return true;
    return false;
}

bool gdb_sys_points_inside(const struct gdb_sys_points *p, uint64_t pc,
                           uint64_t len)
{
    for (unsigned i = 0; i < p->nbps; i++)
        if (p->bps[i] > pc && p->bps[i] < pc + len)
            return true;
    return false;
}

bool gdb_sys_points_any(const struct gdb_sys_points *p)
{
    return p->nbps || p->watches.n;
}

/* The system interpreter's hook (sys_access_hook): the first access to
 * a watched range abandons its instruction; the stop comes before it. */
static bool on_access(void *opaque, uint64_t va, unsigned size, bool reads,
                      bool writes)
{
    struct gdb_sys_hooked *h = opaque;
    struct gdb_sys_points *p = h->points;
    const struct gdb_watch *w =
        gdb_watch_hit(&p->watches, va, size, reads, writes);
    if (!w)
        return false;
    /* One hart's hit at a time (claimed first, published last); another
     * hart's instruction is abandoned too and runs again, hitting again,
     * once that stop is over. */
    unsigned free_claim = 0;
    if (!__atomic_compare_exchange_n(&p->claim, &free_claim, h->hart + 1,
                                     false, __ATOMIC_ACQ_REL,
                                     __ATOMIC_ACQUIRE))
        return true;
    /* QEMU reports the access's address, or the range's start when the
     * access begins below it. */
    p->hit_addr = va > w->addr ? va : w->addr;
    p->hit_hart = h->hart;
    __atomic_store_n(&p->hit, w->kind, __ATOMIC_RELEASE);
    return true;
}

void gdb_sys_points_hit_done(struct gdb_sys_points *p)
{
    __atomic_store_n(&p->hit, GDB_WATCH_NONE, __ATOMIC_RELEASE);
    __atomic_store_n(&p->claim, 0, __ATOMIC_RELEASE);
}

bool gdb_sys_points_hit_by(const struct gdb_sys_points *p, unsigned hart)
{
    return __atomic_load_n(&p->hit, __ATOMIC_ACQUIRE) != GDB_WATCH_NONE &&
           p->hit_hart == hart;
}

void gdb_sys_points_harts(struct gdb_sys_points *p, struct sys_interp *const *xs,
                          unsigned n)
{
    p->nharts = n < GDB_SYS_MAX_HARTS ? n : GDB_SYS_MAX_HARTS;
    for (unsigned i = 0; i < p->nharts; i++)
        p->harts[i] = (struct gdb_sys_hooked){p, xs[i], i};
}

static void update_hooks(struct gdb_sys_points *p)
{
    for (unsigned i = 0; i < p->nharts; i++) {
        struct sys_interp *x = p->harts[i].interp;
        x->access_hook = p->watches.n ? on_access : NULL;
        x->hook_opaque = &p->harts[i];
    }
}

void gdb_sys_points_clear(struct gdb_sys_points *p)
{
    p->nbps = 0;
    p->watches.n = 0;
    update_hooks(p);
    gdb_sys_points_hit_done(p);
}

const char *gdb_sys_points_cmd(struct gdb_sys_points *p, const char *pkt)
{
    const char *s = pkt + 1;
    uint64_t type, addr, kind;
    if (gdb_parse_hex(&s, &type) || *s++ != ',' ||
        gdb_parse_hex(&s, &addr) || *s++ != ',' || gdb_parse_hex(&s, &kind))
        return "E16";
    if (type > 4)
        return "";
    if (type > 1) {
        int rc = 0;
        if (pkt[0] == 'Z')
            rc = gdb_watch_insert(&p->watches, addr, kind,
                                  gdb_watch_kind_of(type));
        else
            gdb_watch_remove(&p->watches, addr, kind, gdb_watch_kind_of(type));
        update_hooks(p);
        return rc ? "E0c" : "OK";
    }
    for (unsigned i = 0; i < p->nbps; i++)
        if (p->bps[i] == addr) {
            if (pkt[0] == 'z')
                p->bps[i] = p->bps[--p->nbps];
            return "OK";
        }
    if (pkt[0] == 'z')
        return "OK";
    if (p->nbps == GDB_SYS_MAX_BREAKPOINTS)
        return "E0c";
    p->bps[p->nbps++] = addr;
    return "OK";
}
