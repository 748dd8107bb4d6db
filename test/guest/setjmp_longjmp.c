/* Non-local jumps: setjmp's two returns, longjmp(env, 0) delivering 1,
 * unwinding out of deep recursion, volatile locals surviving, nested jump
 * buffers, and sigsetjmp/siglongjmp restoring the signal mask. */
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>

static jmp_buf outer, inner;
static int depth_reached;

static void recurse(int depth)
{
    volatile char pad[64];
    pad[depth % 64] = (char)depth;
    depth_reached = depth + pad[depth % 64] - (char)depth;
    if (depth == 500)
        longjmp(outer, depth);
    if (depth < 500)
        recurse(depth + 1);
}

static void jump_inner_then_outer(void)
{
    int r = setjmp(inner);
    if (r == 0) {
        printf("inner set\n");
        longjmp(inner, 7);
    }
    printf("inner returned %d, now jumping outer\n", r);
    longjmp(outer, 0);
}

static int blocked(int sig)
{
    sigset_t now;
    sigprocmask(SIG_BLOCK, NULL, &now);
    return sigismember(&now, sig);
}

int main(void)
{
    volatile int counter = 0;
    int r = setjmp(outer);
    counter++;
    printf("setjmp returned %d (pass %d)\n", r, counter);
    if (r == 0)
        recurse(0);
    if (r == 500) {
        printf("unwound from depth %d\n", depth_reached);
        jump_inner_then_outer();
    }
    printf("longjmp(env, 0) arrived as %d\n", r);

    sigjmp_buf with_mask;
    sigset_t usr1;
    sigemptyset(&usr1);
    sigaddset(&usr1, SIGUSR1);
    volatile int phase = 0;
    if (sigsetjmp(with_mask, 1) == 0) {
        phase = 1;
        sigprocmask(SIG_BLOCK, &usr1, NULL);
        printf("blocked before siglongjmp: %d\n", blocked(SIGUSR1));
        siglongjmp(with_mask, 1);
    }
    printf("phase %d, blocked after siglongjmp(savemask=1): %d\n", phase, blocked(SIGUSR1));

    if (sigsetjmp(with_mask, 0) == 0) {
        sigprocmask(SIG_BLOCK, &usr1, NULL);
        siglongjmp(with_mask, 1);
    }
    printf("blocked after siglongjmp(savemask=0): %d\n", blocked(SIGUSR1));
    return 0;
}
