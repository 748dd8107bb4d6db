/*
 * gdb_cmd_data.c — registers and memory: 'g'/'G' (every register),
 * 'p'/'P' (one), 'm' (read), 'M' (write, hex) and 'X' (write, binary).
 * Memory goes through the guest's mmu only: an address outside the
 * guest's mappings answers E14 (EFAULT) and never reaches host memory.
 */
#include <stdio.h>
#include <string.h>

#include "gdb_internal.h"

struct rt_thread *gdb_find_thread(struct gdbstub *g, int tid)
{
    struct rt_process *p = g->proc;
    pthread_mutex_lock(&p->lock);
    struct rt_thread *found = NULL, *event = NULL;
    for (struct rt_thread *t = p->threads; t; t = t->next) {
        if (tid > 0 && t->tid == tid)
            found = t;
        if (t->tid == g->ev_tid)
            event = t;
    }
    if (tid <= 0)
        found = event ? event : p->threads;
    pthread_mutex_unlock(&p->lock);
    return found;
}

static void reply(struct gdbstub *g, const char *s)
{
    snprintf(g->reply, sizeof(g->reply), "%s", s);
}

static void read_all_regs(struct gdbstub *g, const struct rt_thread *t)
{
    const struct gdb_target *tg = g->target;
    char *out = g->reply;
    for (unsigned i = 0; i < tg->nregs; i++) {
        uint8_t buf[16];
        gdb_target_read(tg, t->cpu, &tg->regs[i], buf);
        gdb_hex_encode(out, buf, tg->regs[i].bytes);
        out += 2 * tg->regs[i].bytes;
    }
    *out = 0;
}

/* G: as many whole registers as the packet carries. */
static void write_all_regs(struct gdbstub *g, struct rt_thread *t,
                           const char *hex, size_t len)
{
    const struct gdb_target *tg = g->target;
    for (unsigned i = 0; i < tg->nregs; i++) {
        size_t n = tg->regs[i].bytes;
        uint8_t buf[16];
        if (len < 2 * n)
            break;
        if (gdb_hex_decode(buf, hex, n)) {
            reply(g, "E16");
            return;
        }
        gdb_target_write(tg, t->cpu, &tg->regs[i], buf);
        hex += 2 * n;
        len -= 2 * n;
    }
    reply(g, "OK");
}

static void one_reg(struct gdbstub *g, struct rt_thread *t, const char *args,
                    bool write)
{
    uint64_t regnum;
    const struct gdb_reg *r = NULL;
    if (gdb_parse_hex(&args, &regnum) == 0 && regnum < 4096)
        r = gdb_target_reg(g->target, (unsigned)regnum);
    if (!r) {
        reply(g, "E45");
        return;
    }
    uint8_t buf[16];
    if (!write) {
        gdb_target_read(g->target, t->cpu, r, buf);
        gdb_hex_encode(g->reply, buf, r->bytes);
        g->reply[2 * r->bytes] = 0;
        return;
    }
    if (*args != '=' || strlen(args + 1) < 2u * r->bytes ||
        gdb_hex_decode(buf, args + 1, r->bytes)) {
        reply(g, "E16");
        return;
    }
    gdb_target_write(g->target, t->cpu, r, buf);
    reply(g, "OK");
}

/* "ADDR,LEN" then the separator ':' for writes. */
static int parse_range(const char **s, uint64_t *addr, uint64_t *len)
{
    if (gdb_parse_hex(s, addr) || **s != ',')
        return -1;
    (*s)++;
    return gdb_parse_hex(s, len);
}

static void read_memory(struct gdbstub *g, const char *args)
{
    uint64_t addr, len;
    if (parse_range(&args, &addr, &len) || *args) {
        reply(g, "E16");
        return;
    }
    if (len > GDB_PACKET_MAX / 2)
        len = GDB_PACKET_MAX / 2;
    uint8_t buf[GDB_PACKET_MAX / 2];
    uint64_t got = 0;
    if (mmu_read(g->proc->mmu, addr, buf, len) == 0) {
        got = len;
    } else { /* the readable start of a range that runs off a mapping */
        while (got < len && addr + got >= addr &&
               mmu_read(g->proc->mmu, addr + got, buf + got, 1) == 0)
            got++;
    }
    if (got == 0 && len > 0) {
        reply(g, "E14");
        return;
    }
    gdb_hex_encode(g->reply, buf, got);
    g->reply[2 * got] = 0;
}

static void write_memory(struct gdbstub *g, const char *args, size_t len,
                         bool binary)
{
    const char *start = args;
    uint64_t addr, n;
    if (parse_range(&args, &addr, &n) || *args != ':') {
        reply(g, "E16");
        return;
    }
    args++;
    size_t avail = len - (size_t)(args - start);
    uint8_t buf[GDB_PACKET_MAX];
    if (n > sizeof(buf) || (binary ? avail < n : avail < 2 * n)) {
        reply(g, "E16");
        return;
    }
    if (binary)
        memcpy(buf, args, n);
    else if (gdb_hex_decode(buf, args, n)) {
        reply(g, "E16");
        return;
    }
    if (n && mmu_write(g->proc->mmu, addr, buf, n)) {
        reply(g, "E14");
        return;
    }
    /* The guest's translations of that memory are stale now. */
    __atomic_add_fetch(&g->proc->icache_gen, 1, __ATOMIC_RELEASE);
    reply(g, "OK");
}

void gdb_cmd_data(struct gdbstub *g, const char *pkt, size_t len)
{
    char c = pkt[0];
    if (c == 'm' || c == 'M' || c == 'X') {
        if (c == 'm')
            read_memory(g, pkt + 1);
        else
            write_memory(g, pkt + 1, len - 1, c == 'X');
        return;
    }
    struct rt_thread *t = gdb_find_thread(g, g->g_tid);
    if (!t) {
        reply(g, "E03");
        return;
    }
    switch (c) {
    case 'g': read_all_regs(g, t); break;
    case 'G': write_all_regs(g, t, pkt + 1, len - 1); break;
    case 'p': one_reg(g, t, pkt + 1, false); break;
    default: one_reg(g, t, pkt + 1, true); break;
    }
}
