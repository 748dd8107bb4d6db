/* x86-64's legacy vsyscall page: gettimeofday, time and getcpu called at
 * their fixed addresses (0xffffffffff600000, +0x400, +0x800), as old
 * static programs do; Linux (vsyscall=xonly) emulates the calls. Prints
 * only derived facts (the times agree with time(), the cpu is a number). */
#include <stdio.h>
#include <sys/time.h>
#include <time.h>

typedef long (*gtod_fn)(struct timeval *, struct timezone *);
typedef long (*time_fn)(long *);
typedef long (*getcpu_fn)(unsigned *, unsigned *, void *);

static int close_to(long a, long b)
{
    return a - b < 3 && b - a < 3;
}

int main(void)
{
    long now = time(NULL);
    struct timeval tv = {0, -1};
    struct timezone tz;
    long r = ((gtod_fn)0xffffffffff600000ul)(&tv, &tz);
    printf("gettimeofday: %ld, close to time(): %s, usec in range: %s\n", r,
           close_to(tv.tv_sec, now) ? "yes" : "no",
           tv.tv_usec >= 0 && tv.tv_usec < 1000000 ? "yes" : "no");
    r = ((gtod_fn)0xffffffffff600000ul)(NULL, NULL);
    printf("gettimeofday(NULL, NULL): %ld\n", r);
    long t = 0;
    r = ((time_fn)0xffffffffff600400ul)(&t);
    printf("time: close %s, stored the same %s\n", close_to(r, now) ? "yes" : "no",
           r == t ? "yes" : "no");
    r = ((time_fn)0xffffffffff600400ul)(NULL);
    printf("time(NULL): close %s\n", close_to(r, now) ? "yes" : "no");
    unsigned cpu = ~0u, node = ~0u;
    r = ((getcpu_fn)0xffffffffff600800ul)(&cpu, &node, NULL);
    printf("getcpu: %ld, cpu set %s, node set %s\n", r, cpu != ~0u ? "yes" : "no",
           node != ~0u ? "yes" : "no");
    return 0;
}
