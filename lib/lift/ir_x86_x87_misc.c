/*
 * ir_x86_x87_misc.c — the x87 ops that only move registers, tags or TOP
 * (X86_X87_MISC_OPS): they raise no exception but the stack faults, so
 * the host FPU is not needed. Each but fcmov clears C1 unless a stack
 * fault sets it.
 */
#include <string.h>

#include "x86_64/x86_64_x87.h"

static void clear_c1(struct x86_cpu *c)
{
    c->fsw &= (uint16_t)~X86_FSW_C1;
}

static void underflow(struct x86_cpu *c)
{
    c->fsw = x86_x87_summary(x86_x87_stack_fault(c->fsw, false), c->fcw);
}

/* fld st(i): st(i) is read before TOP moves. */
static void load_register(struct x86_cpu *c, unsigned i)
{
    uint8_t v[16];
    bool empty = x86_x87_empty(c, i);
    x86_x87_read(c, i, v);
    clear_c1(c);
    if (!x86_x87_push(c, v))
        c->fsw = x86_x87_summary(x86_x87_stack_fault(c->fsw, true), c->fcw);
    else if (empty)
        underflow(c);
}

/* fst/fstp st(i). */
static void store_register(struct x86_cpu *c, unsigned i)
{
    uint8_t v[16];
    bool empty = x86_x87_empty(c, 0);
    x86_x87_read(c, 0, v);
    x86_x87_write(c, i, v);
    clear_c1(c);
    if (empty)
        underflow(c);
}

/* fxch st(i): an empty side reads as the indefinite QNaN. */
static void exchange(struct x86_cpu *c, unsigned i)
{
    uint8_t v0[16], vi[16];
    bool empty = x86_x87_empty(c, 0) || x86_x87_empty(c, i);
    x86_x87_read(c, 0, v0);
    x86_x87_read(c, i, vi);
    x86_x87_write(c, 0, vi);
    x86_x87_write(c, i, v0);
    clear_c1(c);
    if (empty)
        underflow(c);
}

/* fcmovcc: the source must not be empty even when nothing moves; C1
 * stays unless a stack fault clears it. */
static void conditional_move(struct x86_cpu *c, unsigned i, bool cond)
{
    bool empty = x86_x87_empty(c, 0) || x86_x87_empty(c, i);
    if (empty) {
        underflow(c);
        if (cond)
            x86_x87_write(c, 0, x86_x87_indefinite);
        return;
    }
    if (cond) {
        uint8_t v[16];
        x86_x87_read(c, i, v);
        x86_x87_write(c, 0, v);
    }
}

/* fldenv/frstor/fxrstor: a tag word from memory keeps only "empty or
 * not"; the others come from the register contents. */
static void load_tags(struct x86_cpu *c, uint16_t tw)
{
    uint16_t r = 0;
    for (unsigned p = 0; p < 8; p++) {
        unsigned tag = (tw >> (2 * p)) & 3;
        if (tag != X86_TAG_EMPTY)
            tag = x86_x87_classify(c->st[p]);
        r |= (uint16_t)(tag << (2 * p));
    }
    c->ftw = r;
}

uint64_t x86_x87_misc(struct x86_cpu *c, enum x86_x87_op op, unsigned i,
                      unsigned pops, uint64_t a)
{
    switch (op) {
    case X86_X87_FLD_ST:
        load_register(c, i);
        break;
    case X86_X87_FST_ST:
        store_register(c, i);
        break;
    case X86_X87_FXCH:
        exchange(c, i);
        break;
    case X86_X87_FFREE:
        c->ftw |= (uint16_t)(3u << (2 * ((c->ftop + i) & 7)));
        break;
    case X86_X87_FINCSTP:
    case X86_X87_FDECSTP:
        c->ftop = (c->ftop + (op == X86_X87_FINCSTP ? 1 : 7)) & 7;
        clear_c1(c);
        break;
    case X86_X87_FCMOV:
        conditional_move(c, i, a != 0);
        break;
    case X86_X87_COMMIT:
        c->fsw = (uint16_t)a;
        break;
    case X86_X87_TAGS:
        load_tags(c, (uint16_t)a);
        break;
    default:
        return 0;
    }
    for (unsigned k = 0; k < pops; k++)
        x86_x87_pop(c);
    return 0;
}
