/* SIGFPE sent rather than trapped (RISC-V integer division never traps,
 * so a riscv64 program only meets SIGFPE this way): raise() gives SI_TKILL,
 * kill() SI_USER, sigqueue() SI_QUEUE with its value, each with this
 * process's pid and delivered before the call returns; blocked it stays
 * pending until unblocked; ignored it is dropped; a handler can leave by
 * siglongjmp with the mask restored; a forked child with the default action
 * dies by it; finally this process dies by it too (status 128+8). */
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest_util.h"

static volatile sig_atomic_t runs, last_code, last_value, from_self, was_fpe;
static sigjmp_buf escape;
static volatile sig_atomic_t jump_out;

static void on_fpe(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    runs++;
    was_fpe = sig == SIGFPE && si->si_signo == SIGFPE;
    last_code = si->si_code;
    from_self = si->si_pid == getpid();
    last_value = si->si_code == SI_QUEUE ? si->si_value.sival_int : -1;
    if (jump_out)
        siglongjmp(escape, 1);
}

static const char *code_name(int code)
{
    switch (code) {
    case SI_USER: return "SI_USER";
    case SI_TKILL: return "SI_TKILL";
    case SI_QUEUE: return "SI_QUEUE";
    default: return "other";
    }
}

static void report(const char *what, int r, int before)
{
    printf("%s: returned %d, handler ran %d time(s) before it returned, "
           "SIGFPE %s, %s, from this pid %s\n",
           what, r, runs - before, was_fpe ? "yes" : "no",
           code_name(last_code), from_self ? "yes" : "no");
}

static int is_pending(int sig)
{
    sigset_t p;
    sigpending(&p);
    return sigismember(&p, sig);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_fpe;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGFPE, &sa, NULL);

    int before = runs;
    report("raise(SIGFPE)", raise(SIGFPE), before);
    before = runs;
    report("kill(getpid(), SIGFPE)", kill(getpid(), SIGFPE), before);
    before = runs;
    int r = sigqueue(getpid(), SIGFPE, (union sigval){.sival_int = 1234});
    report("sigqueue(SIGFPE, 1234)", r, before);
    printf("  value received: %d\n", (int)last_value);

    sigset_t fpe, old;
    sigemptyset(&fpe);
    sigaddset(&fpe, SIGFPE);
    sigprocmask(SIG_BLOCK, &fpe, &old);
    before = runs;
    raise(SIGFPE);
    raise(SIGFPE); /* a standard signal is pending at most once */
    printf("blocked: ran %d time(s), pending %s\n", runs - before,
           is_pending(SIGFPE) ? "yes" : "no");
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("  unblocked: ran %d time(s), pending %s\n", runs - before,
           is_pending(SIGFPE) ? "yes" : "no");

    signal(SIGFPE, SIG_IGN);
    before = runs;
    printf("ignored: raise returned %d, handler ran %d time(s)\n",
           raise(SIGFPE), runs - before);
    sigaction(SIGFPE, &sa, NULL);

    jump_out = 1;
    if (sigsetjmp(escape, 1) == 0) {
        raise(SIGFPE);
        printf("siglongjmp out of the handler: no\n");
    } else {
        sigset_t now;
        sigprocmask(SIG_BLOCK, NULL, &now);
        say("siglongjmp out of the handler, SIGFPE unblocked again",
            !sigismember(&now, SIGFPE));
    }
    jump_out = 0;

    fflush(stdout);
    pid_t child = fork();
    if (child == 0) {
        signal(SIGFPE, SIG_DFL);
        raise(SIGFPE);
        _exit(1);
    }
    int status = 0;
    waitpid(child, &status, 0);
    say("child with the default action killed by SIGFPE",
        WIFSIGNALED(status) && WTERMSIG(status) == SIGFPE);

    printf("now dying by SIGFPE\n");
    fflush(stdout);
    signal(SIGFPE, SIG_DFL);
    raise(SIGFPE);
    printf("still alive\n");
    return 0;
}
