/*
 * fuzz_arena.c — the guest fuzz targets' arena and block loop
 * (fuzz_arena.h).
 */
#include "fuzz_arena.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "code_cache.h"
#include "interp.h"
#include "mmu.h"
#include "mmu_fault.h"
#include "tier1_harness.h" /* h_run_translated */

static struct mmu *arena;
static struct cg_cache *cache;
static struct ir_block block;
static uint64_t code_end;

/* Everything a block can change: the CPU state and the guest pages. */
#define FUZZ_STATE_MAX 2048u
#define FUZZ_DATA_LEN (FUZZ_DATA_PAGES * 4096u)
#define FUZZ_MEM_LEN (FUZZ_CODE_MAX + FUZZ_DATA_LEN)
struct outcome {
    enum interp_result r;
    struct interp_exit exit;
    uint8_t cpu[FUZZ_STATE_MAX];
    uint8_t mem[FUZZ_MEM_LEN]; /* the code page, then the data pages */
};

static void save_mem(uint8_t *to)
{
    memcpy(to, mmu_host(arena, FUZZ_CODE), FUZZ_CODE_MAX);
    memcpy(to + FUZZ_CODE_MAX, mmu_host(arena, FUZZ_DATA), FUZZ_DATA_LEN);
}

static void load_mem(const uint8_t *from)
{
    memcpy(mmu_host(arena, FUZZ_CODE), from, FUZZ_CODE_MAX);
    memcpy(mmu_host(arena, FUZZ_DATA), from + FUZZ_CODE_MAX, FUZZ_DATA_LEN);
}

static void die(const char *what)
{
    fprintf(stderr, "fuzz: %s\n", what);
    abort();
}

static void arena_create(void)
{
    if (mmu_fault_init() != 0)
        die("cannot install the fault handler");
    arena = mmu_create(1ull << 32);
    if (!arena)
        die("cannot reserve the guest arena");
    int rw = MMU_READ | MMU_WRITE;
    if (mmu_map_fixed(arena, FUZZ_CODE, FUZZ_CODE_MAX, rw | MMU_EXEC, "") ||
        mmu_map_fixed(arena, FUZZ_DATA, FUZZ_DATA_PAGES * 4096ull, rw, "") ||
        mmu_map_fixed(arena, FUZZ_RODATA, 4096, MMU_READ, ""))
        die("cannot map the guest pages");
    cache = cg_cache_create(CG_CACHE_MIN_SIZE * 16);
    if (!cache)
        die("cannot create the tier-1 code cache");
    /* One block per run, as the interpreter: a block jumping to itself
     * leaves through its exit instead of looping in place. */
    cg_cache_self_loops(cache, false);
    ir_block_init(&block, FUZZ_CODE);
}

void fuzz_arena_reset(struct ir_ctx *ctx, const uint8_t *code, size_t len)
{
    if (!arena)
        arena_create();
    uint8_t *host_code = mmu_host(arena, FUZZ_CODE);
    memset(host_code, 0, FUZZ_CODE_MAX);
    memcpy(host_code, code, len);
    code_end = FUZZ_CODE + len;
    memset(mmu_host(arena, FUZZ_DATA), 0, FUZZ_DATA_LEN);
    ctx->pc = FUZZ_CODE;
    ctx->mem_base = (uint64_t)(uintptr_t)mmu_base(arena);
    ctx->mem_limit = mmu_limit(arena);
    ctx->mem_pages = (uint64_t)(uintptr_t)mmu_page_table(arena);
    ctx->resv_addr = IR_NO_RESERVATION;
}

bool fuzz_split_input(const uint8_t *data, size_t size, size_t min_code,
                      uint64_t *seed, const uint8_t **code, size_t *len)
{
    if (size < 8 + min_code)
        return false;
    memcpy(seed, data, 8);
    *code = data + 8;
    *len = size - 8 > FUZZ_CODE_MAX ? FUZZ_CODE_MAX : size - 8;
    return true;
}

uint64_t fuzz_reg_value(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    switch (z & 3) {
    case 0: return FUZZ_DATA + ((z >> 8) % (FUZZ_DATA_PAGES * 4096ull));
    case 1: return z;
    case 2: return (z >> 8) & 0xff;
    default: return ((z >> 8) & 1 ? FUZZ_RODATA : FUZZ_CODE) + ((z >> 9) & 0xfff);
    }
}

/* Only the fuzzer's bytes are code: the rest of the page is data. */
static const uint8_t *fetch_code(void *arg, uint64_t pc, uint64_t *avail)
{
    (void)arg;
    if (pc < FUZZ_CODE || pc >= code_end) {
        *avail = 0;
        return NULL;
    }
    *avail = code_end - pc;
    return mmu_host(arena, pc);
}

/* Helpers whose result differs from one call to the next. */
static bool reads_clock(const struct ir_block *b)
{
    for (uint32_t i = 0; i < b->n; i++)
        if (b->insns[i].op == IR_CALL &&
            (b->insns[i].aux == IR_H_rdtime || b->insns[i].aux == IR_H_rdcycle))
            return true;
    return false;
}

/* What differs between the two tiers' outcomes, or NULL (the write flag
 * of a host fault is not compared: the runtime never uses it). */
static const char *differs(const struct outcome *a, const struct outcome *b,
                           size_t cpu_size)
{
    if (a->r != b->r)
        return "exit kind";
    if (a->r == INTERP_TRAP && a->exit.trap != b->exit.trap)
        return "trap";
    if (a->r == INTERP_FAULT && (a->exit.addr != b->exit.addr ||
                                 a->exit.misaligned != b->exit.misaligned))
        return "fault address";
    if (memcmp(a->cpu, b->cpu, cpu_size) != 0)
        return "CPU state";
    if (memcmp(a->mem, b->mem, FUZZ_MEM_LEN) != 0)
        return "memory";
    return NULL;
}

/* Runs the block under the interpreter, then under tier 1 from the same
 * state and memory, and requires the same outcome; the interpreter's is
 * kept. */
static enum interp_result run_both(struct ir_ctx *ctx, size_t cpu_size,
                                   fuzz_settle_fn settle)
{
    static struct outcome start, interp, tier1;
    if (settle)
        settle(ctx);
    memcpy(start.cpu, ctx, cpu_size);
    save_mem(start.mem);
    memset(&interp.exit, 0, sizeof interp.exit);
    interp.r = interp_run(&block, ctx, &interp.exit);
    if (settle)
        settle(ctx);
    memcpy(interp.cpu, ctx, cpu_size);
    save_mem(interp.mem);

    cg_flush(cache); /* a pc may hold other code than last time */
    const char *why = NULL;
    const void *entry = cg_translate(cache, &block, &why);
    if (!entry)
        return interp.r; /* tier 1 leaves it to the interpreter */
    memcpy(ctx, start.cpu, cpu_size);
    load_mem(start.mem);
    tier1.r = h_run_translated(cache, entry, ctx, &tier1.exit);
    if (settle)
        settle(ctx);
    memcpy(tier1.cpu, ctx, cpu_size);
    save_mem(tier1.mem);
    const char *d = reads_clock(&block) ? NULL : differs(&interp, &tier1, cpu_size);
    if (d) {
        struct ir_ctx interp_ctx;
        memcpy(&interp_ctx, interp.cpu, sizeof interp_ctx);
        ir_print(&block, stderr);
        fprintf(stderr, "fuzz: tier 1 and the interpreter differ in %s "
                "(exit %d/%d, pc %#llx/%#llx)\n", d, interp.r, tier1.r,
                (unsigned long long)interp_ctx.pc,
                (unsigned long long)ctx->pc);
        abort();
    }
    memcpy(ctx, interp.cpu, cpu_size);
    load_mem(interp.mem);
    return interp.r;
}

unsigned fuzz_run_blocks(struct ir_ctx *ctx, size_t cpu_size,
                         fuzz_lift_fn lift, fuzz_settle_fn settle,
                         unsigned max_blocks)
{
    if (cpu_size > FUZZ_STATE_MAX)
        die("CPU state larger than FUZZ_STATE_MAX");
    unsigned n = 0;
    while (n < max_blocks) {
        lift(&block, ctx->pc, fetch_code, NULL);
        const char *err = ir_validate(&block);
        if (err) {
            ir_print(&block, stderr);
            fprintf(stderr, "fuzz: invalid IR block at %#llx: %s\n",
                    (unsigned long long)ctx->pc, err);
            abort();
        }
        enum interp_result r = run_both(ctx, cpu_size, settle);
        n++;
        if (r != INTERP_JUMP)
            break;
    }
    return n;
}
