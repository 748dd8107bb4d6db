/*
 * sys_signalfd.c — signalfd4 (and x86-64's signalfd): a descriptor that
 * reads the guest's pending signals, never vm-run's host ones.
 *
 * The descriptor is a host eventfd, kept readable exactly while one of
 * its signals is pending for the guest (lx_signalfd_update, called when
 * a signal is queued or taken), so that poll, select and epoll see it as
 * Linux's would. A read takes the pending signals of its mask from the
 * reading thread's queue and the process's (lx_signal_dequeue, as
 * Linux's dequeue_signal) and returns them as struct signalfd_siginfo,
 * blocking (interruptibly) when none is pending unless the descriptor is
 * non-blocking. Readiness counts the pending signals of every thread,
 * where Linux looks at the polling thread's only.
 *
 * Known descriptors are forgotten when the guest closes or replaces their
 * number (sys_close, dup2/dup3 onto it); a read also checks that the
 * number still names an eventfd.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux_internal.h"

#define MAX_SIGNALFDS 64
#define LX_SFD_CLOEXEC 02000000
#define LX_SFD_NONBLOCK 04000

struct sfd {
    bool used;
    int fd;
    uint64_t mask;
    bool ready; /* the eventfd's counter is 1 */
};

static struct sfd sfds[MAX_SIGNALFDS];
static int nsfds; /* entries in use (atomic; 0 skips every hook) */
static pthread_mutex_t sfd_lock = PTHREAD_MUTEX_INITIALIZER;

/* The entry of fd, with sfd_lock held, or NULL. */
static struct sfd *find(int fd)
{
    for (int i = 0; i < MAX_SIGNALFDS; i++)
        if (sfds[i].used && sfds[i].fd == fd)
            return &sfds[i];
    return NULL;
}

/* Signals pending anywhere in the process. */
static uint64_t all_pending(struct rt_process *p)
{
    pthread_mutex_lock(&p->lock);
    uint64_t set = p->sigq.pending;
    for (struct rt_thread *t = p->threads; t; t = t->next)
        set |= t->sigq.pending;
    pthread_mutex_unlock(&p->lock);
    return set;
}

void lx_signalfd_update(struct rt_process *p)
{
    if (!__atomic_load_n(&nsfds, __ATOMIC_ACQUIRE))
        return;
    uint64_t pending = all_pending(p);
    pthread_mutex_lock(&sfd_lock);
    for (int i = 0; i < MAX_SIGNALFDS; i++) {
        struct sfd *s = &sfds[i];
        if (!s->used)
            continue;
        bool want = (pending & s->mask) != 0;
        uint64_t v = 1;
        if (want && !s->ready)
            s->ready = write(s->fd, &v, sizeof(v)) == sizeof(v);
        else if (!want && s->ready)
            s->ready = read(s->fd, &v, sizeof(v)) != sizeof(v);
    }
    pthread_mutex_unlock(&sfd_lock);
}

void lx_signalfd_forget(int fd)
{
    if (!__atomic_load_n(&nsfds, __ATOMIC_ACQUIRE))
        return;
    pthread_mutex_lock(&sfd_lock);
    struct sfd *s = find(fd);
    if (s) {
        s->used = false;
        __atomic_sub_fetch(&nsfds, 1, __ATOMIC_RELEASE);
    }
    pthread_mutex_unlock(&sfd_lock);
}

static bool is_eventfd(int fd)
{
    char link[64], target[64];
    snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof(target) - 1);
    if (n < 0)
        return false;
    target[n] = 0;
    return strcmp(target, "anon_inode:[eventfd]") == 0;
}

/* signalfd4(fd, mask, sizemask, flags) */
int64_t sys_signalfd4(struct rt_thread *t, const uint64_t a[6])
{
    int fd = (int)a[0], flags = (int)a[3];
    uint64_t mask;
    if (a[2] != LX_SIGSET_SIZE || (flags & ~(LX_SFD_CLOEXEC | LX_SFD_NONBLOCK)))
        return -EINVAL;
    if (mmu_read(t->proc->mmu, a[1], &mask, sizeof(mask)))
        return -EFAULT;
    mask &= ~LX_UNBLOCKABLE;
    pthread_mutex_lock(&sfd_lock);
    int64_t r;
    if (fd != -1) {
        struct sfd *s = find(fd);
        if (s && is_eventfd(fd)) {
            s->mask = mask;
            r = fd;
        } else {
            r = -EINVAL;
        }
    } else {
        int slot = 0;
        while (slot < MAX_SIGNALFDS && sfds[slot].used)
            slot++;
        if (slot == MAX_SIGNALFDS) {
            r = -EMFILE;
        } else {
            int efl = ((flags & LX_SFD_CLOEXEC) ? EFD_CLOEXEC : 0) |
                      ((flags & LX_SFD_NONBLOCK) ? EFD_NONBLOCK : 0);
            r = lx_result(eventfd(0, efl));
            if (r >= 0) {
                sfds[slot] = (struct sfd){true, (int)r, mask, false};
                __atomic_add_fetch(&nsfds, 1, __ATOMIC_RELEASE);
            }
        }
    }
    pthread_mutex_unlock(&sfd_lock);
    if (r >= 0)
        lx_signalfd_update(t->proc);
    return r;
}

int64_t sys_signalfd(struct rt_thread *t, const uint64_t a[6])
{
    return sys_signalfd4(t, (const uint64_t[6]){a[0], a[1], a[2], 0});
}

/* struct signalfd_siginfo: 128 bytes, the same on every architecture. */
struct lx_signalfd_siginfo {
    uint32_t signo;
    int32_t err;
    int32_t code;
    uint32_t pid;
    uint32_t uid;
    int32_t fd;
    uint32_t tid;
    uint32_t band;
    uint32_t overrun;
    uint32_t trapno;
    int32_t status;
    int32_t int_;
    uint64_t ptr;
    uint64_t utime;
    uint64_t stime;
    uint64_t addr;
    uint16_t addr_lsb;
    uint16_t pad2;
    int32_t syscall;
    uint64_t call_addr;
    uint32_t arch;
    uint8_t pad[28];
};
_Static_assert(sizeof(struct lx_signalfd_siginfo) == 128, "signalfd_siginfo");

#define LX_SI_TIMER (-2)
#define LX_SI_QUEUE (-1)
#define LX_SI_MESGQ (-3)
#define LX_SIGCHLD 17

/* Fills out from info as Linux's signalfd_copyinfo does: the fields of
 * the union member the signal and its code use. */
static void convert(struct lx_signalfd_siginfo *out,
                    const struct lx_siginfo *in)
{
    const uint8_t *u = in->fields.bytes;
    int32_t i32[4];
    uint64_t u64[4];
    memcpy(i32, u, sizeof(i32));
    memcpy(u64, u, sizeof(u64));
    memset(out, 0, sizeof(*out));
    out->signo = (uint32_t)in->si_signo;
    out->err = in->si_errno;
    out->code = in->si_code;
    int sig = in->si_signo;
    bool fault = sig == 4 || sig == 5 || sig == 7 || sig == 8 || sig == 11;
    if (in->si_code == LX_SI_TIMER) {
        out->tid = (uint32_t)i32[0];
        out->overrun = (uint32_t)i32[1];
        out->ptr = u64[1];
        out->int_ = (int32_t)u64[1];
    } else if (fault && in->si_code > 0) {
        out->addr = u64[0];
    } else if (sig == LX_SIGCHLD && in->si_code > 0) {
        out->pid = (uint32_t)i32[0];
        out->uid = (uint32_t)i32[1];
        out->status = i32[2];
        memcpy(&out->utime, u + 16, 8);
        memcpy(&out->stime, u + 24, 8);
    } else {
        /* kill, sigqueue, mq_notify: pid, uid, then the value. */
        out->pid = (uint32_t)i32[0];
        out->uid = (uint32_t)i32[1];
        out->ptr = u64[1];
        out->int_ = (int32_t)u64[1];
    }
}

/* Waits until fd's eventfd becomes readable, a host signal comes, or the
 * thread is poked: 0, or -EINTR. */
static int wait_ready(struct rt_thread *t, int fd)
{
    struct pollfd pfd = {fd, POLLIN, 0};
    long r = lx_safe_syscall(t, SYS_ppoll, (long)&pfd, 1, 0, 0, 0, 0);
    return r < 0 ? (int)r : 0;
}

bool lx_signalfd_read(struct rt_thread *t, int fd, uint64_t addr,
                      uint64_t count, int64_t *result)
{
    if (!__atomic_load_n(&nsfds, __ATOMIC_ACQUIRE))
        return false;
    pthread_mutex_lock(&sfd_lock);
    struct sfd *s = find(fd);
    bool known = s != NULL;
    uint64_t mask = s ? s->mask : 0;
    pthread_mutex_unlock(&sfd_lock);
    if (!known || !is_eventfd(fd))
        return false;
    uint64_t max = count / sizeof(struct lx_signalfd_siginfo);
    if (!max) {
        *result = -EINVAL;
        return true;
    }
    if (!lx_guest_ptr(t, addr, max * sizeof(struct lx_signalfd_siginfo),
                      MMU_WRITE)) {
        *result = -EFAULT;
        return true;
    }
    bool nonblock = fcntl(fd, F_GETFL) & O_NONBLOCK;
    uint64_t got = 0;
    int64_t r = 0;
    while (got < max) {
        lx_wait_prepare(t);
        struct lx_siginfo info;
        if (lx_signal_dequeue(t, mask, &info)) {
            struct lx_signalfd_siginfo out;
            convert(&out, &info);
            mmu_write(t->proc->mmu, addr + got * sizeof(out), &out,
                      sizeof(out));
            got++;
            continue;
        }
        if (got || nonblock) {
            r = got ? 0 : -EAGAIN;
            break;
        }
        if (lx_signal_deliverable(t) || rt_process_done(t->proc)) {
            r = -EINTR;
            break;
        }
        wait_ready(t, fd);
    }
    lx_signalfd_update(t->proc);
    *result = got ? (int64_t)(got * sizeof(struct lx_signalfd_siginfo)) : r;
    return true;
}
