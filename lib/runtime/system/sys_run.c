/*
 * sys_run.c — `vm-run --system`: check the options, build the machine
 * (sys_vm.h), attach the GDB stub if asked, run until poweroff or
 * --timeout.
 */
#include <stdio.h>

#include "gdb_sys.h"
#include "sys.h"
#include "sys_vm.h"

int sys_run(const struct sys_options *o)
{
    static struct sys_vm m; /* one per process */
    int status = sys_vm_init(&m, o);
    struct sys_hart *hart = m.harts;
    if (status == 0 && o->gdb) {
        struct gdb_sys *g = gdb_sys_listen(o->gdb_port, o->gdb_stop_at_start);
        if (g)
            gdb_sys_attach(g, m.harts, m.board.harts);
        else
            status = RT_STATUS_USAGE;
    }
    if (status == 0)
        status = sys_vm_run(&m);
    if (hart && hart->gdb) {
        if (status != RT_STATUS_LIMIT)
            gdb_sys_exited(hart->gdb, status);
        gdb_sys_destroy(hart->gdb); /* (every hart's) */
    }
    if (o->stats)
        sys_vm_print_stats(&m);
    sys_vm_free(&m);
    return status;
}
