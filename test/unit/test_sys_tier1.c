/*
 * test_sys_tier1.c — tier 1's inline TLB path in system mode
 * (lib/codegen/t1_sysmem.c with lib/runtime/system/sys_t1.c's slow path)
 * against the system interpreter (sys_interp.c), over the same soft MMU:
 * RAM, ROM, a device, a read-only page, page faults, access faults,
 * accesses crossing pages, atomics. Each block runs from identical state
 * and memory under both; the exit, pc, fault, registers, RAM and the
 * device's log must agree. A second test checks that a TLB hit is done
 * inline: the slow path is not called again.
 */
#include "code_cache.h"
#include "tier1.h"

#include "sys_mem_harness.h"

static struct cg_cache *cache;

static void setup(void)
{
    sm_setup();
    cache = cg_cache_create(CG_CACHE_MIN_SIZE * 16);
    cr_assert(cache);
    cg_cache_system_mem(cache, &w.hooks);
    cg_cache_self_loops(cache, false);
}

static void teardown(void)
{
    cg_cache_destroy(cache);
    t1_free_scratch();
    sm_teardown();
}

TestSuite(sys_tier1, .init = setup, .fini = teardown);

/* The TLB the inline lookup reads is flushed first unless warm. */
static void run_tier1(const struct ir_block *b, const struct cpu *start,
                      struct outcome *o, bool warm)
{
    reset_world_tlb(warm);
    struct cpu c = *start;
    c.ctx.mem_base = c.ctx.mem_limit = (uint64_t)(uintptr_t)w.mem.tlb.e[0];
    const char *why = ir_validate(b);
    cr_assert(why == NULL, "invalid block: %s", why);
    const void *entry = cg_translate(cache, b, &why);
    cr_assert(entry, "tier 1 refused the block: %s", why);
    o->trap = 0;
    o->exit = sys_t1_exit(cg_run(cache, &c.ctx, entry), &w.mem, &o->trap);
    c.ctx.mem_base = c.ctx.mem_limit = start->ctx.mem_base;
    keep(o, &c);
}

/* Tier 1 with a cold TLB, then again with the TLB that run left (the
 * pages it entered are hit inline now). */
static void expect_same(const struct ir_block *b, const struct cpu *start,
                        const char *what)
{
    static struct outcome want, got;
    run_interp(b, start, &want);
    run_tier1(b, start, &got, false);
    compare(&got, &want, start->r[0], what);
    run_tier1(b, start, &got, true);
    compare(&got, &want, start->r[0], what);
}


Test(sys_tier1, loads_and_stores_match_the_interpreter)
{
    sm_check_loads_and_stores(expect_same);
}

Test(sys_tier1, constant_stores_match_the_interpreter)
{
    sm_check_constant_stores(expect_same);
}

Test(sys_tier1, atomics_match_the_interpreter)
{
    sm_check_atomics(expect_same);
}

Test(sys_tier1, a_tlb_hit_stays_inline)
{
    sm_check_tlb_hit(run_tier1);
}
