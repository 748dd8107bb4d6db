/*
 * sys_timer.c — POSIX per-process timers: timer_create, timer_settime,
 * timer_gettime, timer_getoverrun, timer_delete.
 *
 * Each guest timer is a host timer on the same clock (so the host keeps
 * time, CPU-time clocks included), but the host timer never raises the
 * guest's signal itself: it raises LX_WAKE_SIG with si_code SI_TIMER and
 * a pointer to our record, which on_host_signal (signal_host.c) hands to
 * lx_timer_fired without taking a lock. The guest signal is then posted
 * from the guest thread that takes in its host signals
 * (lx_timers_collect, from lx_signal_receive): to the thread the guest
 * named (SIGEV_THREAD_ID), or to the process (SIGEV_SIGNAL, and
 * SIGEV_THREAD, which Linux treats the same; the guest's libc does the
 * thread part). A process-directed host timer goes to a host thread of
 * vm-run that does not block it, and only guest threads leave it open;
 * a thread-directed one goes to the guest thread's own host thread.
 *
 * As on Linux, a timer whose signal is still queued does not queue
 * another: the expirations are counted and reported as si_overrun when
 * the signal is taken (lx_timer_dequeued, from lx_signal_dequeue), and
 * by timer_getoverrun afterwards. The siginfo carries si_timerid,
 * si_overrun and the guest's sigev_value (asm-generic _timer layout,
 * the same on both guests). Timer ids are small integers from 0, as
 * Linux gives them. A fork's child has no timers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "linux_internal.h"

#define MAX_TIMERS 512
#define LX_SI_TIMER (-2)
enum { LX_SIGEV_SIGNAL = 0, LX_SIGEV_NONE = 1, LX_SIGEV_THREAD = 2,
       LX_SIGEV_THREAD_ID = 4 };

/* The guest's struct sigevent (64 bytes on both guests). */
struct lx_sigevent {
    uint64_t value;
    int32_t signo;
    int32_t notify;
    int32_t tid;
    int32_t pad[11];
};

/* The _timer member of siginfo's union, at offset 16. */
struct lx_timer_fields {
    int32_t tid;
    int32_t overrun;
    uint64_t value;
};

struct ptimer {
    bool used;
    int host_id;     /* the kernel's timer id */
    int notify;
    int sig;
    int tid;         /* SIGEV_THREAD_ID's thread */
    uint64_t value;
    int fires;       /* expirations reported by the host, not yet posted
                        (atomic: the host handler adds to it) */
    bool queued;     /* its signal is pending in a guest queue */
    int overrun;     /* expirations while queued */
    int last_overrun; /* timer_getoverrun */
};

static struct ptimer timers[MAX_TIMERS];
static pthread_mutex_t timers_lock = PTHREAD_MUTEX_INITIALIZER;
static int any_fired; /* atomic: some timer has fires > 0 */

void lx_timer_fired(const void *cookie, int overrun)
{
    struct ptimer *pt = (struct ptimer *)cookie;
    if (pt < timers || pt >= timers + MAX_TIMERS)
        return;
    __atomic_add_fetch(&pt->fires, 1 + (overrun > 0 ? overrun : 0),
                       __ATOMIC_RELAXED);
    __atomic_store_n(&any_fired, 1, __ATOMIC_RELEASE);
}

static void build_info(struct lx_siginfo *info, int id, const struct ptimer *pt)
{
    memset(info, 0, sizeof(*info));
    info->si_signo = pt->sig;
    info->si_code = LX_SI_TIMER;
    struct lx_timer_fields f = {id, 0, pt->value};
    memcpy(info->fields.bytes, &f, sizeof(f));
}

void lx_timers_collect(struct rt_thread *t)
{
    if (!__atomic_exchange_n(&any_fired, 0, __ATOMIC_ACQUIRE))
        return;
    struct post {
        struct lx_siginfo info;
        int tid;
    };
    static _Thread_local struct post posts[16];
    bool more = true;
    while (more) {
        int n = 0;
        more = false;
        pthread_mutex_lock(&timers_lock);
        for (int i = 0; i < MAX_TIMERS; i++) {
            struct ptimer *pt = &timers[i];
            if (!__atomic_load_n(&pt->fires, __ATOMIC_RELAXED))
                continue;
            if (n == 16) {
                more = true;
                break;
            }
            int fires = __atomic_exchange_n(&pt->fires, 0, __ATOMIC_RELAXED);
            if (!pt->used || pt->notify == LX_SIGEV_NONE)
                continue;
            if (pt->queued) {
                pt->overrun += fires;
                continue;
            }
            pt->queued = true;
            pt->overrun += fires - 1;
            build_info(&posts[n].info, i, pt);
            posts[n++].tid = pt->notify == LX_SIGEV_THREAD_ID ? pt->tid : 0;
        }
        pthread_mutex_unlock(&timers_lock);
        for (int i = 0; i < n; i++) {
            struct rt_thread *to = posts[i].tid
                                       ? lx_find_thread(t->proc, posts[i].tid)
                                       : NULL;
            if (to)
                lx_signal_post(to, &posts[i].info);
            else
                lx_signal_post_process(t->proc, t, &posts[i].info);
        }
    }
}

void lx_timer_dequeued(struct lx_siginfo *info)
{
    if (info->si_code != LX_SI_TIMER)
        return;
    struct lx_timer_fields f;
    memcpy(&f, info->fields.bytes, sizeof(f));
    if (f.tid < 0 || f.tid >= MAX_TIMERS)
        return;
    pthread_mutex_lock(&timers_lock);
    struct ptimer *pt = &timers[f.tid];
    if (pt->used && pt->queued) {
        pt->queued = false;
        f.overrun = pt->overrun < 0 ? 0 : pt->overrun;
        pt->last_overrun = f.overrun;
        pt->overrun = 0;
        memcpy(info->fields.bytes, &f, sizeof(f));
    }
    pthread_mutex_unlock(&timers_lock);
}

void lx_timers_after_fork(void)
{
    pthread_mutex_init(&timers_lock, NULL);
    memset(timers, 0, sizeof(timers));
    any_fired = 0;
}

/* timer_create(clockid, sevp, timerid) */
int64_t sys_timer_create(struct rt_thread *t, const uint64_t a[6])
{
    struct lx_sigevent ev = {0};
    if (a[1]) {
        if (mmu_read(t->proc->mmu, a[1], &ev, sizeof(ev)))
            return -EFAULT;
    } else {
        ev.notify = LX_SIGEV_SIGNAL;
        ev.signo = SIGALRM;
    }
    switch (ev.notify) {
    case LX_SIGEV_THREAD_ID:
        if (!lx_find_thread(t->proc, ev.tid))
            return -EINVAL;
        /* fall through */
    case LX_SIGEV_SIGNAL:
    case LX_SIGEV_THREAD:
        if (ev.signo <= 0 || ev.signo > RT_NSIG)
            return -EINVAL;
        break;
    case LX_SIGEV_NONE:
        break;
    default:
        return -EINVAL;
    }
    if (!lx_guest_ptr(t, a[2], sizeof(int32_t), MMU_WRITE))
        return -EFAULT;
    pthread_mutex_lock(&timers_lock);
    int id = 0;
    while (id < MAX_TIMERS && timers[id].used)
        id++;
    if (id == MAX_TIMERS) {
        pthread_mutex_unlock(&timers_lock);
        return -EAGAIN;
    }
    struct ptimer *pt = &timers[id];
    struct sigevent hs;
    memset(&hs, 0, sizeof(hs));
    hs.sigev_value.sival_ptr = pt;
    if (ev.notify == LX_SIGEV_NONE) {
        hs.sigev_notify = SIGEV_NONE;
    } else if (ev.notify == LX_SIGEV_THREAD_ID) {
        hs.sigev_notify = SIGEV_THREAD_ID;
        hs.sigev_signo = LX_WAKE_SIG;
        hs._sigev_un._tid = ev.tid;
    } else {
        hs.sigev_notify = SIGEV_SIGNAL;
        hs.sigev_signo = LX_WAKE_SIG;
    }
    int host_id;
    int64_t r = lx_result(syscall(SYS_timer_create, (int)a[0], &hs,
                                  &host_id));
    if (r == 0) {
        *pt = (struct ptimer){
            .used = true,
            .host_id = host_id,
            .notify = ev.notify,
            .sig = ev.signo,
            .tid = ev.tid,
            .value = a[1] ? ev.value : (uint64_t)id,
        };
    }
    pthread_mutex_unlock(&timers_lock);
    if (r < 0)
        return r;
    int32_t gid = id;
    if (mmu_write(t->proc->mmu, a[2], &gid, sizeof(gid))) {
        sys_timer_delete(t, (const uint64_t[6]){(uint64_t)id});
        return -EFAULT;
    }
    return 0;
}

/* The host id of guest timer id, or -EINVAL. */
static int host_timer(uint64_t id)
{
    int r = -EINVAL;
    pthread_mutex_lock(&timers_lock);
    if ((int32_t)id >= 0 && (int32_t)id < MAX_TIMERS && timers[id].used)
        r = timers[id].host_id;
    pthread_mutex_unlock(&timers_lock);
    return r;
}

/* struct itimerspec is two 64-bit timespecs on both guests and the host. */
_Static_assert(sizeof(struct itimerspec) == 2 * sizeof(struct lx_timespec),
               "host itimerspec");

/* timer_settime(id, flags, new, old) */
int64_t sys_timer_settime(struct rt_thread *t, const uint64_t a[6])
{
    int h = host_timer(a[0]);
    if (h < 0)
        return h;
    struct itimerspec in, old;
    if (!a[2] || mmu_read(t->proc->mmu, a[2], &in, sizeof(in)))
        return a[2] ? -EFAULT : -EINVAL;
    int64_t r = lx_result(syscall(SYS_timer_settime, h, (int)a[1], &in,
                                  a[3] ? &old : NULL));
    if (r == 0 && a[3] && mmu_write(t->proc->mmu, a[3], &old, sizeof(old)))
        return -EFAULT;
    return r;
}

int64_t sys_timer_gettime(struct rt_thread *t, const uint64_t a[6])
{
    int h = host_timer(a[0]);
    if (h < 0)
        return h;
    struct itimerspec cur;
    int64_t r = lx_result(syscall(SYS_timer_gettime, h, &cur));
    if (r == 0 && mmu_write(t->proc->mmu, a[1], &cur, sizeof(cur)))
        return -EFAULT;
    return r;
}

int64_t sys_timer_getoverrun(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    int r = -EINVAL;
    pthread_mutex_lock(&timers_lock);
    if ((int32_t)a[0] >= 0 && (int32_t)a[0] < MAX_TIMERS &&
        timers[a[0]].used)
        r = timers[a[0]].last_overrun;
    pthread_mutex_unlock(&timers_lock);
    return r;
}

int64_t sys_timer_delete(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    pthread_mutex_lock(&timers_lock);
    int64_t r = -EINVAL;
    if ((int32_t)a[0] >= 0 && (int32_t)a[0] < MAX_TIMERS &&
        timers[a[0]].used) {
        r = lx_result(syscall(SYS_timer_delete, timers[a[0]].host_id));
        timers[a[0]].used = false;
        __atomic_store_n(&timers[a[0]].fires, 0, __ATOMIC_RELAXED);
    }
    pthread_mutex_unlock(&timers_lock);
    return r;
}
