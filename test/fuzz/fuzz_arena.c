/*
 * fuzz_arena.c — the guest fuzz targets' arena and block loop
 * (fuzz_arena.h).
 */
#include "fuzz_arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interp.h"
#include "mmu.h"
#include "mmu_fault.h"

static struct mmu *arena;
static struct ir_block block;
static uint64_t code_end;

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
    memset(mmu_host(arena, FUZZ_DATA), 0, FUZZ_DATA_PAGES * 4096ull);
    ctx->pc = FUZZ_CODE;
    ctx->mem_base = (uint64_t)(uintptr_t)mmu_base(arena);
    ctx->mem_limit = mmu_limit(arena);
    ctx->mem_pages = (uint64_t)(uintptr_t)mmu_page_table(arena);
    ctx->resv_addr = IR_NO_RESERVATION;
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

unsigned fuzz_run_blocks(struct ir_ctx *ctx, fuzz_lift_fn lift,
                         unsigned max_blocks)
{
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
        struct interp_exit exit;
        enum interp_result r = interp_run(&block, ctx, &exit);
        n++;
        if (r != INTERP_JUMP)
            break;
    }
    return n;
}
