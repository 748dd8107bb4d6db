/* sigprocmask: a blocked signal stays pending (visible in sigpending)
 * without running its handler; unblocking delivers it exactly once before
 * sigprocmask returns; SIGKILL/SIGSTOP cannot be blocked; SIG_SETMASK and
 * the raw rt_sigprocmask syscall agree. */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "guest_util.h"

static volatile sig_atomic_t handled;

static void on_signal(int sig)
{
    handled += sig == SIGUSR1 ? 1 : 100;
}

int main(void)
{
    signal(SIGUSR1, on_signal);
    signal(SIGHUP, on_signal);
    sigset_t block, old, pending;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigaddset(&block, SIGKILL);
    sigaddset(&block, SIGSTOP);
    say_ret("block SIGUSR1+SIGKILL+SIGSTOP", sigprocmask(SIG_BLOCK, &block, &old));
    printf("old mask had SIGUSR1: %d\n", sigismember(&old, SIGUSR1));
    sigset_t current;
    sigprocmask(SIG_BLOCK, NULL, &current);
    printf("now blocked: USR1=%d KILL=%d STOP=%d HUP=%d\n", sigismember(&current, SIGUSR1),
           sigismember(&current, SIGKILL), sigismember(&current, SIGSTOP),
           sigismember(&current, SIGHUP));

    kill(getpid(), SIGUSR1);
    kill(getpid(), SIGUSR1);
    printf("handled while blocked: %d\n", (int)handled);
    sigpending(&pending);
    printf("pending USR1=%d HUP=%d\n", sigismember(&pending, SIGUSR1), sigismember(&pending, SIGHUP));

    kill(getpid(), SIGHUP);
    printf("unblocked SIGHUP delivered at once: %d\n", (int)handled);

    say_ret("unblock", sigprocmask(SIG_UNBLOCK, &block, NULL));
    printf("after unblock handled: %d (standard signals do not queue)\n", (int)handled);
    sigpending(&pending);
    printf("pending USR1 after delivery=%d\n", sigismember(&pending, SIGUSR1));

    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
    unsigned long raw_mask = 0;
    say_ret("raw rt_sigprocmask query", syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &raw_mask, 8));
    /* qemu-user keeps the two highest real-time signals for itself, so
     * only signals 1..62 are compared. */
    printf("raw mask after fill (KILL/STOP removed by kernel), signals 1-62: %016lx\n",
           raw_mask & 0x3fffffffffffffffUL);
    say_ret("raw rt_sigprocmask bad how", syscall(SYS_rt_sigprocmask, 99, &raw_mask, NULL, 8));
    say_ret("raw rt_sigprocmask bad size", syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, &raw_mask, 4));
    sigemptyset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);

    /* A real-time signal queues: two sends are two deliveries. */
    signal(SIGRTMIN + 2, on_signal);
    sigaddset(&all, SIGRTMIN + 2);
    sigprocmask(SIG_BLOCK, &all, NULL);
    handled = 0;
    kill(getpid(), SIGRTMIN + 2);
    kill(getpid(), SIGRTMIN + 2);
    sigprocmask(SIG_UNBLOCK, &all, NULL);
    printf("realtime signal sent twice, handler ran for value %d\n", (int)handled);
    return 0;
}
