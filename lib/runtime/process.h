/*
 * process.h — the runtime's internal view of a guest process and thread,
 * shared by the loader, the dispatcher, the Linux system-call layer and
 * signal delivery.
 */
#ifndef VM_RT_PROCESS_H
#define VM_RT_PROCESS_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "ir.h"
#include "mmu.h"
#include "rt.h"
#include "stats.h"

struct rt_thread;
struct cg_cache;
struct cg_thread;
struct rt_tier2;
struct rt_aot;
struct opt_flag_words;

/*
 * What the runtime needs to know about a guest architecture. One instance
 * per guest (guest_riscv64.c); the rest of the runtime is guest-neutral.
 */
struct rt_guest {
    const char *name;          /* "riscv64" */
    uint16_t elf_machine;      /* EM_RISCV */
    uint64_t address_space;    /* bytes of guest address space */
    uint64_t cpu_size;         /* sizeof the CPU state (starts with ir_ctx) */
    /* Lifts the block at ctx->pc into b. fetch returns a host pointer to
     * guest code at pc and how many bytes are executable from there (0
     * when none); the lifter ends the block at an unfetchable instruction
     * with a FETCH_FAULT trap. */
    void (*lift_block)(struct ir_block *b, uint64_t pc,
                       const uint8_t *(*fetch)(void *, uint64_t, uint64_t *),
                       void *fetch_arg);
    /* System-call ABI: number, six arguments, result. */
    uint64_t (*syscall_nr)(const struct ir_ctx *cpu);
    void (*syscall_args)(const struct ir_ctx *cpu, uint64_t args[6]);
    void (*syscall_set_result)(struct ir_ctx *cpu, uint64_t value);
    /* Initial registers: pc, stack pointer. */
    void (*set_entry)(struct ir_ctx *cpu, uint64_t pc, uint64_t sp);
    /* A new thread or process made by clone: the call returns 0 in it; sp
     * (when nonzero) and the thread pointer (when set_tls) replaced. */
    void (*set_clone_child)(struct ir_ctx *cpu, uint64_t sp, bool set_tls,
                            uint64_t tls);
    /* Bytes of the system-call instruction (a restarted call goes back
     * over it). */
    unsigned syscall_insn_len;
    uint64_t (*hwcap)(void);   /* AT_HWCAP */
    bool has_hwcap2;           /* AT_HWCAP2 is in the auxv (x86-64: 0) */
    const char *platform;      /* AT_PLATFORM string, or NULL */
    /* Where a position-independent program goes: Linux's ELF_ET_DYN_BASE
     * (2/3 of the user address space). */
    uint64_t dyn_base;
    /* The guest's memory model is TSO (x86-64), not RVWMO: compiled code
     * keeps its plain accesses in program order (ll_region.h). */
    bool tso;
    /* The Debian cross sysroot for -L's default, or NULL (none: guest
     * paths are host paths). */
    const char *default_sysroot;
    /* si_code of the SIGTRAP a breakpoint instruction raises; SI_KERNEL
     * (x86-64's int3) carries no address. */
    int breakpoint_si_code;
    /* si_code of the SIGILL an undefined instruction raises (riscv64
     * ILL_ILLOPC, x86-64's #UD ILL_ILLOPN). */
    int illegal_si_code;
    /* System-call numbers and structure layouts (lib/runtime/linux). */
    const struct linux_guest_abi *linux_abi;
    /* Signal frames and the sigreturn trampoline (lib/runtime/linux). */
    const struct linux_signal_abi *signal_abi;
    /* State words the dead-flag pass may delete writes of, or NULL. */
    const struct opt_flag_words *flag_words;
    /* An access that breaks an alignment rule is a general-protection
     * fault (x86: SIGSEGV, SI_KERNEL, address 0), not SIGBUS. */
    bool misaligned_is_gp;
};

extern const struct rt_guest rt_guest_riscv64;
extern const struct rt_guest rt_guest_x86_64;
extern const struct rt_guest rt_guest_aarch64;

/* The guest that runs ELF machine `machine`, or NULL (guest_select.c). */
const struct rt_guest *rt_guest_for_machine(uint16_t machine);
/* The guest for the program at path by its ELF header; riscv64 when the
 * file is not a 64-bit ELF of a known machine, so that the loader reports
 * why it cannot run it. */
const struct rt_guest *rt_guest_for_file(const char *path);

#define RT_NSIG 64

struct rt_sigaction {
    uint64_t handler;   /* guest address, or SIG_DFL (0) / SIG_IGN (1) */
    uint64_t flags;     /* SA_* (same values on riscv64 and x86-64) */
    uint64_t restorer;
    uint64_t mask;      /* blocked during the handler, bit n-1 = signal n */
};

/*
 * Pending signals and their siginfo, in arrival order: one entry per
 * pending standard signal, one per queued real-time signal (see
 * linux/signal_queue.c). Each thread has one (thread-directed signals),
 * the process one more (process-directed: kill, external senders).
 */
struct rt_sigqueue {
    uint64_t pending;              /* bit n-1 = signal n */
    int32_t code[RT_NSIG + 1];     /* si_code of a signal pending without an
                                      entry (the queue was full) */
    uint32_t len;
    struct rt_queued_signal {
        int32_t sig;
        uint64_t info[16]; /* the guest's siginfo_t, 128 bytes */
    } q[64];
};

/*
 * Signals the host delivered to a thread, recorded by the host handler
 * (linux/signal_host.c) without locks and moved into the queues by the
 * thread itself at its next dispatcher pass or system call.
 */
struct rt_signal_inbox {
    uint64_t arrived;              /* bit n-1 = signal n (atomic) */
    uint64_t shared;               /* of those, the process-directed ones */
    uint64_t info[RT_NSIG + 1][16];
};

/* Why the run stopped on a limit (--max-insns, --timeout). */
enum rt_limit { RT_LIMIT_NONE, RT_LIMIT_INSNS, RT_LIMIT_TIME };

struct rt_process {
    const struct rt_guest *guest;
    const struct rt_options *opts;
    struct mmu *mmu;
    char *exe_path;            /* absolute host path: /proc/self/exe */
    uint64_t brk_start, brk_cur;
    uint64_t entry, phdr, phnum, load_bias;
    uint64_t interp_base;      /* the dynamic linker's load bias, 0 if none */
    const char *sysroot;       /* remaps absolute guest paths, or NULL */
    uint64_t auxv_addr, auxv_len; /* where the auxv lies on the guest stack */
    struct rt_sigaction sigactions[RT_NSIG + 1]; /* index = signal number */
    /* A SIGSEGV or SIGBUS handler was installed once: from then on the
     * dead-flag pass keeps flags at loads (atomic; dispatch.c optimize_block). */
    bool fault_handler_seen;
    bool exited;               /* exit_group called, or the last thread left
                                  (read and written atomically) */
    int exit_status;
    uint64_t sigreturn_trampoline; /* guest page calling rt_sigreturn, 0 = none yet */
    /* The initial stack pointer and the argument and environment strings
     * on that stack, as /proc/self/cmdline and /proc/self/stat show them
     * (set by linux_process_start; 0 when unknown). */
    uint64_t start_stack, arg_start, arg_end, env_start, env_end;
    int log_fd;                /* --strace's descriptor once hidden from the
                                  guest (linux_process_start), 0 = not moved */

    /* ---- threads (thread.c) ---- */
    pthread_mutex_t lock;      /* the thread list, signal queues and
                                  dispositions; never held while blocking */
    pthread_mutex_t mm_lock;   /* serializes changes of the memory map */
    pthread_cond_t thread_left; /* signalled when a thread leaves */
    struct rt_thread *threads; /* live threads, linked by next */
    int nthreads;
    int leader_exit_code;      /* exit() of the first thread: the status
                                  when the last thread leaves by exit() */
    struct rt_sigqueue sigq;   /* process-directed pending signals */
    uint64_t icache_gen;       /* bumped to make every thread drop its
                                  translations (fence.i, code unmapped) */
    struct cg_cache *code;     /* tier 1's code cache, shared by threads */
    struct rt_tier2 *tier2;    /* tier 2 (modes tiered, llvm), or NULL */
    struct rt_aot *aot;        /* --aot image in use (aot.h), or NULL */
    struct rt_stats_counters stats; /* summed as threads leave */
    struct rt_region_reports region_reports; /* tier 2's, for --stats */
    /* ---- limits (guest_limits.c) ---- */
    enum rt_limit limit_hit;   /* set once a limit stopped the run */
    int64_t insn_budget;       /* --max-insns: not yet handed to threads */
    pthread_t watchdog;        /* --timeout's timer thread */
    bool has_watchdog;
    uint64_t deadline_ns;      /* CLOCK_MONOTONIC end of --timeout */
    /* ---- vfork (sys_clone.c) ---- */
    int vfork_pipe;            /* in a vfork child: where its memory writes
                                  go back to the parent, else -1 */
    /* ---- -g (lib/runtime/gdb) ---- */
    struct gdbstub *gdb;       /* the debugger's stub, NULL without -g */
};

/*
 * The instruction budget counter of a thread lives in the 8 bytes just
 * before its CPU state (tier 1 counts down [state - 8] at block entries,
 * see code_cache.h); rt_cpu_alloc() reserves them.
 */
struct rt_cpu_prefix {
    uint8_t in_tier2;          /* set by the tier-2 trampoline while LLVM
                                  code runs (tier2_runtime.h) */
    uint8_t unused[7];
    uint64_t t2_iterations;    /* backward edges taken by the tier-2 code
                                  just left (ll_region.iters_off); the
                                  trampoline moves them to its region */
    uint8_t unused2[8];        /* keeps the state 16-byte aligned */
    int64_t insn_budget;
};

struct rt_thread {
    struct rt_process *proc;
    struct ir_ctx *cpu;        /* guest->cpu_size bytes, after a prefix */
    int tid;
    uint64_t clear_child_tid;  /* set_tid_address */
    uint64_t sig_mask;         /* blocked signals, bit n-1 = signal n */
    uint64_t saved_mask;       /* the mask to restore after the handler of
                                  a signal that ended rt_sigsuspend, ppoll
                                  or pselect6 (valid when has_saved_mask) */
    bool has_saved_mask;
    struct rt_sigqueue sigq;   /* thread-directed pending signals */
    struct rt_signal_inbox inbox;
    uint64_t altstack_sp, altstack_size;
    int altstack_flags;
    uint64_t insns;            /* guest instructions retired (approx.) */
    uint64_t icache_gen;       /* proc->icache_gen when last flushed */
    bool flush_icache;         /* riscv_flush_icache: drop translations */
    /* ---- host side (thread.c) ---- */
    pthread_t host;
    struct rt_thread *next;
    bool leaving;              /* exit(): this thread ends after the call */
    bool is_leader;            /* the process's first thread */
    uint64_t settid_parent;    /* clone: where the new thread writes its */
    uint64_t settid_child;     /* tid before it runs (0: nowhere) */
    struct cg_thread *cg;      /* tier 1: its jump cache and code state */
    struct rt_stats_counters stats;
    /* ---- -g (lib/runtime/gdb, under its lock) ---- */
    uint8_t gdb_resume;        /* how the debugger resumed it (GDB_RESUME_*) */
    bool gdb_step_armed;       /* a single step began: stop before the next
                                  instruction */
    uint8_t gdb_watch_kind;    /* a watchpoint this thread hit, 0 = none */
    int gdb_signal;            /* the signal the debugger passed on (C, S) */
    uint64_t gdb_watch_addr;
};

/* Allocates and frees a CPU state of guest->cpu_size bytes (zeroed, with
 * the instruction-budget prefix), with mem_base/limit set for the mmu. */
struct ir_ctx *rt_cpu_alloc(const struct rt_guest *g, const struct mmu *m);
void rt_cpu_free(struct ir_ctx *cpu);
static inline struct rt_cpu_prefix *rt_cpu_prefix(struct ir_ctx *cpu)
{
    return (struct rt_cpu_prefix *)cpu - 1;
}

/* Initializes the process's locks and thread bookkeeping (the rest of
 * *p is left as the caller set it); rt_process_fini undoes it. */
void rt_process_init(struct rt_process *p);
void rt_process_fini(struct rt_process *p);

/* Adds t to (or removes it from) p's thread list. */
void rt_thread_attach(struct rt_process *p, struct rt_thread *t);
void rt_thread_detach(struct rt_process *p, struct rt_thread *t);

/* A zeroed thread of p with a CPU state (reused from threads that ended),
 * or NULL when out of memory. */
struct rt_thread *rt_thread_alloc(struct rt_process *p);

/* Gives back a thread that no longer runs (its memory is reused or freed
 * with the process). */
void rt_thread_release(struct rt_thread *t);
/* In a fork child: the thread bookkeeping's own lock is free again. */
void rt_thread_after_fork_child(void);

/* Makes t the calling host thread's guest thread and opens its host
 * signal mask. */
void rt_thread_started(struct rt_thread *t);
void rt_set_current_thread(struct rt_thread *t);

/* A thread's end after exit(): clears and wakes its clear_child_tid,
 * leaves the list; the last one out ends the process. */
void rt_thread_finish(struct rt_thread *t);

/*
 * Starts a guest thread on a new host thread: t (proc, cpu, masks set)
 * runs the dispatcher until it leaves. Returns its tid (the host thread's
 * gettid()) once it runs, or -errno.
 */
int rt_thread_spawn(struct rt_thread *t);

/* Asks every thread but self (NULL: every thread) to come back to its
 * dispatcher: sets its poll flag and interrupts its blocking call. */
void rt_poke_threads(struct rt_process *p, const struct rt_thread *self);

/* Interrupts thread t: sets its poll flag, and when t is not the caller
 * sends its host thread the wake-up signal (linux/signal_host.c). */
void rt_poke_thread(struct rt_thread *t);

/* The thread the caller runs (NULL outside guest threads). */
struct rt_thread *rt_current_thread(void);

/* Whether the run must stop: exit_group, a fatal limit. */
static inline bool rt_process_done(const struct rt_process *p)
{
    return __atomic_load_n(&p->exited, __ATOMIC_ACQUIRE);
}

/* Ends the whole process with status (exit_group): every thread stops at
 * its next dispatcher pass. */
void rt_process_exit(struct rt_process *p, int status);

/*
 * Carries out the guest system call described by the thread's registers
 * and writes its result back (lib/runtime/linux). Sets proc->exited for
 * exit_group (and exit of the last thread).
 */
void linux_syscall(struct rt_thread *t);

/*
 * Called by the dispatcher at block boundaries when a signal t does not
 * block is pending (linux_signals_deliverable): runs the guest handler
 * (sets up its frame) or applies the default action (which may end the
 * process).
 */
void linux_deliver_signals(struct rt_thread *t);
bool linux_signals_deliverable(const struct rt_thread *t);

/* Moves the signals the host delivered to this thread into the guest's
 * pending queues (cheap when none came). */
void linux_receive_signals(struct rt_thread *t);

/* Ends the temporary mask of rt_sigsuspend/ppoll/pselect6 when no
 * handler took it over. */
void linux_restore_sigmask(struct rt_thread *t);

/* An internal error in one thread ends the process with status. */
void rt_process_fail(struct rt_process *p, int status);

/*
 * A synchronous fault in guest code (SIGSEGV, SIGBUS, SIGILL, SIGTRAP,
 * SIGFPE) at the guest pc in t->cpu->pc: delivered at once to the guest
 * handler if any, else the process dies by that signal.
 */
void linux_raise_fault(struct rt_thread *t, int sig, int code, uint64_t addr);

/* Ends the host process by `sig`, as a native program killed by it would
 * end (no core dump). Never returns. */
_Noreturn void rt_die_by_signal(int sig);

#endif
