/*
 * aarch64_disasm.c — a64_disasm: the spec's mnemonic, then each operand
 * printed as aarch64-linux-gnu-objdump prints it, ", " between those
 * that print anything (a zero shift prints nothing).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "aarch64.h"
#include "aarch64_tables.h"

struct out {
    char *buf;
    size_t size, n;
};

__attribute__((format(printf, 2, 3)))
static void put(struct out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(o->buf + o->n, o->n < o->size ? o->size - o->n : 0,
                      fmt, ap);
    va_end(ap);
    if (k > 0)
        o->n = o->n + (size_t)k < o->size ? o->n + (size_t)k : o->size - 1;
}

static const char *const cond_names[16] = {
    "eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc",
    "hi", "ls", "ge", "lt", "gt", "le", "al", "nv"};

static unsigned field_reg(uint32_t raw, enum a64_field f)
{
    static const uint8_t lsb[] = {[A64_FIELD_D] = 0, [A64_FIELD_N] = 5,
                                  [A64_FIELD_M] = 16, [A64_FIELD_A] = 10,
                                  [A64_FIELD_T] = 0, [A64_FIELD_T2] = 10,
                                  [A64_FIELD_S] = 16};
    return a64_bits(raw, lsb[f], 5);
}

static void put_reg(struct out *o, unsigned r, bool x, bool sp)
{
    if (r == 31)
        put(o, "%s", sp ? (x ? "sp" : "wsp") : (x ? "xzr" : "wzr"));
    else
        put(o, "%c%u", x ? 'x' : 'w', r);
}

static void put_target(struct out *o, uint64_t target)
{
    put(o, "%" PRIx64, target);
}

static void put_mem(struct out *o, uint32_t raw, int64_t off, const char *end)
{
    put(o, "[");
    put_reg(o, a64_rn(raw), true, true);
    if (off)
        put(o, ", #%" PRId64, off);
    put(o, "]%s", end);
}

static const char *const extend_names[8] = {"uxtb", "uxth", "uxtw", "uxtx",
                                            "sxtb", "sxth", "sxtw", "sxtx"};

/* [Xn, Rm{, extend {#s}}]: lsl when the option is uxtx. */
static void put_mem_reg(struct out *o, uint32_t raw)
{
    unsigned option = a64_bits(raw, 13, 3), s = a64_bits(raw, 12, 1);
    unsigned scale = a64_ldst_scale(raw);
    put(o, "[");
    put_reg(o, a64_rn(raw), true, true);
    put(o, ", ");
    put_reg(o, a64_rm(raw), option & 1, false);
    if (option == 3) {
        if (s)
            put(o, ", lsl #%u", scale);
    } else {
        put(o, ", %s", extend_names[option]);
        if (s)
            put(o, " #%u", scale);
    }
    put(o, "]");
}

/* Rm{, extend {#amount}}: lsl (or nothing) for the natural extension of
 * an sp operand. */
static void put_extreg(struct out *o, uint32_t raw)
{
    unsigned option = a64_bits(raw, 13, 3), amount = a64_bits(raw, 10, 3);
    bool sf = a64_sf(raw), setflags = a64_bits(raw, 29, 1);
    put_reg(o, a64_rm(raw), sf && (option & 3) == 3, false);
    bool sp = a64_rn(raw) == 31 || (!setflags && a64_rd(raw) == 31);
    if (sp && option == (sf ? 3u : 2u)) {
        if (amount)
            put(o, ", lsl #%u", amount);
        return;
    }
    put(o, ", %s", extend_names[option]);
    if (amount)
        put(o, " #%u", amount);
}

static void put_sysreg(struct out *o, uint32_t raw)
{
    static const struct { uint16_t enc; const char *name; } names[] = {
        {0x5e82, "tpidr_el0"}, {0x5e83, "tpidrro_el0"}, {0x5a20, "fpcr"},
        {0x5a21, "fpsr"},      {0x5a10, "nzcv"},        {0x5f02, "cntvct_el0"},
        {0x5f00, "cntfrq_el0"}, {0x5801, "ctr_el0"},    {0x5807, "dczid_el0"},
        {0x4000, "midr_el1"},
    };
    unsigned enc = a64_bits(raw, 5, 15);
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (names[i].enc == enc) {
            put(o, "%s", names[i].name);
            return;
        }
    put(o, "s%u_%u_c%u_c%u_%u", 2 + a64_bits(raw, 19, 1), a64_bits(raw, 16, 3),
        a64_bits(raw, 12, 4), a64_bits(raw, 8, 4), a64_bits(raw, 5, 3));
}

static void put_prfop(struct out *o, unsigned rt)
{
    static const char *const types[] = {"pld", "pli", "pst"};
    unsigned type = rt >> 3, target = (rt >> 1) & 3;
    if (type == 3 || target == 3)
        put(o, "#0x%02x", rt);
    else
        put(o, "%sl%u%s", types[type], target + 1, rt & 1 ? "strm" : "keep");
}

static void put_barrier(struct out *o, unsigned crm)
{
    static const char *const names[16] = {
        [1] = "oshld", [2] = "oshst", [3] = "osh", [5] = "nshld",
        [6] = "nshst", [7] = "nsh", [9] = "ishld", [10] = "ishst",
        [11] = "ish", [13] = "ld", [14] = "st", [15] = "sy"};
    if (names[crm])
        put(o, "%s", names[crm]);
    else
        put(o, "#0x%02x", crm);
}

/* Vector arrangements by Q and log2 of the lane bytes. */
static const char *arrangement(bool q, unsigned size_log2)
{
    static const char *const names[2][4] = {{"8b", "4h", "2s", "1d"},
                                            {"16b", "8h", "4s", "2d"}};
    return names[q][size_log2 & 3];
}

static unsigned lowest_set(unsigned v)
{
    return (unsigned)__builtin_ctz(v);
}

static void put_vlist(struct out *o, uint32_t raw)
{
    static const uint8_t count[16] = {[7] = 1, [10] = 2, [6] = 3, [2] = 4};
    unsigned n = count[a64_bits(raw, 12, 4)], rt = a64_rd(raw);
    const char *t = arrangement(a64_bits(raw, 30, 1), a64_bits(raw, 10, 2));
    /* objdump writes three or four registers as a range */
    if (n >= 3 && rt + n - 1 < 32) {
        put(o, "{v%u.%s-v%u.%s}", rt, t, rt + n - 1, t);
        return;
    }
    put(o, "{");
    for (unsigned i = 0; i < n; i++)
        put(o, "%sv%u.%s", i ? ", " : "", (rt + i) % 32, t);
    put(o, "}");
}

/* ld1/st1 post-index: the bytes moved (Rm = 31) or Rm. */
static void put_vpost(struct out *o, uint32_t raw)
{
    static const uint8_t count[16] = {[7] = 1, [10] = 2, [6] = 3, [2] = 4};
    unsigned rm = a64_rm(raw);
    if (rm == 31)
        put(o, "#%u", count[a64_bits(raw, 12, 4)] *
                          (a64_bits(raw, 30, 1) ? 16u : 8u));
    else
        put(o, "x%u", rm);
}

static void put_simd(struct out *o, unsigned k, uint32_t raw)
{
    bool q = a64_bits(raw, 30, 1);
    unsigned size = a64_bits(raw, 22, 2), imm5 = a64_bits(raw, 16, 5);
    unsigned immh = a64_bits(raw, 19, 4);
    unsigned narrow = immh & 4 ? 2 : immh & 2 ? 1 : 0; /* log2 bytes */
    unsigned cmode = a64_bits(raw, 12, 4);
    switch ((enum a64_operand)k) {
    case A64_OPND_VD_T: put(o, "v%u.%s", a64_rd(raw), arrangement(q, size)); break;
    case A64_OPND_VN_T: put(o, "v%u.%s", a64_rn(raw), arrangement(q, size)); break;
    case A64_OPND_VM_T: put(o, "v%u.%s", a64_rm(raw), arrangement(q, size)); break;
    case A64_OPND_ZERO: put(o, "#0"); break;
    case A64_OPND_VD_B: put(o, "v%u.%s", a64_rd(raw), arrangement(q, 0)); break;
    case A64_OPND_VN_B: put(o, "v%u.%s", a64_rn(raw), arrangement(q, 0)); break;
    case A64_OPND_VM_B: put(o, "v%u.%s", a64_rm(raw), arrangement(q, 0)); break;
    case A64_OPND_VD_DUP:
        put(o, "v%u.%s", a64_rd(raw), arrangement(q, lowest_set(imm5)));
        break;
    case A64_OPND_VN_ELEM: {
        static const char letters[4] = {'b', 'h', 's', 'd'};
        unsigned s = lowest_set(imm5);
        put(o, "v%u.%c[%u]", a64_rn(raw), letters[s], imm5 >> (s + 1));
        break;
    }
    case A64_OPND_VD_SHRN: put(o, "v%u.%s", a64_rd(raw), arrangement(q, narrow)); break;
    case A64_OPND_VN_SHRN:
        put(o, "v%u.%s", a64_rn(raw), arrangement(true, narrow + 1));
        break;
    case A64_OPND_SHRN_AMOUNT:
        put(o, "#%u", (16u << narrow) - a64_bits(raw, 16, 7));
        break;
    case A64_OPND_VD_MOD:
        put(o, "v%u.%s", a64_rd(raw),
            cmode == 14 ? (a64_bits(raw, 29, 1) ? "2d" : arrangement(q, 0))
                        : arrangement(q, (cmode & 12) == 8 ? 1 : 2));
        break;
    case A64_OPND_MODIMM: {
        unsigned imm8 = a64_bits(raw, 16, 3) << 5 | a64_bits(raw, 5, 5);
        if (cmode == 14) {
            uint64_t v = a64_simd_expand_imm(a64_bits(raw, 29, 1), cmode, imm8);
            put(o, "#0x%" PRIx64, a64_bits(raw, 29, 1) ? v : v & 0xff);
            break;
        }
        put(o, "#0x%x", imm8);
        if ((cmode & 14) == 12)
            put(o, ", msl #%u", cmode & 1 ? 16 : 8);
        else if (cmode & 8 ? (cmode >> 1) & 1 : (cmode >> 1) & 3)
            put(o, ", lsl #%u",
                8 * (cmode & 8 ? (cmode >> 1) & 1 : (cmode >> 1) & 3));
        break;
    }
    case A64_OPND_EXT_INDEX: put(o, "#%u", a64_bits(raw, 11, 4)); break;
    case A64_OPND_VLIST: put_vlist(o, raw); break;
    case A64_OPND_VPOST: put_vpost(o, raw); break;
    default: break;
    }
}

static uint64_t trunc_width(uint64_t v, bool sf)
{
    return sf ? v : (uint32_t)v;
}

static void put_operand(struct out *o, unsigned k, uint32_t raw, uint64_t pc)
{
    bool sf = a64_sf(raw);
    unsigned w = sf ? 64 : 32;
    unsigned immr = a64_bits(raw, 16, 6), imms = a64_bits(raw, 10, 6);
    unsigned hw = a64_bits(raw, 21, 2);
    uint64_t wide = (uint64_t)a64_bits(raw, 5, 16) << (16 * hw);
    uint64_t v;
    if (A64_IS_REG(k)) {
        static const char fp_letter[8] = {[A64_WIDTH_B] = 'b', [A64_WIDTH_H] = 'h',
                                          [A64_WIDTH_S] = 's', [A64_WIDTH_D] = 'd',
                                          [A64_WIDTH_Q] = 'q'};
        unsigned width = (k >> 4) & 7;
        unsigned r = field_reg(raw, (enum a64_field)(k & 7));
        if (fp_letter[width]) {
            put(o, "%c%u", fp_letter[width], r);
            return;
        }
        bool x = width == A64_WIDTH_X || (width == A64_WIDTH_SF && sf);
        put_reg(o, r, x, k & 8);
        return;
    }
    switch ((enum a64_operand)k) {
    case A64_OPND_ADR:
    case A64_OPND_ADRP: {
        int64_t imm = (int64_t)((uint64_t)a64_sbits(raw, 5, 19) << 2) |
                      a64_bits(raw, 29, 2);
        put_target(o, k == A64_OPND_ADR
                          ? pc + (uint64_t)imm
                          : (pc & ~0xfffull) + ((uint64_t)imm << 12));
        break;
    }
    case A64_OPND_AIMM:
        put(o, "#0x%x", a64_bits(raw, 10, 12));
        if (a64_bits(raw, 22, 1))
            put(o, ", lsl #12");
        break;
    case A64_OPND_LIMM:
        a64_decode_bitmask(raw, w, &v);
        put(o, "#0x%" PRIx64, v);
        break;
    case A64_OPND_MOVK:
        put(o, "#0x%x", a64_bits(raw, 5, 16));
        if (hw)
            put(o, ", lsl #%u", 16 * hw);
        break;
    case A64_OPND_MOVZ: put(o, "#0x%" PRIx64, trunc_width(wide, sf)); break;
    case A64_OPND_MOVN: put(o, "#0x%" PRIx64, trunc_width(~wide, sf)); break;
    case A64_OPND_IMMR: put(o, "#%u", immr); break;
    case A64_OPND_IMMS: put(o, "#%u", imms); break;
    case A64_OPND_BFIZ_LSB: put(o, "#%u", (w - immr) & (w - 1)); break;
    case A64_OPND_BFIZ_WIDTH: put(o, "#%u", imms + 1); break;
    case A64_OPND_BFX_WIDTH: put(o, "#%u", imms - immr + 1); break;
    case A64_OPND_LSL_AMOUNT: put(o, "#%u", w - 1 - imms); break;
    case A64_OPND_PCREL26:
        put_target(o, pc + (uint64_t)(a64_sbits(raw, 0, 26) * 4));
        break;
    case A64_OPND_PCREL19:
        put_target(o, pc + (uint64_t)(a64_sbits(raw, 5, 19) * 4));
        break;
    case A64_OPND_PCREL14:
        put_target(o, pc + (uint64_t)(a64_sbits(raw, 5, 14) * 4));
        break;
    case A64_OPND_BITPOS:
        put(o, "#%u", a64_bits(raw, 31, 1) << 5 | a64_bits(raw, 19, 5));
        break;
    case A64_OPND_IMM16: put(o, "#0x%x", a64_bits(raw, 5, 16)); break;
    case A64_OPND_HINTIMM: put(o, "#0x%x", a64_bits(raw, 5, 7)); break;
    case A64_OPND_BARRIER: put_barrier(o, a64_bits(raw, 8, 4)); break;
    case A64_OPND_SYSREG: put_sysreg(o, raw); break;
    case A64_OPND_PRFOP: put_prfop(o, a64_rd(raw)); break;
    case A64_OPND_MEM_U:
        put_mem(o, raw, (int64_t)a64_bits(raw, 10, 12) << a64_ldst_scale(raw),
                "");
        break;
    case A64_OPND_MEM_S9: put_mem(o, raw, a64_sbits(raw, 12, 9), ""); break;
    case A64_OPND_MEM_PRE:
        put(o, "[");
        put_reg(o, a64_rn(raw), true, true);
        put(o, ", #%" PRId64 "]!", a64_sbits(raw, 12, 9));
        break;
    case A64_OPND_MEM_POST:
        put_mem(o, raw, 0, "");
        put(o, ", #%" PRId64, a64_sbits(raw, 12, 9));
        break;
    case A64_OPND_MEM_REG: put_mem_reg(o, raw); break;
    case A64_OPND_MEM0: put_mem(o, raw, 0, ""); break;
    case A64_OPND_PAIR: put_mem(o, raw, a64_pair_offset(raw), ""); break;
    case A64_OPND_PAIR_PRE:
        put(o, "[");
        put_reg(o, a64_rn(raw), true, true);
        put(o, ", #%" PRId64 "]!", a64_pair_offset(raw));
        break;
    case A64_OPND_PAIR_POST:
        put_mem(o, raw, 0, "");
        put(o, ", #%" PRId64, a64_pair_offset(raw));
        break;
    case A64_OPND_SHIFT: {
        static const char *const names[4] = {"lsl", "lsr", "asr", "ror"};
        unsigned type = a64_bits(raw, 22, 2), amount = imms;
        if (type || amount)
            put(o, "%s #%u", names[type], amount);
        break;
    }
    case A64_OPND_EXTREG: put_extreg(o, raw); break;
    case A64_OPND_NZCV: put(o, "#0x%x", a64_bits(raw, 0, 4)); break;
    case A64_OPND_IMM5: put(o, "#0x%x", a64_bits(raw, 16, 5)); break;
    case A64_OPND_COND: put(o, "%s", cond_names[a64_bits(raw, 12, 4)]); break;
    case A64_OPND_INVCOND:
        put(o, "%s", cond_names[a64_bits(raw, 12, 4) ^ 1]);
        break;
    case A64_OPND_CSYNC: put(o, "csync"); break;
    case A64_OPND_C: put(o, "c"); break;
    case A64_OPND_J: put(o, "j"); break;
    case A64_OPND_JC: put(o, "jc"); break;
    case A64_OPND_FPIMM: {
        /* objdump prints the value as a double with 18 decimals */
        bool dbl = a64_bits(raw, 22, 2) == 1;
        uint64_t bits = a64_fp_expand_imm(a64_bits(raw, 13, 8), dbl);
        double v;
        if (dbl) {
            memcpy(&v, &bits, sizeof v);
        } else {
            uint32_t b32 = (uint32_t)bits;
            float f;
            memcpy(&f, &b32, sizeof f);
            v = f;
        }
        put(o, "#%.18e", v);
        break;
    }
    case A64_OPND_FZERO: put(o, "#0.0"); break;
    case A64_OPND_VD_D1: put(o, "v%u.d[1]", a64_rd(raw)); break;
    case A64_OPND_VN_D1: put(o, "v%u.d[1]", a64_rn(raw)); break;
    case A64_OPND_END: break;
    default: put_simd(o, k, raw); break;
    }
}

int a64_disasm(const struct a64_insn *in, uint64_t pc, char *buf, size_t size)
{
    struct out o = {buf, size, 0};
    if (size)
        buf[0] = '\0';
    if (in->form == A64_INVALID) {
        put(&o, ".inst\t0x%08x", in->raw);
        return (int)o.n;
    }
    const struct a64_opinfo *info = &a64_opinfo[in->form];
    put(&o, "%s", info->mnemonic);
    if (info->mnemonic[strlen(info->mnemonic) - 1] == '.')
        put(&o, "%s", cond_names[a64_bits(in->raw, 0, 4)]);
    bool first = true;
    for (const uint8_t *k = info->operands; *k != A64_OPND_END; k++) {
        char piece[96];
        struct out p = {piece, sizeof(piece), 0};
        piece[0] = '\0';
        put_operand(&p, *k, in->raw, pc);
        if (!p.n)
            continue;
        put(&o, "%s%s", first ? "\t" : ", ", piece);
        first = false;
    }
    return (int)o.n;
}
