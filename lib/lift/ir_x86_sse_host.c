/*
 * ir_x86_sse_host.c — the x86_sse helper ops that are one host SSE
 * instruction (ir_host_sse.h): the guest's instruction itself, run on the
 * host while the guest's MXCSR has the host's control bits (round to
 * nearest, every exception masked, no DAZ/FTZ), so rounding, NaN
 * propagation and exception flags are the hardware's by construction.
 */
#include "ir_host_sse.h"
#include "x86_64/x86_64_sse.h"
#include "x86_64/x86_64_state.h"

/* MXCSR without its six sticky flags must be the host's default. */
#define MXCSR_CONTROL_MASK 0xffc0u

/* X(op, kind, prefix, opcode, width, src_width, AT&T mnemonic) */
#define X86_SSE_HOST_OPS(X)                                                   \
    X(ADDSD, BINARY, 0xf2, 0x58, 8, 8, "addsd")                               \
    X(SUBSD, BINARY, 0xf2, 0x5c, 8, 8, "subsd")                               \
    X(MULSD, BINARY, 0xf2, 0x59, 8, 8, "mulsd")                               \
    X(DIVSD, BINARY, 0xf2, 0x5e, 8, 8, "divsd")                               \
    X(MINSD, BINARY, 0xf2, 0x5d, 8, 8, "minsd")                               \
    X(MAXSD, BINARY, 0xf2, 0x5f, 8, 8, "maxsd")                               \
    X(ADDSS, BINARY, 0xf3, 0x58, 4, 4, "addss")                               \
    X(SUBSS, BINARY, 0xf3, 0x5c, 4, 4, "subss")                               \
    X(MULSS, BINARY, 0xf3, 0x59, 4, 4, "mulss")                               \
    X(DIVSS, BINARY, 0xf3, 0x5e, 4, 4, "divss")                               \
    X(MINSS, BINARY, 0xf3, 0x5d, 4, 4, "minss")                               \
    X(MAXSS, BINARY, 0xf3, 0x5f, 4, 4, "maxss")                               \
    X(ADDPD, BINARY, 0x66, 0x58, 16, 16, "addpd")                             \
    X(SUBPD, BINARY, 0x66, 0x5c, 16, 16, "subpd")                             \
    X(MULPD, BINARY, 0x66, 0x59, 16, 16, "mulpd")                             \
    X(DIVPD, BINARY, 0x66, 0x5e, 16, 16, "divpd")                             \
    X(MINPD, BINARY, 0x66, 0x5d, 16, 16, "minpd")                             \
    X(MAXPD, BINARY, 0x66, 0x5f, 16, 16, "maxpd")                             \
    X(ADDPS, BINARY, 0x00, 0x58, 16, 16, "addps")                             \
    X(SUBPS, BINARY, 0x00, 0x5c, 16, 16, "subps")                             \
    X(MULPS, BINARY, 0x00, 0x59, 16, 16, "mulps")                             \
    X(DIVPS, BINARY, 0x00, 0x5e, 16, 16, "divps")                             \
    X(MINPS, BINARY, 0x00, 0x5d, 16, 16, "minps")                             \
    X(MAXPS, BINARY, 0x00, 0x5f, 16, 16, "maxps")                             \
    X(SQRTSD, UNARY, 0xf2, 0x51, 8, 8, "sqrtsd")                              \
    X(SQRTSS, UNARY, 0xf3, 0x51, 4, 4, "sqrtss")                              \
    X(SQRTPD, UNARY, 0x66, 0x51, 16, 16, "sqrtpd")                            \
    X(SQRTPS, UNARY, 0x00, 0x51, 16, 16, "sqrtps")                            \
    X(CVTSS2SD, UNARY, 0xf3, 0x5a, 8, 4, "cvtss2sd")                          \
    X(CVTSD2SS, UNARY, 0xf2, 0x5a, 4, 8, "cvtsd2ss")                          \
    X(CVTPS2PD, UNARY, 0x00, 0x5a, 16, 8, "cvtps2pd")                         \
    X(CVTPD2PS, UNARY, 0x66, 0x5a, 16, 16, "cvtpd2ps")                        \
    X(CVTDQ2PS, UNARY, 0x00, 0x5b, 16, 16, "cvtdq2ps")                        \
    X(CVTPS2DQ, UNARY, 0x66, 0x5b, 16, 16, "cvtps2dq")                        \
    X(CVTTPS2DQ, UNARY, 0xf3, 0x5b, 16, 16, "cvttps2dq")                      \
    X(CVTDQ2PD, UNARY, 0xf3, 0xe6, 16, 8, "cvtdq2pd")                         \
    X(CVTPD2DQ, UNARY, 0xf2, 0xe6, 16, 16, "cvtpd2dq")                        \
    X(CVTTPD2DQ, UNARY, 0x66, 0xe6, 16, 16, "cvttpd2dq")                      \
    X(UCOMISD, COMPARE, 0x66, 0x2e, 8, 8, "ucomisd")                          \
    X(COMISD, COMPARE, 0x66, 0x2f, 8, 8, "comisd")                            \
    X(UCOMISS, COMPARE, 0x00, 0x2e, 4, 4, "ucomiss")                          \
    X(COMISS, COMPARE, 0x00, 0x2f, 4, 4, "comiss")                            \
    X(CVTSI2SD, FROM_INT, 0xf2, 0x2a, 8, 0, "cvtsi2sd")                       \
    X(CVTSI2SS, FROM_INT, 0xf3, 0x2a, 4, 0, "cvtsi2ss")                       \
    X(CVTTSD2SI, TO_INT, 0xf2, 0x2c, 0, 8, "cvttsd2si")                       \
    X(CVTSD2SI, TO_INT, 0xf2, 0x2d, 0, 8, "cvtsd2si")                         \
    X(CVTTSS2SI, TO_INT, 0xf3, 0x2c, 0, 4, "cvttss2si")                       \
    X(CVTSS2SI, TO_INT, 0xf3, 0x2d, 0, 4, "cvtss2si")

struct host_form {
    bool present;
    uint8_t kind, prefix, opcode, width, src_width;
    const char *mnemonic;
};

static const struct host_form host_forms[X86_SSE_NUM_OPS] = {
#define HOST_FORM(op, kind, prefix, opcode, width, src_width, mnemonic)       \
    [X86_SSE_##op] = {true, IR_HOST_SSE_##kind, prefix, opcode, width,        \
                      src_width, mnemonic},
    X86_SSE_HOST_OPS(HOST_FORM)
#undef HOST_FORM
};

bool ir_host_sse_form(const struct ir_insn *in, struct ir_host_sse *f)
{
    if (in->op != IR_CALL || in->aux != IR_H_x86_sse)
        return false;
    unsigned op = in->imm & 0xffff;
    if (op >= X86_SSE_NUM_OPS || !host_forms[op].present)
        return false;
    const struct host_form *h = &host_forms[op];
    unsigned imm8 = (in->imm >> 48) & 0xff;
    *f = (struct ir_host_sse){
        .kind = h->kind, .prefix = h->prefix, .opcode = h->opcode,
        .width = h->width, .src_width = h->src_width,
        .int_size = imm8 == 8 ? 8 : 4, .mnemonic = h->mnemonic,
        .dst_off = (in->imm >> 16) & 0xffff,
        .src_off = (in->imm >> 32) & 0xffff,
        .guard_off = X86_MXCSR_OFF, .guard_mask = MXCSR_CONTROL_MASK,
        .guard_value = X86_MXCSR_DEFAULT,
    };
    return true;
}
