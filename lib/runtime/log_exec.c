/*
 * log_exec.c — what the guest does, as the runtime sees it: -d exec (a
 * line per block the dispatcher enters), -d cpu (the guest registers
 * there), -d int (faults, traps, signals) and -d page (the memory map in
 * /proc/self/maps form).
 */
#define _GNU_SOURCE
#include <elf.h>
#include <inttypes.h>
#include <signal.h>
#include <string.h>

#include "guest_syms.h"
#include "linux_internal.h"
#include "log_hooks.h"
#include "aarch64.h"
#include "riscv64.h"
#include "x86_64_state.h"

static const char *const rv_names[32] = {
    "zero", "ra", "sp",  "gp",  "tp", "t0", "t1", "t2", "s0", "s1", "a0",
    "a1",   "a2", "a3",  "a4",  "a5", "a6", "a7", "s2", "s3", "s4", "s5",
    "s6",   "s7", "s8",  "s9",  "s10", "s11", "t3", "t4", "t5", "t6",
};

static const char *const x86_names[16] = {
    "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
    "r8",  "r9",  "r10", "r11", "r12", "r13", "r14", "r15",
};

static void put_regs(FILE *f, const char *const *names, const uint64_t *v,
                     int n)
{
    for (int i = 0; i < n; i++)
        fprintf(f, "%-4s %016" PRIx64 "%s", names[i], v[i],
                i % 4 == 3 || i == n - 1 ? "\n" : "  ");
}

static void put_cpu(FILE *f, const struct rt_thread *t)
{
    const struct ir_ctx *cpu = t->cpu;
    if (t->proc->guest->elf_machine == EM_X86_64) {
        const struct x86_cpu *x = (const struct x86_cpu *)cpu;
        fprintf(f, "rip  %016" PRIx64 "  rflags %016" PRIx64 "\n", cpu->pc,
                x86_rflags(x));
        put_regs(f, x86_names, x->gpr, 16);
        fprintf(f, "fs_base %016" PRIx64 "  gs_base %016" PRIx64 "\n",
                x->fs_base, x->gs_base);
        return;
    }
    if (t->proc->guest->elf_machine == EM_AARCH64) {
        static const char *const a64_names[32] = {
            "x0",  "x1",  "x2",  "x3",  "x4",  "x5",  "x6",  "x7",
            "x8",  "x9",  "x10", "x11", "x12", "x13", "x14", "x15",
            "x16", "x17", "x18", "x19", "x20", "x21", "x22", "x23",
            "x24", "x25", "x26", "x27", "x28", "x29", "x30", "sp"};
        const struct a64_cpu *a = (const struct a64_cpu *)cpu;
        fprintf(f, "pc   %016" PRIx64 "  nzcv %" PRIu64 "%" PRIu64 "%" PRIu64
                   "%" PRIu64 "\n",
                cpu->pc, a->flag_n, a->flag_z, a->flag_c, a->flag_v);
        put_regs(f, a64_names, a->x, 32);
        return;
    }
    const struct rv_cpu *r = (const struct rv_cpu *)cpu;
    fprintf(f, "pc   %016" PRIx64 "\n", cpu->pc);
    put_regs(f, rv_names, r->x, 32);
}

void rt_log_exec(const struct rt_thread *t, const char *tier)
{
    uint64_t pc = t->cpu->pc;
    bool exec = rt_log_on(RT_LOG_exec) && rt_log_pc_wanted(pc);
    if (!exec && !rt_log_on(RT_LOG_cpu))
        return;
    struct rt_log_rec r;
    FILE *f = rt_log_begin(&r);
    if (!f)
        return;
    if (exec) {
        char sym[160];
        rt_guest_symbol(t->proc, pc, sym, sizeof(sym));
        fprintf(f, "Trace %d: [%s] %#018" PRIx64 " %s\n", t->tid, tier, pc,
                sym);
    }
    if (rt_log_on(RT_LOG_cpu))
        put_cpu(f, t);
    rt_log_end(&r);
}

void rt_log_signal(const struct rt_thread *t, const char *what, int sig,
                   int code, uint64_t addr)
{
    rt_log_printf("%s: thread %d SIG%s (si_code %d) at pc %#" PRIx64
                  " address %#" PRIx64 "\n",
                  what, t->tid, sigabbrev_np(sig) ? sigabbrev_np(sig) : "?",
                  code, t->cpu->pc, addr);
}

void rt_log_page(const struct rt_thread *t, const char *why)
{
    struct rt_log_rec r;
    FILE *f = rt_log_begin(&r);
    if (!f)
        return;
    fprintf(f, "page: guest memory map after %s (thread %d):\n", why,
            t->tid);
    lx_proc_maps((struct rt_thread *)t, f);
    fputc('\n', f);
    rt_log_end(&r);
}
