/*
 * ir_a64_simd.c — IR_H_a64_simd: the AArch64 AdvSIMD operations lifted so
 * far (aarch64_state.h's A64_SIMD_OPS), run lane by lane on the vector
 * registers in struct a64_cpu. The instruction word (imm's low half) says
 * the registers, Q (64- or 128-bit vector) and the element size; a 64-bit
 * result (Q = 0) clears the register's upper half, as A64 does.
 */
#include <string.h>

#include "aarch64/aarch64_state.h"

/* One vector as lanes: up to 16 bytes, little-endian. */
struct vec {
    uint8_t b[16];
};

static unsigned field(uint64_t w, unsigned lsb, unsigned len)
{
    return (unsigned)(w >> lsb) & ((1u << len) - 1);
}

static uint64_t lane(const struct vec *v, unsigned esize, unsigned i)
{
    uint64_t x = 0;
    memcpy(&x, v->b + i * esize, esize);
    return x;
}

static void set_lane(struct vec *v, unsigned esize, unsigned i, uint64_t x)
{
    memcpy(v->b + i * esize, &x, esize);
}

static uint64_t ones(unsigned bytes)
{
    return bytes >= 8 ? ~0ull : (1ull << (8 * bytes)) - 1;
}

/* The register of field lsb as a vector, and its write-back with Q. */
static struct vec get_v(const struct a64_cpu *c, unsigned r)
{
    struct vec v;
    memcpy(v.b, c->v[r], 16);
    return v;
}

static void put_v(struct a64_cpu *c, unsigned r, const struct vec *v, bool q)
{
    memcpy(c->v[r], v->b, 16);
    if (!q)
        memset(c->v[r] + 8, 0, 8);
}

/* dup/umov: the element size from imm5's lowest set bit, the index
 * above it. */
static unsigned imm5_esize(unsigned imm5)
{
    return imm5 & 1 ? 1 : imm5 & 2 ? 2 : imm5 & 4 ? 4 : 8;
}

uint64_t a64_simd_expand_imm(unsigned op, unsigned cmode, unsigned imm8)
{
    uint64_t imm = imm8, v = 0;
    switch (cmode >> 1) {
    case 0: case 1: case 2: case 3: /* 32-bit lanes, shifted by 0..24 */
        v = imm << (8 * (cmode >> 1));
        return v | v << 32;
    case 4: case 5: /* 16-bit lanes, shifted by 0 or 8 */
        v = imm << (8 * ((cmode >> 1) & 1));
        return v * 0x0001000100010001ull;
    case 6: /* 32-bit lanes, shifted ones in (msl #8 or #16) */
        v = cmode & 1 ? imm << 16 | 0xffff : imm << 8 | 0xff;
        return v | v << 32;
    default:
        if (!(cmode & 1) && !op) /* 8-bit lanes */
            return imm * 0x0101010101010101ull;
        /* 64-bit: each imm8 bit a byte of ones */
        for (unsigned i = 0; i < 8; i++)
            if (imm >> i & 1)
                v |= 0xffull << (8 * i);
        return v;
    }
}

static uint64_t pairwise(unsigned op, uint64_t x, uint64_t y, unsigned esize)
{
    switch (op) {
    case A64_SIMD_UMAXP: return x > y ? x : y;
    case A64_SIMD_UMINP: return x < y ? x : y;
    default: return (x + y) & ones(esize);
    }
}

/* and, bic, orr, orn (U = 0); eor, bsl, bit, bif (U = 1) on 64-bit
 * chunks: d is the destination's old value. */
static uint64_t logic(unsigned u_opc, uint64_t d, uint64_t n, uint64_t m)
{
    switch (u_opc) {
    case 0: return n & m;
    case 1: return n & ~m;
    case 2: return n | m;
    case 3: return n | ~m;
    case 4: return n ^ m;
    case 5: return (d & n) | (~d & m);  /* bsl: d selects */
    case 6: return (d & ~m) | (n & m);  /* bit: insert where m */
    default: return (d & m) | (n & ~m); /* bif: insert where not m */
    }
}

uint64_t ir_helper_a64_simd(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                            uint64_t cc, uint64_t imm)
{
    (void)b;
    (void)cc;
    struct a64_cpu *c = (struct a64_cpu *)ctx;
    unsigned op = (unsigned)(imm >> 32);
    uint32_t w = (uint32_t)imm;
    unsigned rd = field(w, 0, 5), rn = field(w, 5, 5), rm = field(w, 16, 5);
    bool q = field(w, 30, 1);
    unsigned bytes = q ? 16 : 8;
    unsigned esize = 1u << field(w, 22, 2);
    struct vec n = get_v(c, rn), m = get_v(c, rm), d = get_v(c, rd), r;
    memset(&r, 0, sizeof(r));
    switch (op) {
    case A64_SIMD_DUP:
        esize = imm5_esize(field(w, 16, 5));
        for (unsigned i = 0; i < bytes / esize; i++)
            set_lane(&r, esize, i, a);
        break;
    case A64_SIMD_UMOV: {
        unsigned imm5 = field(w, 16, 5);
        esize = imm5_esize(imm5);
        unsigned index = imm5 >> (__builtin_ctz(imm5) + 1);
        return lane(&n, esize, index);
    }
    case A64_SIMD_CMEQ:
    case A64_SIMD_CMEQZ:
    case A64_SIMD_CMHS:
        for (unsigned i = 0; i < bytes / esize; i++) {
            uint64_t x = lane(&n, esize, i);
            uint64_t y = op == A64_SIMD_CMEQZ ? 0 : lane(&m, esize, i);
            bool t = op == A64_SIMD_CMHS ? x >= y : x == y;
            set_lane(&r, esize, i, t ? ones(esize) : 0);
        }
        break;
    case A64_SIMD_UMAXP:
    case A64_SIMD_UMINP:
    case A64_SIMD_ADDP: {
        /* Pairs of n then pairs of m: the concatenation m:n. */
        unsigned lanes = bytes / esize;
        for (unsigned i = 0; i < lanes; i++) {
            const struct vec *src = i < lanes / 2 ? &n : &m;
            unsigned j = 2 * (i % (lanes / 2));
            set_lane(&r, esize, i,
                     pairwise(op, lane(src, esize, j), lane(src, esize, j + 1),
                              esize));
        }
        break;
    }
    case A64_SIMD_LOGIC: {
        unsigned u_opc = field(w, 29, 1) << 2 | field(w, 22, 2);
        for (unsigned i = 0; i < bytes / 8; i++)
            set_lane(&r, 8, i,
                     logic(u_opc, lane(&d, 8, i), lane(&n, 8, i),
                           lane(&m, 8, i)));
        break;
    }
    case A64_SIMD_SHRN: {
        /* immh picks the narrow element size, immh:immb the shift. */
        unsigned immh = field(w, 19, 4), shift_field = field(w, 16, 7);
        unsigned narrow = immh & 4 ? 4 : immh & 2 ? 2 : 1;
        unsigned shift = 16 * narrow - shift_field;
        /* shrn2 writes the upper half and keeps the lower; shrn's upper
         * half is cleared by the write-back. */
        r = d;
        unsigned base = q ? 8 / narrow : 0;
        for (unsigned i = 0; i < 8 / narrow; i++)
            set_lane(&r, narrow, base + i,
                     (lane(&n, 2 * narrow, i) >> shift) & ones(narrow));
        break;
    }
    case A64_SIMD_MODIMM: {
        /* op (bit 29) and cmode: movi, mvni, or orr/bic (cmode<0> set
         * below 0b1100) into the destination. */
        unsigned cmode = field(w, 12, 4), opb = field(w, 29, 1);
        unsigned imm8 = field(w, 16, 3) << 5 | field(w, 5, 5);
        uint64_t v = a64_simd_expand_imm(opb, cmode, imm8);
        bool combine = (cmode & 1) && cmode < 12;
        for (unsigned i = 0; i < bytes / 8; i++) {
            uint64_t old = lane(&d, 8, i);
            uint64_t x = !combine ? (opb && cmode != 14 ? ~v : v)
                                  : (opb ? old & ~v : old | v);
            set_lane(&r, 8, i, x);
        }
        break;
    }
    case A64_SIMD_EXT: {
        /* bytes index.. of the concatenation m:n */
        unsigned index = field(w, 11, 4);
        for (unsigned i = 0; i < bytes; i++) {
            unsigned k = index + i;
            r.b[i] = k < bytes ? n.b[k] : m.b[k - bytes];
        }
        break;
    }
    default:
        return 0;
    }
    put_v(c, rd, &r, q);
    return 0;
}
