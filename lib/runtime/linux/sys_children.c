/*
 * sys_children.c — the guest's child processes: wait4 and waitid (host
 * calls: the children are host processes, and the status word, rusage
 * and the SIGCHLD siginfo are laid out alike on riscv64 and x86-64), and
 * which host processes the guest may signal: its descendants, found by
 * walking parent links in /proc.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux_internal.h"

_Static_assert(sizeof(struct rusage) == 144, "rusage as on riscv64");
_Static_assert(sizeof(siginfo_t) == sizeof(struct lx_siginfo),
               "siginfo as on riscv64");

/* Linux's own limit on how deep we look for an ancestor. */
#define MAX_DEPTH 64

/* Parent pid and process group of pid from /proc/pid/stat; false when
 * it is gone. */
static bool stat_of(int pid, int *ppid, int *pgrp)
{
    char path[40], buf[512];
    snprintf(path, sizeof(path), "/proc/%d/stat", pid);
    FILE *f = fopen(path, "re");
    if (!f)
        return false;
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    buf[n] = 0;
    /* "pid (comm) S ppid pgrp ...": comm may hold anything but ends at
     * the last ')'. */
    char *end = strrchr(buf, ')');
    char state;
    return end && sscanf(end + 1, " %c %d %d", &state, ppid, pgrp) == 3;
}

bool lx_is_descendant(int pid)
{
    int self = getpid(), ppid, pgrp;
    for (int depth = 0; depth < MAX_DEPTH && pid > 1; depth++) {
        if (!stat_of(pid, &ppid, &pgrp))
            return false;
        if (ppid == self)
            return true;
        pid = ppid;
    }
    return false;
}

void lx_signal_group_descendants(int pgrp, int sig)
{
    DIR *d = opendir("/proc");
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        char *end;
        long pid = strtol(e->d_name, &end, 10);
        int ppid, group;
        if (*end || pid <= 1 || pid == getpid())
            continue;
        if (stat_of((int)pid, &ppid, &group) && group == pgrp &&
            lx_is_descendant((int)pid))
            kill((pid_t)pid, sig);
    }
    closedir(d);
}

int64_t lx_host_sigqueue(int pid, int sig, const struct lx_siginfo *info)
{
    if (pid > 1 && lx_is_descendant(pid)) {
        siginfo_t host;
        memcpy(&host, info, sizeof(host));
        return lx_result(syscall(SYS_rt_sigqueueinfo, pid, sig, &host));
    }
    if (pid <= 0)
        return -ESRCH;
    return kill(pid, 0) < 0 ? -errno : -EPERM;
}

/* wait4(pid, status*, options, rusage*) */
int64_t sys_wait4(struct rt_thread *t, const uint64_t a[6])
{
    int status = 0;
    struct rusage ru;
    if ((a[1] && !mmu_check(t->proc->mmu, a[1], 4, MMU_WRITE)) ||
        (a[3] && !mmu_check(t->proc->mmu, a[3], sizeof(ru), MMU_WRITE)))
        return -EFAULT;
    long r = lx_safe_syscall(t, SYS_wait4, (long)(int)a[0], (long)&status,
                             (long)(int)a[2], a[3] ? (long)&ru : 0, 0, 0);
    if (r > 0 && a[1] && mmu_write(t->proc->mmu, a[1], &status, 4))
        return -EFAULT;
    if (r > 0 && a[3] && mmu_write(t->proc->mmu, a[3], &ru, sizeof(ru)))
        return -EFAULT;
    return r;
}

/* waitid(idtype, id, infop, options, rusage*) */
int64_t sys_waitid(struct rt_thread *t, const uint64_t a[6])
{
    siginfo_t info;
    struct rusage ru;
    memset(&info, 0, sizeof(info));
    if ((a[2] && !mmu_check(t->proc->mmu, a[2], sizeof(info), MMU_WRITE)) ||
        (a[4] && !mmu_check(t->proc->mmu, a[4], sizeof(ru), MMU_WRITE)))
        return -EFAULT;
    long r = lx_safe_syscall(t, SYS_waitid, (long)(int)a[0], (long)(int)a[1],
                             a[2] ? (long)&info : 0, (long)(int)a[3],
                             a[4] ? (long)&ru : 0, 0);
    if (r == 0 && a[2] && mmu_write(t->proc->mmu, a[2], &info, sizeof(info)))
        return -EFAULT;
    if (r == 0 && a[4] && mmu_write(t->proc->mmu, a[4], &ru, sizeof(ru)))
        return -EFAULT;
    return r;
}
