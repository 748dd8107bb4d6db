/*
 * test_x86_encode.c — every encoding lib/codegen/x86_encode.c emits,
 * decoded back with Zydis: all forms x all registers (r8-r15 and the
 * REX byte registers spl/bpl/sil/dil included) x all sizes. Each decoded
 * instruction is rendered as "mnemonic op, op" (registers by name, memory
 * as m<bits>[base+index*scale+disp], immediates in decimal) and compared
 * with the expected rendering; the decoder must also consume exactly the
 * bytes emitted.
 */
#include <Zydis/Zydis.h>
#include <criterion/criterion.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "x86_encode.h"

static const char *const names[4][16] = {
    {"al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil", "r8b", "r9b", "r10b",
     "r11b", "r12b", "r13b", "r14b", "r15b"},
    {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di", "r8w", "r9w", "r10w",
     "r11w", "r12w", "r13w", "r14w", "r15w"},
    {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "r8d", "r9d",
     "r10d", "r11d", "r12d", "r13d", "r14d", "r15d"},
    {"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10",
     "r11", "r12", "r13", "r14", "r15"},
};
static const unsigned sizes[4] = {1, 2, 4, 8};
static const char *const cc_names[16] = {"o", "no", "b", "nb", "z", "nz",
                                         "be", "nbe", "s", "ns", "p", "np",
                                         "l", "nl", "le", "nle"};
static const char *const alu_names[8] = {"add", "or", "adc", "sbb",
                                         "and", "sub", "xor", "cmp"};

static const char *reg(unsigned size, int r)
{
    return names[size == 1 ? 0 : size == 2 ? 1 : size == 4 ? 2 : 3][r];
}

static void render_mem(char *out, size_t n, unsigned bits,
                       const struct x86_mem *m)
{
    char idx[16] = "";
    if (m->index != X86_NOREG)
        snprintf(idx, sizeof(idx), "+%s*%u", reg(8, m->index), m->scale);
    snprintf(out, n, "m%u[%s%s%+d]", bits, reg(8, m->base), idx, m->disp);
}

static uint8_t code[64];
static struct x86_buf buf;

static void start(void)
{
    x86_buf_init(&buf, code, sizeof(code));
}

/* Decodes what the buffer holds and renders it. */
static void decoded(char *out, size_t n)
{
    ZydisDecoder dec;
    ZydisDecoderInit(&dec, ZYDIS_MACHINE_MODE_LONG_64, ZYDIS_STACK_WIDTH_64);
    ZydisDecodedInstruction in;
    ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
    size_t len = x86_buf_used(&buf);
    cr_assert(!buf.overflow);
    cr_assert(ZYAN_SUCCESS(ZydisDecoderDecodeFull(&dec, code, len, &in, ops)),
              "undecodable bytes");
    cr_assert_eq(in.length, len, "decoder used %u of %zu bytes", in.length,
                 len);
    int k = snprintf(out, n, "%s%s", in.attributes & ZYDIS_ATTRIB_HAS_LOCK ? "lock " : "",
                     ZydisMnemonicGetString(in.mnemonic));
    for (unsigned i = 0; i < in.operand_count_visible; i++) {
        const ZydisDecodedOperand *o = &ops[i];
        k += snprintf(out + k, n - (size_t)k, i ? ", " : " ");
        if (o->type == ZYDIS_OPERAND_TYPE_REGISTER) {
            k += snprintf(out + k, n - (size_t)k, "%s",
                          ZydisRegisterGetString(o->reg.value));
        } else if (o->type == ZYDIS_OPERAND_TYPE_MEMORY) {
            char idx[24] = "";
            if (o->mem.index != ZYDIS_REGISTER_NONE)
                snprintf(idx, sizeof(idx), "+%s*%u",
                         ZydisRegisterGetString(o->mem.index), o->mem.scale);
            k += snprintf(out + k, n - (size_t)k, "m%u[%s%s%+d]", o->size,
                          ZydisRegisterGetString(o->mem.base), idx,
                          (int)o->mem.disp.value);
        } else if (o->type == ZYDIS_OPERAND_TYPE_IMMEDIATE) {
            if (o->imm.is_relative)
                k += snprintf(out + k, n - (size_t)k, "rel%" PRId64,
                              o->imm.value.s);
            else
                k += snprintf(out + k, n - (size_t)k, "%" PRId64,
                              o->imm.is_signed ? o->imm.value.s
                                               : (int64_t)o->imm.value.u);
        }
    }
}

#define EXPECT(...)                                                            \
    do {                                                                       \
        char want_[128], got_[160];                                            \
        snprintf(want_, sizeof(want_), __VA_ARGS__);                           \
        decoded(got_, sizeof(got_));                                           \
        cr_assert_str_eq(got_, want_);                                         \
    } while (0)

/* A spread of memory operands: every base (rsp/r12 need a SIB, rbp/r13 a
 * displacement), indexes from both halves, scales and displacements. */
static const struct x86_mem mems[] = {
    {X86_RAX, X86_NOREG, 1, 0},   {X86_RSP, X86_NOREG, 1, 0},
    {X86_RBP, X86_NOREG, 1, 0},   {X86_R12, X86_NOREG, 1, 8},
    {X86_R13, X86_NOREG, 1, 0},   {X86_R15, X86_NOREG, 1, -8},
    {X86_R14, X86_RBX, 1, 0},     {X86_R14, X86_R11, 1, 0},
    {X86_RSP, X86_R9, 8, 0x1000}, {X86_RDI, X86_RSI, 4, -129},
    {X86_R13, X86_R13, 2, 127},   {X86_RCX, X86_RBP, 1, 128},
};
#define NMEMS (sizeof(mems) / sizeof(mems[0]))

Test(x86_encode, mov_rr_all_registers_and_sizes)
{
    for (unsigned s = 0; s < 4; s++)
        for (int d = 0; d < 16; d++)
            for (int r = 0; r < 16; r++) {
                start();
                x86_mov_rr(&buf, sizes[s], d, r);
                EXPECT("mov %s, %s", reg(sizes[s], d), reg(sizes[s], r));
            }
}

Test(x86_encode, mov_ri_picks_a_form_that_keeps_the_value)
{
    static const uint64_t imms[] = {0, 1, 0x7fffffff, 0xffffffff,
                                    0xffffffff80000000ull, UINT64_MAX,
                                    0x123456789abcdef0ull};
    for (int d = 0; d < 16; d++)
        for (size_t i = 0; i < sizeof(imms) / sizeof(imms[0]); i++) {
            start();
            x86_mov_ri(&buf, d, imms[i]);
            uint64_t v = imms[i];
            if (v <= UINT32_MAX) /* Zydis shows imm32 signed */
                EXPECT("mov %s, %d", reg(4, d), (int32_t)v);
            else
                EXPECT("mov %s, %" PRId64, reg(8, d), (int64_t)v);
        }
}

Test(x86_encode, loads_stores_and_extensions)
{
    for (unsigned s = 0; s < 4; s++)
        for (int r = 0; r < 16; r++)
            for (size_t i = 0; i < NMEMS; i++) {
                unsigned sz = sizes[s];
                char m[64];
                render_mem(m, sizeof(m), sz * 8, &mems[i]);
                start();
                x86_load(&buf, sz, r, mems[i]);
                EXPECT("mov %s, %s", reg(sz, r), m);
                start();
                x86_store(&buf, sz, mems[i], r);
                EXPECT("mov %s, %s", m, reg(sz, r));
                start();
                x86_movzx_load(&buf, sz, r, mems[i]);
                if (sz >= 4)
                    EXPECT("mov %s, %s", reg(sz, r), m);
                else
                    EXPECT("movzx %s, %s", reg(4, r), m);
                start();
                x86_movsx_load(&buf, sz, r, mems[i]);
                if (sz == 8)
                    EXPECT("mov %s, %s", reg(8, r), m);
                else
                    EXPECT("%s %s, %s", sz == 4 ? "movsxd" : "movsx",
                           reg(8, r), m);
                start();
                x86_store_imm(&buf, sz, mems[i], -5);
                EXPECT("mov %s, -5", m);
                if (s == 3) {
                    start();
                    x86_lea(&buf, r, mems[i]);
                    EXPECT("lea %s, %s", reg(8, r), m);
                }
            }
}

Test(x86_encode, register_extensions)
{
    for (int d = 0; d < 16; d++)
        for (int r = 0; r < 16; r++) {
            for (unsigned src = 1; src <= 2; src *= 2) {
                start();
                x86_movzx_rr(&buf, src, d, r);
                EXPECT("movzx %s, %s", reg(4, d), reg(src, r));
                start();
                x86_movsx_rr(&buf, src, d, r);
                EXPECT("movsx %s, %s", reg(8, d), reg(src, r));
            }
            start();
            x86_movzx_rr(&buf, 4, d, r);
            EXPECT("mov %s, %s", reg(4, d), reg(4, r));
            start();
            x86_movsx_rr(&buf, 4, d, r);
            EXPECT("movsxd %s, %s", reg(8, d), reg(4, r));
        }
}

Test(x86_encode, alu_register_register)
{
    for (int op = 0; op < 8; op++)
        for (unsigned s = 0; s < 4; s++)
            for (int d = 0; d < 16; d++)
                for (int r = 0; r < 16; r++) {
                    start();
                    x86_alu_rr(&buf, op, sizes[s], d, r);
                    EXPECT("%s %s, %s", alu_names[op], reg(sizes[s], d),
                           reg(sizes[s], r));
                }
}

Test(x86_encode, alu_immediates_and_memory)
{
    static const int32_t imms[] = {0, 1, -1, 127, -128, 128, -129, 0x12345678};
    for (int op = 0; op < 8; op++)
        for (unsigned s = 0; s < 4; s++)
            for (int d = 0; d < 16; d++)
                for (size_t i = 0; i < sizeof(imms) / sizeof(imms[0]); i++) {
                    unsigned sz = sizes[s];
                    int64_t v = sz == 1   ? (int8_t)imms[i]
                                : sz == 2 ? (int16_t)imms[i]
                                          : imms[i];
                    start();
                    x86_alu_ri(&buf, op, sz, d, imms[i]);
                    EXPECT("%s %s, %" PRId64, alu_names[op], reg(sz, d), v);
                    const struct x86_mem *m = &mems[(size_t)d % NMEMS];
                    char ms[64];
                    render_mem(ms, sizeof(ms), sz * 8, m);
                    start();
                    x86_alu_mi(&buf, op, sz, *m, imms[i]);
                    EXPECT("%s %s, %" PRId64, alu_names[op], ms, v);
                    start();
                    x86_alu_rm(&buf, op, sz, d, *m);
                    EXPECT("%s %s, %s", alu_names[op], reg(sz, d), ms);
                    start();
                    x86_alu_mr(&buf, op, sz, *m, d);
                    EXPECT("%s %s, %s", alu_names[op], ms, reg(sz, d));
                }
}

Test(x86_encode, scalar_double_sse)
{
    static const struct {
        enum x86_sse_sd op;
        const char *name;
    } ops[] = {{X86_ADDSD, "addsd"}, {X86_SUBSD, "subsd"},
               {X86_MULSD, "mulsd"}, {X86_DIVSD, "divsd"}};
    for (int r = 0; r < 16; r++) {
        start();
        x86_movq_to_xmm(&buf, (unsigned)r, r);
        EXPECT("movq xmm%d, %s", r, reg(8, r));
        start();
        x86_movq_from_xmm(&buf, r, (unsigned)(15 - r));
        EXPECT("movq %s, xmm%d", reg(8, r), 15 - r);
        for (unsigned i = 0; i < 4; i++) {
            start();
            x86_sse_sd(&buf, ops[i].op, (unsigned)r, (unsigned)(r ^ 9));
            EXPECT("%s xmm%d, xmm%d", ops[i].name, r, r ^ 9);
        }
    }
}

/* The generic SSE forms tier 1 uses for guest SSE (t1_vec.c): mandatory
 * prefixes, REX.R/B/X/W, memory and register operands. */
Test(x86_encode, generic_sse_forms)
{
    static const struct {
        uint8_t prefix, op;
        bool w, int_reg, int_rm;
        unsigned mem_bits;
        const char *name;
    } forms[] = {
        {0xf2, 0x58, false, false, false, 64, "addsd"},
        {0xf3, 0x5e, false, false, false, 32, "divss"},
        {0x66, 0x59, false, false, false, 128, "mulpd"},
        {0x00, 0x5d, false, false, false, 128, "minps"},
        {0xf2, 0x10, false, false, false, 64, "movsd"},
        {0x66, 0x16, false, false, false, 64, "movhpd"},
        {0x66, 0x2e, false, false, false, 64, "ucomisd"},
        {0xf3, 0xe6, false, false, false, 64, "cvtdq2pd"},
        {0xf2, 0x2c, true, true, false, 64, "cvttsd2si"},
        {0xf3, 0x2d, false, true, false, 32, "cvtss2si"},
        {0xf2, 0x2a, true, false, true, 64, "cvtsi2sd"},
    };
    for (size_t f = 0; f < sizeof forms / sizeof *forms; f++)
        for (int r = 0; r < 16; r++) {
            const char *dst = forms[f].int_reg ? reg(forms[f].w ? 8 : 4, r)
                                               : NULL;
            char xd[8];
            snprintf(xd, sizeof xd, "xmm%d", r);
            for (size_t i = 0; i < NMEMS && !forms[f].int_rm; i++) {
                char m[64];
                render_mem(m, sizeof(m), forms[f].mem_bits, &mems[i]);
                start();
                x86_sse_m(&buf, forms[f].prefix, forms[f].op, forms[f].w,
                          (unsigned)r, mems[i]);
                EXPECT("%s %s, %s", forms[f].name, dst ? dst : xd, m);
            }
            start();
            x86_sse_r(&buf, forms[f].prefix, forms[f].op, forms[f].w,
                      (unsigned)r, (unsigned)(r ^ 11));
            if (forms[f].int_rm)
                EXPECT("%s %s, %s", forms[f].name, xd,
                       reg(forms[f].w ? 8 : 4, r ^ 11));
            else if (forms[f].op == 0x16) /* reg-reg 0f 16 is movlhps */
                continue;
            else
                EXPECT("%s %s, xmm%d", forms[f].name, dst ? dst : xd, r ^ 11);
        }
    start();
    x86_lahf(&buf);
    EXPECT("lahf");
}

Test(x86_encode, test_shift_multiply_divide)
{
    static const char *const shift_names[8] = {"rol", "ror", "", "", "shl",
                                               "shr", "", "sar"};
    static const enum x86_shift shifts[] = {X86_ROL, X86_ROR, X86_SHL, X86_SHR,
                                            X86_SAR};
    static const char *const unary_names[8] = {"", "", "not", "neg", "mul",
                                               "imul", "div", "idiv"};
    for (unsigned s = 0; s < 4; s++)
        for (int d = 0; d < 16; d++) {
            unsigned sz = sizes[s];
            for (int r = 0; r < 16; r++) {
                start();
                x86_test_rr(&buf, sz, d, r);
                EXPECT("test %s, %s", reg(sz, d), reg(sz, r));
                if (sz > 1) {
                    start();
                    x86_imul_rr(&buf, sz, d, r);
                    EXPECT("imul %s, %s", reg(sz, d), reg(sz, r));
                    static const int32_t imms[] = {-1, 0x12345678,
                                                   (int32_t)0x9e3779b1};
                    for (size_t i = 0; i < 3; i++) {
                        int64_t v = sz == 2 ? (int16_t)imms[i] : imms[i];
                        start();
                        x86_imul_rri(&buf, sz, d, r, imms[i]);
                        EXPECT("imul %s, %s, %" PRId64, reg(sz, d), reg(sz, r),
                               v);
                    }
                    for (int cc = 0; cc < 16; cc++) {
                        start();
                        x86_cmov(&buf, cc, sz, d, r);
                        EXPECT("cmov%s %s, %s", cc_names[cc], reg(sz, d),
                               reg(sz, r));
                    }
                    start();
                    x86_bsr(&buf, sz, d, r);
                    EXPECT("bsr %s, %s", reg(sz, d), reg(sz, r));
                    start();
                    x86_bsf(&buf, sz, d, r);
                    EXPECT("bsf %s, %s", reg(sz, d), reg(sz, r));
                    start();
                    x86_popcnt(&buf, sz, d, r);
                    EXPECT("popcnt %s, %s", reg(sz, d), reg(sz, r));
                }
            }
            start();
            x86_test_ri(&buf, sz, d, 7);
            EXPECT("test %s, 7", reg(sz, d));
            for (size_t k = 0; k < sizeof(shifts) / sizeof(shifts[0]); k++) {
                start();
                x86_shift_ri(&buf, shifts[k], sz, d, 5);
                EXPECT("%s %s, 5", shift_names[shifts[k]], reg(sz, d));
                start();
                x86_shift_cl(&buf, shifts[k], sz, d);
                EXPECT("%s %s, cl", shift_names[shifts[k]], reg(sz, d));
            }
            for (int u = X86_NOT; u <= X86_IDIV; u++) {
                start();
                x86_unary(&buf, u, sz, d);
                EXPECT("%s %s", unary_names[u], reg(sz, d));
            }
        }
    static const char *const cqo_names[4] = {"", "cwd", "cdq", "cqo"};
    for (unsigned s = 1; s < 4; s++) {
        start();
        x86_cqo(&buf, sizes[s]);
        EXPECT("%s", cqo_names[s]);
    }
}

Test(x86_encode, setcc_and_bswap)
{
    for (int d = 0; d < 16; d++) {
        for (int cc = 0; cc < 16; cc++) {
            start();
            x86_setcc(&buf, cc, d);
            EXPECT("set%s %s", cc_names[cc], reg(1, d));
        }
        start();
        x86_bswap(&buf, 4, d);
        EXPECT("bswap %s", reg(4, d));
        start();
        x86_bswap(&buf, 8, d);
        EXPECT("bswap %s", reg(8, d));
    }
}

Test(x86_encode, atomics)
{
    for (unsigned s = 0; s < 4; s++)
        for (int r = 0; r < 16; r++)
            for (size_t i = 0; i < NMEMS; i++) {
                unsigned sz = sizes[s];
                char m[64];
                render_mem(m, sizeof(m), sz * 8, &mems[i]);
                start();
                x86_lock_cmpxchg(&buf, sz, mems[i], r);
                EXPECT("lock cmpxchg %s, %s", m, reg(sz, r));
                start();
                x86_lock_xadd(&buf, sz, mems[i], r);
                EXPECT("lock xadd %s, %s", m, reg(sz, r));
                start();
                x86_xchg_mr(&buf, sz, mems[i], r);
                EXPECT("xchg %s, %s", m, reg(sz, r));
            }
    for (size_t i = 0; i < NMEMS; i++) {
        char m[64];
        render_mem(m, sizeof(m), 128, &mems[i]);
        start();
        x86_lock_cmpxchg16b(&buf, mems[i]);
        EXPECT("lock cmpxchg16b %s", m);
    }
    start();
    x86_mfence(&buf);
    EXPECT("mfence");
}

Test(x86_encode, control_flow)
{
    for (int cc = 0; cc < 16; cc++) {
        start();
        size_t f = x86_jcc_rel32(&buf, cc);
        x86_patch_rel32(&buf, f, 0x40);
        EXPECT("j%s rel%d", cc_names[cc], 0x40 - 6);
    }
    start();
    size_t f = x86_jmp_rel32(&buf);
    x86_patch_rel32(&buf, f, 0);
    EXPECT("jmp rel-5");
    for (int r = 0; r < 16; r++) {
        start();
        x86_jmp_r(&buf, r);
        EXPECT("jmp %s", reg(8, r));
        start();
        x86_push(&buf, r);
        EXPECT("push %s", reg(8, r));
        start();
        x86_pop(&buf, r);
        EXPECT("pop %s", reg(8, r));
    }
    for (size_t i = 0; i < NMEMS; i++) {
        char m[64];
        render_mem(m, sizeof(m), 64, &mems[i]);
        start();
        x86_jmp_m(&buf, mems[i]);
        EXPECT("jmp %s", m);
        start();
        x86_call_m(&buf, mems[i]);
        EXPECT("call %s", m);
    }
    for (int r = 0; r < 16; r++) {
        start();
        size_t d = x86_lea_rip(&buf, r);
        x86_patch_rel32(&buf, d, 0); /* back to the instruction's start */
        EXPECT("lea %s, m64[rip-7]", reg(8, r));
    }
    start();
    x86_ret(&buf);
    EXPECT("ret");
}

Test(x86_encode, overflow_is_reported_not_written_past)
{
    uint8_t small[8];
    memset(small, 0xcc, sizeof(small));
    struct x86_buf b;
    x86_buf_init(&b, small, 4);
    x86_mov_ri(&b, X86_R9, 0x123456789abcdef0ull);
    cr_assert(b.overflow);
    cr_assert_eq(small[4], 0xcc);
}
