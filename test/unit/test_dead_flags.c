/*
 * test_dead_flags.c — the dead-flag pass (lib/opt/dead_flags.c): which
 * flag writes it deletes, which it must keep (reads, exits, faults, state
 * helpers, partial writes), and that the interpreter ends in the same
 * state with and without it on random flag-heavy blocks.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "dead_flags.h"
#include "interp.h"
#include "mmu.h"
#include "mmu_fault.h"

struct test_cpu {
    struct ir_ctx ctx;
    uint64_t r[4];
    uint64_t flag[3];
};

#define R_OFF(n) (offsetof(struct test_cpu, r) + 8 * (size_t)(n))
#define F_OFF(n) (offsetof(struct test_cpu, flag) + 8 * (size_t)(n))

static const struct opt_flag_words flags = {
    .n = 3, .off = {F_OFF(0), F_OFF(1), F_OFF(2)},
};

static struct ir_block b;

static void setup(void)
{
    ir_block_init(&b, 0x1000);
}

static void teardown(void)
{
    ir_block_free(&b);
}

TestSuite(dead_flags, .init = setup, .fini = teardown);

static unsigned count_puts(unsigned off)
{
    unsigned n = 0;
    for (uint32_t k = 0; k < b.n; k++)
        n += b.insns[k].op == IR_PUT && b.insns[k].imm == off;
    return n;
}

static unsigned count_op(enum ir_op op)
{
    unsigned n = 0;
    for (uint32_t k = 0; k < b.n; k++)
        n += b.insns[k].op == op;
    return n;
}

/* flag0 = (r0 == r1), computed from fresh GETs so the ops feeding it can
 * die with the write. */
static void put_flag_from_compare(unsigned flag)
{
    ir_temp x = ir_get(&b, R_OFF(0), 8), y = ir_get(&b, R_OFF(1), 8);
    ir_put(&b, F_OFF(flag), 8, ir_binop(&b, IR_EQ, 8, x, y));
}

Test(dead_flags, overwritten_write_and_its_inputs_go)
{
    ir_insn_start(&b, 0x1000, 3);
    put_flag_from_compare(0);
    ir_insn_start(&b, 0x1003, 3);
    put_flag_from_compare(0);
    ir_exit_jump(&b, 0x2000);
    uint32_t before = b.n;
    struct opt_dead_flags_stats st = {0};
    opt_dead_flags(&b, &flags, &st);
    cr_assert_null(ir_validate(&b));
    cr_assert_eq(count_puts(F_OFF(0)), 1);
    cr_expect_eq(st.flag_puts, 2);
    cr_expect_eq(st.removed, 1);
    /* The first EQ and both of its GETs went with the write. */
    cr_expect_eq(st.dead_ops, 3);
    cr_expect_eq(b.n, before - 4);
    cr_expect_eq(count_op(IR_INSN), 2); /* markers always stay */
}

Test(dead_flags, last_write_before_exit_stays)
{
    ir_insn_start(&b, 0x1000, 3);
    put_flag_from_compare(0);
    put_flag_from_compare(1);
    ir_exit_jump(&b, 0x2000);
    opt_dead_flags(&b, &flags, NULL);
    cr_assert_eq(count_puts(F_OFF(0)), 1);
    cr_assert_eq(count_puts(F_OFF(1)), 1);
}

/* Each observer between two writes of flag 0 keeps the first. */
static void check_observer_keeps(void (*observer)(void))
{
    ir_insn_start(&b, 0x1000, 3);
    put_flag_from_compare(0);
    observer();
    put_flag_from_compare(0);
    ir_exit_jump(&b, 0x2000);
    cr_assert_null(ir_validate(&b));
    struct opt_dead_flags_stats st = {0};
    opt_dead_flags(&b, &flags, &st);
    cr_assert_null(ir_validate(&b));
    cr_assert_eq(count_puts(F_OFF(0)), 2);
    cr_assert_eq(st.removed, 0);
}

static void read_flag(void)
{
    ir_put(&b, R_OFF(2), 8, ir_get(&b, F_OFF(0), 8));
}

static void read_flag_byte(void)
{
    ir_put(&b, R_OFF(2), 8, ir_get(&b, F_OFF(0), 1));
}

static void side_exit_to(uint64_t target)
{
    ir_exit_if(&b, ir_get(&b, R_OFF(3), 8), target);
}

static void side_exit(void)
{
    ir_exit_if(&b, ir_get(&b, R_OFF(3), 8), 0x3000);
}

static void load(void)
{
    ir_put(&b, R_OFF(2), 8, ir_load(&b, ir_get(&b, R_OFF(3), 8), 8, false));
}

static void store(void)
{
    ir_store(&b, ir_get(&b, R_OFF(3), 8), ir_const(&b, 1), 4);
}

static void state_helper(void)
{
    ir_call(&b, IR_H_x86_cpuid, 0, 0, 0, 0);
}

static void partial_write(void)
{
    ir_put(&b, F_OFF(0) + 1, 1, ir_const(&b, 1));
}

/* A full read after a write in the block takes the written value: the
 * GET goes, and with it the reason to keep the first write. */
Test(dead_flags, forwarded_read_lets_the_write_go)
{
    ir_insn_start(&b, 0x1000, 3);
    put_flag_from_compare(0);
    read_flag();
    put_flag_from_compare(0);
    ir_exit_jump(&b, 0x2000);
    struct opt_dead_flags_stats st = {0};
    opt_dead_flags(&b, &flags, &st);
    cr_assert_null(ir_validate(&b));
    cr_assert_eq(count_puts(F_OFF(0)), 1);
    cr_assert_eq(count_op(IR_GET), 4); /* r0, r1 twice; no flag GET */
    /* r2 now takes the first compare's EQ directly. */
    const struct ir_insn *put_r2 = NULL;
    for (uint32_t k = 0; k < b.n; k++)
        if (b.insns[k].op == IR_PUT && b.insns[k].imm == R_OFF(2))
            put_r2 = &b.insns[k];
    cr_assert_not_null(put_r2);
    enum ir_op def = IR_NUM_OPS;
    for (uint32_t k = 0; k < b.n; k++)
        if (b.insns[k].dst == put_r2->a)
            def = (enum ir_op)b.insns[k].op;
    cr_assert_eq(def, IR_EQ);
}

/* A read of the flag before any write in the block observes it. */
Test(dead_flags, read_before_write_keeps)
{
    ir_insn_start(&b, 0x1000, 3);
    read_flag();
    put_flag_from_compare(0);
    put_flag_from_compare(0);
    ir_exit_jump(&b, 0x2000);
    struct opt_dead_flags_stats st = {0};
    opt_dead_flags(&b, &flags, &st);
    cr_assert_eq(st.removed, 1); /* only the overwritten second-to-last */
    cr_assert_eq(count_op(IR_GET), 3); /* the read and the last compare */
}
Test(dead_flags, partial_read_keeps) { check_observer_keeps(read_flag_byte); }
Test(dead_flags, side_exit_keeps) { check_observer_keeps(side_exit); }
Test(dead_flags, load_keeps) { check_observer_keeps(load); }
Test(dead_flags, store_keeps) { check_observer_keeps(store); }
Test(dead_flags, state_helper_keeps) { check_observer_keeps(state_helper); }
Test(dead_flags, partial_write_keeps) { check_observer_keeps(partial_write); }

/* With no guest fault handler (loads_unobserved), a load between two
 * writes no longer keeps the first; a store still does (a store to a
 * translated code page resumes from its state). */
static unsigned removed_across_unobserved_loads(void (*between)(void))
{
    ir_insn_start(&b, 0x1000, 3);
    put_flag_from_compare(0);
    between();
    put_flag_from_compare(0);
    ir_exit_jump(&b, 0x2000);
    struct opt_successors succ = {.loads_unobserved = true};
    struct opt_dead_flags_stats st = {0};
    opt_dead_flags_across(&b, &flags, &succ, &st);
    cr_assert_null(ir_validate(&b));
    return (unsigned)st.removed;
}

Test(dead_flags, unobserved_load_lets_the_write_go)
{
    cr_assert_eq(removed_across_unobserved_loads(load), 1);
    cr_assert_eq(count_puts(F_OFF(0)), 1);
    cr_assert_eq(count_op(IR_LOAD), 1);
}

Test(dead_flags, unobserved_loads_store_keeps)
{
    cr_assert_eq(removed_across_unobserved_loads(store), 0);
    cr_assert_eq(count_puts(F_OFF(0)), 2);
}

Test(dead_flags, plain_helper_does_not_observe)
{
    ir_insn_start(&b, 0x1000, 3);
    put_flag_from_compare(0);
    ir_put(&b, R_OFF(2), 8, ir_call(&b, IR_H_rdcycle, 0, 0, 0, 0));
    put_flag_from_compare(0);
    ir_exit_jump(&b, 0x2000);
    opt_dead_flags(&b, &flags, NULL);
    cr_assert_null(ir_validate(&b));
    cr_assert_eq(count_puts(F_OFF(0)), 1);
    cr_assert_eq(count_op(IR_CALL), 1); /* helpers are never deleted */
}

Test(dead_flags, other_guests_untouched)
{
    ir_insn_start(&b, 0x1000, 3);
    put_flag_from_compare(0);
    put_flag_from_compare(0);
    ir_exit_jump(&b, 0x2000);
    uint32_t before = b.n;
    opt_dead_flags(&b, NULL, NULL);
    cr_assert_eq(b.n, before);
    struct opt_flag_words none = {0};
    opt_dead_flags(&b, &none, NULL);
    cr_assert_eq(b.n, before);
}

/* Successor blocks for the across-exits tests, by pc: 0x2000 writes flag 0
 * first, 0x3000 reads it first, 0x4000 loads before writing it, 0x5000
 * cannot be lifted. */
static bool fake_lift(void *arg, uint64_t pc, struct ir_block *t)
{
    (void)arg;
    if (pc == 0x5000)
        return false;
    ir_block_reset(t, pc);
    ir_insn_start(t, pc, 4);
    if (pc == 0x3000)
        ir_put(t, R_OFF(3), 8, ir_get(t, F_OFF(0), 8));
    if (pc == 0x4000)
        ir_put(t, R_OFF(3), 8, ir_load(t, ir_const(t, 0x10000), 8, false));
    ir_put(t, F_OFF(0), 8, ir_const(t, 1));
    ir_put(t, F_OFF(1), 8, ir_const(t, 0));
    ir_exit_jump(t, pc + 4);
    return true;
}

/* flag 0 written, then a side exit to side_target, then the final jump. */
static unsigned puts_left_across(uint64_t side_target, uint64_t target)
{
    ir_block_reset(&b, 0x1000);
    ir_insn_start(&b, 0x1000, 3);
    put_flag_from_compare(0);
    if (side_target)
        side_exit_to(side_target);
    ir_exit_jump(&b, target);
    struct opt_successors succ = {.lift = fake_lift};
    opt_dead_flags_across(&b, &flags, &succ, NULL);
    cr_assert_null(ir_validate(&b));
    return count_puts(F_OFF(0));
}

Test(dead_flags, across_exits)
{
    cr_expect_eq(puts_left_across(0, 0x2000), 0, "target writes first");
    cr_expect_eq(puts_left_across(0, 0x3000), 1, "target reads first");
    cr_expect_eq(puts_left_across(0, 0x4000), 1, "target may fault first");
    cr_expect_eq(puts_left_across(0, 0x5000), 1, "target not liftable");
    cr_expect_eq(puts_left_across(0x2000, 0x2000), 0, "both write first");
    cr_expect_eq(puts_left_across(0x3000, 0x2000), 1, "side exit reads");
    cr_expect_eq(puts_left_across(0x2000, 0x3000), 1, "final jump reads");
    /* Block-local, every exit observes. */
    ir_block_reset(&b, 0x1000);
    ir_insn_start(&b, 0x1000, 3);
    put_flag_from_compare(0);
    ir_exit_jump(&b, 0x2000);
    opt_dead_flags(&b, &flags, NULL);
    cr_expect_eq(count_puts(F_OFF(0)), 1);
}

/* Index of the first op of kind op (PUT: of flag 0) in b, or b.n. */
static uint32_t first_index(enum ir_op op)
{
    for (uint32_t k = 0; k < b.n; k++)
        if (b.insns[k].op == op &&
            (op != IR_PUT || b.insns[k].imm == F_OFF(0)))
            return k;
    return b.n;
}

/* A flag write the side exit's target overwrites first but the final
 * jump's target reads moves below the side exit: the taken path skips
 * it. Reversed, it must stay above. */
Test(dead_flags, write_sinks_below_side_exit)
{
    cr_assert_eq(puts_left_across(0x2000, 0x3000), 1);
    cr_assert_lt(first_index(IR_EXIT_IF), b.n);
    cr_expect_gt(first_index(IR_PUT), first_index(IR_EXIT_IF));
    cr_assert_eq(puts_left_across(0x3000, 0x2000), 1);
    cr_expect_lt(first_index(IR_PUT), first_index(IR_EXIT_IF));
}

/*
 * Random blocks of flag-setting arithmetic, flag reads, loads (some
 * faulting) and side exits run by the interpreter with and without the
 * pass: the same exit, pc, registers, flags and memory every time.
 */
static uint64_t rng_state;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void random_block(uint64_t pc)
{
    ir_block_reset(&b, pc);
    unsigned n = 4 + (unsigned)(rnd() % 12);
    static const enum ir_op ops[] = {IR_ADD, IR_SUB, IR_XOR, IR_LTU,
                                     IR_EQ, IR_AND};
    for (unsigned i = 0; i < n; i++) {
        ir_insn_start(&b, pc + 4 * i, 4);
        ir_temp x = ir_get(&b, R_OFF(rnd() % 4), 8);
        ir_temp y = ir_get(&b, rnd() % 3 ? R_OFF(rnd() % 4)
                                         : F_OFF(rnd() % 3), 8);
        ir_temp v = ir_binop(&b, ops[rnd() % 6], 8, x, y);
        switch (rnd() % 8) {
        case 0:
            ir_exit_if(&b, ir_binop(&b, IR_AND, 8, v, ir_const(&b, 1)),
                       0x9000 + i);
            break;
        case 1: /* in the arena or far outside it: may fault */
            ir_put(&b, R_OFF(rnd() % 4), 8,
                   ir_load(&b, ir_const(&b, rnd() % 2 ? 0x10000 : 0x50000),
                           8, false));
            break;
        case 2:
            ir_put(&b, R_OFF(rnd() % 4), 8, v);
            break;
        default:
            for (unsigned f = 0; f < 3; f++)
                if (rnd() % 2)
                    ir_put(&b, F_OFF(f), 8,
                           ir_binop(&b, IR_LTU, 8, v, ir_const(&b, rnd())));
        }
    }
    ir_exit_jump(&b, pc + 4 * n);
}

static void copy_block(struct ir_block *to, const struct ir_block *from)
{
    struct ir_insn *insns = realloc(to->insns, from->n * sizeof(*insns));
    cr_assert_not_null(insns);
    memcpy(insns, from->insns, from->n * sizeof(*insns));
    *to = *from;
    to->insns = insns;
    to->cap = from->n;
}

Test(dead_flags, interpreter_agrees_with_and_without)
{
    cr_assert_eq(mmu_fault_init(), 0);
    struct mmu *m = mmu_create(1ull << 30);
    cr_assert_not_null(m);
    cr_assert_eq(mmu_map_fixed(m, 0x10000, 0x1000, MMU_READ | MMU_WRITE, ""),
                 0);
    struct ir_block copy;
    ir_block_init(&copy, 0);
    rng_state = 0x9e3779b97f4a7c15ull;
    struct opt_dead_flags_stats st = {0};
    for (int iter = 0; iter < 2000; iter++) {
        random_block(0x1000);
        struct test_cpu start = {0};
        start.ctx.mem_base = (uint64_t)(uintptr_t)mmu_base(m);
        start.ctx.mem_limit = mmu_limit(m);
        start.ctx.mem_pages = (uint64_t)(uintptr_t)mmu_page_table(m);
        for (unsigned i = 0; i < 4; i++)
            start.r[i] = rnd() % 3 ? rnd() % 8 : rnd();
        for (unsigned i = 0; i < 3; i++)
            start.flag[i] = rnd() & 1;
        copy_block(&copy, &b);
        opt_dead_flags(&copy, &flags, &st);
        cr_assert_null(ir_validate(&copy));

        struct test_cpu c1, c2;
        memcpy(&c1, &start, sizeof(start));
        memcpy(&c2, &start, sizeof(start));
        struct interp_exit e1 = {0}, e2 = {0};
        enum interp_result r1 = interp_run(&b, &c1.ctx, &e1);
        enum interp_result r2 = interp_run(&copy, &c2.ctx, &e2);
        cr_assert_eq(r1, r2, "block %d: exit kind", iter);
        cr_assert_eq(memcmp(&c1, &c2, sizeof(c1)), 0, "block %d: state",
                     iter);
    }
    cr_expect_gt(st.removed, 0);
    ir_block_free(&copy);
    mmu_destroy(m);
}
