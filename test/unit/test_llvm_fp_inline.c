/*
 * test_llvm_fp_inline.c — tier 2's inline floating point (ll_fp.c): double
 * add, sub, mul and div run natively when the helper's fast path would
 * apply (NX already raised, round to nearest even, a normal
 * or exactly zero result) and call the helper otherwise. Each case runs
 * under the interpreter and compiled, from the same state: result and
 * fflags must agree, for inputs on both sides of every condition (NX
 * clear, static and dynamic rounding modes, overflow, underflow to a
 * subnormal, inexact and exact zeros, division by zero, infinities and
 * NaNs).
 */
#include <criterion/criterion.h>

#include "llvm_harness.h"

static struct lh_world world;

static void setup(void)
{
    lh_init(&world, 2);
}

static void teardown(void)
{
    lh_fini(&world);
}

TestSuite(llvm_fp_inline, .init = setup, .fini = teardown);

static const enum ir_helper ops[] = {IR_H_fadd_d, IR_H_fsub_d, IR_H_fmul_d,
                                     IR_H_fdiv_d};

static const uint64_t values[] = {
    0x3ff0000000000000ull, /* 1 */
    0xbff8000000000000ull, /* -1.5 */
    0x3fb999999999999aull, /* 0.1 */
    0x0000000000000000ull, /* +0 */
    0x8000000000000000ull, /* -0 */
    0x7fefffffffffffffull, /* largest finite: overflows */
    0x0010000000000000ull, /* smallest normal: underflows */
    0x0000000000000001ull, /* subnormal */
    0x7ff0000000000000ull, /* inf */
    0x7ff8000000000000ull, /* quiet NaN */
    0x7ff0000000000001ull, /* signaling NaN */
    0x4330000000000000ull, /* 2^52 */
};
#define N_VALUES (sizeof(values) / sizeof(values[0]))

/* r3 = op(r1, r2) with rounding mode rm. */
static void build(struct ir_block *b, enum ir_helper h, unsigned rm)
{
    ir_block_init(b, 0x1000);
    ir_insn_start(b, 0x1000, 4);
    ir_temp r = ir_call(b, h, ir_get(b, H_R(1), 8), ir_get(b, H_R(2), 8), 0, rm);
    ir_put(b, H_R(3), 8, r);
    ir_exit_jump(b, 0x1004);
}

static void check_all(unsigned rm)
{
    static struct h_outcome oi, ol;
    unsigned cases = 0;
    for (size_t o = 0; o < sizeof(ops) / sizeof(ops[0]); o++) {
        struct ir_block b;
        build(&b, ops[o], rm);
        const struct ir_block *list[1] = {&b};
        struct ll_code *code = lh_compile(&world, list, 1);
        for (size_t i = 0; i < N_VALUES; i++)
            for (size_t j = 0; j < N_VALUES; j++)
                for (unsigned flags = 0; flags < 2; flags++)
                    for (unsigned frm = 0; frm < 3; frm++) {
                        struct h_cpu start;
                        h_cpu_init(&world.w, &start);
                        start.r[1] = values[i];
                        start.r[2] = values[j];
                        start.ctx.fflags = flags ? IR_FF_NX : 0;
                        start.ctx.frm = frm;
                        lh_run_both(&world, &b, world.be->entry(code), &start,
                                    &oi, &ol);
                        const char *d = h_diff(&oi, &ol);
                        cr_assert_null(d, "%s of %#llx, %#llx (fflags %u, "
                                          "rm %u, frm %u): %s differs "
                                          "(%#llx/%#llx, flags %#x/%#x)",
                                       ir_helper_name(ops[o]),
                                       (unsigned long long)values[i],
                                       (unsigned long long)values[j], flags,
                                       rm, frm, d,
                                       (unsigned long long)oi.cpu.r[3],
                                       (unsigned long long)ol.cpu.r[3],
                                       oi.cpu.ctx.fflags, ol.cpu.ctx.fflags);
                        cases++;
                    }
        world.be->release(world.jit, code);
        ir_block_free(&b);
    }
    cr_expect_eq(cases, 4 * N_VALUES * N_VALUES * 6);
}

Test(llvm_fp_inline, round_to_nearest_static)
{
    check_all(IR_RM_RNE);
}

Test(llvm_fp_inline, dynamic_rounding_mode)
{
    check_all(IR_RM_DYN);
}

Test(llvm_fp_inline, other_static_modes_call_the_helper)
{
    check_all(IR_RM_RTZ);
    check_all(IR_RM_RMM);
}

static unsigned helper_calls;

static uint64_t counting_fadd_d(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                                uint64_t c, uint64_t imm)
{
    helper_calls++;
    return ir_helper_fadd_d(ctx, a, b, c, imm);
}

/* The common case really runs without the helper, the others with it:
 * a JIT whose fadd_d counts its calls. */
Test(llvm_fp_inline, helper_called_only_off_the_fast_path)
{
    ir_helper_fn table[IR_NUM_HELPERS];
    memcpy(table, ir_helper_table, sizeof(table));
    table[IR_H_fadd_d] = counting_fadd_d;
    char err[256] = "";
    struct ll_jit *jit = world.be->create(2, table, err, sizeof(err));
    cr_assert_not_null(jit, "%s", err);
    struct ir_block b;
    build(&b, IR_H_fadd_d, IR_RM_DYN);
    const struct ir_block *list[1] = {&b};
    struct ll_region r = {.blocks = list, .n = 1};
    struct ll_code *code = world.be->compile(jit, &r, err, sizeof(err));
    cr_assert_not_null(code, "%s", err);
    ll_region_fn fn = world.be->entry(code);
    static const struct {
        uint64_t a, b;
        uint32_t fflags, frm;
        unsigned calls;
        uint32_t fflags_after;
    } cases[] = {
        {0x3ff0000000000000ull, 0x3fb999999999999aull, IR_FF_NX, 0, 0, IR_FF_NX},
        {0x3ff0000000000000ull, 0x3fb999999999999aull, 0, 0, 1, IR_FF_NX},
        {0x3ff0000000000000ull, 0x3fb999999999999aull, IR_FF_NX, 1, 1, IR_FF_NX},
        {0x7fefffffffffffffull, 0x7fefffffffffffffull, IR_FF_NX, 0, 1,
         IR_FF_NX | IR_FF_OF},
        {0x3ff0000000000000ull, 0xbff0000000000000ull, IR_FF_NX, 0, 0, IR_FF_NX},
        {0x7ff0000000000000ull, 0x3ff0000000000000ull, IR_FF_NX, 0, 1, IR_FF_NX},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct h_cpu cpu;
        h_cpu_init(&world.w, &cpu);
        cpu.r[1] = cases[i].a;
        cpu.r[2] = cases[i].b;
        cpu.ctx.fflags = cases[i].fflags;
        cpu.ctx.frm = cases[i].frm;
        helper_calls = 0;
        fn(&cpu.ctx);
        cr_expect_eq(helper_calls, cases[i].calls, "case %zu: %u calls", i,
                     helper_calls);
        cr_expect_eq(cpu.ctx.fflags, cases[i].fflags_after, "case %zu", i);
    }
    world.be->release(jit, code);
    world.be->destroy(jit);
    ir_block_free(&b);
}
