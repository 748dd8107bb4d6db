/*
 * guest_limits.h — stopping a runaway guest: --max-insns (an instruction budget
 * each thread draws from in chunks) and --timeout (a watchdog thread).
 * Either ends the run with RT_STATUS_LIMIT and one "vm-run:" line.
 */
#ifndef VM_RT_GUEST_LIMITS_H
#define VM_RT_GUEST_LIMITS_H

#include <stdbool.h>
#include <stdint.h>

#include "process.h"

/* Sets up the budget and starts the watchdog (after fork too). 0 or
 * -errno. */
int rt_limits_start(struct rt_process *p);
/* Stops the watchdog. */
void rt_limits_stop(struct rt_process *p);

/* False once a limit ended the run. */
bool rt_budget_ok(struct rt_thread *t);

/* The next block of t needs `need` instructions its budget lacks: draws
 * them from the process's budget, or ends the run when it is spent. */
void rt_budget_refill(struct rt_thread *t, int64_t need);

/* Ends the run because of a limit. */
void rt_limit_reached(struct rt_process *p, enum rt_limit why);

/* Prints the "vm-run: ... limit reached" line for p->limit_hit. */
void rt_limits_report(const struct rt_process *p);

#endif
