/*
 * test_llvm_tier_up.c — tier 1 entering tier 2 (t2_trampoline.h) with the
 * real code cache and LLVM: the tier-1 block of a loop head, patched to
 * the region's trampoline, runs the whole loop in the region and goes on
 * through the jump cache into tier 1 (or back to the runtime on a miss);
 * POLL, TRAP and FAULT exits reach the runtime as tier 1's own; a host
 * fault inside the region leaves the "in tier 2" byte set and the state
 * precise; the patch refuses what is not a tier-1 block entry.
 */
#include <criterion/criterion.h>

#include "llvm_harness.h"
#include "riscv64.h"
#include "t2_trampoline.h"

#define LOOP_PC UINT64_C(0x1000)
#define EXIT_PC UINT64_C(0x1024)

/* The loop of test_llvm_region.c: 0x1000/0x1010/0x1018, leaving to the
 * ecall at 0x1024. */
static const uint32_t loop[] = {
    0x00053283, 0x005585b3, 0x0012f313, 0x00030663, 0x00564633,
    0x00161613, 0x00850513, 0xfff68693, 0xfe0690e3, 0x00000073,
};

static const uint8_t *fetch(void *arg, uint64_t pc, uint64_t *avail)
{
    (void)arg;
    if (pc < LOOP_PC || pc >= LOOP_PC + sizeof(loop)) {
        *avail = 0;
        return NULL;
    }
    *avail = LOOP_PC + sizeof(loop) - pc;
    return (const uint8_t *)loop + (pc - LOOP_PC);
}

/* The CPU state with the runtime's 16-byte prefix in front of it: the
 * "in tier 2" byte at offset -16. */
struct framed {
    uint64_t prefix[2];
    struct h_cpu cpu;
};
#define FLAG_OFF (-16)

static struct lh_world world;
static struct ir_block blocks[4];
static const struct ir_block *region[3];
static struct t2_arena *arena;
static uint64_t entries;

static void setup(void)
{
    lh_init(&world, 2);
    static const uint64_t pcs[] = {LOOP_PC, 0x1010, 0x1018, EXIT_PC};
    for (unsigned i = 0; i < 4; i++) {
        ir_block_init(&blocks[i], pcs[i]);
        rv_lift_block(&blocks[i], pcs[i], fetch, NULL);
        if (i < 3)
            region[i] = &blocks[i];
    }
    const void *base;
    size_t size;
    cg_cache_bounds(world.w.cache, &base, &size);
    arena = t2_arena_create(base, size, 4);
    cr_assert_not_null(arena);
}

static void teardown(void)
{
    t2_arena_destroy(arena);
    for (unsigned i = 0; i < 4; i++)
        ir_block_free(&blocks[i]);
    lh_fini(&world);
}

TestSuite(tier_up, .init = setup, .fini = teardown);

/* Tier 1 code for the head, patched to a fresh region. */
static uint8_t *tier_up(struct ll_code **code)
{
    const char *why = NULL;
    uint8_t *entry = (uint8_t *)(uintptr_t)cg_translate(world.w.cache,
                                                        &blocks[0], &why);
    cr_assert_not_null(entry, "%s", why ? why : "");
    *code = lh_compile(&world, region, 3);
    uint8_t *slot = t2_arena_alloc(arena);
    cr_assert_not_null(slot);
    struct t2_tramp_params p = {
        .fn = (const void *)(uintptr_t)world.be->entry(*code),
        .epilogue = cg_cache_epilogue(world.w.cache),
        .flag_off = FLAG_OFF,
        .entries = &entries,
    };
    cr_assert(t2_emit_trampoline(slot, &p));
    cr_assert(t2_patch_entry(entry, slot));
    return entry;
}

static void start(struct framed *f, uint64_t a0, uint64_t count)
{
    memset(f->prefix, 0, sizeof(f->prefix));
    h_cpu_init(&world.w, &f->cpu);
    f->cpu.ctx.pc = LOOP_PC;
    f->cpu.r[10] = a0;
    f->cpu.r[11] = 3;
    f->cpu.r[12] = 5;
    f->cpu.r[13] = count;
    uint8_t *d = h_data(&world.w);
    for (unsigned i = 0; i < H_DATA_LEN; i++)
        d[i] = (uint8_t)(i * 131 + 7);
}

Test(tier_up, loop_runs_in_the_region_then_tier1_through_the_jump_cache)
{
    struct ll_code *code;
    uint8_t *head = tier_up(&code);
    struct framed f, ref;
    start(&ref, H_DATA, 300);
    struct interp_exit ex;
    lh_interp_region(region, 3, &ref.cpu, &ex, 1u << 20);
    cr_assert_eq(ref.cpu.ctx.pc, EXIT_PC);

    /* The block after the loop is not translated: back to the runtime. */
    start(&f, H_DATA, 300);
    entries = 0;
    struct cg_exit x = cg_run(world.w.cache, &f.cpu.ctx, head);
    cr_expect_eq(x.code, CG_EXIT_INDIRECT);
    cr_expect_eq(f.cpu.ctx.pc, EXIT_PC);
    cr_expect_eq(entries, 1);
    cr_expect_eq(((uint8_t *)f.prefix)[0], 0, "the tier-2 mark is cleared");
    cr_expect_eq(memcmp(f.cpu.r, ref.cpu.r, sizeof(ref.cpu.r)), 0);

    /* Translated and in the jump cache: the region goes on in tier 1 up
     * to the ecall's trap. */
    const char *why = NULL;
    const void *after = cg_translate(world.w.cache, &blocks[3], &why);
    cr_assert_not_null(after);
    cg_jump_cache_set(world.w.cache, EXIT_PC, after);
    start(&f, H_DATA, 300);
    x = cg_run(world.w.cache, &f.cpu.ctx, head);
    cr_expect_eq(x.code, CG_EXIT_TRAP);
    cr_expect_eq(x.arg, IR_TRAP_SYSCALL);
    cr_expect_eq(f.cpu.ctx.pc, EXIT_PC + 4);
    cr_expect_eq(entries, 2);
    world.be->release(world.jit, code);
}

/* With iters_off, the region counts its loop trips (the entry counts one)
 * into the CPU state, and the trampoline moves them to its counter: what
 * the runtime judges a region by. 300 trips of the loop: 300. */
Test(tier_up, trampoline_sums_the_loop_trips_of_the_region)
{
    const char *why = NULL;
    uint8_t *entry = (uint8_t *)(uintptr_t)cg_translate(world.w.cache,
                                                        &blocks[0], &why);
    cr_assert_not_null(entry, "%s", why ? why : "");
    const int32_t iters_off = -8; /* framed.prefix[1] */
    struct ll_region r = {.blocks = region, .n = 3,
                         .iters_off = iters_off};
    char err[256] = "";
    struct ll_code *code = world.be->compile(world.jit, &r, err, sizeof(err));
    cr_assert_not_null(code, "%s", err);
    uint8_t *slot = t2_arena_alloc(arena);
    cr_assert_not_null(slot);
    uint64_t iterations = 0;
    struct t2_tramp_params p = {
        .fn = (const void *)(uintptr_t)world.be->entry(code),
        .epilogue = cg_cache_epilogue(world.w.cache),
        .flag_off = FLAG_OFF,
        .entries = &entries,
        .iters_off = iters_off,
        .iterations = &iterations,
    };
    cr_assert(t2_emit_trampoline(slot, &p));
    cr_assert(t2_patch_entry(entry, slot));
    struct framed f;
    for (unsigned run = 1; run <= 2; run++) {
        start(&f, H_DATA, 300);
        cg_run(world.w.cache, &f.cpu.ctx, entry);
        cr_expect_eq(f.cpu.ctx.pc, EXIT_PC);
        cr_expect_eq(iterations, 300u * run);
        cr_expect_eq(f.prefix[1], 0, "the per-thread count is moved, zeroed");
    }
    world.be->release(world.jit, code);
}

/* An entry counter patched onto a tier-1 block counts its runs, keeps its
 * poll test (nothing of the block runs when poll is set) and comes off
 * again: how tiered mode sees a loop's entries before compiling it. */
Test(tier_up, entry_counter_counts_runs_and_keeps_the_poll)
{
    const char *why = NULL;
    uint8_t *entry = (uint8_t *)(uintptr_t)cg_translate(world.w.cache,
                                                        &blocks[0], &why);
    cr_assert_not_null(entry, "%s", why ? why : "");
    struct framed ref;
    start(&ref, H_DATA, 10);
    cg_run(world.w.cache, &ref.cpu.ctx, entry);
    uint8_t *slot = t2_arena_alloc(arena);
    cr_assert_not_null(slot);
    uint64_t runs = 0;
    cr_assert(t2_emit_entry_counter(slot, entry, &runs));
    cr_assert(t2_patch_entry(entry, slot));
    struct framed f;
    for (unsigned i = 1; i <= 3; i++) {
        start(&f, H_DATA, 10);
        struct cg_exit x = cg_run(world.w.cache, &f.cpu.ctx, entry);
        cr_expect_eq(x.code & CG_EXIT_KIND_MASK, CG_EXIT_CHAIN);
        cr_expect_eq(runs, i);
        cr_expect_eq(memcmp(f.cpu.r, ref.cpu.r, sizeof(ref.cpu.r)), 0);
        cr_expect_eq(f.cpu.ctx.pc, ref.cpu.ctx.pc);
    }
    start(&f, H_DATA, 10);
    f.cpu.ctx.poll = 1;
    struct cg_exit x = cg_run(world.w.cache, &f.cpu.ctx, entry);
    cr_expect_eq(x.code, CG_EXIT_POLL);
    cr_expect_eq(f.cpu.ctx.pc, LOOP_PC);
    cr_expect_eq(f.cpu.r[10], H_DATA, "nothing of the block ran");
    t2_unpatch_entry(entry);
    uint64_t before = runs;
    start(&f, H_DATA, 10);
    cg_run(world.w.cache, &f.cpu.ctx, entry);
    cr_expect_eq(runs, before, "unpatched: no more counting");
    cr_expect_eq(memcmp(f.cpu.r, ref.cpu.r, sizeof(ref.cpu.r)), 0);
    t2_arena_free(arena, slot);
}

Test(tier_up, poll_reaches_the_runtime_with_nothing_run)
{
    struct ll_code *code;
    uint8_t *head = tier_up(&code);
    struct framed f;
    start(&f, H_DATA, 10);
    f.cpu.ctx.poll = 1;
    struct cg_exit x = cg_run(world.w.cache, &f.cpu.ctx, head);
    cr_expect_eq(x.code, CG_EXIT_POLL);
    cr_expect_eq(f.cpu.ctx.pc, LOOP_PC);
    cr_expect_eq(f.cpu.r[13], 10);
    world.be->release(world.jit, code);
}

Test(tier_up, host_fault_in_the_region_is_precise_and_marked)
{
    struct ll_code *code;
    uint8_t *head = tier_up(&code);
    /* 8-byte loads walk off the data pages after 20 iterations. */
    uint64_t a0 = H_DATA + H_DATA_LEN - 20 * 8;
    struct framed f, ref;
    start(&ref, a0, 1000);
    struct interp_exit ex;
    cr_assert_eq(lh_interp_region(region, 3, &ref.cpu, &ex, 1u << 20),
                 INTERP_FAULT);
    start(&f, a0, 1000);
    struct mmu_catch c;
    c.lo = (uintptr_t)f.cpu.ctx.mem_base;
    c.hi = c.lo + f.cpu.ctx.mem_limit + MMU_GUARD_SIZE;
    bool faulted = false;
    if (sigsetjmp(c.env, 0)) {
        faulted = true;
    } else {
        mmu_catch_enter(&c);
        cg_run(world.w.cache, &f.cpu.ctx, head);
        mmu_catch_leave();
    }
    cr_assert(faulted, "the load of the unmapped page did not fault");
    cr_expect_eq(((uint8_t *)f.prefix)[0], 1, "tier 2 was running");
    uint64_t pc;
    cr_expect(!cg_guest_pc_of(world.w.cache, c.host_pc, &pc),
              "not a tier-1 access");
    cr_expect_eq(c.guest_addr, H_DATA + H_DATA_LEN);
    cr_expect_eq(f.cpu.ctx.pc, ref.cpu.ctx.pc);
    cr_expect_eq(f.cpu.r[13], 1000 - 20);
    cr_expect_eq(memcmp(f.cpu.r, ref.cpu.r, sizeof(ref.cpu.r)), 0);
    world.be->release(world.jit, code);
}

Test(tier_up, patch_refuses_what_is_not_a_block_entry)
{
    const char *why = NULL;
    uint8_t *entry = (uint8_t *)(uintptr_t)cg_translate(world.w.cache,
                                                        &blocks[1], &why);
    cr_assert_not_null(entry);
    uint8_t *slot = t2_arena_alloc(arena);
    uint8_t before[16];
    memcpy(before, entry, 16);
    cr_expect(!t2_patch_entry(entry + 16, slot), "not a block start");
    static uint8_t far_away[64] __attribute__((aligned(16)));
    cr_expect(!t2_patch_entry(far_away, slot), "not tier-1 code");
    cr_expect_eq(memcmp(before, entry, 16), 0, "nothing changed");
    cr_expect(t2_patch_entry(entry, slot));
    cr_expect_eq(entry[0], 0xe9, "jmp rel32");
    int32_t rel;
    memcpy(&rel, entry + 1, 4);
    cr_expect_eq(entry + 5 + rel, slot);
    t2_arena_free(arena, slot);
}

/* Tier 1's side of tiering up: with cg_cache_tier_up(3) the backward
 * branch of 0x1018 (bnez a3,0x1000) exits with CG_EXIT_HOT on its third
 * taken run, its target in pc and arg, the jumping block's pc in the
 * code's upper half and the block's effects complete; the counter then
 * keeps counting (no second exit soon). A forward exit counts nothing. */
Test(tier_up, tier1_counts_taken_backward_jumps)
{
    cg_cache_tier_up(world.w.cache, 3);
    const char *why = NULL;
    const void *e = cg_translate(world.w.cache, &blocks[2], &why);
    cr_assert_not_null(e, "%s", why ? why : "");
    static const unsigned want[] = {CG_EXIT_CHAIN, CG_EXIT_CHAIN, CG_EXIT_HOT,
                                    CG_EXIT_CHAIN, CG_EXIT_CHAIN};
    for (unsigned i = 0; i < 5; i++) {
        struct framed f;
        start(&f, H_DATA, 10);
        f.cpu.ctx.pc = 0x1018;
        struct cg_exit x = cg_run(world.w.cache, &f.cpu.ctx, e);
        cr_expect_eq(x.code & CG_EXIT_KIND_MASK, want[i], "run %u: exit %llu",
                     i, (unsigned long long)x.code);
        cr_expect_eq(f.cpu.ctx.pc, LOOP_PC);
        cr_expect_eq(f.cpu.r[13], 9, "the block ran");
        cr_expect_eq(f.cpu.r[10], H_DATA + 8);
        if ((x.code & CG_EXIT_KIND_MASK) == CG_EXIT_HOT) {
            cr_expect_eq(x.arg, LOOP_PC);
            cr_expect_eq(x.arg + (x.code >> CG_HOT_FROM_SHIFT), 0x1018u);
        }
    }
    /* Not taken (a3 reaches 0): falls through forward, no count. */
    for (unsigned i = 0; i < 4; i++) {
        struct framed f;
        start(&f, H_DATA, 1);
        f.cpu.ctx.pc = 0x1018;
        struct cg_exit x = cg_run(world.w.cache, &f.cpu.ctx, e);
        cr_expect_eq(x.code, CG_EXIT_CHAIN);
        cr_expect_eq(f.cpu.ctx.pc, EXIT_PC);
    }
    cg_cache_tier_up(world.w.cache, 0);
}
