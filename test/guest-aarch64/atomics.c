/* atomics: C11-style atomics inline (-mno-outline-atomics: ldaxr/stlxr
 * loops, ldar/stlr) on 8- to 64-bit objects, compare-exchange success and
 * failure, and a hand-written ldxr/stxr counter. */
#include "nolibc.h"

static uint8_t a8 = 250;
static uint16_t a16 = 65530;
static uint32_t a32 = 0xfffffff0u;
static uint64_t a64 = 0x7ffffffffffffff0ull;

static uint64_t excl_add(uint64_t *p, uint64_t v)
{
    uint64_t old, tmp;
    uint32_t fail;
    __asm__ volatile("1: ldxr %0, [%3]\n"
                     " add %1, %0, %4\n"
                     " stxr %w2, %1, [%3]\n"
                     " cbnz %w2, 1b\n"
                     : "=&r"(old), "=&r"(tmp), "=&r"(fail)
                     : "r"(p), "r"(v)
                     : "memory");
    return old;
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    uint64_t h = 0;
    for (int i = 0; i < 20; i++) {
        h = h * 31 + __atomic_fetch_add(&a8, 3, __ATOMIC_SEQ_CST);
        h = h * 31 + __atomic_fetch_sub(&a16, 7, __ATOMIC_ACQ_REL);
        h = h * 31 + __atomic_fetch_xor(&a32, 0x55u << i, __ATOMIC_RELAXED);
        h = h * 31 + __atomic_fetch_or(&a64, 1ull << (i * 3), __ATOMIC_SEQ_CST);
        h = h * 31 + __atomic_exchange_n(&a32, a32 + (uint32_t)i, __ATOMIC_SEQ_CST);
    }
    put_str("fetch ops ");
    put_hex(h);
    put_str("\n");
    uint64_t expected = a64;
    int ok1 = __atomic_compare_exchange_n(&a64, &expected, 42, 0,
                                          __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    expected = 7;
    int ok2 = __atomic_compare_exchange_n(&a64, &expected, 43, 0,
                                          __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    put_str("cas ");
    put_dec(ok1);
    put_str(" ");
    put_dec(ok2);
    put_str(" expected ");
    put_dec((int64_t)expected);
    put_str("\n");
    uint16_t e16 = 1;
    int ok3 = __atomic_compare_exchange_n(&a16, &e16, 9, 0, __ATOMIC_SEQ_CST,
                                          __ATOMIC_SEQ_CST);
    put_str("cas16 ");
    put_dec(ok3);
    put_str(" ");
    put_dec(e16);
    put_str("\n");
    uint64_t counter = 0;
    for (int i = 0; i < 1000; i++)
        excl_add(&counter, (uint64_t)i);
    put_str("exclusive counter ");
    put_dec((int64_t)counter);
    put_str("\nload-acquire ");
    put_dec(__atomic_load_n(&a8, __ATOMIC_ACQUIRE));
    __atomic_store_n(&a32, 77, __ATOMIC_RELEASE);
    put_str(" store-release ");
    put_dec(a32);
    put_str("\n");
    return 0;
}
