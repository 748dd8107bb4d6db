/*
 * tier2_service.c — the compile thread of tier 2 (tier2.h): a queue of
 * jobs in, a list of finished jobs out, code releases in between. The
 * backend (and libLLVM) is loaded by the thread itself, so the guest
 * thread that submits the first region does not wait for it either.
 */
#define _GNU_SOURCE
#include "tier2.h"

#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ll_backend.h"
#include "tier2_faults.h"

#define QUEUE_MAX 64u

const char *const t2_fallback_names[T2_NUM_FALLBACKS] = {
#define T2_FB_NAME(name, desc) #name,
    T2_FALLBACKS(T2_FB_NAME)
#undef T2_FB_NAME
};

const char *const t2_fallback_descs[T2_NUM_FALLBACKS] = {
#define T2_FB_DESC(name, desc) desc,
    T2_FALLBACKS(T2_FB_DESC)
#undef T2_FB_DESC
};

struct release {
    struct ll_code *code;
    struct release *next;
};

struct t2_service {
    pthread_mutex_t lock;
    pthread_cond_t wake;     /* the compile thread waits on it */
    pthread_cond_t finished; /* t2_compile_sync waits on it */
    pthread_cond_t load_done; /* system calls wait on it (t2_syscall_enter) */
    uint32_t loading;        /* the backend is being loaded (atomic) */
    uint32_t in_syscall;     /* guest system calls under way (atomic) */
    pthread_t thread;
    pid_t pid;               /* of the process that started the thread */
    bool started, stop, busy, disabled;
    bool inherited;          /* this is a forked child's copy */
    unsigned opt_level;
    char module[PATH_MAX];
    void (*notify)(void *);
    void *notify_arg;
    void (*tick)(void *);      /* called every tick_ns while idle */
    void *tick_arg;
    uint64_t tick_ns;
    bool ticking;              /* tick running (unlocked) */
    /* Owned by the compile thread once started: */
    const struct ll_backend *be;
    struct ll_jit *jit;
    bool loaded;             /* tried: be and jit set, or load_err */
    char load_err[200];
    /* Under lock: */
    struct t2_job *queue;    /* newest first (see enqueue) */
    unsigned queued;
    struct t2_job *done, *done_tail;
    uint32_t n_done;         /* also read without the lock */
    struct release *releases;
    struct t2_stats st;
};

static uint64_t clock_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

struct t2_service *t2_service_create(unsigned opt_level, const char *module,
                                     void (*notify)(void *), void *arg)
{
    struct t2_service *s = calloc(1, sizeof(*s));
    if (!s)
        return NULL;
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->wake, NULL);
    pthread_cond_init(&s->finished, NULL);
    pthread_cond_init(&s->load_done, NULL);
    s->pid = getpid();
    s->opt_level = opt_level;
    s->notify = notify;
    s->notify_arg = arg;
    if (module)
        snprintf(s->module, sizeof(s->module), "%s", module);
    else if (!t2_default_module_path(s->module, sizeof(s->module)))
        s->module[0] = 0;
    return s;
}

/* In a forked child only the forking thread exists: the lock may be held
 * by a thread that is gone, the compile thread is. A compile cut off in
 * the middle may hold LLVM's own locks: then tier 2 stays off. */
static void check_fork(struct t2_service *s)
{
    pid_t now = getpid();
    if (now == s->pid)
        return;
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->wake, NULL);
    pthread_cond_init(&s->finished, NULL);
    pthread_cond_init(&s->load_done, NULL);
    s->pid = now;
    s->inherited = true;
    s->loading = 0;
    s->in_syscall = 0;
    s->started = false;
    if (s->busy)
        s->disabled = true;
    s->busy = false;
}

/* How long the load waits for guest system calls under way to finish (a
 * call blocked for longer, in read or futex, opens no descriptor). */
#define SYSCALL_DRAIN_NS 5000000u

static void begin_loading(struct t2_service *s)
{
    __atomic_store_n(&s->loading, 1, __ATOMIC_SEQ_CST);
    uint64_t until = clock_ns(CLOCK_MONOTONIC) + SYSCALL_DRAIN_NS;
    while (__atomic_load_n(&s->in_syscall, __ATOMIC_SEQ_CST) &&
           clock_ns(CLOCK_MONOTONIC) < until) {
        struct timespec ts = {0, 100000};
        nanosleep(&ts, NULL);
    }
}

static void end_loading(struct t2_service *s)
{
    pthread_mutex_lock(&s->lock);
    __atomic_store_n(&s->loading, 0, __ATOMIC_SEQ_CST);
    pthread_cond_broadcast(&s->load_done);
    pthread_mutex_unlock(&s->lock);
}

void t2_syscall_enter(struct t2_service *s)
{
    /* A child forked while the load was starting (the load waits only a
     * few ms for calls under way, fork among them) would otherwise see
     * `loading` set forever, with no thread left to clear it. */
    check_fork(s);
    for (;;) {
        __atomic_add_fetch(&s->in_syscall, 1, __ATOMIC_SEQ_CST);
        if (!__atomic_load_n(&s->loading, __ATOMIC_SEQ_CST))
            return;
        __atomic_sub_fetch(&s->in_syscall, 1, __ATOMIC_SEQ_CST);
        uint64_t t0 = clock_ns(CLOCK_MONOTONIC);
        pthread_mutex_lock(&s->lock);
        while (__atomic_load_n(&s->loading, __ATOMIC_SEQ_CST))
            pthread_cond_wait(&s->load_done, &s->lock);
        s->st.load_wait_ns += clock_ns(CLOCK_MONOTONIC) - t0;
        pthread_mutex_unlock(&s->lock);
    }
}

void t2_syscall_leave(struct t2_service *s)
{
    __atomic_sub_fetch(&s->in_syscall, 1, __ATOMIC_SEQ_CST);
}

static void load_backend(struct t2_service *s)
{
    s->loaded = true;
    if (!s->module[0]) {
        snprintf(s->load_err, sizeof(s->load_err),
                 "cannot locate vm_llvm.so (no /proc/self/exe)");
        return;
    }
    begin_loading(s);
    uint64_t t0 = clock_ns(CLOCK_MONOTONIC);
    s->be = t2_load_backend(s->module, s->load_err, sizeof(s->load_err));
    if (s->be)
        s->jit = s->be->create(s->opt_level, ir_helper_table, s->load_err,
                               sizeof(s->load_err));
    pthread_mutex_lock(&s->lock);
    s->st.load_ns += clock_ns(CLOCK_MONOTONIC) - t0;
    pthread_mutex_unlock(&s->lock);
    end_loading(s);
}

/* Runs on the compile thread, without the lock. */
static void compile_job(struct t2_service *s, struct t2_job *job)
{
    if (!s->loaded)
        load_backend(s);
    job->code = NULL;
    job->fn = NULL;
    job->code_size = 0;
    if (!s->jit) {
        job->why = T2_FB_unavailable;
        snprintf(job->err, sizeof(job->err), "%s", s->load_err);
        return;
    }
    uint64_t t0 = clock_ns(CLOCK_MONOTONIC);
    uint64_t c0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
    struct ll_region r = {
        .blocks = (const struct ir_block *const *)job->region.blocks,
        .n = job->region.n,
        .tso = job->tso,
        .implicit_checks = job->implicit_checks,
        .iters_off = job->iters_off,
        .sys_tlb = job->sys_tlb,
        .budget_off = job->budget_off,
    };
    job->code = s->be->compile(s->jit, &r, job->err, sizeof(job->err));
    uint64_t wall = clock_ns(CLOCK_MONOTONIC) - t0;
    uint64_t cpu = clock_ns(CLOCK_THREAD_CPUTIME_ID) - c0;
    job->compile_cpu_ns = cpu;
    if (job->code) {
        job->fn = s->be->entry(job->code);
        job->code_size = s->be->code_size(job->code);
        unsigned n_sites = 0;
        const struct ll_fault_site *sites =
            s->be->fault_sites(job->code, &n_sites);
        /* Without its sites in the registry a host fault on an implicit
         * check would not resume: such code never runs. (Regions without
         * sites are registered only for --profile's samples.) */
        bool added = job->code_size &&
                     t2_faults_add((uintptr_t)job->fn, job->code_size,
                                   sites, n_sites);
        if (n_sites && !added) {
            s->be->release(s->jit, job->code);
            job->code = NULL;
            job->fn = NULL;
            job->why = T2_FB_compile;
            snprintf(job->err, sizeof(job->err),
                     "cannot register the region's fault sites");
        }
    }
    else
        job->why = T2_FB_compile;
    struct ll_jit_stats js;
    s->be->stats(s->jit, &js);
    pthread_mutex_lock(&s->lock);
    s->st.implicit_checks = js.implicit_checks;
    s->st.implicit_explicit = js.implicit_explicit;
    s->st.compile_ns += wall;
    s->st.compile_cpu_ns += cpu;
    if (job->code) {
        s->st.compiled++;
        s->st.blocks += r.n;
    }
    pthread_mutex_unlock(&s->lock);
}

/* Releases queued code (lock held on entry and exit). */
static void do_releases(struct t2_service *s)
{
    while (s->releases) {
        struct release *r = s->releases;
        s->releases = r->next;
        pthread_mutex_unlock(&s->lock);
        if (s->be && s->jit) {
            t2_faults_remove((uintptr_t)s->be->entry(r->code));
            s->be->release(s->jit, r->code);
        }
        free(r);
        pthread_mutex_lock(&s->lock);
        s->st.released++;
    }
}

static void finish_job(struct t2_service *s, struct t2_job *job)
{
    if (!job->code)
        s->st.fallbacks[job->why]++;
    if (job->sync) {
        job->complete = true;
        pthread_cond_broadcast(&s->finished);
        return;
    }
    job->next = NULL;
    if (s->done_tail)
        s->done_tail->next = job;
    else
        s->done = job;
    s->done_tail = job;
    __atomic_add_fetch(&s->n_done, 1, __ATOMIC_RELEASE);
}

static void *compile_thread(void *arg)
{
    struct t2_service *s = arg;
    pthread_mutex_lock(&s->lock);
    for (;;) {
        do_releases(s);
        if (s->stop)
            break;
        struct t2_job *job = s->queue;
        if (!job && s->tick) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            uint64_t ns = (uint64_t)until.tv_nsec + s->tick_ns;
            until.tv_sec += (time_t)(ns / 1000000000u);
            until.tv_nsec = (long)(ns % 1000000000u);
            if (pthread_cond_timedwait(&s->wake, &s->lock, &until) ==
                    ETIMEDOUT && s->tick && !s->stop) {
                void (*tick)(void *) = s->tick;
                s->ticking = true;
                pthread_mutex_unlock(&s->lock);
                tick(s->tick_arg);
                pthread_mutex_lock(&s->lock);
                s->ticking = false;
            }
            continue;
        }
        if (!job) {
            pthread_cond_wait(&s->wake, &s->lock);
            continue;
        }
        s->queue = job->next;
        s->queued--;
        s->busy = true;
        pthread_mutex_unlock(&s->lock);
        compile_job(s, job);
        pthread_mutex_lock(&s->lock);
        s->busy = false;
        bool async = !job->sync;
        finish_job(s, job);
        if (async && s->notify) {
            pthread_mutex_unlock(&s->lock);
            s->notify(s->notify_arg);
            pthread_mutex_lock(&s->lock);
        }
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

/* Starts the compile thread with every signal blocked: host signals are
 * the guest threads' business (lock held). */
static bool start_thread(struct t2_service *s)
{
    if (s->started)
        return true;
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int rc = pthread_create(&s->thread, NULL, compile_thread, s);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0)
        return false;
    s->started = true;
    return true;
}

/* Queues job (lock held); false when it cannot be taken. */
static bool enqueue(struct t2_service *s, struct t2_job *job,
                    enum t2_fallback *why)
{
    *why = T2_FB_busy;
    if (s->disabled) {
        *why = T2_FB_unavailable;
        snprintf(job->err, sizeof(job->err),
                 "tier 2 is off in a child forked during a compile");
        return false;
    }
    if (s->queued >= QUEUE_MAX || !start_thread(s))
        return false;
    /* Newest first: the loop that got hot last is the one running now;
     * the ones queued before it (start-up code, say) may be done. */
    job->complete = false;
    job->next = s->queue;
    s->queue = job;
    s->queued++;
    s->st.submitted++;
    pthread_cond_signal(&s->wake);
    return true;
}

bool t2_submit(struct t2_service *s, struct t2_job *job)
{
    check_fork(s);
    pthread_mutex_lock(&s->lock);
    job->sync = false;
    enum t2_fallback why;
    bool ok = enqueue(s, job, &why);
    if (!ok)
        s->st.fallbacks[why]++;
    pthread_mutex_unlock(&s->lock);
    return ok;
}

bool t2_compile_sync(struct t2_service *s, struct t2_job *job)
{
    check_fork(s);
    uint64_t t0 = clock_ns(CLOCK_MONOTONIC);
    pthread_mutex_lock(&s->lock);
    job->sync = true;
    enum t2_fallback why;
    bool queued = enqueue(s, job, &why);
    if (!queued) {
        job->why = why;
        if (why == T2_FB_busy)
            snprintf(job->err, sizeof(job->err), "no compile thread");
        s->st.fallbacks[why]++;
    }
    while (queued && !job->complete)
        pthread_cond_wait(&s->finished, &s->lock);
    s->st.wait_ns += clock_ns(CLOCK_MONOTONIC) - t0;
    pthread_mutex_unlock(&s->lock);
    return queued && job->code;
}

struct t2_job *t2_take_done(struct t2_service *s)
{
    if (!__atomic_load_n(&s->n_done, __ATOMIC_ACQUIRE))
        return NULL;
    check_fork(s);
    pthread_mutex_lock(&s->lock);
    struct t2_job *list = s->done;
    s->done = s->done_tail = NULL;
    __atomic_store_n(&s->n_done, 0, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&s->lock);
    return list;
}

void t2_release_code(struct t2_service *s, struct ll_code *code)
{
    if (!code)
        return;
    check_fork(s);
    struct release *r = malloc(sizeof(*r));
    if (!r)
        return; /* the code stays: harmless */
    r->code = code;
    pthread_mutex_lock(&s->lock);
    r->next = s->releases;
    s->releases = r;
    if (s->started)
        pthread_cond_signal(&s->wake);
    pthread_mutex_unlock(&s->lock);
}

void t2_job_free(struct t2_job *job)
{
    if (!job)
        return;
    opt_region_free(&job->region);
    free(job);
}

void t2_count_fallback(struct t2_service *s, enum t2_fallback why)
{
    check_fork(s);
    pthread_mutex_lock(&s->lock);
    s->st.fallbacks[why]++;
    pthread_mutex_unlock(&s->lock);
}

void t2_service_stats(struct t2_service *s, struct t2_stats *out)
{
    check_fork(s);
    pthread_mutex_lock(&s->lock);
    *out = s->st;
    pthread_mutex_unlock(&s->lock);
}

static void free_jobs(struct t2_service *s, struct t2_job *list)
{
    while (list) {
        struct t2_job *next = list->next;
        if (list->code && s->be && s->jit) {
            t2_faults_remove((uintptr_t)s->be->entry(list->code));
            s->be->release(s->jit, list->code);
        }
        t2_job_free(list);
        list = next;
    }
}

void t2_service_set_tick(struct t2_service *s, uint64_t period_ns,
                         void (*tick)(void *), void *arg)
{
    pthread_mutex_lock(&s->lock);
    /* Replacing it: the old one must not be running any more. */
    while (s->ticking) {
        pthread_mutex_unlock(&s->lock);
        sched_yield();
        pthread_mutex_lock(&s->lock);
    }
    s->tick = tick;
    s->tick_arg = arg;
    s->tick_ns = period_ns;
    pthread_cond_broadcast(&s->wake);
    pthread_mutex_unlock(&s->lock);
}

void t2_service_destroy(struct t2_service *s)
{
    if (!s)
        return;
    check_fork(s);
    pthread_mutex_lock(&s->lock);
    s->stop = true;
    bool joined = s->started;
    pthread_cond_signal(&s->wake);
    pthread_mutex_unlock(&s->lock);
    if (joined)
        pthread_join(s->thread, NULL);
    /* In a forked child the JIT is the parent's copy, possibly caught in
     * the middle of a compile with LLVM's own locks held by a thread that
     * does not exist here: tearing it down could wait forever. The child
     * is exiting; leave it to the kernel. */
    if (s->inherited)
        s->jit = NULL;
    /* The compile thread is gone: its backend state is ours now. */
    pthread_mutex_lock(&s->lock);
    do_releases(s); /* with no JIT, only the records */
    pthread_mutex_unlock(&s->lock);
    free_jobs(s, s->queue);
    free_jobs(s, s->done);
    if (s->be && s->jit) {
        s->be->destroy(s->jit);
        t2_faults_free(); /* every region's code is gone */
    }
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->wake);
    pthread_cond_destroy(&s->finished);
    pthread_cond_destroy(&s->load_done);
    free(s);
}
