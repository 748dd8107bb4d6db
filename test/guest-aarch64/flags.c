/* flags: NZCV after adds, subs, adcs, sbcs, ands, ccmp and ccmn (64- and
 * 32-bit) over edge operands, read back with mrs nzcv, and every
 * condition code's cset after each compare. */
#include "nolibc.h"

static const uint64_t edge[] = {
    0, 1, 2, 0x7f, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000,
    0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff,
    0xfffffffffffffffe, 0x8000000000000001, 0x123456789abcdef0};
#define N_EDGE (sizeof(edge) / sizeof(edge[0]))

#define FLAGS_OP(name, insn, carry_in)                                         \
    static uint64_t name(uint64_t a, uint64_t b)                               \
    {                                                                          \
        uint64_t r, nzcv;                                                      \
        __asm__("msr nzcv, %3\n " insn "\n mrs %1, nzcv"                       \
                : "=&r"(r), "=r"(nzcv)                                         \
                : "r"(a), "r"((uint64_t)(carry_in) << 29), "r"(b)              \
                : "cc");                                                       \
        return nzcv >> 28 | (r & 0xff) << 4;                                   \
    }

FLAGS_OP(adds_x, "adds %0, %2, %4", 0)
FLAGS_OP(adds_w, "adds %w0, %w2, %w4", 0)
FLAGS_OP(subs_x, "subs %0, %2, %4", 0)
FLAGS_OP(subs_w, "subs %w0, %w2, %w4", 0)
FLAGS_OP(adcs0_x, "adcs %0, %2, %4", 0)
FLAGS_OP(adcs1_x, "adcs %0, %2, %4", 1)
FLAGS_OP(adcs1_w, "adcs %w0, %w2, %w4", 1)
FLAGS_OP(sbcs0_x, "sbcs %0, %2, %4", 0)
FLAGS_OP(sbcs1_x, "sbcs %0, %2, %4", 1)
FLAGS_OP(sbcs0_w, "sbcs %w0, %w2, %w4", 0)
FLAGS_OP(ands_x, "ands %0, %2, %4", 1)
FLAGS_OP(ands_w, "ands %w0, %w2, %w4", 1)
FLAGS_OP(ccmp_eq, "cmp %2, #0\n ccmp %2, %4, #0xa, eq\n mov %0, #0", 0)
FLAGS_OP(ccmp_ne_w, "cmp %2, #0\n ccmp %w2, %w4, #0x5, ne\n mov %0, #0", 0)
FLAGS_OP(ccmn_imm, "cmp %4, %2\n ccmn %2, #7, #0x3, lt\n mov %0, #0", 0)
FLAGS_OP(subs_imm, "subs %0, %2, #0xfff", 0)
FLAGS_OP(adds_imm_w, "adds %w0, %w2, #1, lsl #12", 0)
FLAGS_OP(negs_x, "negs %0, %4", 0)

#define COND(c) "cset %w0, " #c "\n orr %1, %1, %0, lsl " #c "_bit\n"
/* Each condition's result, bit i for condition i, after cmp a, b. */
static uint64_t conds(uint64_t a, uint64_t b)
{
    uint64_t t, mask = 0;
    __asm__(".set eq_bit, 0\n .set ne_bit, 1\n .set cs_bit, 2\n"
            " .set cc_bit, 3\n .set mi_bit, 4\n .set pl_bit, 5\n"
            " .set vs_bit, 6\n .set vc_bit, 7\n .set hi_bit, 8\n"
            " .set ls_bit, 9\n .set ge_bit, 10\n .set lt_bit, 11\n"
            " .set gt_bit, 12\n .set le_bit, 13\n"
            " cmp %2, %3\n" COND(eq) COND(ne) COND(cs) COND(cc) COND(mi)
                COND(pl) COND(vs) COND(vc) COND(hi) COND(ls) COND(ge) COND(lt)
                    COND(gt) COND(le)
            : "=&r"(t), "+r"(mask)
            : "r"(a), "r"(b)
            : "cc");
    return mask;
}

/* Branch forms of the same conditions (b.cond, cbz, tbnz). */
static uint64_t branches(uint64_t a, uint64_t b)
{
    uint64_t m = 0;
    if ((int64_t)a < (int64_t)b) m |= 1;
    if (a < b) m |= 2;
    if ((int32_t)a <= (int32_t)b) m |= 4;
    if ((uint32_t)a > (uint32_t)b) m |= 8;
    if (a == b) m |= 16;
    if (!a) m |= 32;
    if (a & (1ull << 63)) m |= 64;
    if (b & (1u << 7)) m |= 128;
    return m;
}

struct op { const char *name; uint64_t (*fn)(uint64_t, uint64_t); };
static const struct op ops[] = {
    {"adds_x", adds_x}, {"adds_w", adds_w}, {"subs_x", subs_x},
    {"subs_w", subs_w}, {"adcs0_x", adcs0_x}, {"adcs1_x", adcs1_x},
    {"adcs1_w", adcs1_w}, {"sbcs0_x", sbcs0_x}, {"sbcs1_x", sbcs1_x},
    {"sbcs0_w", sbcs0_w}, {"ands_x", ands_x}, {"ands_w", ands_w},
    {"ccmp_eq", ccmp_eq}, {"ccmp_ne_w", ccmp_ne_w}, {"ccmn_imm", ccmn_imm},
    {"subs_imm", subs_imm}, {"adds_imm_w", adds_imm_w}, {"negs_x", negs_x},
    {"conds", conds}, {"branches", branches},
};

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    for (size_t k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
        put_str(ops[k].name);
        for (size_t i = 0; i < N_EDGE; i++) {
            uint64_t row = 0;
            for (size_t j = 0; j < N_EDGE; j++)
                row = row * 0x9e3779b97f4a7c15ull + ops[k].fn(edge[i], edge[j]);
            put_str(i % 4 ? " " : "\n  ");
            put_hex(row);
        }
        put_str("\n");
    }
    return 0;
}
