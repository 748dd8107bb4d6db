/*
 * signal_queue.c — pending signals and their siginfo: each thread's queue
 * (thread-directed signals: tkill, tgkill, faults, SIGPIPE) and the
 * process's (process-directed: kill, sigqueue, external senders), the
 * calls that post a chosen siginfo (rt_sigqueueinfo, rt_tgsigqueueinfo),
 * and the calls that wait for signals (rt_sigtimedwait, rt_sigsuspend).
 *
 * Standard signals coalesce: one sent while another instance is pending
 * is lost, as on Linux. Real-time signals (32 and up) queue: every
 * instance keeps its own siginfo (sigqueue's si_value) and they are taken
 * in the order they came. When a queue is full a kill()-style signal is
 * still made pending, with a plain siginfo (its code in sigq.code), while
 * a queued real-time one fails with EAGAIN, as Linux does past
 * RLIMIT_SIGPENDING.
 *
 * All queues are guarded by proc->lock. A thread takes its own signals
 * (thread queue first, then the process's, lowest number first, as
 * Linux's dequeue_signal); posting to another thread pokes it so that it
 * notices at its next block boundary or leaves its blocking call.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "linux_internal.h"

#define LX_SIGRTMIN 32
#define QUEUE_CAP (sizeof(((struct rt_sigqueue *)0)->q) /                     \
                   sizeof(((struct rt_sigqueue *)0)->q[0]))

_Static_assert(sizeof(((struct rt_queued_signal *)0)->info) ==
                   sizeof(struct lx_siginfo),
               "queued siginfo size");

static bool is_realtime(int sig)
{
    return sig >= LX_SIGRTMIN;
}

static void lock(struct rt_process *p)
{
    pthread_mutex_lock(&p->lock);
}

static void unlock(struct rt_process *p)
{
    pthread_mutex_unlock(&p->lock);
}

/* Adds info to q; false when a queued real-time signal finds it full. */
static int queue_add(struct rt_sigqueue *q, const struct lx_siginfo *info)
{
    int sig = info->si_signo;
    uint64_t bit = lx_sigbit(sig);
    if ((q->pending & bit) && !is_realtime(sig))
        return 0;
    if (q->len == QUEUE_CAP) {
        if (is_realtime(sig) && info->si_code != LX_SI_USER)
            return -EAGAIN;
        q->code[sig] = info->si_code;
        __atomic_or_fetch(&q->pending, bit, __ATOMIC_RELEASE);
        return 0;
    }
    struct rt_queued_signal *e = &q->q[q->len++];
    e->sig = sig;
    memcpy(e->info, info, sizeof(e->info));
    __atomic_or_fetch(&q->pending, bit, __ATOMIC_RELEASE);
    return 0;
}

static void remove_entry(struct rt_sigqueue *q, uint32_t i)
{
    memmove(&q->q[i], &q->q[i + 1], (q->len - i - 1) * sizeof(q->q[0]));
    q->len--;
}

static bool has_entry(const struct rt_sigqueue *q, int sig)
{
    for (uint32_t i = 0; i < q->len; i++)
        if (q->q[i].sig == sig)
            return true;
    return false;
}

/* Removes the oldest instance of sig (pending in q) into *out. */
static void queue_take(struct rt_sigqueue *q, int sig, struct lx_siginfo *out)
{
    uint32_t i = 0;
    while (i < q->len && q->q[i].sig != sig)
        i++;
    if (i < q->len) {
        memcpy(out, q->q[i].info, sizeof(*out));
        remove_entry(q, i);
    } else {
        /* Made pending while the queue was full. */
        memset(out, 0, sizeof(*out));
        out->si_signo = sig;
        out->si_code = q->code[sig];
        out->fields.kill.pid = getpid();
        out->fields.kill.uid = getuid();
    }
    if (!is_realtime(sig) || !has_entry(q, sig))
        __atomic_and_fetch(&q->pending, ~lx_sigbit(sig), __ATOMIC_RELEASE);
}

static void queue_discard(struct rt_sigqueue *q, int sig)
{
    for (uint32_t i = q->len; i-- > 0;)
        if (q->q[i].sig == sig)
            remove_entry(q, i);
    __atomic_and_fetch(&q->pending, ~lx_sigbit(sig), __ATOMIC_RELEASE);
}

/* Whether the signal is dropped at send time: ignored and not blocked
 * (a blocked one is kept: its handler may change before unblocking). */
static bool dropped(const struct rt_process *p, uint64_t blocked, int sig)
{
    return !(blocked & lx_sigbit(sig)) && lx_signal_ignored(p, sig);
}

int lx_signal_post_locked(struct rt_thread *t, const struct lx_siginfo *info)
{
    if (dropped(t->proc, t->sig_mask, info->si_signo))
        return 0;
    return queue_add(&t->sigq, info);
}

int lx_signal_post(struct rt_thread *t, const struct lx_siginfo *info)
{
    struct rt_process *p = t->proc;
    lock(p);
    int err = lx_signal_post_locked(t, info);
    unlock(p);
    lx_signalfd_update(p);
    if (!err && t != rt_current_thread())
        rt_poke_thread(t);
    return err;
}

/* The thread that should handle a process-directed sig: self when it does
 * not block it, else the first that does not, else NULL (it waits). */
static struct rt_thread *pick_thread(struct rt_process *p,
                                     struct rt_thread *self, int sig)
{
    uint64_t bit = lx_sigbit(sig);
    if (self && !(self->sig_mask & bit))
        return self;
    for (struct rt_thread *t = p->threads; t; t = t->next)
        if (!(t->sig_mask & bit) && !t->leaving)
            return t;
    return NULL;
}

int lx_signal_post_process_locked(struct rt_process *p,
                                  struct rt_thread *self,
                                  const struct lx_siginfo *info,
                                  struct rt_thread **wake)
{
    int sig = info->si_signo;
    *wake = NULL;
    /* Ignored only when no thread keeps it blocked. */
    bool all_unblocked = true;
    for (struct rt_thread *t = p->threads; t; t = t->next)
        if (t->sig_mask & lx_sigbit(sig))
            all_unblocked = false;
    if (all_unblocked && lx_signal_ignored(p, sig))
        return 0;
    int err = queue_add(&p->sigq, info);
    if (!err)
        *wake = pick_thread(p, self, sig);
    return err;
}

int lx_signal_post_process(struct rt_process *p, struct rt_thread *self,
                           const struct lx_siginfo *info)
{
    struct rt_thread *wake;
    lock(p);
    int err = lx_signal_post_process_locked(p, self, info, &wake);
    unlock(p);
    lx_signalfd_update(p);
    if (wake && wake != rt_current_thread())
        rt_poke_thread(wake);
    return err;
}

static void fill_user_info(struct lx_siginfo *info, int sig, int code)
{
    memset(info, 0, sizeof(*info));
    info->si_signo = sig;
    info->si_code = code;
    /* Sent by the guest itself (kill, tkill, tgkill, SIGPIPE). */
    info->fields.kill.pid = getpid();
    info->fields.kill.uid = getuid();
}

int lx_signal_send(struct rt_thread *t, int sig, int code)
{
    struct lx_siginfo info;
    fill_user_info(&info, sig, code);
    return lx_signal_post(t, &info);
}

int lx_signal_send_process(struct rt_thread *self, int sig, int code)
{
    struct lx_siginfo info;
    fill_user_info(&info, sig, code);
    return lx_signal_post_process(self->proc, self, &info);
}

uint64_t lx_signal_pending_set(const struct rt_thread *t)
{
    return __atomic_load_n(&t->sigq.pending, __ATOMIC_ACQUIRE) |
           __atomic_load_n(&t->proc->sigq.pending, __ATOMIC_ACQUIRE);
}

uint64_t lx_signal_deliverable(const struct rt_thread *t)
{
    return lx_signal_pending_set(t) & ~t->sig_mask;
}

int lx_signal_dequeue(struct rt_thread *t, uint64_t set,
                      struct lx_siginfo *out)
{
    struct rt_process *p = t->proc;
    lock(p);
    int sig = 0;
    uint64_t mine = t->sigq.pending & set, shared = p->sigq.pending & set;
    if (mine) {
        sig = __builtin_ctzll(mine) + 1;
        queue_take(&t->sigq, sig, out);
    } else if (shared) {
        sig = __builtin_ctzll(shared) + 1;
        queue_take(&p->sigq, sig, out);
    }
    unlock(p);
    if (sig) {
        lx_timer_dequeued(out);
        lx_signalfd_update(p);
    }
    return sig;
}

void lx_signal_discard_locked(struct rt_process *p, int sig)
{
    queue_discard(&p->sigq, sig);
    for (struct rt_thread *t = p->threads; t; t = t->next)
        queue_discard(&t->sigq, sig);
}

/* Reads the siginfo a sender passes and addresses it to sig. */
static int read_info(struct rt_thread *t, uint64_t addr, int sig,
                     struct lx_siginfo *info)
{
    if (mmu_read(t->proc->mmu, addr, info, sizeof(*info)))
        return -EFAULT;
    info->si_signo = sig;
    return 0;
}

/*
 * Linux lets a process forge any siginfo for itself only: for another
 * target the code must say "sent by a process" (negative, not tkill).
 */
static bool forged_for_other(const struct lx_siginfo *info)
{
    return info->si_code >= 0 || info->si_code == LX_SI_TKILL;
}

int64_t sys_rt_sigqueueinfo(struct rt_thread *t, const uint64_t a[6])
{
    int pid = (int)a[0], sig = (int)a[1];
    if (sig < 0 || sig > RT_NSIG)
        return -EINVAL;
    struct lx_siginfo info;
    int err = read_info(t, a[2], sig, &info);
    if (err)
        return err;
    if (pid != getpid()) {
        if (forged_for_other(&info))
            return -EPERM;
        return lx_host_sigqueue(pid, sig, &info);
    }
    return sig ? lx_signal_post_process(t->proc, t, &info) : 0;
}

int64_t sys_rt_tgsigqueueinfo(struct rt_thread *t, const uint64_t a[6])
{
    int tgid = (int)a[0], tid = (int)a[1], sig = (int)a[2];
    if (tgid <= 0 || tid <= 0 || sig < 0 || sig > RT_NSIG)
        return -EINVAL;
    struct lx_siginfo info;
    int err = read_info(t, a[3], sig, &info);
    if (err)
        return err;
    /* Linux checks the code against the caller's own tid first. */
    if (tid != t->tid && forged_for_other(&info))
        return -EPERM;
    if (tgid != getpid())
        return -ESRCH;
    struct rt_thread *target = lx_find_thread(t->proc, tid);
    if (!target)
        return -ESRCH;
    return sig ? lx_signal_post(target, &info) : 0;
}

/*
 * Blocks until a host signal (or a poke) interrupts, or the timeout
 * (absolute CLOCK_MONOTONIC, NULL = none) passes: 0 when interrupted,
 * -ETIMEDOUT when the time is up. The check for work and the block are
 * atomic with respect to signals (lx_safe_syscall).
 */
int lx_wait_for_signal(struct rt_thread *t, const struct timespec *deadline)
{
    struct timespec left, now, *tp = NULL;
    if (deadline) {
        clock_gettime(CLOCK_MONOTONIC, &now);
        int64_t ns = (deadline->tv_sec - now.tv_sec) * 1000000000ll +
                     (deadline->tv_nsec - now.tv_nsec);
        if (ns <= 0)
            return -ETIMEDOUT;
        left.tv_sec = ns / 1000000000ll;
        left.tv_nsec = ns % 1000000000ll;
        tp = &left;
    }
    long r = lx_safe_syscall(t, SYS_ppoll, 0, 0, (long)tp, 0, 0, 0);
    return r == 0 ? -ETIMEDOUT : 0;
}

/* An absolute CLOCK_MONOTONIC deadline from a guest relative timeout. */
static int deadline_from(struct rt_thread *t, uint64_t addr,
                         struct timespec *out)
{
    struct lx_timespec g;
    struct timespec rel;
    if (mmu_read(t->proc->mmu, addr, &g, sizeof(g)))
        return -EFAULT;
    if (g.tv_sec < 0 || lx_timespec_to_host(&rel, &g))
        return -EINVAL;
    clock_gettime(CLOCK_MONOTONIC, out);
    out->tv_sec += rel.tv_sec;
    out->tv_nsec += rel.tv_nsec;
    if (out->tv_nsec >= 1000000000) {
        out->tv_sec++;
        out->tv_nsec -= 1000000000;
    }
    return 0;
}

int64_t sys_rt_sigtimedwait(struct rt_thread *t, const uint64_t a[6])
{
    uint64_t set;
    if (a[3] != LX_SIGSET_SIZE)
        return -EINVAL;
    if (mmu_read(t->proc->mmu, a[0], &set, sizeof(set)))
        return -EFAULT;
    set &= ~LX_UNBLOCKABLE;
    struct timespec deadline;
    if (a[2]) {
        int err = deadline_from(t, a[2], &deadline);
        if (err)
            return err;
    }
    for (;;) {
        lx_wait_prepare(t);
        struct lx_siginfo info;
        int sig = lx_signal_dequeue(t, set, &info);
        if (sig) {
            if (a[1] && mmu_write(t->proc->mmu, a[1], &info, sizeof(info)))
                return -EFAULT;
            return sig;
        }
        /* A signal outside the set with a handler ends the wait. */
        if (lx_signal_deliverable(t) || rt_process_done(t->proc))
            return -EINTR;
        if (lx_wait_for_signal(t, a[2] ? &deadline : NULL) == -ETIMEDOUT)
            return -EAGAIN;
    }
}

int64_t sys_rt_sigsuspend(struct rt_thread *t, const uint64_t a[6])
{
    uint64_t mask;
    if (a[1] != LX_SIGSET_SIZE)
        return -EINVAL;
    if (mmu_read(t->proc->mmu, a[0], &mask, sizeof(mask)))
        return -EFAULT;
    lx_sigmask_push(t, mask & ~LX_UNBLOCKABLE);
    for (;;) {
        lx_wait_prepare(t);
        if (lx_signal_deliverable(t) || rt_process_done(t->proc))
            return -EINTR; /* the handler runs with the old mask saved */
        lx_wait_for_signal(t, NULL);
    }
}
