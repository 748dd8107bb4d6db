/*
 * litmus.h — the harness of the memory-model litmus tests, shared by the
 * riscv64 programs (test/guest/litmus_*.c) and their x86-64 counterparts
 * (test/guest-x86_64/c/litmus_*_x86.c), which supply only the exact guest
 * instructions of each shape in inline assembly.
 *
 * A shape has two threads, each running a few instructions on shared
 * locations x and y (each on its own cache line) and keeping what it read
 * in r[0] / r[1]. The main thread and one helper thread run every shape
 * for ITERS iterations: the main thread resets x and y, both meet at a
 * spinning barrier, run their side after a delay steered so that the two
 * sides' few instructions really overlap (lt_steer), meet again, and the
 * main thread classifies the outcome as a pair
 * of bits (a, b), each 0 or 1 (any other value is impossible and counts as
 * forbidden). A shape names the outcomes the guest ISA forbids; seeing one
 * even once fails the program.
 *
 * stdout (what the test compares) is deterministic: one line per shape,
 * "NAME: forbidden 0" for checked shapes and "NAME: allowed" for the ones
 * whose weak outcome the ISA permits. The counts of all four outcomes go
 * to stderr, for information only (they depend on timing).
 */
#ifndef LITMUS_H
#define LITMUS_H

#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LT_LINE 64

/* One shared location per cache line: the shapes are about ordering
 * between different locations, not false sharing. */
struct lt_loc {
    int v;
    char pad[LT_LINE - sizeof(int)];
};

struct lt_ctx {
    struct lt_loc x, y;
    int r[2];
    /* Timing, apart from x and y: the delay before each side's code and
     * the order in which the sides finished (see lt_side). */
    int delay[2] __attribute__((aligned(LT_LINE)));
    int finished[2];
    int ticket __attribute__((aligned(LT_LINE)));
};

struct lt_run;

/* How an iteration's outcome is read: the two values read (r[0], r[1]),
 * or the final values of x and y (2+2W). */
enum lt_kind { LT_REGS, LT_FINAL };

struct lt_shape {
    const char *name;
    void (*loop[2])(struct lt_run *run); /* thread 0 and 1, see LT_LOOPS */
    enum lt_kind kind;
    unsigned forbidden; /* bit per outcome 0..3 (LT_BIT) */
    const char *labels; /* what the outcome's a and b are */
};

#define LT_OTHER 4u
#define LT_BIT(a, b) (1u << ((a) << 1 | (b)))

/* The outcome as (a << 1 | b): LT_REGS reads the values r[0] and r[1],
 * each 0 or 1; LT_FINAL (2+2W, whose stores write 1 then 2) x == 2 and
 * y == 2. Anything else is LT_OTHER. */
static inline unsigned lt_outcome(const struct lt_ctx *c, enum lt_kind kind)
{
    int a = c->r[0], b = c->r[1];
    if (kind == LT_FINAL) {
        a = c->x.v - 1;
        b = c->y.v - 1;
    }
    if ((unsigned)a > 1 || (unsigned)b > 1)
        return LT_OTHER;
    return (unsigned)a << 1 | (unsigned)b;
}

/* A sense-reversing barrier for the two threads. Spinning keeps the
 * threads' windows close; after many spins it yields, so an
 * oversubscribed host (or a slow emulator) still makes progress. Many:
 * far more than lt_steer's largest delay, as a thread that yields (a slow
 * system call under an emulator) while the other runs its delay comes
 * late, which would only push the delay further. */
struct lt_barrier {
    int count;
    int sense;
};

static struct lt_barrier lt_bar;

static inline __attribute__((always_inline)) void lt_wait(int *sense)
{
    int s = !*sense;
    *sense = s;
    if (__atomic_add_fetch(&lt_bar.count, 1, __ATOMIC_ACQ_REL) == 2) {
        __atomic_store_n(&lt_bar.count, 0, __ATOMIC_RELAXED);
        __atomic_store_n(&lt_bar.sense, s, __ATOMIC_RELEASE);
        return;
    }
    for (unsigned spins = 0; __atomic_load_n(&lt_bar.sense, __ATOMIC_ACQUIRE) != s;
         spins++)
        if (spins > 10000)
            sched_yield();
}

/* One side of an iteration: wait its delay, run the code, take a ticket
 * saying whether it finished first. The ticket comes after the code, so it
 * does not order anything the shape tests. */
static inline __attribute__((always_inline)) void
lt_side(struct lt_ctx *c, int id, void (*code)(struct lt_ctx *c))
{
    for (int i = c->delay[id]; i > 0; i--)
        __asm__ volatile("");
    code(c);
    c->finished[id] = __atomic_fetch_add(&c->ticket, 1, __ATOMIC_RELAXED);
}

/* Steers the delays so that the two sides start together: the side that
 * finished first waits one step longer next time (the barrier releases
 * the thread that arrived last well before the spinning one notices).
 * Bounded, as every step costs a loop iteration: past the bound (a
 * thread descheduled, a translator leaving its code at every block) it
 * starts again from no delay rather than stay stuck far off. */
#define LT_MAX_SKEW 1024

static inline void lt_steer(struct lt_ctx *c, int *skew)
{
    int s = *skew + (c->finished[0] == 0 ? 1 : -1);
    *skew = s >= -LT_MAX_SKEW && s <= LT_MAX_SKEW ? s : 0;
    c->delay[0] = *skew > 0 ? *skew : 0;
    c->delay[1] = *skew < 0 ? -*skew : 0;
    c->ticket = 0;
}

struct lt_run {
    const struct lt_shape *shapes;
    int nshapes;
    long iters;
    enum lt_kind kind;  /* of the shape running; thread 0 only */
    long count[5];      /* its outcomes so far; thread 0 only */
    int skew;           /* lt_steer's; thread 0 only */
    int sense[2];       /* each thread's barrier sense */
    struct lt_ctx ctx __attribute__((aligned(LT_LINE)));
};

/* The iterations of one side of a shape. Always inlined with a constant
 * code, so each shape's loop holds its instructions directly, with no
 * call: a tiered translator's hot-loop region then contains them. */
static inline __attribute__((always_inline)) void
lt_loop(struct lt_run *run, int id, void (*code)(struct lt_ctx *c))
{
    struct lt_ctx *c = &run->ctx;
    int sense = run->sense[id];
    for (long i = 0; i < run->iters; i++) {
        if (id == 0) {
            c->x.v = 0;
            c->y.v = 0;
            c->r[0] = c->r[1] = -1;
        }
        lt_wait(&sense);
        lt_side(c, id, code);
        lt_wait(&sense);
        if (id == 0) {
            run->count[lt_outcome(c, run->kind)]++;
            lt_steer(c, &run->skew);
        }
    }
    run->sense[id] = sense;
}

/* The two loops of shape NAME, from its sides NAME##_t0 and NAME##_t1. */
#define LT_LOOPS(NAME)                                                        \
    static void NAME##_loop0(struct lt_run *run) { lt_loop(run, 0, NAME##_t0); } \
    static void NAME##_loop1(struct lt_run *run) { lt_loop(run, 1, NAME##_t1); }
#define LT_LOOP(NAME) {NAME##_loop0, NAME##_loop1}

/* Thread 1: the second side of every shape, in step with thread 0. */
static void *lt_helper(void *arg)
{
    struct lt_run *run = arg;
    for (int s = 0; s < run->nshapes; s++)
        run->shapes[s].loop[1](run);
    return NULL;
}

/* Prints a shape's verdict (stdout) and counts (stderr); returns whether
 * it saw a forbidden outcome. */
static inline int lt_report(const struct lt_shape *sh, const struct lt_run *run)
{
    const long *count = run->count;
    long forbidden = count[LT_OTHER];
    for (unsigned o = 0; o < 4; o++)
        if (sh->forbidden & (1u << o))
            forbidden += count[o];
    fprintf(stderr,
            "%s: %s 00:%ld 01:%ld 10:%ld 11:%ld other:%ld of %ld (skew %d)\n",
            sh->name, sh->labels, count[0], count[1], count[2], count[3],
            count[LT_OTHER], run->iters, run->skew);
    if (!sh->forbidden) {
        printf("%s: allowed\n", sh->name);
    } else if (forbidden == 0) {
        printf("%s: forbidden 0\n", sh->name);
    } else {
        printf("%s: FORBIDDEN OUTCOME SEEN\n", sh->name);
        fprintf(stderr, "litmus: %s: %ld of %ld iterations ended in an "
                        "outcome the memory model forbids\n",
                sh->name, forbidden, run->iters);
    }
    fflush(stdout);
    return sh->forbidden && forbidden;
}

/* Runs every shape; exits 1 if any showed a forbidden outcome. The
 * iteration count is argv[1] (default dflt). */
static inline int lt_main(int argc, char **argv, const struct lt_shape *shapes,
                          int nshapes, long dflt)
{
    static struct lt_run run;
    run.shapes = shapes;
    run.nshapes = nshapes;
    run.iters = argc > 1 ? strtol(argv[1], NULL, 0) : dflt;
    if (run.iters <= 0) {
        fprintf(stderr, "litmus: bad iteration count\n");
        return 2;
    }
    pthread_t helper;
    if (pthread_create(&helper, NULL, lt_helper, &run) != 0) {
        fprintf(stderr, "litmus: pthread_create failed\n");
        return 2;
    }
    int bad = 0;
    for (int s = 0; s < nshapes; s++) {
        run.kind = shapes[s].kind;
        memset(run.count, 0, sizeof(run.count));
        /* New code, new timing (a JIT compiles it first): steer afresh. */
        run.skew = 0;
        run.ctx.delay[0] = run.ctx.delay[1] = 0;
        shapes[s].loop[0](&run);
        bad += lt_report(&shapes[s], &run);
    }
    pthread_join(helper, NULL);
    return bad ? 1 : 0;
}

#endif
