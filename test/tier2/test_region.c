/*
 * test_region.c — region selection (lib/opt/region.h) on small riscv64
 * programs: a loop of three blocks is found whole and without the block
 * after it, and its cheapest trip round; a loop through a call (no direct
 * way back) gives a trace; the cap holds; an unfetchable head gives no
 * region; blocks past the end of the code are left out.
 */
#include <criterion/criterion.h>

#include "region.h"
#include "riscv64.h"

#define CODE_PC UINT64_C(0x1000)

struct code {
    const uint32_t *words;
    size_t n;
};

static const uint8_t *fetch(void *arg, uint64_t pc, uint64_t *avail)
{
    const struct code *c = arg;
    uint64_t len = c->n * 4;
    if (pc < CODE_PC || pc >= CODE_PC + len) {
        *avail = 0;
        return NULL;
    }
    *avail = CODE_PC + len - pc;
    return (const uint8_t *)c->words + (pc - CODE_PC);
}

static unsigned lifts;

static bool lift(void *arg, uint64_t pc, struct ir_block *b)
{
    lifts++;
    ir_block_reset(b, pc);
    rv_lift_block(b, pc, fetch, arg);
    return ir_validate(b) == NULL;
}

/* 0x1000: ld/add/andi/beqz ->0x1018 | 0x1010: xor/slli | 0x1018:
 * addi/addi/bnez ->0x1000 | 0x1024: ecall (after the loop) */
static const uint32_t three_block_loop[] = {
    0x00053283, 0x005585b3, 0x0012f313, 0x00030663, 0x00564633,
    0x00161613, 0x00850513, 0xfff68693, 0xfe0690e3, 0x00000073,
};

static const struct ir_block *block_at(const struct opt_region *r,
                                       uint64_t pc)
{
    for (unsigned i = 0; i < r->n; i++)
        if (r->blocks[i]->pc == pc)
            return r->blocks[i];
    return NULL;
}

static bool has_block(const struct opt_region *r, uint64_t pc)
{
    return block_at(r, pc) != NULL;
}

Test(region, loop_of_three_blocks_without_its_exit_block)
{
    struct code c = {three_block_loop, 10};
    struct opt_region r;
    const char *why = NULL;
    cr_assert(opt_region_select(CODE_PC, 16, lift, &c, &r, &why), "%s", why);
    cr_expect(r.loop);
    cr_expect_eq(r.n, 3);
    cr_expect_eq(r.blocks[0]->pc, CODE_PC, "the head comes first");
    cr_expect(has_block(&r, 0x1010));
    cr_expect(has_block(&r, 0x1018));
    cr_expect(!has_block(&r, 0x1024), "the ecall block cannot loop back");
    opt_region_free(&r);
    cr_expect_eq(r.n, 0);
}

/* Two ways round: head -> 0x1018 -> head (beqz taken) and head -> 0x1010
 * -> 0x1018 -> head; a trip costs at least the shorter one. */
Test(region, cycle_is_the_cheapest_way_round_the_loop)
{
    struct code c = {three_block_loop, 10};
    struct opt_region r;
    const char *why = NULL;
    cr_assert(opt_region_select(CODE_PC, 16, lift, &c, &r, &why), "%s", why);
    const struct ir_block *head = block_at(&r, CODE_PC);
    const struct ir_block *mid = block_at(&r, 0x1010);
    const struct ir_block *tail = block_at(&r, 0x1018);
    cr_assert(head && mid && tail && mid->n > 0);
    cr_expect_eq(opt_region_cycle_ir(&r), head->n + tail->n);
    opt_region_free(&r);
}

Test(region, cap_keeps_the_head_and_the_nearest_blocks)
{
    struct code c = {three_block_loop, 10};
    struct opt_region r;
    const char *why = NULL;
    cr_assert(opt_region_select(CODE_PC, 2, lift, &c, &r, &why));
    cr_expect_eq(r.n, 2);
    cr_expect_eq(r.blocks[0]->pc, CODE_PC);
    opt_region_free(&r);
}

/* 0x1000: addi a0,a0,1; jal ra,0x100c | 0x1008: j 0x1000 |
 * 0x100c: ret. The way back goes through an indirect jump. */
static const uint32_t loop_through_call[] = {
    0x00150513, /* addi a0,a0,1 */
    0x008000ef, /* jal ra,0x100c */
    0xff9ff06f, /* j 0x1000 */
    0x00008067, /* ret */
};

Test(region, loop_through_a_call_gives_a_trace)
{
    struct code c = {loop_through_call, 4};
    struct opt_region r;
    const char *why = NULL;
    cr_assert(opt_region_select(CODE_PC, 16, lift, &c, &r, &why));
    cr_expect(!r.loop);
    cr_expect_eq(r.blocks[0]->pc, CODE_PC);
    cr_expect(has_block(&r, 0x100c), "the callee is reached directly");
    cr_expect(!has_block(&r, 0x1008), "the return point is not");
    cr_expect_eq(opt_region_cycle_ir(&r), 0, "a trace has no cycle");
    opt_region_free(&r);
}

Test(region, unfetchable_head_gives_no_region)
{
    struct code c = {three_block_loop, 10};
    struct opt_region r;
    const char *why = NULL;
    cr_expect(!opt_region_select(0x9000, 16, lift, &c, &r, &why));
    cr_expect_not_null(why);
    cr_expect_null(r.blocks);
}

/* 0x1000: beqz a0,0xf00 (outside the code); 0x1004: bnez a1,0x1000. */
static const uint32_t branch_out_of_code[] = {
    0xf00500e3, /* beqz a0,0xf00 */
    0xfe059ee3, /* bnez a1,0x1000 */
};

Test(region, blocks_that_cannot_be_fetched_are_left_out)
{
    struct code c = {branch_out_of_code, 2};
    struct opt_region r;
    const char *why = NULL;
    lifts = 0;
    cr_assert(opt_region_select(CODE_PC, 16, lift, &c, &r, &why));
    cr_expect(r.loop);
    cr_expect_eq(r.n, 2);
    cr_expect(has_block(&r, 0x1004));
    for (unsigned i = 0; i < r.n; i++)
        cr_expect_gt(r.blocks[i]->guest_insns, 0);
    cr_expect_geq(lifts, 3, "the far target was tried");
    opt_region_free(&r);
}
