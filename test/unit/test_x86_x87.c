/*
 * test_x86_x87.c — the x86-64 guest's x87 unit.
 *
 * helper: ops of ir_helper_x86_x87 on a struct x86_cpu against the same
 *   computation compiled natively (long double arithmetic and conversions
 *   under the same control word), over edge values (NaNs quiet and
 *   signalling, infinities, denormals, -0, huge and tiny values) in the 4
 *   rounding modes and 3 precisions: result bits, exception flags, C1,
 *   tags and TOP; plus the stack faults (push onto a full register, read
 *   of an empty one).
 * lift: instruction sequences (GNU as, bytes with the asm) lifted and run
 *   by the interpreter against the same bytes run natively; each ends with
 *   fnsave, so the whole FPU state lands in memory and is compared bytewise
 *   with the hardware's (the instruction/operand pointers aside).
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>
#include <sys/mman.h>

#include "interp.h"
#include "mmu.h"
#include "mmu_fault.h"
#include "x86_64.h"
#include "x86_snippet.h"
#include "x86_64_x87.h"

/* ---- edge inputs ---- */

struct f80 {
    uint64_t mant;
    uint16_t se;
};

static const struct f80 edge80[] = {
    {0x8000000000000000, 0x3fff},      /* 1 */
    {0xaaaaaaaaaaaaaaab, 0xbffd},      /* -1/3 */
    {0xc90fdaa22168c235, 0x4000},      /* pi */
    {0, 0x0000},                       /* 0 */
    {0, 0x8000},                       /* -0 */
    {0x8000000000000000, 0x7fff},      /* inf */
    {0x8000000000000000, 0xffff},      /* -inf */
    {0xc000000000000001, 0x7fff},      /* QNaN */
    {0x8000000000001234, 0xffff},      /* SNaN */
    {0x0000000000000001, 0x0000},      /* smallest denormal */
    {0x8000000000000000, 0x0001},      /* smallest normal */
    {0xffffffffffffffff, 0x7ffe},      /* largest */
    {0x8000000000000000, 0x403e},      /* 2^63 */
    {0xfffffffffffffffe, 0x403d},      /* 2^63 - 2 */
    {0xc000000000000000, 0x4000},      /* 3 */
    {0xa000000000000000, 0x4000},      /* 2.5 */
    {0xe000000000000000, 0xc000},      /* -3.5 */
    {0x8000000000000001, 0x401e},      /* 2^31 + tiny */
    {0xfffe000000000000, 0x400e},      /* 65535 */
    {0x8000000000000000, 0x43fe},      /* 2^1023 */
    {0x9abcdef012345678, 0x3c00},      /* below double range */
    {0xffffff8000000001, 0x3ffe},      /* rounds differently per PC */
    {0x8000000000000000, 0xc042},      /* -2^67 */
    {0xb504f333f9de6484, 0x3fff},      /* sqrt 2 */
};
#define N80 (sizeof edge80 / sizeof *edge80)

static const uint64_t edge64[] = {
    0x3fb999999999999a, 0xc004000000000000, 0x0000000000000001,
    0x7ff0000000000000, 0x7ff8000000000000, 0x7ff4000000000000,
    0x7e37e43c8800759c, 0x8000000000000000, 0x3ff0000000000001,
};
#define N64 (sizeof edge64 / sizeof *edge64)

static const uint32_t edge32[] = {
    0x3e4ccccd, 0xc0200000, 0x00000001, 0xff800000, 0x7fc00000, 0x7fa00000,
    0x7f7fffff, 0x80000000,
};
#define N32 (sizeof edge32 / sizeof *edge32)

static const int64_t edge_int[] = {
    0, 1, -1, 32767, -32768, 2147483647, INT32_MIN, 12345, INT64_MIN,
    INT64_MAX, -7,
};
#define NINT (sizeof edge_int / sizeof *edge_int)

/* Control words: every exception masked; RC x PC. */
static uint16_t control_word(unsigned k)
{
    static const uint16_t pc[] = {0x300, 0x200, 0x000};
    return (uint16_t)(0x7f | pc[k % 3] | (k / 3 % 4) << 10);
}

static long double ld_of(const struct f80 *v)
{
    long double r = 0;
    memcpy(&r, &v->mant, 8);
    memcpy((uint8_t *)&r + 8, &v->se, 2);
    return r;
}

static void put80(uint8_t *at, const struct f80 *v)
{
    memset(at, 0, 16);
    memcpy(at, &v->mant, 8);
    memcpy(at + 8, &v->se, 2);
}

static struct x86_cpu cpu;

/* ---- helper ops against native long double arithmetic ---- */

/* What the reference computes; y is st(1) or the memory operand. */
enum ref_op { R_ADD, R_SUB, R_RSUB, R_MUL, R_DIV, R_RDIV };
/* Where y comes from. */
enum src { S_REG, S_F64, S_F32, S_I32, S_I16 };

struct y_operand {
    enum src src;
    long double reg;
    uint64_t bits; /* S_F64, S_F32 bits; integers */
};

/* y as the x87 sees it; converted inside the control-word window so a
 * signalling NaN raises IE and a denormal DE, as the memory forms do. */
static long double convert_y(const struct y_operand *y)
{
    volatile double d;
    volatile float f;
    volatile int32_t i32 = (int32_t)y->bits;
    volatile int16_t i16 = (int16_t)y->bits;
    switch (y->src) {
    case S_F64: memcpy((void *)&d, &y->bits, 8); return d;
    case S_F32: memcpy((void *)&f, &y->bits, 4); return f;
    case S_I32: return i32;
    case S_I16: return i16;
    default: return y->reg;
    }
}

__attribute__((noinline)) static long double
native_arith(enum ref_op op, long double x, const struct y_operand *y,
             uint16_t cw, uint16_t *sw)
{
    volatile long double vx = x, vy, r = 0;
    uint16_t host;
    __asm__ volatile("fnstcw %0" : "=m"(host));
    __asm__ volatile("fldcw %0\n\tfnclex" : : "m"(cw) : "memory");
    vy = convert_y(y);
    switch (op) {
    case R_ADD: r = vx + vy; break;
    case R_SUB: r = vx - vy; break;
    case R_RSUB: r = vy - vx; break;
    case R_MUL: r = vx * vy; break;
    case R_DIV: r = vx / vy; break;
    case R_RDIV: r = vy / vx; break;
    }
    __asm__ volatile("fnstsw %0\n\tfldcw %1" : "=m"(*sw) : "m"(host) : "memory");
    return r;
}

struct arith_case {
    const char *name;
    enum x86_x87_op op;
    enum ref_op ref;
    enum src src;
    bool into_st1; /* st(1) op= st0, popped */
};

static const struct arith_case arith_cases[] = {
    {"fadd st0,st1", X86_X87_FADD_ST0, R_ADD, S_REG, false},
    {"fsub st0,st1", X86_X87_FSUB_ST0, R_SUB, S_REG, false},
    {"fsubr st0,st1", X86_X87_FSUBR_ST0, R_RSUB, S_REG, false},
    {"fmul st0,st1", X86_X87_FMUL_ST0, R_MUL, S_REG, false},
    {"fdiv st0,st1", X86_X87_FDIV_ST0, R_DIV, S_REG, false},
    {"fdivr st0,st1", X86_X87_FDIVR_ST0, R_RDIV, S_REG, false},
    {"faddp st1,st0", X86_X87_FADD_STI, R_ADD, S_REG, true},
    {"fsubp st1,st0", X86_X87_FSUB_STI, R_RSUB, S_REG, true},
    {"fsubrp st1,st0", X86_X87_FSUBR_STI, R_SUB, S_REG, true},
    {"fdivp st1,st0", X86_X87_FDIV_STI, R_RDIV, S_REG, true},
    {"fdivrp st1,st0", X86_X87_FDIVR_STI, R_DIV, S_REG, true},
    {"fadd m64", X86_X87_FADD_M64, R_ADD, S_F64, false},
    {"fsub m64", X86_X87_FSUB_M64, R_SUB, S_F64, false},
    {"fdivr m32", X86_X87_FDIVR_M32, R_RDIV, S_F32, false},
    {"fmul m32", X86_X87_FMUL_M32, R_MUL, S_F32, false},
    {"fisubr m32", X86_X87_FISUBR_M32, R_RSUB, S_I32, false},
    {"fimul m16", X86_X87_FIMUL_M16, R_MUL, S_I16, false},
    {"fidiv m32", X86_X87_FIDIV_M32, R_DIV, S_I32, false},
};

/* st0 = physical 6, st1 = physical 7, the rest empty. */
static void set_two(const struct f80 *x, const struct f80 *y, uint16_t cw)
{
    memset(&cpu, 0, sizeof cpu);
    cpu.fcw = cw;
    cpu.ftop = 6;
    cpu.ftw = 0x0fff;
    put80(cpu.st[6], x);
    put80(cpu.st[7], y);
}

static uint16_t expected_tag(const uint8_t *v)
{
    uint64_t m;
    uint16_t se;
    memcpy(&m, v, 8);
    memcpy(&se, v + 8, 2);
    unsigned exp = se & 0x7fff;
    if (exp == 0)
        return m == 0 ? X86_TAG_ZERO : X86_TAG_SPECIAL;
    return exp != 0x7fff && (m >> 63) ? X86_TAG_VALID : X86_TAG_SPECIAL;
}

static void check_arith(const struct arith_case *c, unsigned xi, unsigned yi,
                        unsigned k)
{
    uint16_t cw = control_word(k);
    struct y_operand y = {.src = c->src, .reg = ld_of(&edge80[yi])};
    if (c->src == S_F64)
        y.bits = edge64[yi % N64];
    else if (c->src == S_F32)
        y.bits = edge32[yi % N32];
    else if (c->src != S_REG)
        y.bits = (uint64_t)edge_int[yi % NINT];
    bool x_nan = (edge80[xi].se & 0x7fff) == 0x7fff && (edge80[xi].mant << 1);
    /* With two NaNs the memory forms return a QNaN operand over a quieted
     * SNaN one, which converting first cannot show: the lifted tests run
     * those bytes natively instead. */
    if (x_nan && c->src != S_REG && isnan((double)convert_y(&y)))
        return;
    uint16_t sw = 0;
    long double want = native_arith(c->ref, ld_of(&edge80[xi]), &y, cw, &sw);
    set_two(&edge80[xi], &edge80[yi], cw);
    memcpy(cpu.xtmp, &y.bits, 8);
    ir_helper_x86_x87(&cpu.ctx, 0, 0, 0,
                      x86_x87_imm(c->op, c->src == S_REG, c->into_st1));
    unsigned p = c->into_st1 ? 7 : 6;
    struct f80 got, exp;
    memcpy(&got.mant, cpu.st[p], 8);
    memcpy(&got.se, cpu.st[p] + 8, 2);
    memcpy(&exp.mant, &want, 8);
    memcpy(&exp.se, (uint8_t *)&want + 8, 2);
    cr_assert(got.mant == exp.mant && got.se == exp.se,
              "%s x%u y%u cw %04x: %04x:%016llx, native %04x:%016llx", c->name,
              xi, yi, cw, got.se, (unsigned long long)got.mant, exp.se,
              (unsigned long long)exp.mant);
    /* C1 (rounded up) depends on the operand order the hardware sees, which
     * the compiler picks: the lifted tests compare it with the same bytes. */
    /* The reference converts a memory operand first, so a denormal one
     * always raises DE, which the memory forms do not beside a NaN or a
     * zero divisor: DE of those is compared by the lifted tests. */
    uint16_t exc = X86_FSW_EXC & ~(c->src != S_REG ? 0x2u : 0);
    cr_assert_eq(cpu.fsw & exc, sw & exc,
                 "%s x%u y%u cw %04x: fsw %04x, native %04x", c->name, xi, yi,
                 cw, cpu.fsw, sw);
    cr_assert_eq(cpu.ftop, c->into_st1 ? 7 : 6);
    cr_assert_eq((cpu.ftw >> (2 * p)) & 3, expected_tag(cpu.st[p]), "%s tag", c->name);
    if (c->into_st1)
        cr_assert_eq((cpu.ftw >> 12) & 3, X86_TAG_EMPTY, "%s popped", c->name);
    else
        cr_assert_eq((cpu.ftw >> 14) & 3, X86_TAG_VALID, "%s st1 kept", c->name);
}

Test(x86_x87_helper, arithmetic_all_forms_modes_precisions)
{
    for (size_t c = 0; c < sizeof arith_cases / sizeof *arith_cases; c++)
        for (unsigned k = 0; k < 12; k++)
            for (unsigned xi = 0; xi < N80; xi++)
                for (unsigned yi = 0; yi < N80; yi += 1 + (xi + k) % 3)
                    check_arith(&arith_cases[c], xi, yi, k);
}

/* Conversions to memory through xtmp, against native casts / fistp. */
Test(x86_x87_helper, stores_round_per_control_word)
{
    for (unsigned k = 0; k < 12; k++) {
        uint16_t cw = control_word(k), host;
        for (unsigned xi = 0; xi < N80; xi++) {
            volatile long double x = ld_of(&edge80[xi]);
            volatile float f;
            volatile double d;
            int32_t i32;
            uint16_t sw_f, sw_d, sw_i;
            __asm__ volatile("fnstcw %0\n\tfldcw %1\n\tfnclex" : "=m"(host) : "m"(cw) : "memory");
            f = (float)x;
            __asm__ volatile("fnstsw %0\n\tfnclex" : "=m"(sw_f) : : "memory");
            d = (double)x;
            __asm__ volatile("fnstsw %0\n\tfnclex" : "=m"(sw_d) : : "memory");
            __asm__ volatile("fldt %2\n\tfistpl %0\n\tfnstsw %1"
                             : "=m"(i32), "=m"(sw_i) : "m"(x) : "memory");
            __asm__ volatile("fldcw %0" : : "m"(host) : "memory");
            static const enum x86_x87_op ops[] = {X86_X87_FST_M32, X86_X87_FST_M64,
                                                  X86_X87_FIST_M32};
            const void *want[] = {(const void *)&f, (const void *)&d, &i32};
            const unsigned size[] = {4, 8, 4};
            const uint16_t sw[] = {sw_f, sw_d, sw_i};
            for (unsigned o = 0; o < 3; o++) {
                set_two(&edge80[xi], &edge80[0], cw);
                uint64_t r = ir_helper_x86_x87(&cpu.ctx, 0, 0, 0, x86_x87_imm(ops[o], 0, 0));
                cr_assert(memcmp(cpu.xtmp, want[o], size[o]) == 0, "op %u x%u cw %04x", o, xi, cw);
                cr_assert_eq(r & (X86_FSW_EXC | X86_FSW_C1), sw[o] & (X86_FSW_EXC | X86_FSW_C1),
                             "op %u x%u cw %04x: fsw %04llx native %04x", o, xi, cw,
                             (unsigned long long)r, sw[o]);
                /* STORE changes nothing until the COMMIT. */
                cr_assert_eq(cpu.fsw, 0);
                cr_assert_eq(cpu.ftop, 6);
            }
        }
    }
}

/* The masked responses of the SDM (8.5.1.1): indefinite, IE and SF, C1. */
Test(x86_x87_helper, stack_overflow_and_underflow)
{
    memset(&cpu, 0, sizeof cpu);
    cpu.fcw = X86_FCW_DEFAULT;
    cpu.ftw = 0; /* all full */
    ir_helper_x86_x87(&cpu.ctx, 0, 0, 0, x86_x87_imm(X86_X87_FLD1, 0, 0));
    cr_assert_eq(cpu.ftop, 7);
    cr_assert(memcmp(cpu.st[7], x86_x87_indefinite, 10) == 0);
    cr_assert_eq(cpu.fsw, X86_FSW_IE | X86_FSW_SF | X86_FSW_C1);

    memset(&cpu, 0, sizeof cpu);
    cpu.fcw = X86_FCW_DEFAULT;
    cpu.ftw = 0xffff;
    cpu.fsw = X86_FSW_C1;
    ir_helper_x86_x87(&cpu.ctx, 0, 0, 0, x86_x87_imm(X86_X87_FADD_ST0, 1, 0));
    cr_assert(memcmp(cpu.st[0], x86_x87_indefinite, 10) == 0);
    cr_assert_eq(cpu.fsw, X86_FSW_IE | X86_FSW_SF);
    cr_assert_eq((cpu.ftw & 3), X86_TAG_SPECIAL);

    /* Unmasked IE: ES and B report it. */
    cpu.fcw = X86_FCW_DEFAULT & ~1u;
    uint64_t r = ir_helper_x86_x87(&cpu.ctx, 0, 0, 0, x86_x87_imm(X86_X87_FCOM_ST, 3, 0));
    cr_assert_eq(r, X86_X87_FLAG_ZF | X86_X87_FLAG_PF | X86_X87_FLAG_CF);
    cr_assert_eq(cpu.fsw & 0xc7ff, X86_FSW_B | X86_FSW_C3 | X86_FSW_C2 | X86_FSW_C0 |
                                       X86_FSW_ES | X86_FSW_SF | X86_FSW_IE);
}

/* fxam of an empty register: C3 C0 set, C1 the sign; no exception. */
Test(x86_x87_helper, fxam_empty_and_tags_reload)
{
    memset(&cpu, 0, sizeof cpu);
    cpu.fcw = X86_FCW_DEFAULT;
    cpu.ftw = 0xffff;
    cpu.ftop = 2;
    cpu.st[2][9] = 0x80;
    ir_helper_x86_x87(&cpu.ctx, 0, 0, 0, x86_x87_imm(X86_X87_FXAM, 0, 0));
    cr_assert_eq(cpu.fsw, X86_FSW_C3 | X86_FSW_C1 | X86_FSW_C0);
    /* TAGS keeps "empty" and classifies the rest: 1.0, 0, denormal. */
    put80(cpu.st[0], &edge80[0]);
    put80(cpu.st[1], &edge80[3]);
    put80(cpu.st[2], &edge80[9]);
    ir_helper_x86_x87(&cpu.ctx, 0xffc0, 0, 0, x86_x87_imm(X86_X87_TAGS, 0, 0));
    cr_assert_eq(cpu.ftw, 0xffe4);
}

/* ---- lifted code against the same bytes run natively ---- */

#define CODE XS_CODE
#define DATA XS_DATA /* the snippets' rsi */
#define DATA_SIZE 1024
#define SAVE_AREA 0x300 /* every snippet ends with fnsave here */

static void lift_setup(void)
{
    xs_setup(&cpu);
}

static void lift_teardown(void)
{
    xs_teardown();
}

TestSuite(x86_x87_lift);

struct native_regs {
    uint64_t rax;    /* 0 */
    uint64_t rflags; /* 8 */
};

/* Native harness: void run(struct native_regs *rdi, void *rsi). The
 * registers start as 0.0 (as the guest's do) with an initialised FPU. */
static const uint8_t prologue[] = {
    0xdb, 0xe3,                         /* fninit */
    0xd9, 0xee, 0xd9, 0xee, 0xd9, 0xee, /* fldz x 8 */
    0xd9, 0xee, 0xd9, 0xee, 0xd9, 0xee,
    0xd9, 0xee, 0xd9, 0xee,
    0xdb, 0xe3,                         /* fninit */
    0x48, 0x8b, 0x07,                   /* mov rax, [rdi] */
};
static const uint8_t epilogue[] = {
    0x48, 0x89, 0x07,                   /* mov [rdi], rax */
    0x9c,                               /* pushf */
    0x59,                               /* pop rcx */
    0x48, 0x89, 0x4f, 0x08,             /* mov [rdi+0x8], rcx */
    0xdb, 0xe3,                         /* fninit */
    0xc3,                               /* ret */
};

static void run_native_code(const uint8_t *code, size_t len,
                            struct native_regs *r, uint8_t *data)
{
    xs_run_native(prologue, sizeof prologue, code, len, epilogue,
                  sizeof epilogue, r, data);
}

static void run_lifted(const uint8_t *code, size_t len)
{
    xs_run_lifted(&cpu, code, len);
}

/* Data: 0x00-0x3f four 80-bit values, 0x100/0x108 doubles, 0x180 a
 * float, 0x1c0 int16, 0x1c4 int32, 0x1c8 int64, 0x1f0 the control word;
 * results from 0x200. */
static void fill_inputs(unsigned seed, uint8_t *data)
{
    memset(data, 0x5a, DATA_SIZE);
    for (unsigned i = 0; i < 4; i++)
        put80(data + 16 * i, &edge80[(seed * 7 + i * 5) % N80]);
    memcpy(data + 0x100, &edge64[seed % N64], 8);
    memcpy(data + 0x108, &edge64[(seed / 3 + 4) % N64], 8);
    memcpy(data + 0x180, &edge32[(seed * 3) % N32], 4);
    int64_t i = edge_int[seed % NINT];
    int16_t i16 = (int16_t)edge_int[(seed + 3) % NINT];
    int32_t i32 = (int32_t)edge_int[(seed + 5) % NINT];
    memcpy(data + 0x1c0, &i16, 2);
    memcpy(data + 0x1c4, &i32, 4);
    memcpy(data + 0x1c8, &i, 8);
    uint16_t cw = control_word(seed);
    memcpy(data + 0x1f0, &cw, 2);
}

#define ARITH_FLAGS 0x8d5ull

/* The instruction and operand pointers (and opcode) of an environment
 * image at env: this machine keeps them 0. */
static bool pointer_byte(unsigned k, unsigned env)
{
    return k >= env + 12 && k < env + 24;
}

/* envs: more environment images in the data: ENV_200, ENV_280. */
#define ENV_200 1u
#define ENV_280 2u

static bool ignored(unsigned k, unsigned envs)
{
    return pointer_byte(k, SAVE_AREA) ||
           ((envs & ENV_200) && pointer_byte(k, 0x200)) ||
           ((envs & ENV_280) && pointer_byte(k, 0x280));
}

static void check_snippet(const char *name, const uint8_t *code, size_t len,
                          unsigned envs, bool sets_flags)
{
    static uint8_t native_data[DATA_SIZE] __attribute__((aligned(64)));
    for (unsigned seed = 0; seed < 48; seed++) {
        struct native_regs r = {.rax = 0x1122334455667788ull};
        fill_inputs(seed, native_data);
        uint8_t *guest_data = mmu_host(xs.m, DATA);
        memcpy(guest_data, native_data, DATA_SIZE);
        memset(cpu.st, 0, sizeof cpu.st);
        cpu.gpr[X86_RAX_] = r.rax;
        cpu.gpr[X86_RSI_] = DATA;
        cpu.fcw = X86_FCW_DEFAULT;
        cpu.fsw = 0;
        cpu.ftw = 0xffff;
        cpu.ftop = 0;
        run_native_code(code, len, &r, native_data);
        run_lifted(code, len);
        for (unsigned k = 0; k < DATA_SIZE; k++)
            cr_assert(ignored(k, envs) || guest_data[k] == native_data[k],
                      "%s seed %u: data byte %#x: %02x, native %02x", name,
                      seed, k, guest_data[k], native_data[k]);
        cr_assert_eq(cpu.gpr[X86_RAX_], r.rax, "%s seed %u: rax %llx, native %llx",
                     name, seed, (unsigned long long)cpu.gpr[X86_RAX_],
                     (unsigned long long)r.rax);
        if (sets_flags)
            cr_assert_eq(x86_rflags(&cpu) & ARITH_FLAGS, r.rflags & ARITH_FLAGS,
                         "%s seed %u: flags %llx, native %llx", name, seed,
                         (unsigned long long)(x86_rflags(&cpu) & ARITH_FLAGS),
                         (unsigned long long)(r.rflags & ARITH_FLAGS));
        /* fnsave leaves the FPU initialised. */
        cr_assert_eq(cpu.fcw, X86_FCW_DEFAULT);
        cr_assert_eq(cpu.ftw, 0xffff);
    }
}


/* Snippets (GNU as, Intel syntax); rsi points at the data. */
static const uint8_t s_arith[] = {
    0xd9, 0xae, 0xf0, 0x01, 0x00, 0x00,      /* fldcw WORD [rsi+0x1f0] */
    0xdb, 0x2e,                              /* fld TBYTE [rsi] */
    0xdb, 0x6e, 0x10,                        /* fld TBYTE [rsi+0x10] */
    0xdb, 0x6e, 0x20,                        /* fld TBYTE [rsi+0x20] */
    0xd8, 0xc1,                              /* fadd st,st(1) */
    0xdc, 0xea,                              /* fsub st(2),st */
    0xd8, 0xea,                              /* fsubr st,st(2) */
    0xdc, 0xf1,                              /* fdivr st(1),st */
    0xdc, 0x8e, 0x00, 0x01, 0x00, 0x00,      /* fmul QWORD [rsi+0x100] */
    0xda, 0xb6, 0xc4, 0x01, 0x00, 0x00,      /* fidiv DWORD [rsi+0x1c4] */
    0xd8, 0xae, 0x80, 0x01, 0x00, 0x00,      /* fsubr DWORD [rsi+0x180] */
    0xde, 0x86, 0xc0, 0x01, 0x00, 0x00,      /* fiadd WORD [rsi+0x1c0] */
    0xde, 0xfa,                              /* fdivp st(2),st */
    0xde, 0xe1,                              /* fsubrp st(1),st */
    0xdb, 0x6e, 0x30,                        /* fld TBYTE [rsi+0x30] */
    0xde, 0xc9,                              /* fmulp st(1),st */
    0xdc, 0xb6, 0x08, 0x01, 0x00, 0x00,      /* fdiv QWORD [rsi+0x108] */
    0xdf, 0xe0,                              /* fnstsw ax */
    0xdb, 0xbe, 0x00, 0x02, 0x00, 0x00,      /* fstp TBYTE [rsi+0x200] */
    0xdd, 0xb6, 0x00, 0x03, 0x00, 0x00,      /* fnsave [rsi+0x300] */
};
static const uint8_t s_store[] = {
    0xd9, 0xae, 0xf0, 0x01, 0x00, 0x00,      /* fldcw WORD [rsi+0x1f0] */
    0xdb, 0x2e,                              /* fld TBYTE [rsi] */
    0xdf, 0x96, 0x00, 0x02, 0x00, 0x00,      /* fist WORD [rsi+0x200] */
    0xdb, 0x96, 0x04, 0x02, 0x00, 0x00,      /* fist DWORD [rsi+0x204] */
    0xd9, 0xc0,                              /* fld st(0) */
    0xdf, 0xbe, 0x08, 0x02, 0x00, 0x00,      /* fistp QWORD [rsi+0x208] */
    0xdb, 0x6e, 0x10,                        /* fld TBYTE [rsi+0x10] */
    0xdf, 0x8e, 0x10, 0x02, 0x00, 0x00,      /* fisttp WORD [rsi+0x210] */
    0xdb, 0x6e, 0x20,                        /* fld TBYTE [rsi+0x20] */
    0xdd, 0x8e, 0x18, 0x02, 0x00, 0x00,      /* fisttp QWORD [rsi+0x218] */
    0xd9, 0x96, 0x20, 0x02, 0x00, 0x00,      /* fst DWORD [rsi+0x220] */
    0xdd, 0x96, 0x28, 0x02, 0x00, 0x00,      /* fst QWORD [rsi+0x228] */
    0xdd, 0x86, 0x00, 0x01, 0x00, 0x00,      /* fld QWORD [rsi+0x100] */
    0xd9, 0x86, 0x80, 0x01, 0x00, 0x00,      /* fld DWORD [rsi+0x180] */
    0xdf, 0xae, 0xc8, 0x01, 0x00, 0x00,      /* fild QWORD [rsi+0x1c8] */
    0xdf, 0x86, 0xc0, 0x01, 0x00, 0x00,      /* fild WORD [rsi+0x1c0] */
    0xdb, 0x9e, 0x30, 0x02, 0x00, 0x00,      /* fistp DWORD [rsi+0x230] */
    0xd9, 0x9e, 0x34, 0x02, 0x00, 0x00,      /* fstp DWORD [rsi+0x234] */
    0xdd, 0x9e, 0x38, 0x02, 0x00, 0x00,      /* fstp QWORD [rsi+0x238] */
    0xdb, 0xbe, 0x40, 0x02, 0x00, 0x00,      /* fstp TBYTE [rsi+0x240] */
    0xdd, 0xbe, 0x50, 0x02, 0x00, 0x00,      /* fnstsw WORD [rsi+0x250] */
    0xdd, 0xb6, 0x00, 0x03, 0x00, 0x00,      /* fnsave [rsi+0x300] */
};
static const uint8_t s_compare[] = {
    0xd9, 0xae, 0xf0, 0x01, 0x00, 0x00,      /* fldcw WORD [rsi+0x1f0] */
    0xdb, 0x2e,                              /* fld TBYTE [rsi] */
    0xdb, 0x6e, 0x10,                        /* fld TBYTE [rsi+0x10] */
    0xd8, 0xd1,                              /* fcom st(1) */
    0xdd, 0xbe, 0x00, 0x02, 0x00, 0x00,      /* fnstsw WORD [rsi+0x200] */
    0xdd, 0xe1,                              /* fucom st(1) */
    0xdd, 0xbe, 0x02, 0x02, 0x00, 0x00,      /* fnstsw WORD [rsi+0x202] */
    0xdc, 0x96, 0x00, 0x01, 0x00, 0x00,      /* fcom QWORD [rsi+0x100] */
    0xdd, 0xbe, 0x04, 0x02, 0x00, 0x00,      /* fnstsw WORD [rsi+0x204] */
    0xda, 0x96, 0xc4, 0x01, 0x00, 0x00,      /* ficom DWORD [rsi+0x1c4] */
    0xdd, 0xbe, 0x06, 0x02, 0x00, 0x00,      /* fnstsw WORD [rsi+0x206] */
    0xd9, 0xe4,                              /* ftst */
    0xdd, 0xbe, 0x08, 0x02, 0x00, 0x00,      /* fnstsw WORD [rsi+0x208] */
    0xd9, 0xe5,                              /* fxam */
    0xdd, 0xbe, 0x0a, 0x02, 0x00, 0x00,      /* fnstsw WORD [rsi+0x20a] */
    0xdb, 0xf1,                              /* fcomi st,st(1) */
    0x0f, 0x92, 0x86, 0x0c, 0x02, 0x00, 0x00, /* setb BYTE [rsi+0x20c] */
    0x0f, 0x94, 0x86, 0x0d, 0x02, 0x00, 0x00, /* sete BYTE [rsi+0x20d] */
    0x0f, 0x9a, 0x86, 0x0e, 0x02, 0x00, 0x00, /* setp BYTE [rsi+0x20e] */
    0xdb, 0xe9,                              /* fucomi st,st(1) */
    0xda, 0xc1,                              /* fcmovb st,st(1) */
    0xdb, 0xd9,                              /* fcmovnu st,st(1) */
    0xdd, 0xbe, 0x10, 0x02, 0x00, 0x00,      /* fnstsw WORD [rsi+0x210] */
    0xdf, 0xe9,                              /* fucomip st,st(1) */
    0xda, 0xe9,                              /* fucompp */
    0xdd, 0xbe, 0x12, 0x02, 0x00, 0x00,      /* fnstsw WORD [rsi+0x212] */
    0xd9, 0xe5,                              /* fxam */
    0xdf, 0xe0,                              /* fnstsw ax */
    0xdb, 0x6e, 0x20,                        /* fld TBYTE [rsi+0x20] */
    0xd8, 0x9e, 0x80, 0x01, 0x00, 0x00,      /* fcomp DWORD [rsi+0x180] */
    0xdd, 0xb6, 0x00, 0x03, 0x00, 0x00,      /* fnsave [rsi+0x300] */
};
static const uint8_t s_trans[] = {
    0xd9, 0xae, 0xf0, 0x01, 0x00, 0x00,      /* fldcw WORD [rsi+0x1f0] */
    0xdb, 0x2e,                              /* fld TBYTE [rsi] */
    0xdb, 0x6e, 0x10,                        /* fld TBYTE [rsi+0x10] */
    0xd9, 0xf8,                              /* fprem */
    0xdd, 0xbe, 0x00, 0x02, 0x00, 0x00,      /* fnstsw WORD [rsi+0x200] */
    0xdb, 0xbe, 0x10, 0x02, 0x00, 0x00,      /* fstp TBYTE [rsi+0x210] */
    0xdb, 0x6e, 0x10,                        /* fld TBYTE [rsi+0x10] */
    0xd9, 0xf5,                              /* fprem1 */
    0xdd, 0xbe, 0x02, 0x02, 0x00, 0x00,      /* fnstsw WORD [rsi+0x202] */
    0xdb, 0xbe, 0x20, 0x02, 0x00, 0x00,      /* fstp TBYTE [rsi+0x220] */
    0xdb, 0x6e, 0x10,                        /* fld TBYTE [rsi+0x10] */
    0xd9, 0xfa,                              /* fsqrt */
    0xd9, 0xfc,                              /* frndint */
    0xd9, 0xfd,                              /* fscale */
    0xd9, 0xf4,                              /* fxtract */
    0xd9, 0xfb,                              /* fsincos */
    0xd9, 0xf2,                              /* fptan */
    0xdd, 0xbe, 0x04, 0x02, 0x00, 0x00,      /* fnstsw WORD [rsi+0x204] */
    0xd9, 0xf3,                              /* fpatan */
    0xd9, 0xf1,                              /* fyl2x */
    0xd9, 0xe8,                              /* fld1 */
    0xdb, 0x6e, 0x20,                        /* fld TBYTE [rsi+0x20] */
    0xd9, 0xf9,                              /* fyl2xp1 */
    0xd9, 0xf0,                              /* f2xm1 */
    0xd9, 0xfe,                              /* fsin */
    0xd9, 0xff,                              /* fcos */
    0xd9, 0xe1,                              /* fabs */
    0xd9, 0xe0,                              /* fchs */
    0xdf, 0xe0,                              /* fnstsw ax */
    0xd9, 0xeb,                              /* fldpi */
    0xd9, 0xea,                              /* fldl2e */
    0xd9, 0xed,                              /* fldln2 */
    0xd9, 0xe9,                              /* fldl2t */
    0xd9, 0xec,                              /* fldlg2 */
    0xd9, 0xee,                              /* fldz */
    0xdd, 0xb6, 0x00, 0x03, 0x00, 0x00,      /* fnsave [rsi+0x300] */
};
static const uint8_t s_stack[] = {
    0xd9, 0xae, 0xf0, 0x01, 0x00, 0x00,      /* fldcw WORD [rsi+0x1f0] */
    0xdb, 0x2e,                              /* fld TBYTE [rsi] */
    0xdb, 0x6e, 0x10,                        /* fld TBYTE [rsi+0x10] */
    0xdb, 0x6e, 0x20,                        /* fld TBYTE [rsi+0x20] */
    0xd9, 0xca,                              /* fxch st(2) */
    0xd9, 0xc1,                              /* fld st(1) */
    0xdd, 0xd3,                              /* fst st(3) */
    0xd9, 0xf7,                              /* fincstp */
    0xd9, 0xf6,                              /* fdecstp */
    0xdd, 0xc1,                              /* ffree st(1) */
    0xd8, 0xc1,                              /* fadd st,st(1) */
    0xdd, 0xbe, 0x00, 0x02, 0x00, 0x00,      /* fnstsw WORD [rsi+0x200] */
    0xdb, 0xe2,                              /* fnclex */
    0xd9, 0xe8,                              /* fld1 */
    0xd9, 0xe8,                              /* fld1 */
    0xd9, 0xe8,                              /* fld1 */
    0xd9, 0xe8,                              /* fld1 */
    0xd9, 0xe8,                              /* fld1 */
    0xd9, 0xe8,                              /* fld1 */
    0xdd, 0xbe, 0x02, 0x02, 0x00, 0x00,      /* fnstsw WORD [rsi+0x202] */
    0xdd, 0xdc,                              /* fstp st(4) */
    0xd9, 0xbe, 0x04, 0x02, 0x00, 0x00,      /* fnstcw WORD [rsi+0x204] */
    0xd9, 0xb6, 0x80, 0x02, 0x00, 0x00,      /* fnstenv [rsi+0x280] */
    0xd9, 0xa6, 0x80, 0x02, 0x00, 0x00,      /* fldenv [rsi+0x280] */
    0xdf, 0xe0,                              /* fnstsw ax */
    0xdd, 0xb6, 0x00, 0x03, 0x00, 0x00,      /* fnsave [rsi+0x300] */
};
static const uint8_t s_save[] = {
    0xd9, 0xae, 0xf0, 0x01, 0x00, 0x00,      /* fldcw WORD [rsi+0x1f0] */
    0xdb, 0x2e,                              /* fld TBYTE [rsi] */
    0xdb, 0x6e, 0x10,                        /* fld TBYTE [rsi+0x10] */
    0xd8, 0xf1,                              /* fdiv st,st(1) */
    0xdd, 0xb6, 0x00, 0x02, 0x00, 0x00,      /* fnsave [rsi+0x200] */
    0xd9, 0xe8,                              /* fld1 */
    0xd9, 0xeb,                              /* fldpi */
    0xdd, 0xa6, 0x00, 0x02, 0x00, 0x00,      /* frstor [rsi+0x200] */
    0x9b, 0xd8, 0xc1,                        /* fadd st,st(1) */
    0xd9, 0xb6, 0x80, 0x02, 0x00, 0x00,      /* fnstenv [rsi+0x280] */
    0xd9, 0xee,                              /* fldz */
    0xd9, 0xa6, 0x80, 0x02, 0x00, 0x00,      /* fldenv [rsi+0x280] */
    0xdd, 0xb6, 0x00, 0x03, 0x00, 0x00,      /* fnsave [rsi+0x300] */
};

#define SNIPPET(s) #s, s, sizeof s

/* Every arithmetic form, memory operands of each kind, all pops. */
Test(x86_x87_lift, arithmetic, .init = lift_setup, .fini = lift_teardown)
{
    check_snippet(SNIPPET(s_arith), 0, false);
}

/* fist/fistp/fisttp (overflow: integer indefinite), fst m32/m64/m80,
 * fld/fild of every size. */
Test(x86_x87_lift, loads_and_stores, .init = lift_setup, .fini = lift_teardown)
{
    check_snippet(SNIPPET(s_store), 0, false);
}

/* fcom/fucom/ficom/ftst/fxam status words, fcomi flags, fcmov. */
Test(x86_x87_lift, compares, .init = lift_setup, .fini = lift_teardown)
{
    check_snippet(SNIPPET(s_compare), 0, true);
}

/* fprem/fprem1 (C0 C1 C3 quotient bits, C2 partial), the transcendental
 * ops and the constants. */
Test(x86_x87_lift, transcendental, .init = lift_setup, .fini = lift_teardown)
{
    check_snippet(SNIPPET(s_trans), 0, false);
}

/* fxch, fld/fst st(i), fincstp/fdecstp, ffree, stack underflow and
 * overflow, fnclex, fnstcw, fnstenv/fldenv. */
Test(x86_x87_lift, stack_and_control, .init = lift_setup, .fini = lift_teardown)
{
    check_snippet(SNIPPET(s_stack), ENV_280, false);
}

/* fnsave/frstor and fnstenv/fldenv round trips. */
Test(x86_x87_lift, save_restore, .init = lift_setup, .fini = lift_teardown)
{
    check_snippet(SNIPPET(s_save), ENV_200 | ENV_280, false);
}
