/*
 * riscv64_decode.c — rv_decode: finds the encoding in the generated
 * tables (bucketed by major opcode, most specific first), then extracts
 * the fields its format defines, expanding compressed forms to their base
 * instruction's operands (see the contract in riscv64.h).
 */
#include <string.h>

#include "riscv64.h"
#include "riscv64_tables.h"

static inline uint32_t bits(uint32_t x, unsigned lo, unsigned len)
{
    return (x >> lo) & ((1u << len) - 1);
}

/* Sign-extends the low `width` bits of v. */
static inline int64_t sext(uint64_t v, unsigned width)
{
    uint64_t sign = 1ull << (width - 1);
    v &= (sign << 1) - 1;
    return (int64_t)(v ^ sign) - (int64_t)sign;
}

/* Compressed 3-bit register fields name x8..x15 (or f8..f15). */
static inline uint8_t creg(uint32_t x, unsigned lo)
{
    return (uint8_t)(8 + bits(x, lo, 3));
}

static inline uint8_t rd32(uint32_t x) { return (uint8_t)bits(x, 7, 5); }
static inline uint8_t rs1_32(uint32_t x) { return (uint8_t)bits(x, 15, 5); }
static inline uint8_t rs2_32(uint32_t x) { return (uint8_t)bits(x, 20, 5); }

/* ---- 32-bit formats ---------------------------------------------------- */

static void fmt_none(uint32_t x, struct rv_insn *o) { (void)x; (void)o; }

static void fmt_r(uint32_t x, struct rv_insn *o)
{
    o->rd = rd32(x);
    o->rs1 = rs1_32(x);
    o->rs2 = rs2_32(x);
}

static void fmt_r1(uint32_t x, struct rv_insn *o)
{
    o->rd = rd32(x);
    o->rs1 = rs1_32(x);
}

static void fmt_r_rm(uint32_t x, struct rv_insn *o)
{
    fmt_r(x, o);
    o->rm = (uint8_t)bits(x, 12, 3);
}

static void fmt_r1_rm(uint32_t x, struct rv_insn *o)
{
    fmt_r1(x, o);
    o->rm = (uint8_t)bits(x, 12, 3);
}

static void fmt_r4(uint32_t x, struct rv_insn *o)
{
    fmt_r_rm(x, o);
    o->rs3 = (uint8_t)bits(x, 27, 5);
}

static void fmt_i(uint32_t x, struct rv_insn *o)
{
    fmt_r1(x, o);
    o->imm = sext(x >> 20, 12);
}

static void fmt_s(uint32_t x, struct rv_insn *o)
{
    o->rs1 = rs1_32(x);
    o->rs2 = rs2_32(x);
    o->imm = sext(bits(x, 25, 7) << 5 | bits(x, 7, 5), 12);
}

static void fmt_b(uint32_t x, struct rv_insn *o)
{
    o->rs1 = rs1_32(x);
    o->rs2 = rs2_32(x);
    o->imm = sext(bits(x, 31, 1) << 12 | bits(x, 7, 1) << 11 |
                  bits(x, 25, 6) << 5 | bits(x, 8, 4) << 1, 13);
}

static void fmt_u(uint32_t x, struct rv_insn *o)
{
    o->rd = rd32(x);
    o->imm = sext(x & 0xfffff000u, 32);
}

static void fmt_j(uint32_t x, struct rv_insn *o)
{
    o->rd = rd32(x);
    o->imm = sext(bits(x, 31, 1) << 20 | bits(x, 12, 8) << 12 |
                  bits(x, 20, 1) << 11 | bits(x, 21, 10) << 1, 21);
}

static void fmt_sh5(uint32_t x, struct rv_insn *o)
{
    fmt_r1(x, o);
    o->imm = bits(x, 20, 5);
}

static void fmt_sh6(uint32_t x, struct rv_insn *o)
{
    fmt_r1(x, o);
    o->imm = bits(x, 20, 6);
}

static void fmt_fence(uint32_t x, struct rv_insn *o)
{
    o->pred = (uint8_t)bits(x, 24, 4);
    o->succ = (uint8_t)bits(x, 20, 4);
}

static void fmt_csr(uint32_t x, struct rv_insn *o)
{
    fmt_r1(x, o);
    o->csr = (uint16_t)bits(x, 20, 12);
}

static void fmt_csri(uint32_t x, struct rv_insn *o)
{
    o->rd = rd32(x);
    o->csr = (uint16_t)bits(x, 20, 12);
    o->imm = bits(x, 15, 5);
}

static void fmt_amo(uint32_t x, struct rv_insn *o)
{
    fmt_r(x, o);
    o->aq = (uint8_t)bits(x, 26, 1);
    o->rl = (uint8_t)bits(x, 25, 1);
}

/* ---- 16-bit formats ---------------------------------------------------- */

/* Offsets of c.lw/c.sw and c.ld/c.sd/c.fld/c.fsd (scaled by 4 and 8). */
static uint32_t c_w_offset(uint32_t x)
{
    return bits(x, 10, 3) << 3 | bits(x, 6, 1) << 2 | bits(x, 5, 1) << 6;
}

static uint32_t c_d_offset(uint32_t x)
{
    return bits(x, 10, 3) << 3 | bits(x, 5, 2) << 6;
}

/* The signed 6-bit immediate of c.addi, c.li, c.andi: imm[5] at bit 12. */
static int64_t c_imm6(uint32_t x)
{
    return sext(bits(x, 12, 1) << 5 | bits(x, 2, 5), 6);
}

static void fmt_c_addi4spn(uint32_t x, struct rv_insn *o)
{
    o->rd = creg(x, 2);
    o->rs1 = 2;
    o->imm = bits(x, 11, 2) << 4 | bits(x, 7, 4) << 6 | bits(x, 6, 1) << 2 |
             bits(x, 5, 1) << 3;
}

static void fmt_c_lw(uint32_t x, struct rv_insn *o)
{
    o->rd = creg(x, 2);
    o->rs1 = creg(x, 7);
    o->imm = c_w_offset(x);
}

static void fmt_c_ld(uint32_t x, struct rv_insn *o)
{
    o->rd = creg(x, 2);
    o->rs1 = creg(x, 7);
    o->imm = c_d_offset(x);
}

static void fmt_c_sw(uint32_t x, struct rv_insn *o)
{
    o->rs2 = creg(x, 2);
    o->rs1 = creg(x, 7);
    o->imm = c_w_offset(x);
}

static void fmt_c_sd(uint32_t x, struct rv_insn *o)
{
    o->rs2 = creg(x, 2);
    o->rs1 = creg(x, 7);
    o->imm = c_d_offset(x);
}

static void fmt_c_addi(uint32_t x, struct rv_insn *o)
{
    o->rd = o->rs1 = (uint8_t)bits(x, 7, 5);
    o->imm = c_imm6(x);
}

static void fmt_c_li(uint32_t x, struct rv_insn *o)
{
    o->rd = (uint8_t)bits(x, 7, 5);
    o->imm = c_imm6(x);
}

static void fmt_c_addi16sp(uint32_t x, struct rv_insn *o)
{
    o->rd = o->rs1 = 2;
    o->imm = sext(bits(x, 12, 1) << 9 | bits(x, 6, 1) << 4 |
                  bits(x, 5, 1) << 6 | bits(x, 3, 2) << 7 |
                  bits(x, 2, 1) << 5, 10);
}

static void fmt_c_lui(uint32_t x, struct rv_insn *o)
{
    o->rd = (uint8_t)bits(x, 7, 5);
    o->imm = sext(bits(x, 12, 1) << 17 | bits(x, 2, 5) << 12, 18);
}

static void fmt_c_shift(uint32_t x, struct rv_insn *o)
{
    o->rd = o->rs1 = creg(x, 7);
    o->imm = bits(x, 12, 1) << 5 | bits(x, 2, 5);
}

static void fmt_c_andi(uint32_t x, struct rv_insn *o)
{
    o->rd = o->rs1 = creg(x, 7);
    o->imm = c_imm6(x);
}

static void fmt_c_arith(uint32_t x, struct rv_insn *o)
{
    o->rd = o->rs1 = creg(x, 7);
    o->rs2 = creg(x, 2);
}

static void fmt_c_j(uint32_t x, struct rv_insn *o)
{
    o->imm = sext(bits(x, 12, 1) << 11 | bits(x, 11, 1) << 4 |
                  bits(x, 9, 2) << 8 | bits(x, 8, 1) << 10 |
                  bits(x, 7, 1) << 6 | bits(x, 6, 1) << 7 |
                  bits(x, 3, 3) << 1 | bits(x, 2, 1) << 5, 12);
}

static void fmt_c_branch(uint32_t x, struct rv_insn *o)
{
    o->rs1 = creg(x, 7);
    o->imm = sext(bits(x, 12, 1) << 8 | bits(x, 10, 2) << 3 |
                  bits(x, 5, 2) << 6 | bits(x, 3, 2) << 1 |
                  bits(x, 2, 1) << 5, 9);
}

static void fmt_c_slli(uint32_t x, struct rv_insn *o)
{
    o->rd = o->rs1 = (uint8_t)bits(x, 7, 5);
    o->imm = bits(x, 12, 1) << 5 | bits(x, 2, 5);
}

static void fmt_c_lwsp(uint32_t x, struct rv_insn *o)
{
    o->rd = (uint8_t)bits(x, 7, 5);
    o->rs1 = 2;
    o->imm = bits(x, 12, 1) << 5 | bits(x, 4, 3) << 2 | bits(x, 2, 2) << 6;
}

static void fmt_c_ldsp(uint32_t x, struct rv_insn *o)
{
    o->rd = (uint8_t)bits(x, 7, 5);
    o->rs1 = 2;
    o->imm = bits(x, 12, 1) << 5 | bits(x, 5, 2) << 3 | bits(x, 2, 3) << 6;
}

static void fmt_c_jr(uint32_t x, struct rv_insn *o)
{
    o->rs1 = (uint8_t)bits(x, 7, 5);
}

static void fmt_c_mv(uint32_t x, struct rv_insn *o)
{
    o->rd = (uint8_t)bits(x, 7, 5);
    o->rs2 = (uint8_t)bits(x, 2, 5);
}

static void fmt_c_jalr(uint32_t x, struct rv_insn *o)
{
    o->rd = 1;
    o->rs1 = (uint8_t)bits(x, 7, 5);
}

static void fmt_c_add(uint32_t x, struct rv_insn *o)
{
    o->rd = o->rs1 = (uint8_t)bits(x, 7, 5);
    o->rs2 = (uint8_t)bits(x, 2, 5);
}

static void fmt_c_swsp(uint32_t x, struct rv_insn *o)
{
    o->rs1 = 2;
    o->rs2 = (uint8_t)bits(x, 2, 5);
    o->imm = bits(x, 9, 4) << 2 | bits(x, 7, 2) << 6;
}

static void fmt_c_sdsp(uint32_t x, struct rv_insn *o)
{
    o->rs1 = 2;
    o->rs2 = (uint8_t)bits(x, 2, 5);
    o->imm = bits(x, 10, 3) << 3 | bits(x, 7, 3) << 6;
}

static void (*const extract[RV_FMT_COUNT])(uint32_t, struct rv_insn *) = {
    [RV_FMT_NONE] = fmt_none,
    [RV_FMT_R] = fmt_r,
    [RV_FMT_R1] = fmt_r1,
    [RV_FMT_R_RM] = fmt_r_rm,
    [RV_FMT_R1_RM] = fmt_r1_rm,
    [RV_FMT_R4] = fmt_r4,
    [RV_FMT_I] = fmt_i,
    [RV_FMT_S] = fmt_s,
    [RV_FMT_B] = fmt_b,
    [RV_FMT_U] = fmt_u,
    [RV_FMT_J] = fmt_j,
    [RV_FMT_SH5] = fmt_sh5,
    [RV_FMT_SH6] = fmt_sh6,
    [RV_FMT_FENCE] = fmt_fence,
    [RV_FMT_CSR] = fmt_csr,
    [RV_FMT_CSRI] = fmt_csri,
    [RV_FMT_AMO] = fmt_amo,
    [RV_FMT_C_NONE] = fmt_none,
    [RV_FMT_C_ADDI4SPN] = fmt_c_addi4spn,
    [RV_FMT_C_LW] = fmt_c_lw,
    [RV_FMT_C_LD] = fmt_c_ld,
    [RV_FMT_C_SW] = fmt_c_sw,
    [RV_FMT_C_SD] = fmt_c_sd,
    [RV_FMT_C_ADDI] = fmt_c_addi,
    [RV_FMT_C_LI] = fmt_c_li,
    [RV_FMT_C_ADDI16SP] = fmt_c_addi16sp,
    [RV_FMT_C_LUI] = fmt_c_lui,
    [RV_FMT_C_SHIFT] = fmt_c_shift,
    [RV_FMT_C_ANDI] = fmt_c_andi,
    [RV_FMT_C_ARITH] = fmt_c_arith,
    [RV_FMT_C_J] = fmt_c_j,
    [RV_FMT_C_BRANCH] = fmt_c_branch,
    [RV_FMT_C_SLLI] = fmt_c_slli,
    [RV_FMT_C_LWSP] = fmt_c_lwsp,
    [RV_FMT_C_LDSP] = fmt_c_ldsp,
    [RV_FMT_C_JR] = fmt_c_jr,
    [RV_FMT_C_MV] = fmt_c_mv,
    [RV_FMT_C_JALR] = fmt_c_jalr,
    [RV_FMT_C_ADD] = fmt_c_add,
    [RV_FMT_C_SWSP] = fmt_c_swsp,
    [RV_FMT_C_SDSP] = fmt_c_sdsp,
};

static unsigned bucket_of(uint32_t raw, unsigned len)
{
    if (len == 2)
        return bits(raw, 0, 2) << 3 | bits(raw, 13, 3);
    return RV_BUCKETS_16 + bits(raw, 2, 5);
}

static const struct rv_encoding *lookup(uint32_t raw, unsigned len)
{
    unsigned b = bucket_of(raw, len);
    for (unsigned i = rv_bucket_start[b]; i < rv_bucket_start[b + 1]; i++)
        if ((raw & rv_encodings[i].mask) == rv_encodings[i].match)
            return &rv_encodings[i];
    return NULL;
}

/* The spec's nz= constraints: reserved encodings whose field is zero. */
static bool reserved(const struct rv_encoding *e, const struct rv_insn *o)
{
    return ((e->nz & RV_NZ_RD) && o->rd == 0) ||
           ((e->nz & RV_NZ_RS1) && o->rs1 == 0) ||
           ((e->nz & RV_NZ_RS2) && o->rs2 == 0) ||
           ((e->nz & RV_NZ_IMM) && o->imm == 0);
}

unsigned rv_decode(const uint8_t *bytes, size_t avail, struct rv_insn *out)
{
    memset(out, 0, sizeof(*out));
    uint32_t raw = (uint32_t)bytes[0] | (uint32_t)bytes[1] << 8;
    unsigned len = (raw & 3) == 3 ? 4 : 2;
    out->len = (uint8_t)len;
    if (len == 4) {
        if (avail < 4) {
            out->raw = raw;
            return len;
        }
        raw |= (uint32_t)bytes[2] << 16 | (uint32_t)bytes[3] << 24;
    }
    out->raw = raw;

    const struct rv_encoding *e = lookup(raw, len);
    if (!e)
        return len;
    extract[rv_opinfo[e->op].fmt](raw, out);
    if (reserved(e, out)) {
        memset(out, 0, sizeof(*out));
        out->len = (uint8_t)len;
        out->raw = raw;
        return len;
    }
    out->op = e->op;
    return len;
}

const char *rv_opcode_name(unsigned op)
{
    return op < RV_OPCODE_COUNT ? rv_opinfo[op].name : "invalid";
}
