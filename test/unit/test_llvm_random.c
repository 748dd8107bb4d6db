/*
 * test_llvm_random.c — the random-stream differential test of tier 2.
 *
 * 2,000 seeded random RV64GC blocks (rv_random.h: every opcode, loads,
 * stores and atomics that work and that fault on unmapped, read-only,
 * out-of-range and misaligned addresses) are lifted, compiled by LLVM at
 * O2 and each run from three random start states under the interpreter and
 * the compiled code: registers, fflags, reservation, memory, exit kind,
 * pc, trap and fault address must be identical. A second test compiles
 * 10-block regions (blocks lifted back to back, fall-through edges inside
 * the region) and compares them with the interpreter running block after
 * block: straight-line random code in ten blocks joined by forward
 * branches, so every block is reachable. Both report compile times.
 */
#include <criterion/criterion.h>
#include <inttypes.h>

#include "llvm_harness.h"
#include "rv_random.h"

#define CODE_PC UINT64_C(0x100000)
#define N_BLOCKS 2000
#define STATES_PER_BLOCK 3
#define N_REGIONS 100
#define REGION_BLOCKS 10

static struct lh_world world;

static void setup(void)
{
    lh_init(&world, 2);
}

static void teardown(void)
{
    lh_fini(&world);
}

TestSuite(llvm_random, .init = setup, .fini = teardown);

static void report(const struct rvr_code *c, const struct ir_block *b,
                   const char *diff, const struct h_outcome *oi,
                   const struct h_outcome *ol, unsigned index)
{
    fprintf(stderr, "block %u: %s differs\n", index, diff);
    fprintf(stderr, "  exit %d/%d pc %#" PRIx64 "/%#" PRIx64 " fault %#" PRIx64
                    "/%#" PRIx64 " (interp/llvm)\n",
            oi->r, ol->r, oi->cpu.ctx.pc, ol->cpu.ctx.pc, oi->ex.addr,
            ol->ex.addr);
    for (size_t i = 0; i < 64; i++)
        if (oi->cpu.r[i] != ol->cpu.r[i])
            fprintf(stderr, "  state word %zu: %#" PRIx64 " / %#" PRIx64 "\n",
                    i, oi->cpu.r[i], ol->cpu.r[i]);
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

static void mark_seen(const struct rvr_code *c, const struct ir_block *b,
                      bool *seen)
{
    for (size_t off = 0, i = 0; i < b->guest_insns; i++) {
        struct rv_insn in;
        off += rv_decode(c->bytes + off, c->len - off, &in);
        seen[in.op] = true;
    }
}

_Static_assert(RV_X_OFF(1) == H_R(1), "rv_cpu.x[n] is h_cpu.r[n]");

static void random_start(struct rvr *g, struct h_cpu *start)
{
    rvr_memory(g, h_data(&world.w), H_DATA_LEN);
    h_cpu_init(&world.w, start);
    rvr_state(g, (struct rv_cpu *)start);
}

struct counts {
    unsigned runs, faults, host_faults, traps;
};

/* n random blocks from seed, each compiled by world.jit and compared with
 * the interpreter from STATES_PER_BLOCK start states. */
static void random_blocks(uint64_t seed, unsigned n, bool *seen,
                          struct counts *cnt)
{
    static struct h_outcome oi, ol;
    static struct rvr_code code;
    struct rvr g;
    rvr_seed(&g, seed);
    struct ir_block b;
    ir_block_init(&b, CODE_PC);
    const struct ir_block *list[1] = {&b};
    for (unsigned k = 0; k < n; k++) {
        rvr_code(&g, &code, CODE_PC);
        rv_lift_block(&b, CODE_PC, rvr_fetch, &code);
        cr_assert_null(ir_validate(&b), "invalid IR: %s", ir_validate(&b));
        mark_seen(&code, &b, seen);
        struct ll_code *c = lh_compile(&world, list, 1);
        for (unsigned s = 0; s < STATES_PER_BLOCK; s++) {
            struct h_cpu start;
            random_start(&g, &start);
            lh_run_both(&world, &b, world.be->entry(c), &start, &oi, &ol);
            const char *d = h_diff(&oi, &ol);
            if (d) {
                report(&code, &b, d, &oi, &ol, k);
                cr_assert_fail("block %u state %u: %s differs", k, s, d);
            }
            cnt->runs++;
            cnt->faults += oi.r == INTERP_FAULT;
            /* The unmapped and read-only pages fault on the host. */
            cnt->host_faults += oi.r == INTERP_FAULT && !oi.ex.misaligned &&
                                oi.ex.addr < H_ARENA;
            cnt->traps += oi.r == INTERP_TRAP;
        }
        world.be->release(world.jit, c);
    }
    ir_block_free(&b);
}

Test(llvm_random, blocks_match_the_interpreter)
{
    static bool seen[RV_OPCODE_COUNT];
    struct counts cnt = {0};
    random_blocks(20240915, N_BLOCKS, seen, &cnt);
    unsigned runs = cnt.runs, faults = cnt.faults;
    unsigned host_faults = cnt.host_faults, traps = cnt.traps;
    unsigned missing = 0;
    for (unsigned op = 1; op < RV_OPCODE_COUNT; op++)
        if (!seen[op]) {
            fprintf(stderr, "never executed: %s\n", rv_opcode_name(op));
            missing++;
        }
    struct ll_jit_stats st;
    world.be->stats(world.jit, &st);
    double n = (double)st.regions;
    cr_log_info("%u runs of %u blocks: %u faults (%u host), %u traps; "
                "O2 compile per block: %.0f us wall (lift %.0f, opt %.0f, "
                "codegen %.0f), %.0f us CPU",
                runs, N_BLOCKS, faults, host_faults, traps,
                (double)(st.lift_ns + st.opt_ns + st.codegen_ns) / n / 1e3,
                (double)st.lift_ns / n / 1e3, (double)st.opt_ns / n / 1e3,
                (double)st.codegen_ns / n / 1e3,
                (double)st.cpu_ns / n / 1e3);
    cr_expect_eq(missing, 0, "%u RV64GC opcodes never executed", missing);
    cr_expect_eq(st.regions, N_BLOCKS);
    cr_expect_eq(st.released, N_BLOCKS);
    cr_expect_gt(host_faults, runs / 20, "too few host faults: %u",
                 host_faults);
    cr_expect_gt(faults - host_faults, runs / 50, "too few checked faults");
}

/* Fewer blocks at the other --opt-level values (O2 above). */
Test(llvm_random, blocks_at_every_other_opt_level)
{
    static bool seen[RV_OPCODE_COUNT];
    struct ll_jit *o2 = world.jit;
    for (unsigned level = 0; level <= 3; level++) {
        if (level == 2)
            continue;
        char err[256] = "";
        world.jit = world.be->create(level, ir_helper_table, err, sizeof(err));
        cr_assert_not_null(world.jit, "O%u: %s", level, err);
        struct counts cnt = {0};
        random_blocks(1000 + level, 300, seen, &cnt);
        cr_expect_gt(cnt.faults, cnt.runs / 20, "O%u: too few faults", level);
        struct ll_jit_stats st;
        world.be->stats(world.jit, &st);
        cr_log_info("O%u compile per block: %.0f us CPU (opt %.0f, codegen "
                    "%.0f wall)",
                    level, (double)st.cpu_ns / (double)st.regions / 1e3,
                    (double)st.opt_ns / (double)st.regions / 1e3,
                    (double)st.codegen_ns / (double)st.regions / 1e3);
        world.be->destroy(world.jit);
    }
    world.jit = o2;
}

/* True when raw (len bytes at pc) lifts to straight-line code: no exit
 * but the fall-through to the next instruction. */
static bool is_straight(uint32_t raw, unsigned len, struct ir_block *tmp)
{
    struct rvr_code one = {.pc = CODE_PC, .len = len};
    memcpy(one.bytes, &raw, len);
    rv_lift_block(tmp, CODE_PC, rvr_fetch, &one);
    for (uint32_t k = 0; k < tmp->n; k++) {
        const struct ir_insn *in = &tmp->insns[k];
        if ((ir_op_flags((enum ir_op)in->op) & IR_F_EXIT) &&
            !(in->op == IR_EXIT_JUMP && in->imm == CODE_PC + len))
            return false;
    }
    return tmp->guest_insns == 1;
}

/* bne rs1, rs2, off (B-type). */
static uint32_t bne(unsigned rs1, unsigned rs2, int32_t off)
{
    uint32_t o = (uint32_t)off;
    return ((o >> 12) & 1) << 31 | ((o >> 5) & 0x3f) << 25 | rs2 << 20 |
           rs1 << 15 | 1u << 12 | ((o >> 1) & 0xf) << 8 |
           ((o >> 11) & 1) << 7 | 0x63;
}

/*
 * REGION_BLOCKS segments of 4..15 random straight-line instructions, each
 * ending in a bne that skips the next segment: every block is reachable
 * by fall-through, the taken edges go forward (no endless loop), and the
 * last ones leave the region.
 */
static void region_code(struct rvr *g, struct rvr_code *c, struct ir_block *tmp)
{
    size_t starts[REGION_BLOCKS + 2], branch_at[REGION_BLOCKS];
    c->pc = CODE_PC;
    c->len = 0;
    for (unsigned s = 0; s < REGION_BLOCKS; s++) {
        starts[s] = c->len;
        unsigned n = 4 + (unsigned)(rvr_next(g) % 12);
        for (unsigned i = 0; i < n;) {
            unsigned len;
            uint32_t raw = rvr_insn(g, &len);
            if (!is_straight(raw, len, tmp))
                continue;
            memcpy(c->bytes + c->len, &raw, len);
            c->len += len;
            i++;
        }
        branch_at[s] = c->len;
        c->len += 4;
    }
    starts[REGION_BLOCKS] = starts[REGION_BLOCKS + 1] = c->len;
    for (unsigned s = 0; s < REGION_BLOCKS; s++) {
        uint32_t br = bne(5 + (unsigned)(rvr_next(g) % 3), 6,
                          (int32_t)(starts[s + 2] - branch_at[s]));
        memcpy(c->bytes + branch_at[s], &br, 4);
    }
}

/* Lifts the region's blocks back to back; returns how many. */
static unsigned lift_region(const struct rvr_code *code,
                            struct ir_block *blocks)
{
    uint64_t pc = code->pc;
    unsigned n = 0;
    while (n < REGION_BLOCKS && pc < code->pc + code->len) {
        rv_lift_block(&blocks[n], pc, rvr_fetch, (void *)code);
        pc += blocks[n].guest_bytes;
        n++;
    }
    return n;
}

Test(llvm_random, ten_block_regions_match_block_by_block)
{
    static struct h_outcome oi, ol;
    static struct rvr_code code;
    static struct ir_block blocks[REGION_BLOCKS];
    const struct ir_block *list[REGION_BLOCKS];
    for (unsigned i = 0; i < REGION_BLOCKS; i++) {
        ir_block_init(&blocks[i], 0);
        list[i] = &blocks[i];
    }
    struct rvr g;
    rvr_seed(&g, 77);
    struct ir_block tmp;
    ir_block_init(&tmp, 0);
    struct ll_jit_stats before, after;
    world.be->stats(world.jit, &before);
    unsigned compiled = 0, full = 0, deep = 0, total_blocks = 0;
    for (unsigned k = 0; k < N_REGIONS; k++) {
        region_code(&g, &code, &tmp);
        unsigned n = lift_region(&code, blocks);
        struct ll_code *c = lh_compile(&world, list, n);
        compiled++;
        full += n == REGION_BLOCKS;
        total_blocks += n;
        for (unsigned s = 0; s < STATES_PER_BLOCK; s++) {
            struct h_cpu start;
            random_start(&g, &start);
            if (s == 0) /* pointers to aligned writable data: fewer faults */
                for (size_t i = 0; i < RVR_N_POINTERS; i++) /* x[r] */
                    start.r[rvr_pointer_regs[i]] = H_DATA + 0x800 + 0x200 * i;
            memcpy(world.w.snapshot, h_data(&world.w), H_DATA_LEN);
            oi.cpu = start;
            oi.r = lh_interp_region(list, n, &oi.cpu, &oi.ex, 1000);
            memcpy(oi.mem, h_data(&world.w), H_DATA_LEN);
            memcpy(h_data(&world.w), world.w.snapshot, H_DATA_LEN);
            ol.cpu = start;
            unsigned kind;
            ol.r = lh_run_code(world.be->entry(c), &ol.cpu, &ol.ex, &kind);
            memcpy(ol.mem, h_data(&world.w), H_DATA_LEN);
            const char *d = h_diff(&oi, &ol);
            if (d) {
                report(&code, &blocks[0], d, &oi, &ol, k);
                cr_assert_fail("region %u state %u: %s differs", k, s, d);
            }
            /* Left from beyond the first block (or faulted there). */
            deep += oi.cpu.ctx.pc >= blocks[1].pc;
        }
        world.be->release(world.jit, c);
    }
    world.be->stats(world.jit, &after);
    uint64_t ns = (after.lift_ns + after.opt_ns + after.codegen_ns) -
                  (before.lift_ns + before.opt_ns + before.codegen_ns);
    cr_log_info("%u regions (%u of %u blocks, %u blocks in all), %u runs "
                "past their first block; O2 compile per region: %.0f us "
                "wall, %.0f us CPU",
                compiled, full, REGION_BLOCKS, total_blocks, deep,
                (double)ns / compiled / 1e3,
                (double)(after.cpu_ns - before.cpu_ns) / compiled / 1e3);
    cr_expect_gt(full, N_REGIONS * 9 / 10, "too few full regions: %u", full);
    cr_expect_gt(deep, N_REGIONS / 2, "regions rarely ran past block 0");
    ir_block_free(&tmp);
    for (unsigned i = 0; i < REGION_BLOCKS; i++)
        ir_block_free(&blocks[i]);
}
