/*
 * random_diff.c — the random-stream differential test of the compiled
 * tiers.
 *
 * usage: random_diff SEED BLOCKS [LLVM-MODULE]
 *
 * Generates BLOCKS seeded random RV64GC instruction sequences
 * (test/unit/rv_random.h: every encoding of the decoder's table, memory
 * instructions aimed at mapped, read-only, unmapped and misaligned
 * addresses, CSR instructions on fflags/frm/fcsr), lifts each into a block
 * and runs it under the interpreter and under tier 1 from identical CPU
 * state and memory. With LLVM-MODULE (the vm_llvm module, dlopened as
 * vm-run does) each block is also compiled by LLVM at O2 and run from the
 * same start: the three tiers must end with identical registers, fflags,
 * reservation, memory, exit and fault pc/address. Every other block is
 * compiled with implicit checks (ll_region.h: a host fault on an access
 * resumes at its careful path through the fault map); the run fails when
 * none of their faults resumed that way. Ends with status 1 at
 * the first difference, printing the block, and also fails when some RV64GC
 * opcode was never executed or no loop block (make_loop) ran to its end.
 */
#include <dlfcn.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ll_backend.h"
#include "rv_random.h"

#define CODE_PC UINT64_C(0x100000)

static void report(const struct rvr_code *c, const struct ir_block *b,
                   const char *diff, const char *tier,
                   const struct h_outcome *oi, const struct h_outcome *o1,
                   uint64_t index)
{
    fprintf(stderr, "random_diff: block %" PRIu64 ": %s differs (%s)\n",
            index, diff, tier);
    fprintf(stderr, "  exit %d/%d pc %#" PRIx64 "/%#" PRIx64
                    " fault %#" PRIx64 "/%#" PRIx64 " (interp/%s)\n",
            oi->r, o1->r, oi->cpu.ctx.pc, o1->cpu.ctx.pc, oi->ex.addr,
            o1->ex.addr, tier);
    fprintf(stderr, "  fflags %#x/%#x frm %u/%u reservation %#" PRIx64
                    "/%#" PRIx64 "\n",
            oi->cpu.ctx.fflags, o1->cpu.ctx.fflags, oi->cpu.ctx.frm,
            o1->cpu.ctx.frm, oi->cpu.ctx.resv_addr, o1->cpu.ctx.resv_addr);
    const uint64_t *ri = oi->cpu.r, *r1 = o1->cpu.r;
    for (size_t i = 0; i < 64; i++)
        if (ri[i] != r1[i])
            fprintf(stderr, "  state word %zu: %#" PRIx64 " / %#" PRIx64 "\n",
                    i, ri[i], r1[i]);
    for (size_t off = 0; off < c->len;) {
        struct rv_insn in;
        char text[96];
        unsigned n = rv_decode(c->bytes + off, c->len - off, &in);
        rv_disasm(&in, c->pc + off, text, sizeof(text));
        fprintf(stderr, "  %#" PRIx64 ": %s\n", c->pc + off, text);
        off += n;
    }
    ir_print(b, stderr);
}

/* Tier 2 through the module vm-run loads, or none. */
struct llvm {
    const struct ll_backend *be;
    struct ll_jit *jit;
};

static bool llvm_open(struct llvm *l, const char *path)
{
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    void *sym = h ? dlsym(h, LL_BACKEND_SYMBOL) : NULL;
    ll_backend_get_fn get;
    memcpy(&get, &sym, sizeof(get));
    l->be = sym ? get() : NULL;
    char err[256] = "";
    if (l->be && l->be->abi == LL_BACKEND_ABI)
        l->jit = l->be->create(2, ir_helper_table, err, sizeof(err));
    if (!l->jit)
        fprintf(stderr, "random_diff: cannot use %s: %s\n", path,
                h ? err : dlerror());
    return l->jit != NULL;
}

/* The implicit-check sites of the code being run (one region at a time),
 * what vm-run's registry (lib/runtime/tier2_faults.c) keeps for all. */
static uintptr_t site_entry;
static const struct ll_fault_site *sites;
static unsigned n_sites;
static uint64_t resumed;

static uintptr_t resume_at(uintptr_t host_pc)
{
    for (unsigned i = 0; i < n_sites; i++)
        if (site_entry + sites[i].fault_off == host_pc) {
            resumed++;
            return site_entry + sites[i].resume_off;
        }
    return 0;
}

/* Runs b compiled by LLVM from *start, like h_run_tier1. */
static void run_llvm(struct llvm *l, struct h_world *w, struct ir_block *b,
                     const struct h_cpu *start, struct h_outcome *o,
                     bool implicit, bool loop)
{
    const struct ir_block *list[1] = {b};
    struct ll_region r = {.blocks = list, .n = 1, .implicit_checks = implicit};
    char err[256] = "";
    struct ll_code *code = l->be->compile(l->jit, &r, err, sizeof(err));
    h_check(code != NULL, "LLVM cannot compile", err);
    ll_region_fn fn = l->be->entry(code);
    site_entry = (uintptr_t)fn;
    sites = l->be->fault_sites(code, &n_sites);
    memcpy(h_data(w), w->snapshot, H_DATA_LEN);
    memcpy(&o->cpu, start, sizeof(o->cpu)); /* padding too: compared by memcmp */
    memset(&o->ex, 0, sizeof(o->ex));
    struct mmu_catch c;
    c.lo = (uintptr_t)o->cpu.ctx.mem_base;
    c.hi = c.lo + o->cpu.ctx.mem_limit + MMU_GUARD_SIZE;
    if (sigsetjmp(c.env, 0)) {
        o->ex.addr = c.guest_addr;
        o->ex.write = c.write;
        o->r = INTERP_FAULT;
    } else {
        mmu_catch_enter(&c);
        struct ll_exit x = fn(&o->cpu.ctx);
        /* A loop block (make_loop) the region may leave at its start. */
        for (unsigned trips = 1;
             loop && (x.code & LL_EXIT_KIND_MASK) == LL_EXIT_JUMP &&
             o->cpu.ctx.pc == b->pc && trips <= 64;
             trips++)
            x = fn(&o->cpu.ctx);
        mmu_catch_leave();
        o->r = INTERP_JUMP;
        if ((x.code & LL_EXIT_KIND_MASK) == LL_EXIT_TRAP) {
            o->r = INTERP_TRAP;
            o->ex.trap = (enum ir_trap)x.arg;
        } else if ((x.code & LL_EXIT_KIND_MASK) == LL_EXIT_FAULT) {
            o->r = INTERP_FAULT;
            o->ex.addr = x.arg;
            o->ex.misaligned = (x.code & LL_FAULT_MISALIGNED) != 0;
        }
    }
    memcpy(o->mem, h_data(w), H_DATA_LEN);
    n_sites = 0;
    l->be->release(l->jit, code);
}

/*
 * Every third block becomes a loop (t1_loop.c keeps a one-block loop's
 * registers in host registers across trips): the random code, then
 * `addi xc, xc, -1; bne xc, x0, start` on a register xc no instruction
 * of the code names as its destination, run 1 to 4 trips from the same
 * start under every tier (the interpreter re-runs the block while it
 * jumps back to its start). Returns xc, or 0 when the code has no room
 * or no such register (the block stays as it is).
 */
static unsigned make_loop(struct rvr_code *c)
{
    bool written[32] = {[0] = true, [1] = true, [2] = true};
    for (size_t off = 0; off < c->len;) {
        struct rv_insn in;
        off += rv_decode(c->bytes + off, c->len - off, &in);
        written[in.rd & 31] = true;
    }
    unsigned xc = 31;
    while (xc > 0 && written[xc])
        xc--;
    if (xc == 0 || c->len + 8 > RVR_MAX_CODE || c->len > 2000)
        return 0;
    uint32_t addi = 0xfffu << 20 | xc << 15 | xc << 7 | 0x13;
    int32_t back = -(int32_t)(c->len + 4); /* from the bne to the start */
    uint32_t imm = (uint32_t)back;
    uint32_t bne = ((imm >> 12) & 1) << 31 | ((imm >> 5) & 0x3f) << 25 |
                   xc << 15 | 1u << 12 | ((imm >> 1) & 0xf) << 8 |
                   ((imm >> 11) & 1) << 7 | 0x63;
    memcpy(c->bytes + c->len, &addi, 4);
    memcpy(c->bytes + c->len + 4, &bne, 4);
    c->len += 8;
    return xc;
}

/* The interpreter's run of a loop: the block again while it jumps back to
 * its start (tier 1 stays in its code meanwhile). */
static void rerun_interp(const struct ir_block *b, struct h_world *w,
                         struct h_outcome *oi)
{
    for (unsigned trips = 1; oi->r == INTERP_JUMP && oi->cpu.ctx.pc == b->pc;
         trips++) {
        if (trips > 64) {
            fprintf(stderr, "random_diff: loop block does not end\n");
            exit(1);
        }
        oi->r = interp_run(b, &oi->cpu.ctx, &oi->ex);
    }
    memcpy(oi->mem, h_data(w), H_DATA_LEN);
}

static void mark_seen(const struct rvr_code *c, const struct ir_block *b,
                      bool *seen)
{
    for (size_t off = 0, i = 0; i < b->guest_insns; i++) {
        struct rv_insn in;
        off += rv_decode(c->bytes + off, c->len - off, &in);
        seen[in.op] = true;
    }
}

int main(int argc, char **argv)
{
    if (argc != 3 && argc != 4) {
        fprintf(stderr, "usage: random_diff SEED BLOCKS [LLVM-MODULE]\n");
        return 2;
    }
    struct rvr g;
    rvr_seed(&g, strtoull(argv[1], NULL, 0));
    uint64_t blocks = strtoull(argv[2], NULL, 0);
    struct llvm l = {0};
    mmu_fault_set_resume(resume_at);
    if (argc == 4 && !llvm_open(&l, argv[3]))
        return 2;
    static struct h_world world;
    static struct h_outcome oi, o1, o2;
    static struct rvr_code code;
    static bool seen[RV_OPCODE_COUNT];
    h_init(&world);
    struct ir_block b;
    ir_block_init(&b, CODE_PC);
    uint64_t insns = 0, faults = 0, traps = 0, loops = 0;
    for (uint64_t k = 0; k < blocks; k++) {
        rvr_code(&g, &code, CODE_PC);
        unsigned counter = k % 3 == 2 ? make_loop(&code) : 0;
        rv_lift_block(&b, CODE_PC, rvr_fetch, &code);
        /* Only a block ending in the appended branch loops for a bounded
         * number of trips; any other that jumps to its own start (a random
         * branch) runs once, as the interpreter's run does. */
        if (b.guest_bytes != code.len)
            counter = 0;
        cg_cache_self_loops(world.cache, counter != 0);
        const char *bad = ir_validate(&b);
        if (bad) {
            fprintf(stderr, "random_diff: invalid IR: %s\n", bad);
            return 1;
        }
        mark_seen(&code, &b, seen);
        insns += b.guest_insns;
        rvr_memory(&g, h_data(&world), H_DATA_LEN);
        struct h_cpu start;
        h_cpu_init(&world, &start);
        _Static_assert(sizeof(struct rv_cpu) <= sizeof(struct h_cpu),
                       "rv_cpu fits the harness state");
        rvr_state(&g, (struct rv_cpu *)&start);
        if (counter) {
            uint64_t trips = 1 + k % 4;
            memcpy((char *)&start + RV_X_OFF(counter), &trips, 8);
        }
        h_run_both(&world, &b, &start, &oi, &o1);
        if (counter) {
            /* h_run_both left the tier-1 run's memory in place */
            memcpy(h_data(&world), oi.mem, H_DATA_LEN);
            rerun_interp(&b, &world, &oi);
            loops += oi.r == INTERP_JUMP && oi.cpu.ctx.pc != b.pc;
        }
        const char *diff = h_diff(&oi, &o1);
        if (diff) {
            report(&code, &b, diff, "tier1", &oi, &o1, k);
            return 1;
        }
        if (l.jit) {
            run_llvm(&l, &world, &b, &start, &o2, k % 2 == 1, counter != 0);
            if ((diff = h_diff(&oi, &o2))) {
                report(&code, &b, diff, "llvm", &oi, &o2, k);
                return 1;
            }
        }
        faults += oi.r == INTERP_FAULT;
        traps += oi.r == INTERP_TRAP;
    }
    unsigned missing = 0;
    for (unsigned op = 1; op < RV_OPCODE_COUNT; op++)
        if (!seen[op]) {
            fprintf(stderr, "random_diff: %s never executed\n",
                    rv_opcode_name(op));
            missing++;
        }
    printf("random_diff: %" PRIu64 " blocks, %" PRIu64 " guest insns, %" PRIu64
           " faults, %" PRIu64 " traps, %" PRIu64 " loops run to their end, "
           "%u opcodes never executed; tiers: interp, tier1%s; %" PRIu64
           " faults resumed by implicit checks\n",
           blocks, insns, faults, traps, loops, missing,
           l.jit ? ", llvm" : "", resumed);
    bool no_loops = blocks >= 300 && loops == 0;
    if (no_loops)
        fprintf(stderr, "random_diff: no loop block ran to its end\n");
    bool implicit_unused = l.jit && faults > 20 && resumed == 0;
    if (implicit_unused)
        fprintf(stderr, "random_diff: no fault resumed by an implicit check\n");
    if (l.jit)
        l.be->destroy(l.jit);
    ir_block_free(&b);
    h_fini(&world);
    return missing || implicit_unused || no_loops ? 1 : 0;
}
