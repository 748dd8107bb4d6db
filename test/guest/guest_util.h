/* Small helpers shared by the C guest programs: every check prints a
 * derived fact ("label: yes") rather than a raw value that could differ
 * between runs (addresses, pids, times). */
#ifndef GUEST_UTIL_H
#define GUEST_UTIL_H

#include <errno.h>
#include <stdio.h>
#include <string.h>

static inline void say(const char *what, int ok)
{
    printf("%s: %s\n", what, ok ? "yes" : "no");
}

/* Prints a syscall-style result: the value, or -1 and the errno's name. */
static inline void say_ret(const char *what, long ret)
{
    if (ret < 0) {
        const char *name = strerrorname_np(errno);
        printf("%s: -1 %s\n", what, name ? name : "?");
    } else {
        printf("%s: %ld\n", what, ret);
    }
}

#endif
