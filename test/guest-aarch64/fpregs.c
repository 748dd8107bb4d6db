/* fpregs: the FP/SIMD register file's loads, stores and fmov moves (all
 * the lifter implements of it so far): b/h/s/d/q in every addressing form,
 * pairs, literals, fmov to and from general registers and the upper half;
 * memory and registers read back through general registers. */
#include "nolibc.h"

static uint8_t src[256], dst[256];
/* Initialised data, so the RW segment has file contents. */
static volatile uint64_t seed = 37;

static void fill(void)
{
    for (int i = 0; i < 256; i++) {
        src[i] = (uint8_t)(i * seed + 11);
        dst[i] = 0xee;
    }
}

static uint64_t sum(const uint8_t *p, int n)
{
    uint64_t h = 0;
    for (int i = 0; i < n; i++)
        h = h * 131 + p[i];
    return h;
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    uint64_t lo, hi, a, b;
    uint8_t *s = src, *d = dst;

    fill();
    /* Unsigned offsets, every width; a load zeroes the rest. */
    __asm__ volatile("mvn x9, xzr\n fmov d0, x9\n fmov v0.d[1], x9\n"
                     "ldr b0, [%2, #3]\n fmov %0, d0\n fmov %1, v0.d[1]\n"
                     : "=r"(lo), "=r"(hi) : "r"(s) : "x9", "v0", "memory");
    put_named_hex("ldr b lo", lo);
    put_named_hex("ldr b hi", hi);
    __asm__ volatile("ldr h1, [%2, #6]\n ldr s2, [%2, #12]\n ldr d3, [%2, #24]\n"
                     "ldr q4, [%2, #32]\n"
                     "str h1, [%3, #2]\n str s2, [%3, #8]\n str d3, [%3, #16]\n"
                     "str q4, [%3, #48]\n str b1, [%3, #1]\n"
                     "fmov %w0, s2\n fmov %1, v4.d[1]\n"
                     : "=r"(lo), "=r"(hi)
                     : "r"(s), "r"(d)
                     : "v1", "v2", "v3", "v4", "memory");
    put_named_hex("fmov w s2", lo);
    put_named_hex("q4 upper", hi);
    put_named_hex("dst after unsigned", sum(dst, 80));

    fill();
    /* Unscaled, pre- and post-index, register offsets. */
    uint8_t *p = s + 64, *q = d + 64;
    __asm__ volatile("ldur q5, [%0, #-3]\n stur q5, [%1, #-7]\n"
                     "ldr d6, [%0, #8]!\n str d6, [%1, #16]!\n"
                     "ldr s7, [%0], #-4\n str s7, [%1], #4\n"
                     "ldr q8, [%0, #16]!\n str q8, [%1], #32\n"
                     "ldur h9, [%0, #1]\n stur h9, [%1, #-1]\n"
                     : "+r"(p), "+r"(q)
                     :
                     : "v5", "v6", "v7", "v8", "v9", "memory");
    put_named_hex("p moved", (uint64_t)(p - s));
    put_named_hex("q moved", (uint64_t)(q - d));
    put_named_hex("dst after index", sum(dst, 256));

    fill();
    uint64_t idx = 5;
    uint32_t widx = 0xfffffffe; /* -2 as sxtw */
    __asm__ volatile("ldr q10, [%0, %2, lsl #4]\n str q10, [%1, %2]\n"
                     "ldr d11, [%0, %w3, sxtw #3]\n str d11, [%1, %w3, sxtw]\n"
                     "ldr s12, [%0, %w2, uxtw #2]\n str s12, [%1, %2, lsl #2]\n"
                     "ldr b13, [%0, %2]\n str b13, [%1, %2, lsl #0]\n"
                     "ldr h14, [%0, %2, lsl #1]\n str h14, [%1, %w2, uxtw #1]\n"
                     :
                     : "r"(s + 64), "r"(d + 64), "r"(idx), "r"(widx)
                     : "v10", "v11", "v12", "v13", "v14", "memory");
    put_named_hex("dst after regoff", sum(dst, 256));

    fill();
    /* Pairs, every width and form. */
    p = s + 96;
    q = d + 96;
    __asm__ volatile("ldp q16, q17, [%0, #-32]\n stp q16, q17, [%1, #32]\n"
                     "ldp d18, d19, [%0, #8]!\n stp d19, d18, [%1, #-16]!\n"
                     "ldp s20, s21, [%0], #12\n stp s20, s21, [%1], #-8\n"
                     "ldnp q22, q23, [%0]\n stnp q23, q22, [%1, #64]\n"
                     "ldnp d24, d25, [%0, #16]\n stnp s24, s25, [%1, #-24]\n"
                     "ldp q26, q27, [%0, #32]!\n stp q27, q26, [%1], #-64\n"
                     : "+r"(p), "+r"(q)
                     :
                     : "v16", "v17", "v18", "v19", "v20", "v21", "v22", "v23",
                       "v24", "v25", "v26", "v27", "memory");
    put_named_hex("pair p", (uint64_t)(p - s));
    put_named_hex("pair q", (uint64_t)(q - d));
    put_named_hex("dst after pairs", sum(dst, 256));

    /* Literals and fmov in every direction. */
    __asm__ volatile("b 1f\n .balign 16\n"
                     "2: .quad 0x0123456789abcdef, 0xfedcba9876543210\n"
                     "1: ldr q28, 2b\n ldr d29, 2b + 8\n ldr s30, 2b + 4\n"
                     "fmov %0, v28.d[1]\n fmov %1, d29\n"
                     : "=r"(a), "=r"(b) : : "v28", "v29", "v30");
    put_named_hex("lit q upper", a);
    put_named_hex("lit d", b);
    __asm__ volatile("fmov %w0, s30\n" : "=r"(a) : : "v30");
    put_named_hex("lit s", a);
    __asm__ volatile("mov x9, #0x1111\n movk x9, #0x2222, lsl #48\n"
                     "fmov v31.d[1], x9\n fmov s31, w9\n"
                     "fmov %0, v31.d[1]\n fmov %1, d31\n"
                     : "=r"(a), "=r"(b) : : "x9", "v31");
    put_named_hex("fmov s zeroes upper", a);
    put_named_hex("fmov s low", b);
    __asm__ volatile("mov x9, #-5\n fmov d15, x9\n fmov v15.d[1], xzr\n"
                     "fmov %w0, s15\n fmov %1, v15.d[1]\n"
                     : "=r"(a), "=r"(b) : : "x9", "v15");
    put_named_hex("fmov w s", a);
    put_named_hex("fmov x v.d[1]", b);
    return 0;
}
