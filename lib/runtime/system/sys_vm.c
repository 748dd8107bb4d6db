/*
 * sys_vm.c — building, running and freeing a machine
 * (sys_vm.h).
 */
#include "sys_vm.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sys_monitor.h"
#include "sys_snapshot.h"
#include "tier1.h"

#define NS_PER_SEC 1000000000ull
#define IO_POLL_MS 10 /* the I/O thread's longest wait (poweroff seen) */

int sys_vm_init(struct sys_vm *m, const struct sys_options *o)
{
    memset(m, 0, sizeof(*m));
    m->opts = *o;
    o = &m->opts;
    unsigned n = o->harts ? o->harts : 1;
    /* large (TLB, cache table each): not on the stack */
    m->harts = calloc(n, sizeof(*m->harts));
    if (!m->harts) {
        fprintf(stderr, "vm-run: out of memory\n");
        return RT_STATUS_USAGE;
    }
    m->board.irq_set = sys_hart_irq;
    for (unsigned i = 0; i < n; i++)
        m->board.irq_opaque[i] = &m->harts[i];
    int status = sys_board_build(&m->board, o);
    bool tier1 = o->mode == RT_MODE_TIER1 || o->mode == RT_MODE_TIERED;
    if (status == 0 &&
        (o->mode == RT_MODE_TIERED || o->mode == RT_MODE_LLVM)) {
        unsigned threshold = o->mode == RT_MODE_LLVM ? 0
                             : o->tier_threshold ? o->tier_threshold
                                                 : SYS_T2_THRESHOLD;
        m->t2 = sys_t2_create(threshold);
        if (!m->t2) {
            fprintf(stderr, "vm-run: out of memory\n");
            status = RT_STATUS_USAGE;
        }
    }
    for (; status == 0 && m->ready < n; m->ready++) {
        struct sys_hart *h = &m->harts[m->ready];
        if (sys_hart_init(h, &m->board, m->ready) ||
            (tier1 && sys_hart_use_tier1(h)) ||
            (o->mode == RT_MODE_LLVM && sys_hart_use_llvm(h, m->t2))) {
            fprintf(stderr, "vm-run: out of memory\n");
            status = RT_STATUS_USAGE;
        }
        h->t2 = m->t2;
    }
    if (status == 0 && o->loadvm)
        status = sys_snapshot_load(m->harts, o, o->loadvm);
    if (status == 0 && o->monitor) {
        m->board.poll_opaque = sys_monitor_new(o->monitor, m->harts, o);
        m->board.poll_hook = sys_monitor_poll;
        if (!m->board.poll_opaque)
            status = RT_STATUS_USAGE;
    }
    return status;
}

static void *hart_thread(void *hart)
{
    sys_hart_run(hart);
    t1_free_scratch(); /* this thread's translation buffers */
    return NULL;
}

/* A thread per hart; this thread polls the devices until the board
 * powers off or the deadline passes (which powers it off). */
static int run_threaded(struct sys_vm *m)
{
    struct sys_board *b = &m->board;
    pthread_t t[SYS_HARTS_MAX];
    unsigned started = 0;
    for (; started < b->harts; started++)
        if (pthread_create(&t[started], NULL, hart_thread,
                           &m->harts[started]))
            break;
    bool limit = false;
    if (started < b->harts) {
        fprintf(stderr, "vm-run: cannot start hart %u's thread\n", started);
        dev_power_off(&b->power, RT_STATUS_USAGE);
    }
    while (!dev_power_stopped(&b->power)) {
        sys_board_poll(b, IO_POLL_MS);
        if (m->deadline_ns && dev_clock_ns() > m->deadline_ns) {
            limit = true;
            dev_power_off(&b->power, RT_STATUS_LIMIT);
        }
    }
    for (unsigned i = 0; i < started; i++)
        pthread_join(t[i], NULL);
    return limit ? RT_STATUS_LIMIT : b->power.status;
}

int sys_vm_run(struct sys_vm *m)
{
    const struct sys_options *o = &m->opts;
    fflush(stdout);
    m->deadline_ns =
        o->timeout_sec ? dev_clock_ns() + o->timeout_sec * NS_PER_SEC : 0;
    /* threaded: for the waits of the monitor and the debugger */
    for (unsigned i = 0; i < m->board.harts; i++)
        m->harts[i].deadline_ns = m->deadline_ns;
    int status = m->board.threaded ? run_threaded(m)
                                   : sys_hart_run(&m->harts[0]);
    if (status == RT_STATUS_LIMIT)
        fprintf(stderr, "vm-run: time limit reached (%llu s)\n",
                (unsigned long long)o->timeout_sec);
    return status;
}

void sys_vm_free(struct sys_vm *m)
{
    sys_monitor_free(m->board.poll_opaque);
    m->board.poll_opaque = NULL;
    for (unsigned i = 0; i < m->ready; i++)
        sys_hart_free(&m->harts[i]);
    free(m->harts);
    m->harts = NULL;
    sys_t2_destroy(m->t2); /* after the harts let go of their regions */
    m->t2 = NULL;
    sys_board_free(&m->board);
}

void sys_vm_print_stats(const struct sys_vm *m)
{
    uint64_t retired = 0, runs = 0;
    for (unsigned i = 0; i < m->ready; i++) {
        retired += m->harts[i].interp.retired;
        if (m->t2)
            runs += sys_t2_hart_entries(&m->harts[i]);
    }
    fprintf(stderr, "vm-run: stats: %u hart(s), %llu instructions retired\n",
            m->ready, (unsigned long long)retired);
    if (!m->t2)
        return;
    struct sys_t2_stats st;
    sys_t2_stats(m->t2, &st);
    fprintf(stderr,
            "vm-run: stats: tier 2: %llu regions selected, %llu installed, "
            "%llu refused, %llu queue full, %llu stale, %llu judged out; "
            "%llu region runs; compile CPU %.3f s\n",
            (unsigned long long)st.selected, (unsigned long long)st.installed,
            (unsigned long long)st.refused, (unsigned long long)st.busy,
            (unsigned long long)st.stale, (unsigned long long)st.judged_out,
            (unsigned long long)runs,
            (double)st.compile_cpu_ns / 1e9);
}
