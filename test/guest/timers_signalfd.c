/* POSIX timers and signalfd: a one-shot SIGEV_SIGNAL timer taken with
 * sigwaitinfo (SI_TIMER, si_value), expirations while the signal is
 * pending counted as si_overrun and by timer_getoverrun, a SIGEV_SIGNAL
 * timer run by a SA_SIGINFO handler, SIGEV_THREAD_ID reaching the named
 * thread, glibc's SIGEV_THREAD callback, SIGEV_NONE counting down,
 * timer_gettime, the error cases; then signalfd reading the guest's
 * pending signals (kill, sigqueue's value, a timer's), EAGAIN when none,
 * poll and epoll readiness, a blocking read woken by another thread, a
 * changed mask, and its EINVAL cases. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "guest_util.h"

/* argv[1] == "linux": the reference is Linux, not qemu. */
static int on_linux;

static void arm(timer_t id, long first_ns, long every_ns)
{
    struct itimerspec its = {{0, every_ns}, {0, first_ns}};
    if (timer_settime(id, 0, &its, NULL))
        perror("timer_settime");
}

static void one_shot(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGRTMIN + 2);
    sigprocmask(SIG_BLOCK, &set, NULL);
    struct sigevent sev = {0};
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGRTMIN + 2;
    sev.sigev_value.sival_int = 42;
    timer_t id;
    say_ret("timer_create", timer_create(CLOCK_MONOTONIC, &sev, &id));
    /* An hour first, so that a slow run (every block compiled by LLVM)
     * still reads it armed; then 10 ms for the expiry. */
    struct itimerspec hour = {{0, 0}, {3600, 0}};
    if (timer_settime(id, 0, &hour, NULL))
        perror("timer_settime");
    struct itimerspec cur;
    say_ret("timer_gettime", timer_gettime(id, &cur));
    say("armed: value > 0", cur.it_value.tv_sec > 0 || cur.it_value.tv_nsec > 0);
    say("one-shot: no interval", !cur.it_interval.tv_sec && !cur.it_interval.tv_nsec);
    arm(id, 10 * 1000 * 1000, 0);
    siginfo_t si;
    int sig = sigwaitinfo(&set, &si);
    say("sigwaitinfo got the timer signal", sig == SIGRTMIN + 2);
    say("si_code SI_TIMER", si.si_code == SI_TIMER);
    printf("si_value: %d\n", si.si_value.sival_int);
    printf("si_overrun: %d\n", si.si_overrun);
    say_ret("timer_gettime after expiry", timer_gettime(id, &cur));
    say("disarmed", !cur.it_value.tv_sec && !cur.it_value.tv_nsec);

    /* Periodic every 1 ms while the signal stays blocked: one signal,
     * the rest are overruns. */
    arm(id, 1000 * 1000, 1000 * 1000);
    struct timespec nap = {0, 60 * 1000 * 1000};
    nanosleep(&nap, NULL);
    sig = sigwaitinfo(&set, &si);
    say("periodic signal", sig == SIGRTMIN + 2);
    say("si_overrun > 10", si.si_overrun > 10);
    int ov = timer_getoverrun(id);
    say("timer_getoverrun matches si_overrun", ov == si.si_overrun);
    say_ret("timer_delete", timer_delete(id));
    /* A slow run (an interpreter) may see one more expiry queued. */
    struct timespec z = {0, 0};
    while (sigtimedwait(&set, &si, &z) > 0)
        ;
    say_ret("timer_delete again", syscall(SYS_timer_delete, (int)(intptr_t)id));
    sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static volatile sig_atomic_t handled, handled_code, handled_value;

static void on_timer(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    handled++;
    handled_code = si->si_code;
    handled_value = si->si_value.sival_int;
}

static void with_handler(void)
{
    struct sigaction sa = {0};
    sa.sa_sigaction = on_timer;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    struct sigevent sev = {0};
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGUSR1;
    sev.sigev_value.sival_int = 7;
    timer_t id;
    sigset_t usr1, old;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    sigprocmask(SIG_BLOCK, &usr1, &old);
    timer_create(CLOCK_REALTIME, &sev, &id);
    arm(id, 2 * 1000 * 1000, 0);
    while (!handled)
        sigsuspend(&old); /* no expiry lost between the test and the wait */
    sigprocmask(SIG_SETMASK, &old, NULL);
    say("handler ran once", handled == 1);
    say("handler saw SI_TIMER", handled_code == SI_TIMER);
    printf("handler si_value: %d\n", (int)handled_value);
    timer_delete(id);
    signal(SIGUSR1, SIG_DFL);
}

static volatile int target_tid, seen_tid;
static sem_t ready, fired;

static void on_thread_timer(int sig)
{
    (void)sig;
    seen_tid = (int)syscall(SYS_gettid);
    sem_post(&fired);
}

static void *waiter(void *arg)
{
    (void)arg;
    target_tid = (int)syscall(SYS_gettid);
    sem_post(&ready);
    sem_wait(&fired);
    return NULL;
}

static void thread_id(void)
{
    sem_init(&ready, 0, 0);
    sem_init(&fired, 0, 0);
    signal(SIGUSR2, on_thread_timer);
    pthread_t th;
    pthread_create(&th, NULL, waiter, NULL);
    sem_wait(&ready);
    struct sigevent sev = {0};
    sev.sigev_notify = SIGEV_THREAD_ID;
    sev.sigev_signo = SIGUSR2;
    sev._sigev_un._tid = target_tid;
    timer_t id;
    say_ret("timer_create SIGEV_THREAD_ID", timer_create(CLOCK_MONOTONIC, &sev, &id));
    arm(id, 3 * 1000 * 1000, 0);
    pthread_join(th, NULL);
    say("signal reached the named thread", seen_tid == target_tid);
    timer_delete(id);
    sev._sigev_un._tid = 999999;
    say_ret("SIGEV_THREAD_ID of a stranger", timer_create(CLOCK_MONOTONIC, &sev, &id));
    signal(SIGUSR2, SIG_DFL);
}

static sem_t cb_done;
static int cb_value;

static void callback(union sigval v)
{
    cb_value = *(int *)v.sival_ptr;
    sem_post(&cb_done);
}

static void thread_notify(void)
{
    static int payload = 1234;
    sem_init(&cb_done, 0, 0);
    struct sigevent sev = {0};
    sev.sigev_notify = SIGEV_THREAD;
    sev.sigev_notify_function = callback;
    sev.sigev_value.sival_ptr = &payload;
    timer_t id;
    say_ret("timer_create SIGEV_THREAD", timer_create(CLOCK_MONOTONIC, &sev, &id));
    arm(id, 2 * 1000 * 1000, 0);
    sem_wait(&cb_done);
    printf("callback got: %d\n", cb_value);
    timer_delete(id);
}

static void none_and_errors(void)
{
    struct sigevent sev = {0};
    sev.sigev_notify = SIGEV_NONE;
    timer_t id;
    say_ret("timer_create SIGEV_NONE", timer_create(CLOCK_MONOTONIC, &sev, &id));
    struct itimerspec hour = {{0, 0}, {3600, 0}}; /* never expires here */
    if (timer_settime(id, 0, &hour, NULL))
        perror("timer_settime");
    struct itimerspec a, b;
    timer_gettime(id, &a);
    struct timespec nap = {0, 5 * 1000 * 1000};
    nanosleep(&nap, NULL);
    timer_gettime(id, &b);
    say("SIGEV_NONE counts down",
        b.it_value.tv_sec * 1000000000ll + b.it_value.tv_nsec <
            a.it_value.tv_sec * 1000000000ll + a.it_value.tv_nsec);
    struct itimerspec bad = {{0, 0}, {0, 2000000000}};
    say_ret("timer_settime bad nsec", timer_settime(id, 0, &bad, NULL));
    say_ret("timer_settime NULL", syscall(SYS_timer_settime, (int)(intptr_t)id, 0, NULL, NULL));
    timer_delete(id);
    int kid;
    say_ret("timer_create bad clock", syscall(SYS_timer_create, 12345, NULL, &kid));
    sev.sigev_notify = 99;
    say_ret("timer_create bad notify", syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &kid));
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = 0;
    say_ret("timer_create signal 0", syscall(SYS_timer_create, CLOCK_MONOTONIC, &sev, &kid));
    say_ret("timer_settime unknown id", syscall(SYS_timer_settime, 4321, 0, &bad, NULL));
    say_ret("timer_getoverrun unknown id", syscall(SYS_timer_getoverrun, 4321));
    say_ret("timer_create bad id pointer",
            syscall(SYS_timer_create, CLOCK_MONOTONIC, NULL, (void *)8));
}

static void *later_kill(void *arg)
{
    (void)arg;
    struct timespec nap = {0, 20 * 1000 * 1000};
    nanosleep(&nap, NULL);
    kill(getpid(), SIGUSR2);
    return NULL;
}

static void signal_fd(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGUSR1);
    sigaddset(&set, SIGRTMIN + 3);
    sigprocmask(SIG_BLOCK, &set, NULL);
    int fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
    say("signalfd", fd >= 0);
    struct signalfd_siginfo ssi;
    say_ret("read with nothing pending", read(fd, &ssi, sizeof ssi));
    struct pollfd p = {fd, POLLIN, 0};
    say_ret("poll idle", poll(&p, 1, 0));
    kill(getpid(), SIGUSR1);
    say_ret("poll after kill", poll(&p, 1, 0));
    say_ret("read", read(fd, &ssi, sizeof ssi));
    say("ssi_signo SIGUSR1", ssi.ssi_signo == SIGUSR1);
    say("ssi_code SI_USER", ssi.ssi_code == SI_USER);
    say("ssi_pid is us", ssi.ssi_pid == (uint32_t)getpid());
    say("ssi_uid is ours", ssi.ssi_uid == getuid());
    say_ret("poll after read", poll(&p, 1, 0));
    union sigval v = {.sival_int = 99};
    sigqueue(getpid(), SIGRTMIN + 3, v);
    v.sival_int = 100;
    sigqueue(getpid(), SIGRTMIN + 3, v);
    struct signalfd_siginfo two[3];
    say_ret("read two queued", read(fd, two, sizeof two));
    printf("values: %d %d, code SI_QUEUE: %s\n", two[0].ssi_int, two[1].ssi_int,
           two[0].ssi_code == SI_QUEUE ? "yes" : "no");
    say_ret("read small buffer", read(fd, &ssi, 100));

    struct sigevent sev = {0};
    sev.sigev_notify = SIGEV_SIGNAL;
    sev.sigev_signo = SIGRTMIN + 3;
    sev.sigev_value.sival_int = 5;
    timer_t id;
    timer_create(CLOCK_MONOTONIC, &sev, &id);
    arm(id, 1000 * 1000, 0);
    int ep = epoll_create1(0);
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = 77}, out;
    epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
    say_ret("epoll_wait for the timer", epoll_wait(ep, &out, 1, 5000));
    say("epoll data", out.data.u32 == 77);
    say_ret("read timer signal", read(fd, &ssi, sizeof ssi));
    say("ssi_code SI_TIMER", ssi.ssi_code == SI_TIMER);
    printf("ssi_int %d, ssi_overrun %u\n", ssi.ssi_int, ssi.ssi_overrun);
    timer_delete(id);
    close(ep);

    /* A changed mask; a blocking read woken by another thread's kill. */
    sigaddset(&set, SIGUSR2);
    sigprocmask(SIG_BLOCK, &set, NULL);
    say("signalfd new mask", signalfd(fd, &set, 0) == fd);
    int bfd = signalfd(-1, &set, 0);
    pthread_t th;
    pthread_create(&th, NULL, later_kill, NULL);
    say_ret("blocking read", read(bfd, &ssi, sizeof ssi));
    say("woken by SIGUSR2", ssi.ssi_signo == SIGUSR2);
    pthread_join(th, NULL);
    close(bfd);
    say_ret("signalfd on a pipe", signalfd(0, &set, 0));
    say_ret("signalfd bad flags", syscall(SYS_signalfd4, -1, &set, 8, 1));
    if (on_linux) /* qemu 7.2 takes any sizemask */
        say_ret("signalfd bad size", syscall(SYS_signalfd4, -1, &set, 4, 0));
    say_ret("signalfd bad mask pointer", syscall(SYS_signalfd4, -1, (void *)8, 8, 0));
    close(fd);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
}

int main(int argc, char **argv)
{
    on_linux = argc > 1 && !strcmp(argv[1], "linux");
    setvbuf(stdout, NULL, _IOLBF, 0);
    one_shot();
    with_handler();
    thread_id();
    thread_notify();
    none_and_errors();
    signal_fd();
    return 0;
}
