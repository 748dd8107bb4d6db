/*
 * gdb_cmd_query.c — general queries and settings (q..., Q..., v...):
 * what the stub supports, the target description and the auxiliary
 * vector through qXfer, the thread list, the current thread.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gdb_internal.h"

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* qXfer's answer for [off, off+len) of an object of total bytes. */
static void xfer_reply(struct gdbstub *g, const uint8_t *data, uint64_t total,
                       uint64_t off, uint64_t len)
{
    if (off >= total) {
        strcpy(g->reply, "l");
        return;
    }
    uint64_t n = total - off;
    if (len > GDB_PACKET_MAX - 16)
        len = GDB_PACKET_MAX - 16;
    char *out = g->reply;
    *out++ = n <= len ? 'l' : 'm';
    if (n > len)
        n = len;
    /* gdb_send escapes what needs escaping; a NUL ends g->reply, so
     * binary data is kept as is and its length passed separately. */
    memcpy(out, data + off, n);
    g->reply[1 + n] = 0;
    g->reply_len = (size_t)(1 + n);
}

/* "OFFSET,LENGTH" at the end of a qXfer read. */
static int xfer_range(const char *s, uint64_t *off, uint64_t *len)
{
    if (gdb_parse_hex(&s, off) || *s++ != ',' || gdb_parse_hex(&s, len) ||
        *s)
        return -1;
    return 0;
}

static void xfer_features(struct gdbstub *g, const char *args)
{
    const char *colon = strchr(args, ':');
    uint64_t off, len;
    if (!colon || strncmp(args, "target.xml", (size_t)(colon - args)) ||
        colon - args != 10) {
        strcpy(g->reply, "E00");
        return;
    }
    if (xfer_range(colon + 1, &off, &len)) {
        strcpy(g->reply, "E16");
        return;
    }
    char *xml = gdb_target_xml(g->target);
    if (!xml) {
        strcpy(g->reply, "E0c");
        return;
    }
    xfer_reply(g, (const uint8_t *)xml, strlen(xml), off, len);
    free(xml);
}

static void xfer_auxv(struct gdbstub *g, const char *args)
{
    uint64_t off, len;
    if (*args != ':' || xfer_range(args + 1, &off, &len)) {
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
    xfer_reply(g, auxv, total, off, len);
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
        xfer_features(g, pkt + 20);
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
