/*
 * aarch64_tables.h — the shapes of the tables gen_decoder.py generates
 * from aarch64.spec, shared by the decoder and the disassembler.
 */
#ifndef VM_AARCH64_TABLES_H
#define VM_AARCH64_TABLES_H

#include <stdbool.h>
#include <stdint.h>

#include "aarch64_opcodes.h"

/* Non-register operands (the spec's names upper-cased). */
enum a64_operand {
    A64_OPND_END,
    A64_OPND_ADR, A64_OPND_ADRP, A64_OPND_AIMM, A64_OPND_LIMM,
    A64_OPND_MOVK, A64_OPND_MOVZ, A64_OPND_MOVN, A64_OPND_IMMR,
    A64_OPND_IMMS, A64_OPND_BFIZ_LSB, A64_OPND_BFIZ_WIDTH,
    A64_OPND_BFX_WIDTH, A64_OPND_LSL_AMOUNT, A64_OPND_PCREL26,
    A64_OPND_PCREL19, A64_OPND_PCREL14, A64_OPND_BITPOS, A64_OPND_IMM16,
    A64_OPND_HINTIMM, A64_OPND_BARRIER, A64_OPND_SYSREG, A64_OPND_PRFOP,
    A64_OPND_MEM_U, A64_OPND_MEM_S9, A64_OPND_MEM_PRE, A64_OPND_MEM_POST,
    A64_OPND_MEM_REG, A64_OPND_MEM0, A64_OPND_PAIR, A64_OPND_PAIR_PRE,
    A64_OPND_PAIR_POST, A64_OPND_SHIFT, A64_OPND_EXTREG, A64_OPND_NZCV,
    A64_OPND_IMM5, A64_OPND_COND, A64_OPND_INVCOND,
    /* fixed words (psb csync, bti c) */
    A64_OPND_CSYNC, A64_OPND_C, A64_OPND_J, A64_OPND_JC,
    /* the upper half of a vector register (fmov v0.d[1], x1) */
    A64_OPND_VD_D1, A64_OPND_VN_D1,
    /* AdvSIMD: vectors by Q:size (t) or Q (b, bytes), dup's and umov's
     * from imm5, shrn's narrow and wide sides, modified immediates, ld1/st1's
     * register list and post-index */
    A64_OPND_VD_T, A64_OPND_VN_T, A64_OPND_VM_T, A64_OPND_ZERO,
    A64_OPND_VD_B, A64_OPND_VN_B, A64_OPND_VM_B, A64_OPND_VD_DUP,
    A64_OPND_VN_ELEM, A64_OPND_VD_SHRN, A64_OPND_VN_SHRN,
    A64_OPND_SHRN_AMOUNT, A64_OPND_VD_MOD, A64_OPND_MODIMM, A64_OPND_VLIST,
    A64_OPND_VPOST, A64_OPND_EXT_INDEX,
    /* scalar FP: fmov's immediate, fcmp's #0.0 */
    A64_OPND_FPIMM, A64_OPND_FZERO,
};

/* Register operands: 0x80 | width << 4 | sp << 3 | field. W, X (or W/X
 * by sf) name general registers, B..Q the FP/SIMD ones. */
enum a64_width { A64_WIDTH_SF, A64_WIDTH_W, A64_WIDTH_X, A64_WIDTH_B,
                 A64_WIDTH_H, A64_WIDTH_S, A64_WIDTH_D, A64_WIDTH_Q };
enum a64_field { A64_FIELD_D, A64_FIELD_N, A64_FIELD_M, A64_FIELD_A,
                 A64_FIELD_T, A64_FIELD_T2, A64_FIELD_S };
#define A64_REG(width, field, sp) (0x80 | (width) << 4 | (sp) << 3 | (field))
#define A64_IS_REG(opnd) ((opnd) & 0x80)

enum a64_pred {
    A64_PRED_NONE,
#define A64_PRED_ENUM(name) A64_PRED_##name,
    A64_PREDS(A64_PRED_ENUM)
#undef A64_PRED_ENUM
    A64_PRED_COUNT
};

#define A64_MAX_OPERANDS 4
#define A64_BUCKETS 16 /* by bits 28:25 */

struct a64_opinfo {
    const char *mnemonic;
    uint16_t base;         /* the base opcode (itself for base lines) */
    uint16_t alias_start;  /* its aliases: a64_aliases[start, start+count) */
    uint16_t alias_count;
    uint8_t operands[A64_MAX_OPERANDS + 1]; /* END-terminated */
};

struct a64_encoding {
    uint32_t mask, match;
    uint16_t op;   /* enum a64_opcode */
    uint8_t pred;  /* enum a64_pred */
};

extern const struct a64_opinfo a64_opinfo[A64_OPCODE_COUNT];
extern const struct a64_encoding a64_encodings[];
extern const uint16_t a64_bucket_start[A64_BUCKETS + 1];
extern const struct a64_encoding a64_aliases[];

/* aarch64_pred.c: whether predicate p holds for the word. */
bool a64_pred_holds(enum a64_pred p, uint32_t raw);

#endif
