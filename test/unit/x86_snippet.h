/*
 * x86_snippet.h — the x86 unit tests' shared harness for "these bytes,
 * lifted and interpreted, against the same bytes run natively":
 *   - an arena with code at XS_CODE and data at XS_DATA, the guest CPU's
 *     mem_base/limit pointing at it (xs_setup / xs_teardown);
 *   - xs_run_lifted: code + ud2 through the lifter and the interpreter
 *     until the ud2, asserting it gets there;
 *   - xs_run_native: code between a file's own prologue and epilogue (which
 *     load and save that file's register block) on a fresh executable page,
 *     called as void fn(void *regs, uint8_t *data).
 * One copy per test file (static), as criterion tests are one file each.
 */
#ifndef VM_TEST_X86_SNIPPET_H
#define VM_TEST_X86_SNIPPET_H

#include <criterion/criterion.h>
#include <string.h>
#include <sys/mman.h>

#include "interp.h"
#include "mmu.h"
#include "mmu_fault.h"
#include "x86_64.h"

#define XS_CODE 0x10000ull
#define XS_DATA 0x20000ull /* the snippets' rsi */

static struct xs_arena {
    struct mmu *m;
    struct ir_block b;
    uint64_t code_end; /* code is fetchable from XS_CODE up to here */
} xs;

static void xs_setup(struct x86_cpu *cpu)
{
    cr_assert_eq(mmu_fault_init(), 0);
    xs.m = mmu_create(1ull << 30);
    cr_assert_not_null(xs.m);
    cr_assert_eq(mmu_map_fixed(xs.m, XS_CODE, 0x1000,
                               MMU_READ | MMU_WRITE | MMU_EXEC, ""), 0);
    cr_assert_eq(mmu_map_fixed(xs.m, XS_DATA, 0x1000, MMU_READ | MMU_WRITE,
                               ""), 0);
    memset(cpu, 0, sizeof *cpu);
    cpu->ctx.mem_base = (uint64_t)(uintptr_t)mmu_base(xs.m);
    cpu->ctx.mem_limit = mmu_limit(xs.m);
    cpu->ctx.mem_pages = (uint64_t)(uintptr_t)mmu_page_table(xs.m);
    ir_block_init(&xs.b, XS_CODE);
}

static void xs_teardown(void)
{
    ir_block_free(&xs.b);
    mmu_destroy(xs.m);
}

static const uint8_t *xs_fetch(void *arg, uint64_t pc, uint64_t *avail)
{
    (void)arg;
    if (pc < XS_CODE || pc >= xs.code_end) {
        *avail = 0;
        return NULL;
    }
    *avail = xs.code_end - pc;
    return mmu_host(xs.m, pc);
}

/* Loads code at XS_CODE (fetchable up to its end). */
static void xs_load(const uint8_t *code, size_t len)
{
    memcpy(mmu_host(xs.m, XS_CODE), code, len);
    xs.code_end = XS_CODE + len;
}

/* Runs code + ud2 under the interpreter until the ud2. */
static void xs_run_lifted(struct x86_cpu *cpu, const uint8_t *code, size_t len)
{
    static const uint8_t ud2[] = {0x0f, 0x0b};
    xs_load(code, len);
    memcpy(mmu_host(xs.m, xs.code_end), ud2, sizeof ud2);
    xs.code_end += sizeof ud2;
    cpu->ctx.pc = XS_CODE;
    struct interp_exit ex;
    for (int i = 0; i < 100; i++) {
        x86_lift_block(&xs.b, cpu->ctx.pc, xs_fetch, NULL);
        cr_assert_null(ir_validate(&xs.b), "invalid IR at %#llx: %s",
                       (unsigned long long)cpu->ctx.pc, ir_validate(&xs.b));
        enum interp_result r = interp_run(&xs.b, &cpu->ctx, &ex);
        if (r == INTERP_JUMP)
            continue;
        cr_assert_eq(r, INTERP_TRAP, "fault at %#llx addr %#llx",
                     (unsigned long long)cpu->ctx.pc,
                     (unsigned long long)ex.addr);
        cr_assert_eq(ex.trap, IR_TRAP_ILLEGAL);
        cr_assert_eq(cpu->ctx.pc, XS_CODE + len, "stopped early at %#llx",
                     (unsigned long long)cpu->ctx.pc);
        return;
    }
    cr_assert_fail("no end");
}

static void xs_run_native(const uint8_t *prologue, size_t prologue_len,
                          const uint8_t *code, size_t len,
                          const uint8_t *epilogue, size_t epilogue_len,
                          void *regs, uint8_t *data)
{
    cr_assert(prologue_len + len + epilogue_len <= 4096);
    uint8_t *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert_neq(page, MAP_FAILED);
    memcpy(page, prologue, prologue_len);
    memcpy(page + prologue_len, code, len);
    memcpy(page + prologue_len + len, epilogue, epilogue_len);
    cr_assert_eq(mprotect(page, 4096, PROT_READ | PROT_EXEC), 0);
    void (*fn)(void *, uint8_t *);
    memcpy(&fn, &page, sizeof fn);
    fn(regs, data);
    munmap(page, 4096);
}

#endif
