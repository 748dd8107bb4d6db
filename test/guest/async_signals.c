/* Signals that arrive from outside the running code: SIGALRM from
 * alarm() interrupting a blocking read (EINTR without SA_RESTART, the read
 * restarted and completed with it), sigsuspend woken by a timer signal
 * with the old mask back afterwards, tgkill to another thread (its handler
 * runs in that thread, which waits in sigsuspend), a SIGSEGV handler that
 * siglongjmps inside a thread, and a stack overflow caught on the
 * alternate stack. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

#include "guest_util.h"

static int pipe_fds[2];
static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
    (void)sig;
    alarms++;
}

/* With SA_RESTART the handler feeds the pipe so the restarted read ends. */
static void on_alarm_feed(int sig)
{
    (void)sig;
    alarms++;
    if (write(pipe_fds[1], "r", 1) != 1)
        _exit(3);
}

static void set_action(int sig, void (*fn)(int), int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = fn;
    sa.sa_flags = flags;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

static void blocking_read(void)
{
    if (pipe(pipe_fds) != 0)
        exit(2);
    char c;
    set_action(SIGALRM, on_alarm, 0);
    alarm(1);
    ssize_t n = read(pipe_fds[0], &c, 1);
    say_ret("read interrupted by SIGALRM (no SA_RESTART)", n);
    printf("alarms so far: %d\n", (int)alarms);

    set_action(SIGALRM, on_alarm_feed, SA_RESTART);
    alarm(1);
    n = read(pipe_fds[0], &c, 1);
    say_ret("read with SA_RESTART", n);
    say("read got the handler's byte", n == 1 && c == 'r');
    printf("alarms so far: %d\n", (int)alarms);
}

static void suspend(void)
{
    sigset_t block, old, during;
    sigemptyset(&block);
    sigaddset(&block, SIGALRM);
    sigprocmask(SIG_BLOCK, &block, &old);
    set_action(SIGALRM, on_alarm, 0);
    struct itimerval it = {{0, 0}, {0, 50000}};
    setitimer(ITIMER_REAL, &it, NULL);
    sigemptyset(&during);
    int r = sigsuspend(&during);
    say_ret("sigsuspend", r);
    printf("alarms so far: %d\n", (int)alarms);
    sigset_t now;
    sigprocmask(SIG_SETMASK, NULL, &now);
    say("SIGALRM blocked again after sigsuspend", sigismember(&now, SIGALRM));
    sigprocmask(SIG_SETMASK, &old, NULL);
}

static atomic_int target_tid, handler_tid, target_ready;

static void on_usr2(int sig)
{
    (void)sig;
    atomic_store(&handler_tid, (int)syscall(SYS_gettid));
}

/* Blocks SIGUSR2, then waits for it with sigsuspend, which unblocks and
 * waits in one step: sent before or during the wait, it ends the wait. */
static void *waiter(void *arg)
{
    (void)arg;
    sigset_t usr2, none;
    sigemptyset(&usr2);
    sigaddset(&usr2, SIGUSR2);
    pthread_sigmask(SIG_BLOCK, &usr2, NULL);
    atomic_store(&target_tid, (int)syscall(SYS_gettid));
    atomic_store(&target_ready, 1);
    sigemptyset(&none);
    int r = sigsuspend(&none);
    return (void *)(intptr_t)(r == -1 && errno == EINTR);
}

static void tgkill_thread(void)
{
    set_action(SIGUSR2, on_usr2, 0);
    pthread_t th;
    pthread_create(&th, NULL, waiter, NULL);
    while (!atomic_load(&target_ready))
        sched_yield();
    /* It may not have reached sigsuspend yet: the signal waits for it. */
    int r = (int)syscall(SYS_tgkill, getpid(), atomic_load(&target_tid),
                         SIGUSR2);
    say_ret("tgkill to the other thread", r);
    void *ret;
    pthread_join(th, &ret);
    say("sigsuspend returned EINTR in that thread", ret == (void *)1);
    say("handler ran in that thread",
        atomic_load(&handler_tid) == atomic_load(&target_tid));
}

static __thread sigjmp_buf *segv_jump;
/* An address the compiler cannot see is invalid. */
static volatile uintptr_t bad_address = 0x10;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    (void)sig, (void)uc;
    if (si->si_addr == (void *)0x10)
        siglongjmp(*segv_jump, 1);
    _exit(4);
}

static void *faulting_thread(void *arg)
{
    (void)arg;
    sigjmp_buf env;
    segv_jump = &env;
    int rounds = 0;
    if (sigsetjmp(env, 1) == 0)
        *(volatile int *)bad_address = 1;
    rounds++;
    /* The mask came back with siglongjmp: a second fault works too. */
    if (sigsetjmp(env, 1) == 0)
        rounds += *(volatile int *)bad_address;
    rounds++;
    return (void *)(intptr_t)rounds;
}

static void segv_in_thread(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    pthread_t th;
    pthread_create(&th, NULL, faulting_thread, NULL);
    void *r;
    pthread_join(th, &r);
    printf("SIGSEGV recoveries in a thread: %ld\n", (long)r);
}

static sigjmp_buf overflow_jump;
static volatile int on_alt;
static char *alt_lo, *alt_hi;

static void on_overflow(int sig)
{
    (void)sig;
    char here;
    on_alt = &here >= alt_lo && &here < alt_hi;
    siglongjmp(overflow_jump, 1);
}

static volatile int keep_going = 1;

static int recurse(volatile char *p, int depth)
{
    volatile char pad[4096];
    pad[0] = (char)depth;
    pad[4095] = *p;
    return keep_going ? recurse(pad, depth + 1) + pad[0] : 0;
}

static void stack_overflow(void)
{
    stack_t ss = {.ss_size = 65536, .ss_flags = 0};
    ss.ss_sp = malloc(ss.ss_size);
    alt_lo = ss.ss_sp;
    alt_hi = alt_lo + ss.ss_size;
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_overflow;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGSEGV, &sa, NULL);
    char c = 0;
    if (sigsetjmp(overflow_jump, 1) == 0)
        recurse(&c, 0);
    say("stack overflow caught on the alternate stack", on_alt);
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    blocking_read();
    suspend();
    tgkill_thread();
    segv_in_thread();
    stack_overflow();
    return 0;
}
