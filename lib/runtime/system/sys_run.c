/*
 * sys_run.c — system mode's entry point: check the options, build the
 * board, run its harts (interpreted, or as tier-1 code) until poweroff
 * or --timeout. One hart runs on this thread and polls the devices
 * itself; several run on a thread each while this thread serves the
 * devices' host side (console input, the user network) and the time
 * limit, as QEMU's I/O thread does.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "gdb_sys.h"
#include "sys.h"
#include "sys_board.h"
#include "sys_hart.h"
#include "sys_monitor.h"
#include "sys_snapshot.h"
#include "tier1.h"

#define NS_PER_SEC 1000000000ull
#define IO_POLL_MS 10 /* the I/O thread's longest wait (poweroff seen) */

static void *hart_thread(void *hart)
{
    sys_hart_run(hart);
    t1_free_scratch(); /* this thread's translation buffers */
    return NULL;
}

/* Several harts: a thread each; this thread polls the devices until the
 * board powers off or the deadline passes (which powers it off). */
static int run_threaded(struct sys_hart *harts, struct sys_board *b,
                        uint64_t deadline_ns)
{
    pthread_t t[SYS_HARTS_MAX];
    unsigned started = 0;
    for (; started < b->harts; started++)
        if (pthread_create(&t[started], NULL, hart_thread, &harts[started]))
            break;
    bool limit = false;
    if (started < b->harts) {
        fprintf(stderr, "vm-run: cannot start hart %u's thread\n", started);
        dev_power_off(&b->power, RT_STATUS_USAGE);
    }
    while (!dev_power_stopped(&b->power)) {
        sys_board_poll(b, IO_POLL_MS);
        if (deadline_ns && dev_clock_ns() > deadline_ns) {
            limit = true;
            dev_power_off(&b->power, RT_STATUS_LIMIT);
        }
    }
    for (unsigned i = 0; i < started; i++)
        pthread_join(t[i], NULL);
    return limit ? RT_STATUS_LIMIT : b->power.status;
}

static int check_options(const struct sys_options *o)
{
    if (o->mode != RT_MODE_INTERP && o->mode != RT_MODE_TIER1) {
        fprintf(stderr, "vm-run: system mode runs in --mode interp or "
                        "tier1 only for now\n");
        return RT_STATUS_USAGE;
    }
    if (o->gdb && o->harts > 1) {
        fprintf(stderr, "vm-run: the GDB stub serves one hart for now: "
                        "-s/-gdb needs -smp 1\n");
        return RT_STATUS_USAGE;
    }
    if ((o->monitor || o->loadvm) && o->harts > 1) {
        fprintf(stderr, "vm-run: the monitor and snapshots serve one hart "
                        "for now: -monitor/-loadvm need -smp 1\n");
        return RT_STATUS_USAGE;
    }
    return 0;
}

int sys_run(const struct sys_options *o)
{
    int status = check_options(o);
    if (status)
        return status;
    unsigned n = o->harts ? o->harts : 1;
    /* large (TLB, cache table each): not on the stack */
    struct sys_hart *harts = calloc(n, sizeof(*harts));
    struct sys_board board = {.irq_set = sys_hart_irq};
    if (!harts) {
        fprintf(stderr, "vm-run: out of memory\n");
        return RT_STATUS_USAGE;
    }
    for (unsigned i = 0; i < n; i++)
        board.irq_opaque[i] = &harts[i];
    status = sys_board_build(&board, o);
    unsigned ready = 0;
    for (; status == 0 && ready < n; ready++)
        if (sys_hart_init(&harts[ready], &board, ready) ||
            (o->mode == RT_MODE_TIER1 && sys_hart_use_tier1(&harts[ready]))) {
            fprintf(stderr, "vm-run: out of memory\n");
            status = RT_STATUS_USAGE;
            ready++; /* freed below with the others */
        }
    struct sys_hart *hart = &harts[0];
    if (status == 0 && o->loadvm)
        status = sys_snapshot_load(hart, o, o->loadvm);
    if (status == 0 && o->monitor) {
        board.poll_opaque = sys_monitor_new(o->monitor, hart, o);
        board.poll_hook = sys_monitor_poll;
        if (!board.poll_opaque)
            status = RT_STATUS_USAGE;
    }
    if (status == 0 && o->gdb) {
        hart->gdb = gdb_sys_listen(o->gdb_port, o->gdb_stop_at_start);
        if (!hart->gdb)
            status = RT_STATUS_USAGE;
    }
    if (status == 0) {
        fflush(stdout);
        uint64_t deadline =
            o->timeout_sec ? dev_clock_ns() + o->timeout_sec * NS_PER_SEC : 0;
        if (n == 1) {
            hart->deadline_ns = deadline;
            status = sys_hart_run(hart);
        } else {
            status = run_threaded(harts, &board, deadline);
        }
        if (status == RT_STATUS_LIMIT)
            fprintf(stderr, "vm-run: time limit reached (%llu s)\n",
                    (unsigned long long)o->timeout_sec);
    }
    if (hart->gdb) {
        if (status != RT_STATUS_LIMIT)
            gdb_sys_exited(hart->gdb, status);
        gdb_sys_destroy(hart->gdb);
        hart->gdb = NULL;
    }
    sys_monitor_free(board.poll_opaque);
    for (unsigned i = 0; i < ready; i++)
        sys_hart_free(&harts[i]);
    free(harts);
    sys_board_free(&board);
    return status;
}
