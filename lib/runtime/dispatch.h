/*
 * dispatch.h — the loop that runs a guest thread: find or translate the
 * block at pc, run it, act on how it left (system call, fault, trap),
 * deliver pending signals at block boundaries.
 */
#ifndef VM_DISPATCH_H
#define VM_DISPATCH_H

#include "process.h"

/* Runs t until its process exits; returns the exit status. Returns
 * RT_STATUS_USAGE after a "vm-run: internal error" line if translation
 * breaks an internal rule. */
int rt_dispatch(struct rt_thread *t);

#endif
