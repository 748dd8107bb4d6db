/* arith: integer operations over edge values, 64- and 32-bit, each
 * operation's results folded into a checksum line (compiler-chosen
 * instructions plus inline asm for rbit, rev*, cls, extr, bitfields,
 * the high multiplies and division by zero). */
#include "nolibc.h"

static const uint64_t edge[] = {
    0, 1, 2, 3, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff,
    0x80000000, 0xffffffff, 0x100000000, 0x123456789abcdef0,
    0x7fffffffffffffff, 0x8000000000000000, 0xfffffffffffffffe,
    0xffffffffffffffff, 0xdeadbeefcafebabe, 63, 64, 31, 32};
#define N_EDGE (sizeof(edge) / sizeof(edge[0]))

static uint64_t fold(uint64_t h, uint64_t v)
{
    return (h ^ v) * 0x100000001b3ull + (v >> 29);
}

#define ASM1(name, insn)                                                       \
    static uint64_t name(uint64_t a)                                           \
    {                                                                          \
        uint64_t r;                                                            \
        __asm__(insn : "=r"(r) : "r"(a));                                      \
        return r;                                                              \
    }
#define ASM2(name, insn)                                                       \
    static uint64_t name(uint64_t a, uint64_t b)                               \
    {                                                                          \
        uint64_t r;                                                            \
        __asm__(insn : "=r"(r) : "r"(a), "r"(b));                              \
        return r;                                                              \
    }

ASM1(rbit_x, "rbit %0, %1")
ASM1(rbit_w, "rbit %w0, %w1")
ASM1(rev_x, "rev %0, %1")
ASM1(rev_w, "rev %w0, %w1")
ASM1(rev16_x, "rev16 %0, %1")
ASM1(rev32_x, "rev32 %0, %1")
ASM1(cls_x, "cls %0, %1")
ASM1(cls_w, "cls %w0, %w1")
ASM1(clz_w, "clz %w0, %w1")
ASM1(ubfx_x, "ubfx %0, %1, #13, #29")
ASM1(sbfx_x, "sbfx %0, %1, #7, #41")
ASM1(sbfx_w, "sbfx %w0, %w1, #3, #17")
ASM1(sbfiz_x, "sbfiz %0, %1, #9, #30")
ASM1(ubfiz_w, "ubfiz %w0, %w1, #5, #20")
ASM1(sxtb_x, "sxtb %0, %w1")
ASM1(sxth_w, "sxth %w0, %w1")
ASM1(sxtw_x, "sxtw %0, %w1")
ASM1(asr_w, "asr %w0, %w1, #7")
ASM1(ror_x, "ror %0, %1, #19")
ASM1(movk_x, "mov %0, %1\n movk %0, #0xbeef, lsl #32")
ASM2(extr_x, "extr %0, %1, %2, #23")
ASM2(extr_w, "extr %w0, %w1, %w2, #5")
ASM2(udiv_x, "udiv %0, %1, %2")
ASM2(sdiv_x, "sdiv %0, %1, %2")
ASM2(udiv_w, "udiv %w0, %w1, %w2")
ASM2(sdiv_w, "sdiv %w0, %w1, %w2")
ASM2(umulh_x, "umulh %0, %1, %2")
ASM2(smulh_x, "smulh %0, %1, %2")
ASM2(smull_x, "smull %0, %w1, %w2")
ASM2(umull_x, "umull %0, %w1, %w2")
ASM2(smsubl_x, "smsubl %0, %w1, %w2, %1")
ASM2(mneg_w, "mneg %w0, %w1, %w2")
ASM2(lslv_x, "lsl %0, %1, %2")
ASM2(lsrv_w, "lsr %w0, %w1, %w2")
ASM2(asrv_x, "asr %0, %1, %2")
ASM2(rorv_w, "ror %w0, %w1, %w2")
ASM2(bfi_x, "mov %0, %1\n bfi %0, %2, #17, #11")
ASM2(bfxil_w, "mov %0, %1\n bfxil %w0, %w2, #4, #9")
ASM2(eon_x, "eon %0, %1, %2, ror #13")
ASM2(bics_w, "bics %w0, %w1, %w2, lsr #3")
ASM2(add_ext, "add %0, %1, %w2, sxth #2")
ASM2(sub_ext, "sub %0, %1, %w2, uxtw #4")
ASM2(adds_ext_w, "adds %w0, %w1, %w2, sxtb #1")

struct op1 { const char *name; uint64_t (*fn)(uint64_t); };
struct op2 { const char *name; uint64_t (*fn)(uint64_t, uint64_t); };

static const struct op1 ops1[] = {
    {"rbit_x", rbit_x}, {"rbit_w", rbit_w}, {"rev_x", rev_x},
    {"rev_w", rev_w}, {"rev16_x", rev16_x}, {"rev32_x", rev32_x},
    {"cls_x", cls_x}, {"cls_w", cls_w}, {"clz_w", clz_w},
    {"ubfx_x", ubfx_x}, {"sbfx_x", sbfx_x}, {"sbfx_w", sbfx_w},
    {"sbfiz_x", sbfiz_x}, {"ubfiz_w", ubfiz_w}, {"sxtb_x", sxtb_x},
    {"sxth_w", sxth_w}, {"sxtw_x", sxtw_x}, {"asr_w", asr_w},
    {"ror_x", ror_x}, {"movk_x", movk_x},
};

static const struct op2 ops2[] = {
    {"extr_x", extr_x}, {"extr_w", extr_w}, {"udiv_x", udiv_x},
    {"sdiv_x", sdiv_x}, {"udiv_w", udiv_w}, {"sdiv_w", sdiv_w},
    {"umulh_x", umulh_x}, {"smulh_x", smulh_x}, {"smull_x", smull_x},
    {"umull_x", umull_x}, {"smsubl_x", smsubl_x}, {"mneg_w", mneg_w},
    {"lslv_x", lslv_x}, {"lsrv_w", lsrv_w}, {"asrv_x", asrv_x},
    {"rorv_w", rorv_w}, {"bfi_x", bfi_x}, {"bfxil_w", bfxil_w},
    {"eon_x", eon_x}, {"bics_w", bics_w}, {"add_ext", add_ext},
    {"sub_ext", sub_ext}, {"adds_ext_w", adds_ext_w},
};

/* Plain C: whatever GCC -O2 picks (madd, csel, cinc, tst, ...). */
static uint64_t c_mix(uint64_t a, uint64_t b)
{
    uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b;
    uint64_t r = a * b + (a ^ (b << 3));
    r += (int64_t)a < (int64_t)b ? a - b : b + 7;
    r ^= a32 > b32 ? (uint64_t)(a32 * b32) : (uint64_t)(int32_t)(a32 - b32);
    r += (unsigned __int128)a * b >> 64;
    r += b ? a % b : 0;
    r += (b && !(a == 0x8000000000000000ull && b == ~0ull))
             ? (uint64_t)((int64_t)a / (int64_t)b)
             : 1;
    r += __builtin_clzll(a | 1) + __builtin_ctzll(b | 1u << 20);
    return r;
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    for (size_t k = 0; k < sizeof(ops1) / sizeof(ops1[0]); k++) {
        uint64_t h = 0;
        for (size_t i = 0; i < N_EDGE; i++)
            h = fold(h, ops1[k].fn(edge[i]));
        put_str(ops1[k].name);
        put_str(" ");
        put_hex(h);
        put_str("\n");
    }
    for (size_t k = 0; k < sizeof(ops2) / sizeof(ops2[0]); k++) {
        uint64_t h = 0;
        for (size_t i = 0; i < N_EDGE; i++)
            for (size_t j = 0; j < N_EDGE; j++)
                h = fold(h, ops2[k].fn(edge[i], edge[j]));
        put_str(ops2[k].name);
        put_str(" ");
        put_hex(h);
        put_str("\n");
    }
    uint64_t h = 0;
    for (size_t i = 0; i < N_EDGE; i++)
        for (size_t j = 0; j < N_EDGE; j++)
            h = fold(h, c_mix(edge[i], edge[j]));
    put_str("c_mix ");
    put_hex(h);
    put_str("\n");
    return 0;
}
