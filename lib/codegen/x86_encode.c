/*
 * x86_encode.c — x86-64 instruction encodings.
 *
 * Almost every instruction here is "prefixes, REX, opcode, ModRM (+SIB,
 * disp)"; encode() builds that from a description of the r/m operand
 * (register or memory) and the ModRM reg field (a register or a /digit).
 */
#include "x86_encode.h"

#include <string.h>

/* Prefix flags for encode(). */
enum {
    P_66 = 1,      /* operand-size override (16-bit) */
    P_W = 2,       /* REX.W (64-bit) */
    P_LOCK = 4,
    P_F3 = 8,      /* mandatory prefix (popcnt) */
    P_REG_BYTE = 16, /* the reg field names a byte register */
    P_RM_BYTE = 32,  /* a register r/m names a byte register */
    P_F2 = 64,     /* mandatory prefix (scalar double SSE) */
};

/* The r/m operand: a register, or memory when is_mem. */
struct rm {
    bool is_mem;
    int reg;
    struct x86_mem m;
};

static struct rm rm_reg(enum x86_reg r)
{
    return (struct rm){false, r, {0, 0, 0, 0}};
}

static struct rm rm_mem(struct x86_mem m)
{
    return (struct rm){true, X86_NOREG, m};
}

void x86_buf_init(struct x86_buf *b, void *mem, size_t size)
{
    b->start = b->p = mem;
    b->end = b->start + size;
    b->overflow = false;
}

static void put8(struct x86_buf *b, uint8_t v)
{
    if (__builtin_expect(b->p < b->end, 1))
        *b->p++ = v;
    else
        b->overflow = true;
}

static void put32(struct x86_buf *b, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        put8(b, (uint8_t)(v >> (8 * i)));
}

static bool fits8(int64_t v)
{
    return v >= -128 && v <= 127;
}

/* Byte registers 4..7 mean spl/bpl/sil/dil only with a REX prefix. */
static bool needs_byte_rex(int reg)
{
    return reg >= 4 && reg <= 7;
}

static unsigned size_flags(unsigned size)
{
    return size == 8 ? P_W : size == 2 ? P_66 : size == 1 ? P_REG_BYTE | P_RM_BYTE : 0;
}

static void modrm_mem(struct x86_buf *b, int reg, const struct x86_mem *m)
{
    int base = m->base & 7;
    unsigned mod = m->disp == 0 && base != 5 ? 0 : fits8(m->disp) ? 1 : 2;
    bool sib = m->index != X86_NOREG || base == 4;
    put8(b, (uint8_t)(mod << 6 | (reg & 7) << 3 | (sib ? 4 : base)));
    if (sib) {
        unsigned ss = m->scale == 8 ? 3 : m->scale == 4 ? 2 : m->scale == 2 ? 1 : 0;
        int index = m->index == X86_NOREG ? 4 : m->index & 7;
        put8(b, (uint8_t)(ss << 6 | index << 3 | base));
    }
    if (mod == 1)
        put8(b, (uint8_t)m->disp);
    else if (mod == 2)
        put32(b, (uint32_t)m->disp);
}

static void encode(struct x86_buf *b, unsigned flags, const uint8_t *op,
                   unsigned oplen, int reg, struct rm rm)
{
    if (flags & P_LOCK)
        put8(b, 0xf0);
    if (flags & P_66)
        put8(b, 0x66);
    if (flags & P_F3)
        put8(b, 0xf3);
    if (flags & P_F2)
        put8(b, 0xf2);
    unsigned rex = 0;
    if (flags & P_W)
        rex |= 8;
    if (reg >= 8)
        rex |= 4;
    if (rm.is_mem) {
        if (rm.m.index >= 8)
            rex |= 2;
        if (rm.m.base >= 8)
            rex |= 1;
    } else if (rm.reg >= 8) {
        rex |= 1;
    }
    bool byte_rex = ((flags & P_REG_BYTE) && needs_byte_rex(reg)) ||
                    ((flags & P_RM_BYTE) && !rm.is_mem && needs_byte_rex(rm.reg));
    if (rex || byte_rex)
        put8(b, (uint8_t)(0x40 | rex));
    for (unsigned i = 0; i < oplen; i++)
        put8(b, op[i]);
    if (rm.is_mem)
        modrm_mem(b, reg, &rm.m);
    else
        put8(b, (uint8_t)(0xc0 | (reg & 7) << 3 | (rm.reg & 7)));
}

static void encode1(struct x86_buf *b, unsigned flags, uint8_t op, int reg,
                    struct rm rm)
{
    encode(b, flags, &op, 1, reg, rm);
}

static void encode2(struct x86_buf *b, unsigned flags, uint8_t op2, int reg,
                    struct rm rm)
{
    const uint8_t op[2] = {0x0f, op2};
    encode(b, flags, op, 2, reg, rm);
}

/* Opcode with the register in its low three bits (push, pop, bswap...). */
static void encode_plus_r(struct x86_buf *b, bool w, bool twobyte, uint8_t op,
                          int reg)
{
    if (w || reg >= 8)
        put8(b, (uint8_t)(0x40 | (w ? 8 : 0) | (reg >= 8 ? 1 : 0)));
    if (twobyte)
        put8(b, 0x0f);
    put8(b, (uint8_t)(op + (reg & 7)));
}

void x86_mov_rr(struct x86_buf *b, unsigned size, enum x86_reg dst,
                enum x86_reg src)
{
    encode1(b, size_flags(size), size == 1 ? 0x88 : 0x89, src, rm_reg(dst));
}

void x86_mov_ri(struct x86_buf *b, enum x86_reg dst, uint64_t imm)
{
    if (imm <= UINT32_MAX) { /* mov r32, imm32 zero-extends */
        encode_plus_r(b, false, false, 0xb8, dst);
        put32(b, (uint32_t)imm);
    } else if ((int64_t)imm >= INT32_MIN && (int64_t)imm <= INT32_MAX) {
        encode1(b, P_W, 0xc7, 0, rm_reg(dst));
        put32(b, (uint32_t)imm);
    } else {
        encode_plus_r(b, true, false, 0xb8, dst);
        put32(b, (uint32_t)imm);
        put32(b, (uint32_t)(imm >> 32));
    }
}

void x86_load(struct x86_buf *b, unsigned size, enum x86_reg dst,
              struct x86_mem m)
{
    encode1(b, size_flags(size), size == 1 ? 0x8a : 0x8b, dst, rm_mem(m));
}

void x86_store(struct x86_buf *b, unsigned size, struct x86_mem m,
               enum x86_reg src)
{
    encode1(b, size_flags(size), size == 1 ? 0x88 : 0x89, src, rm_mem(m));
}

static void put_imm(struct x86_buf *b, unsigned size, int32_t imm)
{
    if (size == 1)
        put8(b, (uint8_t)imm);
    else if (size == 2) {
        put8(b, (uint8_t)imm);
        put8(b, (uint8_t)(imm >> 8));
    } else {
        put32(b, (uint32_t)imm);
    }
}

void x86_store_imm(struct x86_buf *b, unsigned size, struct x86_mem m,
                   int32_t imm)
{
    encode1(b, size_flags(size), size == 1 ? 0xc6 : 0xc7, 0, rm_mem(m));
    put_imm(b, size, imm);
}

void x86_movzx_rr(struct x86_buf *b, unsigned src_size, enum x86_reg dst,
                  enum x86_reg src)
{
    if (src_size >= 4)
        x86_mov_rr(b, src_size, dst, src);
    else
        encode2(b, src_size == 1 ? P_RM_BYTE : 0, src_size == 1 ? 0xb6 : 0xb7,
                dst, rm_reg(src));
}

void x86_movsx_rr(struct x86_buf *b, unsigned src_size, enum x86_reg dst,
                  enum x86_reg src)
{
    if (src_size == 8)
        x86_mov_rr(b, 8, dst, src);
    else if (src_size == 4)
        encode1(b, P_W, 0x63, dst, rm_reg(src));
    else
        encode2(b, P_W | (src_size == 1 ? P_RM_BYTE : 0),
                src_size == 1 ? 0xbe : 0xbf, dst, rm_reg(src));
}

void x86_movzx_load(struct x86_buf *b, unsigned src_size, enum x86_reg dst,
                    struct x86_mem m)
{
    if (src_size >= 4)
        x86_load(b, src_size, dst, m);
    else
        encode2(b, 0, src_size == 1 ? 0xb6 : 0xb7, dst, rm_mem(m));
}

void x86_movsx_load(struct x86_buf *b, unsigned src_size, enum x86_reg dst,
                    struct x86_mem m)
{
    if (src_size == 8)
        x86_load(b, 8, dst, m);
    else if (src_size == 4)
        encode1(b, P_W, 0x63, dst, rm_mem(m));
    else
        encode2(b, P_W, src_size == 1 ? 0xbe : 0xbf, dst, rm_mem(m));
}

void x86_lea(struct x86_buf *b, enum x86_reg dst, struct x86_mem m)
{
    encode1(b, P_W, 0x8d, dst, rm_mem(m));
}

size_t x86_lea_rip(struct x86_buf *b, enum x86_reg dst)
{
    put8(b, (uint8_t)(0x48 | (dst >= 8 ? 4 : 0)));
    put8(b, 0x8d);
    put8(b, (uint8_t)(0x05 | (dst & 7) << 3)); /* mod 00, rm 101: rip */
    size_t field = x86_buf_used(b);
    put32(b, 0);
    return field;
}

void x86_alu_rr(struct x86_buf *b, enum x86_alu op, unsigned size,
                enum x86_reg dst, enum x86_reg src)
{
    encode1(b, size_flags(size), (uint8_t)(op << 3 | (size == 1 ? 0 : 1)), src,
            rm_reg(dst));
}

static void alu_imm(struct x86_buf *b, enum x86_alu op, unsigned size,
                    struct rm rm, int32_t imm)
{
    unsigned f = size_flags(size) & ~P_REG_BYTE;
    if (size == 1) {
        encode1(b, f, 0x80, op, rm);
        put8(b, (uint8_t)imm);
    } else if (fits8(imm)) {
        encode1(b, f, 0x83, op, rm);
        put8(b, (uint8_t)imm);
    } else {
        encode1(b, f, 0x81, op, rm);
        put_imm(b, size, imm);
    }
}

void x86_alu_ri(struct x86_buf *b, enum x86_alu op, unsigned size,
                enum x86_reg dst, int32_t imm)
{
    alu_imm(b, op, size, rm_reg(dst), imm);
}

void x86_alu_rm(struct x86_buf *b, enum x86_alu op, unsigned size,
                enum x86_reg dst, struct x86_mem m)
{
    encode1(b, size_flags(size), (uint8_t)(op << 3 | (size == 1 ? 2 : 3)), dst,
            rm_mem(m));
}

void x86_alu_mr(struct x86_buf *b, enum x86_alu op, unsigned size,
                struct x86_mem m, enum x86_reg src)
{
    encode1(b, size_flags(size), (uint8_t)(op << 3 | (size == 1 ? 0 : 1)), src,
            rm_mem(m));
}

void x86_alu_mi(struct x86_buf *b, enum x86_alu op, unsigned size,
                struct x86_mem m, int32_t imm)
{
    alu_imm(b, op, size, rm_mem(m), imm);
}

void x86_test_rr(struct x86_buf *b, unsigned size, enum x86_reg x,
                 enum x86_reg y)
{
    encode1(b, size_flags(size), size == 1 ? 0x84 : 0x85, y, rm_reg(x));
}

void x86_test_ri(struct x86_buf *b, unsigned size, enum x86_reg x,
                 int32_t imm)
{
    encode1(b, size_flags(size) & ~P_REG_BYTE, size == 1 ? 0xf6 : 0xf7, 0,
            rm_reg(x));
    put_imm(b, size, imm);
}

void x86_shift_ri(struct x86_buf *b, enum x86_shift op, unsigned size,
                  enum x86_reg dst, uint8_t count)
{
    encode1(b, size_flags(size) & ~P_REG_BYTE, size == 1 ? 0xc0 : 0xc1, op,
            rm_reg(dst));
    put8(b, count);
}

void x86_shift_cl(struct x86_buf *b, enum x86_shift op, unsigned size,
                  enum x86_reg dst)
{
    encode1(b, size_flags(size) & ~P_REG_BYTE, size == 1 ? 0xd2 : 0xd3, op,
            rm_reg(dst));
}

void x86_imul_rr(struct x86_buf *b, unsigned size, enum x86_reg dst,
                 enum x86_reg src)
{
    encode2(b, size_flags(size), 0xaf, dst, rm_reg(src));
}

void x86_imul_rri(struct x86_buf *b, unsigned size, enum x86_reg dst,
                  enum x86_reg src, int32_t imm)
{
    encode1(b, size_flags(size), 0x69, dst, rm_reg(src));
    put_imm(b, size == 2 ? 2 : 4, imm);
}

void x86_unary(struct x86_buf *b, enum x86_unary op, unsigned size,
               enum x86_reg r)
{
    encode1(b, size_flags(size) & ~P_REG_BYTE, size == 1 ? 0xf6 : 0xf7, op,
            rm_reg(r));
}

void x86_cqo(struct x86_buf *b, unsigned size)
{
    if (size == 2)
        put8(b, 0x66);
    else if (size == 8)
        put8(b, 0x48);
    put8(b, 0x99);
}

void x86_setcc(struct x86_buf *b, enum x86_cc cc, enum x86_reg dst)
{
    encode2(b, P_RM_BYTE, (uint8_t)(0x90 | cc), 0, rm_reg(dst));
}

void x86_cmov(struct x86_buf *b, enum x86_cc cc, unsigned size,
              enum x86_reg dst, enum x86_reg src)
{
    encode2(b, size_flags(size), (uint8_t)(0x40 | cc), dst, rm_reg(src));
}

void x86_bsr(struct x86_buf *b, unsigned size, enum x86_reg dst,
             enum x86_reg src)
{
    encode2(b, size_flags(size), 0xbd, dst, rm_reg(src));
}

void x86_bsf(struct x86_buf *b, unsigned size, enum x86_reg dst,
             enum x86_reg src)
{
    encode2(b, size_flags(size), 0xbc, dst, rm_reg(src));
}

void x86_popcnt(struct x86_buf *b, unsigned size, enum x86_reg dst,
                enum x86_reg src)
{
    encode2(b, size_flags(size) | P_F3, 0xb8, dst, rm_reg(src));
}

void x86_bswap(struct x86_buf *b, unsigned size, enum x86_reg r)
{
    encode_plus_r(b, size == 8, true, 0xc8, r);
}

void x86_lock_cmpxchg(struct x86_buf *b, unsigned size, struct x86_mem m,
                      enum x86_reg src)
{
    encode2(b, size_flags(size) | P_LOCK, size == 1 ? 0xb0 : 0xb1, src,
            rm_mem(m));
}

void x86_lock_cmpxchg16b(struct x86_buf *b, struct x86_mem m)
{
    encode2(b, P_W | P_LOCK, 0xc7, 1, rm_mem(m));
}

void x86_lock_xadd(struct x86_buf *b, unsigned size, struct x86_mem m,
                   enum x86_reg src)
{
    encode2(b, size_flags(size) | P_LOCK, size == 1 ? 0xc0 : 0xc1, src,
            rm_mem(m));
}

void x86_xchg_mr(struct x86_buf *b, unsigned size, struct x86_mem m,
                 enum x86_reg src)
{
    encode1(b, size_flags(size), size == 1 ? 0x86 : 0x87, src, rm_mem(m));
}

void x86_mfence(struct x86_buf *b)
{
    put8(b, 0x0f);
    put8(b, 0xae);
    put8(b, 0xf0);
}

size_t x86_jcc_rel32(struct x86_buf *b, enum x86_cc cc)
{
    put8(b, 0x0f);
    put8(b, (uint8_t)(0x80 | cc));
    size_t field = x86_buf_used(b);
    put32(b, 0);
    return field;
}

size_t x86_jmp_rel32(struct x86_buf *b)
{
    put8(b, 0xe9);
    size_t field = x86_buf_used(b);
    put32(b, 0);
    return field;
}

void x86_patch_rel32(struct x86_buf *b, size_t field, size_t target)
{
    if (field + 4 > (size_t)(b->end - b->start))
        return; /* dropped with the overflow */
    int32_t rel = (int32_t)((int64_t)target - (int64_t)(field + 4));
    memcpy(b->start + field, &rel, 4);
}

void x86_set_rel32(uint8_t *field, const void *target)
{
    int32_t rel = (int32_t)((const uint8_t *)target - (field + 4));
    /* Another thread may be executing this jump: a 4-byte-aligned field
     * (x86_align_rel32_field) changes in one atomic store, so it sees the
     * old or the new target, never a mix. */
    if (((uintptr_t)field & 3) == 0)
        __atomic_store_n((int32_t *)(void *)field, rel, __ATOMIC_RELEASE);
    else
        memcpy(field, &rel, 4);
}

void x86_align_rel32_field(struct x86_buf *b, unsigned opcode_len)
{
    /* Multi-byte NOPs (Intel SDM "Recommended Multi-Byte Sequence"). */
    static const uint8_t nops[4][3] = {
        {0}, {0x90}, {0x66, 0x90}, {0x0f, 0x1f, 0x00},
    };
    uintptr_t at = (uintptr_t)b->p + opcode_len;
    unsigned pad = (unsigned)(-at & 3);
    for (unsigned i = 0; i < pad; i++)
        put8(b, nops[pad][i]);
}

void x86_align(struct x86_buf *b, unsigned align)
{
    while ((uintptr_t)b->p & (align - 1) && !b->overflow)
        put8(b, 0xcc);
}

void x86_movq_to_xmm(struct x86_buf *b, unsigned xmm, enum x86_reg src)
{
    encode2(b, P_66 | P_W, 0x6e, (int)xmm, rm_reg(src));
}

void x86_movq_from_xmm(struct x86_buf *b, enum x86_reg dst, unsigned xmm)
{
    encode2(b, P_66 | P_W, 0x7e, (int)xmm, rm_reg(dst));
}

void x86_sse_sd(struct x86_buf *b, enum x86_sse_sd op, unsigned dst,
                unsigned src)
{
    encode2(b, P_F2, (uint8_t)op, (int)dst, rm_reg((enum x86_reg)src));
}

static unsigned sse_prefix_flags(uint8_t prefix, bool rex_w)
{
    unsigned f = rex_w ? P_W : 0;
    if (prefix == 0x66)
        f |= P_66;
    else if (prefix == 0xf2)
        f |= P_F2;
    else if (prefix == 0xf3)
        f |= P_F3;
    return f;
}

void x86_sse_m(struct x86_buf *b, uint8_t prefix, uint8_t op, bool rex_w,
               unsigned reg, struct x86_mem m)
{
    encode2(b, sse_prefix_flags(prefix, rex_w), op, (int)reg, rm_mem(m));
}

void x86_sse_r(struct x86_buf *b, uint8_t prefix, uint8_t op, bool rex_w,
               unsigned reg, unsigned rm)
{
    encode2(b, sse_prefix_flags(prefix, rex_w), op, (int)reg,
            rm_reg((enum x86_reg)rm));
}

void x86_lahf(struct x86_buf *b)
{
    put8(b, 0x9f);
}

void x86_nop_align(struct x86_buf *b, unsigned align)
{
    while ((uintptr_t)b->p & (align - 1) && !b->overflow)
        put8(b, 0x90);
}

void x86_jmp_rel8(struct x86_buf *b, int8_t rel)
{
    put8(b, 0xeb);
    put8(b, (uint8_t)rel);
}

void x86_data32(struct x86_buf *b, uint32_t v)
{
    put32(b, v);
}

void x86_jmp_r(struct x86_buf *b, enum x86_reg r)
{
    encode1(b, 0, 0xff, 4, rm_reg(r));
}

void x86_jmp_m(struct x86_buf *b, struct x86_mem m)
{
    encode1(b, 0, 0xff, 4, rm_mem(m));
}

void x86_call_m(struct x86_buf *b, struct x86_mem m)
{
    encode1(b, 0, 0xff, 2, rm_mem(m));
}

void x86_push(struct x86_buf *b, enum x86_reg r)
{
    encode_plus_r(b, false, false, 0x50, r);
}

void x86_pop(struct x86_buf *b, enum x86_reg r)
{
    encode_plus_r(b, false, false, 0x58, r);
}

void x86_ret(struct x86_buf *b)
{
    put8(b, 0xc3);
}
