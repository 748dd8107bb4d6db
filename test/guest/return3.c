/* Returning 3 from main: the status passes through __libc_start_main's
 * exit path, and a destructor function still runs. */
#include <stdio.h>

static void __attribute__((destructor)) on_unload(void)
{
    printf("destructor ran\n");
}

int main(void)
{
    printf("returning 3 from main\n");
    return 3;
}
