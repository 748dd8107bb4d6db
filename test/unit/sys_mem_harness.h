/*
 * sys_mem_harness.h — the world of the system-mode access tests
 * (test_sys_tier1.c for tier 1, test_llvm_sys.c for tier 2): a soft MMU
 * with RAM, ROM, a device, a read-only page, page faults, access faults;
 * the system interpreter's run as the reference; the comparison of exit,
 * pc, fault, registers, RAM and the device's log; and the blocks both
 * tiers are checked on (loads and stores of every size at every address,
 * constant stores, atomics), each run through the tier's expect_same.
 */
#ifndef VM_TEST_SYS_MEM_HARNESS_H
#define VM_TEST_SYS_MEM_HARNESS_H

#include <criterion/criterion.h>
#include <string.h>

#include "ir_sys_tlb.h"
#include "mmu_phys.h"
#include "sys_interp.h"
#include "sys_mem.h"
#include "sys_t1.h"

#define RAM 0x80000000ull
#define RAM_LEN 0x10000ull
#define PAGE_FAULT (RAM + 0x8000)  /* its translation faults */
#define READ_ONLY (RAM + 0x9000)   /* mapped without write permission */
#define ROM 0x90000000ull
#define DEV 0x10000000ull
#define HOLE 0xa0000000ull         /* translates to nothing: access fault */
#define UNMAPPED 0x40000000ull     /* page fault */

struct cpu {
    struct ir_ctx ctx;
    uint64_t r[8];
};
#define R(n) (offsetof(struct cpu, r) + 8 * (size_t)(n))

struct dev_log {
    uint64_t off, value;
    unsigned size;
    bool write;
};

static struct {
    struct mmu_phys *phys;
    uint8_t *ram;
    struct sys_mem mem;
    struct sys_interp interp;
    struct ir_sys_tlb hooks;
    uint64_t bounce[2];
    unsigned slow_calls;
    struct dev_log log[16];
    unsigned n_log;
} w;

static inline uint64_t dev_read(void *opaque, uint64_t off, unsigned size)
{
    (void)opaque;
    uint64_t v = 0x0102030405060708ull * (off + 1);
    if (size < 8) /* the contract: size bytes */
        v &= (1ull << (8 * size)) - 1;
    if (w.n_log < 16)
        w.log[w.n_log++] = (struct dev_log){off, v, size, false};
    return v;
}

static inline void dev_write(void *opaque, uint64_t off, unsigned size, uint64_t v)
{
    (void)opaque;
    if (w.n_log < 16)
        w.log[w.n_log++] = (struct dev_log){off, v, size, true};
}

static const struct mmu_io_ops dev_ops = {dev_read, dev_write};

static inline enum mmu_fault translate(void *guest, uint64_t va, enum mmu_acc acc,
                                struct mmu_walk_res *out)
{
    (void)guest;
    (void)acc;
    uint64_t page = va & ~0xfffull;
    bool ram = va - RAM < RAM_LEN;
    if (page == PAGE_FAULT || !(ram || page == ROM || page == DEV ||
                                page == HOLE))
        return MMU_FAULT_PAGE;
    *out = (struct mmu_walk_res){.paddr = va, .can_read = true,
                                 .can_write = page != READ_ONLY,
                                 .can_exec = true};
    return MMU_OK;
}

static inline void *slow(struct ir_ctx *ctx, uint64_t va, uint64_t value,
                  uint64_t kind)
{
    (void)ctx;
    w.slow_calls++;
    return sys_t1_slow_access(&w.mem, w.bounce, va, value, kind);
}

/* The soft MMU both runs share: RAM, ROM, a device, the TLB's slow path. */
static inline void sm_setup(void)
{
    w.phys = mmu_phys_new();
    cr_assert(w.phys);
    w.ram = mmu_phys_add_ram(w.phys, RAM, RAM_LEN, false);
    cr_assert(w.ram);
    cr_assert(mmu_phys_add_ram(w.phys, ROM, 0x1000, true));
    cr_assert(mmu_phys_add_io(w.phys, DEV, 0x1000, &dev_ops, NULL) == 0);
    w.mem.phys = w.phys;
    w.mem.translate = translate;
    sys_t1_describe_tlb(&w.hooks, slow);
}

static inline void sm_teardown(void)
{
    sys_interp_free(&w.interp);
    mmu_phys_free(w.phys);
}

struct outcome {
    enum sys_exit exit;
    unsigned trap;
    struct sys_fault fault;
    struct cpu cpu;
    uint8_t ram[RAM_LEN];
    struct dev_log log[16];
    unsigned n_log;
};

static inline void reset_world(void)
{
    for (uint64_t i = 0; i < RAM_LEN; i++)
        w.ram[i] = (uint8_t)(i * 29 + 7);
    memset(w.log, 0, sizeof(w.log));
    w.n_log = 0;
    w.mem.fault = (struct sys_fault){0};
    mmu_tlb_flush(&w.mem.tlb);
}

/* reset_world, keeping the TLB the last run left when warm. */
static inline void reset_world_tlb(bool warm)
{
    struct mmu_tlb saved = w.mem.tlb;
    reset_world();
    if (warm)
        w.mem.tlb = saved;
}

static inline void keep(struct outcome *o, const struct cpu *c)
{
    o->cpu = *c;
    o->fault = w.mem.fault;
    memcpy(o->ram, w.ram, RAM_LEN);
    memcpy(o->log, w.log, sizeof(w.log));
    o->n_log = w.n_log;
}

static inline void run_interp(const struct ir_block *b, const struct cpu *start,
                       struct outcome *o)
{
    reset_world();
    struct cpu c = *start;
    o->trap = 0;
    o->exit = sys_interp_run(&w.interp, &c.ctx, b, &w.mem, &o->trap);
    keep(o, &c);
}

static inline void compare(const struct outcome *got, const struct outcome *want,
                    uint64_t a, const char *what)
{
    cr_assert_eq(got->exit, want->exit, "%s at %#lx: exit %d, interp %d", what,
                 a, got->exit, want->exit);
    cr_assert_eq(got->cpu.ctx.pc, want->cpu.ctx.pc, "%s at %#lx: pc %#lx vs %#lx",
                 what, a, got->cpu.ctx.pc, want->cpu.ctx.pc);
    for (int i = 0; i < 8; i++)
        cr_assert_eq(got->cpu.r[i], want->cpu.r[i],
                     "%s at %#lx: r%d %#lx, interp %#lx", what, a, i,
                     got->cpu.r[i], want->cpu.r[i]);
    if (want->exit == SYS_EXIT_FAULT)
        cr_assert(got->fault.kind == want->fault.kind &&
                      got->fault.acc == want->fault.acc &&
                      got->fault.addr == want->fault.addr,
                  "%s at %#lx: fault %d/%d/%#lx, interp %d/%d/%#lx", what, a,
                  got->fault.kind, got->fault.acc, got->fault.addr,
                  want->fault.kind, want->fault.acc, want->fault.addr);
    cr_assert(memcmp(got->ram, want->ram, RAM_LEN) == 0, "%s at %#lx: RAM",
              what, a);
    cr_assert_eq(got->n_log, want->n_log, "%s at %#lx: %u device accesses, "
                 "interp %u", what, a, got->n_log, want->n_log);
    cr_assert(memcmp(got->log, want->log, sizeof(got->log)) == 0,
              "%s at %#lx: device accesses differ", what, a);
}

/* Runs b from start under the interpreter and the tier under test and
 * compares the two (what: the case, for messages). */
typedef void expect_fn(const struct ir_block *b, const struct cpu *start,
                       const char *what);

static const uint64_t addrs[] = {
    RAM, RAM + 3, RAM + 0xffc, RAM + 0xfff, PAGE_FAULT - 4, PAGE_FAULT,
    READ_ONLY + 8, READ_ONLY - 2, ROM + 16, DEV, DEV + 0x40, HOLE, UNMAPPED,
    0, RAM + RAM_LEN - 4,
};
static const unsigned sizes[] = {1, 2, 4, 8};

/* insn 1: r5 += 1 (dirty in a host register at the access); insn 2:
 * r2 = load [r0]; insn 3: store r1 to [r0]; insn 4: r3 = 9. */
static inline void sm_check_loads_and_stores(expect_fn *expect_same)
{
    struct ir_block b;
    ir_block_init(&b, 0);
    for (size_t a = 0; a < sizeof(addrs) / sizeof(addrs[0]); a++)
        for (size_t s = 0; s < 4; s++)
            for (int sign = 0; sign < 2; sign++) {
                ir_block_reset(&b, 0x1000);
                ir_insn_start(&b, 0x1000, 4);
                ir_put(&b, R(5), 8, ir_binop(&b, IR_ADD, 8, ir_get(&b, R(5), 8),
                                             ir_const(&b, 1)));
                ir_insn_start(&b, 0x1004, 4);
                ir_put(&b, R(2), 8,
                       ir_load(&b, ir_get(&b, R(0), 8), sizes[s], sign));
                ir_insn_start(&b, 0x1008, 4);
                ir_store(&b, ir_get(&b, R(0), 8), ir_get(&b, R(1), 8),
                         sizes[s]);
                ir_insn_start(&b, 0x100c, 4);
                ir_put(&b, R(3), 8, ir_const(&b, 9));
                ir_exit_jump(&b, 0x2000);
                struct cpu start = {.ctx.resv_addr = IR_NO_RESERVATION,
                                    .r = {addrs[a], 0x8877665544332211ull, 0,
                                          0, 0, 41}};
                expect_same(&b, &start, sign ? "signed load/store"
                                             : "load/store");
            }
    ir_block_free(&b);
}

/* A constant stored (the slow path gets it as an immediate). */
static inline void sm_check_constant_stores(expect_fn *expect_same)
{
    struct ir_block b;
    ir_block_init(&b, 0);
    for (size_t a = 0; a < sizeof(addrs) / sizeof(addrs[0]); a++)
        for (size_t s = 0; s < 4; s++) {
            ir_block_reset(&b, 0x1000);
            ir_insn_start(&b, 0x1000, 4);
            ir_store(&b, ir_get(&b, R(0), 8), ir_const(&b, 0xffffffffc0de5a5aull),
                     sizes[s]);
            ir_exit_jump(&b, 0x2000);
            struct cpu start = {.ctx.resv_addr = IR_NO_RESERVATION,
                                .r = {addrs[a]}};
            expect_same(&b, &start, "constant store");
        }
    ir_block_free(&b);
}

/* amoadd.d / amoswap.w (aligned only: misaligned ones fault). */
static inline void sm_check_atomics(expect_fn *expect_same)
{
    static const uint64_t amo_addrs[] = {RAM + 8, RAM + 12, RAM + 9,
                                         READ_ONLY, DEV, PAGE_FAULT, ROM};
    struct ir_block b;
    ir_block_init(&b, 0);
    for (size_t a = 0; a < sizeof(amo_addrs) / sizeof(amo_addrs[0]); a++)
        for (int k = 0; k < 2; k++) {
            unsigned size = k ? 4 : 8;
            enum ir_amo op = k ? IR_AMO_SWAP : IR_AMO_ADD;
            ir_block_reset(&b, 0x1000);
            ir_insn_start(&b, 0x1000, 4);
            ir_put(&b, R(4), 8, ir_const(&b, 5));
            ir_insn_start(&b, 0x1004, 4);
            ir_temp old = ir_emit(&b, IR_AMO, size, op | IR_MEM_ALIGNED,
                                  ir_get(&b, R(0), 8), ir_get(&b, R(1), 8), 0,
                                  0);
            ir_put(&b, R(2), 8, old);
            ir_exit_jump(&b, 0x2000);
            struct cpu start = {.ctx.resv_addr = IR_NO_RESERVATION,
                                .r = {amo_addrs[a], 0x1000000000000123ull}};
            expect_same(&b, &start, "amo");
        }
    ir_block_free(&b);
}

/* Runs b from start under the tier under test, into o; with warm, on the
 * TLB the previous run left (else a flushed one). */
typedef void run_fn(const struct ir_block *b, const struct cpu *start,
                    struct outcome *o, bool warm);

/* A page once in the TLB is reached inline: the slow path is called on
 * the first run only, and the second still reads RAM's bytes. */
static inline void sm_check_tlb_hit(run_fn *run)
{
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    ir_insn_start(&b, 0x1000, 4);
    ir_put(&b, R(2), 8, ir_load(&b, ir_get(&b, R(0), 8), 8, false));
    ir_store(&b, ir_get(&b, R(0), 8), ir_get(&b, R(1), 8), 4);
    ir_exit_jump(&b, 0x2000);
    struct cpu start = {.ctx.resv_addr = IR_NO_RESERVATION,
                        .r = {RAM + 0x110, 0xabcdef}};
    static struct outcome o;
    w.slow_calls = 0;
    run(&b, &start, &o, false);
    /* The load's miss enters the page for every access it allows. */
    cr_assert_eq(w.slow_calls, 1, "a cold TLB: %u slow calls", w.slow_calls);
    uint64_t want = 0; /* reset_world's pattern */
    for (unsigned k = 0; k < 8; k++)
        want |= (uint64_t)(uint8_t)((0x110 + k) * 29 + 7) << (8 * k);
    w.slow_calls = 0;
    run(&b, &start, &o, true);
    cr_assert_eq(w.slow_calls, 0, "a warm TLB: %u slow calls", w.slow_calls);
    cr_assert_eq(o.cpu.r[2], want);
    uint32_t stored;
    memcpy(&stored, o.ram + 0x110, 4);
    cr_assert_eq(stored, 0xabcdef);
    ir_block_free(&b);
}

#endif
