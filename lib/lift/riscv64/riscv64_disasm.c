/*
 * riscv64_disasm.c — rv_disasm: prints a decoded instruction exactly as
 * `riscv64-linux-gnu-objdump -d -M no-aliases` (binutils 2.40) prints its
 * mnemonic and operand columns, driven by the operand lists of the spec.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>

#include "riscv64.h"
#include "riscv64_tables.h"

static const char *const x_names[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
    "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
    "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
    "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

static const char *const f_names[32] = {
    "ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7",
    "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5",
    "fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7",
    "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
};

/* objdump's names for rm values 5 and 6, which are reserved. */
static const char *const rm_names[8] = {
    "rne", "rtz", "rdn", "rup", "rmm", "unknown", "unknown", "dyn",
};

/* The ordering suffix of lr/sc/amo, indexed by aq << 1 | rl. */
static const char *const aqrl_suffix[4] = { "", ".rl", ".aq", ".aqrl" };

/* A bounded output buffer that counts what it would have written. */
struct out {
    char *buf;
    size_t size, len;
};

static void put(struct out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t room = o->len < o->size ? o->size - o->len : 0;
    int n = vsnprintf(room ? o->buf + o->len : NULL, room, fmt, ap);
    va_end(ap);
    if (n > 0)
        o->len += (size_t)n;
}

static int cmp_csr(const void *key, const void *elem)
{
    unsigned number = *(const uint16_t *)key;
    unsigned other = ((const struct rv_csr_name *)elem)->number;
    return (number > other) - (number < other);
}

static void put_csr(struct out *o, uint16_t csr)
{
    const struct rv_csr_name *c = bsearch(&csr, rv_csr_names, rv_csr_count,
                                          sizeof(rv_csr_names[0]), cmp_csr);
    if (c)
        put(o, "%s", c->name);
    else
        put(o, "0x%x", csr);
}

/* Fence sets print as a subset of "iorw"; objdump calls the empty set
 * "unknown". */
static void put_fence_set(struct out *o, uint8_t set)
{
    if (!set) {
        put(o, "unknown");
        return;
    }
    static const char letters[] = "iorw";
    for (unsigned i = 0; i < 4; i++)
        if (set & (8u >> i))
            put(o, "%c", letters[i]);
}

/* Prints one operand; returns false when objdump leaves it out (a
 * dynamic rounding mode), so no separator goes before it. */
static bool put_operand(struct out *o, enum rv_operand kind,
                        const struct rv_insn *in, uint64_t pc)
{
    switch (kind) {
    case RV_OPND_XD: put(o, "%s", x_names[in->rd]); break;
    case RV_OPND_XS1: put(o, "%s", x_names[in->rs1]); break;
    case RV_OPND_XS2: put(o, "%s", x_names[in->rs2]); break;
    case RV_OPND_FD: put(o, "%s", f_names[in->rd]); break;
    case RV_OPND_FS1: put(o, "%s", f_names[in->rs1]); break;
    case RV_OPND_FS2: put(o, "%s", f_names[in->rs2]); break;
    case RV_OPND_FS3: put(o, "%s", f_names[in->rs3]); break;
    case RV_OPND_IMM: put(o, "%" PRId64, in->imm); break;
    case RV_OPND_UIMM: put(o, "%" PRId64, in->imm); break;
    case RV_OPND_MEM:
        put(o, "%" PRId64 "(%s)", in->imm, x_names[in->rs1]);
        break;
    case RV_OPND_AMEM: put(o, "(%s)", x_names[in->rs1]); break;
    case RV_OPND_HI20:
        put(o, "0x%" PRIx64, ((uint64_t)in->imm >> 12) & 0xfffff);
        break;
    case RV_OPND_SH: put(o, "0x%" PRIx64, (uint64_t)in->imm); break;
    case RV_OPND_TARGET: put(o, "%" PRIx64, pc + (uint64_t)in->imm); break;
    case RV_OPND_CSR: put_csr(o, in->csr); break;
    case RV_OPND_PRED: put_fence_set(o, in->pred); break;
    case RV_OPND_SUCC: put_fence_set(o, in->succ); break;
    case RV_OPND_RM:
        if (in->rm == 7)
            return false;
        put(o, "%s", rm_names[in->rm & 7]);
        break;
    case RV_OPND_END: return false;
    }
    return true;
}

int rv_disasm(const struct rv_insn *in, uint64_t pc, char *buf, size_t size)
{
    struct out o = { buf, size, 0 };
    if (size)
        buf[0] = '\0';
    if (in->op == RV_INVALID || in->op >= RV_OPCODE_COUNT) {
        /* objdump prints undecodable bits as data, in minimal hex. */
        put(&o, "%s\t0x%" PRIx32, in->len == 2 ? ".2byte" : ".4byte",
            in->raw);
        return (int)o.len;
    }
    const struct rv_opinfo *info = &rv_opinfo[in->op];
    put(&o, "%s", info->name);
    if (info->fmt == RV_FMT_AMO)
        put(&o, "%s", aqrl_suffix[(in->aq & 1) << 1 | (in->rl & 1)]);
    for (unsigned i = 0; info->operands[i] != RV_OPND_END; i++) {
        /* Operands are joined by ',' after a tab; a left-out rounding
         * mode is always last, so its separator can be written first and
         * taken back. */
        size_t mark = o.len;
        put(&o, "%s", i == 0 ? "\t" : ",");
        if (!put_operand(&o, info->operands[i], in, pc))
            o.len = mark;
    }
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    return (int)o.len;
}
