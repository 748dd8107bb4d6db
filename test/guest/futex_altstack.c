/* futex with no contention (wake returns 0 waiters, a wait whose value
 * does not match fails with EAGAIN, a matching wait times out), and the
 * alternate signal stack: query, install, a SA_ONSTACK handler running on
 * it (seen as SS_ONSTACK from inside), and invalid requests. */
#include <linux/futex.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "guest_util.h"

static long futex(uint32_t *word, int op, uint32_t val, const struct timespec *timeout)
{
    return syscall(SYS_futex, word, op, val, timeout, NULL, 0);
}

static void futexes(void)
{
    static uint32_t word = 5;
    say_ret("FUTEX_WAKE with no waiters", futex(&word, FUTEX_WAKE, 1, NULL));
    say_ret("FUTEX_WAKE_PRIVATE with no waiters", futex(&word, FUTEX_WAKE_PRIVATE, 10, NULL));
    say_ret("FUTEX_WAIT value mismatch", futex(&word, FUTEX_WAIT, 6, NULL));
    say_ret("FUTEX_WAIT_PRIVATE value mismatch", futex(&word, FUTEX_WAIT_PRIVATE, 0, NULL));
    struct timespec a, b, timeout = {0, 2000000};
    clock_gettime(CLOCK_MONOTONIC, &a);
    say_ret("FUTEX_WAIT matching value, 2ms timeout", futex(&word, FUTEX_WAIT_PRIVATE, 5, &timeout));
    clock_gettime(CLOCK_MONOTONIC, &b);
    int64_t waited = (b.tv_sec - a.tv_sec) * 1000000000LL + (b.tv_nsec - a.tv_nsec);
    say("waited >= 2ms", waited >= 2000000);
    say_ret("FUTEX_WAIT bad timeout", futex(&word, FUTEX_WAIT_PRIVATE, 5, &(struct timespec){0, -1}));
    say_ret("futex unknown op", futex(&word, 99, 0, NULL));
    say("word unchanged", word == 5);
}

static stack_t alt;
static volatile int handler_on_alt, handler_saw_onstack;

static void on_usr1(int sig)
{
    (void)sig;
    char local;
    uintptr_t p = (uintptr_t)&local, lo = (uintptr_t)alt.ss_sp;
    handler_on_alt = p >= lo && p < lo + alt.ss_size;
    stack_t now;
    sigaltstack(NULL, &now);
    handler_saw_onstack = (now.ss_flags & SS_ONSTACK) != 0;
}

static void alternate_stack(void)
{
    stack_t q;
    say_ret("sigaltstack query", sigaltstack(NULL, &q));
    say("initially disabled", (q.ss_flags & SS_DISABLE) != 0);
    alt.ss_size = 65536;
    alt.ss_sp = malloc(alt.ss_size);
    alt.ss_flags = 0;
    say_ret("sigaltstack install", sigaltstack(&alt, NULL));
    say_ret("sigaltstack query again", sigaltstack(NULL, &q));
    say("size and base reported back", q.ss_size == alt.ss_size && q.ss_sp == alt.ss_sp);
    printf("flags now %d\n", q.ss_flags);

    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_usr1;
    sa.sa_flags = SA_ONSTACK;
    sigaction(SIGUSR1, &sa, NULL);
    raise(SIGUSR1);
    say("SA_ONSTACK handler ran on the alternate stack", handler_on_alt);
    say("handler saw SS_ONSTACK", handler_saw_onstack);

    sa.sa_flags = 0;
    sigaction(SIGUSR1, &sa, NULL);
    handler_on_alt = 1;
    raise(SIGUSR1);
    say("handler without SA_ONSTACK used the normal stack", !handler_on_alt);

    stack_t tiny = {.ss_sp = alt.ss_sp, .ss_size = 512, .ss_flags = 0};
    say_ret("sigaltstack too small", sigaltstack(&tiny, NULL));
    stack_t badflags = {.ss_sp = alt.ss_sp, .ss_size = alt.ss_size, .ss_flags = 0x1234};
    say_ret("sigaltstack bad flags", sigaltstack(&badflags, NULL));
    stack_t off = {.ss_flags = SS_DISABLE};
    say_ret("sigaltstack disable", sigaltstack(&off, NULL));
    sigaltstack(NULL, &q);
    say("disabled again", (q.ss_flags & SS_DISABLE) != 0);
    free(alt.ss_sp);
}

int main(void)
{
    futexes();
    alternate_stack();
    return 0;
}
