/*
 * gdb_cmd_run.c — execution control: breakpoints and watchpoints (Z, z),
 * thread selection and liveness (H, T), and resuming (c, s, C, S and
 * vCont with per-thread actions). Threads without an action in a vCont
 * stay stopped, as gdb expects when it steps one thread over a
 * breakpoint.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gdb_internal.h"

static int add_breakpoint(struct gdbstub *g, uint64_t addr)
{
    if (gdb_has_breakpoint(g, addr))
        return 0;
    if (g->nbps == GDB_MAX_BREAKPOINTS)
        return -1;
    g->bps[g->nbps] = addr;
    __atomic_store_n(&g->nbps, g->nbps + 1, __ATOMIC_RELEASE);
    return 0;
}

static void remove_breakpoint(struct gdbstub *g, uint64_t addr)
{
    for (unsigned i = 0; i < g->nbps; i++)
        if (g->bps[i] == addr) {
            g->bps[i] = g->bps[g->nbps - 1];
            __atomic_store_n(&g->nbps, g->nbps - 1, __ATOMIC_RELEASE);
            return;
        }
}

/* Z/z TYPE,ADDR,KIND. Types 0 and 1 (software and hardware breakpoints)
 * are the same here; 2, 3, 4 are write, read and access watchpoints. */
static void breakpoint_cmd(struct gdbstub *g, const char *pkt)
{
    bool insert = pkt[0] == 'Z';
    const char *s = pkt + 1;
    uint64_t type, addr, kind;
    if (gdb_parse_hex(&s, &type) || *s++ != ',' ||
        gdb_parse_hex(&s, &addr) || *s++ != ',' ||
        gdb_parse_hex(&s, &kind)) {
        strcpy(g->reply, "E16");
        return;
    }
    if (type > 4) {
        g->reply[0] = 0; /* unsupported type */
        return;
    }
    pthread_mutex_lock(&g->lock);
    int rc = 0;
    if (type <= 1 && insert)
        rc = add_breakpoint(g, addr);
    else if (type <= 1)
        remove_breakpoint(g, addr);
    else if (insert)
        rc = gdb_watch_insert(&g->watches, addr, kind,
                              gdb_watch_kind_of(type));
    else
        gdb_watch_remove(&g->watches, addr, kind, gdb_watch_kind_of(type));
    if (type > 1)
        gdb_update_watch_hook(g);
    pthread_mutex_unlock(&g->lock);
    strcpy(g->reply, rc ? "E0c" : "OK");
}

/* H[gc]TID and T TID. Thread ids are hex; -1 means all. */
static int parse_tid(const char *s, int *tid)
{
    if (s[0] == '-' && s[1] == '1' && !s[2]) {
        *tid = -1;
        return 0;
    }
    uint64_t v;
    if (gdb_parse_hex(&s, &v) || *s || v > 0x7fffffff)
        return -1;
    *tid = (int)v;
    return 0;
}

static void set_thread(struct gdbstub *g, const char *pkt)
{
    int tid;
    if (parse_tid(pkt + 2, &tid) ||
        (tid > 0 && !gdb_find_thread(g, tid))) {
        strcpy(g->reply, "E01");
        return;
    }
    if (pkt[1] == 'g')
        g->g_tid = tid;
    else
        g->c_tid = tid;
    strcpy(g->reply, "OK");
}

static void thread_alive(struct gdbstub *g, const char *pkt)
{
    int tid;
    bool alive = parse_tid(pkt + 1, &tid) == 0 && tid > 0 &&
                 gdb_find_thread(g, tid);
    strcpy(g->reply, alive ? "OK" : "E01");
}

/* One vCont action: its kind ('c' or 's'), signal, and thread (-1 all). */
struct action {
    char kind;
    int sig;
    int tid;
};

#define MAX_ACTIONS 32

/* Parses ";action[:tid]..." into acts; -1 when malformed. */
static int parse_actions(const char *s, struct action *acts, int *n)
{
    *n = 0;
    while (*s == ';') {
        s++;
        if (*n == MAX_ACTIONS)
            return -1;
        struct action a = {.kind = (char)(*s | 0x20), .tid = -1};
        if (*s != 'c' && *s != 's' && *s != 'C' && *s != 'S')
            return -1;
        bool with_sig = *s == 'C' || *s == 'S';
        s++;
        if (with_sig) {
            uint64_t sig;
            if (gdb_parse_hex(&s, &sig) || sig > 255)
                return -1;
            a.sig = gdb_signal_to_host((int)sig);
        }
        if (*s == ':') {
            s++;
            char tid[24];
            size_t k = strcspn(s, ";");
            if (k == 0 || k >= sizeof(tid))
                return -1;
            memcpy(tid, s, k);
            tid[k] = 0;
            if (parse_tid(tid, &a.tid))
                return -1;
            s += k;
        }
        acts[(*n)++] = a;
    }
    return *s ? -1 : 0;
}

/* Gives each thread the first action that names it (or all threads). */
static void resume(struct gdbstub *g, const struct action *acts, int n)
{
    struct rt_process *p = g->proc;
    pthread_mutex_lock(&g->lock);
    pthread_mutex_lock(&p->lock);
    for (struct rt_thread *t = p->threads; t; t = t->next) {
        t->gdb_resume = GDB_RESUME_STOP;
        t->gdb_signal = 0;
        for (int i = 0; i < n; i++)
            if (acts[i].tid == -1 || acts[i].tid == 0 ||
                acts[i].tid == t->tid) {
                t->gdb_resume =
                    acts[i].kind == 's' ? GDB_RESUME_STEP : GDB_RESUME_CONT;
                t->gdb_signal = acts[i].sig;
                break;
            }
    }
    pthread_mutex_unlock(&p->lock);
    gdb_resume_all(g);
    pthread_mutex_unlock(&g->lock);
}

/* Legacy c, s, C, S: the Hc thread (or the event thread) steps or takes
 * the signal; every other thread continues. An address argument sets the
 * pc first. */
static bool legacy_resume(struct gdbstub *g, const char *pkt)
{
    char kind = (char)(pkt[0] | 0x20);
    const char *s = pkt + 1;
    int sig = 0;
    if (pkt[0] == 'C' || pkt[0] == 'S') {
        uint64_t v;
        if (gdb_parse_hex(&s, &v) || v > 255) {
            strcpy(g->reply, "E16");
            return false;
        }
        sig = gdb_signal_to_host((int)v);
        if (*s == ';')
            s++;
    }
    struct rt_thread *t = gdb_find_thread(g, g->c_tid > 0 ? g->c_tid : 0);
    uint64_t addr;
    if (*s && t && gdb_parse_hex(&s, &addr) == 0)
        t->cpu->pc = addr;
    struct action acts[2] = {
        {kind, sig, t ? t->tid : -1},
        {'c', 0, -1},
    };
    resume(g, acts, 2);
    return true;
}

bool gdb_cmd_run(struct gdbstub *g, const char *pkt)
{
    switch (pkt[0]) {
    case 'Z':
    case 'z': breakpoint_cmd(g, pkt); return false;
    case 'H':
        if (pkt[1] == 'g' || pkt[1] == 'c')
            set_thread(g, pkt);
        return false;
    case 'T': thread_alive(g, pkt); return false;
    case 'c':
    case 's':
    case 'C':
    case 'S': return legacy_resume(g, pkt);
    case 'v': {
        struct action acts[MAX_ACTIONS];
        int n;
        if (strncmp(pkt, "vCont;", 6) || parse_actions(pkt + 5, acts, &n)) {
            strcpy(g->reply, "E16");
            return false;
        }
        resume(g, acts, n);
        return true;
    }
    default: return false; /* unknown: the empty reply */
    }
}
