/*
 * proc_files.c — what the guest gets when it opens something in /proc.
 *
 * The decision is taken on the file an open actually reached, never on
 * how the guest spelt the path: "/proc//self/maps", openat(<fd of /proc>,
 * "self/maps"), a symlink, a chdir into /proc/self all land on the same
 * procfs file, whose canonical name ("/proc/<pid>/task/<tid>/maps", read
 * back through /proc/self/fd/N) is what is judged here.
 *
 * For our own process (any of its tasks) the files that must describe the
 * guest — maps, auxv, cmdline, environ, stat, status, and /proc/cpuinfo —
 * are built at that moment, as Linux does, into an anonymous host file
 * (memfd) the guest gets instead: reads, seeks, fstat and mmap then
 * behave as on a regular file. The price: readlink of /proc/self/fd/N
 * shows "/memfd:proc-file (deleted)", and fstat reports the text's size
 * where Linux reports 0. Files that would show or change vm-run's memory
 * or layout (mem, pagemap, smaps, map_files...) are refused, for every
 * process that runs vm-run (ours, a forked guest, its parent). A file that
 * is vm-run's own executable becomes the guest's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "linux_internal.h"

/* Skips "<digits>/" at s (or "<digits>" at its end); NULL when s does not
 * start with digits. */
static const char *skip_number(const char *s)
{
    const char *p = s;
    while (*p >= '0' && *p <= '9')
        p++;
    if (p == s || (*p != '/' && *p != '\0'))
        return NULL;
    return *p == '/' ? p + 1 : p;
}

const char *lx_proc_self_rest(const char *path)
{
    if (strncmp(path, "/proc/", 6) != 0)
        return NULL;
    const char *p = path + 6;
    char own[24];
    int n = snprintf(own, sizeof(own), "%d", (int)getpid());
    if (strncmp(p, "self", 4) == 0)
        p += 4;
    else if (strncmp(p, "thread-self", 11) == 0)
        p += 11;
    else if (strncmp(p, own, (size_t)n) == 0)
        p += n;
    else
        return NULL;
    if (*p != '/' && *p != '\0')
        return NULL; /* "/proc/selfish", "/proc/1234" for pid 123 */
    if (*p == '/')
        p++;
    if (strncmp(p, "task/", 5) == 0) {
        const char *after = skip_number(p + 5);
        if (after)
            p = after;
    }
    return p;
}

/* The guest memory [start, end) as it is now; nothing when unreadable. */
static void put_guest_bytes(struct rt_thread *t, FILE *out, uint64_t start,
                            uint64_t end)
{
    uint8_t buf[4096];
    for (uint64_t at = start; at < end;) {
        uint64_t n = end - at < sizeof(buf) ? end - at : sizeof(buf);
        if (mmu_read(t->proc->mmu, at, buf, n))
            return;
        fwrite(buf, 1, n, out);
        at += n;
    }
}

static void put_cmdline(struct rt_thread *t, FILE *out)
{
    put_guest_bytes(t, out, t->proc->arg_start, t->proc->arg_end);
}

static void put_environ(struct rt_thread *t, FILE *out)
{
    put_guest_bytes(t, out, t->proc->env_start, t->proc->env_end);
}

static void put_auxv(struct rt_thread *t, FILE *out)
{
    const struct rt_process *p = t->proc;
    put_guest_bytes(t, out, p->auxv_addr, p->auxv_addr + p->auxv_len);
}

/* The guest architecture's own (guest_abi_*.c). */
static void put_cpuinfo(struct rt_thread *t, FILE *out)
{
    t->proc->guest->linux_abi->cpuinfo(t, out);
}

static const struct proc_file {
    const char *name; /* after /proc/self/ */
    lx_proc_generator *generate;
} self_files[] = {
    {"maps", lx_proc_maps},       {"auxv", put_auxv},
    {"cmdline", put_cmdline},     {"environ", put_environ},
    {"stat", lx_proc_stat},       {"status", lx_proc_status},
};

/* A memfd holding text[0, len), reopened with the guest's access mode
 * and descriptor flags (a read-only open then refuses writes, as the
 * real file does). */
static int64_t text_file(const char *text, size_t len, int flags)
{
    int mfd = memfd_create("proc-file", MFD_CLOEXEC);
    if (mfd < 0)
        return -errno;
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(mfd, text + done, len - done);
        if (n < 0) {
            int err = errno;
            close(mfd);
            return -err;
        }
        done += (size_t)n;
    }
    char self[40];
    snprintf(self, sizeof(self), "/proc/self/fd/%d", mfd);
    int keep = flags & (O_ACCMODE | O_CLOEXEC | O_NONBLOCK | O_NOATIME);
    int fd = open(self, keep);
    int err = errno;
    close(mfd);
    return fd < 0 ? -err : fd;
}


#define PROC_SUPER_MAGIC 0x9fa0

/* Identities fixed for the life of the process, looked up once. */
static struct {
    dev_t proc_dev;         /* the /proc mount */
    dev_t exe_dev;          /* vm-run's executable */
    ino_t exe_ino;
    pthread_once_t once;
} host = {.once = PTHREAD_ONCE_INIT};

static void look_up_host(void)
{
    struct stat st;
    if (stat("/proc", &st) == 0)
        host.proc_dev = st.st_dev;
    if (stat("/proc/self/exe", &st) == 0) {
        host.exe_dev = st.st_dev;
        host.exe_ino = st.st_ino;
    }
}

bool lx_is_vm_exe(const struct stat *st)
{
    pthread_once(&host.once, look_up_host);
    return st->st_ino == host.exe_ino && st->st_dev == host.exe_dev;
}

/* Another procfs mount has its own device; its magic number gives it
 * away. Only files of virtual file systems need that second look. */
static bool on_procfs(int fd, const struct stat *st)
{
    pthread_once(&host.once, look_up_host);
    if (st->st_dev == host.proc_dev)
        return true;
    struct statfs fs;
    return major(st->st_dev) == 0 && fstatfs(fd, &fs) == 0 &&
           fs.f_type == PROC_SUPER_MAGIC;
}

/* Whether host task id pid belongs to this process (the guest's threads
 * and vm-run's own, such as the compile thread). */
static bool is_our_task(long pid)
{
    if (pid == getpid())
        return true;
    char path[48];
    snprintf(path, sizeof(path), "/proc/self/task/%ld", pid);
    return access(path, F_OK) == 0;
}

/* Whether process pid runs vm-run (ours, or another: a forked guest, the
 * guest's parent). Unknown counts as yes: the caller then refuses. */
static bool runs_vm(long pid)
{
    if (is_our_task(pid))
        return true;
    char path[48];
    snprintf(path, sizeof(path), "/proc/%ld/exe", pid);
    struct stat st;
    return stat(path, &st) != 0 || lx_is_vm_exe(&st);
}

/* Files under /proc/<pid>/ that show or change a process's host memory
 * or its layout; "map_files" also covers its entries. */
static const char *const host_memory_files[] = {
    "mem",        "pagemap", "map_files", "smaps", "smaps_rollup",
    "numa_maps",  "syscall", "stack",     "clear_refs",
};

static bool shows_host_memory(const char *rest)
{
    size_t n = sizeof(host_memory_files) / sizeof(host_memory_files[0]);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(host_memory_files[i]);
        if (strncmp(rest, host_memory_files[i], len) == 0 &&
            (rest[len] == '\0' || rest[len] == '/'))
            return true;
    }
    return false;
}

/* Splits a canonical "/proc/<pid>/[task/<tid>/]rest" into pid and rest;
 * false for any other path. */
static bool split_pid_path(const char *path, long *pid, const char **rest)
{
    if (strncmp(path, "/proc/", 6) != 0 || !skip_number(path + 6))
        return false;
    *pid = strtol(path + 6, NULL, 10);
    const char *p = skip_number(path + 6);
    if (strncmp(p, "task/", 5) == 0 && skip_number(p + 5))
        p = skip_number(p + 5);
    *rest = p;
    return true;
}

static struct lx_proc_verdict verdict(enum lx_proc_action action, int err,
                                      lx_proc_generator *gen)
{
    return (struct lx_proc_verdict){action, err, gen, true};
}

/* The verdict for the procfs object whose canonical name is path. */
static struct lx_proc_verdict judge_proc_path(const char *path)
{
    if (strcmp(path, "/proc/cpuinfo") == 0)
        return verdict(LX_PROC_BUILD, 0, put_cpuinfo);
    if (strncmp(path, "/proc", 5) != 0 || (path[5] != '/' && path[5]))
        return verdict(LX_PROC_DENY, EACCES, NULL); /* another mount */
    long pid;
    const char *rest;
    if (!split_pid_path(path, &pid, &rest))
        return verdict(LX_PROC_HOST, 0, NULL);
    bool ours = is_our_task(pid);
    for (size_t i = 0; ours && i < sizeof(self_files) / sizeof(self_files[0]);
         i++)
        if (strcmp(rest, self_files[i].name) == 0)
            return verdict(LX_PROC_BUILD, 0, self_files[i].generate);
    if (shows_host_memory(rest) && (ours || runs_vm(pid)))
        return verdict(LX_PROC_DENY, EACCES, NULL);
    char own[PATH_MAX + 16];
    snprintf(own, sizeof(own), "/proc/self/%s", rest);
    if (ours && lx_path_names_hidden_fd(own))
        return verdict(LX_PROC_DENY, ENOENT, NULL);
    return verdict(LX_PROC_HOST, 0, NULL);
}

struct lx_proc_verdict lx_proc_judge(int fd)
{
    struct stat st;
    if (fstat(fd, &st) != 0)
        return (struct lx_proc_verdict){LX_PROC_HOST, 0, NULL, false};
    if (lx_is_vm_exe(&st))
        return (struct lx_proc_verdict){LX_PROC_GUEST_EXE, 0, NULL, false};
    if (!on_procfs(fd, &st))
        return (struct lx_proc_verdict){LX_PROC_HOST, 0, NULL, false};
    char link[40], path[PATH_MAX];
    snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof(path) - 1);
    if (n <= 0)
        return verdict(LX_PROC_DENY, EACCES, NULL);
    path[n] = '\0';
    struct lx_proc_verdict v = judge_proc_path(path);
    /* Our own executable through the magic link itself (an O_PATH
     * descriptor of /proc/<pid>/exe): the guest's, for readlink. */
    long pid;
    const char *rest;
    if (v.action == LX_PROC_HOST && S_ISLNK(st.st_mode) &&
        split_pid_path(path, &pid, &rest) && strcmp(rest, "exe") == 0 &&
        is_our_task(pid))
        return verdict(LX_PROC_GUEST_EXE, 0, NULL);
    return v;
}

int64_t lx_proc_finish_open(struct rt_thread *t, int fd, int flags)
{
    struct lx_proc_verdict v = lx_proc_judge(fd);
    /* An O_PATH descriptor gives no access to the contents: the host
     * file's own is as good (and fstat then shows Linux's 0 size). */
    bool path_only = flags & O_PATH;
    switch (v.action) {
    case LX_PROC_HOST:
        return fd;
    case LX_PROC_DENY:
        if (path_only && v.err == EACCES)
            return fd;
        close(fd);
        return -v.err;
    case LX_PROC_GUEST_EXE:
        if (!t->proc->exe_path)
            return fd;
        close(fd);
        return lx_result(open(t->proc->exe_path, flags & ~(O_CREAT | O_EXCL),
                              0));
    case LX_PROC_BUILD:
        break;
    }
    if (path_only)
        return fd;
    /* The real open decided whether this access mode is allowed (root
     * may open some for writing); the copy keeps it, writes go nowhere. */
    close(fd);
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (!out)
        return -ENOMEM;
    v.generate(t, out);
    int64_t r = fclose(out) ? -ENOMEM : text_file(text, len, flags);
    free(text);
    return r;
}
