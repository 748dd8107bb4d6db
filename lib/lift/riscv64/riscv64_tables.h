/*
 * riscv64_tables.h — the shapes of the tables gen_decoder.py generates
 * from riscv64.spec, shared by the decoder and the disassembler.
 * The spec's format and operand names map to RV_FMT_<NAME> and
 * RV_OPND_<NAME>; a name missing here fails the build.
 */
#ifndef VM_RISCV64_TABLES_H
#define VM_RISCV64_TABLES_H

#include <stdint.h>

#include "riscv64_opcodes.h"

/* Field-extraction formats (how rv_decode fills struct rv_insn). */
enum rv_format {
    RV_FMT_NONE,
    RV_FMT_R, RV_FMT_R1, RV_FMT_R_RM, RV_FMT_R1_RM, RV_FMT_R4,
    RV_FMT_I, RV_FMT_S, RV_FMT_B, RV_FMT_U, RV_FMT_J,
    RV_FMT_SH5, RV_FMT_SH6, RV_FMT_FENCE, RV_FMT_CSR, RV_FMT_CSRI,
    RV_FMT_AMO,
    RV_FMT_C_NONE, RV_FMT_C_ADDI4SPN, RV_FMT_C_LW, RV_FMT_C_LD,
    RV_FMT_C_SW, RV_FMT_C_SD, RV_FMT_C_ADDI, RV_FMT_C_LI,
    RV_FMT_C_ADDI16SP, RV_FMT_C_LUI, RV_FMT_C_SHIFT, RV_FMT_C_ANDI,
    RV_FMT_C_ARITH, RV_FMT_C_J, RV_FMT_C_BRANCH, RV_FMT_C_SLLI,
    RV_FMT_C_LWSP, RV_FMT_C_LDSP, RV_FMT_C_JR, RV_FMT_C_MV,
    RV_FMT_C_JALR, RV_FMT_C_ADD, RV_FMT_C_SWSP, RV_FMT_C_SDSP,
    RV_FMT_COUNT
};

/* Operands as the disassembler prints them (see riscv64.spec). */
enum rv_operand {
    RV_OPND_END,
    RV_OPND_XD, RV_OPND_XS1, RV_OPND_XS2,
    RV_OPND_FD, RV_OPND_FS1, RV_OPND_FS2, RV_OPND_FS3,
    RV_OPND_IMM, RV_OPND_MEM, RV_OPND_AMEM, RV_OPND_HI20, RV_OPND_SH,
    RV_OPND_TARGET, RV_OPND_CSR, RV_OPND_UIMM, RV_OPND_PRED, RV_OPND_SUCC,
    RV_OPND_RM
};

/* Reserved-when-zero constraints of an encoding (the spec's nz=). */
enum {
    RV_NZ_RD = 1 << 0,
    RV_NZ_RS1 = 1 << 1,
    RV_NZ_RS2 = 1 << 2,
    RV_NZ_IMM = 1 << 3,
};

#define RV_MAX_OPERANDS 5
/* 24 buckets of 16-bit forms (quadrant x funct3), 32 of 32-bit forms. */
#define RV_BUCKETS 56
#define RV_BUCKETS_16 24

struct rv_opinfo {
    const char *name;
    uint8_t fmt;                          /* enum rv_format */
    uint8_t operands[RV_MAX_OPERANDS + 1]; /* enum rv_operand, END-terminated */
};

struct rv_encoding {
    uint32_t mask, match;
    uint16_t op;   /* enum rv_opcode */
    uint8_t nz;    /* RV_NZ_* */
};

struct rv_csr_name {
    uint16_t number;
    const char *name;
};

extern const struct rv_opinfo rv_opinfo[RV_OPCODE_COUNT];
/* Bucket b's encodings are rv_encodings[rv_bucket_start[b] ..
 * rv_bucket_start[b + 1]), most specific first. */
extern const struct rv_encoding rv_encodings[];
extern const uint16_t rv_bucket_start[RV_BUCKETS + 1];
/* CSR names objdump prints, sorted by number. */
extern const struct rv_csr_name rv_csr_names[];
extern const unsigned rv_csr_count;

#endif
