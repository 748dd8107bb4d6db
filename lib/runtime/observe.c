/*
 * observe.c — starting and stopping what watches the guest from outside:
 * the -d logs, --perf-map and --jitdump (log_hooks.h).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "guest_syms.h"
#include "log_hooks.h"
#include "perf_map.h"
#include "rt.h"

static int cannot_create(void (*path)(char *, size_t), int err)
{
    char p[64];
    path(p, sizeof(p));
    fprintf(stderr, "vm-run: cannot create %s: %s\n", p, strerror(-err));
    return RT_STATUS_USAGE;
}

int rt_observe_start(const struct rt_options *opts)
{
    int fd = opts->dlog_fd > STDERR_FILENO ? opts->dlog_fd : -1;
    /* strace's own items go through --strace's path (rt_options.strace). */
    unsigned mask = opts->log_items & ~RT_LOG_BIT(strace);
    if (mask && rt_log_open(mask, fd, opts->log_filter)) {
        fprintf(stderr, "vm-run: cannot start the -d log\n");
        return RT_STATUS_USAGE;
    }
    if (fd >= 0 && fd != opts->log_fd)
        close(fd); /* the log has its own copy */
    int err;
    if (opts->perf_map) {
        if ((err = rt_perf_map_open()))
            return cannot_create(rt_perf_map_path, err);
        rt_code_events |= RT_CODE_EVENT_PERF_MAP;
    }
    if (opts->jitdump) {
        if ((err = rt_jitdump_open()))
            return cannot_create(rt_jitdump_path, err);
        rt_code_events |= RT_CODE_EVENT_JITDUMP;
    }
    if (mask & RT_LOG_BIT(out_asm))
        rt_code_events |= RT_CODE_EVENT_OUT_ASM;
    return 0;
}

void rt_observe_stop(void)
{
    rt_code_events = 0;
    rt_perf_map_close();
    rt_jitdump_close();
    rt_log_close();
    rt_guest_syms_free();
}
