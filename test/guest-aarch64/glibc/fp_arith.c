/* A static glibc program with FP arithmetic, which the aarch64 lifter
 * does not implement yet: it must die of SIGILL at that instruction. */
#include <stdio.h>

int main(int argc, char **argv)
{
    (void)argv;
    volatile double x = argc;
    printf("%d\n", (int)(x * 2.5));
    return 0;
}
