/*
 * process.h — the runtime's internal view of a guest process and thread,
 * shared by the loader, the dispatcher, the Linux system-call layer and
 * signal delivery.
 */
#ifndef VM_RT_PROCESS_H
#define VM_RT_PROCESS_H

#include <stdbool.h>
#include <stdint.h>

#include "ir.h"
#include "mmu.h"
#include "rt.h"

struct rt_thread;

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
    uint64_t hwcap;            /* AT_HWCAP */
    const char *platform;      /* AT_PLATFORM string, or NULL */
    /* Signal frames and the sigreturn trampoline (lib/runtime/linux). */
    const struct linux_signal_abi *signal_abi;
};

extern const struct rt_guest rt_guest_riscv64;

#define RT_NSIG 64

struct rt_sigaction {
    uint64_t handler;   /* guest address, or SIG_DFL (0) / SIG_IGN (1) */
    uint64_t flags;     /* SA_* (same values on riscv64 and x86-64) */
    uint64_t restorer;
    uint64_t mask;      /* blocked during the handler, bit n-1 = signal n */
};

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
    bool exited;               /* exit_group called */
    int exit_status;
    uint64_t sigreturn_trampoline; /* guest page calling rt_sigreturn, 0 = none yet */
    /* The initial stack pointer and the argument and environment strings
     * on that stack, as /proc/self/cmdline and /proc/self/stat show them
     * (set by linux_process_start; 0 when unknown). */
    uint64_t start_stack, arg_start, arg_end, env_start, env_end;
    int log_fd;                /* --strace's descriptor once hidden from the
                                  guest (linux_process_start), 0 = not moved */
};

struct rt_thread {
    struct rt_process *proc;
    struct ir_ctx *cpu;        /* guest->cpu_size bytes */
    int tid;
    uint64_t clear_child_tid;  /* set_tid_address */
    uint64_t sig_mask;         /* blocked signals, bit n-1 = signal n */
    uint64_t sig_pending;      /* raised, not yet delivered */
    uint64_t altstack_sp, altstack_size;
    int altstack_flags;
    uint64_t insns;            /* guest instructions retired (approx.) */
    bool flush_icache;         /* riscv_flush_icache: drop translations */
    int32_t sig_code[RT_NSIG + 1]; /* si_code of each pending signal */
    /* Pending signal instances with their siginfo, in arrival order
     * (lib/runtime/linux/signal_queue.c): one per pending standard signal,
     * one per queued real-time signal. sig_pending stays the quick test. */
    uint32_t sig_queue_len;
    struct rt_queued_signal {
        int32_t sig;
        uint64_t info[16]; /* the guest's siginfo_t, 128 bytes */
    } sig_queue[64];
};

/*
 * Carries out the guest system call described by the thread's registers
 * and writes its result back (lib/runtime/linux). Sets proc->exited for
 * exit_group (and exit of the last thread).
 */
void linux_syscall(struct rt_thread *t);

/*
 * Called by the dispatcher at block boundaries when t->sig_pending has an
 * unblocked signal: runs the guest handler (sets up its frame) or applies
 * the default action (which may end the process).
 */
void linux_deliver_signals(struct rt_thread *t);

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
