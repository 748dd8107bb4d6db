/* raise(SIGTERM) with a handler installed by sigaction: the handler runs
 * synchronously inside raise (via tgkill), prints, and exits with a status
 * derived from the signal number. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void on_term(int sig, siginfo_t *info, void *context)
{
    (void)context;
    printf("handler: signal %d (%s), si_signo matches %s, sent by self %s\n", sig, strsignal(sig),
           info->si_signo == sig ? "yes" : "no", info->si_pid == getpid() ? "yes" : "no");
    printf("handler: si_code is SI_TKILL %s\n", info->si_code == SI_TKILL ? "yes" : "no");
    exit(100 + sig);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_term;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    printf("sigaction returns %d\n", sigaction(SIGTERM, &sa, NULL));
    struct sigaction old;
    sigaction(SIGTERM, NULL, &old);
    printf("handler installed: %s, SA_SIGINFO kept: %s\n", old.sa_sigaction == on_term ? "yes" : "no",
           (old.sa_flags & SA_SIGINFO) ? "yes" : "no");
    printf("raising SIGTERM\n");
    raise(SIGTERM);
    printf("not reached\n");
    return 1;
}
