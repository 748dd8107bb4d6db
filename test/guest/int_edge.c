/* Integer edge cases of RV64IM: every M-extension op (and the W forms)
 * over a table of boundary operands, computed with inline asm so that
 * division by zero and INT_MIN/-1 are the hardware's defined results rather
 * than C undefined behaviour; shifts by out-of-range amounts; wrapping. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>

typedef uint64_t (*binop_fn)(uint64_t, uint64_t);

#define RV_BINOP(name)                                                        \
    static uint64_t op_##name(uint64_t a, uint64_t b)                         \
    {                                                                         \
        uint64_t r;                                                           \
        __asm__(#name " %0, %1, %2" : "=r"(r) : "r"(a), "r"(b));              \
        return r;                                                             \
    }

RV_BINOP(mul) RV_BINOP(mulh) RV_BINOP(mulhu) RV_BINOP(mulhsu) RV_BINOP(mulw)
RV_BINOP(div) RV_BINOP(divu) RV_BINOP(rem) RV_BINOP(remu)
RV_BINOP(divw) RV_BINOP(divuw) RV_BINOP(remw) RV_BINOP(remuw)
RV_BINOP(sll) RV_BINOP(srl) RV_BINOP(sra) RV_BINOP(sllw) RV_BINOP(srlw)
RV_BINOP(sraw) RV_BINOP(addw) RV_BINOP(subw) RV_BINOP(slt) RV_BINOP(sltu)

static const struct {
    const char *name;
    binop_fn fn;
} ops[] = {
    {"mul", op_mul},       {"mulh", op_mulh},   {"mulhu", op_mulhu},
    {"mulhsu", op_mulhsu}, {"mulw", op_mulw},   {"div", op_div},
    {"divu", op_divu},     {"rem", op_rem},     {"remu", op_remu},
    {"divw", op_divw},     {"divuw", op_divuw}, {"remw", op_remw},
    {"remuw", op_remuw},   {"addw", op_addw},   {"subw", op_subw},
    {"slt", op_slt},       {"sltu", op_sltu},
};

static const uint64_t operands[] = {
    0, 1, UINT64_MAX, (uint64_t)INT64_MIN, INT64_MAX, 0x80000000u,
    0xffffffffu, 0x7fffffffu, 7, (uint64_t)-7, 0x123456789abcdef0u,
};

static const struct {
    const char *name;
    binop_fn fn;
} shifts[] = {
    {"sll", op_sll},   {"srl", op_srl},   {"sra", op_sra},
    {"sllw", op_sllw}, {"srlw", op_srlw}, {"sraw", op_sraw},
};

static const uint64_t shift_amounts[] = {0, 1, 31, 32, 33, 63, 64, 65, 0xffffffffffffffc1u};

static void table_of_binops(void)
{
    const size_t n = sizeof operands / sizeof operands[0];
    for (size_t o = 0; o < sizeof ops / sizeof ops[0]; o++)
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++)
                printf("%s %" PRIx64 " %" PRIx64 " = %" PRIx64 "\n", ops[o].name,
                       operands[i], operands[j], ops[o].fn(operands[i], operands[j]));
}

static void table_of_shifts(void)
{
    const uint64_t values[] = {0x8000000000000001u, 0x0000000080000001u, 0x123456789abcdef0u};
    for (size_t s = 0; s < sizeof shifts / sizeof shifts[0]; s++)
        for (size_t v = 0; v < 3; v++)
            for (size_t k = 0; k < sizeof shift_amounts / sizeof shift_amounts[0]; k++)
                printf("%s %" PRIx64 " by %" PRIu64 " = %" PRIx64 "\n", shifts[s].name,
                       values[v], shift_amounts[k] & 0xff,
                       shifts[s].fn(values[v], shift_amounts[k]));
}

/* The compiler's own lowering of 128-bit products must agree with the
 * explicit mulh* instructions. */
static void int128_agrees_with_mulh(void)
{
    const size_t n = sizeof operands / sizeof operands[0];
    int bad = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            uint64_t a = operands[i], b = operands[j];
            __int128 ss = (__int128)(int64_t)a * (int64_t)b;
            unsigned __int128 uu = (unsigned __int128)a * b;
            __int128 su = (__int128)(int64_t)a * (__int128)(unsigned __int128)b;
            bad += (uint64_t)(ss >> 64) != op_mulh(a, b);
            bad += (uint64_t)(uu >> 64) != op_mulhu(a, b);
            bad += (uint64_t)(su >> 64) != op_mulhsu(a, b);
            bad += (uint64_t)uu != op_mul(a, b);
        }
    printf("int128 products agree with mulh/mulhu/mulhsu: %s (%d mismatches)\n",
           bad ? "no" : "yes", bad);
}

static void immediates_and_wrap(void)
{
    volatile int32_t big = INT32_MAX;
    volatile uint32_t ubig = UINT32_MAX;
    volatile int64_t neg = -5;
    printf("int32 max + 1 wraps to %" PRId32 "\n", (int32_t)((uint32_t)big + 1u));
    printf("uint32 max + 1 = %" PRIu32 "\n", (uint32_t)(ubig + 1u));
    printf("uint64 0 - 1 = %" PRIu64 "\n", (uint64_t)0 - (uint64_t)(neg + 6));
    printf("-5 >> 1 (arith) = %" PRId64 "\n", neg >> 1);
    printf("-5 / 2 = %" PRId64 ", -5 %% 2 = %" PRId64 "\n", neg / 2, neg % 2);
    printf("(uint64)-5 >> 60 = %" PRIu64 "\n", (uint64_t)neg >> 60);
    printf("(int8)200 = %d, (uint8)-1 = %u\n", (int8_t)(uint8_t)(200 + big - INT32_MAX),
           (uint8_t)(neg + 4));
    printf("(int16)0x8000 = %d\n", (int16_t)(uint16_t)(0x8000 + big - INT32_MAX));
    uint64_t lui_val, addiw_val, slliw_val;
    __asm__("lui %0, 0x80000" : "=r"(lui_val));
    __asm__("addiw %0, %1, 1" : "=r"(addiw_val) : "r"((uint64_t)0x7fffffff));
    __asm__("slliw %0, %1, 31" : "=r"(slliw_val) : "r"((uint64_t)3));
    printf("lui 0x80000 = %" PRIx64 "\n", lui_val);
    printf("addiw 0x7fffffff+1 = %" PRIx64 "\n", addiw_val);
    printf("slliw 3<<31 = %" PRIx64 "\n", slliw_val);
}

int main(void)
{
    table_of_binops();
    table_of_shifts();
    int128_agrees_with_mulh();
    immediates_and_wrap();
    return 0;
}
