/* exit(42) after registering atexit handlers: checks the exit status and
 * that handlers run in reverse order and stdio is flushed at exit. */
#include <stdio.h>
#include <stdlib.h>

static void first_registered(void) { printf("atexit: first registered, runs last\n"); }
static void second_registered(void) { printf("atexit: second registered, runs first\n"); }

int main(void)
{
    atexit(first_registered);
    atexit(second_registered);
    printf("about to exit with 42 (buffered, flushed by exit)");
    exit(42);
}
