/*
 * test_llvm_sys.c — tier 2's (LLVM's) inline TLB path in system mode
 * (lib/lift/llvm/ll_mem.c's emit_sys_access, with sys_t1.c's slow path)
 * against the system interpreter, on the world and blocks tier 1 is
 * checked on (sys_mem_harness.h): every exit, pc, fault, register, RAM
 * byte and device access must agree, with a cold TLB and a warm one.
 * Then: a TLB hit is done inline (the slow path is not called), and the
 * instruction budget (ll_region.budget_off) stops a loop exactly.
 */
#include "ll_backend.h"
#include "ll_region.h"

#include "sys_mem_harness.h"

static const struct ll_backend *be;
static struct ll_jit *jit;

static void setup(void)
{
    char err[256] = "";
    sm_setup();
    be = ll_backend_get();
    cr_assert_eq(be->abi, LL_BACKEND_ABI);
    jit = be->create(2, ir_helper_table, err, sizeof(err));
    cr_assert(jit, "no JIT: %s", err);
}

static void teardown(void)
{
    be->destroy(jit);
    sm_teardown();
}

TestSuite(sys_llvm, .init = setup, .fini = teardown);

/* The CPU state with tier 1's budget word right before it, as a hart's. */
struct budgeted_cpu {
    int64_t budget;
    struct cpu c;
};

static struct ll_code *compile(const struct ir_block *const *blocks,
                               unsigned n, bool budget)
{
    char err[512] = "";
    struct ll_region r = {.blocks = blocks, .n = n, .sys_tlb = &w.hooks,
                          .budget_off = budget ? -8 : 0};
    struct ll_code *code = be->compile(jit, &r, err, sizeof(err));
    if (!code)
        ir_print(blocks[0], stderr);
    cr_assert(code, "LLVM cannot compile the block: %s", err);
    return code;
}

/* Runs fn as the hart loop runs a region (sys_t2.c): the TLB tables in
 * mem_base / mem_limit, the exit turned into a sys_exit. */
static enum sys_exit run_code(ll_region_fn fn, struct cpu *c, unsigned *trap)
{
    c->ctx.mem_base = c->ctx.mem_limit = (uint64_t)(uintptr_t)w.mem.tlb.e[0];
    struct ll_exit x = fn(&c->ctx);
    switch ((enum ll_exit_kind)(x.code & LL_EXIT_KIND_MASK)) {
    case LL_EXIT_TRAP:
        *trap = (unsigned)x.arg;
        return SYS_EXIT_TRAP;
    case LL_EXIT_FAULT:
        if (x.code & LL_FAULT_MISALIGNED)
            w.mem.fault = (struct sys_fault){
                SYS_FAULT_MISALIGNED,
                x.code & LL_FAULT_WRITE ? MMU_ACC_WRITE : MMU_ACC_READ,
                x.arg};
        return SYS_EXIT_FAULT;
    default:
        return SYS_EXIT_NEXT;
    }
}

static void run_llvm(ll_region_fn fn, const struct cpu *start,
                     struct outcome *o, bool warm)
{
    reset_world_tlb(warm);
    struct cpu c = *start;
    o->trap = 0;
    o->exit = run_code(fn, &c, &o->trap);
    c.ctx.mem_base = c.ctx.mem_limit = start->ctx.mem_base;
    keep(o, &c);
}

static void expect_same(const struct ir_block *b, const struct cpu *start,
                        const char *what)
{
    static struct outcome want, got;
    const char *why = ir_validate(b);
    cr_assert(why == NULL, "invalid block: %s", why);
    struct ll_code *code = compile(&b, 1, false);
    ll_region_fn fn = be->entry(code);
    run_interp(b, start, &want);
    run_llvm(fn, start, &got, false);
    compare(&got, &want, start->r[0], what);
    run_llvm(fn, start, &got, true);
    compare(&got, &want, start->r[0], what);
    be->release(jit, code);
}

Test(sys_llvm, loads_and_stores_match_the_interpreter)
{
    sm_check_loads_and_stores(expect_same);
}

Test(sys_llvm, constant_stores_match_the_interpreter)
{
    sm_check_constant_stores(expect_same);
}

Test(sys_llvm, atomics_match_the_interpreter)
{
    sm_check_atomics(expect_same);
}

/* run_fn for the harness: b compiled, run once, released. */
static void run_block(const struct ir_block *b, const struct cpu *start,
                      struct outcome *o, bool warm)
{
    struct ll_code *code = compile(&b, 1, false);
    run_llvm(be->entry(code), start, o, warm);
    be->release(jit, code);
}

Test(sys_llvm, a_tlb_hit_stays_inline)
{
    sm_check_tlb_hit(run_block);
}

/* A two-instruction loop (r1 += 1, back while r1 != 1000) under a budget
 * of 10: each trip subtracts 2 as it starts, the back edge leaves once the
 * budget is used up, so exactly 5 trips run and the exit is a poll at the
 * loop's pc; with a budget of 4000 the loop runs out and leaves to 0x2000
 * after 1000 trips, 2000 instructions spent. */
Test(sys_llvm, the_budget_stops_a_loop)
{
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    ir_insn_start(&b, 0x1000, 4);
    ir_temp n = ir_binop(&b, IR_ADD, 8, ir_get(&b, R(1), 8), ir_const(&b, 1));
    ir_put(&b, R(1), 8, n);
    ir_insn_start(&b, 0x1004, 4);
    ir_exit_if(&b, ir_binop(&b, IR_NE, 8, n, ir_const(&b, 1000)), 0x1000);
    ir_exit_jump(&b, 0x2000);
    const struct ir_block *list = &b;
    struct ll_code *code = compile(&list, 1, true);
    ll_region_fn fn = be->entry(code);
    reset_world();
    struct budgeted_cpu bc = {.budget = 10,
                              .c = {.ctx.resv_addr = IR_NO_RESERVATION}};
    unsigned trap = 0;
    cr_assert_eq(run_code(fn, &bc.c, &trap), SYS_EXIT_NEXT);
    cr_assert_eq(bc.c.r[1], 5, "trips: %lu", bc.c.r[1]);
    cr_assert_eq(bc.c.ctx.pc, 0x1000);
    cr_assert_eq(bc.budget, 0, "budget left: %ld", bc.budget);
    bc.c.r[1] = 0;
    bc.budget = 4000;
    cr_assert_eq(run_code(fn, &bc.c, &trap), SYS_EXIT_NEXT);
    cr_assert_eq(bc.c.r[1], 1000);
    cr_assert_eq(bc.c.ctx.pc, 0x2000);
    cr_assert_eq(bc.budget, 2000, "budget left: %ld", bc.budget);
    be->release(jit, code);
    ir_block_free(&b);
}
