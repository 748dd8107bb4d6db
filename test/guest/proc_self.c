/* /proc as the guest sees it: maps, cmdline, auxv, cpuinfo, stat and the
 * /proc/self/fd listing, through /proc/self/ and /proc/<pid>/. Prints
 * derived facts only (qemu's maps and cpuinfo differ from Linux's in
 * format; see README.md). */
#include <ctype.h>
#include <dirent.h>
#include <elf.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "guest_util.h"

/* The whole file at path, NUL-terminated; *len its size. */
static char *slurp(const char *path, size_t *len)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    for (;;) {
        ssize_t r = read(fd, buf + n, cap - n);
        if (r <= 0)
            break;
        n += (size_t)r;
        if (n == cap)
            buf = realloc(buf, (cap *= 2) + 1);
    }
    close(fd);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Whether some maps line covers addr with perms (NULL = any) and a name
 * ending in suffix (NULL = any). */
static int maps_has(const char *maps, uintptr_t addr, const char *perms,
                    const char *suffix)
{
    const char *line = maps;
    while (*line) {
        const char *end = strchr(line, '\n');
        if (!end)
            end = line + strlen(line);
        unsigned long lo, hi;
        char p[5], name[512] = "";
        char copy[600];
        size_t n = (size_t)(end - line) < sizeof(copy) - 1
                       ? (size_t)(end - line)
                       : sizeof(copy) - 1;
        memcpy(copy, line, n);
        copy[n] = '\0';
        if (sscanf(copy, "%lx-%lx %4s %*s %*s %*s %511s", &lo, &hi, p, name) >=
                3 &&
            addr >= lo && addr < hi && (!perms || strcmp(p, perms) == 0)) {
            size_t nl = strlen(name), sl = suffix ? strlen(suffix) : 0;
            if (!suffix || (nl >= sl && strcmp(name + nl - sl, suffix) == 0))
                return 1;
        }
        line = *end ? end + 1 : end;
    }
    return 0;
}

static void check_maps(const char *self, const char *prog)
{
    size_t len;
    char path[64];
    snprintf(path, sizeof(path), "%s/maps", self);
    char *maps = slurp(path, &len);
    say("maps readable", maps != NULL && len > 0);
    if (!maps)
        return;
    int local = 0;
    const char *base = strrchr(prog, '/') ? strrchr(prog, '/') + 1 : prog;
    char suffix[300];
    snprintf(suffix, sizeof(suffix), "/%s", base);
    say("this function is in an r-xp line of the program",
        maps_has(maps, (uintptr_t)check_maps, "r-xp", suffix));
    say("a local is in the [stack] line",
        maps_has(maps, (uintptr_t)&local, "rw-p", "[stack]"));
    void *heap = malloc(16);
    say("a malloc block is in an rw-p line",
        maps_has(maps, (uintptr_t)heap, "rw-p", NULL));
    say("an unmapped page is in no line", !maps_has(maps, 0x1000, NULL, NULL));
    free(heap);
    free(maps);
}

static void check_cmdline(const char *self, int argc, char **argv)
{
    size_t len, want = 0;
    char path[64];
    snprintf(path, sizeof(path), "%s/cmdline", self);
    char *c = slurp(path, &len);
    for (int i = 0; i < argc; i++)
        want += strlen(argv[i]) + 1;
    int same = c && len == want;
    size_t at = 0;
    for (int i = 0; same && i < argc; i++) {
        same = strcmp(c + at, argv[i]) == 0;
        at += strlen(argv[i]) + 1;
    }
    say("cmdline is argv, NUL-separated", same);
    free(c);
}

static void check_auxv(const char *self)
{
    size_t len;
    char path[64];
    snprintf(path, sizeof(path), "%s/auxv", self);
    Elf64_auxv_t *av = (Elf64_auxv_t *)slurp(path, &len);
    int pagesz = 0, entry = 0, ends = 0;
    for (size_t i = 0; av && (i + 1) * sizeof(*av) <= len; i++) {
        if (av[i].a_type == AT_PAGESZ)
            pagesz = av[i].a_un.a_val == 4096;
        if (av[i].a_type == AT_ENTRY)
            entry = av[i].a_un.a_val == getauxval(AT_ENTRY);
        if (av[i].a_type == AT_NULL)
            ends = (i + 1) * sizeof(*av) == len;
    }
    say("auxv AT_PAGESZ is 4096", pagesz);
    say("auxv AT_ENTRY matches getauxval", entry);
    say("auxv ends with AT_NULL", ends);
    free(av);
}

static void check_cpuinfo(void)
{
    size_t len;
    char *c = slurp("/proc/cpuinfo", &len);
    int processors = 0, isa_ok = 1;
    for (char *l = c ? strtok(c, "\n") : NULL; l; l = strtok(NULL, "\n")) {
        if (strncmp(l, "processor", 9) == 0)
            processors++;
        if (strncmp(l, "isa", 3) == 0)
            isa_ok &= strstr(l, ": rv64") != NULL;
    }
    say("cpuinfo has one processor entry per CPU", processors == get_nprocs());
    say("every isa line names rv64", isa_ok);
    free(c);
}

static void check_stat(const char *self, const char *prog)
{
    size_t len;
    char path[64];
    snprintf(path, sizeof(path), "%s/stat", self);
    char *s = slurp(path, &len);
    int pid = -1;
    char comm[64] = "";
    if (s)
        sscanf(s, "%d (%63[^)])", &pid, comm);
    const char *base = strrchr(prog, '/') ? strrchr(prog, '/') + 1 : prog;
    say("stat pid is getpid()", pid == getpid());
    say("stat comm is the program's name", strncmp(comm, base, 15) == 0);
    free(s);
}

/* Every descriptor listed is open, and every open one below 1024 listed. */
static void check_fd_listing(void)
{
    DIR *d = opendir("/proc/self/fd");
    int listed[1024] = {0}, ok = d != NULL;
    for (struct dirent *e; d && (e = readdir(d));) {
        if (e->d_name[0] == '.')
            continue;
        int fd = atoi(e->d_name);
        if (fd != dirfd(d) && fcntl(fd, F_GETFD) < 0)
            ok = 0;
        if (fd < 1024)
            listed[fd] = 1;
    }
    for (int fd = 0; fd < 1024 && d; fd++)
        if (fcntl(fd, F_GETFD) >= 0 && !listed[fd])
            ok = 0;
    say("/proc/self/fd lists exactly the open descriptors", ok);
    if (d)
        closedir(d);
}

int main(int argc, char **argv)
{
    char own[32];
    snprintf(own, sizeof(own), "/proc/%d", getpid());
    const char *dirs[] = {"/proc/self", own};
    for (int i = 0; i < 2; i++) {
        printf("-- %s\n", i ? "/proc/<pid>" : "/proc/self");
        check_maps(dirs[i], argv[0]);
        check_cmdline(dirs[i], argc, argv);
        check_auxv(dirs[i]);
        check_stat(dirs[i], argv[0]);
    }
    check_cpuinfo();
    check_fd_listing();
    /* Root may open it for writing (then writes fail), others may not. */
    int fd = open("/proc/self/maps", O_WRONLY);
    say("opening maps for writing agrees with access(W_OK)",
        (fd >= 0) == (access("/proc/self/maps", W_OK) == 0));
    if (fd >= 0)
        close(fd);
    fd = open("/proc/self/maps", O_RDONLY);
    char line[24] = "";
    say("a new open of maps starts with an address range",
        read(fd, line, sizeof(line) - 1) > 0 &&
            isxdigit((unsigned char)line[0]) && strchr(line, '-') != NULL);
    close(fd);
    return 0;
}
