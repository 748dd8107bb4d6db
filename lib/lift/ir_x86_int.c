/*
 * ir_x86_int.c — helpers of the x86-64 guest's integer instructions:
 * cpuid (from x86_64_features.h) and div/idiv, whose 128-by-64-bit case
 * and #DE checks are simpler in C than in IR.
 */
#include <string.h>

#include "x86_64/x86_64_features.h"
#include "x86_64/x86_64_state.h"

/* "GenuineIntel": glibc's Intel paths read cache sizes from leaves 2 and 4
 * and fall back to its defaults when those are zero, and programs that
 * check the vendor behave as on this (Intel) host. Family 15 model 4
 * (the first 64-bit Intel core) keeps glibc off its family-6 model quirks. */
static const char vendor[12] = "GenuineIntel";
#define X86_CPUID_MAX_BASIC 7u
#define X86_CPUID_MAX_EXTENDED 0x80000001u
#define X86_CPUID_SIGNATURE 0x00000f41u
/* CLFLUSH line 8 * 8 bytes, one logical processor, APIC id 0. */
#define X86_CPUID_LEAF1_EBX 0x00010800u

static void feature_words(uint32_t leaf, uint32_t out[4])
{
#define X86_FEATURE_SET(l, reg, bit, name)                                     \
    if (leaf == (l))                                                           \
        out[reg] |= 1u << (bit);
    X86_FEATURES(X86_FEATURE_SET)
#undef X86_FEATURE_SET
}

uint64_t ir_helper_x86_cpuid(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                             uint64_t c, uint64_t imm)
{
    (void)a, (void)b, (void)c, (void)imm;
    struct x86_cpu *cpu = (struct x86_cpu *)ctx;
    uint32_t leaf = (uint32_t)cpu->gpr[X86_RAX_];
    uint32_t out[4] = {0};
    if (leaf == 0) {
        out[X86_CPUID_EAX] = X86_CPUID_MAX_BASIC;
        memcpy(&out[X86_CPUID_EBX], vendor, 4);
        memcpy(&out[X86_CPUID_EDX], vendor + 4, 4);
        memcpy(&out[X86_CPUID_ECX], vendor + 8, 4);
    } else if (leaf == 0x80000000u) {
        out[X86_CPUID_EAX] = X86_CPUID_MAX_EXTENDED;
    } else if (leaf <= X86_CPUID_MAX_BASIC ||
               (leaf > 0x80000000u && leaf <= X86_CPUID_MAX_EXTENDED)) {
        /* Leaf 7 has subleaves (ecx); only subleaf 0 has feature bits. */
        if (leaf != 7 || (uint32_t)cpu->gpr[X86_RCX_] == 0)
            feature_words(leaf, out);
        if (leaf == 1) {
            out[X86_CPUID_EAX] = X86_CPUID_SIGNATURE;
            out[X86_CPUID_EBX] = X86_CPUID_LEAF1_EBX;
        }
    }
    cpu->gpr[X86_RAX_] = out[X86_CPUID_EAX];
    cpu->gpr[X86_RBX_] = out[X86_CPUID_EBX];
    cpu->gpr[X86_RCX_] = out[X86_CPUID_ECX];
    cpu->gpr[X86_RDX_] = out[X86_CPUID_EDX];
    return 0;
}

/* Writes the low size bytes of v into *reg at bit shift (AH: 8). */
static void merge(uint64_t *reg, uint64_t v, unsigned size, unsigned shift)
{
    uint64_t m = (size >= 8 ? UINT64_MAX : (UINT64_C(1) << (size * 8)) - 1)
                 << shift;
    *reg = (*reg & ~m) | ((v << shift) & m);
}

/* The dividend: AX for bytes, else rDX:rAX of the size. */
static unsigned __int128 dividend(const struct x86_cpu *cpu, unsigned size)
{
    uint64_t lo = cpu->gpr[X86_RAX_], hi = cpu->gpr[X86_RDX_];
    if (size == 1)
        return lo & 0xffff;
    if (size == 8)
        return ((unsigned __int128)hi << 64) | lo;
    unsigned bits = size * 8;
    uint64_t m = (UINT64_C(1) << bits) - 1;
    return ((unsigned __int128)(hi & m) << bits) | (lo & m);
}

static __int128 sign_extend(unsigned __int128 v, unsigned bits)
{
    unsigned sh = 128 - bits;
    return (__int128)(v << sh) >> sh;
}

static void store_result(struct x86_cpu *cpu, unsigned size, uint64_t q,
                         uint64_t r)
{
    switch (size) {
    case 1:
        merge(&cpu->gpr[X86_RAX_], q, 1, 0);
        merge(&cpu->gpr[X86_RAX_], r, 1, 8);
        break;
    case 2:
        merge(&cpu->gpr[X86_RAX_], q, 2, 0);
        merge(&cpu->gpr[X86_RDX_], r, 2, 0);
        break;
    case 4:
        cpu->gpr[X86_RAX_] = (uint32_t)q;
        cpu->gpr[X86_RDX_] = (uint32_t)r;
        break;
    default:
        cpu->gpr[X86_RAX_] = q;
        cpu->gpr[X86_RDX_] = r;
    }
}

uint64_t ir_helper_x86_div(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                           uint64_t c, uint64_t imm)
{
    (void)b, (void)c;
    struct x86_cpu *cpu = (struct x86_cpu *)ctx;
    unsigned size = (unsigned)(imm & 0xff), bits = size * 8;
    bool sign = (imm & 0x100) != 0;
    unsigned __int128 n = dividend(cpu, size);
    uint64_t dmask = size >= 8 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
    if ((a & dmask) == 0)
        return 1;
    /* Fast paths: a dividend that fits 64 bits (xor edx,edx; div and
     * cqo; idiv — what compilers emit) needs no 128-bit division. */
    if (!sign && (uint64_t)(n >> 64) == 0) {
        uint64_t n64 = (uint64_t)n, d = a & dmask, q = n64 / d;
        if (q > dmask)
            return 1;
        store_result(cpu, size, q, n64 % d);
        return 0;
    }
    if (!sign) {
        unsigned __int128 d = a & dmask, q = n / d;
        if (q > dmask)
            return 1;
        store_result(cpu, size, (uint64_t)q, (uint64_t)(n % d));
        return 0;
    }
    __int128 sn = sign_extend(n, size == 1 ? 16 : 2 * bits);
    __int128 sd = sign_extend(a & dmask, bits);
    __int128 min = -((__int128)1 << (bits - 1)), max = -min - 1;
    if (sn >= INT64_MIN && sn <= INT64_MAX) {
        int64_t n64 = (int64_t)sn, d64 = (int64_t)sd;
        if (d64 == -1 && n64 == INT64_MIN)
            return 1; /* 2^63 fits no quotient register */
        int64_t q = n64 / d64;
        if (q < min || q > max)
            return 1;
        store_result(cpu, size, (uint64_t)q, (uint64_t)(n64 % d64));
        return 0;
    }
    if (sd == -1 && sn == -sn && sn != 0)
        return 1; /* the most negative 128-bit dividend */
    __int128 q = sn / sd;
    if (q < min || q > max)
        return 1;
    store_result(cpu, size, (uint64_t)q, (uint64_t)(sn % sd));
    return 0;
}
