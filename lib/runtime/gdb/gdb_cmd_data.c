/*
 * gdb_cmd_data.c — user mode's registers and memory packets: the
 * selected thread's CPU state and the process's mmu (gdb_data.c does the
 * packets). An address outside the guest's mappings answers E14 and
 * never reaches host memory.
 */
#include <stdio.h>
#include <string.h>

#include "gdb_data.h"
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

static int proc_read(void *opaque, uint64_t addr, void *buf, uint64_t len)
{
    return mmu_read(opaque, addr, buf, len);
}

static int proc_write(void *opaque, uint64_t addr, const void *buf,
                      uint64_t len)
{
    return mmu_write(opaque, addr, buf, len);
}

void gdb_cmd_data(struct gdbstub *g, const char *pkt, size_t len)
{
    char c = pkt[0];
    if (c == 'm' || c == 'M' || c == 'X') {
        struct gdb_memory m = {proc_read, proc_write, g->proc->mmu};
        if (gdb_data_memory(&m, pkt, len, g->reply))
            /* The guest's translations of that memory are stale now. */
            __atomic_add_fetch(&g->proc->icache_gen, 1, __ATOMIC_RELEASE);
        return;
    }
    struct rt_thread *t = gdb_find_thread(g, g->g_tid);
    if (!t) {
        snprintf(g->reply, sizeof(g->reply), "E03");
        return;
    }
    gdb_data_regs(g->target, t->cpu, pkt, len, g->reply);
}
