/* simd: the AdvSIMD instructions lifted so far, one by one on patterned
 * inputs in every element size and both vector lengths: dup, umov/mov,
 * cmeq/cmhs, umaxp/uminp/addp, vector logic, shrn/shrn2, ext, the
 * modified-immediate forms, ld1/st1 lists with post-index. */
#include "nolibc.h"

static uint8_t in_a[64], in_b[64], out[64];
static volatile uint64_t seed = 0x9e3779b97f4a7c15ull;

static void fill(void)
{
    uint64_t s = seed;
    for (int i = 0; i < 64; i++) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        in_a[i] = (uint8_t)(s >> 56);
        in_b[i] = (uint8_t)(i % 3 ? in_a[i] : s >> 48);
        out[i] = 0x5a;
    }
    in_a[5] = 0; /* zeros and equal bytes for the compares */
    in_b[9] = in_a[9];
}

static void show(const char *name)
{
    put_str(name);
    for (int i = 0; i < 32; i++) {
        if (i % 8 == 0)
            put_str(" ");
        put_str((const char[]){"0123456789abcdef"[out[i] >> 4],
                               "0123456789abcdef"[out[i] & 15], 0});
    }
    put_str("\n");
}

/* Runs INSN with v0/v1 from in_a, v2/v3 from in_b, v4/v5 = 0x5a..., then
 * stores v4 and v5 (the destinations) to out. */
#define RUN(name, insn)                                                        \
    do {                                                                       \
        fill();                                                                \
        __asm__ volatile("ld1 {v0.16b, v1.16b}, [%0]\n"                        \
                         "ld1 {v2.16b, v3.16b}, [%1]\n"                        \
                         "ld1 {v4.16b, v5.16b}, [%2]\n" insn "\n"              \
                         "st1 {v4.16b, v5.16b}, [%2]\n"                        \
                         :                                                     \
                         : "r"(in_a), "r"(in_b), "r"(out)                      \
                         : "x9", "v0", "v1", "v2", "v3", "v4", "v5",           \
                           "memory");                                          \
        show(name);                                                            \
    } while (0)

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    RUN("dup 16b", "mov x9, #0x1234\n dup v4.16b, w9\n dup v5.8b, w9");
    RUN("dup 8h/4h", "mov x9, #0xabcd\n dup v4.8h, w9\n dup v5.4h, w9");
    RUN("dup 4s/2d", "mov x9, #-7\n dup v4.4s, w9\n dup v5.2d, x9");
    RUN("umov", "umov w9, v0.b[13]\n dup v4.4s, w9\n umov w9, v0.h[3]\n"
                " dup v5.4s, w9");
    RUN("mov s/d", "mov w9, v0.s[3]\n dup v4.4s, w9\n mov x9, v1.d[1]\n"
                   " dup v5.2d, x9");
    RUN("cmeq 16b/4h", "cmeq v4.16b, v0.16b, v2.16b\n cmeq v5.4h, v0.4h, v2.4h");
    RUN("cmeq 4s/2d", "cmeq v4.4s, v1.4s, v3.4s\n cmeq v5.2d, v0.2d, v0.2d");
    RUN("cmeq #0", "cmeq v4.16b, v0.16b, #0\n cmeq v5.8b, v1.8b, #0");
    RUN("cmhs", "cmhs v4.16b, v0.16b, v2.16b\n cmhs v5.8h, v1.8h, v3.8h");
    RUN("cmhs 2d", "cmhs v4.2d, v0.2d, v2.2d\n cmhs v5.2s, v3.2s, v1.2s");
    RUN("umaxp", "umaxp v4.16b, v0.16b, v2.16b\n umaxp v5.4s, v1.4s, v3.4s");
    RUN("uminp", "uminp v4.8b, v0.8b, v2.8b\n uminp v5.8h, v1.8h, v3.8h");
    RUN("addp", "addp v4.16b, v0.16b, v2.16b\n addp v5.2d, v1.2d, v3.2d");
    RUN("addp 4h/2s", "addp v4.4h, v0.4h, v2.4h\n addp v5.2s, v1.2s, v3.2s");
    RUN("and/bic", "and v4.16b, v0.16b, v2.16b\n bic v5.8b, v1.8b, v3.8b");
    RUN("orr/orn", "orr v4.16b, v0.16b, v2.16b\n orn v5.16b, v1.16b, v3.16b");
    RUN("eor/mov", "eor v4.16b, v0.16b, v2.16b\n mov v5.8b, v1.8b");
    RUN("bsl", "mov v4.16b, v1.16b\n bsl v4.16b, v0.16b, v2.16b\n"
               " bsl v5.16b, v0.16b, v3.16b");
    RUN("bit/bif", "mov v4.16b, v3.16b\n bit v4.16b, v0.16b, v2.16b\n"
                   " mov v5.16b, v3.16b\n bif v5.8b, v0.8b, v2.8b");
    RUN("shrn", "shrn v4.8b, v0.8h, #4\n shrn v5.4h, v1.4s, #13");
    RUN("shrn2", "shrn2 v4.16b, v0.8h, #1\n shrn2 v5.4s, v1.2d, #31");
    RUN("ext", "ext v4.16b, v0.16b, v2.16b, #5\n ext v5.8b, v1.8b, v3.8b, #7");
    RUN("movi", "movi v4.16b, #0xa5\n movi v5.4s, #0x12, lsl #16");
    RUN("movi h/msl", "movi v4.8h, #0x34, lsl #8\n movi v5.4s, #0x56, msl #16");
    RUN("movi d", "movi v4.2d, #0xff00ff0000ffff00\n movi d5, #0xff");
    RUN("mvni", "mvni v4.4s, #0x0\n mvni v5.4h, #0x7, lsl #8");
    RUN("orr/bic imm", "orr v4.4s, #0x80, lsl #24\n bic v5.8h, #0xff");
    RUN("ld1/st1 lists",
        "mov x9, %2\n st1 {v0.16b-v2.16b}, [x9], #48\n"
        " mov x9, %1\n ld1 {v4.8b, v5.8b}, [x9], #16\n"
        " sub x9, x9, %1\n dup v5.2d, x9");
    /* Three and four registers, post-indexed by a register. */
    fill();
    uint8_t *p = in_a, *q = out;
    __asm__ volatile("mov x10, #8\n ld1 {v28.16b-v31.16b}, [%0], x10\n"
                     "st1 {v29.8b-v31.8b}, [%1], #24\n"
                     : "+r"(p), "+r"(q)
                     :
                     : "x10", "v28", "v29", "v30", "v31", "memory");
    show("ld1 x4/st1 x3");
    put_str(p == in_a + 8 && q == out + 24 ? "post-index ok\n"
                                           : "post-index wrong\n");
    return 0;
}
