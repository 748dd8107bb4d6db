/* A guest for test/scripts/limits_test.sh (not in tests.list: some modes
 * never end by themselves):
 *   spin            loops forever
 *   spin-threads    two threads loop forever, main waits to join them
 *   block           waits forever in read(0)
 *   count N         runs a loop of N rounds, prints "counted N", exits 0
 *   memory          maps 16 MiB and 100 MiB, prints which succeed */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static volatile unsigned long sink;

static void *spin(void *arg)
{
    for (;;)
        sink += (unsigned long)arg + 1;
    return NULL;
}

static void try_map(const char *what, size_t bytes)
{
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        printf("mmap %s: %s\n", what, strerrorname_np(errno));
        return;
    }
    memset(p, 1, 4096);
    printf("mmap %s: ok\n", what);
    munmap(p, bytes);
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    if (strcmp(mode, "spin") == 0)
        spin(NULL);
    if (strcmp(mode, "spin-threads") == 0) {
        pthread_t a, b;
        pthread_create(&a, NULL, spin, (void *)1);
        pthread_create(&b, NULL, spin, (void *)2);
        pthread_join(a, NULL);
        pthread_join(b, NULL);
    }
    if (strcmp(mode, "block") == 0) {
        char c;
        return (int)read(0, &c, 1);
    }
    if (strcmp(mode, "count") == 0 && argc > 2) {
        long n = atol(argv[2]);
        for (long i = 0; i < n; i++)
            sink += (unsigned long)i;
        printf("counted %ld\n", n);
        return 0;
    }
    if (strcmp(mode, "memory") == 0) {
        try_map("16M", 16u << 20);
        try_map("100M", 100u << 20);
        void *grow = sbrk(0);
        printf("brk +100M: %s\n",
               sbrk(100 << 20) == (void *)-1 ? "ENOMEM" : "ok");
        (void)grow;
        return 0;
    }
    return 2;
}
