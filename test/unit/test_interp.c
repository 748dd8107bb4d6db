/*
 * test_interp.c — the interpreter's exit protocol, memory rules and
 * precise faults, on hand-built IR blocks over a real guest arena.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "interp.h"
#include "mmu.h"
#include "mmu_fault.h"

struct test_cpu {
    struct ir_ctx ctx;
    uint64_t r[8];
};

#define R_OFF(n) (offsetof(struct test_cpu, r) + 8 * (n))

static struct mmu *m;
static struct test_cpu cpu;
static struct ir_block b;

static void setup(void)
{
    cr_assert_eq(mmu_fault_init(), 0);
    m = mmu_create(1ull << 30);
    cr_assert_not_null(m);
    cr_assert_eq(mmu_map_fixed(m, 0x10000, 0x2000, MMU_READ | MMU_WRITE, ""),
                 0);
    cr_assert_eq(mmu_map_fixed(m, 0x20000, 0x1000, MMU_READ, ""), 0);
    memset(&cpu, 0, sizeof(cpu));
    cpu.ctx.mem_base = (uint64_t)(uintptr_t)mmu_base(m);
    cpu.ctx.mem_limit = mmu_limit(m);
    cpu.ctx.mem_pages = (uint64_t)(uintptr_t)mmu_page_table(m);
    ir_block_init(&b, 0x1000);
}

static void teardown(void)
{
    ir_block_free(&b);
    mmu_destroy(m);
}

TestSuite(interp, .init = setup, .fini = teardown);

/* r[dst] = load(r[src]) at pc; then r[7] = 99 at pc+4; jump to 0x2000. */
static void build_load_then_put(uint64_t pc, unsigned size, bool sign)
{
    ir_insn_start(&b, pc, 4);
    ir_temp a = ir_get(&b, R_OFF(0), 8);
    ir_temp v = ir_load(&b, a, size, sign);
    ir_put(&b, R_OFF(1), 8, v);
    ir_insn_start(&b, pc + 4, 4);
    ir_put(&b, R_OFF(7), 8, ir_const(&b, 99));
    ir_exit_jump(&b, 0x2000);
    cr_assert_null(ir_validate(&b));
}

Test(interp, load_store_and_jump)
{
    uint64_t *p = mmu_host(m, 0x10008);
    *p = 0x80000000fffffff0ull;
    cpu.r[0] = 0x10008;
    build_load_then_put(0x1000, 4, true);
    struct interp_exit ex;
    cr_assert_eq(interp_run(&b, &cpu.ctx, &ex), INTERP_JUMP);
    cr_expect_eq(cpu.ctx.pc, 0x2000);
    cr_expect_eq(cpu.r[1], (uint64_t)-16);
    cr_expect_eq(cpu.r[7], 99);
}

Test(interp, unmapped_load_faults_precisely)
{
    cpu.r[0] = 0x30000; /* inside the arena, never mapped */
    cpu.r[1] = 1234;
    build_load_then_put(0x1000, 8, false);
    struct interp_exit ex;
    cr_assert_eq(interp_run(&b, &cpu.ctx, &ex), INTERP_FAULT);
    cr_expect_eq(cpu.ctx.pc, 0x1000);
    cr_expect_eq(ex.addr, 0x30000);
    cr_expect_not(ex.write);
    cr_expect_eq(cpu.r[1], 1234, "state after the fault is untouched");
    cr_expect_eq(cpu.r[7], 0);
}

Test(interp, access_beyond_limit_faults_without_wrapping)
{
    const uint64_t addrs[] = {
        (1ull << 30) - 4,          /* straddles the limit with size 8 */
        1ull << 30,                /* the limit itself */
        UINT64_MAX - 3,            /* would wrap to a small address */
        0xffffffff80000000ull,     /* high canonical address */
    };
    for (size_t i = 0; i < sizeof(addrs) / sizeof(addrs[0]); i++) {
        ir_block_reset(&b, 0x1000);
        cpu.r[0] = addrs[i];
        build_load_then_put(0x1000, 8, false);
        struct interp_exit ex;
        cr_expect_eq(interp_run(&b, &cpu.ctx, &ex), INTERP_FAULT, "%zu", i);
        cr_expect_eq(ex.addr, addrs[i]);
    }
}

Test(interp, store_to_read_only_page_faults_as_write)
{
    ir_insn_start(&b, 0x1000, 4);
    ir_insn_start(&b, 0x1004, 4);
    ir_store(&b, ir_const(&b, 0x20010), ir_const(&b, 5), 4);
    ir_exit_jump(&b, 0x1008);
    cr_assert_null(ir_validate(&b));
    struct interp_exit ex;
    cr_assert_eq(interp_run(&b, &cpu.ctx, &ex), INTERP_FAULT);
    cr_expect_eq(cpu.ctx.pc, 0x1004);
    cr_expect_eq(ex.addr, 0x20010);
    cr_expect(ex.write);
}

Test(interp, side_exit_and_trap)
{
    ir_insn_start(&b, 0x1000, 4);
    ir_temp c = ir_get(&b, R_OFF(0), 8);
    ir_exit_if(&b, c, 0x5000);
    ir_insn_start(&b, 0x1004, 4);
    ir_exit_trap(&b, IR_TRAP_SYSCALL, 0x1008);
    cr_assert_null(ir_validate(&b));
    struct interp_exit ex;
    cpu.r[0] = 1;
    cr_expect_eq(interp_run(&b, &cpu.ctx, &ex), INTERP_JUMP);
    cr_expect_eq(cpu.ctx.pc, 0x5000);
    cpu.r[0] = 0;
    cr_expect_eq(interp_run(&b, &cpu.ctx, &ex), INTERP_TRAP);
    cr_expect_eq(ex.trap, IR_TRAP_SYSCALL);
    cr_expect_eq(cpu.ctx.pc, 0x1008);
}

Test(interp, amo_and_cas)
{
    uint32_t *w = mmu_host(m, 0x10000);
    *w = 0xfffffffe; /* -2 as int32 */
    ir_insn_start(&b, 0x1000, 4);
    ir_temp a = ir_const(&b, 0x10000);
    ir_temp old = ir_emit(&b, IR_AMO, 4, IR_AMO_MAXS, a, ir_const(&b, 3), 0, 0);
    ir_put(&b, R_OFF(0), 8, old);
    ir_temp o2 = ir_emit(&b, IR_CAS, 4, 0, a, ir_const(&b, 3),
                         ir_const(&b, 7), 0);
    ir_put(&b, R_OFF(1), 8, o2);
    ir_temp o3 = ir_emit(&b, IR_CAS, 4, 0, a, ir_const(&b, 3),
                         ir_const(&b, 9), 0);
    ir_put(&b, R_OFF(2), 8, o3);
    ir_exit_jump(&b, 0x1004);
    cr_assert_null(ir_validate(&b));
    struct interp_exit ex;
    cr_assert_eq(interp_run(&b, &cpu.ctx, &ex), INTERP_JUMP);
    cr_expect_eq(cpu.r[0], 0xfffffffe, "old value, zero-extended");
    cr_expect_eq(cpu.r[1], 3, "CAS saw the AMO's result and succeeded");
    cr_expect_eq(cpu.r[2], 7, "second CAS failed, returned current value");
    cr_expect_eq(*w, 7);
}

Test(interp, partial_state_writes)
{
    cpu.r[3] = 0x1122334455667788ull;
    ir_insn_start(&b, 0x1000, 4);
    ir_put(&b, R_OFF(3) + 1, 1, ir_const(&b, 0xab));
    ir_put(&b, R_OFF(4), 8, ir_get(&b, R_OFF(3) + 4, 4));
    ir_exit_jump(&b, 0x1004);
    cr_assert_null(ir_validate(&b));
    struct interp_exit ex;
    cr_assert_eq(interp_run(&b, &cpu.ctx, &ex), INTERP_JUMP);
    cr_expect_eq(cpu.r[3], 0x112233445566ab88ull);
    cr_expect_eq(cpu.r[4], 0x11223344);
}

Test(interp, aligned_accesses_fault_when_misaligned)
{
    ir_insn_start(&b, 0x1000, 4);
    ir_temp a = ir_get(&b, R_OFF(0), 8);
    ir_temp old = ir_emit(&b, IR_AMO, 8, IR_AMO_ADD | IR_MEM_ALIGNED, a,
                          ir_const(&b, 1), 0, 0);
    ir_put(&b, R_OFF(1), 8, old);
    ir_exit_jump(&b, 0x1004);
    cr_assert_null(ir_validate(&b));
    struct interp_exit ex;
    cpu.r[0] = 0x10004; /* 4-aligned, not 8-aligned */
    cr_assert_eq(interp_run(&b, &cpu.ctx, &ex), INTERP_FAULT);
    cr_expect(ex.misaligned);
    cr_expect_eq(ex.addr, 0x10004);
    cr_expect_eq(cpu.ctx.pc, 0x1000);
    cpu.r[0] = 0x10008;
    cr_assert_eq(interp_run(&b, &cpu.ctx, &ex), INTERP_JUMP);
    cr_expect_eq(*(uint64_t *)mmu_host(m, 0x10008), 1);
}
