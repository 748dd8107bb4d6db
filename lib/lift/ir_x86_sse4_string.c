/*
 * ir_x86_sse4_string.c — the x86_sse helper's SSE4.2 string compares
 * pcmpestri, pcmpestrm, pcmpistri, pcmpistrm, in plain C after Intel's
 * SDM (vol. 2, 4.1: "Imm8 control byte operation for PCMPESTRI ..."),
 * since the intrinsics want a compile-time imm8. Operand 1 (xmm1, the
 * call's dst) is "a", operand 2 (xmm2/m128, src) is "b"; IntRes1 has one
 * bit per element of b.
 */
#include <stdbool.h>
#include <string.h>

#include "x86_64/x86_64_sse.h"

enum { AGG_EQUAL_ANY, AGG_RANGES, AGG_EQUAL_EACH, AGG_EQUAL_ORDERED };

struct str_operands {
    int32_t a[16], b[16]; /* elements, sign- or zero-extended */
    unsigned n;           /* elements: 16 bytes or 8 words */
    unsigned la, lb;      /* valid elements of a and b */
};

static void load_elements(int32_t out[16], const uint8_t *p, unsigned imm8)
{
    bool words = imm8 & 1, sign = imm8 & 2;
    for (unsigned i = 0; i < (words ? 8u : 16u); i++) {
        if (words) {
            uint16_t w;
            memcpy(&w, p + 2 * i, 2);
            out[i] = sign ? (int16_t)w : (int32_t)w;
        } else {
            out[i] = sign ? (int8_t)p[i] : (int32_t)p[i];
        }
    }
}

/* Elements before the first zero one. */
static unsigned implicit_length(const int32_t *e, unsigned n)
{
    unsigned i = 0;
    while (i < n && e[i] != 0)
        i++;
    return i;
}

/* |length register| saturated to n; reg is already sign-extended. */
static unsigned explicit_length(uint64_t reg, unsigned n)
{
    int64_t v = (int64_t)reg;
    if (v < -(int64_t)n || v > (int64_t)n)
        return n;
    return (unsigned)(v < 0 ? -v : v);
}

/* IntRes1 before polarity: bit j for element j of b. Comparisons with an
 * invalid element follow the SDM's override table. */
static unsigned aggregate(const struct str_operands *o, unsigned mode)
{
    unsigned n = o->n, res = 0;
    for (unsigned j = 0; j < n; j++) {
        bool bv = j < o->lb, bit = false;
        switch (mode) {
        case AGG_EQUAL_ANY:
            for (unsigned i = 0; i < o->la && bv; i++)
                bit |= o->a[i] == o->b[j];
            break;
        case AGG_RANGES:
            /* a holds (low, high) pairs; both must be valid. */
            for (unsigned i = 0; i + 1 < o->la && bv; i += 2)
                bit |= o->a[i] <= o->b[j] && o->b[j] <= o->a[i + 1];
            break;
        case AGG_EQUAL_EACH:
            if (j < o->la && bv)
                bit = o->a[j] == o->b[j];
            else
                bit = j >= o->la && !bv;
            break;
        case AGG_EQUAL_ORDERED:
            bit = true;
            for (unsigned i = 0; i < n - j && bit; i++) {
                if (i >= o->la)
                    break; /* a invalid: true from here on */
                bit = j + i < o->lb && o->a[i] == o->b[j + i];
            }
            break;
        }
        res |= (unsigned)bit << j;
    }
    return res;
}

/* IntRes2 and the flags; *index (i forms) or xmm0 (m forms) the result. */
static uint64_t compare(const struct x86_sse_io *io, bool explicit_len,
                        bool mask_form)
{
    struct str_operands o;
    unsigned imm8 = io->imm8;
    o.n = imm8 & 1 ? 8 : 16;
    load_elements(o.a, io->dst, imm8);
    load_elements(o.b, io->src, imm8);
    o.la = explicit_len ? explicit_length(io->a, o.n) : implicit_length(o.a, o.n);
    o.lb = explicit_len ? explicit_length(io->b, o.n) : implicit_length(o.b, o.n);
    unsigned all = (1u << o.n) - 1;
    unsigned res = aggregate(&o, (imm8 >> 2) & 3);
    switch ((imm8 >> 4) & 3) {
    case 1:
        res ^= all;
        break;
    case 3:
        res ^= (1u << o.lb) - 1;
        break;
    }
    uint64_t out = (res ? X86_STR_FLAG_CF : 0) | (res & 1 ? X86_STR_FLAG_OF : 0) |
                   (o.lb < o.n ? X86_STR_FLAG_ZF : 0) |
                   (o.la < o.n ? X86_STR_FLAG_SF : 0);
    if (mask_form) {
        uint8_t mask[16] = {0};
        if (imm8 & 0x40) {
            unsigned width = 16 / o.n;
            for (unsigned j = 0; j < o.n; j++)
                memset(mask + width * j, (res >> j) & 1 ? 0xff : 0, width);
        } else {
            memcpy(mask, &res, 2);
        }
        memcpy(io->xmm0, mask, 16);
        return out;
    }
    unsigned index = o.n;
    if (res)
        index = imm8 & 0x40 ? 31u - (unsigned)__builtin_clz(res)
                            : (unsigned)__builtin_ctz(res);
    return out | (uint64_t)index << X86_STR_INDEX_SHIFT;
}

uint64_t x86_sse_op_PCMPESTRI(const struct x86_sse_io *io) { return compare(io, true, false); }
uint64_t x86_sse_op_PCMPESTRM(const struct x86_sse_io *io) { return compare(io, true, true); }
uint64_t x86_sse_op_PCMPISTRI(const struct x86_sse_io *io) { return compare(io, false, false); }
uint64_t x86_sse_op_PCMPISTRM(const struct x86_sse_io *io) { return compare(io, false, true); }
