/*
 * proc_files.c — the /proc files that must describe the guest rather than
 * vm-run: /proc/self/{maps,auxv,cmdline,stat,status} (also spelled
 * /proc/<pid>/, /proc/thread-self/ and .../task/<tid>/) and /proc/cpuinfo.
 *
 * Opening one builds its text at that moment, as Linux does, into an
 * anonymous host file (memfd) and hands the guest a descriptor of it:
 * reads, seeks, fstat and mmap then behave as on a regular file.
 * The price: readlink of /proc/self/fd/N shows "/memfd:proc-maps
 * (deleted)" instead of "/proc/<pid>/maps", and fstat reports the text's
 * size where Linux reports 0.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
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

/* One block per host CPU, in the shape riscv64 Linux 6.x prints; the
 * mmu line matches the 39-bit user address space we give the guest. */
static void put_cpuinfo(struct rt_thread *t, FILE *out)
{
    (void)t;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    for (long i = 0; i < (cpus > 0 ? cpus : 1); i++)
        fprintf(out,
                "processor\t: %ld\nhart\t\t: %ld\nisa\t\t: rv64imafdc\n"
                "mmu\t\t: sv39\nmvendorid\t: 0x0\nmarchid\t\t: 0x0\n"
                "mimpid\t\t: 0x0\n\n",
                i, i);
}

typedef void proc_generator(struct rt_thread *t, FILE *out);

static const struct proc_file {
    const char *name; /* after /proc/self/ */
    proc_generator *generate;
} self_files[] = {
    {"maps", lx_proc_maps},       {"auxv", put_auxv},
    {"cmdline", put_cmdline},     {"environ", put_environ},
    {"stat", lx_proc_stat},       {"status", lx_proc_status},
};

static proc_generator *generator_for(const char *path)
{
    if (strcmp(path, "/proc/cpuinfo") == 0)
        return put_cpuinfo;
    const char *rest = lx_proc_self_rest(path);
    for (size_t i = 0; rest && i < sizeof(self_files) / sizeof(self_files[0]);
         i++)
        if (strcmp(rest, self_files[i].name) == 0)
            return self_files[i].generate;
    return NULL;
}

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

/* Files that would show or change vm-run's own memory, not the guest's:
 * /proc/self/mem (and pagemap), which Linux lets a process open on
 * itself, are refused. */
static bool exposes_host_memory(const char *path)
{
    const char *rest = lx_proc_self_rest(path);
    return rest && (strcmp(rest, "mem") == 0 || strcmp(rest, "pagemap") == 0);
}

int64_t lx_open_proc_file(struct rt_thread *t, const char *path, int flags)
{
    if (exposes_host_memory(path))
        return -EACCES;
    proc_generator *gen = generator_for(path);
    if (!gen)
        return LX_NOT_PROC_FILE;
    int access = flags & O_ACCMODE;
    if (access != O_RDONLY) {
        /* Whether writing may be asked for is the real file's business
         * (root may, others get EACCES); writes then go nowhere. */
        int probe = open(path, access | O_CLOEXEC);
        if (probe < 0)
            return -errno;
        close(probe);
    }
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    if (!out)
        return -ENOMEM;
    gen(t, out);
    int64_t r = fclose(out) ? -ENOMEM : text_file(text, len, flags);
    free(text);
    return r;
}
