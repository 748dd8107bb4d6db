/*
 * test_cas16.c — the IR's 16-byte compare-and-swap under the interpreter
 * (its executable definition): success, failure, the old value in the
 * state's scratch, the structural rules, and its faults (misaligned,
 * read-only even when the comparison fails, unmapped, past the limit)
 * taken before anything is written.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "interp.h"
#include "mmu.h"
#include "mmu_fault.h"

struct test_cpu {
    struct ir_ctx ctx;
    uint64_t r[4];
    uint64_t scratch[4]; /* expected lo, hi; desired lo, hi */
};

#define R_OFF(n) (offsetof(struct test_cpu, r) + 8 * (n))
#define SCRATCH_OFF offsetof(struct test_cpu, scratch)
#define RW 0x10000ull
#define RO 0x20000ull

static struct mmu *m;
static struct test_cpu cpu;
static struct ir_block b;

static void setup(void)
{
    cr_assert_eq(mmu_fault_init(), 0);
    m = mmu_create(1ull << 30);
    cr_assert_not_null(m);
    cr_assert_eq(mmu_map_fixed(m, RW, 0x1000, MMU_READ | MMU_WRITE, ""), 0);
    cr_assert_eq(mmu_map_fixed(m, RO, 0x1000, MMU_READ, ""), 0);
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

TestSuite(cas16, .init = setup, .fini = teardown);

/* r1 = CAS16 at r0; then r2 = 99 in the next guest insn; jump. */
static void build_cas16(void)
{
    ir_insn_start(&b, 0x1000, 4);
    ir_temp ok = ir_emit(&b, IR_CAS16, 16, IR_MEM_ALIGNED,
                         ir_get(&b, R_OFF(0), 8), 0, 0, SCRATCH_OFF);
    ir_put(&b, R_OFF(1), 8, ok);
    ir_insn_start(&b, 0x1004, 4);
    ir_put(&b, R_OFF(2), 8, ir_const(&b, 99));
    ir_exit_jump(&b, 0x2000);
    cr_assert_null(ir_validate(&b), "%s", ir_validate(&b));
}

static void set_scratch(uint64_t elo, uint64_t ehi, uint64_t dlo, uint64_t dhi)
{
    cpu.scratch[0] = elo;
    cpu.scratch[1] = ehi;
    cpu.scratch[2] = dlo;
    cpu.scratch[3] = dhi;
}

static uint64_t *mem64(uint64_t addr)
{
    return mmu_host(m, addr);
}

Test(cas16, success_stores_desired)
{
    uint64_t *p = mem64(RW + 0x20);
    p[0] = 0xaaaa; p[1] = 0xbbbb; p[2] = 0xcccc;
    set_scratch(0xaaaa, 0xbbbb, 0x1234, 0x5678);
    cpu.r[0] = RW + 0x20;
    build_cas16();
    struct interp_exit ex;
    cr_assert_eq(interp_run(&b, &cpu.ctx, &ex), INTERP_JUMP);
    cr_expect_eq(cpu.r[1], 1);
    cr_expect_eq(p[0], 0x1234);
    cr_expect_eq(p[1], 0x5678);
    cr_expect_eq(p[2], 0xcccc, "the 16 bytes and no more");
    cr_expect_eq(cpu.scratch[0], 0xaaaa, "old value == comparand");
    cr_expect_eq(cpu.scratch[1], 0xbbbb);
    cr_expect_eq(cpu.scratch[2], 0x1234, "desired left as it was");
    cr_expect_eq(cpu.r[2], 99);
}

/* Only the high halves differ: the comparison is over all 16 bytes. */
Test(cas16, failure_returns_old_value_in_scratch)
{
    uint64_t *p = mem64(RW + 0x20);
    p[0] = 0xaaaa; p[1] = 0xbbbb;
    set_scratch(0xaaaa, 0xbbbc, 0x1234, 0x5678);
    cpu.r[0] = RW + 0x20;
    cpu.r[1] = 7;
    build_cas16();
    struct interp_exit ex;
    cr_assert_eq(interp_run(&b, &cpu.ctx, &ex), INTERP_JUMP);
    cr_expect_eq(cpu.r[1], 0);
    cr_expect_eq(p[0], 0xaaaa);
    cr_expect_eq(p[1], 0xbbbb);
    cr_expect_eq(cpu.scratch[0], 0xaaaa);
    cr_expect_eq(cpu.scratch[1], 0xbbbb);
    cr_expect_eq(cpu.scratch[3], 0x5678);
}

/* A fault leaves the state of the instruction's start: nothing after it
 * runs and the scratch is untouched. */
static void expect_fault(uint64_t addr, bool misaligned)
{
    set_scratch(1, 2, 3, 4);
    cpu.r[0] = addr;
    cpu.r[1] = 7;
    build_cas16();
    struct interp_exit ex;
    cr_assert_eq(interp_run(&b, &cpu.ctx, &ex), INTERP_FAULT);
    cr_expect_eq(cpu.ctx.pc, 0x1000);
    cr_expect_eq(ex.addr, addr);
    cr_expect(ex.write, "CAS16 is always a write access");
    cr_expect_eq(ex.misaligned, misaligned);
    cr_expect_eq(cpu.r[1], 7);
    cr_expect_eq(cpu.r[2], 0);
    cr_expect_eq(cpu.scratch[0], 1);
    cr_expect_eq(cpu.scratch[1], 2);
}

Test(cas16, misaligned_faults)
{
    expect_fault(RW + 8, true);
    cr_expect_eq(mem64(RW + 8)[0], 0);
}

Test(cas16, read_only_page_faults_even_when_unequal)
{
    uint64_t *p = mem64(RO + 0x10);
    cr_assert_eq(p[0], 0); /* scratch expects 1:2, memory holds 0:0 */
    expect_fault(RO + 0x10, false);
}

Test(cas16, unmapped_and_past_the_limit_fault)
{
    expect_fault(0x30000, false);
    ir_block_reset(&b, 0x1000);
    expect_fault(mmu_limit(m), false);
    ir_block_reset(&b, 0x1000);
    expect_fault(UINT64_MAX - 15, false); /* wraps: must not pass the check */
}

Test(cas16, validate_demands_size_16_and_alignment)
{
    ir_insn_start(&b, 0x1000, 4);
    ir_temp a = ir_const(&b, RW);
    ir_emit(&b, IR_CAS16, 8, IR_MEM_ALIGNED, a, 0, 0, SCRATCH_OFF);
    ir_exit_jump(&b, 0x2000);
    cr_expect_not_null(ir_validate(&b));
    b.insns[2].size = 16;
    b.insns[2].aux = 0;
    cr_expect_not_null(ir_validate(&b));
    b.insns[2].aux = IR_MEM_ALIGNED;
    cr_expect_null(ir_validate(&b));
    b.insns[2].op = IR_LOAD; /* size 16 is CAS16's alone */
    cr_expect_not_null(ir_validate(&b));
}
