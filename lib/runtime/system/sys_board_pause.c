/*
 * sys_board_pause.c — stopping every hart of a threaded board at a block
 * boundary (the monitor's stop and savevm): the requester raises
 * pause_request and waits until each hart thread has parked in
 * sys_board_park, where it waits until the request is withdrawn or the
 * board powers off. A hart looks at the request between blocks (with its
 * timer poll) and in wfi, so a parked board has every hart's state in
 * memory and no hart inside a device.
 */
#include "sys_board.h"
#include "sys_wait.h"

#define PARK_WAKE_MS 50 /* a parked hart looks at poweroff this often */

int sys_board_pause_init(struct sys_board *b)
{
    return sys_wait_init(&b->pause_lock, &b->pause_cv);
}

void sys_board_pause_free(struct sys_board *b)
{
    sys_wait_free(&b->pause_lock, &b->pause_cv);
}

void sys_board_pause(struct sys_board *b, bool pause)
{
    if (!b->threaded)
        return; /* one hart: its loop is the one calling the monitor */
    pthread_mutex_lock(&b->pause_lock);
    __atomic_store_n(&b->pause_request, pause, __ATOMIC_RELEASE);
    if (pause) {
        while (b->parked < b->harts && !dev_power_stopped(&b->power)) {
            struct timespec t = sys_wait_after_ns(PARK_WAKE_MS * 1000000ull);
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
        struct timespec t = sys_wait_after_ns(PARK_WAKE_MS * 1000000ull);
        pthread_cond_timedwait(&b->pause_cv, &b->pause_lock, &t);
    }
    b->parked--;
    pthread_mutex_unlock(&b->pause_lock);
}
