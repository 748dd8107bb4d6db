/*
 * rt.h — the runtime's public interface: run a guest program in user mode.
 * tools/vm-run is a thin command-line front end over this.
 */
#ifndef VM_RT_H
#define VM_RT_H

#include <stdbool.h>
#include <stdint.h>

/* vm-run's own exit statuses (the guest's status is passed through). */
enum {
    RT_STATUS_LIMIT = 124,     /* --max-insns or --timeout stopped the guest
                                  (124, as timeout(1) reports) */
    RT_STATUS_USAGE = 125,     /* bad option, internal error */
    RT_STATUS_CANNOT_EXEC = 126, /* not an ELF we run, unreadable, corrupt */
    RT_STATUS_NOT_FOUND = 127, /* program missing */
};

enum rt_mode {
    RT_MODE_INTERP, /* tier 0: the IR interpreter */
    RT_MODE_TIER1,  /* tier 1 only: every block as x86-64 host code */
    RT_MODE_TIERED, /* tier 1, hot regions to LLVM in the background */
    RT_MODE_LLVM,   /* every block through LLVM (testing) */
};

/* The --mode name of m. */
static inline const char *rt_mode_name(enum rt_mode m)
{
    static const char *const names[] = {"interp", "tier1", "tiered", "llvm"};
    return names[m];
}

#define RT_DEFAULT_OPT_LEVEL 2
/* Taken backward jumps before their target's region goes to LLVM: a few
 * thousand loop iterations pay for a compile of about a millisecond. */
#define RT_DEFAULT_TIER_THRESHOLD 4000

/* --stats: counters printed to stderr at exit. */
enum rt_stats { RT_STATS_NONE, RT_STATS_HUMAN, RT_STATS_JSON };

struct rt_options {
    enum rt_mode mode;
    const char *prog;     /* path given on the command line */
    int argc;             /* guest argv (argv[0] is the program name) */
    char **argv;
    char **envp;          /* guest environment, NULL-terminated */
    uint64_t max_insns;   /* --max-insns: 0 = unlimited */
    uint64_t timeout_sec; /* --timeout: wall-clock seconds, 0 = none */
    uint64_t max_memory;  /* --max-memory: bytes of guest mappings, 0 = no
                             cap beyond the address space */
    bool no_dead_flags;   /* --no-dead-flags: keep every flag write (the
                             differential tests compare both) */
    bool implicit_checks; /* --implicit-checks: tier 2 leaves the page
                             check of plain accesses to a host fault
                             (lib/lift/llvm/README.md) */
    bool no_host_exec;    /* --no-host-exec: execve of a non-guest program
                             fails with EACCES instead of running natively */
    const char *argv0;    /* --argv0: the guest's argv[0] when it differs
                             from the program path (execve), or NULL */
    const char *exec_name; /* guest AT_EXECFN / argv[0] override, or NULL */
    const char *sysroot;  /* -L: guest root for absolute paths, or NULL for
                             the default (rt_default_sysroot) */
    uint64_t code_cache_size; /* tier-1 code cache bytes, 0 = default */
    unsigned opt_level;   /* --opt-level: tier 2's LLVM pipeline, 0..3 */
    uint64_t tier_threshold; /* --tier-threshold: see RT_DEFAULT_... */
    enum rt_stats stats;
    bool strace;          /* --strace: one line per guest system call */
    int log_fd;           /* where --strace writes, opened by the front end
                             (--log FILE); 0 means stderr */
    unsigned log_items;   /* -d: bits of enum rt_log_item (log.h) */
    int dlog_fd;          /* -D FILE opened by the front end; 0: stderr */
    const char *log_filter; /* -dfilter RANGES (validated), or NULL */
    bool perf_map;        /* --perf-map: /tmp/perf-PID.map */
    bool jitdump;         /* --jitdump: jit-PID.dump for perf inject */
    int profile_fd;       /* --profile FILE opened by the front end; 0:
                             no profile (lib/runtime/profile.h) */
    int profile_out_fd;   /* --profile-out FILE, 0: none */
    const char *aot_image; /* --aot IMAGE (vm-aot's), or NULL */
    unsigned profile_format; /* enum rt_profile_format */
    unsigned profile_hz;  /* --profile-hz, 0: RT_PROFILE_DEFAULT_HZ */
    bool gdb;             /* -g: wait for gdb on gdb_port (0: any port)
                             and run under its control (interpreter) */
    unsigned gdb_port;
};

/*
 * Loads and runs the program until it exits. Returns the guest's exit
 * status, or an RT_STATUS_* after printing one "vm-run: ..." line. A guest
 * killed by a signal makes this process die by the same signal.
 */
int rt_run(const struct rt_options *opts);

#endif
