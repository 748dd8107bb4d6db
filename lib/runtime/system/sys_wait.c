/*
 * sys_wait.c — monotonic timed waits (sys_wait.h).
 */
#include "sys_wait.h"

#define NS_PER_SEC 1000000000ull

int sys_wait_init(pthread_mutex_t *lock, pthread_cond_t *cond)
{
    pthread_condattr_t a;
    if (pthread_condattr_init(&a))
        return -1;
    int bad = pthread_condattr_setclock(&a, CLOCK_MONOTONIC) ||
              pthread_cond_init(cond, &a);
    pthread_condattr_destroy(&a);
    if (bad)
        return -1;
    if (pthread_mutex_init(lock, NULL)) {
        pthread_cond_destroy(cond);
        return -1;
    }
    return 0;
}

void sys_wait_free(pthread_mutex_t *lock, pthread_cond_t *cond)
{
    pthread_cond_destroy(cond);
    pthread_mutex_destroy(lock);
}

struct timespec sys_wait_after_ns(uint64_t ns)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    uint64_t nsec = (uint64_t)t.tv_nsec + ns % NS_PER_SEC;
    t.tv_sec += (time_t)(ns / NS_PER_SEC + nsec / NS_PER_SEC);
    t.tv_nsec = (long)(nsec % NS_PER_SEC);
    return t;
}
