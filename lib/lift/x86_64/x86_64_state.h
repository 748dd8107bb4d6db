/*
 * x86_64_state.h — the CPU state of an x86-64 guest, as the lifter, the
 * x86 helpers (lib/lift/ir_x86_*.c) and the runtime (guest_x86_64.c,
 * signal frames) see it. No Zydis here: back ends and the runtime include
 * this without the decoder.
 *
 * The arithmetic flags are kept as *sources* from which each flag is a
 * fixed short formula (x86_flag_bits below), not as 0/1 bits: an add or a
 * cmp writes copies of its operands and result, and a flag is computed
 * only where something reads it (jcc, pushf, a signal frame). Every
 * encoding is exact at every point, with no "which operation was last"
 * selector, so a fault, a signal or the start of any block sees exact
 * flags without help. Each source is an 8-byte GET/PUT slot: the
 * dead-flag pass (lib/opt) deletes a PUT overwritten before it is read.
 * RFLAGS as a whole exists only when pushf, a signal frame or ptrace-like
 * code asks for it (x86_rflags / x86_set_rflags).
 */
#ifndef VM_X86_64_STATE_H
#define VM_X86_64_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "ir.h"

/* General registers in encoding order (Zydis' RAX..R15 map onto these). */
enum x86_gpr {
    X86_RAX_, X86_RCX_, X86_RDX_, X86_RBX_, X86_RSP_, X86_RBP_, X86_RSI_,
    X86_RDI_, X86_R8_, X86_R9_, X86_R10_, X86_R11_, X86_R12_, X86_R13_,
    X86_R14_, X86_R15_,
};

/*
 * The flag words (X86_FLAG_WORDS order is the dead-flag pass's):
 *   cf      CF = cf (0 or 1)
 *   zf_src  ZF = (zf_src == 0)          an add writes its result
 *   pf_src  PF = parity(low byte)       the result again
 *   sf_src  SF = bit 63                 the result, sign-extended to 64
 *   of_a    OF = bit 63 of (of_a ^ sf_src) & (of_b ^ sf_src)
 *   of_b    AF = bit 4 of of_a ^ of_b ^ sf_src
 *   df      DF = df (0 or 1)
 * a + b (with or without a carry in) writes of_a = a, of_b = b, both
 * sign-extended; a - b writes of_b = b with bit 63 flipped, which gives
 * the subtraction's overflow and leaves bit 4 (AF = bit 4 of a ^ b ^ r).
 */
#define X86_FLAG_WORDS(X) X(cf) X(zf_src) X(pf_src) X(sf_src) X(of_a) X(of_b) X(df)

/* RFLAGS bit numbers of the arithmetic flags and DF. */
enum x86_rflags_bit {
    X86_RF_CF = 0, X86_RF_PF = 2, X86_RF_AF = 4, X86_RF_ZF = 6, X86_RF_SF = 7,
    X86_RF_DF = 10, X86_RF_OF = 11,
};
#define X86_RFLAGS_ARITH 0x8d5ull /* CF PF AF ZF SF OF */

struct x86_cpu {
    struct ir_ctx ctx;
    uint64_t gpr[16];
    /* Arithmetic flag sources and DF (X86_FLAG_WORDS). */
    uint64_t cf, zf_src, pf_src, sf_src, of_a, of_b, df;
    /* RFLAGS bits other than the ones above that a guest can set with
     * popf (AC, ID); bit 1 (always 1) and IF are added by x86_rflags. */
    uint64_t rflags_other;
    uint64_t fs_base, gs_base;
    uint32_t mxcsr;
    uint32_t pad0;
    /* XMM registers, little-endian lanes; then a 16-byte scratch the
     * lifter fills with a memory operand before a packed helper call. */
    uint8_t xmm[16][16] __attribute__((aligned(16)));
    uint8_t xtmp[16] __attribute__((aligned(16)));
    /* x87 (P7): physical registers as 80-bit values in 16-byte slots,
     * control/status/tag words and the top of stack. */
    uint8_t st[8][16] __attribute__((aligned(16)));
    uint16_t fcw, fsw, ftw;
    uint8_t ftop;
    uint8_t pad1;
    /* cmpxchg16b's IR CAS16 scratch: comparand rdx:rax, then rcx:rbx
     * (each low qword first); the comparand is replaced by memory's. */
    uint8_t cas16[32] __attribute__((aligned(16)));
};

#define X86_GPR_OFF(n) (offsetof(struct x86_cpu, gpr) + 8 * (size_t)(n))
#define X86_FLAG_OFF(f) offsetof(struct x86_cpu, f)
#define X86_XMM_OFF(n) (offsetof(struct x86_cpu, xmm) + 16 * (size_t)(n))
#define X86_XTMP_OFF offsetof(struct x86_cpu, xtmp)
#define X86_CAS16_OFF offsetof(struct x86_cpu, cas16)
#define X86_MXCSR_OFF offsetof(struct x86_cpu, mxcsr)
#define X86_FS_BASE_OFF offsetof(struct x86_cpu, fs_base)
#define X86_GS_BASE_OFF offsetof(struct x86_cpu, gs_base)

/* MXCSR after reset and as Linux starts a process: all exceptions masked. */
#define X86_MXCSR_DEFAULT 0x1f80u
/* x87 control word as Linux starts a process (finit). */
#define X86_FCW_DEFAULT 0x037fu

/* RFLAGS bits popf may change in user mode besides the flags above:
 * TF (8) is refused, IF/IOPL stay as the kernel keeps them. */
#define X86_RFLAGS_AC (1ull << 18)
#define X86_RFLAGS_ID (1ull << 21)
#define X86_RFLAGS_USER_OTHER (X86_RFLAGS_AC | X86_RFLAGS_ID)
#define X86_RFLAGS_FIXED 0x202ull /* bit 1 and IF */

/* CF PF AF ZF SF OF and DF as RFLAGS bits, from the flag words. */
static inline uint64_t x86_flag_bits(const struct x86_cpu *c)
{
    uint64_t sf = c->sf_src;
    uint64_t of = ((c->of_a ^ sf) & (c->of_b ^ sf)) >> 63;
    uint64_t af = ((c->of_a ^ c->of_b ^ sf) >> 4) & 1;
    uint64_t pf = !__builtin_parityll(c->pf_src & 0xff);
    return (c->cf & 1) << X86_RF_CF | pf << X86_RF_PF | af << X86_RF_AF |
           (uint64_t)(c->zf_src == 0) << X86_RF_ZF | (sf >> 63) << X86_RF_SF |
           (c->df & 1) << X86_RF_DF | of << X86_RF_OF;
}

static inline uint64_t x86_rflags(const struct x86_cpu *c)
{
    return X86_RFLAGS_FIXED | (c->rflags_other & X86_RFLAGS_USER_OTHER) |
           x86_flag_bits(c);
}

/* The flag words for RFLAGS value r (the encoding of a value, not of an
 * operation: sf_src = SF << 63, of_b = sf_src ^ OF << 63, of_a = of_b ^
 * AF << 4). */
static inline void x86_set_rflags(struct x86_cpu *c, uint64_t r)
{
    c->cf = (r >> X86_RF_CF) & 1;
    c->zf_src = !((r >> X86_RF_ZF) & 1);
    c->pf_src = !((r >> X86_RF_PF) & 1);
    c->sf_src = ((r >> X86_RF_SF) & 1) << 63;
    c->of_b = c->sf_src ^ (((r >> X86_RF_OF) & 1) << 63);
    c->of_a = c->of_b ^ (((r >> X86_RF_AF) & 1) << 4);
    c->df = (r >> X86_RF_DF) & 1;
    c->rflags_other = r & X86_RFLAGS_USER_OTHER;
}

/* One flag (bit: X86_RF_*) as 0/1, and setting it alone (tests, tools). */
static inline unsigned x86_flag(const struct x86_cpu *c, unsigned bit)
{
    return (unsigned)(x86_flag_bits(c) >> bit) & 1;
}

static inline void x86_set_flag(struct x86_cpu *c, unsigned bit, unsigned v)
{
    x86_set_rflags(c, (x86_rflags(c) & ~(1ull << bit)) |
                          (uint64_t)(v & 1) << bit);
}

#endif
