/*
 * test_llvm_ops.c — hand-built IR blocks run under the interpreter (the
 * oracle) and compiled by LLVM (tier 2); CPU state, memory and exit must
 * agree bit for bit. Every pure op at every size on edge values (register,
 * immediate-on-either-side and same-operand forms, at O2 and at O0, where
 * LLVM folds nothing), loads and stores of every size and sign, bounds,
 * alignment and host faults at every position of a block (precise pc and
 * registers), AMOs and CAS, helper calls and fflags, partial and
 * straddling state access, side exits, traps and the entry poll.
 */
#include <criterion/criterion.h>

#include "llvm_harness.h"

static struct lh_world world;

static void setup_o2(void)
{
    lh_init(&world, 2);
}

static void setup_o0(void)
{
    lh_init(&world, 0);
}

static void teardown(void)
{
    lh_fini(&world);
}

TestSuite(llvm_ops, .init = setup_o2, .fini = teardown);
TestSuite(llvm_ops_o0, .init = setup_o0, .fini = teardown);

static const uint64_t edge_values[] = {
    0, 1, 2, 7, 8, 31, 32, 63, 64, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff,
    0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
    0x7fffffffffffffffull, 0x8000000000000000ull, UINT64_MAX,
    UINT64_MAX - 1, 0x123456789abcdef0ull, 0xfedcba9876543210ull,
    0xffffffff80000000ull, 0xffffffffffff8000ull, 0xffffffffffffff80ull,
};
#define N_EDGE (sizeof(edge_values) / sizeof(edge_values[0]))
static const unsigned sizes[] = {1, 2, 4, 8};

static const enum ir_op binops[] = {
    IR_ADD, IR_SUB, IR_MUL, IR_MULHS, IR_MULHU, IR_MULHSU, IR_DIVS, IR_DIVU,
    IR_REMS, IR_REMU, IR_AND, IR_OR, IR_XOR, IR_SHL, IR_SHR, IR_SAR, IR_ROL,
    IR_ROR, IR_EQ, IR_NE, IR_LTS, IR_LTU, IR_LES, IR_LEU,
};
static const enum ir_op unops[] = {
    IR_CLZ, IR_CTZ, IR_POPCNT, IR_PARITY, IR_BSWAP, IR_SEXT, IR_ZEXT,
};

/* Runs compiled fn and the interpreter on *start; fails on a difference. */
static void expect_same_fn(const struct ir_block *b, ll_region_fn fn,
                           const struct h_cpu *start, const char *what)
{
    static struct h_outcome oi, ol;
    lh_run_both(&world, b, fn, start, &oi, &ol);
    const char *d = h_diff(&oi, &ol);
    if (d) {
        ir_print(b, stderr);
        for (int i = 0; i < 64; i++)
            if (oi.cpu.r[i] != ol.cpu.r[i])
                fprintf(stderr, "  r%d: %#llx / %#llx (interp/llvm)\n", i,
                        (unsigned long long)oi.cpu.r[i],
                        (unsigned long long)ol.cpu.r[i]);
        cr_assert_fail("%s: %s differs (exit %d/%d at %#llx/%#llx, fault "
                       "%#llx/%#llx: interp/llvm)",
                       what, d, oi.r, ol.r, (unsigned long long)oi.cpu.ctx.pc,
                       (unsigned long long)ol.cpu.ctx.pc,
                       (unsigned long long)oi.ex.addr,
                       (unsigned long long)ol.ex.addr);
    }
}

static struct ll_code *compile_one(const struct ir_block *b)
{
    return lh_compile(&world, &b, 1);
}

/* Compiles b, compares one run, releases the code. */
static void expect_same(const struct ir_block *b, const struct h_cpu *start,
                        const char *what)
{
    cr_assert_null(ir_validate(b), "bad test block: %s", ir_validate(b));
    struct ll_code *c = compile_one(b);
    expect_same_fn(b, world.be->entry(c), start, what);
    world.be->release(world.jit, c);
}

/* r2 = op(r0, r1), r3 = op(r0, r0), and op(r0, k) / op(k, r1) for every
 * edge value k into r4.. : one compiled block covers all forms. */
static void build_binop(struct ir_block *b, enum ir_op op, unsigned size)
{
    ir_block_reset(b, 0x1000);
    ir_insn_start(b, 0x1000, 4);
    ir_temp x = ir_get(b, H_R(0), 8), y = ir_get(b, H_R(1), 8);
    ir_put(b, H_R(2), 8, ir_binop(b, op, size, x, y));
    ir_put(b, H_R(3), 8, ir_binop(b, op, size, x, x));
    for (size_t i = 0; i < N_EDGE; i++) {
        ir_temp k = ir_const(b, edge_values[i]);
        ir_put(b, H_R(4 + i), 8, ir_binop(b, op, size, x, k));
        ir_put(b, H_R(4 + N_EDGE + i), 8, ir_binop(b, op, size, k, y));
    }
    ir_exit_jump(b, 0x2000);
}

static void binary_ops_every_size_and_form(void)
{
    struct ir_block b;
    ir_block_init(&b, 0);
    for (size_t o = 0; o < sizeof(binops) / sizeof(binops[0]); o++)
        for (size_t s = 0; s < 4; s++) {
            build_binop(&b, binops[o], sizes[s]);
            struct ll_code *c = compile_one(&b);
            ll_region_fn fn = world.be->entry(c);
            for (size_t i = 0; i < N_EDGE; i++)
                for (size_t j = 0; j < N_EDGE; j++) {
                    struct h_cpu start;
                    h_cpu_init(&world.w, &start);
                    start.r[0] = edge_values[i];
                    start.r[1] = edge_values[j];
                    char what[64];
                    snprintf(what, sizeof(what), "%s size %u (%zu, %zu)",
                             ir_op_name(binops[o]), sizes[s], i, j);
                    expect_same_fn(&b, fn, &start, what);
                }
            world.be->release(world.jit, c);
        }
    ir_block_free(&b);
}

static void unary_ops_every_size(void)
{
    struct ir_block b;
    ir_block_init(&b, 0);
    for (size_t o = 0; o < sizeof(unops) / sizeof(unops[0]); o++)
        for (size_t s = 0; s < 4; s++) {
            ir_block_reset(&b, 0x1000);
            ir_insn_start(&b, 0x1000, 4);
            ir_temp x = ir_get(&b, H_R(0), 8);
            ir_put(&b, H_R(2), 8, ir_unop(&b, unops[o], sizes[s], x));
            for (size_t i = 0; i < N_EDGE; i++)
                ir_put(&b, H_R(4 + i), 8,
                       ir_unop(&b, unops[o], sizes[s],
                               ir_const(&b, edge_values[i])));
            ir_exit_jump(&b, 0x2000);
            struct ll_code *c = compile_one(&b);
            for (size_t i = 0; i < N_EDGE; i++) {
                struct h_cpu start;
                h_cpu_init(&world.w, &start);
                start.r[0] = edge_values[i];
                char what[64];
                snprintf(what, sizeof(what), "%s size %u (%zu)",
                         ir_op_name(unops[o]), sizes[s], i);
                expect_same_fn(&b, world.be->entry(c), &start, what);
            }
            world.be->release(world.jit, c);
        }
    ir_block_free(&b);
}

Test(llvm_ops, binary_ops_every_size_and_form)
{
    binary_ops_every_size_and_form();
}

Test(llvm_ops_o0, binary_ops_every_size_and_form)
{
    binary_ops_every_size_and_form();
}

Test(llvm_ops, unary_ops_every_size)
{
    unary_ops_every_size();
}

Test(llvm_ops_o0, unary_ops_every_size)
{
    unary_ops_every_size();
}

Test(llvm_ops, select_side_exits_and_indirect)
{
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    ir_insn_start(&b, 0x1000, 4);
    ir_temp x = ir_get(&b, H_R(0), 8), y = ir_get(&b, H_R(1), 8);
    ir_put(&b, H_R(2), 8, ir_select(&b, x, y, ir_const(&b, 77)));
    ir_insn_start(&b, 0x1004, 4);
    ir_exit_if(&b, ir_binop(&b, IR_LTU, 4, x, y), 0x3000);
    ir_put(&b, H_R(3), 2, ir_binop(&b, IR_ADD, 8, x, y));
    ir_insn_start(&b, 0x1008, 4);
    ir_exit_if(&b, ir_binop(&b, IR_EQ, 1, x, y), 0x4000);
    ir_exit_indirect(&b, ir_binop(&b, IR_AND, 8, y, ir_const(&b, ~1ull)));
    struct ll_code *c = compile_one(&b);
    for (size_t i = 0; i < N_EDGE; i++)
        for (size_t j = 0; j < N_EDGE; j += 3) {
            struct h_cpu start;
            h_cpu_init(&world.w, &start);
            start.r[0] = edge_values[i];
            start.r[1] = edge_values[j];
            start.r[3] = 0x1122334455667788ull;
            expect_same_fn(&b, world.be->entry(c), &start, "exits");
        }
    world.be->release(world.jit, c);
    ir_block_free(&b);
}

Test(llvm_ops, traps)
{
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    for (unsigned t = 0; t < IR_NUM_TRAPS; t++) {
        ir_block_reset(&b, 0x1000);
        ir_insn_start(&b, 0x1000, 4);
        ir_put(&b, H_R(5), 8, ir_const(&b, 0x55 + t));
        ir_insn_start(&b, 0x1004, 4);
        ir_exit_trap(&b, (enum ir_trap)t, 0x1004 + 4 * (t % 2));
        struct h_cpu start;
        h_cpu_init(&world.w, &start);
        expect_same(&b, &start, ir_trap_name((enum ir_trap)t));
    }
    ir_block_free(&b);
}

/* Addresses every access test uses: mapped, read-only, unmapped, the last
 * bytes below the limit, past the limit, and wrapped around. */
static uint64_t access_addrs(uint64_t *out)
{
    const uint64_t limit = H_ARENA;
    const uint64_t a[] = {
        H_DATA + 0x100, H_DATA + 0x101, H_DATA + 0x103, H_DATA + 0x107,
        H_DATA + H_DATA_LEN - 8, H_DATA + H_DATA_LEN - 3, H_RO + 0x10,
        H_HOLE, H_HOLE + 5, limit - 1, limit - 8, limit, limit + 0x1000,
        UINT64_MAX, UINT64_MAX - 3,
    };
    memcpy(out, a, sizeof(a));
    return sizeof(a) / sizeof(a[0]);
}

Test(llvm_ops, loads_and_stores_every_size_sign_and_alignment)
{
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    uint64_t addrs[16];
    uint64_t n = access_addrs(addrs);
    for (size_t s = 0; s < 4; s++)
        for (unsigned aux = 0; aux < 4; aux++) {
            unsigned ld_aux = (aux & 1 ? IR_LD_SIGNED : 0) |
                              (aux & 2 ? IR_MEM_ALIGNED : 0);
            ir_block_reset(&b, 0x1000);
            ir_insn_start(&b, 0x1000, 4);
            ir_temp a = ir_get(&b, H_R(0), 8);
            ir_temp v = ir_emit(&b, IR_LOAD, sizes[s], ld_aux, a, 0, 0, 0);
            ir_put(&b, H_R(1), 8, v);
            ir_insn_start(&b, 0x1004, 4);
            ir_temp a2 = ir_binop(&b, IR_ADD, 8, a, ir_const(&b, 16));
            ir_emit(&b, IR_STORE, sizes[s], aux & 2 ? IR_MEM_ALIGNED : 0, a2,
                    ir_get(&b, H_R(2), 8), 0, 0);
            ir_put(&b, H_R(3), 8, ir_const(&b, 3));
            ir_exit_jump(&b, 0x2000);
            struct ll_code *c = compile_one(&b);
            for (uint64_t i = 0; i < n; i++)
                for (uint64_t off = 0; off < 2; off++) {
                    struct h_cpu start;
                    h_cpu_init(&world.w, &start);
                    start.r[0] = addrs[i] - 16 * off;
                    start.r[2] = 0x8899aabbccddeeffull;
                    for (size_t k = 0; k < H_DATA_LEN; k++)
                        h_data(&world.w)[k] = (uint8_t)(k * 7 + 1);
                    char what[64];
                    snprintf(what, sizeof(what), "size %u aux %u addr %#llx",
                             sizes[s], ld_aux,
                             (unsigned long long)start.r[0]);
                    expect_same_fn(&b, world.be->entry(c), &start, what);
                }
            world.be->release(world.jit, c);
        }
    ir_block_free(&b);
}

/*
 * Six guest instructions, each one access (load, store, AMO, CAS, load,
 * store) through its own pointer register followed by register writes;
 * pointer p is made to fault (unmapped page: a host fault; past the limit
 * or misaligned: the explicit checks; read-only: a host write fault). The
 * pc, every register and memory must be the interpreter's.
 */
Test(llvm_ops, faults_at_every_position_are_precise)
{
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    static const uint8_t kinds[6] = {IR_LOAD, IR_STORE, IR_AMO, IR_CAS,
                                     IR_LOAD, IR_STORE};
    ir_temp acc = ir_get(&b, H_R(20), 8);
    for (unsigned p = 0; p < 6; p++) {
        uint64_t pc = 0x1000 + 4 * p;
        ir_insn_start(&b, pc, 4);
        ir_temp a = ir_get(&b, H_R(10 + p), 8);
        ir_temp v = 0;
        unsigned size = p % 2 ? 8 : 4;
        switch (kinds[p]) {
        case IR_LOAD: v = ir_load(&b, a, size, true); break;
        case IR_STORE: ir_store(&b, a, acc, size); v = acc; break;
        case IR_AMO:
            v = ir_emit(&b, IR_AMO, size, IR_AMO_ADD | IR_MEM_ALIGNED, a, acc,
                        0, 0);
            break;
        default:
            v = ir_emit(&b, IR_CAS, size, IR_MEM_ALIGNED, a, acc, a, 0);
            break;
        }
        acc = ir_binop(&b, IR_ADD, 8, acc, ir_binop(&b, IR_XOR, 8, v, a));
        ir_put(&b, H_R(p), 8, acc);
        ir_put(&b, H_R(20), 8, acc);
    }
    ir_exit_jump(&b, 0x2000);
    struct ll_code *c = compile_one(&b);
    const uint64_t bad[] = {H_HOLE + 0x40, H_ARENA + 0x40, H_DATA + 0x22,
                            H_RO + 0x40, UINT64_MAX - 2};
    for (unsigned p = 0; p < 7; p++)
        for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
            struct h_cpu start;
            h_cpu_init(&world.w, &start);
            for (unsigned q = 0; q < 6; q++)
                start.r[10 + q] = H_DATA + 0x200 + 0x40 * q;
            if (p < 6)
                start.r[10 + p] = bad[k];
            start.r[20] = 0x0102030405060708ull;
            for (unsigned q = 0; q < 32; q++)
                if (!start.r[q])
                    start.r[q] = 0x1111111111111111ull * q;
            char what[64];
            snprintf(what, sizeof(what), "fault at position %u kind %zu", p,
                     k);
            expect_same_fn(&b, world.be->entry(c), &start, what);
        }
    world.be->release(world.jit, c);
    ir_block_free(&b);
}

Test(llvm_ops, amo_every_kind_and_size)
{
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    static const uint64_t vals[] = {0, 1, 0x80, 0x7fffffff, 0x80000000,
                                    0xffffffffffffffffull,
                                    0x8000000000000000ull, 0x1234};
    for (unsigned kind = IR_AMO_SWAP; kind <= IR_AMO_MAXU; kind++)
        for (size_t s = 0; s < 4; s++) {
            ir_block_reset(&b, 0x1000);
            ir_insn_start(&b, 0x1000, 4);
            ir_temp a = ir_get(&b, H_R(0), 8);
            ir_temp v = ir_emit(&b, IR_AMO, sizes[s], kind | IR_MEM_ALIGNED, a,
                                ir_get(&b, H_R(1), 8), 0, 0);
            ir_put(&b, H_R(2), 8, v);
            ir_exit_jump(&b, 0x2000);
            struct ll_code *c = compile_one(&b);
            for (size_t i = 0; i < 8; i++)
                for (size_t j = 0; j < 8; j++) {
                    struct h_cpu start;
                    h_cpu_init(&world.w, &start);
                    start.r[0] = H_DATA + 0x100 + (j == 7 ? 2 : 0);
                    start.r[1] = vals[i];
                    memcpy(h_data(&world.w) + 0x100, &vals[j], 8);
                    char what[64];
                    snprintf(what, sizeof(what), "amo %u size %u", kind,
                             sizes[s]);
                    expect_same_fn(&b, world.be->entry(c), &start, what);
                }
            world.be->release(world.jit, c);
        }
    ir_block_free(&b);
}

Test(llvm_ops, cas_every_size_hit_and_miss)
{
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    for (size_t s = 0; s < 4; s++) {
        ir_block_reset(&b, 0x1000);
        ir_insn_start(&b, 0x1000, 4);
        ir_temp a = ir_get(&b, H_R(0), 8);
        ir_temp v = ir_emit(&b, IR_CAS, sizes[s], 0, a, ir_get(&b, H_R(1), 8),
                            ir_get(&b, H_R(2), 8), 0);
        ir_put(&b, H_R(3), 8, v);
        ir_insn_start(&b, 0x1004, 4);
        ir_emit(&b, IR_FENCE, 8, 0, 0, 0, 0, 0);
        ir_exit_jump(&b, 0x2000);
        struct ll_code *c = compile_one(&b);
        for (int hit = 0; hit < 2; hit++) {
            struct h_cpu start;
            h_cpu_init(&world.w, &start);
            start.r[0] = H_DATA + 0x300;
            uint64_t mem = 0xa5a5a5a5c3c3c3c3ull;
            memcpy(h_data(&world.w) + 0x300, &mem, 8);
            start.r[1] = hit ? mem | 0xff00000000000000ull : mem + 1;
            start.r[2] = 0x0123456789abcdefull;
            expect_same_fn(&b, world.be->entry(c), &start, "cas");
        }
        world.be->release(world.jit, c);
    }
    ir_block_free(&b);
}

/*
 * CAS16 with its scratch words promoted: a PUT to the comparand's high
 * word before it (dirty: must reach memory first), GETs of the old value
 * after it (must see what the op wrote), a register written before it in
 * the same guest insn (precise at a fault); hit, miss in either half,
 * misaligned, read-only (faults though unequal), unmapped, past the limit.
 */
static void cas16_every_outcome(void)
{
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    const size_t scratch = H_R(40);
    ir_insn_start(&b, 0x1000, 4);
    ir_temp before = ir_get(&b, scratch, 8);
    ir_put(&b, scratch + 8, 8, ir_get(&b, H_R(21), 8));
    ir_put(&b, H_R(5), 8, ir_binop(&b, IR_ADD, 8, before, ir_const(&b, 1)));
    ir_temp ok = ir_emit(&b, IR_CAS16, 16, IR_MEM_ALIGNED,
                         ir_get(&b, H_R(30), 8), 0, 0, scratch);
    ir_insn_start(&b, 0x1004, 4);
    ir_put(&b, H_R(22), 8, ok);
    ir_put(&b, H_R(23), 8, ir_get(&b, scratch, 8));
    ir_put(&b, H_R(24), 8, ir_get(&b, scratch + 8, 8));
    ir_exit_jump(&b, 0x2000);
    cr_assert_null(ir_validate(&b), "bad test block: %s", ir_validate(&b));
    struct ll_code *c = compile_one(&b);
    const uint64_t addrs[] = {H_DATA + 0x80, H_DATA + 0x88, H_RO + 0x40,
                              H_HOLE, H_ARENA, UINT64_MAX - 15};
    for (int outcome = 0; outcome < 3; outcome++)
        for (size_t k = 0; k < sizeof(addrs) / sizeof(addrs[0]); k++) {
            memset(h_data(&world.w), 0x5a, H_DATA_LEN);
            struct h_cpu start;
            h_cpu_init(&world.w, &start);
            start.r[30] = addrs[k];
            start.r[40] = 0x5a5a5a5a5a5a5a5aull + (outcome == 1);
            start.r[21] = 0x5a5a5a5a5a5a5a5aull + (outcome == 2);
            start.r[42] = 0x1122334455667788ull;
            start.r[43] = 0x99aabbccddeeff00ull;
            char what[64];
            snprintf(what, sizeof(what), "cas16 outcome %d address %zu",
                     outcome, k);
            expect_same_fn(&b, world.be->entry(c), &start, what);
        }
    world.be->release(world.jit, c);
    ir_block_free(&b);
}

Test(llvm_ops, cas16_every_outcome)
{
    cas16_every_outcome();
}

Test(llvm_ops_o0, cas16_every_outcome)
{
    cas16_every_outcome();
}

/* A helper call between state accesses: fflags written by the helper must
 * be seen by a later GET, frm written by a PUT before the call must reach
 * the helper, and registers live across the call stay intact. */
Test(llvm_ops, helper_calls_see_and_update_ctx)
{
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    ir_insn_start(&b, 0x1000, 4);
    ir_put(&b, IR_CTX_OFF(frm), 4, ir_get(&b, H_R(3), 8));
    ir_temp x = ir_get(&b, H_R(0), 8), y = ir_get(&b, H_R(1), 8);
    ir_put(&b, H_R(5), 8, ir_binop(&b, IR_ADD, 8, x, y));
    ir_temp r = ir_call(&b, IR_H_fdiv_d, x, y, 0, IR_RM_DYN);
    ir_put(&b, H_R(2), 8, r);
    ir_insn_start(&b, 0x1004, 4);
    ir_temp f = ir_get(&b, IR_CTX_OFF(fflags), 4);
    ir_put(&b, H_R(4), 8, ir_binop(&b, IR_OR, 8, f, ir_get(&b, H_R(5), 8)));
    ir_put(&b, IR_CTX_OFF(fflags), 4,
           ir_binop(&b, IR_OR, 4, f, ir_const(&b, 0x10)));
    ir_temp s = ir_call(&b, IR_H_fsqrt_d, r, 0, 0, IR_RM_RTZ);
    ir_put(&b, H_R(6), 8, s);
    ir_exit_jump(&b, 0x2000);
    struct ll_code *c = compile_one(&b);
    static const uint64_t d[] = {0x3ff0000000000000ull, 0x4008000000000000ull,
                                 0, 0x7ff0000000000000ull,
                                 0xbff0000000000000ull};
    for (size_t i = 0; i < 5; i++)
        for (size_t j = 0; j < 5; j++)
            for (uint64_t rm = 0; rm < 5; rm += 2) {
                struct h_cpu start;
                h_cpu_init(&world.w, &start);
                start.r[0] = d[i];
                start.r[1] = d[j];
                start.r[3] = rm;
                start.ctx.fflags = (uint32_t)(i & 1);
                expect_same_fn(&b, world.be->entry(c), &start, "helpers");
            }
    world.be->release(world.jit, c);
    ir_block_free(&b);
}

/* Sub-word GET/PUT at every offset of a word (promoted words), and
 * accesses straddling two words (kept in memory). */
Test(llvm_ops, partial_and_straddling_state_access)
{
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    for (unsigned off = 0; off < 8; off++)
        for (size_t s = 0; s < 4; s++) {
            ir_block_reset(&b, 0x1000);
            ir_insn_start(&b, 0x1000, 4);
            size_t at = H_R(8) + off;
            ir_temp v = ir_get(&b, at, sizes[s]);
            ir_put(&b, H_R(1), 8, v);
            ir_put(&b, at, sizes[s], ir_binop(&b, IR_ADD, 8, v,
                                              ir_get(&b, H_R(0), 8)));
            ir_put(&b, H_R(2), 8, ir_get(&b, H_R(8), 8));
            ir_insn_start(&b, 0x1004, 4);
            ir_temp p = ir_get(&b, H_R(4), 8);
            ir_put(&b, H_R(3), 8, ir_load(&b, p, 8, false));
            ir_exit_jump(&b, 0x2000);
            struct h_cpu start;
            h_cpu_init(&world.w, &start);
            start.r[0] = 0x0102030405060708ull;
            start.r[8] = 0xf0e0d0c0b0a09080ull;
            start.r[9] = 0x1122334455667788ull;
            for (int fault = 0; fault < 2; fault++) {
                start.r[4] = fault ? H_HOLE : H_DATA;
                char what[64];
                snprintf(what, sizeof(what), "offset %u size %u fault %d", off,
                         sizes[s], fault);
                expect_same(&b, &start, what);
            }
        }
    ir_block_free(&b);
}

Test(llvm_ops, poll_at_entry_runs_nothing)
{
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    ir_insn_start(&b, 0x1000, 4);
    ir_put(&b, H_R(1), 8, ir_const(&b, 99));
    ir_exit_jump(&b, 0x2000);
    struct ll_code *c = compile_one(&b);
    struct h_cpu cpu;
    h_cpu_init(&world.w, &cpu);
    cpu.ctx.pc = 0x777;
    cpu.ctx.poll = 1;
    struct interp_exit ex;
    unsigned kind;
    lh_run_code(world.be->entry(c), &cpu, &ex, &kind);
    cr_expect_eq(kind, LL_EXIT_POLL);
    cr_expect_eq(cpu.ctx.pc, 0x1000);
    cr_expect_eq(cpu.r[1], 0);
    cpu.ctx.poll = 0;
    lh_run_code(world.be->entry(c), &cpu, &ex, &kind);
    cr_expect_eq(kind, LL_EXIT_JUMP);
    cr_expect_eq(cpu.ctx.pc, 0x2000);
    cr_expect_eq(cpu.r[1], 99);
    world.be->release(world.jit, c);
    ir_block_free(&b);
}

/* The comparison itself can fail: code compiled from one block against
 * the interpreter running a block that differs in one constant. */
Test(llvm_ops, harness_detects_a_difference)
{
    struct ir_block b1, b2;
    ir_block_init(&b1, 0x1000);
    ir_block_init(&b2, 0x1000);
    for (int k = 0; k < 2; k++) {
        struct ir_block *b = k ? &b2 : &b1;
        ir_insn_start(b, 0x1000, 4);
        ir_put(b, H_R(1), 8, ir_const(b, 41 + (uint64_t)k));
        ir_exit_jump(b, 0x2000);
    }
    struct ll_code *c = compile_one(&b1);
    static struct h_outcome oi, ol;
    struct h_cpu start;
    h_cpu_init(&world.w, &start);
    lh_run_both(&world, &b2, world.be->entry(c), &start, &oi, &ol);
    cr_expect_str_eq(h_diff(&oi, &ol), "registers");
    lh_run_both(&world, &b1, world.be->entry(c), &start, &oi, &ol);
    cr_expect_null(h_diff(&oi, &ol));
    world.be->release(world.jit, c);
    ir_block_free(&b1);
    ir_block_free(&b2);
}
