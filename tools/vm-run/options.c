/*
 * options.c — parsing vm-run's options. Options end at the first argument
 * that is not one (the guest program), as with qemu-user.
 */
#include "options.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "usage: vm-run [OPTIONS] PROG [ARGS...]\n"
    "Runs a RISC-V 64 Linux program on this machine.\n"
    "\n"
    "  -E VAR=VALUE   set VAR in the guest's environment\n"
    "  -U VAR         remove VAR from the guest's environment\n"
    "  -L SYSROOT     look up absolute paths of the guest (its dynamic\n"
    "                 linker and libraries) under SYSROOT first; default:\n"
    "                 $VM_LD_PREFIX, else /usr/riscv64-linux-gnu if present\n"
    "  --mode MODE    execution mode: tier1 (x86-64 code from a template\n"
    "                 emitter; default) or interp (the IR interpreter)\n"
    "  --code-cache-size N[K|M|G]\n"
    "                 tier-1 code cache size (default 64M, at least 64K);\n"
    "                 when full it is flushed and refilled\n"
    "  --stats[=json] print execution counters to stderr at exit\n"
    "  --strace       print each system call of the guest, its arguments and\n"
    "                 its result, one line per call, to stderr\n"
    "  --log FILE     write --strace's lines to FILE (created or truncated)\n"
    "  -h, --help     show this help\n"
    "  --version      show the version\n"
    "\n"
    "Exit status: the guest's own; a guest killed by a signal kills vm-run\n"
    "by the same signal. vm-run's errors: 125 bad usage or internal error,\n"
    "126 the program cannot be run (not a riscv64 ELF, corrupt, unreadable),\n"
    "127 the program does not exist.\n";

static int env_find(char **env, int n, const char *name, size_t len)
{
    for (int i = 0; i < n; i++)
        if (strncmp(env[i], name, len) == 0 && env[i][len] == '=')
            return i;
    return -1;
}

/* Sets (value != NULL) or removes a variable in a malloc'ed array. */
static int env_edit(char ***envp, int *n, const char *assign, bool set)
{
    size_t len = set ? (size_t)(strchr(assign, '=') - assign) : strlen(assign);
    int i = env_find(*envp, *n, assign, len);
    if (!set) {
        if (i >= 0) {
            memmove(&(*envp)[i], &(*envp)[i + 1],
                    (size_t)(*n - i) * sizeof(char *));
            (*n)--;
        }
        return 0;
    }
    if (i >= 0) {
        (*envp)[i] = (char *)assign;
        return 0;
    }
    char **p = realloc(*envp, (size_t)(*n + 2) * sizeof(char *));
    if (!p)
        return -1;
    p[(*n)++] = (char *)assign;
    p[*n] = NULL;
    *envp = p;
    return 0;
}

static enum options_result error(const char *fmt, const char *arg)
{
    fprintf(stderr, "vm-run: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, " (try 'vm-run --help')\n");
    return OPTIONS_ERROR;
}

/*
 * Opens the --log file. Its descriptor is moved up out of the low numbers
 * so that the guest's own descriptors are numbered as they would be
 * natively (its first open still returns 3).
 */
#define LOG_FD_MIN 100

static enum options_result open_log(const char *path, struct rt_options *opts)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
        fprintf(stderr, "vm-run: cannot open log file '%s': %s\n", path,
                strerror(errno));
        return OPTIONS_ERROR;
    }
    int high = fcntl(fd, F_DUPFD_CLOEXEC, LOG_FD_MIN);
    if (high >= 0) {
        close(fd);
        fd = high;
    }
    if (opts->log_fd > STDERR_FILENO)
        close(opts->log_fd); /* the last --log wins */
    opts->log_fd = fd;
    return OPTIONS_RUN;
}

static int parse_mode(const char *s, enum rt_mode *mode)
{
    if (strcmp(s, "interp") == 0) {
        *mode = RT_MODE_INTERP;
        return 0;
    }
    if (strcmp(s, "tier1") == 0) {
        *mode = RT_MODE_TIER1;
        return 0;
    }
    return -1;
}

/* N with an optional K, M or G suffix (powers of 1024). */
static int parse_size(const char *s, uint64_t *out)
{
    char *end;
    if (*s < '0' || *s > '9')
        return -1;
    unsigned long long v = strtoull(s, &end, 10);
    unsigned shift = 0;
    if (*end == 'K' || *end == 'k')
        shift = 10;
    else if (*end == 'M' || *end == 'm')
        shift = 20;
    else if (*end == 'G' || *end == 'g')
        shift = 30;
    if (shift)
        end++;
    if (*end || v > (UINT64_MAX >> shift))
        return -1;
    *out = (uint64_t)v << shift;
    return 0;
}

enum options_result options_parse(int argc, char **argv, char **environ,
                                  struct rt_options *opts)
{
    memset(opts, 0, sizeof(*opts));
    opts->mode = RT_MODE_TIER1; /* the default until tiered mode exists */
    int n = 0;
    while (environ && environ[n])
        n++;
    char **env = malloc((size_t)(n + 1) * sizeof(char *));
    if (!env)
        return error("%s", "out of memory");
    memcpy(env, environ, (size_t)n * sizeof(char *));
    env[n] = NULL;
    opts->envp = env;

    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, stdout);
            return OPTIONS_EXIT_OK;
        } else if (strcmp(a, "--version") == 0) {
            printf("vm-run %s (guests: riscv64; modes: tier1 interp)\n",
                   VM_VERSION);
            return OPTIONS_EXIT_OK;
        } else if (strcmp(a, "-E") == 0) {
            if (!val || !strchr(val, '=') || val[0] == '=')
                return error("-E needs VAR=VALUE, got '%s'", val ? val : "");
            if (env_edit(&opts->envp, &n, val, true))
                return error("%s", "out of memory");
            i++;
        } else if (strcmp(a, "-U") == 0) {
            if (!val || !val[0] || strchr(val, '='))
                return error("-U needs a variable name, got '%s'",
                             val ? val : "");
            env_edit(&opts->envp, &n, val, false);
            i++;
        } else if (strcmp(a, "-L") == 0) {
            if (!val)
                return error("%s needs a directory", a);
            opts->sysroot = val;
            i++;
        } else if (strcmp(a, "--mode") == 0 ||
                   strncmp(a, "--mode=", 7) == 0) {
            const char *m = a[6] == '=' ? a + 7 : val;
            if (!m)
                return error("%s needs a value", a);
            if (parse_mode(m, &opts->mode))
                return error("unknown mode '%s' (modes: tier1, interp)", m);
            if (a[6] != '=')
                i++;
        } else if (strcmp(a, "--code-cache-size") == 0 ||
                   strncmp(a, "--code-cache-size=", 18) == 0) {
            const char *v = a[17] == '=' ? a + 18 : val;
            if (!v)
                return error("%s needs a size", a);
            /* The cache's rel32 jumps reach 2 GiB at most. */
            if (parse_size(v, &opts->code_cache_size) ||
                opts->code_cache_size < (64u << 10) ||
                opts->code_cache_size > (1ull << 31))
                return error("bad code cache size '%s' (64K to 2G)", v);
            if (a[17] != '=')
                i++;
        } else if (strcmp(a, "--stats") == 0) {
            opts->stats = RT_STATS_HUMAN;
        } else if (strcmp(a, "--stats=json") == 0) {
            opts->stats = RT_STATS_JSON;
        } else if (strcmp(a, "--strace") == 0) {
            opts->strace = true;
        } else if (strcmp(a, "--log") == 0 || strncmp(a, "--log=", 6) == 0) {
            const char *path = a[5] == '=' ? a + 6 : val;
            if (!path || !path[0])
                return error("%s needs a file name", "--log");
            if (open_log(path, opts) != OPTIONS_RUN)
                return OPTIONS_ERROR;
            if (a[5] != '=')
                i++;
        } else {
            return error("unknown option '%s'", a);
        }
    }
    if (i >= argc)
        return error("%s", "no program given");
    opts->prog = argv[i];
    opts->argc = argc - i;
    opts->argv = &argv[i];
    return OPTIONS_RUN;
}

void options_free(struct rt_options *opts)
{
    free(opts->envp);
    opts->envp = NULL;
    /* The log descriptor belongs to the runtime once the guest starts (it
     * moves it out of the guest's way); the exit closes it. */
}
