/* A static glibc program: its startup reaches FP/AdvSIMD code (memset's
 * dup), which the aarch64 lifter does not implement yet. */
#include <stdio.h>

int main(int argc, char **argv)
{
    printf("hello %s\n", argc > 1 ? argv[1] : "glibc");
    return 0;
}
