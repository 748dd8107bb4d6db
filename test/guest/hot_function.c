/* A program whose time goes to one named function, for vm-run --profile's
 * tests (test/scripts/profile_test.sh): hot_loop runs N rounds (argv[1],
 * default 2000000) of integer mixing on each of T threads (argv[2],
 * default 1); setup and cold_tail take a tiny share. Prints a checksum
 * that is the same on every run. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static long rounds = 2000000;

static __attribute__((noinline)) uint64_t hot_loop(uint64_t seed)
{
    uint64_t x = seed;
    for (long i = 0; i < rounds; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x += (uint64_t)i * 0x9e3779b97f4a7c15ull;
    }
    return x;
}

static __attribute__((noinline)) uint64_t cold_tail(uint64_t x)
{
    return x % 1000003u;
}

static void *worker(void *arg)
{
    uint64_t *io = arg;
    *io = hot_loop(*io);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        rounds = atol(argv[1]);
    int threads = argc > 2 ? atoi(argv[2]) : 1;
    if (threads < 1 || threads > 64)
        threads = 1;
    pthread_t tid[64];
    uint64_t val[64];
    for (int i = 0; i < threads; i++) {
        val[i] = 88172645463325252ull + (uint64_t)i;
        if (i > 0 && pthread_create(&tid[i], NULL, worker, &val[i])) {
            perror("pthread_create");
            return 1;
        }
    }
    worker(&val[0]);
    uint64_t sum = 0;
    for (int i = 0; i < threads; i++) {
        if (i > 0)
            pthread_join(tid[i], NULL);
        sum += cold_tail(val[i]);
    }
    printf("hot_function: %d thread(s), checksum %llu\n", threads,
           (unsigned long long)sum);
    return 0;
}
