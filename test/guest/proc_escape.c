/* A guest trying to reach vm-run through /proc: every spelling of
 * /proc/self/{maps,mem,exe,fd/N} (doubled slashes, "/./", its pid, its
 * tasks, a dirfd, a symlink, a chdir, a magic link in the middle, another
 * thread) must show the guest, never the host. Run by
 * test/scripts/proc_escape_test.sh, which expects the sealed answers:
 * qemu-riscv64 7.2 leaks through most of them, and Linux itself lets a
 * process open its own /proc/self/mem, so neither is the reference.
 * Prints derived facts only. */
#include <elf.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guest_util.h"

#define FIRST_HIDDEN 1000 /* where vm-run keeps its own descriptors */
#define LAST_HIDDEN 1031

/* A path made from fmt and a number (a pid, a tid, a descriptor). */
static const char *with(const char *fmt, long n)
{
    static char buf[8][96];
    static int next;
    char *b = buf[next++ % 8];
    snprintf(b, sizeof(buf[0]), fmt, n);
    return b;
}

/* Whether descriptor fd shows the guest's maps: a line maps main's code,
 * executable, and no line names vm-run. Closes fd. */
static const char *maps_verdict(int fd)
{
    if (fd < 0)
        return strerrorname_np(errno);
    static char text[1 << 16];
    size_t n = 0;
    ssize_t r;
    while (n < sizeof(text) - 1 &&
           (r = read(fd, text + n, sizeof(text) - 1 - n)) > 0)
        n += (size_t)r;
    close(fd);
    text[n] = '\0';
    uintptr_t code = (uintptr_t)&maps_verdict;
    int covers = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        unsigned long lo, hi;
        char perms[5];
        if (strstr(line, "vm-run"))
            return "host";
        if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perms) == 3 && lo <= code &&
            code < hi && perms[2] == 'x')
            covers = 1;
    }
    return covers ? "guest" : "other";
}

static void maps(const char *how, int fd)
{
    printf("maps via %s: %s\n", how, maps_verdict(fd));
}

/* mem-like files: refused, or (the escape) opened and readable. */
static void memory(const char *how, int fd)
{
    if (fd < 0) {
        printf("%s: refused %s\n", how, strerrorname_np(errno));
        return;
    }
    close(fd);
    printf("%s: OPENED\n", how);
}

static void exe(const char *how, const char *path, int dirfd)
{
    char self[512] = "", got[512] = "";
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    self[n > 0 ? n : 0] = '\0';
    n = readlinkat(dirfd, path, got, sizeof(got) - 1);
    got[n > 0 ? n : 0] = '\0';
    const char *base = strrchr(self, '/');
    printf("exe via %s: readlink %s", how,
           n < 0 ? strerrorname_np(errno)
           : strcmp(got, self) == 0 && base && strcmp(base, "/proc_escape") == 0
               ? "guest"
               : "other");
    Elf64_Ehdr eh = {0};
    int fd = openat(dirfd, path, O_RDONLY);
    int elf = fd >= 0 && read(fd, &eh, sizeof(eh)) == sizeof(eh);
    struct stat st, want;
    int same = fd >= 0 && fstat(fd, &st) == 0 && stat(self, &want) == 0 &&
               st.st_size == want.st_size;
    if (fd >= 0)
        close(fd);
    printf(", open %s, size %s\n",
           fd < 0 ? strerrorname_np(errno)
           : elf && eh.e_machine == EM_RISCV ? "riscv64 ELF"
                                             : "other",
           same ? "guest's" : "other");
}

static void *from_thread(void *arg)
{
    (void)arg;
    maps("another thread's thread-self",
         open("/proc/thread-self/maps", O_RDONLY));
    maps("another thread's /proc/<tid>",
         open(with("/proc/%ld/maps", gettid()), O_RDONLY));
    memory("mem via another thread's thread-self",
           open("/proc/thread-self/mem", O_RDWR));
    return NULL;
}

int main(void)
{
    long pid = getpid();
    int procdir = open("/proc", O_RDONLY | O_DIRECTORY);
    int selfdir = open("/proc/self", O_RDONLY | O_DIRECTORY);
    symlink("/proc/self/maps", "maps-link");
    symlink("/proc/self/mem", "mem-link");
    symlink("/proc/self/exe", "exe-link");
    symlink("/proc", "proc-link");

    maps("/proc/self/maps", open("/proc/self/maps", O_RDONLY));
    maps("/proc//self/maps", open("/proc//self/maps", O_RDONLY));
    maps("/proc/./self/maps", open("/proc/./self/maps", O_RDONLY));
    maps("/proc/<pid>/maps", open(with("/proc/%ld/maps", pid), O_RDONLY));
    maps("/proc/self/task/<tid>/maps",
         open(with("/proc/self/task/%ld/maps", gettid()), O_RDONLY));
    maps("openat(/proc, self/maps)", openat(procdir, "self/maps", O_RDONLY));
    maps("openat(/proc/self, maps)", openat(selfdir, "maps", O_RDONLY));
    maps("/proc/self/fd/<dir>/maps",
         open(with("/proc/self/fd/%ld/maps", selfdir), O_RDONLY));
    maps("a symlink", open("maps-link", O_RDONLY));
    maps("a symlinked /proc", open("proc-link/self/maps", O_RDONLY));
    char back[512];
    if (!getcwd(back, sizeof(back)) || chdir("/proc/self") != 0)
        return 1;
    maps("chdir(/proc/self)", open("maps", O_RDONLY));
    memory("mem via chdir(/proc/self)", open("mem", O_RDWR));
    if (chdir(back) != 0)
        return 1;

    memory("/proc/self/mem", open("/proc/self/mem", O_RDONLY));
    memory("/proc//self/mem", open("/proc//self/mem", O_RDWR));
    memory("/proc/./self/mem", open("/proc/./self/mem", O_RDWR));
    memory("/proc/<pid>/mem", open(with("/proc/%ld/mem", pid), O_RDWR));
    memory("/proc/self/task/<tid>/mem",
           open(with("/proc/self/task/%ld/mem", gettid()), O_RDWR));
    memory("openat(/proc, self/mem)", openat(procdir, "self/mem", O_RDWR));
    memory("openat(/proc/self, mem)", openat(selfdir, "mem", O_RDWR));
    memory("mem via a symlink", open("mem-link", O_RDWR));
    memory("/proc//self/pagemap", open("/proc//self/pagemap", O_RDONLY));
    memory("/proc//self/smaps", open("/proc//self/smaps", O_RDONLY));
    memory("/proc//self/map_files",
           open("/proc//self/map_files", O_RDONLY | O_DIRECTORY));
    say("access(/proc//self/mem, W_OK) refused",
        access("/proc//self/mem", W_OK) != 0 && errno == EACCES);

    exe("/proc/self/exe", "/proc/self/exe", AT_FDCWD);
    exe("/proc//self/exe", "/proc//self/exe", AT_FDCWD);
    exe("/proc/<pid>/exe", with("/proc/%ld/exe", pid), AT_FDCWD);
    exe("openat(/proc/self, exe)", "exe", selfdir);
    exe("a symlinked /proc", "proc-link/self/exe", AT_FDCWD);

    int reachable = 0;
    for (long fd = FIRST_HIDDEN; fd <= LAST_HIDDEN; fd++) {
        char link[512];
        int f = open(with("/proc//self/fd/%ld", fd), O_RDONLY);
        reachable += f >= 0 ||
                     readlink(with("/proc/./self/fd/%ld", fd), link,
                              sizeof(link)) >= 0 ||
                     access(with("/proc/%ld/fd", pid), F_OK) != 0;
        if (f >= 0)
            close(f);
    }
    say("descriptors 1000-1031 unreachable through /proc", reachable == 0);

    pthread_t th;
    if (pthread_create(&th, NULL, from_thread, NULL) != 0 ||
        pthread_join(th, NULL) != 0)
        return 1;
    unlink("maps-link");
    unlink("mem-link");
    unlink("exe-link");
    unlink("proc-link");
    return 0;
}
