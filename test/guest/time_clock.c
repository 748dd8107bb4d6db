/* Clocks and sleeping, checked only through relations that hold on any
 * run: monotonic time advances by at least the slept interval, realtime is
 * after 2020 and agrees with gettimeofday and time(), resolutions are sane,
 * and bad clock ids or sleep arguments fail. Both libc (which may use the
 * vDSO) and the raw system calls are exercised. */
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "guest_util.h"

static int64_t ns(const struct timespec *t) { return (int64_t)t->tv_sec * 1000000000 + t->tv_nsec; }

int main(void)
{
    struct timespec a, b, res;
    say_ret("clock_gettime MONOTONIC", clock_gettime(CLOCK_MONOTONIC, &a));
    say_ret("raw nanosleep 1ms", syscall(SYS_nanosleep, &(struct timespec){0, 1000000}, NULL));
    say_ret("raw clock_gettime MONOTONIC", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &b));
    say("monotonic advanced by >= 1ms", ns(&b) - ns(&a) >= 1000000);
    say("monotonic advanced by < 10s", ns(&b) - ns(&a) < 10000000000LL);

    clock_gettime(CLOCK_MONOTONIC, &a);
    say_ret("clock_nanosleep relative 2ms", clock_nanosleep(CLOCK_MONOTONIC, 0, &(struct timespec){0, 2000000}, NULL));
    clock_gettime(CLOCK_MONOTONIC, &b);
    say("slept >= 2ms", ns(&b) - ns(&a) >= 2000000);
    struct timespec target = b;
    target.tv_nsec += 1500000;
    if (target.tv_nsec >= 1000000000) {
        target.tv_sec++;
        target.tv_nsec -= 1000000000;
    }
    say_ret("clock_nanosleep TIMER_ABSTIME", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &target, NULL));
    clock_gettime(CLOCK_MONOTONIC, &a);
    say("woke at or after the absolute target", ns(&a) >= ns(&target));
    say_ret("clock_nanosleep in the past", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &(struct timespec){0, 0}, NULL));
    say_ret("libc nanosleep 1ms", nanosleep(&(struct timespec){0, 1000000}, NULL));
    say_ret("raw nanosleep bad nsec", syscall(SYS_nanosleep, &(struct timespec){0, 1000000000}, NULL));
    printf("clock_nanosleep bad clock returns EINVAL: %s\n",
           clock_nanosleep(12345, 0, &(struct timespec){0, 1}, NULL) == 22 ? "yes" : "no");

    struct timespec rt;
    struct timeval tv;
    say_ret("clock_gettime REALTIME", clock_gettime(CLOCK_REALTIME, &rt));
    say_ret("gettimeofday", gettimeofday(&tv, NULL));
    say("realtime after 2020-01-01", rt.tv_sec > 1577836800);
    say("gettimeofday within 5s of realtime", tv.tv_sec - rt.tv_sec < 5 && rt.tv_sec - tv.tv_sec < 5);
    say("tv_usec in range", tv.tv_usec >= 0 && tv.tv_usec < 1000000);
    say_ret("raw gettimeofday", syscall(SYS_gettimeofday, &tv, NULL));
    say("raw gettimeofday sane", tv.tv_sec > 1577836800);
    time_t now = time(NULL);
    say("time() within 5s of realtime", now - rt.tv_sec < 5 && rt.tv_sec - now < 5);

    say_ret("clock_getres MONOTONIC", clock_getres(CLOCK_MONOTONIC, &res));
    say("resolution <= 1ms", res.tv_sec == 0 && res.tv_nsec <= 1000000 && res.tv_nsec > 0);
    say_ret("clock_gettime PROCESS_CPUTIME", clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a));
    say("cpu time non-negative", a.tv_sec >= 0 && a.tv_nsec >= 0);
    say_ret("clock_gettime BOOTTIME", clock_gettime(CLOCK_BOOTTIME, &a));
    say_ret("clock_gettime bad clock", clock_gettime(12345, &a));
    say_ret("raw clock_gettime bad clock", syscall(SYS_clock_gettime, 12345, &a));

    struct tm tm;
    time_t fixed = 1700000000;
    gmtime_r(&fixed, &tm);
    char text[64];
    strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S %A", &tm);
    printf("gmtime(1700000000) = %s, yday %d\n", text, tm.tm_yday);
    printf("mktime round trip: %s\n", timegm(&tm) == fixed ? "yes" : "no");
    return 0;
}
