/*
 * thread_race.c — threads racing the process's memory map and its exit.
 *
 * Part 1: four threads map and unmap executable and data pages in a loop
 * (as glibc's malloc arenas and JITs do) while four others compute, call
 * functions and malloc/free: the map stays consistent (every mapping
 * reads back its pattern) and every worker's checksum is exact.
 * Part 2: ten detached threads sleep i*100 us then free their calloc'd
 * argument while main returns after a short sleep, without joining: the
 * process exits cleanly with status 0, whatever the threads were doing.
 * test/scripts/thread_race_test.sh runs it many times in every mode.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define ROUNDS 300

static __attribute__((noinline)) uint64_t mix(uint64_t x, uint64_t i)
{
    return (x ^ i) * 0x9e3779b97f4a7c15ull + (x >> 29);
}

static void *mapper(void *arg)
{
    long bad = 0;
    unsigned seed = (unsigned)(uintptr_t)arg;
    for (int r = 0; r < ROUNDS; r++) {
        size_t len = (size_t)(1 + (rand_r(&seed) % 16)) * 4096;
        int prot = (r & 1) ? PROT_READ | PROT_WRITE | PROT_EXEC
                           : PROT_READ | PROT_WRITE;
        unsigned char *p = mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS,
                                -1, 0);
        if (p == MAP_FAILED) {
            bad++;
            continue;
        }
        memset(p, r & 0xff, len);
        for (size_t o = 0; o < len; o += 4096)
            bad += p[o] != (r & 0xff);
        if (mprotect(p, len, PROT_READ) != 0)
            bad++;
        if (munmap(p, len) != 0)
            bad++;
    }
    return (void *)bad;
}

static void *computer(void *arg)
{
    uint64_t x = (uint64_t)(uintptr_t)arg;
    for (int r = 0; r < ROUNDS * 20; r++) {
        x = mix(x, (uint64_t)r);
        char *m = malloc(64 + (x & 1023));
        if (!m)
            return (void *)UINTPTR_MAX;
        m[0] = (char)x;
        x += (unsigned char)m[0];
        free(m);
    }
    return (void *)(uintptr_t)x;
}

static uint64_t expected(uint64_t x)
{
    for (int r = 0; r < ROUNDS * 20; r++) {
        x = mix(x, (uint64_t)r);
        x += (unsigned char)(char)x;
    }
    return x;
}

static void *sleeper(void *arg)
{
    int *p = arg;
    usleep((useconds_t)*p * 100);
    free(p);
    return NULL;
}

int main(void)
{
    pthread_t t[8];
    for (int i = 0; i < 4; i++) {
        pthread_create(&t[i], NULL, mapper, (void *)(uintptr_t)(i + 1));
        pthread_create(&t[4 + i], NULL, computer, (void *)(uintptr_t)(i * 7));
    }
    long bad = 0;
    int sums_ok = 1;
    for (int i = 0; i < 4; i++) {
        void *v;
        pthread_join(t[i], &v);
        bad += (long)v;
        pthread_join(t[4 + i], &v);
        sums_ok &= (uint64_t)(uintptr_t)v == expected((uint64_t)i * 7);
    }
    printf("mappers: %ld failures\n", bad);
    printf("computers: checksums %s\n", sums_ok ? "exact" : "WRONG");
    for (int i = 0; i < 10; i++) {
        int *a = calloc(1, sizeof(*a));
        *a = i;
        pthread_t d;
        if (pthread_create(&d, NULL, sleeper, a) != 0)
            return 2;
        pthread_detach(d);
    }
    usleep(300);
    puts("main returns");
    fflush(stdout);
    return 0;
}
