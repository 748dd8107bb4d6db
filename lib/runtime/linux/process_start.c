/*
 * process_start.c — what the Linux layer does as a guest process is about
 * to run its first instruction: takes vm-run's --log descriptor out of the
 * guest's sight, remembers where the argument and environment strings lie
 * (argv may be permuted later, as getopt does, but /proc/self/cmdline
 * shows the strings' area, as Linux does) and names the host thread after
 * the program, as exec names a process (comm, shown by ps and
 * /proc/self/stat).
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "linux_init.h"
#include "linux_internal.h"

/* The area [start, end) of count consecutive strings whose pointers are at
 * guest address vec; 0s when count is 0 or the memory is unreadable. */
static void string_area(const struct mmu *m, uint64_t vec, uint64_t count,
                        uint64_t *start, uint64_t *end)
{
    uint64_t first, last;
    *start = *end = 0;
    if (count == 0 || mmu_read(m, vec, &first, 8) ||
        mmu_read(m, vec + (count - 1) * 8, &last, 8))
        return;
    int64_t len = mmu_strlen(m, last, UINT32_MAX);
    if (len < 0)
        return;
    *start = first;
    *end = last + (uint64_t)len + 1;
}

static void name_host_thread(const char *prog)
{
    const char *slash = strrchr(prog, '/');
    prctl(PR_SET_NAME, slash ? slash + 1 : prog, 0, 0, 0);
}

void linux_process_start(struct rt_process *p, uint64_t sp)
{
    const struct mmu *m = p->mmu;
    if (p->opts && p->opts->log_fd > STDERR_FILENO) {
        int fd = linux_hide_fd(p->opts->log_fd);
        if (fd >= 0)
            p->log_fd = fd;
    }
    if (p->opts && p->opts->prog)
        name_host_thread(p->opts->prog);
    p->start_stack = sp;
    uint64_t argc = 0;
    if (mmu_read(m, sp, &argc, 8))
        return;
    uint64_t argv = sp + 8, envp = argv + (argc + 1) * 8;
    uint64_t envc = 0, ptr;
    while (mmu_read(m, envp + envc * 8, &ptr, 8) == 0 && ptr)
        envc++;
    string_area(m, argv, argc, &p->arg_start, &p->arg_end);
    string_area(m, envp, envc, &p->env_start, &p->env_end);
}
