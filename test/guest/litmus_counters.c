/*
 * Atomicity across threads (riscv64): 4 threads each add 1 to a shared
 * counter ITERS times (argv[1], default 20000) with amoadd.w, with an
 * lr.w/sc.w loop, and inside two spin locks whose critical section is a
 * plain lw/addi/sw: one taken with amoswap.w.aq and released with
 * amoswap.w.rl, one taken with lr.w.aq/sc.w and released with
 * fence rw,w + sw. Every total must be exact; a lost update (an AMO or SC
 * that is not atomic, an access leaking out of a critical section) makes
 * it short. The x86-64 counterpart is
 * test/guest-x86_64/c/litmus_counters_x86.c.
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

static void add_amo(struct counter *c)
{
    __asm__ volatile("amoadd.w zero, %1, (%0)" : : "r"(&c->value), "r"(1)
                     : "memory");
}

static void add_lrsc(struct counter *c)
{
    int t, fail;
    __asm__ volatile("1: lr.w %0, (%2)\n\t"
                     "addi %0, %0, 1\n\t"
                     "sc.w %1, %0, (%2)\n\t"
                     "bnez %1, 1b"
                     : "=&r"(t), "=&r"(fail) : "r"(&c->value) : "memory");
}

/* Spins on the lock word with plain loads before retrying the AMO, and
 * yields after a while: a preempted holder must get to run. */
static void wait_unlocked(struct counter *c, unsigned *spins)
{
    while (__atomic_load_n(&c->lock, __ATOMIC_RELAXED))
        if (++*spins > 1000)
            sched_yield();
}

static void add_swap_lock(struct counter *c)
{
    unsigned spins = 0;
    int old, t;
    for (;;) {
        __asm__ volatile("amoswap.w.aq %0, %1, (%2)"
                         : "=r"(old) : "r"(1), "r"(&c->lock) : "memory");
        if (!old)
            break;
        wait_unlocked(c, &spins);
    }
    __asm__ volatile("lw %0, 0(%1)\n\taddi %0, %0, 1\n\tsw %0, 0(%1)\n\t"
                     "amoswap.w.rl zero, zero, (%2)"
                     : "=&r"(t) : "r"(&c->value), "r"(&c->lock) : "memory");
}

static void add_lrsc_lock(struct counter *c)
{
    unsigned spins = 0;
    int old, t;
    for (;;) {
        __asm__ volatile("1: lr.w.aq %0, (%2)\n\t"
                         "bnez %0, 2f\n\t"
                         "sc.w %0, %1, (%2)\n\t"
                         "bnez %0, 1b\n"
                         "2:"
                         : "=&r"(old) : "r"(1), "r"(&c->lock) : "memory");
        if (!old)
            break;
        wait_unlocked(c, &spins);
    }
    __asm__ volatile("lw %0, 0(%1)\n\taddi %0, %0, 1\n\tsw %0, 0(%1)\n\t"
                     "fence rw,w\n\tsw zero, 0(%2)"
                     : "=&r"(t) : "r"(&c->value), "r"(&c->lock) : "memory");
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

WORKER(add_amo)
WORKER(add_lrsc)
WORKER(add_swap_lock)
WORKER(add_lrsc_lock)

static const struct method methods[] = {
    {"amoadd.w", add_amo_worker},
    {"lr.w/sc.w", add_lrsc_worker},
    {"amoswap.w.aq lock, amoswap.w.rl unlock", add_swap_lock_worker},
    {"lr.w.aq/sc.w lock, fence rw,w + sw unlock", add_lrsc_lock_worker},
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
