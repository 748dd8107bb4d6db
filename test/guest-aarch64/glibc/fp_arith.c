/* A static glibc program with AdvSIMD floating-point arithmetic (a vector
 * fmul), which the aarch64 lifter does not implement yet: it must die of
 * SIGILL at that instruction (or at an earlier unimplemented one in
 * glibc's startup). */
#include <stdio.h>

int main(int argc, char **argv)
{
    (void)argv;
    double v[2] = {argc, 2.5};
    __asm__ volatile("ld1 {v0.2d}, [%0]\n"
                     "fmul v0.2d, v0.2d, v0.2d\n"
                     "st1 {v0.2d}, [%0]"
                     :
                     : "r"(v)
                     : "v0", "memory");
    printf("%d\n", (int)v[0]);
    return 0;
}
