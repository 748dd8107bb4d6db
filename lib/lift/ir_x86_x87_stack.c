/*
 * ir_x86_x87_stack.c — the x87 register stack of an x86-64 guest: st(i)
 * is physical register (TOP + i) & 7, each with a 2-bit tag in the full
 * tag word (11 = empty). Reading an empty register or pushing onto a full
 * one is a stack fault; with IE masked (the only mode modelled) the
 * result is the indefinite QNaN, as the hardware's masked response.
 */
#include <string.h>

#include "x86_64/x86_64_x87.h"

/* Sign 1, exponent all ones, mantissa 0xc000...: the "real indefinite". */
const uint8_t x86_x87_indefinite[16] = {0, 0, 0, 0, 0, 0, 0, 0xc0, 0xff, 0xff};

static unsigned phys(const struct x86_cpu *c, unsigned i)
{
    return (c->ftop + i) & 7;
}

enum x86_x87_tag x86_x87_classify(const uint8_t *reg)
{
    uint64_t mant;
    uint16_t se;
    memcpy(&mant, reg, 8);
    memcpy(&se, reg + 8, 2);
    unsigned exp = se & 0x7fff;
    if (exp == 0x7fff)
        return X86_TAG_SPECIAL;
    if (exp == 0)
        return mant == 0 ? X86_TAG_ZERO : X86_TAG_SPECIAL;
    /* An unnormal (integer bit clear) is special too. */
    return (mant >> 63) ? X86_TAG_VALID : X86_TAG_SPECIAL;
}

unsigned x86_x87_tag(const struct x86_cpu *c, unsigned i)
{
    return (c->ftw >> (2 * phys(c, i))) & 3;
}

bool x86_x87_empty(const struct x86_cpu *c, unsigned i)
{
    return x86_x87_tag(c, i) == X86_TAG_EMPTY;
}

static void set_tag(struct x86_cpu *c, unsigned p, unsigned tag)
{
    c->ftw = (uint16_t)((c->ftw & ~(3u << (2 * p))) | tag << (2 * p));
}

void x86_x87_read(const struct x86_cpu *c, unsigned i, uint8_t out[16])
{
    memcpy(out, x86_x87_empty(c, i) ? x86_x87_indefinite : c->st[phys(c, i)],
           16);
}

void x86_x87_write(struct x86_cpu *c, unsigned i, const uint8_t *v)
{
    unsigned p = phys(c, i);
    memset(c->st[p], 0, 16);
    memcpy(c->st[p], v, 10);
    set_tag(c, p, x86_x87_classify(v));
}

bool x86_x87_push(struct x86_cpu *c, const uint8_t *v)
{
    c->ftop = (c->ftop - 1) & 7;
    bool ok = x86_x87_empty(c, 0);
    x86_x87_write(c, 0, ok ? v : x86_x87_indefinite);
    return ok;
}

void x86_x87_pop(struct x86_cpu *c)
{
    set_tag(c, phys(c, 0), X86_TAG_EMPTY);
    c->ftop = (c->ftop + 1) & 7;
}

uint16_t x86_x87_stack_fault(uint16_t fsw, bool overflow)
{
    fsw = (uint16_t)((fsw & ~X86_FSW_C1) | X86_FSW_IE | X86_FSW_SF);
    return overflow ? fsw | X86_FSW_C1 : fsw;
}

uint16_t x86_x87_summary(uint16_t fsw, uint16_t fcw)
{
    if (fsw & X86_FSW_EXC & ~fcw)
        return fsw | X86_FSW_ES | X86_FSW_B;
    return fsw & (uint16_t)~(X86_FSW_ES | X86_FSW_B);
}
