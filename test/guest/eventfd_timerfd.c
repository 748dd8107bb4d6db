/* eventfd counters (plain and semaphore, EAGAIN, overflow) and timerfd
 * (one-shot and periodic expirations, gettime, settime's old value,
 * absolute time, errors). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "guest_util.h"

static long rd(int fd, uint64_t *v)
{
    return read(fd, v, sizeof(*v));
}

static void check_eventfd(void)
{
    int fd = eventfd(5, EFD_NONBLOCK | EFD_CLOEXEC);
    say("eventfd", fd >= 0);
    say("  non-blocking", (fcntl(fd, F_GETFL) & O_NONBLOCK) != 0);
    uint64_t v = 3;
    say_ret("write 3", write(fd, &v, 8));
    v = 0;
    say_ret("read", rd(fd, &v));
    printf("  counter %llu\n", (unsigned long long)v);
    say_ret("read when zero", rd(fd, &v));
    v = UINT64_MAX;
    say_ret("write 2^64-1", write(fd, &v, 8));
    say_ret("write with a short buffer", write(fd, &v, 4));
    struct pollfd p = {fd, POLLIN | POLLOUT, 0};
    say_ret("poll zero counter", poll(&p, 1, 0));
    printf("  revents %#x\n", p.revents);
    close(fd);

    fd = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK);
    int reads = 0;
    while (rd(fd, &v) == 8 && v == 1)
        reads++;
    printf("semaphore eventfd of 3 gives %d reads of 1, then %s\n", reads,
           strerrorname_np(errno));
    close(fd);
    say_ret("eventfd bad flags", eventfd(0, 0x4000000));
}

static void check_timerfd(void)
{
    int fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
    say("timerfd_create", fd >= 0);
    struct itimerspec cur;
    say_ret("gettime unarmed", timerfd_gettime(fd, &cur));
    say("  disarmed", cur.it_value.tv_sec == 0 && cur.it_value.tv_nsec == 0);
    /* Long enough that a loaded machine (or vm-run holding system calls
     * while it loads LLVM) does not let it expire before the gettime. */
    struct itimerspec one = {{0, 0}, {0, 250000000}};
    say_ret("settime 250 ms one-shot", timerfd_settime(fd, 0, &one, NULL));
    timerfd_gettime(fd, &cur);
    say("  remaining in (0, 250 ms]", cur.it_value.tv_sec == 0 &&
                                          cur.it_value.tv_nsec > 0 &&
                                          cur.it_value.tv_nsec <= 250000000);
    uint64_t n = 0;
    say_ret("blocking read", rd(fd, &n));
    printf("  expirations %llu\n", (unsigned long long)n);
    struct itimerspec per = {{0, 2000000}, {0, 2000000}}, old;
    say_ret("settime periodic 2 ms", timerfd_settime(fd, 0, &per, &old));
    say("  old value disarmed",
        old.it_value.tv_sec == 0 && old.it_value.tv_nsec == 0);
    struct timespec sl = {0, 11000000};
    nanosleep(&sl, NULL);
    rd(fd, &n);
    say("  several expirations after 11 ms", n >= 4);
    struct itimerspec off = {{0, 0}, {0, 0}};
    say_ret("disarm, getting the old value",
            timerfd_settime(fd, 0, &off, &old));
    say("  old interval 2 ms",
        old.it_interval.tv_sec == 0 && old.it_interval.tv_nsec == 2000000);
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    struct itimerspec abs = {{0, 0}, now};
    say_ret("absolute time in the past",
            timerfd_settime(fd, TFD_TIMER_ABSTIME, &abs, NULL));
    say_ret("fires at once", rd(fd, &n));
    struct itimerspec bad = {{0, 0}, {0, 1000000000}};
    say_ret("settime bad nsec", timerfd_settime(fd, 0, &bad, NULL));
    say_ret("settime bad pointer", timerfd_settime(fd, 0, (void *)8, NULL));
    close(fd);
    say_ret("timerfd_create bad clock", timerfd_create(12345, 0));
    fd = timerfd_create(CLOCK_REALTIME, TFD_NONBLOCK);
    say_ret("non-blocking read of an unarmed timer", rd(fd, &n));
    close(fd);
}

int main(void)
{
    check_eventfd();
    check_timerfd();
    return 0;
}
