/* The A extension: LR/SC retry loops written in inline asm (including an
 * SC that must fail), every AMO in .w and .d form with operands that make
 * signed and unsigned min/max disagree, and C11 <stdatomic.h> operations,
 * whose 8- and 16-bit forms the compiler lowers to masked LR/SC loops. */
#include <inttypes.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>

static uint64_t lr_sc_add_d(volatile uint64_t *p, uint64_t inc)
{
    uint64_t old, tmp, fail;
    __asm__ volatile("1: lr.d.aq %0, (%3)\n\t"
                     "add %1, %0, %4\n\t"
                     "sc.d.rl %2, %1, (%3)\n\t"
                     "bnez %2, 1b"
                     : "=&r"(old), "=&r"(tmp), "=&r"(fail)
                     : "r"(p), "r"(inc)
                     : "memory");
    return old;
}

static uint32_t lr_sc_cas_w(volatile uint32_t *p, uint32_t expect, uint32_t desired)
{
    uint32_t old;
    uint64_t fail;
    __asm__ volatile("1: lr.w %0, (%2)\n\t"
                     "bne %0, %3, 2f\n\t"
                     "sc.w %1, %4, (%2)\n\t"
                     "bnez %1, 1b\n"
                     "2:"
                     : "=&r"(old), "=&r"(fail)
                     : "r"(p), "r"((int64_t)(int32_t)expect), "r"(desired)
                     : "memory");
    return old;
}

static void lr_sc(void)
{
    volatile uint64_t counter = 0;
    for (int i = 1; i <= 100; i++)
        lr_sc_add_d(&counter, (uint64_t)i);
    printf("lr/sc add loop sum 1..100 = %" PRIu64 "\n", counter);

    volatile uint32_t word = 0x80000000u;
    uint32_t seen = lr_sc_cas_w(&word, 0x80000000u, 7);
    printf("lr.w/sc.w cas success: old=%08" PRIx32 " now=%" PRIu32 "\n", seen, word);
    seen = lr_sc_cas_w(&word, 5, 9);
    printf("lr.w/sc.w cas mismatch: old=%" PRIu32 " now=%" PRIu32 "\n", seen, word);

    int64_t lr_value;
    __asm__ volatile("lr.w %0, (%1)" : "=r"(lr_value) : "r"(&word) : "memory");
    volatile uint32_t wneg = 0xfffffff0u;
    __asm__ volatile("lr.w %0, (%1)" : "=r"(lr_value) : "r"(&wneg) : "memory");
    printf("lr.w sign-extends: %016" PRIx64 "\n", (uint64_t)lr_value);

    /* An SC to an address other than the reserved one must fail and must
     * not store. */
    volatile uint64_t a = 1, b = 2;
    uint64_t tmp, fail;
    __asm__ volatile("lr.d %0, (%2)\n\tsc.d %1, %3, (%4)"
                     : "=&r"(tmp), "=&r"(fail)
                     : "r"(&a), "r"((uint64_t)99), "r"(&b)
                     : "memory");
    printf("sc.d to unreserved address fails: %s, target unchanged: %s\n",
           fail != 0 ? "yes" : "no", b == 2 ? "yes" : "no");
}

#define AMO(op, width, type)                                                   \
    static uint64_t amo##op##_##width(volatile type *p, uint64_t v)            \
    {                                                                          \
        int64_t old;                                                           \
        __asm__ volatile("amo" #op "." #width " %0, %2, (%1)"                  \
                         : "=r"(old) : "r"(p), "r"(v) : "memory");             \
        return (uint64_t)old;                                                  \
    }
AMO(swap, w, uint32_t) AMO(add, w, uint32_t) AMO(xor, w, uint32_t)
AMO(and, w, uint32_t) AMO(or, w, uint32_t) AMO(min, w, uint32_t)
AMO(max, w, uint32_t) AMO(minu, w, uint32_t) AMO(maxu, w, uint32_t)
AMO(swap, d, uint64_t) AMO(add, d, uint64_t) AMO(xor, d, uint64_t)
AMO(and, d, uint64_t) AMO(or, d, uint64_t) AMO(min, d, uint64_t)
AMO(max, d, uint64_t) AMO(minu, d, uint64_t) AMO(maxu, d, uint64_t)

static void amos(void)
{
    const struct { const char *name; uint64_t (*fn)(volatile uint32_t *, uint64_t); } w[] = {
        {"amoswap.w", amoswap_w}, {"amoadd.w", amoadd_w}, {"amoxor.w", amoxor_w},
        {"amoand.w", amoand_w},   {"amoor.w", amoor_w},   {"amomin.w", amomin_w},
        {"amomax.w", amomax_w},   {"amominu.w", amominu_w}, {"amomaxu.w", amomaxu_w},
    };
    const struct { const char *name; uint64_t (*fn)(volatile uint64_t *, uint64_t); } d[] = {
        {"amoswap.d", amoswap_d}, {"amoadd.d", amoadd_d}, {"amoxor.d", amoxor_d},
        {"amoand.d", amoand_d},   {"amoor.d", amoor_d},   {"amomin.d", amomin_d},
        {"amomax.d", amomax_d},   {"amominu.d", amominu_d}, {"amomaxu.d", amomaxu_d},
    };
    const uint32_t wmem[] = {0xfffffff0u, 5, 0x7fffffffu};
    const uint64_t wsrc[] = {3, 0xffffffff80000001u, 0x1234567800000010u};
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
        for (size_t m = 0; m < 3; m++)
            for (size_t s = 0; s < 3; s++) {
                volatile uint32_t cell = wmem[m];
                uint64_t old = w[i].fn(&cell, wsrc[s]);
                printf("%s mem=%08" PRIx32 " src=%016" PRIx64 " -> old=%016" PRIx64
                       " new=%08" PRIx32 "\n", w[i].name, wmem[m], wsrc[s], old, cell);
            }
    const uint64_t dmem[] = {0xfffffffffffffff0u, 5, 0x8000000000000000u};
    const uint64_t dsrc[] = {3, 0x7fffffffffffffffu, 0xfffffffffffffffeu};
    for (size_t i = 0; i < sizeof d / sizeof d[0]; i++)
        for (size_t m = 0; m < 3; m++)
            for (size_t s = 0; s < 3; s++) {
                volatile uint64_t cell = dmem[m];
                uint64_t old = d[i].fn(&cell, dsrc[s]);
                printf("%s mem=%016" PRIx64 " src=%016" PRIx64 " -> old=%016" PRIx64
                       " new=%016" PRIx64 "\n", d[i].name, dmem[m], dsrc[s], old, cell);
            }
    /* rd = x0 form: the store still happens. */
    volatile uint64_t cell = 40;
    __asm__ volatile("amoadd.d zero, %1, (%0)" : : "r"(&cell), "r"((uint64_t)2) : "memory");
    printf("amoadd.d with rd=zero stores: %" PRIu64 "\n", cell);
}

static void c11(void)
{
    _Atomic int64_t counter = 10;
    _Atomic uint8_t byte = 250;
    _Atomic int16_t half = -3;
    _Atomic uint32_t flags = 0x0f;
    atomic_flag flag = ATOMIC_FLAG_INIT;

    printf("fetch_add old=%" PRId64 "\n", atomic_fetch_add(&counter, 5));
    printf("fetch_sub old=%" PRId64 "\n", atomic_fetch_sub(&counter, 20));
    printf("load=%" PRId64 "\n", atomic_load(&counter));
    int64_t expected = -5;
    int ok = atomic_compare_exchange_strong(&counter, &expected, 100);
    printf("cas(-5->100) ok=%d value=%" PRId64 "\n", ok, atomic_load(&counter));
    expected = 7;
    ok = atomic_compare_exchange_strong(&counter, &expected, 1);
    printf("cas(7->1) ok=%d expected now=%" PRId64 "\n", ok, expected);
    expected = 100;
    while (!atomic_compare_exchange_weak(&counter, &expected, 200))
        ;
    printf("weak cas loop value=%" PRId64 "\n", atomic_load(&counter));
    printf("exchange old=%" PRId64 " ", atomic_exchange(&counter, -1));
    printf("new=%" PRId64 "\n", atomic_load(&counter));

    printf("u8 fetch_add(10) old=%u new=%u\n", atomic_fetch_add(&byte, 10), atomic_load(&byte));
    printf("i16 fetch_sub(32767) old=%d new=%d\n", atomic_fetch_sub(&half, 32767),
           atomic_load(&half));
    printf("u32 fetch_or(0xf0) old=%" PRIx32 " ", atomic_fetch_or(&flags, 0xf0));
    printf("fetch_and(0x3c) old=%" PRIx32 " ", atomic_fetch_and(&flags, 0x3c));
    printf("fetch_xor(0xff) old=%" PRIx32 " final=%" PRIx32 "\n", atomic_fetch_xor(&flags, 0xff),
           atomic_load(&flags));
    printf("flag test_and_set first=%d second=%d", atomic_flag_test_and_set(&flag),
           atomic_flag_test_and_set(&flag));
    atomic_flag_clear(&flag);
    printf(" after clear=%d\n", atomic_flag_test_and_set(&flag));
    atomic_thread_fence(memory_order_seq_cst);
    printf("lock free 1/2/4/8: %d %d %d %d\n", atomic_is_lock_free(&byte),
           atomic_is_lock_free(&half), atomic_is_lock_free(&flags), atomic_is_lock_free(&counter));
}

int main(void)
{
    lr_sc();
    amos();
    c11();
    return 0;
}
