/*
 * dispatch.c — the dispatcher: what every thread does between blocks
 * (rt_checkpoint: signals, exit, limits), and tier 0 (block cache lookup,
 * lifting on a miss, interpretation, the exit protocol of interp.h);
 * --mode tier1 hands the thread to dispatch_tier1.c.
 *
 * Each guest thread runs its own loop (rt_dispatch) on its own host
 * thread. Tier 0 keeps a block cache per thread (IR blocks are small);
 * a fence.i or riscv_flush_icache in one thread bumps proc->icache_gen
 * and every thread drops its blocks at its next pass.
 */
#define _GNU_SOURCE
#include "dispatch.h"

#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "block_cache.h"
#include "dead_flags.h"
#include "dispatch_internal.h"
#include "gdbstub.h"
#include "interp.h"
#include "guest_limits.h"
#include "log_hooks.h"
#include "profile.h"
#include "tier2_runtime.h"

/* Code may straddle into the next page when it is executable too. */
const uint8_t *rt_fetch_code(void *arg, uint64_t pc, uint64_t *avail)
{
    const struct mmu *m = arg;
    if (!(mmu_prot_at(m, pc) & MMU_EXEC)) {
        *avail = 0;
        return NULL;
    }
    uint64_t n = MMU_PAGE_SIZE - (pc & MMU_PAGE_MASK);
    if (mmu_prot_at(m, pc + n) & MMU_EXEC)
        n += MMU_PAGE_SIZE;
    *avail = n;
    return mmu_host(m, pc);
}

/* The dead-flag pass's view of a direct exit's target: lifted as is. */
static bool lift_successor(void *arg, uint64_t pc, struct ir_block *b)
{
    struct rt_thread *t = arg;
    t->proc->guest->lift_block(b, pc, rt_fetch_code, t->proc->mmu);
    return ir_validate(b) == NULL;
}

static void optimize_block(struct rt_thread *t, struct ir_block *b)
{
    const struct rt_guest *g = t->proc->guest;
    if (!g->flag_words || t->proc->opts->no_dead_flags)
        return;
    struct opt_dead_flags_stats st = {0};
    /* A faulting load's flags are seen only by a guest handler or gdb. */
    struct opt_successors succ = {
        .lift = lift_successor, .arg = t,
        .fetch = rt_fetch_code, .fetch_arg = t->proc->mmu,
        .loads_unobserved = !t->proc->gdb &&
            !__atomic_load_n(&t->proc->fault_handler_seen, __ATOMIC_ACQUIRE),
    };
    opt_dead_flags_across(b, g->flag_words, &succ, &st);
    t->stats.flag_puts += st.flag_puts;
    t->stats.flag_puts_removed += st.removed;
    t->stats.flag_ops_removed += st.dead_ops;
}

static void lift_locked(struct rt_thread *t, struct ir_block *b, uint64_t pc,
                        bool trim_for_gdb)
{
    mmu_lock(t->proc->mmu);
    ir_block_reset(b, pc);
    t->proc->guest->lift_block(b, pc, rt_fetch_code, t->proc->mmu);
    if (trim_for_gdb)
        gdbstub_trim_block(b);
    optimize_block(t, b); /* lifts exit targets: under the lock too */
    mmu_unlock(t->proc->mmu);
}

void rt_lift_optimized(struct rt_thread *t, struct ir_block *b, uint64_t pc)
{
    lift_locked(t, b, pc, false);
}

bool rt_lift(struct rt_thread *t, struct ir_block *b, uint64_t pc)
{
    lift_locked(t, b, pc, t->proc->gdb != NULL);
    const char *why = ir_validate(b);
    if (why) {
        fprintf(stderr,
                "vm-run: internal error: invalid IR for block at %#" PRIx64
                ": %s\n",
                pc, why);
        return false;
    }
    if (rt_log_mask & RT_LOG_BLOCK_ITEMS)
        rt_log_block(t->proc, b);
    return true;
}

bool rt_checkpoint(struct rt_thread *t)
{
    struct rt_process *p = t->proc;
    /* Seq-cst: the clear must be visible before pending signals are read,
     * or a poke landing in between is lost (x86 reorders store->load). */
    __atomic_store_n(&t->cpu->poll, 0, __ATOMIC_SEQ_CST);
    linux_receive_signals(t);
    if (rt_process_done(p) || t->leaving)
        return false;
    if (linux_signals_deliverable(t)) {
        linux_deliver_signals(t);
        if (rt_process_done(p))
            return false;
    }
    /* rt_sigsuspend/ppoll's mask when no handler ended up running. */
    linux_restore_sigmask(t);
    return rt_budget_ok(t);
}

/* The block at pc, lifted into the cache; NULL on failure, or with
 * *faulted set when its first instruction could not be fetched (the
 * SIGSEGV is raised and nothing is cached). */
static struct ir_block *translate(struct rt_thread *t, struct block_cache *c,
                                  uint64_t pc, bool *faulted)
{
    *faulted = false;
    struct ir_block *b = malloc(sizeof(*b));
    if (!b)
        return NULL;
    ir_block_init(b, pc);
    bool lifted = rt_lift(t, b, pc);
    if (!lifted || (*faulted = rt_raise_fetch_fault(t, b))) {
        ir_block_free(b);
        free(b);
        return NULL;
    }
    return block_cache_insert(c, b);
}

int rt_segv_code(const struct mmu *m, uint64_t addr)
{
    return mmu_is_mapped(m, addr) ? SEGV_ACCERR : SEGV_MAPERR;
}

void rt_raise_access_fault(struct rt_thread *t, uint64_t addr, bool misaligned)
{
    if (misaligned && t->proc->guest->misaligned_is_gp)
        linux_raise_fault(t, SIGSEGV, SI_KERNEL, 0);
    else if (misaligned)
        linux_raise_fault(t, SIGBUS, BUS_ADRALN, addr);
    else
        linux_raise_fault(t, SIGSEGV, rt_segv_code(t->proc->mmu, addr), addr);
}

void rt_raise_host_fault(struct rt_thread *t, int host_sig, uint64_t addr)
{
    /* SIGBUS on the host: a file page wholly past the end of its file. */
    if (host_sig == SIGBUS)
        linux_raise_fault(t, SIGBUS, BUS_ADRERR, addr);
    else
        rt_raise_access_fault(t, addr, false);
}

void rt_raise_trap(struct rt_thread *t, enum ir_trap trap, uint64_t block_pc)
{
    struct ir_ctx *cpu = t->cpu;
    switch (trap) {
    case IR_TRAP_ILLEGAL:
        linux_raise_fault(t, SIGILL, t->proc->guest->illegal_si_code,
                          cpu->pc);
        break;
    case IR_TRAP_BREAKPOINT: {
        /* riscv64's ebreak reports its pc; x86-64's int3 is SI_KERNEL
         * with no address (the pc is already past it). */
        int code = t->proc->guest->breakpoint_si_code;
        linux_raise_fault(t, SIGTRAP, code, code == SI_KERNEL ? 0 : cpu->pc);
        break;
    }
    case IR_TRAP_FETCH_FAULT: {
        /* The trap carries the unfetchable byte; the pc is the insn's. */
        uint64_t addr = cpu->pc;
        cpu->pc = block_pc;
        linux_raise_fault(t, SIGSEGV, rt_segv_code(t->proc->mmu, addr), addr);
        break;
    }
    case IR_TRAP_DIVIDE_ERROR: /* x86 #DE */
        linux_raise_fault(t, SIGFPE, FPE_INTDIV, cpu->pc);
        break;
    case IR_TRAP_PRIVILEGED: /* x86 #GP in user mode: Linux's SI_KERNEL */
        linux_raise_fault(t, SIGSEGV, SI_KERNEL, 0);
        break;
    case IR_TRAP_SYSCALL:
    case IR_TRAP_FLUSH_ICACHE:
    case IR_NUM_TRAPS:
        break;
    }
}

bool rt_raise_fetch_fault(struct rt_thread *t, const struct ir_block *b)
{
    const struct ir_insn *last = &b->insns[b->n - 1];
    if (b->guest_insns != 0 || last->op != IR_EXIT_TRAP ||
        last->aux != IR_TRAP_FETCH_FAULT)
        return false;
    t->cpu->pc = last->imm;
    rt_raise_trap(t, IR_TRAP_FETCH_FAULT, b->pc);
    return true;
}

void rt_request_flush(struct rt_thread *t)
{
    __atomic_add_fetch(&t->proc->icache_gen, 1, __ATOMIC_RELEASE);
}

static void on_trap(struct rt_thread *t, const struct ir_block *b,
                    enum ir_trap trap)
{
    if (trap == IR_TRAP_SYSCALL)
        linux_syscall(t);
    else if (trap == IR_TRAP_FLUSH_ICACHE)
        rt_request_flush(t);
    else
        rt_raise_trap(t, trap, b->pc);
}

/* Runs b within the instruction budget; false when the budget is spent. */
static bool run_counted(struct rt_thread *t, const struct ir_block *b)
{
    struct rt_cpu_prefix *pre = rt_cpu_prefix(t->cpu);
    if (t->proc->opts->max_insns) {
        pre->insn_budget -= b->guest_insns;
        if (pre->insn_budget < 0) {
            pre->insn_budget += b->guest_insns;
            return false;
        }
    }
    struct interp_exit ex;
    enum interp_result r = interp_run(b, t->cpu, &ex);
    t->insns += b->guest_insns;
    if (r == INTERP_TRAP)
        on_trap(t, b, ex.trap);
    else if (r == INTERP_FAULT && ex.watch)
        t->insns -= b->guest_insns; /* a watchpoint (-g): runs again */
    else if (r == INTERP_FAULT && ex.write && !ex.misaligned && !ex.bus &&
             mmu_track_fault(t->proc->mmu, ex.addr))
        ; /* a write-tracked page (vfork child): run the store again */
    else if (r == INTERP_FAULT && ex.bus)
        rt_raise_host_fault(t, SIGBUS, ex.addr);
    else if (r == INTERP_FAULT)
        rt_raise_access_fault(t, ex.addr, ex.misaligned);
    return true;
}

bool rt_interp_step(struct rt_thread *t)
{
    struct ir_block b;
    ir_block_init(&b, t->cpu->pc);
    bool lifted = rt_lift(t, &b, t->cpu->pc);
    if (lifted && !run_counted(t, &b))
        rt_budget_refill(t, b.guest_insns);
    ir_block_free(&b);
    return lifted;
}

static int dispatch_interp(struct rt_thread *t)
{
    struct rt_process *proc = t->proc;
    struct block_cache *cache = block_cache_create();
    if (!cache) {
        fprintf(stderr, "vm-run: out of memory\n");
        return RT_STATUS_USAGE;
    }
    int status = 0;
    t->icache_gen = __atomic_load_n(&proc->icache_gen, __ATOMIC_ACQUIRE);
    while (rt_checkpoint(t)) {
        if (proc->gdb)
            gdbstub_before_insn(proc->gdb, t);
        uint64_t gen = __atomic_load_n(&proc->icache_gen, __ATOMIC_ACQUIRE);
        if (t->flush_icache || gen != t->icache_gen) {
            block_cache_flush(cache);
            if (t->flush_icache)
                gen = __atomic_add_fetch(&proc->icache_gen, 1,
                                         __ATOMIC_RELEASE);
            t->icache_gen = gen;
            t->flush_icache = false;
        }
        uint64_t pc = t->cpu->pc;
        struct ir_block *b = block_cache_lookup(cache, pc);
        rt_prof_set(RT_PROF_TRANSLATE, pc);
        bool faulted = false;
        if (!b && !(b = translate(t, cache, pc, &faulted))) {
            if (faulted)
                continue;
            status = RT_STATUS_USAGE;
            break;
        }
        if (rt_log_mask & RT_LOG_EXEC_ITEMS)
            rt_log_exec(t, "interp");
        rt_prof_set(RT_PROF_INTERP, pc);
        if (!run_counted(t, b))
            rt_budget_refill(t, b->guest_insns);
        rt_prof_set(RT_PROF_DISPATCH, 0);
    }
    block_cache_destroy(cache);
    return status;
}

int rt_dispatch(struct rt_thread *t)
{
    int status;
    rt_profile_thread_start(t); /* --profile: sampled while it runs */
    switch (t->proc->opts->mode) {
    case RT_MODE_TIER1:
    case RT_MODE_TIERED: /* tier 1, which hands hot regions to tier 2 */
        status = rt_dispatch_tier1(t);
        break;
    case RT_MODE_LLVM:
        status = rt_dispatch_llvm(t);
        break;
    default:
        status = dispatch_interp(t);
        break;
    }
    rt_profile_thread_stop();
    /* An internal error ends the whole process. */
    if (status)
        rt_process_fail(t->proc, status);
    return status;
}
