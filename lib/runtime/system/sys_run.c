/*
 * sys_run.c — system mode's entry point: check the options, build the
 * board, run hart 0 (interpreted, or as tier-1 code) until poweroff or
 * --timeout.
 */
#include <stdio.h>

#include "gdb_sys.h"
#include "sys.h"
#include "sys_board.h"
#include "sys_hart.h"
#include "sys_monitor.h"
#include "sys_snapshot.h"

#define NS_PER_SEC 1000000000ull

int sys_run(const struct sys_options *o)
{
    if (o->mode != RT_MODE_INTERP && o->mode != RT_MODE_TIER1) {
        fprintf(stderr, "vm-run: system mode runs in --mode interp or "
                        "tier1 only for now\n");
        return RT_STATUS_USAGE;
    }
    static struct sys_hart hart; /* large (TLB, cache table): not stack */
    struct sys_board board = {.irq_set = sys_hart_irq, .irq_opaque = &hart};
    int status = sys_board_build(&board, o);
    if (status == 0 &&
        (sys_hart_init(&hart, &board, 0) ||
         (o->mode == RT_MODE_TIER1 && sys_hart_use_tier1(&hart)))) {
        fprintf(stderr, "vm-run: out of memory\n");
        status = RT_STATUS_USAGE;
    }
    if (status == 0 && o->loadvm)
        status = sys_snapshot_load(&hart, o, o->loadvm);
    if (status == 0 && o->monitor) {
        board.poll_opaque = sys_monitor_new(o->monitor, &hart, o);
        board.poll_hook = sys_monitor_poll;
        if (!board.poll_opaque)
            status = RT_STATUS_USAGE;
    }
    if (status == 0 && o->gdb) {
        hart.gdb = gdb_sys_listen(o->gdb_port, o->gdb_stop_at_start);
        if (!hart.gdb)
            status = RT_STATUS_USAGE;
    }
    if (status == 0) {
        fflush(stdout);
        if (o->timeout_sec)
            hart.deadline_ns = dev_clock_ns() + o->timeout_sec * NS_PER_SEC;
        status = sys_hart_run(&hart);
        if (status == RT_STATUS_LIMIT)
            fprintf(stderr, "vm-run: time limit reached (%llu s)\n",
                    (unsigned long long)o->timeout_sec);
    }
    if (hart.gdb) {
        if (status != RT_STATUS_LIMIT)
            gdb_sys_exited(hart.gdb, status);
        gdb_sys_destroy(hart.gdb);
        hart.gdb = NULL;
    }
    sys_monitor_free(board.poll_opaque);
    sys_hart_free(&hart);
    sys_board_free(&board);
    return status;
}
