/*
 * jitdump.c — jit-PID.dump for perf inject --jit (perf_map.h).
 *
 * Records go out with one write each, in order, under a lock; the code
 * bytes are copied as they are when the code is made (chaining patches
 * jumps later, which perf annotate then shows unpatched).
 */
#define _GNU_SOURCE
#include "perf_map.h"
#include "linux_init.h"

#include <elf.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define JITDUMP_MAGIC 0x4A695444u /* "JiTD" read as a little-endian word */
#define JITDUMP_VERSION 1
#define JIT_CODE_LOAD 0
#define JIT_CODE_CLOSE 3

struct jd_header {
    uint32_t magic, version, total_size, elf_mach, pad1, pid;
    uint64_t timestamp, flags;
};

struct jd_prefix {
    uint32_t id, total_size;
    uint64_t timestamp;
};

struct jd_code_load {
    struct jd_prefix p;
    uint32_t pid, tid;
    uint64_t vma, code_addr, code_size, code_index;
    /* then the name, NUL-terminated, then the code bytes */
};

static pthread_mutex_t jd_lock = PTHREAD_MUTEX_INITIALIZER;
static int jd_fd = -1;
static void *jd_marker; /* the PROT_EXEC mapping perf record looks for */
static long jd_page;
static uint64_t jd_index;

static uint64_t timestamp(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void rt_jitdump_path(char *buf, size_t len)
{
    snprintf(buf, len, "jit-%d.dump", (int)getpid());
}

static bool put(const void *data, size_t len)
{
    const char *p = data;
    while (len) {
        ssize_t n = write(jd_fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        len -= (size_t)n;
    }
    return true;
}

int rt_jitdump_open(void)
{
    char path[64];
    rt_jitdump_path(path, sizeof(path));
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    /* Kept out of the guest's sight (it may close every descriptor). */
    if (fd >= 0)
        fd = linux_hide_fd(fd);
    if (fd < 0)
        return -errno;
    jd_fd = fd;
    struct jd_header h = {
        .magic = JITDUMP_MAGIC,
        .version = JITDUMP_VERSION,
        .total_size = sizeof(h),
        .elf_mach = EM_X86_64,
        .pid = (uint32_t)getpid(),
        .timestamp = timestamp(),
    };
    jd_page = sysconf(_SC_PAGESIZE);
    /* perf record notes the file by this mmap event (its name). */
    void *m = put(&h, sizeof(h))
                  ? mmap(NULL, (size_t)jd_page, PROT_READ | PROT_EXEC,
                         MAP_PRIVATE, fd, 0)
                  : MAP_FAILED;
    if (m == MAP_FAILED) {
        int e = errno ? errno : EIO;
        close(fd);
        jd_fd = -1;
        return -e;
    }
    jd_marker = m;
    return 0;
}

void rt_jitdump_add(const void *code, size_t size, const char *name)
{
    size_t name_len = strlen(name) + 1;
    struct jd_code_load r = {
        .p = {JIT_CODE_LOAD,
              (uint32_t)(sizeof(r) + name_len + size), timestamp()},
        .pid = (uint32_t)getpid(),
        .tid = (uint32_t)gettid(),
        .vma = (uint64_t)(uintptr_t)code,
        .code_addr = (uint64_t)(uintptr_t)code,
        .code_size = size,
    };
    char *rec = malloc(r.p.total_size);
    if (!rec)
        return;
    pthread_mutex_lock(&jd_lock);
    if (jd_fd >= 0) {
        r.code_index = jd_index++;
        memcpy(rec, &r, sizeof(r));
        memcpy(rec + sizeof(r), name, name_len);
        memcpy(rec + sizeof(r) + name_len, code, size);
        put(rec, r.p.total_size);
    }
    pthread_mutex_unlock(&jd_lock);
    free(rec);
}

void rt_jitdump_close(void)
{
    pthread_mutex_lock(&jd_lock);
    if (jd_fd >= 0) {
        struct jd_prefix c = {JIT_CODE_CLOSE, sizeof(c), timestamp()};
        put(&c, sizeof(c));
        munmap(jd_marker, (size_t)jd_page);
        close(jd_fd);
    }
    jd_fd = -1;
    pthread_mutex_unlock(&jd_lock);
}
