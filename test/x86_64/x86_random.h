/*
 * x86_random.h — seeded random x86-64 instruction streams and start
 * states for the differential test of the three tiers (random_diff_x86.c).
 *
 * Instructions are drawn from a table of forms (x86_random_forms.c: ALU,
 * shifts and rotates by 1/imm/cl, mul/imul/div/idiv, bt*, bsf/bsr,
 * cmovcc/setcc, lea, movzx/movsx/movsxd, xchg/xadd/cmpxchg with and
 * without lock, push/pop, 8-bit high registers, 16-bit operands, SSE/SSE2
 * on xmm0-7, MMX on mm0-7) and encoded with Zydis' encoder; short forward jcc/jmp are
 * patched in by hand. Register roles keep memory operands meaningful:
 * rbx/rbp point into the data pages, rsi into the read-only page, rdi into
 * an unmapped hole, rsp into the data pages (push/pop), r15 is a small
 * index; none of them is ever a destination. So accesses mostly work and
 * sometimes fault (read-only, unmapped, far displacements, misaligned SSE).
 */
#ifndef VM_TEST_X86_RANDOM_H
#define VM_TEST_X86_RANDOM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <Zydis/Zydis.h>

#include "x86_64_state.h"

#define XR_MAX_INSNS 24
#define XR_MAX_CODE (XR_MAX_INSNS * 2 * ZYDIS_MAX_INSTRUCTION_LENGTH)

struct xr {
    uint64_t state; /* xorshift64* */
};

void xr_seed(struct xr *g, uint64_t seed);
uint64_t xr_next(struct xr *g);

/* Operand kinds of a form. */
enum xr_kind {
    XK_NONE,
    XK_RW,    /* general register the stream may write (size s) */
    XK_RS,    /* any general register, read only (size s) */
    XK_M,     /* memory of size s */
    XK_RWM,   /* XK_RW or XK_M */
    XK_RSM,   /* XK_RS or XK_M */
    XK_NRSM,  /* register or memory of a narrower size (movzx source) */
    XK_AGEN,  /* memory operand of lea (never accessed) */
    XK_IMM,   /* immediate of size s (sign-extended) */
    XK_IMM8,  /* 0..255 */
    XK_ONE,   /* the immediate 1 */
    XK_CL,
    XK_X,     /* xmm0..xmm7 */
    XK_XM,    /* xmm or memory, memory size as the encoder accepts */
    XK_MT,    /* memory, size as the encoder accepts */
    XK_MM,    /* mm0..mm7 */
    XK_MMM,   /* mm or memory, memory size as the encoder accepts */
};

#define XF_LOCK 1 /* may take a lock prefix when its destination is memory */
#define XF_DIV 2  /* usually preceded by a dividend set-up (no #DE) */

struct xr_form {
    ZydisMnemonic mnemonic;
    uint8_t kind[3];
    uint8_t sizes;  /* bit mask of operand sizes 1, 2, 4, 8 (0: none) */
    uint8_t narrow; /* XK_NRSM's sizes */
    uint8_t flags;
};

extern const struct xr_form xr_forms[];
extern const size_t xr_forms_len;

/* Per-form counts over a run: encoded, and lifted by the lifter. */
struct xr_coverage {
    uint64_t encoded[512], lifted[512];
};

struct xr_code {
    uint64_t pc;
    uint8_t bytes[XR_MAX_CODE];
    size_t len;
    unsigned n_insns;
};

/* Which forms a stream draws from (for triage: one family at a time). */
enum xr_family { XR_ALL, XR_INTEGER, XR_SSE };

/* True for the forms with an xmm or mm operand (the "sse" family). */
bool xr_form_is_sse(const struct xr_form *f);

/* A new stream at pc. Unlifted instructions are mostly redrawn (one in
 * eight is kept, so ILLEGAL exits are tested too). */
void xr_stream(struct xr *g, struct xr_code *c, uint64_t pc,
               enum xr_family family, struct xr_coverage *cov);

/* The fetch callback of x86_lift_block over a struct xr_code. */
const uint8_t *xr_fetch(void *arg, uint64_t pc, uint64_t *avail);

/* Random registers, flag words and xmm with the roles above; mem_base,
 * mem_limit and the rest of ir_ctx are left as they are. */
void xr_state(struct xr *g, struct x86_cpu *cpu);
void xr_memory(struct xr *g, uint8_t *mem, size_t len);

#endif
