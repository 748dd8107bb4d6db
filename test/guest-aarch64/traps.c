/* traps: an undefined instruction (udf) dies of SIGILL, brk of SIGTRAP,
 * a store to an unmapped page of SIGSEGV; which one by argv[1]. */
#include "nolibc.h"

int main(int argc, char **argv)
{
    put_str("before the trap\n");
    if (argc > 1 && argv[1][0] == 'b')
        __asm__ volatile("brk #0x7");
    else if (argc > 1 && argv[1][0] == 's')
        __asm__ volatile("mov x1, #0x18\n str x1, [x1]" ::: "x1", "memory");
    else
        __asm__ volatile("udf #0x42");
    put_str("not reached\n");
    return 0;
}
