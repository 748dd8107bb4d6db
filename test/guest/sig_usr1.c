/* kill(getpid(), SIGUSR1) and tgkill(pid, tid, SIGUSR2) with handlers:
 * delivery happens before kill returns, siginfo names the sender, a signal
 * sent from inside another handler runs nested, SA_RESETHAND restores the
 * default, SIG_IGN drops the signal, bad signals fail.
 * (qemu-riscv64 7.2 ignores sa_mask while a handler runs, unlike Linux, so
 * this test deliberately does not depend on sa_mask.) */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "guest_util.h"

static volatile sig_atomic_t usr1_count, usr2_count, usr2_code_tkill, usr1_code_user;
static volatile sig_atomic_t nested_seen_inside, order_log[8], order_len;

static void on_usr1(int sig, siginfo_t *info, void *ctx)
{
    (void)ctx;
    usr1_count++;
    usr1_code_user = info->si_code == SI_USER && info->si_pid == getpid() && sig == SIGUSR1;
    order_log[order_len++] = 1;
    kill(getpid(), SIGUSR2);
    nested_seen_inside = usr2_count;
    order_log[order_len++] = 2;
}

static void on_usr2(int sig, siginfo_t *info, void *ctx)
{
    (void)ctx;
    (void)sig;
    usr2_count++;
    if (info->si_code == SI_TKILL)
        usr2_code_tkill++;
    order_log[order_len++] = 3;
}

static void install(int sig, void (*fn)(int, siginfo_t *, void *), int extra_flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = fn;
    sa.sa_flags = SA_SIGINFO | extra_flags;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

int main(void)
{
    install(SIGUSR1, on_usr1, 0);
    install(SIGUSR2, on_usr2, 0);
    say_ret("kill(getpid(), SIGUSR1)", kill(getpid(), SIGUSR1));
    printf("usr1 handled %d times, si_code SI_USER from self: %s\n", (int)usr1_count,
           usr1_code_user ? "yes" : "no");
    printf("usr2 sent from usr1 handler ran nested: %s, count %d\n",
           nested_seen_inside ? "yes" : "no", (int)usr2_count);
    printf("order:");
    for (int i = 0; i < order_len; i++)
        printf(" %d", (int)order_log[i]);
    printf("\n");

    say_ret("tgkill SIGUSR2", syscall(SYS_tgkill, getpid(), gettid(), SIGUSR2));
    printf("usr2 count %d, tkill codes %d\n", (int)usr2_count, (int)usr2_code_tkill);
    say_ret("tgkill wrong tgid", syscall(SYS_tgkill, getpid() + 100000, gettid(), SIGUSR2));
    say_ret("kill bad signal", kill(getpid(), 12345));
    say_ret("kill signal 0 (probe)", kill(getpid(), 0));
    say_ret("sigaction on SIGKILL", sigaction(SIGKILL, &(struct sigaction){0}, NULL));

    install(SIGUSR1, on_usr1, SA_RESETHAND);
    kill(getpid(), SIGUSR1);
    struct sigaction now;
    sigaction(SIGUSR1, NULL, &now);
    printf("SA_RESETHAND restored SIG_DFL: %s (usr1 count %d)\n",
           now.sa_handler == SIG_DFL ? "yes" : "no", (int)usr1_count);

    signal(SIGUSR1, SIG_IGN);
    say_ret("kill with SIG_IGN", kill(getpid(), SIGUSR1));
    printf("ignored signal left count at %d\n", (int)usr1_count);
    say_ret("raw rt_sigaction query", syscall(SYS_rt_sigaction, SIGUSR1, NULL, &now, 8));
    return 0;
}
