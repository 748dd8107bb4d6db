/* A null-pointer write with no handler: the process must die of SIGSEGV
 * (shell status 139), after output that was flushed before the fault. */
#include <stdio.h>

int main(void)
{
    volatile int *null_ptr = NULL;
    printf("writing through a null pointer\n");
    fflush(stdout);
    *null_ptr = 1;
    printf("still alive: this line must not appear\n");
    return 0;
}
