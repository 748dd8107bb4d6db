/*
 * gdb_guest.c — the program the gdb tests debug (built -g -O0 for each
 * guest). argv[1] picks what it does:
 *   basic    calls square() a few times, then writes `counter` (the
 *            watched global) and exits with status 7;
 *   threads  also runs a second thread through worker();
 *   segv     stores through a bad pointer (SIGSEGV);
 *   spin     loops until the debugger sets stop_spin (Ctrl-C tests).
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

volatile int counter;
volatile int stop_spin;
int results[4];

__attribute__((noinline)) int square(int x)
{
    int y = x * x;
    return y;
}

static void *worker(void *arg)
{
    int i = (int)(long)arg;
    results[i] = square(i + 2);
    return NULL;
}

static void crash(void)
{
    volatile int *p = (volatile int *)16;
    *p = 1;
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "basic";
    if (strcmp(mode, "segv") == 0)
        crash();
    if (strcmp(mode, "spin") == 0)
        while (!stop_spin)
            counter++;
    int total = 0;
    for (int i = 0; i < 3; i++)
        total += square(i);
    counter = total;
    if (strcmp(mode, "threads") == 0) {
        pthread_t th;
        pthread_create(&th, NULL, worker, (void *)1L);
        pthread_join(th, NULL);
    }
    printf("total %d results %d\n", total, results[1]);
    return 7;
}
