/*
 * dispatch.c — the dispatcher: tier 0 here (block cache lookup, lifting on
 * a miss, interpretation, the exit protocol of interp.h); --mode tier1
 * hands the thread to dispatch_tier1.c.
 */
#define _GNU_SOURCE
#include "dispatch.h"

#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "block_cache.h"
#include "dispatch_internal.h"
#include "interp.h"

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

bool rt_lift(struct rt_thread *t, struct ir_block *b, uint64_t pc)
{
    t->proc->guest->lift_block(b, pc, rt_fetch_code, t->proc->mmu);
    const char *why = ir_validate(b);
    if (why) {
        fprintf(stderr,
                "vm-run: internal error: invalid IR for block at %#" PRIx64
                ": %s\n",
                pc, why);
        return false;
    }
    return true;
}

static struct ir_block *translate(struct rt_thread *t, struct block_cache *c,
                                  uint64_t pc)
{
    struct ir_block *b = malloc(sizeof(*b));
    if (!b)
        return NULL;
    ir_block_init(b, pc);
    if (!rt_lift(t, b, pc)) {
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
    if (misaligned)
        linux_raise_fault(t, SIGBUS, BUS_ADRALN, addr);
    else
        linux_raise_fault(t, SIGSEGV, rt_segv_code(t->proc->mmu, addr), addr);
}

void rt_raise_trap(struct rt_thread *t, enum ir_trap trap, uint64_t block_pc)
{
    struct ir_ctx *cpu = t->cpu;
    switch (trap) {
    case IR_TRAP_ILLEGAL:
        linux_raise_fault(t, SIGILL, ILL_ILLOPC, cpu->pc);
        break;
    case IR_TRAP_BREAKPOINT:
        linux_raise_fault(t, SIGTRAP, TRAP_BRKPT, cpu->pc);
        break;
    case IR_TRAP_FETCH_FAULT: {
        /* The trap carries the unfetchable byte; the pc is the insn's. */
        uint64_t addr = cpu->pc;
        cpu->pc = block_pc;
        linux_raise_fault(t, SIGSEGV, rt_segv_code(t->proc->mmu, addr), addr);
        break;
    }
    case IR_TRAP_SYSCALL:
    case IR_TRAP_FLUSH_ICACHE:
    case IR_NUM_TRAPS:
        break;
    }
}

static void on_trap(struct rt_thread *t, struct block_cache *c,
                    const struct ir_block *b, enum ir_trap trap)
{
    if (trap == IR_TRAP_SYSCALL)
        linux_syscall(t);
    else if (trap == IR_TRAP_FLUSH_ICACHE)
        block_cache_flush(c);
    else
        rt_raise_trap(t, trap, b->pc);
}

static int dispatch_interp(struct rt_thread *t)
{
    struct rt_process *proc = t->proc;
    struct block_cache *cache = block_cache_create();
    if (!cache) {
        fprintf(stderr, "vm-run: out of memory\n");
        return RT_STATUS_USAGE;
    }
    int status = RT_STATUS_USAGE;
    while (!proc->exited) {
        if (t->sig_pending & ~t->sig_mask) {
            linux_deliver_signals(t);
            if (proc->exited)
                break;
        }
        if (t->flush_icache) {
            block_cache_flush(cache);
            t->flush_icache = false;
        }
        uint64_t pc = t->cpu->pc;
        struct ir_block *b = block_cache_lookup(cache, pc);
        if (!b && !(b = translate(t, cache, pc)))
            goto out;
        struct interp_exit ex;
        enum interp_result r = interp_run(b, t->cpu, &ex);
        t->insns += b->guest_insns;
        if (r == INTERP_TRAP)
            on_trap(t, cache, b, ex.trap);
        else if (r == INTERP_FAULT)
            rt_raise_access_fault(t, ex.addr, ex.misaligned);
    }
    status = proc->exit_status;
out:
    block_cache_destroy(cache);
    return status;
}

int rt_dispatch(struct rt_thread *t)
{
    if (t->proc->opts->mode == RT_MODE_TIER1)
        return rt_dispatch_tier1(t);
    return dispatch_interp(t);
}
