/* abort(): glibc raises SIGABRT via tgkill; the process must die of it
 * (shell status 134). Buffered stdout is not flushed by abort. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    printf("calling abort\n");
    fflush(stdout);
    fputs("stderr before abort\n", stderr);
    printf("unflushed text lost by abort\n");
    abort();
}
