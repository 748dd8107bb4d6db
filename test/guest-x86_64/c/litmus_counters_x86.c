/*
 * Atomicity across threads (x86-64): 4 threads each add 1 to a shared
 * counter ITERS times (argv[1], default 20000) with lock xadd, with a
 * lock cmpxchg loop, and inside a spin lock taken with xchg and released
 * with a plain mov (a TSO release), whose critical section is a plain
 * load, add and store. Every total must be exact. The riscv64 counterpart
 * is test/guest/litmus_counters.c.
 */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

#define NTHREADS 4
#define LINE 64

struct counter {
    int value __attribute__((aligned(LINE)));
    int lock __attribute__((aligned(LINE)));
};

static struct counter counter;
static long iters;
static int ready;

/* All threads start adding together, not one after another's creation. */
static void start_gate(void)
{
    unsigned spins = 0;
    __atomic_add_fetch(&ready, 1, __ATOMIC_ACQ_REL);
    while (__atomic_load_n(&ready, __ATOMIC_ACQUIRE) < NTHREADS)
        if (++spins > 1000)
            sched_yield();
}

static void add_xadd(struct counter *c)
{
    int one = 1;
    __asm__ volatile("lock xaddl %0, (%1)" : "+r"(one) : "r"(&c->value)
                     : "memory");
}

static void add_cmpxchg(struct counter *c)
{
    int old, t;
    __asm__ volatile("movl (%2), %0\n"
                     "1: leal 1(%0), %1\n\t"
                     "lock cmpxchgl %1, (%2)\n\t"
                     "jne 1b"
                     : "=&a"(old), "=&r"(t) : "r"(&c->value) : "memory", "cc");
}

/* Spins on the lock word with plain loads before retrying the xchg, and
 * yields after a while: a preempted holder must get to run. */
static void wait_unlocked(struct counter *c, unsigned *spins)
{
    while (__atomic_load_n(&c->lock, __ATOMIC_RELAXED))
        if (++*spins > 1000)
            sched_yield();
}

static void add_xchg_lock(struct counter *c)
{
    unsigned spins = 0;
    int old, t;
    for (;;) {
        old = 1;
        __asm__ volatile("xchgl %0, (%1)" : "+r"(old) : "r"(&c->lock)
                         : "memory");
        if (!old)
            break;
        wait_unlocked(c, &spins);
    }
    __asm__ volatile("movl (%1), %0\n\taddl $1, %0\n\tmovl %0, (%1)\n\t"
                     "movl $0, (%2)"
                     : "=&r"(t) : "r"(&c->value), "r"(&c->lock) : "memory", "cc");
}

struct method {
    const char *name;
    void *(*worker)(void *);
};

/* One worker per method, so each loop holds its instructions directly. */
#define WORKER(FN)                                                            \
    static void *FN##_worker(void *arg)                                       \
    {                                                                         \
        (void)arg;                                                            \
        start_gate();                                                         \
        for (long i = 0; i < iters; i++)                                      \
            FN(&counter);                                                     \
        return NULL;                                                          \
    }

WORKER(add_xadd)
WORKER(add_cmpxchg)
WORKER(add_xchg_lock)

static const struct method methods[] = {
    {"lock xadd", add_xadd_worker},
    {"lock cmpxchg loop", add_cmpxchg_worker},
    {"xchg lock, mov unlock", add_xchg_lock_worker},
};

int main(int argc, char **argv)
{
    iters = argc > 1 ? strtol(argv[1], NULL, 0) : 20000;
    if (iters <= 0 || iters > 100000000) {
        fprintf(stderr, "litmus_counters: bad iteration count\n");
        return 2;
    }
    int bad = 0;
    for (size_t m = 0; m < sizeof(methods) / sizeof(methods[0]); m++) {
        pthread_t th[NTHREADS];
        counter.value = 0;
        counter.lock = 0;
        ready = 0;
        for (int i = 0; i < NTHREADS; i++)
            if (pthread_create(&th[i], NULL, methods[m].worker, NULL) != 0) {
                fprintf(stderr, "litmus_counters: pthread_create failed\n");
                return 2;
            }
        for (int i = 0; i < NTHREADS; i++)
            pthread_join(th[i], NULL);
        long want = NTHREADS * iters;
        fprintf(stderr, "%s: %d of %ld\n", methods[m].name, counter.value, want);
        if (counter.value == want) {
            printf("%s: total exact\n", methods[m].name);
        } else {
            printf("%s: TOTAL WRONG\n", methods[m].name);
            fprintf(stderr, "litmus_counters: %s: %d increments of %ld "
                            "(updates lost or duplicated)\n",
                    methods[m].name, counter.value, want);
            bad = 1;
        }
    }
    return bad;
}
