/* Nested signal handlers and the masks around them: a handler's own signal
 * is blocked inside it (re-raised, it stays pending and runs once the
 * handler returns), SA_NODEFER lets it re-enter, three handlers nest with
 * each one's signal added to the mask, a signal the interrupted code
 * blocked stays blocked through a handler, and every rt_sigreturn restores
 * the interrupted mask: after a handler changed its mask with sigprocmask,
 * after it edited uc_sigmask (which Linux then installs), and when an inner
 * handler siglongjmps out of two. Two SA_ONSTACK handlers nest on one
 * alternate stack. With the argument "linux", also sa_mask blocking
 * inside a handler, which qemu-riscv64 7.2 does not do (only the native
 * comparison passes it; see README.md). */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

#include "guest_util.h"

static volatile sig_atomic_t depth, max_depth, runs, trace[16], trace_len;
static volatile sig_atomic_t pending_inside, blocked_inside[4];

static void note(int event)
{
    if (trace_len < 16)
        trace[trace_len++] = event;
}

static void print_trace(const char *what)
{
    printf("%s:", what);
    for (int i = 0; i < trace_len; i++)
        printf(" %d", (int)trace[i]);
    printf("\n");
    trace_len = 0;
}

static void install(int sig, void (*fn)(int, siginfo_t *, void *), int flags,
                    const sigset_t *mask)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = fn;
    sa.sa_flags = SA_SIGINFO | flags;
    if (mask)
        sa.sa_mask = *mask;
    else
        sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

static int is_blocked(int sig)
{
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    return sigismember(&now, sig);
}

/* Signals 1..31 blocked now, as a bit set (qemu reserves some real-time
 * signals, so only the standard ones are compared). */
static unsigned long standard_mask(void)
{
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    unsigned long bits = 0;
    for (int s = 1; s < 32; s++)
        if (sigismember(&now, s))
            bits |= 1ul << s;
    return bits;
}

/* Re-raises its own signal once per run, up to three levels deep. */
static void on_reraise(int sig, siginfo_t *si, void *uc)
{
    (void)si;
    (void)uc;
    runs++;
    depth++;
    if (depth > max_depth)
        max_depth = depth;
    note(10 + depth);
    if (runs < 3) {
        raise(sig);
        sigset_t pend;
        sigpending(&pend);
        if (sigismember(&pend, sig))
            pending_inside++;
    }
    note(20 + depth);
    depth--;
}

static void reentry(int flags, const char *what)
{
    depth = max_depth = runs = pending_inside = 0;
    install(SIGUSR1, on_reraise, flags, NULL);
    raise(SIGUSR1);
    printf("%s: %d runs, deepest nesting %d, pending inside the handler %d "
           "times\n",
           what, (int)runs, (int)max_depth, (int)pending_inside);
    print_trace("  enter 1x/leave 2x by depth");
    say("  SIGUSR1 unblocked again", !is_blocked(SIGUSR1));
}

/* SIGUSR1 -> SIGUSR2 -> SIGHUP, each raised inside the previous handler. */
static void on_level(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    int level = sig == SIGUSR1 ? 0 : sig == SIGUSR2 ? 1 : 2;
    note(level + 1);
    if (si->si_signo != sig || si->si_code != SI_TKILL)
        note(99);
    blocked_inside[level] = is_blocked(SIGUSR1) + 2 * is_blocked(SIGUSR2) +
                            4 * is_blocked(SIGHUP);
    if (level < 2)
        raise(level == 0 ? SIGUSR2 : SIGHUP);
    note(-(level + 1));
}

static void three_levels(void)
{
    install(SIGUSR1, on_level, 0, NULL);
    install(SIGUSR2, on_level, 0, NULL);
    install(SIGHUP, on_level, 0, NULL);
    unsigned long before = standard_mask();
    raise(SIGUSR1);
    print_trace("three nested handlers, order");
    printf("  blocked inside (USR1=1 USR2=2 HUP=4): %d %d %d\n",
           (int)blocked_inside[0], (int)blocked_inside[1],
           (int)blocked_inside[2]);
    say("  mask after the outermost returns is the one before",
        standard_mask() == before);
}

/* A signal the interrupted code blocks stays blocked inside a handler. */
static volatile sig_atomic_t usr2_runs;
static void on_count_usr2(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)si;
    (void)uc;
    usr2_runs++;
}

static void on_check_usr2(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)si;
    (void)uc;
    blocked_inside[0] = is_blocked(SIGUSR2);
    pending_inside = usr2_runs;
}

static void blocked_by_interrupted_code(void)
{
    install(SIGUSR1, on_check_usr2, 0, NULL);
    install(SIGUSR2, on_count_usr2, 0, NULL);
    sigset_t usr2, old;
    sigemptyset(&usr2);
    sigaddset(&usr2, SIGUSR2);
    usr2_runs = 0;
    sigprocmask(SIG_BLOCK, &usr2, &old);
    raise(SIGUSR2);
    raise(SIGUSR1);
    printf("blocked SIGUSR2 during a SIGUSR1 handler: blocked %s, ran %d "
           "times inside\n",
           blocked_inside[0] ? "yes" : "no", (int)pending_inside);
    sigprocmask(SIG_SETMASK, &old, NULL);
    printf("  ran %d time(s) once unblocked\n", (int)usr2_runs);
}

/* The handler blocks SIGINT itself; rt_sigreturn undoes that. */
static void on_block_int(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)si;
    (void)uc;
    sigset_t s;
    sigemptyset(&s);
    sigaddset(&s, SIGINT);
    sigprocmask(SIG_BLOCK, &s, NULL);
    blocked_inside[0] = is_blocked(SIGINT);
}

/* The handler edits the saved mask; rt_sigreturn installs the edit. */
static void on_edit_ucontext(int sig, siginfo_t *si, void *ctx)
{
    (void)sig;
    (void)si;
    ucontext_t *uc = ctx;
    sigaddset(&uc->uc_sigmask, SIGWINCH);
    sigdelset(&uc->uc_sigmask, SIGCHLD);
}

static void sigreturn_masks(void)
{
    install(SIGUSR1, on_block_int, 0, NULL);
    unsigned long before = standard_mask();
    raise(SIGUSR1);
    printf("handler blocked SIGINT: inside %s, after return %s; mask as "
           "before: %s\n",
           blocked_inside[0] ? "yes" : "no", is_blocked(SIGINT) ? "yes" : "no",
           standard_mask() == before ? "yes" : "no");

    sigset_t chld, old;
    sigemptyset(&chld);
    sigaddset(&chld, SIGCHLD);
    sigprocmask(SIG_BLOCK, &chld, &old);
    install(SIGUSR1, on_edit_ucontext, 0, NULL);
    raise(SIGUSR1);
    printf("uc_sigmask edited in the handler: SIGWINCH blocked %s, SIGCHLD "
           "blocked %s, SIGUSR1 blocked %s\n",
           is_blocked(SIGWINCH) ? "yes" : "no",
           is_blocked(SIGCHLD) ? "yes" : "no",
           is_blocked(SIGUSR1) ? "yes" : "no");
    sigprocmask(SIG_SETMASK, &old, NULL);
}

/* The innermost of two handlers jumps back to main. */
static sigjmp_buf back;
static void on_jump_inner(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)si;
    (void)uc;
    note(2);
    siglongjmp(back, 1);
}

static void on_jump_outer(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)si;
    (void)uc;
    note(1);
    raise(SIGUSR2);
    note(98); /* never reached */
}

static void longjmp_from_nested(void)
{
    install(SIGUSR1, on_jump_outer, 0, NULL);
    install(SIGUSR2, on_jump_inner, 0, NULL);
    unsigned long before = standard_mask();
    if (sigsetjmp(back, 1) == 0)
        raise(SIGUSR1);
    print_trace("siglongjmp out of two nested handlers, order");
    say("  mask restored by siglongjmp", standard_mask() == before);
    say("  SIGUSR1 and SIGUSR2 deliverable again",
        !is_blocked(SIGUSR1) && !is_blocked(SIGUSR2));
    install(SIGUSR1, on_count_usr2, 0, NULL);
    usr2_runs = 0;
    raise(SIGUSR1);
    say("  a handler runs after the jump", usr2_runs == 1);
}

/* Both handlers run on the alternate stack, the inner one below the
 * outer one's frame. */
static uintptr_t alt_lo, alt_hi, outer_local, inner_local;
static void on_alt_inner(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)si;
    (void)uc;
    volatile int here = 0;
    inner_local = (uintptr_t)&here;
}

static void on_alt_outer(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)si;
    (void)uc;
    volatile int here = 0;
    outer_local = (uintptr_t)&here;
    raise(SIGUSR2);
}

static void nested_on_altstack(void)
{
    stack_t ss = {.ss_size = 64 * 1024, .ss_flags = 0};
    ss.ss_sp = malloc(ss.ss_size);
    sigaltstack(&ss, NULL);
    alt_lo = (uintptr_t)ss.ss_sp;
    alt_hi = alt_lo + ss.ss_size;
    install(SIGUSR1, on_alt_outer, SA_ONSTACK, NULL);
    install(SIGUSR2, on_alt_inner, SA_ONSTACK, NULL);
    raise(SIGUSR1);
    say("nested SA_ONSTACK handlers: outer on the alternate stack",
        outer_local >= alt_lo && outer_local < alt_hi);
    say("  inner on it too, below the outer frame",
        inner_local >= alt_lo && inner_local < outer_local);
    stack_t off = {.ss_flags = SS_DISABLE};
    sigaltstack(&off, NULL);
    free(ss.ss_sp);
}

/* sa_mask (native comparison only): SIGUSR2 is in SIGUSR1's sa_mask, so
 * it is blocked inside and raised there it waits for the return. */
static void on_samask(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)si;
    (void)uc;
    blocked_inside[0] = is_blocked(SIGUSR2);
    raise(SIGUSR2);
    pending_inside = usr2_runs;
}

static void sa_mask_applied(void)
{
    sigset_t usr2;
    sigemptyset(&usr2);
    sigaddset(&usr2, SIGUSR2);
    install(SIGUSR1, on_samask, 0, &usr2);
    install(SIGUSR2, on_count_usr2, 0, NULL);
    usr2_runs = 0;
    raise(SIGUSR1);
    printf("sa_mask: SIGUSR2 blocked inside %s, ran %d times inside, %d "
           "after\n",
           blocked_inside[0] ? "yes" : "no", (int)pending_inside,
           (int)usr2_runs);
    say("  SIGUSR2 unblocked after the return", !is_blocked(SIGUSR2));
}

int main(int argc, char **argv)
{
    reentry(0, "own signal re-raised, default flags");
    reentry(SA_NODEFER, "own signal re-raised, SA_NODEFER");
    three_levels();
    blocked_by_interrupted_code();
    sigreturn_masks();
    longjmp_from_nested();
    nested_on_altstack();
    if (argc > 1 && strcmp(argv[1], "linux") == 0)
        sa_mask_applied();
    return 0;
}
