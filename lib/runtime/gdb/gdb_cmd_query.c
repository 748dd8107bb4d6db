/*
 * gdb_cmd_query.c — general queries and settings (q..., Q..., v...):
 * what the stub supports, the target description and the auxiliary
 * vector through qXfer, the thread list, the current thread.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gdb_internal.h"
#include "gdb_xfer.h"

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static void xfer_auxv(struct gdbstub *g, const char *args)
{
    uint64_t off, len;
    if (*args != ':' || gdb_xfer_range(args + 1, &off, &len)) {
        strcpy(g->reply, "E16");
        return;
    }
    uint64_t total = g->proc->auxv_len;
    static uint8_t auxv[4096];
    if (total > sizeof(auxv))
        total = sizeof(auxv);
    if (total && mmu_read(g->proc->mmu, g->proc->auxv_addr, auxv, total)) {
        strcpy(g->reply, "E14");
        return;
    }
    gdb_xfer_reply(g->reply, &g->reply_len, auxv, total, off, len);
}

/* qfThreadInfo: every thread in one answer; qsThreadInfo: the end. */
static void thread_list(struct gdbstub *g)
{
    struct rt_process *p = g->proc;
    char *out = g->reply, *end = g->reply + sizeof(g->reply) - 24;
    *out++ = 'm';
    pthread_mutex_lock(&p->lock);
    for (struct rt_thread *t = p->threads; t && out < end; t = t->next)
        out += sprintf(out, "%s%x", out[-1] == 'm' ? "" : ",",
                       (unsigned)t->tid);
    pthread_mutex_unlock(&p->lock);
    *out = 0;
    if (out[-1] == 'm')
        strcpy(g->reply, "l");
}

void gdb_cmd_query(struct gdbstub *g, const char *pkt, size_t len)
{
    (void)len;
    if (starts(pkt, "qSupported")) {
        snprintf(g->reply, sizeof(g->reply),
                 "PacketSize=%x;qXfer:features:read+;qXfer:auxv:read+;"
                 "QStartNoAckMode+;vContSupported+;multiprocess-",
                 GDB_PACKET_MAX);
    } else if (starts(pkt, "qXfer:features:read:")) {
        gdb_xfer_features(g->target, pkt + 20, g->reply, &g->reply_len);
    } else if (starts(pkt, "qXfer:auxv:read:")) {
        xfer_auxv(g, pkt + 16);
    } else if (strcmp(pkt, "qfThreadInfo") == 0) {
        thread_list(g);
    } else if (strcmp(pkt, "qsThreadInfo") == 0) {
        strcpy(g->reply, "l");
    } else if (strcmp(pkt, "qC") == 0) {
        struct rt_thread *t = gdb_find_thread(g, g->g_tid);
        snprintf(g->reply, sizeof(g->reply), "QC%x",
                 t ? (unsigned)t->tid : 0u);
    } else if (starts(pkt, "qAttached")) {
        strcpy(g->reply, "0"); /* we started it: gdb kills it on quit */
    } else if (strcmp(pkt, "QStartNoAckMode") == 0) {
        strcpy(g->reply, "OK");
    } else if (starts(pkt, "qSymbol")) {
        strcpy(g->reply, "OK");
    } else if (strcmp(pkt, "vCont?") == 0) {
        strcpy(g->reply, "vCont;c;C;s;S");
    } else {
        g->reply[0] = 0; /* not supported: the empty reply */
    }
}
