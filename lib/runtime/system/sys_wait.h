/*
 * sys_wait.h — the timed waits of system mode's threads (a hart in wfi,
 * a hart parked by a pause): condition variables on the monotonic clock,
 * so a change of the wall clock neither cuts nor stretches a sleep.
 */
#ifndef VM_SYS_WAIT_H
#define VM_SYS_WAIT_H

#include <pthread.h>
#include <stdint.h>
#include <time.h>

/* A mutex and a condition variable timed on CLOCK_MONOTONIC: 0, or -1. */
int sys_wait_init(pthread_mutex_t *lock, pthread_cond_t *cond);
void sys_wait_free(pthread_mutex_t *lock, pthread_cond_t *cond);
/* The CLOCK_MONOTONIC time ns from now (pthread_cond_timedwait's). */
struct timespec sys_wait_after_ns(uint64_t ns);

#endif
