/*
 * log.c — the -d items, -dfilter ranges and the log file (log.h).
 */
#define _GNU_SOURCE
#include "log.h"
#include "linux_init.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

unsigned rt_log_mask;

static const struct {
    const char *name, *help;
} items[] = {
#define RT_LOG_ROW(name, help) {#name, help},
    RT_LOG_ITEMS(RT_LOG_ROW)
#undef RT_LOG_ROW
};

static struct {
    pthread_mutex_t lock;
    int fd;
    struct rt_log_range *ranges; /* -dfilter, or NULL */
    size_t n_ranges;
} logger = {PTHREAD_MUTEX_INITIALIZER, -1, NULL, 0};

static int item_of(const char *name, size_t len)
{
    for (int i = 0; i < RT_LOG_NUM_ITEMS; i++)
        if (strlen(items[i].name) == len && !strncmp(items[i].name, name, len))
            return i;
    return -1;
}

int rt_log_parse_items(const char *list, unsigned *mask, char *bad,
                       size_t badlen)
{
    if (strcmp(list, "help") == 0)
        return 1;
    *mask = 0;
    const char *p = list;
    for (;;) {
        size_t len = strcspn(p, ",");
        int i = item_of(p, len);
        if (i < 0) {
            snprintf(bad, badlen, "%.*s", (int)len, p);
            return -1;
        }
        *mask |= 1u << i;
        if (!p[len])
            return 0;
        p += len + 1;
    }
}

void rt_log_print_help(FILE *out)
{
    fputs("Log items for -d ITEM[,ITEM...]:\n", out);
    for (int i = 0; i < RT_LOG_NUM_ITEMS; i++)
        fprintf(out, "  %-8s %s\n", items[i].name, items[i].help);
}

static int parse_number(const char *s, const char **end, uint64_t *v)
{
    char *e;
    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    *v = strtoull(s, &e, 0);
    *end = e;
    return errno ? -1 : 0;
}

/* One range: A..B (B inclusive, as QEMU), A+N, A-N (the N bytes before
 * A) or A alone. */
static int parse_range(const char *s, const char **end, struct rt_log_range *r)
{
    uint64_t a, b;
    if (parse_number(s, &s, &a))
        return -1;
    r->lo = a;
    r->hi = a + 1;
    if (strncmp(s, "..", 2) == 0) {
        if (parse_number(s + 2, &s, &b) || b < a)
            return -1;
        r->hi = b == UINT64_MAX ? b : b + 1;
    } else if (*s == '+' || *s == '-') {
        char sign = *s;
        if (parse_number(s + 1, &s, &b) || b == 0)
            return -1;
        if (sign == '+' && b > UINT64_MAX - a)
            return -1;
        if (sign == '-' && b > a)
            return -1;
        *r = sign == '+' ? (struct rt_log_range){a, a + b}
                         : (struct rt_log_range){a - b, a};
    }
    *end = s;
    return 0;
}

int rt_log_parse_filter(const char *s, struct rt_log_range **ranges,
                        size_t *n)
{
    struct rt_log_range *out = NULL;
    size_t count = 0;
    for (;;) {
        struct rt_log_range r;
        if (parse_range(s, &s, &r) || (*s && *s != ',')) {
            free(out);
            return -1;
        }
        if (ranges) {
            struct rt_log_range *p =
                realloc(out, (count + 1) * sizeof(*out));
            if (!p) {
                free(out);
                return -1;
            }
            out = p;
        }
        if (out)
            out[count] = r;
        count++;
        if (!*s++)
            break;
    }
    if (ranges) {
        *ranges = out;
        *n = count;
    }
    return 0;
}

int rt_log_open(unsigned mask, int fd, const char *filter)
{
    /* A descriptor of our own, which the guest cannot see or close. */
    int own = fcntl(fd >= 0 ? fd : STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
    logger.fd = own >= 0 ? linux_hide_fd(own) : -1;
    if (logger.fd < 0)
        return -1;
    if (filter &&
        rt_log_parse_filter(filter, &logger.ranges, &logger.n_ranges)) {
        rt_log_close();
        return -1;
    }
    rt_log_mask = mask;
    return 0;
}

void rt_log_close(void)
{
    rt_log_mask = 0;
    if (logger.fd >= 0)
        close(logger.fd);
    logger.fd = -1;
    free(logger.ranges);
    logger.ranges = NULL;
    logger.n_ranges = 0;
}

bool rt_log_pc_wanted(uint64_t pc)
{
    if (!logger.ranges)
        return true;
    for (size_t i = 0; i < logger.n_ranges; i++)
        if (pc >= logger.ranges[i].lo && pc < logger.ranges[i].hi)
            return true;
    return false;
}

void rt_log_write(const char *text, size_t len)
{
    pthread_mutex_lock(&logger.lock);
    while (len && logger.fd >= 0) {
        ssize_t n = write(logger.fd, text, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        text += n;
        len -= (size_t)n;
    }
    pthread_mutex_unlock(&logger.lock);
}

FILE *rt_log_begin(struct rt_log_rec *r)
{
    r->buf = NULL;
    r->len = 0;
    r->f = open_memstream(&r->buf, &r->len);
    return r->f;
}

void rt_log_end(struct rt_log_rec *r)
{
    if (!r->f)
        return;
    fclose(r->f);
    rt_log_write(r->buf, r->len);
    free(r->buf);
    r->f = NULL;
}

void rt_log_printf(const char *fmt, ...)
{
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n > 0)
        rt_log_write(line, (size_t)n < sizeof(line) ? (size_t)n
                                                    : sizeof(line) - 1);
}
