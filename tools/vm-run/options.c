/*
 * options.c — parsing vm-run's options. Options end at the first argument
 * that is not one (the guest program), as with qemu-user.
 */
#include "options.h"
#include "log.h"
#include "profile_options.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "usage: vm-run [OPTIONS] PROG [ARGS...]\n"
    "Runs a RISC-V 64 or x86-64 Linux program on this machine (the guest\n"
    "architecture is the ELF's).\n"
    "\n"
    "  -E VAR=VALUE   set VAR in the guest's environment\n"
    "  -U VAR         remove VAR from the guest's environment\n"
    "  -L SYSROOT     look up absolute paths of the guest (its dynamic\n"
    "                 linker and libraries) under SYSROOT first; default:\n"
    "                 $VM_LD_PREFIX, else /usr/riscv64-linux-gnu if present\n"
    "                 for riscv64 and / (no remapping) for x86-64\n"
    "  --mode MODE    execution mode: tiered (default: tier 1 first, hot\n"
    "                 loops compiled by LLVM on a second thread), tier1\n"
    "                 (x86-64 code from a template emitter only), llvm\n"
    "                 (every block through LLVM; for testing) or interp\n"
    "                 (the IR interpreter)\n"
    "  --opt-level N  LLVM optimization level of tier 2, 0 to 3 (default 2)\n"
    "  --aot IMAGE    use code vm-aot compiled for PROG (refused, with one\n"
    "                 line, when it is another program's or damaged)\n"
    "  --tier-threshold N\n"
    "                 taken backward jumps before a loop goes to LLVM in\n"
    "                 tiered mode (default 4000)\n"
    "  --code-cache-size N[K|M|G]\n"
    "                 tier-1 code cache size (default 64M, at least 64K);\n"
    "                 when full it is flushed and refilled\n"
    "  --stats[=json] print execution counters to stderr at exit\n"
    "  --strace       print each system call of the guest, its arguments and\n"
    "                 its result, one line per call, to stderr\n"
    "  --log FILE     write --strace's lines to FILE (created or truncated)\n"
    "  --log-fd N     write --strace's lines to the open descriptor N\n"
    "  --max-insns N  stop the guest after about N instructions (whole\n"
    "                 blocks; exact for one thread)\n"
    "  --timeout SECONDS\n"
    "                 stop the guest after SECONDS of wall-clock time\n"
    "  --max-memory N[K|M|G]\n"
    "                 cap the guest's mappings (program, stack, heap, mmap)\n"
    "                 at N bytes: mmap and brk beyond it fail with ENOMEM\n"
    "  --no-host-exec refuse execve of programs that are not guests (run\n"
    "                 natively otherwise, as qemu-user does) with EACCES\n"
    "  --argv0 NAME   the guest's argv[0] (default: PROG as given)\n"
    "  --no-dead-flags\n"
    "                 keep every x86 flag computation (no dead-flag pass)\n"
    "  --implicit-checks\n"
    "                 tier 2 leaves each access's page check to a host\n"
    "                 fault (LLVM's implicit checks; experimental)\n"
    "  -d ITEM[,ITEM...]\n"
    "                 log what vm-run does (QEMU's names): in_asm, op,\n"
    "                 out_asm, exec, nochain, cpu, int, page, strace;\n"
    "                 -d help lists them. exec and cpu see the blocks the\n"
    "                 dispatcher enters: chained tier-1 blocks and loops\n"
    "                 inside tier-2 regions are not seen unless nochain\n"
    "                 is given too (as QEMU's -d exec,nochain)\n"
    "  -D FILE        write the -d log to FILE (default: stderr)\n"
    "  -dfilter RANGES\n"
    "                 limit in_asm, op, out_asm and exec to guest pcs in\n"
    "                 RANGES: A..B (inclusive), A+LEN, A-LEN or A, comma\n"
    "                 separated (e.g. 0x10000..0x10fff,0x20000+0x100)\n"
    "  --perf-map     write /tmp/perf-PID.map naming each tier-1 block and\n"
    "                 tier-2 region (guest:FUNCTION+0xOFF [tier1|tier2])\n"
    "                 for perf report\n"
    "  --jitdump      write jit-PID.dump in the current directory with the\n"
    "                 host code of each block and region, for\n"
    "                 perf record -k 1, perf inject --jit, perf annotate\n"
    "  --profile FILE sample where the guest's threads spend CPU time\n"
    "                 (--profile-hz times a CPU second) and write per guest\n"
    "                 function, block and tier (tier1, tier2, interp, and\n"
    "                 vm-run's own vm:dispatch, vm:translate, vm:syscall,\n"
    "                 vm:helper, vm:compile) into FILE at exit; format by\n"
    "                 --profile-format or the name: *.json json, *.folded\n"
    "                 folded, else text\n"
    "  --profile-format text|json|folded\n"
    "                 text: top functions and blocks; json: all of them;\n"
    "                 folded: PROGRAM;FUNCTION;TIER COUNT lines for\n"
    "                 flame-graph tools\n"
    "  --profile-hz N samples per CPU second, 1 to 10000 (default 1000)\n"
    "  --profile-out FILE\n"
    "                 write the hot guest functions and blocks with their\n"
    "                 samples (the vm-profile 1 format, README.md) for vm-aot\n"
    "  --binfmt-register | --binfmt-unregister | --binfmt-print\n"
    "   [--binfmt-path PATH] [--binfmt-prefix NAME]\n"
    "                 register vm-run (or PATH) with binfmt_misc as the\n"
    "                 interpreter of riscv64 ELF executables (entry\n"
    "                 NAME-riscv64, default vm-riscv64; flags F: vm-run\n"
    "                 opened now, found in containers too; P: the program's\n"
    "                 argv[0] kept; C: set-user-ID credentials of the\n"
    "                 program), remove the entries, or print the lines (the\n"
    "                 binfmt.d format); needs root to write\n"
    "  -g PORT        wait for gdb on TCP port PORT of localhost (0: any\n"
    "                 free port, printed on stderr) before the first\n"
    "                 instruction, then run under its control (target\n"
    "                 remote :PORT); the guest runs in the interpreter\n"
    "                 while a debugger is attached (--mode is ignored).\n"
    "                 $QEMU_GDB=PORT does the same\n"
    "  -S             accepted for QEMU compatibility: -g already waits\n"
    "  -h, --help     show this help\n"
    "  --version      show the version\n"
    "\n"
    "Exit status: the guest's own; a guest killed by a signal kills vm-run\n"
    "by the same signal. vm-run's errors: 125 bad usage or internal error,\n"
    "126 the program cannot be run (not a riscv64 or x86-64 ELF, corrupt,\n"
    "unreadable),\n"
    "127 the program does not exist, 124 --max-insns or --timeout stopped the\n"
    "guest (after a line \"vm-run: instruction limit reached (N)\" or\n"
    "\"vm-run: time limit reached (N s)\").\n";

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

/* -d ITEMS, -D FILE, -dfilter RANGES (value: the next argument). */
static enum options_result log_option(const char *a, const char *val,
                                      struct rt_options *opts)
{
    if (!val)
        return error("%s needs a value", a);
    if (strcmp(a, "-d") == 0) {
        char bad[64];
        unsigned mask = 0;
        int r = rt_log_parse_items(val, &mask, bad, sizeof(bad));
        if (r > 0) {
            rt_log_print_help(stdout);
            return OPTIONS_EXIT_OK;
        }
        if (r < 0)
            return error("unknown -d item '%s' (-d help lists them)", bad);
        opts->log_items |= mask;
        return OPTIONS_RUN;
    }
    if (strcmp(a, "-dfilter") == 0) {
        if (rt_log_parse_filter(val, NULL, NULL))
            return error("bad -dfilter ranges '%s'", val);
        opts->log_filter = val;
        return OPTIONS_RUN;
    }
    int fd = open(val, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) {
        fprintf(stderr, "vm-run: cannot open -D file '%s': %s\n", val,
                strerror(errno));
        return OPTIONS_ERROR;
    }
    if (opts->dlog_fd > STDERR_FILENO && opts->dlog_fd != opts->log_fd)
        close(opts->dlog_fd); /* the last -D wins */
    opts->dlog_fd = fd;
    return OPTIONS_RUN;
}

/* A decimal number, all of the string. */
static int parse_count(const char *s, uint64_t *out)
{
    char *end;
    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end || errno)
        return -1;
    *out = v;
    return 0;
}

/* "--name VALUE" or "--name=VALUE": the value (NULL when missing) and
 * whether it used up the next argument. */
static const char *option_value(const char *a, const char *name,
                                const char *next, bool *took_next)
{
    size_t n = strlen(name);
    *took_next = a[n] != '=';
    return a[n] == '=' ? a + n + 1 : next;
}

static bool is_option(const char *a, const char *name)
{
    size_t n = strlen(name);
    return strncmp(a, name, n) == 0 && (a[n] == 0 || a[n] == '=');
}

/* --log-fd: a descriptor vm-run inherited open for writing (execve of a
 * guest program passes its log on this way). */
static int parse_log_fd(const char *v, struct rt_options *opts)
{
    uint64_t fd;
    if (parse_count(v, &fd) || fd <= STDERR_FILENO || fd > INT32_MAX)
        return -1;
    int fl = fcntl((int)fd, F_GETFL);
    if (fl < 0 || (fl & O_ACCMODE) == O_RDONLY)
        return -1;
    fcntl((int)fd, F_SETFD, FD_CLOEXEC);
    if (opts->log_fd > STDERR_FILENO && opts->log_fd != (int)fd)
        close(opts->log_fd);
    opts->log_fd = (int)fd;
    return 0;
}

static int parse_mode(const char *s, enum rt_mode *mode)
{
    static const enum rt_mode modes[] = {RT_MODE_INTERP, RT_MODE_TIER1,
                                         RT_MODE_TIERED, RT_MODE_LLVM};
    for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
        if (strcmp(s, rt_mode_name(modes[i])) == 0) {
            *mode = modes[i];
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

/* -g PORT: a decimal port number, 0 to 65535. */
static enum options_result set_gdb_port(const char *v, struct rt_options *opts)
{
    uint64_t port;
    if (!v || parse_count(v, &port) || port > 65535)
        return error("bad port '%s' for -g (0 to 65535)", v ? v : "");
    opts->gdb = true;
    opts->gdb_port = (unsigned)port;
    return OPTIONS_RUN;
}

/* The options that take a number, given as "--opt N" or "--opt=N". */
static const char *const numeric_options[] = {
    "--max-insns", "--timeout", "--max-memory", "--log-fd", "--opt-level",
    "--tier-threshold",
};

static const char *numeric_option(const char *a)
{
    for (size_t i = 0; i < sizeof(numeric_options) / sizeof(*numeric_options);
         i++)
        if (is_option(a, numeric_options[i]))
            return numeric_options[i];
    return NULL;
}

/* Sets the numeric option name from v; -1 when v is out of range. */
static int set_numeric(const char *name, const char *v,
                       struct rt_options *opts)
{
    if (strcmp(name, "--opt-level") == 0) {
        uint64_t level;
        if (parse_count(v, &level) || level > 3)
            return -1;
        opts->opt_level = (unsigned)level;
        return 0;
    }
    if (strcmp(name, "--tier-threshold") == 0)
        return parse_count(v, &opts->tier_threshold) ||
                       !opts->tier_threshold ||
                       opts->tier_threshold > UINT32_MAX
                   ? -1
                   : 0;
    if (strcmp(name, "--max-insns") == 0)
        return parse_count(v, &opts->max_insns) || !opts->max_insns ? -1 : 0;
    if (strcmp(name, "--timeout") == 0)
        return parse_count(v, &opts->timeout_sec) || !opts->timeout_sec ||
                       opts->timeout_sec > 100000000
                   ? -1
                   : 0;
    if (strcmp(name, "--max-memory") == 0)
        return parse_size(v, &opts->max_memory) || opts->max_memory < 4096
                   ? -1
                   : 0;
    return parse_log_fd(v, opts);
}

enum options_result options_parse(int argc, char **argv, char **environ,
                                  struct rt_options *opts)
{
    memset(opts, 0, sizeof(*opts));
    opts->mode = RT_MODE_TIERED;
    opts->opt_level = RT_DEFAULT_OPT_LEVEL;
    opts->tier_threshold = RT_DEFAULT_TIER_THRESHOLD;
    int n = 0;
    while (environ && environ[n])
        n++;
    char **env = malloc((size_t)(n + 1) * sizeof(char *));
    if (!env)
        return error("%s", "out of memory");
    memcpy(env, environ, (size_t)n * sizeof(char *));
    env[n] = NULL;
    opts->envp = env;

    /* QEMU_GDB=PORT, as qemu-user reads it; -g overrides it. The guest
     * does not see it, so that the programs it runs (vm-run again) do
     * not wait for a debugger of their own. */
    const char *qemu_gdb = getenv("QEMU_GDB");
    if (qemu_gdb && set_gdb_port(qemu_gdb, opts) != OPTIONS_RUN)
        return OPTIONS_ERROR;
    if (qemu_gdb)
        env_edit(&opts->envp, &n, "QEMU_GDB", false);

    struct profile_choice profile = {0};
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        const char *val = i + 1 < argc ? argv[i + 1] : NULL;
        const char *name;
        if (strcmp(a, "--") == 0) {
            i++;
            break;
        } else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(usage, stdout);
            return OPTIONS_EXIT_OK;
        } else if (strcmp(a, "--version") == 0) {
            printf("vm-run %s (guests: riscv64 x86_64; modes: tiered tier1 interp "
                   "llvm)\n",
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
                return error("unknown mode '%s' (modes: tiered, tier1, llvm, "
                             "interp)", m);
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
        } else if ((name = numeric_option(a))) {
            bool took;
            const char *v = option_value(a, name, val, &took);
            if (!v || set_numeric(name, v, opts)) {
                char msg[256];
                snprintf(msg, sizeof(msg), "bad value '%.200s' for %s",
                         v ? v : "", name);
                return error("%s", msg);
            }
            if (took)
                i++;
        } else if (strcmp(a, "--no-host-exec") == 0) {
            opts->no_host_exec = true;
        } else if (strcmp(a, "--no-dead-flags") == 0) {
            opts->no_dead_flags = true;
        } else if (strcmp(a, "--aot") == 0) {
            if (!val)
                return error("%s needs an image file", a);
            opts->aot_image = val;
            i++;
        } else if (strcmp(a, "--implicit-checks") == 0) {
            opts->implicit_checks = true;
        } else if (strcmp(a, "--argv0") == 0) {
            if (!val)
                return error("%s needs a value", a);
            opts->argv0 = val;
            i++;
        } else if (strcmp(a, "--stats") == 0) {
            opts->stats = RT_STATS_HUMAN;
        } else if (strcmp(a, "--stats=json") == 0) {
            opts->stats = RT_STATS_JSON;
        } else if (strcmp(a, "-d") == 0 || strcmp(a, "-D") == 0 ||
                   strcmp(a, "-dfilter") == 0) {
            enum options_result r = log_option(a, val, opts);
            if (r != OPTIONS_RUN)
                return r;
            i++;
        } else if (strcmp(a, "-g") == 0) {
            if (set_gdb_port(val, opts) != OPTIONS_RUN)
                return OPTIONS_ERROR;
            i++;
        } else if (strcmp(a, "-S") == 0) {
            /* qemu-user's -g waits already; so does ours */
        } else if (profile_option_wanted(a)) {
            bool took;
            if (profile_option_parse(a, val, &took, opts, &profile) !=
                OPTIONS_RUN)
                return OPTIONS_ERROR;
            if (took)
                i++;
        } else if (strcmp(a, "--perf-map") == 0) {
            opts->perf_map = true;
        } else if (strcmp(a, "--jitdump") == 0) {
            opts->jitdump = true;
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
    if (profile_options_finish(opts, &profile) != OPTIONS_RUN)
        return OPTIONS_ERROR;
    if (i >= argc)
        return error("%s", "no program given");
    /* -d strace is --strace, into the -D file unless --log says else. */
    if (opts->log_items & RT_LOG_BIT(strace)) {
        opts->strace = true;
        if (!opts->log_fd && opts->dlog_fd)
            opts->log_fd = opts->dlog_fd;
    }
    /* Under a debugger: the interpreter, one instruction per block, every
     * flag write kept so that stops show exact state. */
    if (opts->gdb) {
        opts->mode = RT_MODE_INTERP;
        opts->no_dead_flags = true;
    }
    /* LLVM code loops without counting instructions. */
    if (opts->max_insns && opts->mode == RT_MODE_LLVM)
        return error("%s", "--max-insns does not work with --mode llvm");
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
