/*
 * perf_map.c — /tmp/perf-PID.map (perf_map.h).
 */
#define _GNU_SOURCE
#include "perf_map.h"
#include "linux_init.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t map_lock = PTHREAD_MUTEX_INITIALIZER;
static FILE *map;

void rt_perf_map_path(char *buf, size_t len)
{
    snprintf(buf, len, "/tmp/perf-%d.map", (int)getpid());
}

int rt_perf_map_open(void)
{
    char path[64];
    rt_perf_map_path(path, sizeof(path));
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    /* Kept out of the guest's sight (it may close every descriptor). */
    if (fd >= 0)
        fd = linux_hide_fd(fd);
    map = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!map) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return -e;
    }
    return 0;
}

void rt_perf_map_add(const void *code, size_t size, const char *name)
{
    pthread_mutex_lock(&map_lock);
    if (map) {
        fprintf(map, "%lx %zx %s\n", (unsigned long)(uintptr_t)code, size,
                name);
        /* Whole lines now: perf may read the file while we run, and a
         * fork child must not write our buffer again. */
        fflush(map);
    }
    pthread_mutex_unlock(&map_lock);
}

void rt_perf_map_close(void)
{
    pthread_mutex_lock(&map_lock);
    if (map)
        fclose(map);
    map = NULL;
    pthread_mutex_unlock(&map_lock);
}
