/*
 * dispatch_tier1.c — the tier-1 loop: find or translate the block at pc,
 * run host code until it exits (code_cache.h lists the exits), act on the
 * exit: chain the jump that missed, fill the jump cache, run the system
 * call, raise the guest fault. No silent fallback: a block tier 1 cannot
 * translate ends the run with one line and status 125.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <time.h>

#include "code_cache.h"
#include "dispatch_internal.h"
#include "mmu_fault.h"
#include "stats.h"

struct tier1 {
    struct rt_thread *t;
    struct cg_cache *cache;
    struct ir_block blk;           /* lifting scratch */
    struct rt_stats_counters st;
    bool failed;                   /* an error line was printed */
};

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* A block whose first instruction cannot be fetched raises its fault at
 * once instead of being translated. */
static bool is_fetch_fault(const struct ir_block *b)
{
    const struct ir_insn *last = &b->insns[b->n - 1];
    return b->guest_insns == 0 && last->op == IR_EXIT_TRAP &&
           last->aux == IR_TRAP_FETCH_FAULT;
}

/*
 * Host entry of the block at pc, translating it on a miss. NULL when the
 * block raised a fetch fault (the guest state moved on) or translation
 * failed (x->failed).
 */
static const void *entry_of(struct tier1 *x, uint64_t pc)
{
    const void *e = cg_lookup(x->cache, pc);
    if (e)
        return e;
    uint64_t start = now_ns();
    if (!rt_lift(x->t, &x->blk, pc)) {
        x->failed = true;
        return NULL;
    }
    if (is_fetch_fault(&x->blk)) {
        x->t->cpu->pc = x->blk.insns[x->blk.n - 1].imm;
        rt_raise_trap(x->t, IR_TRAP_FETCH_FAULT, pc);
        return NULL;
    }
    const char *why = NULL;
    e = cg_translate(x->cache, &x->blk, &why);
    x->st.translate_ns += now_ns() - start;
    if (!e) {
        fprintf(stderr,
                "vm-run: tier1: cannot translate block at %#" PRIx64 ": %s\n",
                pc, why);
        x->failed = true;
        return NULL;
    }
    /* Guest stores to these pages must now fault (self-modifying code). */
    struct mmu *m = x->t->proc->mmu;
    mmu_protect_code(m, pc);
    if (x->blk.guest_bytes)
        mmu_protect_code(m, pc + x->blk.guest_bytes - 1);
    return e;
}

/* mmu_check saw the host write guest code pages for a system call. */
static void on_code_write(void *arg)
{
    struct tier1 *x = arg;
    x->t->flush_icache = true;
    x->st.smc_writes++;
}

static void on_trap(struct tier1 *x, enum ir_trap trap)
{
    if (trap == IR_TRAP_SYSCALL) {
        x->st.exit_syscall++;
        linux_syscall(x->t);
        return;
    }
    x->st.exit_trap++;
    if (trap == IR_TRAP_FLUSH_ICACHE)
        cg_flush(x->cache);
    else /* FETCH_FAULT never reaches translated code (entry_of) */
        rt_raise_trap(x->t, trap, x->t->cpu->pc);
}

static void handle_exit(struct tier1 *x, struct cg_exit ex, uint64_t generation)
{
    struct ir_ctx *cpu = x->t->cpu;
    switch ((enum cg_exit_kind)(ex.code & CG_EXIT_KIND_MASK)) {
    case CG_EXIT_CHAIN: {
        x->st.exit_chain_miss++;
        const void *e = entry_of(x, cpu->pc);
        /* A flush while translating took the jump site with it. */
        if (e && cg_generation(x->cache) == generation)
            cg_chain(x->cache, ex.arg, e);
        break;
    }
    case CG_EXIT_INDIRECT: {
        x->st.exit_indirect_miss++;
        const void *e = entry_of(x, cpu->pc);
        if (e)
            cg_jump_cache_set(x->cache, cpu->pc, e);
        break;
    }
    case CG_EXIT_POLL:
        x->st.exit_poll++;
        break;
    case CG_EXIT_TRAP:
        on_trap(x, (enum ir_trap)ex.arg);
        break;
    case CG_EXIT_FAULT:
        x->st.exit_fault++;
        rt_raise_access_fault(x->t, ex.arg, ex.code & CG_FAULT_MISALIGNED);
        break;
    }
}

/* A host fault on the arena inside translated code: find the guest pc of
 * the access (the state in memory is already that insn's start). */
static void on_host_fault(struct tier1 *x, const struct mmu_catch *c)
{
    uint64_t pc;
    if (!cg_guest_pc_of(x->cache, c->host_pc, &pc)) {
        fprintf(stderr,
                "vm-run: internal error: host fault at %#" PRIxPTR
                " is no guest access\n",
                c->host_pc);
        x->failed = true;
        return;
    }
    x->t->cpu->pc = pc;
    if (c->write && mmu_unprotect_code(x->t->proc->mmu, c->guest_addr)) {
        /* A store to a page we translated code from: drop every
         * translation and run the store again from its instruction. */
        x->st.smc_writes++;
        cg_flush(x->cache);
        return;
    }
    x->st.exit_fault++;
    rt_raise_access_fault(x->t, c->guest_addr, false);
}

static void run_block(struct tier1 *x, const void *entry)
{
    struct ir_ctx *cpu = x->t->cpu;
    struct mmu_catch c;
    c.lo = (uintptr_t)cpu->mem_base;
    c.hi = c.lo + cpu->mem_limit + MMU_GUARD_SIZE;
    uint64_t generation = cg_generation(x->cache);
    if (sigsetjmp(c.env, 0)) {
        on_host_fault(x, &c);
        return;
    }
    mmu_catch_enter(&c);
    struct cg_exit ex = cg_run(x->cache, cpu, entry);
    mmu_catch_leave();
    handle_exit(x, ex, generation);
}

static void finish_stats(struct tier1 *x)
{
    struct cg_cache_stats cs;
    cg_cache_stats(x->cache, &cs);
    x->st.blocks_translated = cs.blocks;
    x->st.cache_bytes_used = cs.bytes_used;
    x->st.cache_bytes_total = cs.bytes_total;
    x->st.evictions = cs.evictions;
    x->st.flushes = cs.flushes;
    x->st.chains_patched = cs.chains;
    rt_stats_print(&x->st, x->t->proc->opts->stats, stderr);
}

int rt_dispatch_tier1(struct rt_thread *t)
{
    struct rt_process *proc = t->proc;
    uint64_t size = proc->opts->code_cache_size ? proc->opts->code_cache_size
                                                : CG_CACHE_DEFAULT_SIZE;
    struct tier1 x = {.t = t, .cache = cg_cache_create(size)};
    if (!x.cache) {
        fprintf(stderr, "vm-run: cannot map a code cache of %" PRIu64
                        " bytes\n", size);
        return RT_STATUS_USAGE;
    }
    ir_block_init(&x.blk, 0);
    mmu_set_code_write_hook(proc->mmu, on_code_write, &x);
    while (!proc->exited && !x.failed) {
        if (t->sig_pending & ~t->sig_mask) {
            linux_deliver_signals(t);
            if (proc->exited)
                break;
        }
        t->cpu->poll = 0;
        if (t->flush_icache) {
            cg_flush(x.cache);
            t->flush_icache = false;
        }
        const void *entry = entry_of(&x, t->cpu->pc);
        if (entry)
            run_block(&x, entry);
    }
    mmu_set_code_write_hook(proc->mmu, NULL, NULL);
    finish_stats(&x);
    ir_block_free(&x.blk);
    cg_cache_destroy(x.cache);
    return x.failed ? RT_STATUS_USAGE : proc->exit_status;
}
