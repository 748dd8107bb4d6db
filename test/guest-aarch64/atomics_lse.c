/* atomics_lse: the ARMv8.1 LSE atomics (built -march=armv8.1-a, so GCC
 * emits ldadd/ldclr/ldeor/ldset/swp/cas inline), plus inline asm for the
 * signed and unsigned min/max on 8- to 64-bit objects, the st<op> forms
 * and cas failure. */
#include "nolibc.h"

static uint8_t b8 = 0x7e;
static uint16_t h16 = 0x8001;
static uint32_t w32 = 0x80000000u;
static uint64_t x64 = 5;

#define MINMAX(name, insn, type, reg)                                          \
    static uint64_t name(type *p, uint64_t v)                                  \
    {                                                                          \
        uint64_t old;                                                          \
        __asm__ volatile(insn " %" reg "1, %" reg "0, [%2]"                    \
                         : "=&r"(old)                                          \
                         : "r"(v), "r"(p)                                      \
                         : "memory");                                          \
        return old;                                                            \
    }

MINMAX(smaxb, "ldsmaxalb", uint8_t, "w")
MINMAX(sminh, "ldsminh", uint16_t, "w")
MINMAX(umaxw, "ldumaxl", uint32_t, "w")
MINMAX(uminx, "lduminal", uint64_t, "x")
MINMAX(smaxw, "ldsmax", uint32_t, "w")
MINMAX(clrh, "ldclrah", uint16_t, "w")

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    uint64_t h = 0;
    for (int i = 0; i < 16; i++) {
        h = h * 31 + __atomic_fetch_add(&b8, 0x11, __ATOMIC_SEQ_CST);
        h = h * 31 + __atomic_fetch_and(&h16, ~(1u << i), __ATOMIC_ACQUIRE);
        h = h * 31 + __atomic_fetch_xor(&w32, 0x9u << i, __ATOMIC_RELEASE);
        h = h * 31 + __atomic_fetch_or(&x64, 1ull << (4 * i), __ATOMIC_RELAXED);
        h = h * 31 + __atomic_exchange_n(&h16, (uint16_t)(h16 * 3 + 1),
                                         __ATOMIC_SEQ_CST);
    }
    put_named_hex("fetch ops", h);
    put_named_hex("smaxb", smaxb(&b8, 0x90));   /* -112 < b8 as signed? */
    put_named_hex("b8", b8);
    put_named_hex("sminh", sminh(&h16, 0x7fff));
    put_named_hex("h16", h16);
    put_named_hex("umaxw", umaxw(&w32, 0x7fffffff));
    put_named_hex("w32", w32);
    put_named_hex("uminx", uminx(&x64, 0x123));
    put_named_hex("x64", x64);
    put_named_hex("smaxw", smaxw(&w32, 0xfffffff0u));
    put_named_hex("w32", w32);
    put_named_hex("clrh", clrh(&h16, 0xff0f));
    put_named_hex("h16", h16);
    __asm__ volatile("staddl %w0, [%1]" ::"r"(7), "r"(&w32) : "memory");
    __asm__ volatile("stsetb %w0, [%1]" ::"r"(0x80), "r"(&b8) : "memory");
    put_named_hex("stadd w32", w32);
    put_named_hex("stset b8", b8);
    uint64_t expected = x64;
    int ok = __atomic_compare_exchange_n(&x64, &expected, 99, 0,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    uint16_t e16 = 3;
    int ok16 = __atomic_compare_exchange_n(&h16, &e16, 4, 0, __ATOMIC_ACQ_REL,
                                           __ATOMIC_ACQUIRE);
    put_named_hex("cas ok", (uint64_t)ok << 32 | (uint64_t)ok16);
    put_named_hex("cas x64", x64);
    put_named_hex("cas16 seen", e16);
    return 0;
}
