/*
 * test_x86_lift.c — the x86-64 lifter: small instruction sequences lifted
 * and run by the IR interpreter over a guest arena, checked against
 * results the same instructions gave natively on this (Intel) host.
 *
 * The register cases start from the given rax..rdi and RFLAGS and compare
 * rax..rdi and the arithmetic flags afterwards; their bytes come from GNU
 * as (the assembly is in the comment above each), their expected values
 * from running that assembly natively.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "interp.h"
#include "mmu.h"
#include "mmu_fault.h"
#include "x86_64.h"

#define CODE 0x10000ull
#define DATA 0x11000ull
#define STACK_TOP 0x13000ull
#define ARITH_FLAGS 0x8d5ull /* CF PF AF ZF SF OF */

static struct mmu *m;
static struct x86_cpu cpu;
static struct ir_block b;

static void setup(void)
{
    cr_assert_eq(mmu_fault_init(), 0);
    m = mmu_create(1ull << 30);
    cr_assert_not_null(m);
    cr_assert_eq(mmu_map_fixed(m, CODE, 0x1000,
                               MMU_READ | MMU_WRITE | MMU_EXEC, ""), 0);
    cr_assert_eq(mmu_map_fixed(m, DATA, STACK_TOP - DATA, MMU_READ | MMU_WRITE,
                               ""), 0);
    memset(&cpu, 0, sizeof(cpu));
    x86_set_rflags(&cpu, X86_RFLAGS_FIXED); /* zero flag words: ZF, PF set */
    cpu.ctx.mem_base = (uint64_t)(uintptr_t)mmu_base(m);
    cpu.ctx.mem_limit = mmu_limit(m);
    cpu.ctx.mem_pages = (uint64_t)(uintptr_t)mmu_page_table(m);
    cpu.gpr[X86_RSP_] = STACK_TOP;
    ir_block_init(&b, CODE);
}

static void teardown(void)
{
    ir_block_free(&b);
    mmu_destroy(m);
}

TestSuite(x86_lift, .init = setup, .fini = teardown);

/* Code is readable from CODE up to code_end (what load_code loaded). */
static uint64_t code_end = CODE + 0x1000;

static const uint8_t *fetch(void *arg, uint64_t pc, uint64_t *avail)
{
    (void)arg;
    if (pc < CODE || pc >= code_end) {
        *avail = 0;
        return NULL;
    }
    *avail = code_end - pc;
    return mmu_host(m, pc);
}

static void load_code(const uint8_t *code, size_t len)
{
    memcpy(mmu_host(m, CODE), code, len);
    code_end = CODE + len;
}

/* Runs blocks from CODE until pc reaches end, a trap or a fault. */
static enum interp_result run_until(uint64_t end, struct interp_exit *ex)
{
    cpu.ctx.pc = CODE;
    for (int i = 0; i < 10000; i++) {
        x86_lift_block(&b, cpu.ctx.pc, fetch, NULL);
        cr_assert_null(ir_validate(&b), "invalid IR at %#llx: %s",
                       (unsigned long long)cpu.ctx.pc, ir_validate(&b));
        enum interp_result r = interp_run(&b, &cpu.ctx, ex);
        if (r != INTERP_JUMP || cpu.ctx.pc == end)
            return r;
    }
    cr_assert_fail("did not reach %#llx", (unsigned long long)end);
    return INTERP_FAULT;
}

static void run_code(const uint8_t *code, size_t len)
{
    load_code(code, len);
    struct interp_exit ex;
    enum interp_result r = run_until(CODE + len, &ex);
    cr_assert_eq(r, INTERP_JUMP, "stopped at %#llx: result %d, trap %d",
                 (unsigned long long)cpu.ctx.pc, (int)r, (int)ex.trap);
}

struct reg_case {
    const char *name;
    uint8_t code[32];
    size_t len;
    uint64_t rflags_in;
    uint64_t in[6];  /* rax rbx rcx rdx rsi rdi */
    uint64_t out[6];
    uint64_t rflags_out;
};

static const enum x86_gpr case_regs[6] = {X86_RAX_, X86_RBX_, X86_RCX_,
                                          X86_RDX_, X86_RSI_, X86_RDI_};

static const struct reg_case reg_cases[] = {
    /* add eax, 1 */
    {"add_overflow", {0x83, 0xc0, 0x1}, 3, 0x0,
     {0x7fffffffull, 0x0ull, 0x0ull, 0x0ull, 0x0ull, 0x0ull},
     {0x80000000ull, 0x0ull, 0x0ull, 0x0ull, 0x0ull, 0x0ull}, 0xa96},
    /* add rax, rbx */
    {"add_carry64", {0x48, 0x1, 0xd8}, 3, 0x0,
     {0xffffffffffffffffull, 0x2ull, 0x0ull, 0x0ull, 0x0ull, 0x0ull},
     {0x1ull, 0x2ull, 0x0ull, 0x0ull, 0x0ull, 0x0ull}, 0x213},
    /* add rax, 1; adc rcx, rdx */
    {"adc_chain", {0x48, 0x83, 0xc0, 0x1, 0x48, 0x11, 0xd1}, 7, 0x0,
     {0xffffffffffffffffull, 0x0ull, 0x5ull, 0x7ull, 0x0ull, 0x0ull},
     {0x0ull, 0x0ull, 0xdull, 0x7ull, 0x0ull, 0x0ull}, 0x202},
    /* sub eax, ebx */
    {"sub_borrow", {0x29, 0xd8}, 2, 0x0,
     {0x1ull, 0x2ull, 0x0ull, 0x0ull, 0x0ull, 0x0ull},
     {0xffffffffull, 0x2ull, 0x0ull, 0x0ull, 0x0ull, 0x0ull}, 0x297},
    /* sbb ax, bx */
    {"sbb_borrow_in", {0x66, 0x19, 0xd8}, 3, 0x1,
     {0x5ull, 0x5ull, 0x0ull, 0x0ull, 0x0ull, 0x0ull},
     {0xffffull, 0x5ull, 0x0ull, 0x0ull, 0x0ull, 0x0ull}, 0x297},
    /* cmp al, bl; setl cl; setb dl; seto sil */
    {"cmp_signed", {0x38, 0xd8, 0xf, 0x9c, 0xc1, 0xf, 0x92, 0xc2, 0x40, 0xf, 0x90, 0xc6}, 12, 0x0,
     {0x80ull, 0x1ull, 0x0ull, 0x0ull, 0x0ull, 0x0ull},
     {0x80ull, 0x1ull, 0x1ull, 0x0ull, 0x1ull, 0x0ull}, 0xa12},
    /* neg rax; inc ebx; dec cl */
    {"neg_inc_dec", {0x48, 0xf7, 0xd8, 0xff, 0xc3, 0xfe, 0xc9}, 7, 0x1,
     {0x0ull, 0x80000000ull, 0xffull, 0x0ull, 0x0ull, 0x0ull},
     {0x0ull, 0x80000001ull, 0xfeull, 0x0ull, 0x0ull, 0x0ull}, 0x282},
    /* and eax, ebx; or ecx, 0x80; xor edx, edx */
    {"logic", {0x21, 0xd8, 0x81, 0xc9, 0x80, 0x0, 0x0, 0x0, 0x31, 0xd2}, 10, 0x8d5,
     {0xf0f0ull, 0xff0ull, 0x0ull, 0x0ull, 0x0ull, 0x0ull},
     {0xf0ull, 0xff0ull, 0x80ull, 0x0ull, 0x0ull, 0x0ull}, 0x246},
    /* shl eax, cl */
    {"shl_var", {0xd3, 0xe0}, 2, 0x0,
     {0x7000000full, 0x0ull, 0x3ull, 0x0ull, 0x0ull, 0x0ull},
     {0x80000078ull, 0x0ull, 0x3ull, 0x0ull, 0x0ull, 0x0ull}, 0xa87},
    /* shl ebx, cl; add rbx, 0 */
    {"shl_zero_count", {0xd3, 0xe3, 0x48, 0x83, 0xc3, 0x0}, 6, 0x8d5,
     {0x12345678ull, 0x0ull, 0x0ull, 0x0ull, 0x0ull, 0x0ull},
     {0x12345678ull, 0x0ull, 0x0ull, 0x0ull, 0x0ull, 0x0ull}, 0x246},
    /* shr eax, 3; sar ebx, 3 */
    {"shr_sar", {0xc1, 0xe8, 0x3, 0xc1, 0xfb, 0x3}, 6, 0x0,
     {0x8000000full, 0x8000000full, 0x0ull, 0x0ull, 0x0ull, 0x0ull},
     {0x10000001ull, 0xf0000001ull, 0x0ull, 0x0ull, 0x0ull, 0x0ull}, 0x283},
    /* sar al, cl */
    {"shift_byte_count9", {0xd2, 0xf8}, 2, 0x0,
     {0x181ull, 0x0ull, 0x9ull, 0x0ull, 0x0ull, 0x0ull},
     {0x1ffull, 0x0ull, 0x9ull, 0x0ull, 0x0ull, 0x0ull}, 0x287},
    /* rol eax, 3; ror ebx, 1 */
    {"rol_ror", {0xc1, 0xc0, 0x3, 0xd1, 0xcb}, 5, 0x0,
     {0x8000000full, 0x8000000full, 0x0ull, 0x0ull, 0x0ull, 0x0ull},
     {0x7cull, 0xc0000007ull, 0x0ull, 0x0ull, 0x0ull, 0x0ull}, 0x203},
    /* rcl eax, cl; rcr bl, cl */
    {"rcl_rcr", {0xd3, 0xd0, 0xd2, 0xdb}, 4, 0x1,
     {0x8000000full, 0x8000000full, 0x3ull, 0x0ull, 0x0ull, 0x0ull},
     {0x7eull, 0x800000c1ull, 0x3ull, 0x0ull, 0x0ull, 0x0ull}, 0x203},
    /* shld eax, ebx, cl; shrd edx, ebx, 4 */
    {"shld_shrd", {0xf, 0xa5, 0xd8, 0xf, 0xac, 0xda, 0x4}, 7, 0x0,
     {0x8000000full, 0x3ull, 0x3ull, 0x8000000full, 0x0ull, 0x0ull},
     {0x78ull, 0x3ull, 0x3ull, 0x38000000ull, 0x0ull, 0x0ull}, 0x207},
    /* shrd eax, ebx, cl; ror edx, cl */
    {"shrd_ror_count7", {0xf, 0xad, 0xd8, 0xd3, 0xca}, 5, 0x0,
     {0x12345678ull, 0xdeadbeefull, 0x7ull, 0x4000000full, 0x0ull, 0x0ull},
     {0xde2468acull, 0xdeadbeefull, 0x7ull, 0x1e800000ull, 0x0ull, 0x0ull}, 0xa86},
    /* rcl ebx, cl; shl rax, cl */
    {"shl_rcl_count5", {0xd3, 0xd3, 0x48, 0xd3, 0xe0}, 5, 0x1,
     {0xc0000001ull, 0x4000000full, 0x5ull, 0x0ull, 0x0ull, 0x0ull},
     {0x1800000020ull, 0x1f4ull, 0x5ull, 0x0ull, 0x0ull, 0x0ull}, 0x202},
    /* cmpxchg ecx, edx */
    {"cmpxchg32_reg_fail", {0xf, 0xb1, 0xd1}, 3, 0x0,
     {0xffffffff00000001ull, 0x0ull, 0xaaaaaaaa00000002ull, 0x5ull, 0x0ull, 0x0ull},
     {0x2ull, 0x0ull, 0xaaaaaaaa00000002ull, 0x5ull, 0x0ull, 0x0ull}, 0x297},
    /* cmpxchg ecx, edx */
    {"cmpxchg32_reg_ok", {0xf, 0xb1, 0xd1}, 3, 0x0,
     {0xffffffff00000002ull, 0x0ull, 0xaaaaaaaa00000002ull, 0x5ull, 0x0ull, 0x0ull},
     {0xffffffff00000002ull, 0x0ull, 0x5ull, 0x5ull, 0x0ull, 0x0ull}, 0x246},
    /* bsf ecx, eax */
    {"bsf_zero_keeps_reg", {0xf, 0xbc, 0xc8}, 3, 0x0,
     {0xffffffff00000000ull, 0x0ull, 0xaaaaaaaa00001234ull, 0x0ull, 0x0ull, 0x0ull},
     {0xffffffff00000000ull, 0x0ull, 0xaaaaaaaa00001234ull, 0x0ull, 0x0ull, 0x0ull}, 0x246},
    /* mul ebx; imul rcx, rcx, -3 */
    {"mul_imul", {0xf7, 0xe3, 0x48, 0x6b, 0xc9, 0xfd}, 6, 0x0,
     {0x40000001ull, 0x2ull, 0x80000000ull, 0x0ull, 0x0ull, 0x0ull},
     {0x80000002ull, 0x2ull, 0xfffffffe80000000ull, 0x0ull, 0x0ull, 0x0ull}, 0x286},
    /* imul bl */
    {"imul8", {0xf6, 0xeb}, 2, 0x0,
     {0x7full, 0x7full, 0x0ull, 0x0ull, 0x0ull, 0x0ull},
     {0x3f01ull, 0x7full, 0x0ull, 0x0ull, 0x0ull, 0x0ull}, 0xa03},
    /* div ecx */
    {"div32", {0xf7, 0xf1}, 2, 0x0,
     {0x64ull, 0x0ull, 0x7ull, 0x0ull, 0x0ull, 0x0ull},
     {0xeull, 0x0ull, 0x7ull, 0x2ull, 0x0ull, 0x0ull}, 0x202},
    /* idiv rcx */
    {"idiv64", {0x48, 0xf7, 0xf9}, 3, 0x0,
     {0xffffffffffffff9cull, 0x0ull, 0x7ull, 0xffffffffffffffffull, 0x0ull, 0x0ull},
     {0xfffffffffffffff2ull, 0x0ull, 0x7ull, 0xfffffffffffffffeull, 0x0ull, 0x0ull}, 0x202},
    /* mov ah, bl; mov bx, 0x1234; mov ecx, -1; mov dl, ah; movsx rsi, bx; movzx edi, ah */
    {"partial_regs", {0x88, 0xdc, 0x66, 0xbb, 0x34, 0x12, 0xb9, 0xff, 0xff, 0xff, 0xff, 0x88, 0xe2, 0x48, 0xf, 0xbf, 0xf3, 0xf, 0xb6, 0xfc}, 20, 0x0,
     {0x1122334455667788ull, 0xaabbccddeeff0011ull, 0x0ull, 0x0ull, 0x0ull, 0x0ull},
     {0x1122334455661188ull, 0xaabbccddeeff1234ull, 0xffffffffull, 0x11ull, 0x1234ull, 0x11ull}, 0x202},
    /* add eax, 0; xchg ebx, ebx */
    {"zero_extend32", {0x83, 0xc0, 0x0, 0x87, 0xdb}, 5, 0x0,
     {0xffffffffffffffffull, 0xffffffffffffffffull, 0x0ull, 0x0ull, 0x0ull, 0x0ull},
     {0xffffffffull, 0xffffffffull, 0x0ull, 0x0ull, 0x0ull, 0x0ull}, 0x286},
    /* cmp eax, ebx; cmovb ecx, edx; cmovg esi, edx; setbe dil */
    {"cmov_set", {0x39, 0xd8, 0xf, 0x42, 0xca, 0xf, 0x4f, 0xf2, 0x40, 0xf, 0x96, 0xc7}, 12, 0x0,
     {0x1ull, 0x2ull, 0x3ull, 0x4ull, 0x0ull, 0x0ull},
     {0x1ull, 0x2ull, 0x4ull, 0x4ull, 0x0ull, 0x1ull}, 0x297},
    /* bsf eax, ebx; bsr ecx, ebx; bsf edx, esi */
    {"bsf_bsr", {0xf, 0xbc, 0xc3, 0xf, 0xbd, 0xcb, 0xf, 0xbc, 0xd6}, 9, 0x0,
     {0x0ull, 0xf0ull, 0x0ull, 0x1234ull, 0x0ull, 0x0ull},
     {0x4ull, 0xf0ull, 0x7ull, 0x1234ull, 0x0ull, 0x0ull}, 0x246},
    /* bt eax, ecx; bts ebx, 4; btr eax, 4; btc rdx, 63 */
    {"bt_family", {0xf, 0xa3, 0xc8, 0xf, 0xba, 0xeb, 0x4, 0xf, 0xba, 0xf0, 0x4, 0x48, 0xf, 0xba, 0xfa, 0x3f}, 16, 0x0,
     {0x10ull, 0x3ull, 0x4ull, 0x0ull, 0x0ull, 0x0ull},
     {0x0ull, 0x13ull, 0x4ull, 0x8000000000000000ull, 0x0ull, 0x0ull}, 0x202},
    /* xadd ebx, ecx; cmpxchg edx, ecx; cmpxchg esi, edi */
    {"xadd_cmpxchg_reg", {0xf, 0xc1, 0xcb, 0xf, 0xb1, 0xca, 0xf, 0xb1, 0xfe}, 9, 0x0,
     {0x5ull, 0x7ull, 0x5ull, 0x9ull, 0x0ull, 0x0ull},
     {0x0ull, 0xcull, 0x7ull, 0x9ull, 0x0ull, 0x0ull}, 0x206},
    /* cbw; xchg rax, rbx; cwde; cdq */
    {"cbw_cwd", {0x66, 0x98, 0x48, 0x93, 0x98, 0x99}, 6, 0x0,
     {0x80ull, 0x8000ull, 0x0ull, 0x0ull, 0x0ull, 0x0ull},
     {0xffff8000ull, 0xff80ull, 0x0ull, 0xffffffffull, 0x0ull, 0x0ull}, 0x202},
    /* lahf; mov cl, ah; mov ah, bh; sahf; setc dl */
    {"lahf_sahf", {0x9f, 0x88, 0xe1, 0x88, 0xfc, 0x9e, 0xf, 0x92, 0xc2}, 9, 0x45,
     {0x0ull, 0xd5ffull, 0x0ull, 0x0ull, 0x0ull, 0x0ull},
     {0xd500ull, 0xd5ffull, 0x47ull, 0x1ull, 0x0ull, 0x0ull}, 0x2d7},
    /* lzcnt eax, ebx; tzcnt ecx, ebx; popcnt edx, ebx */
    {"lzcnt_tzcnt_popcnt", {0xf3, 0xf, 0xbd, 0xc3, 0xf3, 0xf, 0xbc, 0xcb, 0xf3, 0xf, 0xb8, 0xd3}, 12, 0x0,
     {0x0ull, 0xf0ull, 0x0ull, 0x0ull, 0x0ull, 0x0ull},
     {0x18ull, 0xf0ull, 0x4ull, 0x4ull, 0x0ull, 0x0ull}, 0x202},
};

Test(x86_lift, register_cases_match_native)
{
    for (size_t i = 0; i < sizeof(reg_cases) / sizeof(*reg_cases); i++) {
        const struct reg_case *c = &reg_cases[i];
        memset(cpu.gpr, 0, sizeof(cpu.gpr));
        for (int r = 0; r < 6; r++)
            cpu.gpr[case_regs[r]] = c->in[r];
        x86_set_rflags(&cpu, 0x202 | c->rflags_in);
        run_code(c->code, c->len);
        for (int r = 0; r < 6; r++)
            cr_expect_eq(cpu.gpr[case_regs[r]], c->out[r],
                         "%s: register %d is %#llx, native %#llx", c->name, r,
                         (unsigned long long)cpu.gpr[case_regs[r]],
                         (unsigned long long)c->out[r]);
        cr_expect_eq(x86_rflags(&cpu) & ARITH_FLAGS,
                     c->rflags_out & ARITH_FLAGS, "%s: flags %#llx, native %#llx",
                     c->name, (unsigned long long)(x86_rflags(&cpu) & ARITH_FLAGS),
                     (unsigned long long)(c->rflags_out & ARITH_FLAGS));
    }
}

Test(x86_lift, rep_movsb_copies_and_updates_registers)
{
    static const uint8_t code[] = {0xf3, 0xa4}; /* rep movsb */
    memcpy(mmu_host(m, DATA), "hello", 5);
    cpu.gpr[X86_RSI_] = DATA;
    cpu.gpr[X86_RDI_] = DATA + 0x100;
    cpu.gpr[X86_RCX_] = 5;
    run_code(code, sizeof(code));
    cr_expect_eq(memcmp(mmu_host(m, DATA + 0x100), "hello", 5), 0);
    cr_expect_eq(cpu.gpr[X86_RCX_], 0);
    cr_expect_eq(cpu.gpr[X86_RSI_], DATA + 5);
    cr_expect_eq(cpu.gpr[X86_RDI_], DATA + 0x105);
}

Test(x86_lift, rep_stosd_backwards_with_df)
{
    /* std; rep stosd; cld */
    static const uint8_t code[] = {0xfd, 0xf3, 0xab, 0xfc};
    cpu.gpr[X86_RAX_] = 0xdeadbeef;
    cpu.gpr[X86_RDI_] = DATA + 8;
    cpu.gpr[X86_RCX_] = 3;
    run_code(code, sizeof(code));
    uint32_t *p = mmu_host(m, DATA);
    cr_expect_eq(p[0], 0xdeadbeef);
    cr_expect_eq(p[1], 0xdeadbeef);
    cr_expect_eq(p[2], 0xdeadbeef);
    cr_expect_eq(p[3], 0);
    cr_expect_eq(cpu.gpr[X86_RDI_], DATA - 4);
    cr_expect_eq(cpu.df, 0);
}

Test(x86_lift, repne_scasb_stops_at_match)
{
    /* mov eax, 0xabc; xor ebx, ebx; repne scasb */
    static const uint8_t code[] = {0xb8, 0xbc, 0x0a, 0x00, 0x00,
                                   0x31, 0xdb, 0xf2, 0xae};
    memcpy(mmu_host(m, DATA), "\x01\x02\xbc\x04", 4);
    cpu.gpr[X86_RDI_] = DATA;
    cpu.gpr[X86_RCX_] = 100;
    run_code(code, sizeof(code));
    cr_expect_eq(cpu.gpr[X86_RCX_], 97);
    cr_expect_eq(cpu.gpr[X86_RDI_], DATA + 3);
    cr_expect_eq(x86_flag(&cpu, X86_RF_ZF), 1);
}

Test(x86_lift, rep_movsb_fault_leaves_exact_registers)
{
    static const uint8_t code[] = {0xf3, 0xa4}; /* rep movsb */
    cpu.gpr[X86_RSI_] = STACK_TOP - 2; /* the third byte is unmapped */
    cpu.gpr[X86_RDI_] = DATA;
    cpu.gpr[X86_RCX_] = 10;
    load_code(code, sizeof(code));
    struct interp_exit ex;
    cr_assert_eq(run_until(CODE + 2, &ex), INTERP_FAULT);
    cr_expect_eq(cpu.ctx.pc, CODE);
    cr_expect_eq(ex.addr, STACK_TOP);
    cr_expect_eq(cpu.gpr[X86_RCX_], 8);
    cr_expect_eq(cpu.gpr[X86_RSI_], STACK_TOP);
    cr_expect_eq(cpu.gpr[X86_RDI_], DATA + 2);
}

Test(x86_lift, call_push_pop_ret)
{
    /* call 1f; mov ebx, 2; jmp 2f; 1: mov eax, 1; push rax; pop rcx; ret; 2: */
    static const uint8_t code[] = {
        0xe8, 0x07, 0x00, 0x00, 0x00, 0xbb, 0x02, 0x00, 0x00, 0x00,
        0xeb, 0x08, 0xb8, 0x01, 0x00, 0x00, 0x00, 0x50, 0x59, 0xc3};
    run_code(code, sizeof(code));
    cr_expect_eq(cpu.gpr[X86_RAX_], 1);
    cr_expect_eq(cpu.gpr[X86_RBX_], 2);
    cr_expect_eq(cpu.gpr[X86_RCX_], 1);
    cr_expect_eq(cpu.gpr[X86_RSP_], STACK_TOP);
    cr_expect_eq(*(uint64_t *)mmu_host(m, STACK_TOP - 8), CODE + 5);
}

Test(x86_lift, push_imm_pop16_and_lea)
{
    /* push 0x12345678; pop rax; push -1; pop bx; lea rsi, [rip];
     * lea edi, [rsi+rcx*8+3] */
    static const uint8_t code[] = {
        0x68, 0x78, 0x56, 0x34, 0x12, 0x58, 0x6a, 0xff, 0x66, 0x5b, 0x48,
        0x8d, 0x35, 0x00, 0x00, 0x00, 0x00, 0x8d, 0x7c, 0xce, 0x03};
    cpu.gpr[X86_RBX_] = 0x1111111111111111;
    cpu.gpr[X86_RCX_] = 0x100000002;
    cpu.gpr[X86_RDI_] = UINT64_MAX;
    run_code(code, sizeof(code));
    cr_expect_eq(cpu.gpr[X86_RAX_], 0x12345678);
    cr_expect_eq(cpu.gpr[X86_RBX_], 0x111111111111ffff);
    cr_expect_eq(cpu.gpr[X86_RSP_], STACK_TOP - 6);
    cr_expect_eq(cpu.gpr[X86_RSI_], CODE + 17);
    cr_expect_eq(cpu.gpr[X86_RDI_], (uint32_t)(CODE + 17 + 0x800000010ull + 3));
}

Test(x86_lift, div_by_zero_traps_at_the_insn)
{
    static const uint8_t code[] = {0xf7, 0xf1}; /* div ecx */
    cpu.gpr[X86_RAX_] = 100;
    cpu.gpr[X86_RDX_] = 0;
    cpu.gpr[X86_RCX_] = 0;
    load_code(code, sizeof(code));
    struct interp_exit ex;
    cr_assert_eq(run_until(CODE + 2, &ex), INTERP_TRAP);
    cr_expect_eq(ex.trap, IR_TRAP_DIVIDE_ERROR);
    cr_expect_eq(cpu.ctx.pc, CODE);
    cr_expect_eq(cpu.gpr[X86_RAX_], 100);
}

Test(x86_lift, div_quotient_overflow_traps)
{
    static const uint8_t code[] = {0xf7, 0xf1}; /* div ecx */
    cpu.gpr[X86_RAX_] = 0;
    cpu.gpr[X86_RDX_] = 2; /* 2 << 32 / 2 does not fit in 32 bits */
    cpu.gpr[X86_RCX_] = 2;
    load_code(code, sizeof(code));
    struct interp_exit ex;
    cr_assert_eq(run_until(CODE + 2, &ex), INTERP_TRAP);
    cr_expect_eq(ex.trap, IR_TRAP_DIVIDE_ERROR);
    cpu.gpr[X86_RDX_] = 1; /* now it fits: 0x100000000 / 2 */
    cr_assert_eq(run_until(CODE + 2, &ex), INTERP_JUMP);
    cr_expect_eq(cpu.gpr[X86_RAX_], 0x80000000);
    cr_expect_eq(cpu.gpr[X86_RDX_], 0);
}

Test(x86_lift, lock_cmpxchg_success_and_failure)
{
    /* lock cmpxchg [rdi], ecx */
    static const uint8_t code[] = {0xf0, 0x0f, 0xb1, 0x0f};
    uint32_t *p = mmu_host(m, DATA);
    *p = 5;
    cpu.gpr[X86_RDI_] = DATA;
    cpu.gpr[X86_RAX_] = 0xffffffff00000005;
    cpu.gpr[X86_RCX_] = 9;
    run_code(code, sizeof(code));
    cr_expect_eq(*p, 9);
    cr_expect_eq(x86_flag(&cpu, X86_RF_ZF), 1);
    cr_expect_eq(cpu.gpr[X86_RAX_], 0xffffffff00000005); /* not written */
    run_code(code, sizeof(code)); /* memory now 9, eax 5: fails */
    cr_expect_eq(*p, 9);
    cr_expect_eq(x86_flag(&cpu, X86_RF_ZF), 0);
    cr_expect_eq(cpu.gpr[X86_RAX_], 9);
}

/* Both forms: success stores rcx:rbx and keeps rdx:rax, failure loads
 * rdx:rax from memory and rewrites memory with its own value. */
Test(x86_lift, cmpxchg16b_success_and_failure)
{
    /* lock cmpxchg16b [rdi]; cmpxchg16b [rdi] */
    static const uint8_t locked[] = {0xf0, 0x48, 0x0f, 0xc7, 0x0f};
    static const uint8_t plain[] = {0x48, 0x0f, 0xc7, 0x0f};
    for (int form = 0; form < 2; form++) {
        const uint8_t *code = form ? plain : locked;
        size_t len = form ? sizeof(plain) : sizeof(locked);
        uint64_t *p = mmu_host(m, DATA + 0x40);
        p[0] = 0x1111;
        p[1] = 0x2222;
        p[2] = 0x5555; /* must stay untouched */
        cpu.gpr[X86_RDI_] = DATA + 0x40;
        cpu.gpr[X86_RAX_] = 0x1111;
        cpu.gpr[X86_RDX_] = 0x2222;
        cpu.gpr[X86_RBX_] = 0x3333;
        cpu.gpr[X86_RCX_] = 0x4444;
        x86_set_flag(&cpu, X86_RF_ZF, 0);
        run_code(code, len);
        cr_expect_eq(p[0], 0x3333);
        cr_expect_eq(p[1], 0x4444);
        cr_expect_eq(p[2], 0x5555);
        cr_expect_eq(x86_flag(&cpu, X86_RF_ZF), 1);
        cr_expect_eq(cpu.gpr[X86_RAX_], 0x1111);
        cr_expect_eq(cpu.gpr[X86_RDX_], 0x2222);
        cpu.gpr[X86_RDX_] = 0x2223; /* high half differs: fails */
        cpu.gpr[X86_RBX_] = 0x7777;
        run_code(code, len);
        cr_expect_eq(p[0], 0x3333);
        cr_expect_eq(p[1], 0x4444);
        cr_expect_eq(x86_flag(&cpu, X86_RF_ZF), 0);
        cr_expect_eq(cpu.gpr[X86_RAX_], 0x3333);
        cr_expect_eq(cpu.gpr[X86_RDX_], 0x4444);
        cr_expect_eq(cpu.gpr[X86_RBX_], 0x7777);
        cr_expect_eq(cpu.gpr[X86_RCX_], 0x4444);
    }
}

Test(x86_lift, cmpxchg16b_misaligned_faults_before_any_write)
{
    /* lock cmpxchg16b [rdi] */
    static const uint8_t code[] = {0xf0, 0x48, 0x0f, 0xc7, 0x0f};
    cpu.gpr[X86_RDI_] = DATA + 8;
    cpu.gpr[X86_RAX_] = 1;
    x86_set_flag(&cpu, X86_RF_ZF, 1);
    load_code(code, sizeof(code));
    struct interp_exit ex;
    cr_assert_eq(run_until(CODE + sizeof(code), &ex), INTERP_FAULT);
    cr_expect(ex.misaligned);
    cr_expect_eq(ex.addr, DATA + 8);
    cr_expect_eq(cpu.ctx.pc, CODE);
    cr_expect_eq(cpu.gpr[X86_RAX_], 1);
    cr_expect_eq(x86_flag(&cpu, X86_RF_ZF), 1);
}

Test(x86_lift, locked_rmw)
{
    /* lock xadd [rdi], eax; lock inc qword ptr [rdi+8];
     * lock bts dword ptr [rdi], 31 */
    static const uint8_t code[] = {0xf0, 0x0f, 0xc1, 0x07, 0xf0, 0x48, 0xff,
                                   0x47, 0x08, 0xf0, 0x0f, 0xba, 0x2f, 0x1f};
    uint32_t *p = mmu_host(m, DATA);
    p[0] = 10;
    p[2] = 0xffffffff;
    p[3] = 0;
    cpu.gpr[X86_RDI_] = DATA;
    cpu.gpr[X86_RAX_] = 3;
    run_code(code, sizeof(code));
    cr_expect_eq(cpu.gpr[X86_RAX_], 10);
    cr_expect_eq(p[0], 0x8000000d);
    cr_expect_eq(*(uint64_t *)&p[2], 0x100000000ull);
    cr_expect_eq(cpu.cf, 0); /* bit 31 was clear */
}

Test(x86_lift, memory_fault_is_precise)
{
    static const uint8_t code[] = {0x01, 0x07}; /* add [rdi], eax */
    cpu.gpr[X86_RDI_] = 0x200000;
    cpu.gpr[X86_RAX_] = 1;
    x86_set_flag(&cpu, X86_RF_ZF, 1);
    load_code(code, sizeof(code));
    struct interp_exit ex;
    cr_assert_eq(run_until(CODE + 2, &ex), INTERP_FAULT);
    cr_expect_eq(cpu.ctx.pc, CODE);
    cr_expect_eq(ex.addr, 0x200000);
    cr_expect_eq(x86_flag(&cpu, X86_RF_ZF), 1);
}

Test(x86_lift, unimplemented_insn_is_illegal_after_the_previous_ones)
{
    /* mov eax, 7; rdrand rax */
    static const uint8_t code[] = {0xb8, 0x07, 0x00, 0x00, 0x00,
                                   0x48, 0x0f, 0xc7, 0xf0};
    load_code(code, sizeof(code));
    struct interp_exit ex;
    cr_assert_eq(run_until(CODE + sizeof(code), &ex), INTERP_TRAP);
    cr_expect_eq(ex.trap, IR_TRAP_ILLEGAL);
    cr_expect_eq(cpu.ctx.pc, CODE + 5);
    cr_expect_eq(cpu.gpr[X86_RAX_], 7);
}

Test(x86_lift, syscall_sets_rcx_r11)
{
    /* mov eax, 60; syscall */
    static const uint8_t code[] = {0xb8, 0x3c, 0x00, 0x00, 0x00, 0x0f, 0x05};
    cpu.cf = 1;
    load_code(code, sizeof(code));
    struct interp_exit ex;
    cr_assert_eq(run_until(0, &ex), INTERP_TRAP);
    cr_expect_eq(ex.trap, IR_TRAP_SYSCALL);
    cr_expect_eq(cpu.ctx.pc, CODE + 7);
    cr_expect_eq(cpu.gpr[X86_RCX_], CODE + 7);
    cr_expect_eq(cpu.gpr[X86_R11_], 0x203);
    cr_expect_eq(cpu.gpr[X86_RAX_], 60);
}

Test(x86_lift, cpuid_reports_vendor_and_baseline)
{
    static const uint8_t code[] = {0x0f, 0xa2}; /* cpuid */
    run_code(code, sizeof(code));
    char vendor[13] = {0};
    memcpy(vendor, &cpu.gpr[X86_RBX_], 4);
    memcpy(vendor + 4, &cpu.gpr[X86_RDX_], 4);
    memcpy(vendor + 8, &cpu.gpr[X86_RCX_], 4);
    cr_expect_str_eq(vendor, "GenuineIntel");
    cpu.gpr[X86_RAX_] = 1;
    run_code(code, sizeof(code));
    uint64_t edx = cpu.gpr[X86_RDX_];
    cr_expect(edx & (1u << 26), "sse2");
    cr_expect(edx & (1u << 15), "cmov");
    cr_expect(edx & (1u << 23), "mmx");
    cr_expect(cpu.gpr[X86_RCX_] & (1u << 13), "cx16");
    cpu.gpr[X86_RAX_] = 0x80000001;
    run_code(code, sizeof(code));
    cr_expect(cpu.gpr[X86_RDX_] & (1u << 29), "lm");
}

Test(x86_lift, fetch_fault_on_a_truncated_first_insn)
{
    /* mov eax, imm32 whose last bytes would lie past the code page */
    uint8_t *p = mmu_host(m, CODE + 0xffe);
    p[0] = 0xb8;
    p[1] = 0x01;
    x86_lift_block(&b, CODE + 0xffe, fetch, NULL);
    cr_assert_null(ir_validate(&b));
    const struct ir_insn *last = &b.insns[b.n - 1];
    cr_expect_eq(last->op, IR_EXIT_TRAP);
    cr_expect_eq(last->aux, IR_TRAP_FETCH_FAULT);
    cr_expect_eq(last->imm, CODE + 0x1000);
}

Test(x86_lift, probe_and_disasm)
{
    static const uint8_t add[] = {0x83, 0xc0, 0x01}; /* add eax, 1 */
    static const uint8_t bad[] = {0x0f}; /* a two-byte opcode, cut short */
    static const uint8_t rdrand[] = {0x48, 0x0f, 0xc7, 0xf0}; /* rdrand rax */
    unsigned len;
    const char *mn;
    cr_expect_eq(x86_lift_probe(add, sizeof(add), 0, &len, &mn),
                 X86_PROBE_LIFTED);
    cr_expect_eq(len, 3);
    cr_expect_str_eq(mn, "add");
    cr_expect_eq(x86_lift_probe(rdrand, sizeof(rdrand), 0, &len, &mn),
                 X86_PROBE_UNLIFTED);
    cr_expect_str_eq(mn, "rdrand");
    cr_expect_eq(x86_lift_probe(bad, 1, 0, &len, NULL), X86_PROBE_UNDECODABLE);
    char text[64];
    cr_expect_eq(x86_disasm(add, sizeof(add), 0, text, sizeof(text)), 3);
    cr_expect_str_eq(text, "add eax, 0x01");
}
