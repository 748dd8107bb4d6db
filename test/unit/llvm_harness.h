/*
 * llvm_harness.h — runs IR blocks and regions under the interpreter and
 * under tier 2 (LLVM through vm_orc's ll_backend) from identical CPU state
 * and memory, for the test_llvm* tests. Builds on tier1_harness.h (the
 * same CPU state layout, arena, outcome record and comparison), so the
 * three tiers are checked against one definition of "the same result".
 */
#ifndef VM_TEST_LLVM_HARNESS_H
#define VM_TEST_LLVM_HARNESS_H

#include "ll_backend.h"
#include "tier1_harness.h"

struct lh_world {
    struct h_world w;
    const struct ll_backend *be;
    struct ll_jit *jit;
};

static inline void lh_init(struct lh_world *x, unsigned opt_level)
{
    char err[256] = "";
    h_init(&x->w);
    x->be = ll_backend_get();
    h_check(x->be->abi == LL_BACKEND_ABI, "ll_backend ABI", NULL);
    x->jit = x->be->create(opt_level, ir_helper_table, err, sizeof(err));
    h_check(x->jit != NULL, "ll_backend create", err);
}

static inline void lh_fini(struct lh_world *x)
{
    x->be->destroy(x->jit);
    h_fini(&x->w);
}

/* Compiles a region; aborts (a test failure) when LLVM cannot. */
static inline struct ll_code *lh_compile(struct lh_world *x,
                                         const struct ir_block *const *blocks,
                                         unsigned n)
{
    char err[512] = "";
    struct ll_region r = {.blocks = blocks, .n = n};
    struct ll_code *c = x->be->compile(x->jit, &r, err, sizeof(err));
    if (!c)
        ir_print(blocks[0], stderr);
    h_check(c != NULL, "LLVM cannot compile", err);
    return c;
}

/* Runs compiled code like interp_run, a host fault on the arena included:
 * ctx->pc and the registers are already precise then (ll_region.h).
 * Returns the raw exit kind in *kind (LL_EXIT_POLL has no interp twin). */
static inline enum interp_result lh_run_code(ll_region_fn fn, struct h_cpu *cpu,
                                             struct interp_exit *ex,
                                             unsigned *kind)
{
    memset(ex, 0, sizeof(*ex));
    struct mmu_catch c;
    c.lo = (uintptr_t)cpu->ctx.mem_base;
    c.hi = c.lo + cpu->ctx.mem_limit + MMU_GUARD_SIZE;
    if (sigsetjmp(c.env, 0)) {
        ex->addr = c.guest_addr;
        ex->write = c.write;
        *kind = LL_EXIT_FAULT;
        return INTERP_FAULT;
    }
    mmu_catch_enter(&c);
    struct ll_exit x = fn(&cpu->ctx);
    mmu_catch_leave();
    *kind = (unsigned)(x.code & LL_EXIT_KIND_MASK);
    switch ((enum ll_exit_kind)*kind) {
    case LL_EXIT_TRAP:
        ex->trap = (enum ir_trap)x.arg;
        return INTERP_TRAP;
    case LL_EXIT_FAULT:
        ex->addr = x.arg;
        ex->write = (x.code & LL_FAULT_WRITE) != 0;
        ex->misaligned = (x.code & LL_FAULT_MISALIGNED) != 0;
        return INTERP_FAULT;
    default:
        return INTERP_JUMP;
    }
}

/* Runs the interpreter on *start (block b), then compiled fn on *start
 * with the data pages restored; fills both outcomes. */
static inline void lh_run_both(struct lh_world *x, const struct ir_block *b,
                               ll_region_fn fn, const struct h_cpu *start,
                               struct h_outcome *oi, struct h_outcome *ol)
{
    memcpy(x->w.snapshot, h_data(&x->w), H_DATA_LEN);
    memcpy(&oi->cpu, start, sizeof(oi->cpu)); /* padding too: compared by memcmp */
    memset(&oi->ex, 0, sizeof(oi->ex));
    oi->r = interp_run(b, &oi->cpu.ctx, &oi->ex);
    memcpy(oi->mem, h_data(&x->w), H_DATA_LEN);
    memcpy(h_data(&x->w), x->w.snapshot, H_DATA_LEN);
    memcpy(&ol->cpu, start, sizeof(ol->cpu));
    unsigned kind;
    ol->r = lh_run_code(fn, &ol->cpu, &ol->ex, &kind);
    h_check(kind != LL_EXIT_POLL, "unexpected poll exit", NULL);
    memcpy(ol->mem, h_data(&x->w), H_DATA_LEN);
}

/*
 * The reference for regions: interprets block after block, starting at
 * blocks[0], while the next pc is the pc of a region block and the exit
 * was a jump (at most max_steps blocks). Returns the last exit.
 */
static inline enum interp_result
lh_interp_region(const struct ir_block *const *blocks, unsigned n,
                 struct h_cpu *cpu, struct interp_exit *ex, unsigned max_steps)
{
    const struct ir_block *b = blocks[0];
    for (unsigned step = 0;; step++) {
        memset(ex, 0, sizeof(*ex));
        enum interp_result r = interp_run(b, &cpu->ctx, ex);
        if (r != INTERP_JUMP || step + 1 >= max_steps)
            return r;
        b = NULL;
        for (unsigned i = 0; i < n && !b; i++)
            if (blocks[i]->pc == cpu->ctx.pc)
                b = blocks[i];
        if (!b)
            return r;
    }
}

#endif
