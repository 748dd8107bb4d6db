/*
 * guest_limits.c — --max-insns and --timeout.
 *
 * The instruction budget: the process holds what is left of --max-insns;
 * a thread draws chunks of it into the counter before its CPU state
 * (struct rt_cpu_prefix), which tier 1 counts down at each block entry
 * and the interpreter before each block. A block runs only when the
 * thread's counter covers all of it, so a single-threaded guest runs at
 * most N instructions (counting whole blocks, even when one leaves
 * early); with threads each may hold an unspent chunk when another finds
 * the budget empty.
 *
 * The timeout: a host thread sleeps until the deadline (CLOCK_MONOTONIC)
 * and then ends the run like exit_group, poking every thread out of
 * translated code and blocking calls.
 */
#define _GNU_SOURCE
#include "guest_limits.h"

#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>

#define CHUNK (1 << 20)

static pthread_mutex_t watch_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t watch_cond;
static bool watch_stop;

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void *watchdog(void *arg)
{
    struct rt_process *p = arg;
    struct timespec at = {
        .tv_sec = (time_t)(p->deadline_ns / 1000000000u),
        .tv_nsec = (long)(p->deadline_ns % 1000000000u),
    };
    pthread_mutex_lock(&watch_lock);
    int r = 0;
    while (!watch_stop && r != ETIMEDOUT)
        r = pthread_cond_timedwait(&watch_cond, &watch_lock, &at);
    bool fire = !watch_stop;
    pthread_mutex_unlock(&watch_lock);
    if (fire)
        rt_limit_reached(p, RT_LIMIT_TIME);
    return NULL;
}

int rt_limits_start(struct rt_process *p)
{
    const struct rt_options *o = p->opts;
    if (o->max_insns && !p->insn_budget && p->limit_hit == RT_LIMIT_NONE)
        p->insn_budget = o->max_insns > INT64_MAX ? INT64_MAX
                                                   : (int64_t)o->max_insns;
    if (!o->timeout_sec)
        return 0;
    if (!p->deadline_ns)
        p->deadline_ns = now_ns() + o->timeout_sec * 1000000000u;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&watch_cond, &ca);
    pthread_condattr_destroy(&ca);
    pthread_mutex_init(&watch_lock, NULL);
    watch_stop = false;
    /* The watchdog takes no guest signals: they are for guest threads. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int err = pthread_create(&p->watchdog, NULL, watchdog, p);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (err)
        return -err;
    p->has_watchdog = true;
    return 0;
}

void rt_limits_stop(struct rt_process *p)
{
    if (!p->has_watchdog)
        return;
    pthread_mutex_lock(&watch_lock);
    watch_stop = true;
    pthread_cond_broadcast(&watch_cond);
    pthread_mutex_unlock(&watch_lock);
    pthread_join(p->watchdog, NULL);
    p->has_watchdog = false;
}

bool rt_budget_ok(struct rt_thread *t)
{
    return __atomic_load_n(&t->proc->limit_hit, __ATOMIC_ACQUIRE) ==
           RT_LIMIT_NONE;
}

void rt_budget_refill(struct rt_thread *t, int64_t need)
{
    struct rt_process *p = t->proc;
    struct rt_cpu_prefix *pre = rt_cpu_prefix(t->cpu);
    pthread_mutex_lock(&p->lock);
    int64_t missing = need - pre->insn_budget;
    int64_t take = missing > CHUNK ? missing : CHUNK;
    if (take > p->insn_budget)
        take = p->insn_budget;
    bool enough = take >= missing;
    if (enough) {
        p->insn_budget -= take;
        pre->insn_budget += take;
    }
    pthread_mutex_unlock(&p->lock);
    if (!enough)
        rt_limit_reached(p, RT_LIMIT_INSNS);
}

void rt_limit_reached(struct rt_process *p, enum rt_limit why)
{
    /* The first end wins: a guest that exited already keeps its status. */
    pthread_mutex_lock(&p->lock);
    if (!p->exited && p->limit_hit == RT_LIMIT_NONE)
        __atomic_store_n(&p->limit_hit, why, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&p->lock);
    rt_process_exit(p, RT_STATUS_LIMIT);
}

void rt_limits_report(const struct rt_process *p)
{
    const struct rt_options *o = p->opts;
    if (p->limit_hit == RT_LIMIT_INSNS)
        fprintf(stderr, "vm-run: instruction limit reached (%" PRIu64 ")\n",
                o->max_insns);
    else if (p->limit_hit == RT_LIMIT_TIME)
        fprintf(stderr, "vm-run: time limit reached (%" PRIu64 " s)\n",
                o->timeout_sec);
}
