/*
 * sys_board_pause.c — stopping every hart of a threaded board at a block
 * boundary (the monitor's stop and savevm): the requester raises
 * pause_request and waits until each hart thread has parked in
 * sys_board_park, where it waits until the request is withdrawn or the
 * board powers off. A hart looks at the request between blocks (with its
 * timer poll) and in wfi, so a parked board has every hart's state in
 * memory and no hart inside a device.
 */
#include <time.h>

#include "sys_board.h"

#define PARK_WAKE_MS 50 /* a parked hart looks at poweroff this often */

static struct timespec after_ms(unsigned ms)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    t.tv_nsec += (long)ms * 1000000;
    t.tv_sec += t.tv_nsec / 1000000000;
    t.tv_nsec %= 1000000000;
    return t;
}

int sys_board_pause_init(struct sys_board *b)
{
    pthread_condattr_t a;
    if (pthread_condattr_init(&a) ||
        pthread_condattr_setclock(&a, CLOCK_MONOTONIC) ||
        pthread_cond_init(&b->pause_cv, &a) ||
        pthread_mutex_init(&b->pause_lock, NULL))
        return -1;
    pthread_condattr_destroy(&a);
    return 0;
}

void sys_board_pause_free(struct sys_board *b)
{
    pthread_cond_destroy(&b->pause_cv);
    pthread_mutex_destroy(&b->pause_lock);
}

void sys_board_pause(struct sys_board *b, bool pause)
{
    if (!b->threaded)
        return; /* one hart: its loop is the one calling the monitor */
    pthread_mutex_lock(&b->pause_lock);
    __atomic_store_n(&b->pause_request, pause, __ATOMIC_RELEASE);
    if (pause) {
        while (b->parked < b->harts && !dev_power_stopped(&b->power)) {
            struct timespec t = after_ms(PARK_WAKE_MS);
            pthread_cond_timedwait(&b->pause_cv, &b->pause_lock, &t);
        }
    } else {
        pthread_cond_broadcast(&b->pause_cv);
    }
    pthread_mutex_unlock(&b->pause_lock);
}

void sys_board_park(struct sys_board *b)
{
    pthread_mutex_lock(&b->pause_lock);
    b->parked++;
    pthread_cond_broadcast(&b->pause_cv); /* the requester counts us */
    while (__atomic_load_n(&b->pause_request, __ATOMIC_ACQUIRE) &&
           !dev_power_stopped(&b->power)) {
        struct timespec t = after_ms(PARK_WAKE_MS);
        pthread_cond_timedwait(&b->pause_cv, &b->pause_lock, &t);
    }
    b->parked--;
    pthread_mutex_unlock(&b->pause_lock);
}
