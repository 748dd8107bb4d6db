/*
 * signal_queue.c — pending signals and their siginfo (t->sig_queue), and
 * the calls that post a chosen siginfo (rt_sigqueueinfo,
 * rt_tgsigqueueinfo) or take a pending signal synchronously
 * (rt_sigtimedwait).
 *
 * Standard signals coalesce: one sent while another instance is pending
 * is lost, as on Linux. Real-time signals (32 and up) queue: every
 * instance keeps its own siginfo (sigqueue's si_value) and they are taken
 * in the order they came. When the queue is full a kill()-style signal is
 * still made pending, with a plain siginfo (its code in t->sig_code),
 * while a queued real-time one fails with EAGAIN, as Linux does past
 * RLIMIT_SIGPENDING.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "linux_internal.h"

#define LX_SIGRTMIN 32
#define QUEUE_CAP (sizeof(((struct rt_thread *)0)->sig_queue) /               \
                   sizeof(((struct rt_thread *)0)->sig_queue[0]))

_Static_assert(sizeof(((struct rt_queued_signal *)0)->info) ==
                   sizeof(struct lx_siginfo),
               "queued siginfo size");

static bool is_realtime(int sig)
{
    return sig >= LX_SIGRTMIN;
}

int lx_signal_post(struct rt_thread *t, const struct lx_siginfo *info)
{
    int sig = info->si_signo;
    uint64_t bit = lx_sigbit(sig);
    /* A blocked signal is kept: its handler may change before unblocking. */
    if (!(t->sig_mask & bit) && lx_signal_ignored(t->proc, sig))
        return 0;
    if ((t->sig_pending & bit) && !is_realtime(sig))
        return 0;
    if (t->sig_queue_len == QUEUE_CAP) {
        if (is_realtime(sig) && info->si_code != LX_SI_USER)
            return -EAGAIN;
        t->sig_pending |= bit;
        t->sig_code[sig] = info->si_code;
        return 0;
    }
    struct rt_queued_signal *q = &t->sig_queue[t->sig_queue_len++];
    q->sig = sig;
    memcpy(q->info, info, sizeof(q->info));
    t->sig_pending |= bit;
    return 0;
}

int lx_signal_send(struct rt_thread *t, int sig, int code)
{
    struct lx_siginfo info;
    memset(&info, 0, sizeof(info));
    info.si_signo = sig;
    info.si_code = code;
    /* Only the guest itself sends signals (kill, tkill, tgkill). */
    info.fields.kill.pid = getpid();
    info.fields.kill.uid = getuid();
    return lx_signal_post(t, &info);
}

static void remove_entry(struct rt_thread *t, uint32_t i)
{
    memmove(&t->sig_queue[i], &t->sig_queue[i + 1],
            (t->sig_queue_len - i - 1) * sizeof(t->sig_queue[0]));
    t->sig_queue_len--;
}

static bool has_entry(const struct rt_thread *t, int sig)
{
    for (uint32_t i = 0; i < t->sig_queue_len; i++)
        if (t->sig_queue[i].sig == sig)
            return true;
    return false;
}

void lx_signal_take(struct rt_thread *t, int sig, struct lx_siginfo *out)
{
    uint32_t i = 0;
    while (i < t->sig_queue_len && t->sig_queue[i].sig != sig)
        i++;
    if (i < t->sig_queue_len) {
        memcpy(out, t->sig_queue[i].info, sizeof(*out));
        remove_entry(t, i);
    } else {
        /* Made pending while the queue was full. */
        memset(out, 0, sizeof(*out));
        out->si_signo = sig;
        out->si_code = t->sig_code[sig];
        out->fields.kill.pid = getpid();
        out->fields.kill.uid = getuid();
    }
    if (!is_realtime(sig) || !has_entry(t, sig))
        t->sig_pending &= ~lx_sigbit(sig);
}

void lx_signal_discard(struct rt_thread *t, int sig)
{
    for (uint32_t i = t->sig_queue_len; i-- > 0;)
        if (t->sig_queue[i].sig == sig)
            remove_entry(t, i);
    t->sig_pending &= ~lx_sigbit(sig);
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
 * The answer for a target other than ourselves. Linux lets a process
 * forge any siginfo for itself only: for another target the code must say
 * "sent by a process" (negative, not tkill). Beyond that the guest cannot
 * signal other processes (see signal_state.c): EPERM when pid exists.
 */
static int64_t foreign_target(int pid, const struct lx_siginfo *info)
{
    if (info->si_code >= 0 || info->si_code == LX_SI_TKILL)
        return -EPERM;
    if (pid <= 0)
        return -ESRCH;
    return kill(pid, 0) < 0 ? -errno : -EPERM;
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
    if (pid != getpid())
        return foreign_target(pid, &info);
    return sig ? lx_signal_post(t, &info) : 0;
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
    if (tgid != getpid() || tid != t->tid)
        return foreign_target(-1, &info); /* as tkill: no such thread */
    return sig ? lx_signal_post(t, &info) : 0;
}

/*
 * Nothing but the guest itself sends it signals, so none can arrive while
 * it waits: a wait for a signal not already pending lasts its whole
 * timeout (or, without one, until the host process is interrupted).
 */
static int64_t wait_in_vain(struct rt_thread *t, uint64_t timeout_addr)
{
    if (!timeout_addr) {
        pause();
        return -EINTR;
    }
    struct lx_timespec g;
    struct timespec ts;
    if (mmu_read(t->proc->mmu, timeout_addr, &g, sizeof(g)))
        return -EFAULT;
    if (g.tv_sec < 0 || lx_timespec_to_host(&ts, &g))
        return -EINVAL;
    if (nanosleep(&ts, NULL) < 0)
        return -EINTR;
    return -EAGAIN;
}

int64_t sys_rt_sigtimedwait(struct rt_thread *t, const uint64_t a[6])
{
    uint64_t set;
    if (a[3] != LX_SIGSET_SIZE)
        return -EINVAL;
    if (mmu_read(t->proc->mmu, a[0], &set, sizeof(set)))
        return -EFAULT;
    uint64_t ready = t->sig_pending & set & ~LX_UNBLOCKABLE;
    if (!ready)
        return wait_in_vain(t, a[2]);
    int sig = __builtin_ctzll(ready) + 1;
    struct lx_siginfo info;
    lx_signal_take(t, sig, &info);
    if (a[1] && mmu_write(t->proc->mmu, a[1], &info, sizeof(info)))
        return -EFAULT;
    return sig;
}
