/* Start-up probe: the smallest C program worth timing, built static and dynamic. */
#include <stdio.h>

int main(void)
{
    puts("hello");
    return 0;
}
