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
    struct gdb_sys_points *p = opaque;
    const struct gdb_watch *w =
        p->hit ? NULL : gdb_watch_hit(&p->watches, va, size, reads, writes);
    if (!w)
        return false;
    p->hit = w->kind;
    /* QEMU reports the access's address, or the range's start when the
     * access begins below it. */
    p->hit_addr = va > w->addr ? va : w->addr;
    return true;
}

static void update_hook(struct gdb_sys_points *p, struct sys_interp *x)
{
    x->access_hook = p->watches.n ? on_access : NULL;
    x->hook_opaque = p;
    p->hooked = p->watches.n ? x : NULL;
}

void gdb_sys_points_clear(struct gdb_sys_points *p)
{
    p->nbps = 0;
    p->watches.n = 0;
    if (p->hooked)
        p->hooked->access_hook = NULL;
    p->hooked = NULL;
    p->hit = GDB_WATCH_NONE;
}

const char *gdb_sys_points_cmd(struct gdb_sys_points *p, struct sys_interp *x,
                               const char *pkt)
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
        update_hook(p, x);
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
