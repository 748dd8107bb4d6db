/*
 * signal_host.c — host signals that become guest signals, and the one
 * host signal that only wakes a thread.
 *
 * Every catchable host signal but the few vm-run keeps for itself (see
 * host_owned) gets on_host_signal, installed without SA_RESTART so that a
 * blocking host call returns EINTR. The handler takes no lock: it copies
 * the siginfo into the receiving thread's inbox (x86-64 and riscv64 lay
 * siginfo_t out alike), marks it, and sets the thread's poll flag so that
 * translated code returns to the dispatcher at its next block entry. The
 * thread moves its inbox into the signal queues itself
 * (lx_signal_receive): signals from kill(), timers, SIGCHLD go to the
 * process's queue, those sent to one thread (tgkill) to its own.
 *
 * A signal must not be lost between "nothing is pending" and the start of
 * a blocking call: blocking calls go through lx_safe_syscall, which tests
 * the poll flag right before its syscall instruction; a signal landing
 * between the test and the instruction moves the interrupted pc to a
 * "return -EINTR" exit (the technique of QEMU's safe_syscall).
 *
 * LX_WAKE_SIG sent by vm-run to one of its own threads (tgkill from our
 * pid) only interrupts: the signal it stands for was queued directly.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include "linux_init.h"
#include "linux_internal.h"
#include "mmu_fault.h"
#include "profile.h"

/* The x86-64 system-call trampoline: see the file comment. */
long lx_safe_syscall_raw(volatile uint32_t *flag, long nr, long a1, long a2,
                         long a3, long a4, long a5, long a6);
extern const char lx_safe_syscall_start[], lx_safe_syscall_end[],
    lx_safe_syscall_cancel[];
__asm__(".text\n"
        ".globl lx_safe_syscall_raw\n"
        ".type lx_safe_syscall_raw, @function\n"
        "lx_safe_syscall_raw:\n"
        "  push %rbx\n"
        "  mov %rdi, %rbx\n"      /* the flag */
        "  mov %rsi, %rax\n"      /* number */
        "  mov %rdx, %rdi\n"
        "  mov %rcx, %rsi\n"
        "  mov %r8, %rdx\n"
        "  mov %r9, %r10\n"
        "  mov 16(%rsp), %r8\n"
        "  mov 24(%rsp), %r9\n"
        ".globl lx_safe_syscall_start\n"
        "lx_safe_syscall_start:\n"
        "  cmpl $0, (%rbx)\n"
        "  jne lx_safe_syscall_cancel\n"
        "  syscall\n"
        ".globl lx_safe_syscall_end\n"
        "lx_safe_syscall_end:\n"
        "  pop %rbx\n"
        "  ret\n"
        ".globl lx_safe_syscall_cancel\n"
        "lx_safe_syscall_cancel:\n"
        "  mov $-4, %rax\n"       /* -EINTR */
        "  pop %rbx\n"
        "  ret\n"
        ".size lx_safe_syscall_raw, .-lx_safe_syscall_raw\n");

static _Thread_local struct rt_thread *current;

struct rt_thread *rt_current_thread(void)
{
    return current;
}

void rt_set_current_thread(struct rt_thread *t)
{
    current = t;
}

long lx_safe_syscall(struct rt_thread *t, long nr, long a1, long a2, long a3,
                     long a4, long a5, long a6)
{
    return lx_safe_syscall_raw(&t->cpu->poll, nr, a1, a2, a3, a4, a5, a6);
}

/* Signals whose host disposition vm-run keeps: the uncatchable ones, the
 * fault signals (mmu_fault.c), SIGPIPE (ignored: a write to a closed pipe
 * raises the guest's SIGPIPE in lx_write_result), the two glibc keeps for
 * its threads, and job control (stopping vm-run stops the guest). */
static bool host_owned(int sig)
{
    switch (sig) {
    case SIGKILL: case SIGSTOP: case SIGSEGV: case SIGBUS: case SIGPIPE:
    case SIGTSTP: case SIGTTIN: case SIGTTOU:
    case 32: case 33:
        return true;
    default:
        return false;
    }
}

/* Signals a fault of vm-run's own code raises (si_code > 0): never the
 * guest's business. */
static bool host_fault(int sig, const siginfo_t *si)
{
    return (sig == SIGFPE || sig == SIGILL || sig == SIGTRAP ||
            sig == SIGSYS) && si->si_code > 0;
}

static void record(struct rt_thread *t, int sig, const siginfo_t *si)
{
    struct rt_signal_inbox *in = &t->inbox;
    memcpy(in->info[sig], si, sizeof(in->info[sig]));
    uint64_t bit = lx_sigbit(sig);
    if (si->si_code == SI_TKILL)
        __atomic_and_fetch(&in->shared, ~bit, __ATOMIC_RELAXED);
    else
        __atomic_or_fetch(&in->shared, bit, __ATOMIC_RELAXED);
    __atomic_or_fetch(&in->arrived, bit, __ATOMIC_RELEASE);
}

static void on_host_signal(int sig, siginfo_t *si, void *ucv)
{
    int saved_errno = errno;
    if (sig == LX_WAKE_SIG && si->si_code == SI_TIMER &&
        rt_profile_is_tick(si->si_value.sival_ptr)) {
        /* --profile: nothing for the guest */
        rt_profile_sample(ucv, si->si_overrun);
        errno = saved_errno;
        return;
    }
    if (host_fault(sig, si)) {
        signal(sig, SIG_DFL); /* a bug in vm-run: crash visibly */
        return;
    }
    struct rt_thread *t = current;
    if (!t)
        return;
    bool wake = sig == LX_WAKE_SIG && si->si_code == SI_TKILL &&
                si->si_pid == getpid();
    if (sig == LX_WAKE_SIG && si->si_code == SI_TIMER) {
        /* A guest POSIX timer's expiry (sys_timer.c). */
        lx_timer_fired(si->si_value.sival_ptr, si->si_overrun);
        wake = true;
    }
    if (!wake)
        record(t, sig, si);
    __atomic_store_n(&t->cpu->poll, 1, __ATOMIC_RELEASE);
    ucontext_t *uc = ucv;
    uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
    if (pc >= (uintptr_t)lx_safe_syscall_start &&
        pc < (uintptr_t)lx_safe_syscall_end)
        uc->uc_mcontext.gregs[REG_RIP] = (greg_t)lx_safe_syscall_cancel;
    errno = saved_errno;
}

/* mmu_fault.c passes on a SIGSEGV/SIGBUS another process sent us. */
static void on_sent_fault_signal(int sig, siginfo_t *si, void *uc)
{
    on_host_signal(sig, si, uc);
}

int lx_install_host_handler(int sig)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_host_signal;
    sa.sa_flags = SA_SIGINFO; /* no SA_RESTART: blocking calls see EINTR */
    sigfillset(&sa.sa_mask);
    return sigaction(sig, &sa, NULL) < 0 ? -errno : 0;
}

int linux_host_init(void)
{
    /* A guest write to a pipe without readers must fail with EPIPE and
     * raise the guest's SIGPIPE (lx_write_result), not kill vm-run. */
    struct sigaction ign;
    memset(&ign, 0, sizeof(ign));
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    if (sigaction(SIGPIPE, &ign, NULL) < 0)
        return -errno;
    for (int sig = 1; sig <= RT_NSIG; sig++) {
        if (host_owned(sig))
            continue;
        /* Ignored when we started (nohup, a parent's SIG_IGN): the guest
         * inherits that, as across exec; see linux_adopt_host_signals. */
        struct sigaction old;
        if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
            continue;
        int err = lx_install_host_handler(sig);
        if (err)
            return err;
    }
    mmu_fault_set_sent_handler(on_sent_fault_signal);
    return 0;
}

void linux_adopt_host_signals(struct rt_process *p, uint64_t *mask)
{
    sigset_t cur;
    pthread_sigmask(SIG_SETMASK, NULL, &cur);
    *mask = 0;
    for (int sig = 1; sig <= RT_NSIG; sig++) {
        struct sigaction old;
        if (sig != SIGPIPE && sigaction(sig, NULL, &old) == 0 &&
            old.sa_handler == SIG_IGN && sig != SIGKILL && sig != SIGSTOP)
            p->sigactions[sig].handler = LX_SIG_IGN;
        if (sigismember(&cur, sig) == 1 && sig != SIGKILL && sig != SIGSTOP)
            *mask |= lx_sigbit(sig);
    }
    /* vm-run runs with every signal unblocked; the guest keeps its mask. */
    sigset_t none;
    sigemptyset(&none);
    pthread_sigmask(SIG_SETMASK, &none, NULL);
}

void lx_signal_receive(struct rt_thread *t)
{
    lx_timers_collect(t);
    if (!__atomic_load_n(&t->inbox.arrived, __ATOMIC_ACQUIRE))
        return;
    /* The handler writes the inbox on this thread: keep it out while the
     * entries are copied. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    uint64_t arrived = __atomic_exchange_n(&t->inbox.arrived, 0,
                                           __ATOMIC_ACQUIRE);
    uint64_t shared = t->inbox.shared;
    struct lx_siginfo info[RT_NSIG];
    int n = 0;
    for (uint64_t rest = arrived; rest; rest &= rest - 1) {
        int sig = __builtin_ctzll(rest) + 1;
        memcpy(&info[n], t->inbox.info[sig], sizeof(info[n]));
        info[n++].si_signo = sig;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    for (int i = 0; i < n; i++) {
        if (lx_sigbit(info[i].si_signo) & shared)
            lx_signal_post_process(t->proc, t, &info[i]);
        else
            lx_signal_post(t, &info[i]);
    }
}

void rt_poke_thread(struct rt_thread *t)
{
    __atomic_store_n(&t->cpu->poll, 1, __ATOMIC_RELEASE);
    if (t != current && t->tid > 0)
        syscall(SYS_tgkill, getpid(), t->tid, LX_WAKE_SIG);
}

void lx_sigmask_push(struct rt_thread *t, uint64_t mask)
{
    if (!t->has_saved_mask) {
        t->saved_mask = t->sig_mask;
        t->has_saved_mask = true;
    }
    t->sig_mask = mask;
}

void lx_sigmask_pop(struct rt_thread *t)
{
    if (t->has_saved_mask) {
        t->sig_mask = t->saved_mask;
        t->has_saved_mask = false;
    }
}

/* Job-control signals stop vm-run natively unless the guest handles or
 * ignores them; the others keep on_host_signal, which drops what the
 * guest ignores. */
int lx_host_follow_disposition(int sig, uint64_t handler)
{
    bool job_control = sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
    if (job_control && handler == LX_SIG_DFL) {
        struct sigaction sa;
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = handler == LX_SIG_DFL ? SIG_DFL : SIG_IGN;
        return sigaction(sig, &sa, NULL) < 0 ? -errno : 0;
    }
    if (host_owned(sig) && !job_control)
        return 0;
    return lx_install_host_handler(sig);
}
