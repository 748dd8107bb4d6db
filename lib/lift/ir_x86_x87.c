/*
 * ir_x86_x87.c — the x86_x87 helper: decodes the call's imm (op, st(i),
 * pops; x86_64_x87.h), feeds the op's register operands to its host
 * instruction (ir_x86_x87_host.c) and applies the op's form to the guest's
 * register stack, tags and status word.
 *
 * Stack faults give the masked response (the indefinite QNaN, IE and SF
 * set, C1 = overflow). The host always runs with every exception masked:
 * a guest that unmasks one gets the masked result, its sticky flag and
 * ES/B set, but no SIGFPE.
 */
#include <string.h>

#include "x86_64/x86_64_x87.h"

static const uint8_t op_form[X86_X87_NUM_OPS] = {
#define X87_FORM(name, form, cond, insn) [X86_X87_##name] = X86_X87_##form,
    X86_X87_OPS(X87_FORM)
#undef X87_FORM
};

#define COND_C1 X86_FSW_C1
#define COND_C12 (X86_FSW_C1 | X86_FSW_C2)
#define COND_ALL (X86_FSW_C0 | X86_FSW_C1 | X86_FSW_C2 | X86_FSW_C3)

/* The condition bits each op defines; the others keep their value. */
static const uint16_t op_cond[X86_X87_NUM_OPS] = {
#define X87_COND(name, form, cond, insn) [X86_X87_##name] = COND_##cond,
    X86_X87_OPS(X87_COND)
#undef X87_COND
};

#define CONTROL_ALL_MASKS 0x003fu

/* C3, C2, C0 as RFLAGS' ZF, PF, CF (fcomi, and sahf after fnstsw). */
static uint64_t rflags_of(uint16_t sw)
{
    return (sw & X86_FSW_C3 ? X86_X87_FLAG_ZF : 0) |
           (sw & X86_FSW_C2 ? X86_X87_FLAG_PF : 0) |
           (sw & X86_FSW_C0 ? X86_X87_FLAG_CF : 0);
}

/* fxam of an empty st0: C3 C2 C0 = 101, C1 = the register's sign. */
static void examine_empty(struct x86_cpu *c)
{
    unsigned sign = c->st[c->ftop & 7][9] >> 7;
    c->fsw = (uint16_t)((c->fsw & ~COND_ALL) | X86_FSW_C3 | X86_FSW_C0 |
                        (sign ? X86_FSW_C1 : 0));
}

/* Writes the op's results back to the stack; returns false on a stack
 * overflow of a push. */
static bool apply_results(struct x86_cpu *c, enum x86_x87_form form,
                          unsigned i, const struct x86_x87_host_io *io,
                          bool underflow)
{
    const uint8_t *r0 = underflow ? x86_x87_indefinite : io->out0;
    const uint8_t *r1 = underflow ? x86_x87_indefinite : io->out1;
    switch (form) {
    case X86_X87_PUSH:
        return x86_x87_push(c, io->out0);
    case X86_X87_ST0_MEM:
    case X86_X87_ST0_STI:
    case X86_X87_UNARY:
        x86_x87_write(c, 0, r0);
        return true;
    case X86_X87_STI_ST0:
        x86_x87_write(c, i, r1);
        return true;
    case X86_X87_TO_ST1:
        x86_x87_write(c, 1, r0);
        return true;
    case X86_X87_SPLIT:
        /* C2: the operand is out of range and stays as it is. */
        if (!underflow && (io->sw & X86_FSW_C2))
            return true;
        x86_x87_write(c, 0, r1);
        return x86_x87_push(c, r0);
    default:
        return true;
    }
}

uint64_t ir_helper_x86_x87(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                           uint64_t cc, uint64_t imm)
{
    (void)b, (void)cc;
    struct x86_cpu *c = (struct x86_cpu *)ctx;
    unsigned op = imm & 0xff, i = (imm >> 8) & 7, pops = (imm >> 12) & 3;
    if (op >= X86_X87_NUM_OPS)
        return 0;
    enum x86_x87_form form = (enum x86_x87_form)op_form[op];
    if (form == X86_X87_MISC)
        return x86_x87_misc(c, (enum x86_x87_op)op, i, pops, a);
    if (form == X86_X87_XAM && x86_x87_empty(c, 0)) {
        examine_empty(c);
        return 0;
    }
    struct x86_x87_host_io io = {
        .mem = c->xtmp, .cw = (uint16_t)(c->fcw | CONTROL_ALL_MASKS),
    };
    bool underflow = false;
    if (form != X86_X87_PUSH) {
        underflow = x86_x87_empty(c, 0) || x86_x87_empty(c, i);
        x86_x87_read(c, 0, io.in0);
        x86_x87_read(c, i, io.in1);
    }
    x86_x87_host_ops[op](&io);
    /* fcomi changes none of C0..C3 (C1 included, as measured). */
    uint16_t mask = form == X86_X87_COMI ? 0 : op_cond[op];
    uint16_t sw = (uint16_t)((c->fsw & ~mask) | (io.sw & mask) |
                             (io.sw & (X86_FSW_EXC | X86_FSW_SF)));
    if (underflow)
        sw = x86_x87_stack_fault(sw, false);
    if (form == X86_X87_STORE) /* state changes wait for the COMMIT */
        return x86_x87_summary(sw, c->fcw);
    c->fsw = sw;
    if (!apply_results(c, form, i, &io, underflow))
        c->fsw = x86_x87_stack_fault(c->fsw, true);
    c->fsw = x86_x87_summary(c->fsw, c->fcw);
    for (unsigned k = 0; k < pops; k++)
        x86_x87_pop(c);
    if (form == X86_X87_COMPARE || form == X86_X87_COMI)
        return rflags_of(underflow ? COND_ALL : io.sw);
    return 0;
}
