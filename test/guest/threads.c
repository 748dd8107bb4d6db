/* Many threads at once: 8 threads adding to a C11 atomic counter and to a
 * counter kept with an LR/SC loop in inline assembly, a mutex-protected
 * total, a condition-variable hand-off, pthread_join's results, each
 * thread's own thread-local storage and tid, a barrier, a detached thread,
 * and pthread_exit from a thread. Every total is exact only if the atomics
 * are atomic across threads. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "guest_util.h"

#define NTHREADS 8
#define ROUNDS 20000

static atomic_long c11_counter;
static long lrsc_counter;
static long locked_total;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static __thread long tls_value = 7;
static __thread char tls_buf[64];
static pid_t tids[NTHREADS];
static pthread_barrier_t barrier;

#if defined(__riscv)
/* counter += 1 with lr.d/sc.d, retrying when the reservation is lost. */
static void lrsc_increment(long *p)
{
    long tmp, fail;
    __asm__ volatile("1: lr.d %0, (%2)\n"
                     "   addi %0, %0, 1\n"
                     "   sc.d %1, %0, (%2)\n"
                     "   bnez %1, 1b\n"
                     : "=&r"(tmp), "=&r"(fail)
                     : "r"(p)
                     : "memory");
}
#elif defined(__x86_64__)
/* The x86-64 build (test/guest-x86_64): a locked read-modify-write, the
 * instruction x86 has for what LR/SC does on riscv64. */
static void lrsc_increment(long *p)
{
    __asm__ volatile("lock incq %0" : "+m"(*p) : : "memory");
}
#endif

static void *worker(void *arg)
{
    long id = (long)arg;
    tls_value = id * 100;
    snprintf(tls_buf, sizeof(tls_buf), "thread %ld", id);
    tids[id] = (pid_t)syscall(SYS_gettid);
    pthread_barrier_wait(&barrier);
    for (int i = 0; i < ROUNDS; i++) {
        atomic_fetch_add(&c11_counter, 1);
        lrsc_increment(&lrsc_counter);
        if (i % 100 == 0) {
            pthread_mutex_lock(&lock);
            locked_total += id;
            pthread_mutex_unlock(&lock);
        }
    }
    /* Still this thread's own values after all that. */
    char expect[64];
    snprintf(expect, sizeof(expect), "thread %ld", id);
    int tls_ok = tls_value == id * 100 && strcmp(tls_buf, expect) == 0;
    return (void *)(intptr_t)(tls_ok ? id * 3 : -1);
}

/* Condition variable: a consumer waits for each of N items in turn. */
static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_cond = PTHREAD_COND_INITIALIZER;
static int q_item, q_full, q_done;

static void *consumer(void *arg)
{
    (void)arg;
    long sum = 0;
    pthread_mutex_lock(&q_lock);
    for (;;) {
        while (!q_full && !q_done)
            pthread_cond_wait(&q_cond, &q_lock);
        if (q_full) {
            sum += q_item;
            q_full = 0;
            pthread_cond_broadcast(&q_cond);
        } else {
            break;
        }
    }
    pthread_mutex_unlock(&q_lock);
    return (void *)sum;
}

static void condvar_handoff(void)
{
    pthread_t c;
    pthread_create(&c, NULL, consumer, NULL);
    for (int i = 1; i <= 500; i++) {
        pthread_mutex_lock(&q_lock);
        while (q_full)
            pthread_cond_wait(&q_cond, &q_lock);
        q_item = i;
        q_full = 1;
        pthread_cond_broadcast(&q_cond);
        pthread_mutex_unlock(&q_lock);
    }
    pthread_mutex_lock(&q_lock);
    while (q_full)
        pthread_cond_wait(&q_cond, &q_lock);
    q_done = 1;
    pthread_cond_broadcast(&q_cond);
    pthread_mutex_unlock(&q_lock);
    void *sum;
    pthread_join(c, &sum);
    printf("condvar hand-off sum: %ld\n", (long)sum);
}

static void *exits_early(void *arg)
{
    (void)arg;
    pthread_exit((void *)42);
    return NULL;
}

static atomic_int detached_ran;

static void *detached(void *arg)
{
    (void)arg;
    atomic_store(&detached_ran, 1);
    return NULL;
}

int main(void)
{
    pthread_t th[NTHREADS];
    pthread_barrier_init(&barrier, NULL, NTHREADS);
    for (long i = 0; i < NTHREADS; i++)
        if (pthread_create(&th[i], NULL, worker, (void *)i) != 0)
            return 1;
    int results_ok = 1;
    for (long i = 0; i < NTHREADS; i++) {
        void *r;
        pthread_join(th[i], &r);
        results_ok &= (long)r == i * 3;
    }
    printf("c11 atomic counter: %ld\n", (long)atomic_load(&c11_counter));
    printf("lr/sc counter: %ld\n", lrsc_counter);
    printf("mutex total: %ld\n", locked_total);
    say("join results and thread-local storage", results_ok);
    int distinct = 1;
    pid_t self = (pid_t)syscall(SYS_gettid);
    for (int i = 0; i < NTHREADS; i++) {
        distinct &= tids[i] > 0 && tids[i] != self && tids[i] != getpid();
        for (int j = 0; j < i; j++)
            distinct &= tids[i] != tids[j];
    }
    say("every thread has its own tid", distinct);
    say("main thread's tls untouched", tls_value == 7);
    condvar_handoff();

    pthread_t e;
    void *r;
    pthread_create(&e, NULL, exits_early, NULL);
    pthread_join(e, &r);
    printf("pthread_exit value: %ld\n", (long)r);

    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_t d;
    pthread_create(&d, &attr, detached, NULL);
    while (!atomic_load(&detached_ran))
        sched_yield();
    say("detached thread ran", 1);
    return 0;
}
