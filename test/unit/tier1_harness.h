/*
 * tier1_harness.h — runs one IR block under the interpreter and under
 * tier 1 from identical CPU state and memory, for the tier-1 tests.
 *
 * The CPU state is a struct ir_ctx followed by 32 eight-byte registers.
 * Guest memory is a small mmu arena with a few mapped pages; memory is
 * snapshotted so both tiers start from the same bytes. Used by the
 * criterion tests and the random differential tester alike, so a broken
 * precondition aborts (criterion reports the crash) instead of asserting.
 */
#ifndef VM_TEST_TIER1_HARNESS_H
#define VM_TEST_TIER1_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code_cache.h"
#include "interp.h"
#include "mmu.h"
#include "mmu_fault.h"

struct h_cpu {
    struct ir_ctx ctx;
    uint64_t r[64]; /* room for a guest's registers (rv_cpu: x, f) */
};

#define H_R(n) (offsetof(struct h_cpu, r) + 8 * (size_t)(n))

#define H_ARENA (1ull << 24)
#define H_DATA 0x10000ull   /* mapped read-write */
#define H_DATA_LEN 0x4000ull
#define H_RO 0x20000ull     /* mapped read-only */
#define H_HOLE 0x30000ull   /* unmapped */

static inline void h_check(bool ok, const char *what, const char *detail)
{
    if (!ok) {
        fprintf(stderr, "tier1 harness: %s%s%s\n", what, detail ? ": " : "",
                detail ? detail : "");
        abort();
    }
}

struct h_world {
    struct mmu *mmu;
    struct cg_cache *cache;
    uint8_t snapshot[H_DATA_LEN];
};

static inline void h_init(struct h_world *w)
{
    h_check(mmu_fault_init() == 0, "mmu_fault_init", NULL);
    w->mmu = mmu_create(H_ARENA);
    h_check(w->mmu != NULL, "mmu_create", NULL);
    h_check(mmu_map_fixed(w->mmu, H_DATA, H_DATA_LEN, MMU_READ | MMU_WRITE,
                          "") == 0, "map data", NULL);
    h_check(mmu_map_fixed(w->mmu, H_RO, 0x1000, MMU_READ, "") == 0,
            "map read-only page", NULL);
    w->cache = cg_cache_create(CG_CACHE_MIN_SIZE * 16);
    h_check(w->cache != NULL, "cg_cache_create", NULL);
}

static inline void h_fini(struct h_world *w)
{
    cg_cache_destroy(w->cache);
    mmu_destroy(w->mmu);
}

static inline void h_cpu_init(const struct h_world *w, struct h_cpu *c)
{
    memset(c, 0, sizeof(*c));
    c->ctx.mem_base = (uint64_t)(uintptr_t)mmu_base(w->mmu);
    c->ctx.mem_limit = mmu_limit(w->mmu);
    c->ctx.mem_pages = (uint64_t)(uintptr_t)mmu_page_table(w->mmu);
    c->ctx.resv_addr = IR_NO_RESERVATION;
}

static inline uint8_t *h_data(const struct h_world *w)
{
    return mmu_host(w->mmu, H_DATA);
}

/* Runs translated code from entry like interp_run (its result and exit);
 * a host fault outside every guest access of the cache aborts. */
static inline enum interp_result h_run_translated(struct cg_cache *cache,
                                                  const void *entry,
                                                  struct ir_ctx *ctx,
                                                  struct interp_exit *ex)
{
    memset(ex, 0, sizeof(*ex));
    struct mmu_catch c;
    c.lo = (uintptr_t)ctx->mem_base;
    c.hi = c.lo + ctx->mem_limit + MMU_GUARD_SIZE;
    if (sigsetjmp(c.env, 0)) {
        h_check(cg_restore_state(cache, c.host_pc, c.host_regs, ctx),
                "host fault outside any guest access", NULL);
        ex->addr = c.guest_addr;
        ex->write = c.write;
        return INTERP_FAULT;
    }
    mmu_catch_enter(&c);
    struct cg_exit x = cg_run(cache, ctx, entry);
    mmu_catch_leave();
    switch ((enum cg_exit_kind)(x.code & CG_EXIT_KIND_MASK)) {
    case CG_EXIT_TRAP:
        ex->trap = (enum ir_trap)x.arg;
        return INTERP_TRAP;
    case CG_EXIT_FAULT:
        ex->addr = x.arg;
        ex->write = (x.code & CG_FAULT_WRITE) != 0;
        ex->misaligned = (x.code & CG_FAULT_MISALIGNED) != 0;
        return INTERP_FAULT;
    case CG_EXIT_POLL:
        h_check(false, "unexpected poll exit", NULL);
        return INTERP_TRAP;
    default:
        return INTERP_JUMP;
    }
}

/* Translates b and runs it like interp_run (its result and exit). */
static inline enum interp_result h_run_tier1(struct h_world *w,
                                             const struct ir_block *b,
                                             struct h_cpu *cpu,
                                             struct interp_exit *ex)
{
    const char *why = NULL;
    const void *entry = cg_translate(w->cache, b, &why);
    h_check(entry != NULL, "tier 1 cannot translate", why);
    return h_run_translated(w->cache, entry, &cpu->ctx, ex);
}

struct h_outcome {
    enum interp_result r;
    struct interp_exit ex;
    struct h_cpu cpu;
    uint8_t mem[H_DATA_LEN];
};

/*
 * Runs b under both tiers from *start and the current data pages; fills
 * the two outcomes. Memory is restored before the second run.
 */
static inline void h_run_both(struct h_world *w, const struct ir_block *b,
                              const struct h_cpu *start, struct h_outcome *oi,
                              struct h_outcome *o1)
{
    memcpy(w->snapshot, h_data(w), H_DATA_LEN);
    memcpy(&oi->cpu, start, sizeof(oi->cpu)); /* padding too: compared by memcmp */
    memset(&oi->ex, 0, sizeof(oi->ex));
    oi->r = interp_run(b, &oi->cpu.ctx, &oi->ex);
    memcpy(oi->mem, h_data(w), H_DATA_LEN);
    memcpy(h_data(w), w->snapshot, H_DATA_LEN);
    memcpy(&o1->cpu, start, sizeof(o1->cpu));
    o1->r = h_run_tier1(w, b, &o1->cpu, &o1->ex);
    memcpy(o1->mem, h_data(w), H_DATA_LEN);
}

/* NULL when both outcomes agree, else what differs. The write flag of a
 * host fault is not compared: the runtime never uses it. */
static inline const char *h_diff(const struct h_outcome *a,
                                 const struct h_outcome *b)
{
    if (a->r != b->r)
        return "exit kind";
    if (a->r == INTERP_TRAP && a->ex.trap != b->ex.trap)
        return "trap";
    if (a->r == INTERP_FAULT &&
        (a->ex.addr != b->ex.addr || a->ex.misaligned != b->ex.misaligned))
        return "fault address";
    if (a->cpu.ctx.pc != b->cpu.ctx.pc)
        return "pc";
    if (memcmp(a->cpu.r, b->cpu.r, sizeof(a->cpu.r)) != 0)
        return "registers";
    if (memcmp(&a->cpu.ctx, &b->cpu.ctx, sizeof(a->cpu.ctx)) != 0)
        return "ir_ctx (fflags, reservation)";
    if (memcmp(a->mem, b->mem, sizeof(a->mem)) != 0)
        return "memory";
    return NULL;
}

#endif
