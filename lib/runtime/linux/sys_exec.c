/*
 * sys_exec.c — execve. A riscv64 ELF runs under vm-run again: this very
 * executable (/proc/self/exe) is executed with the options this run has
 * (mode, -L, --strace and its log descriptor, limits with what is left of
 * them...), the program's host path and the guest's argv (argv[0] through
 * --argv0) and environment; without /proc, the program itself, for
 * binfmt_misc to run under vm-run. Anything else — the host's /bin/sh for
 * system(), scripts — is executed natively, as qemu-user does, unless
 * --no-host-exec, which refuses it with EACCES.
 *
 * Before the host execve the host's signal state is made the guest's
 * (what exec keeps: ignored signals stay ignored, the mask stays), and a
 * vfork child sends its memory writes back (sys_clone.c). When execve
 * fails, vm-run's own state comes back and the guest sees the error.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "linux_internal.h"
#include "profile.h"

/* Linux's limits on one string and on the number of them. */
#define MAX_ARG_STRLEN (32 * 4096)
#define MAX_ARGS 0x7fffffff / 8

struct strv {
    char **v;
    size_t n, cap;
};

static int strv_add(struct strv *s, const char *str)
{
    if (s->n + 2 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        char **v = realloc(s->v, cap * sizeof(*v));
        if (!v)
            return -ENOMEM;
        s->v = v;
        s->cap = cap;
    }
    char *copy = strdup(str);
    if (!copy)
        return -ENOMEM;
    s->v[s->n++] = copy;
    s->v[s->n] = NULL;
    return 0;
}

/* An empty array still needs its NULL. */
static int strv_terminate(struct strv *s)
{
    if (!s->v && !(s->v = calloc(1, sizeof(*s->v))))
        return -ENOMEM;
    s->cap = s->cap ? s->cap : 1;
    return 0;
}

static void strv_free(struct strv *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    *s = (struct strv){0};
}

static int strv_addf(struct strv *s, const char *fmt, uint64_t v)
{
    char buf[64];
    snprintf(buf, sizeof(buf), fmt, v);
    return strv_add(s, buf);
}

/* The guest's NULL-terminated array of strings at addr (NULL: none). */
static int read_strings(struct rt_thread *t, uint64_t addr, struct strv *out)
{
    struct mmu *m = t->proc->mmu;
    for (uint64_t i = 0; addr; i++) {
        uint64_t p;
        if (i >= MAX_ARGS)
            return -E2BIG;
        if (mmu_read(m, addr + i * 8, &p, 8))
            return -EFAULT;
        if (!p)
            break;
        int64_t len = mmu_strlen(m, p, MAX_ARG_STRLEN);
        if (len < 0)
            return mmu_check(m, p, MAX_ARG_STRLEN, MMU_READ) ? -E2BIG
                                                             : -EFAULT;
        int err = strv_add(out, mmu_host(m, p));
        if (err)
            return err;
    }
    return strv_terminate(out);
}

/* Whether the file is a riscv64 ELF: 0 no, 1 yes, or -errno. Checks what
 * execve would: it exists, is a regular file, is executable. */
static int is_guest_elf(const char *path, uint16_t machine)
{
    struct stat st;
    if (stat(path, &st) < 0)
        return -errno;
    if (!S_ISREG(st.st_mode) || access(path, X_OK) < 0)
        return -EACCES;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    Elf64_Ehdr h;
    ssize_t n = read(fd, &h, sizeof(h));
    close(fd);
    return n == (ssize_t)sizeof(h) && memcmp(h.e_ident, ELFMAG, SELFMAG) == 0 &&
           h.e_ident[EI_CLASS] == ELFCLASS64 && h.e_machine == machine;
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* vm-run's own options for the next image, as this run has them. */
static int vmrun_options(struct rt_thread *t, struct strv *v)
{
    const struct rt_process *p = t->proc;
    const struct rt_options *o = p->opts;
    int err = strv_add(v, "--mode");
    err = err ? err : strv_add(v, rt_mode_name(o->mode));
    if (!err && o->opt_level != RT_DEFAULT_OPT_LEVEL)
        err = strv_addf(v, "--opt-level=%u", o->opt_level);
    if (!err && o->tier_threshold != RT_DEFAULT_TIER_THRESHOLD)
        err = strv_addf(v, "--tier-threshold=%" PRIu64, o->tier_threshold);
    if (!err && p->sysroot)
        err = strv_add(v, "-L") ? -ENOMEM : strv_add(v, p->sysroot);
    if (!err && o->code_cache_size)
        err = strv_addf(v, "--code-cache-size=%" PRIu64, o->code_cache_size);
    if (!err && o->stats != RT_STATS_NONE)
        err = strv_add(v, o->stats == RT_STATS_JSON ? "--stats=json"
                                                     : "--stats");
    if (!err && o->strace)
        err = strv_add(v, "--strace");
    if (!err && o->strace && p->log_fd > 2)
        err = strv_addf(v, "--log-fd=%" PRIu64, (uint64_t)p->log_fd);
    if (!err && o->max_insns) {
        /* What is left of the budget goes on. */
        int64_t left = p->insn_budget + rt_cpu_prefix(t->cpu)->insn_budget;
        err = strv_addf(v, "--max-insns=%" PRIu64,
                        left > 0 ? (uint64_t)left : 1);
    }
    if (!err && o->timeout_sec) {
        uint64_t now = now_ns(), left = p->deadline_ns > now
                                            ? p->deadline_ns - now : 0;
        err = strv_addf(v, "--timeout=%" PRIu64,
                        (left + 999999999u) / 1000000000u + (left == 0));
    }
    if (!err && o->max_memory)
        err = strv_addf(v, "--max-memory=%" PRIu64, o->max_memory);
    if (!err && o->no_host_exec)
        err = strv_add(v, "--no-host-exec");
    if (!err && o->no_dead_flags)
        err = strv_add(v, "--no-dead-flags");
    return err;
}

/* The host command line: vm-run's for a guest program, else the guest's
 * own. */
static int command_line(struct rt_thread *t, bool guest, const char *path,
                        const struct strv *argv, struct strv *out)
{
    if (!guest) {
        (void)path;
        for (size_t i = 0; i < argv->n; i++)
            if (strv_add(out, argv->v[i]))
                return -ENOMEM;
        return strv_terminate(out);
    }
    char self[4096];
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    self[n < 0 ? 0 : n] = 0;
    int err = strv_add(out, n > 0 ? self : "vm-run");
    err = err ? err : vmrun_options(t, out);
    if (!err && argv->n)
        err = strv_add(out, "--argv0") ? -ENOMEM : strv_add(out, argv->v[0]);
    err = err ? err : strv_add(out, "--");
    err = err ? err : strv_add(out, path);
    for (size_t i = 1; !err && i < argv->n; i++)
        err = strv_add(out, argv->v[i]);
    return err;
}

/* What exec keeps of the guest's signals, on the host; and back. */
static void host_signals_for_exec(struct rt_thread *t, bool for_exec)
{
    for (int sig = 1; sig <= RT_NSIG; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP || sig == 32 || sig == 33 ||
            sig == SIGSEGV || sig == SIGBUS)
            continue;
        uint64_t h = t->proc->sigactions[sig].handler;
        if (for_exec) {
            struct sigaction sa;
            memset(&sa, 0, sizeof(sa));
            sa.sa_handler = h == LX_SIG_IGN ? SIG_IGN : SIG_DFL;
            sigaction(sig, &sa, NULL);
        } else if (sig != SIGPIPE) {
            lx_host_follow_disposition(sig, h);
        }
    }
    if (!for_exec) {
        struct sigaction ign;
        memset(&ign, 0, sizeof(ign));
        ign.sa_handler = SIG_IGN;
        sigaction(SIGPIPE, &ign, NULL);
    }
    sigset_t mask;
    sigemptyset(&mask);
    for (int sig = 1; for_exec && sig <= RT_NSIG; sig++)
        if (t->sig_mask & lx_sigbit(sig))
            sigaddset(&mask, sig);
    pthread_sigmask(SIG_SETMASK, &mask, NULL);
}

static int64_t do_execve(struct rt_thread *t, const char *host_path,
                         struct strv *argv, struct strv *envp)
{
    int guest = is_guest_elf(host_path, t->proc->guest->elf_machine);
    if (guest < 0)
        return guest;
    if (!guest && t->proc->opts->no_host_exec)
        return -EACCES;
    struct strv cmd = {0};
    int err = command_line(t, guest, host_path, argv, &cmd);
    if (err) {
        strv_free(&cmd);
        return err;
    }
    int log_fd = t->proc->log_fd;
    bool pass_log = guest && t->proc->opts->strace && log_fd > 2;
    lx_vfork_sync(t->proc, false);
    /* --profile ends here: the new program is not profiled, and the file
     * must be written before this process image goes. */
    rt_profile_finish(t->proc);
    if (pass_log)
        fcntl(log_fd, F_SETFD, 0);
    host_signals_for_exec(t, true);
    execve(guest ? "/proc/self/exe" : host_path, cmd.v, envp->v);
    err = -errno;
    /* No /proc (a bare chroot whose programs reach vm-run through
     * binfmt_misc's F flag): the program is executed as it is, for the
     * kernel to run under its binfmt_misc entry, with default options; it
     * fails with ENOEXEC, as natively, when there is none. */
    if (guest && err == -ENOENT && access("/proc/self", F_OK) != 0) {
        execve(host_path, argv->v, envp->v);
        err = -errno;
    }
    host_signals_for_exec(t, false);
    if (pass_log)
        fcntl(log_fd, F_SETFD, FD_CLOEXEC);
    strv_free(&cmd);
    return err;
}

/* The host path to execute: the guest's program when the path reaches
 * vm-run's own executable however it is spelt (/proc//self/exe, a symlink
 * to it), else the path under the sysroot. */
static const char *exec_target(struct rt_thread *t, const char *path,
                               char buf[PATH_MAX])
{
    const char *host = lx_translate_path(t, path, buf);
    int fd = lx_open_host_path(AT_FDCWD, host, O_PATH | O_CLOEXEC, 0);
    if (fd < 0)
        return host;
    bool guest_exe = lx_proc_judge(fd).action == LX_PROC_GUEST_EXE;
    close(fd);
    return guest_exe && t->proc->exe_path ? t->proc->exe_path : host;
}

int64_t sys_execve(struct rt_thread *t, const uint64_t a[6])
{
    char path[PATH_MAX];
    int err = lx_get_path(t, a[0], path);
    return err ? err : lx_execve_path(t, path, a[1], a[2]);
}

int64_t lx_execve_path(struct rt_thread *t, const char *path,
                       uint64_t argv_addr, uint64_t envp_addr)
{
    char buf[PATH_MAX];
    struct strv argv = {0}, envp = {0};
    int err = read_strings(t, argv_addr, &argv);
    if (!err)
        err = read_strings(t, envp_addr, &envp);
    int64_t r = err ? err
                    : do_execve(t, exec_target(t, path, buf), &argv, &envp);
    strv_free(&argv);
    strv_free(&envp);
    return r;
}
