/*
 * dev_clock.c — the host clock that platform timers count from.
 */
#include <time.h>

#include "dev.h"

uint64_t dev_clock_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
