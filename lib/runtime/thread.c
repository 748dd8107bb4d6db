/*
 * thread.c — guest threads on host threads: the process's thread list,
 * starting a thread made by clone, its end (CLONE_CHILD_CLEARTID: zero the
 * word and wake its futex), poking threads back to their dispatcher, and
 * exit_group.
 *
 * Thread structures (with their CPU state) are never freed while the
 * process runs: a thread that ends goes to a free list and the next clone
 * reuses it. That keeps a pointer another thread holds (to poke it, or
 * post it a signal) pointing at valid memory; the worst a stale pointer
 * does is poke a newer thread for nothing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <semaphore.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "dispatch.h"
#include "process.h"

/* The host stack of a guest thread: the dispatcher and the system-call
 * layer need little (lifting scratch is on the heap). */
#define HOST_STACK_SIZE (2u << 20)

struct ir_ctx *rt_cpu_alloc(const struct rt_guest *g, const struct mmu *m)
{
    /* 16-byte alignment for the state, as calloc would give it. */
    _Static_assert(sizeof(struct rt_cpu_prefix) % 16 == 0, "aligned state");
    uint8_t *raw = calloc(1, sizeof(struct rt_cpu_prefix) + g->cpu_size);
    if (!raw)
        return NULL;
    struct ir_ctx *cpu =
        (struct ir_ctx *)(void *)(raw + sizeof(struct rt_cpu_prefix));
    cpu->mem_base = (uint64_t)(uintptr_t)mmu_base(m);
    cpu->mem_limit = mmu_limit(m);
    cpu->mem_pages = (uint64_t)(uintptr_t)mmu_page_table(m);
    cpu->resv_addr = IR_NO_RESERVATION;
    return cpu;
}

void rt_cpu_free(struct ir_ctx *cpu)
{
    if (cpu)
        free((uint8_t *)cpu - sizeof(struct rt_cpu_prefix));
}

static struct rt_thread *free_threads;
static void recycle(struct rt_thread *t);
static pthread_mutex_t free_lock = PTHREAD_MUTEX_INITIALIZER;

void rt_process_init(struct rt_process *p)
{
    pthread_mutex_init(&p->lock, NULL);
    pthread_mutex_init(&p->mm_lock, NULL);
    pthread_cond_init(&p->thread_left, NULL);
    p->vfork_pipe = -1;
}

void rt_process_fini(struct rt_process *p)
{
    pthread_mutex_destroy(&p->lock);
    pthread_mutex_destroy(&p->mm_lock);
    pthread_cond_destroy(&p->thread_left);
    pthread_mutex_lock(&free_lock);
    while (free_threads) {
        struct rt_thread *t = free_threads;
        free_threads = t->next;
        rt_cpu_free(t->cpu);
        free(t);
    }
    pthread_mutex_unlock(&free_lock);
}

void rt_thread_attach(struct rt_process *p, struct rt_thread *t)
{
    pthread_mutex_lock(&p->lock);
    t->next = p->threads;
    p->threads = t;
    p->nthreads++;
    pthread_mutex_unlock(&p->lock);
}

static void unlink_thread(struct rt_process *p, struct rt_thread *t)
{
    for (struct rt_thread **q = &p->threads; *q; q = &(*q)->next)
        if (*q == t) {
            *q = t->next;
            p->nthreads--;
            return;
        }
}

void rt_thread_detach(struct rt_process *p, struct rt_thread *t)
{
    pthread_mutex_lock(&p->lock);
    unlink_thread(p, t);
    rt_stats_add(&p->stats, &t->stats);
    pthread_cond_broadcast(&p->thread_left);
    pthread_mutex_unlock(&p->lock);
}

struct rt_thread *rt_thread_alloc(struct rt_process *p)
{
    pthread_mutex_lock(&free_lock);
    struct rt_thread *t = free_threads;
    if (t)
        free_threads = t->next;
    pthread_mutex_unlock(&free_lock);
    struct ir_ctx *cpu = t ? t->cpu : rt_cpu_alloc(p->guest, p->mmu);
    if (!t)
        t = malloc(sizeof(*t));
    if (!t || !cpu) {
        free(t);
        rt_cpu_free(cpu);
        return NULL;
    }
    memset(t, 0, sizeof(*t));
    t->proc = p;
    t->cpu = cpu;
    return t;
}

void rt_thread_after_fork_child(void)
{
    pthread_mutex_init(&free_lock, NULL);
}

void rt_thread_release(struct rt_thread *t)
{
    recycle(t);
}

static void recycle(struct rt_thread *t)
{
    pthread_mutex_lock(&free_lock);
    t->next = free_threads;
    free_threads = t;
    pthread_mutex_unlock(&free_lock);
}

void rt_poke_threads(struct rt_process *p, const struct rt_thread *self)
{
    pthread_mutex_lock(&p->lock);
    for (struct rt_thread *t = p->threads; t; t = t->next)
        if (t != self)
            rt_poke_thread(t);
    pthread_mutex_unlock(&p->lock);
}

void rt_process_exit(struct rt_process *p, int status)
{
    pthread_mutex_lock(&p->lock);
    if (!p->exited) {
        p->exit_status = status;
        __atomic_store_n(&p->exited, true, __ATOMIC_RELEASE);
    }
    pthread_cond_broadcast(&p->thread_left);
    pthread_mutex_unlock(&p->lock);
    rt_poke_threads(p, rt_current_thread());
}

/* CLONE_CHILD_CLEARTID: the word becomes 0 and one waiter wakes (what
 * pthread_join waits for). Guest memory is host memory, so the host
 * futex reaches guest waiters. */
static void clear_child_tid(struct rt_thread *t)
{
    uint64_t addr = t->clear_child_tid;
    uint32_t zero = 0;
    if (!addr || mmu_write(t->proc->mmu, addr, &zero, sizeof(zero)))
        return;
    syscall(SYS_futex, mmu_host(t->proc->mmu, addr), FUTEX_WAKE, 1, NULL,
            NULL, 0);
}

/* The end of a thread that called exit (not exit_group): when it was the
 * last, the process ends with the leader's status, as Linux reports. */
void rt_thread_finish(struct rt_thread *t)
{
    struct rt_process *p = t->proc;
    clear_child_tid(t);
    pthread_mutex_lock(&p->lock);
    unlink_thread(p, t);
    rt_stats_add(&p->stats, &t->stats);
    if (p->nthreads == 0 && !p->exited) {
        p->exit_status = p->leader_exit_code;
        __atomic_store_n(&p->exited, true, __ATOMIC_RELEASE);
    }
    pthread_cond_broadcast(&p->thread_left);
    pthread_mutex_unlock(&p->lock);
}

struct start {
    struct rt_thread *t;
    sem_t ready;
};

static void *thread_main(void *arg)
{
    struct start *s = arg;
    struct rt_thread *t = s->t;
    t->tid = (int)gettid();
    /* CLONE_PARENT_SETTID / CLONE_CHILD_SETTID: before any guest code of
     * either thread runs (glibc's mutexes read the tid at once). */
    struct mmu *m = t->proc->mmu;
    uint32_t tid = (uint32_t)t->tid;
    if (t->settid_parent)
        mmu_write(m, t->settid_parent, &tid, sizeof(tid));
    if (t->settid_child)
        mmu_write(m, t->settid_child, &tid, sizeof(tid));
    rt_thread_started(t);
    sem_post(&s->ready); /* s is gone after this */
    rt_dispatch(t);
    rt_thread_finish(t);
    rt_set_current_thread(NULL);
    recycle(t);
    return NULL;
}

int rt_thread_spawn(struct rt_thread *t)
{
    struct start s = {.t = t};
    sem_init(&s.ready, 0, 0);
    rt_thread_attach(t->proc, t);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attr, HOST_STACK_SIZE);
    /* The new host thread starts with every signal blocked and unblocks
     * them once it knows which guest thread it is. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int err = pthread_create(&t->host, &attr, thread_main, &s);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    pthread_attr_destroy(&attr);
    if (err) {
        pthread_mutex_lock(&t->proc->lock);
        unlink_thread(t->proc, t);
        pthread_mutex_unlock(&t->proc->lock);
        sem_destroy(&s.ready);
        recycle(t);
        return -err;
    }
    while (sem_wait(&s.ready) != 0)
        ;
    sem_destroy(&s.ready);
    return t->tid;
}

/* Leaves a thread's host signal mask open once it is registered. */
void rt_thread_started(struct rt_thread *t)
{
    rt_set_current_thread(t);
    sigset_t none;
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &none, NULL);
}

void rt_process_fail(struct rt_process *p, int status)
{
    rt_process_exit(p, status);
}
