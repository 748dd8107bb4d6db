/*
 * x86_64_state.h — the CPU state of an x86-64 guest, as the lifter, the
 * x86 helpers (lib/lift/ir_x86_*.c) and the runtime (guest_x86_64.c,
 * signal frames) see it. No Zydis here: back ends and the runtime include
 * this without the decoder.
 *
 * Each arithmetic flag has an 8-byte word of its own holding 0 or 1, so
 * flag writes are separate GET/PUT slots: the dead-flag pass (lib/opt)
 * deletes a PUT overwritten before it is read, and the tier-1 register
 * cache and tier 2's promoted words treat each flag as a register.
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

/* The arithmetic flags with a word each, plus DF. */
#define X86_FLAGS(X) X(cf, 0) X(pf, 2) X(af, 4) X(zf, 6) X(sf, 7) X(df, 10) X(of, 11)

struct x86_cpu {
    struct ir_ctx ctx;
    uint64_t gpr[16];
    /* Arithmetic flags: 0 or 1 each (bit number in RFLAGS in X86_FLAGS). */
    uint64_t cf, pf, af, zf, sf, df, of;
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

static inline uint64_t x86_rflags(const struct x86_cpu *c)
{
    uint64_t r = X86_RFLAGS_FIXED | (c->rflags_other & X86_RFLAGS_USER_OTHER);
#define X86_FLAG_GET(f, bit) r |= (c->f & 1) << (bit);
    X86_FLAGS(X86_FLAG_GET)
#undef X86_FLAG_GET
    return r;
}

static inline void x86_set_rflags(struct x86_cpu *c, uint64_t r)
{
#define X86_FLAG_SET(f, bit) c->f = (r >> (bit)) & 1;
    X86_FLAGS(X86_FLAG_SET)
#undef X86_FLAG_SET
    c->rflags_other = r & X86_RFLAGS_USER_OTHER;
}

#endif
