/*
 * sys_vm.h — a whole system-mode virtual machine: the board, its harts and
 * the monitor, built from struct sys_options, run until poweroff or the
 * time limit, and freed. `vm-run --system` (sys_run.c) and the embedding
 * API (include/vm/vm.h, vm_api.c) are both built on it.
 */
#ifndef VM_SYS_VM_H
#define VM_SYS_VM_H

#include "sys.h"
#include "sys_board.h"
#include "sys_hart.h"
#include "sys_t2.h"

struct sys_vm {
    struct sys_options opts;   /* a copy (its strings stay the caller's) */
    struct sys_board board;
    struct sys_hart *harts;    /* board.harts of them, in one array */
    unsigned ready;            /* harts initialised (to free) */
    uint64_t deadline_ns;      /* --timeout, 0: none */
    struct sys_t2 *t2;         /* tiered, llvm: shared by the harts */
};

/* Builds the board and harts (tier 1 if asked), restores -loadvm and
 * opens -monitor: 0, or an RT_STATUS_* after one "vm-run: ..." line (the
 * machine is then only fit for sys_vm_free). */
int sys_vm_init(struct sys_vm *m, const struct sys_options *o);
/* Runs until poweroff (the guest's status) or the time limit
 * (RT_STATUS_LIMIT, after the "time limit reached" line). One hart runs
 * on this thread unless the board is threaded (several harts, or
 * o->threaded): then each has a thread and this one serves the devices'
 * host side (console, network, time limit), as QEMU's I/O thread does. */
int sys_vm_run(struct sys_vm *m);
void sys_vm_free(struct sys_vm *m);
/* --stats: what the tiers did, on stderr. */
void sys_vm_print_stats(const struct sys_vm *m);

#endif
