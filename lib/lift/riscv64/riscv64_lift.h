/*
 * riscv64_lift.h — internal to the RISC-V 64 lifter: the per-instruction
 * table entry, the lifting context, and the helpers shared by the
 * extension files (riscv64_lift_rvi.c, _rvm.c, _rva.c, _rvfd*.c, _zicsr.c).
 *
 * Each extension file exports one table indexed by enum rv_opcode. An entry
 * names a shared "shape" function (register-register ALU op, load, branch,
 * FP helper call ...) plus the parameters that make it one instruction
 * (the IR op or helper, the operand size, a flag), so most instructions are
 * one table line. Compressed opcodes use the same entry as their base: the
 * decoder has already expanded their operands.
 */
#ifndef VM_RISCV64_LIFT_H
#define VM_RISCV64_LIFT_H

#include <stdbool.h>
#include <stdint.h>

#include "ir.h"
#include "riscv64.h"

/* What a shape function lifts: one decoded instruction at pc into b. */
struct rv_lift {
    struct ir_block *b;
    const struct rv_insn *in;
    uint64_t pc;
};

struct rv_lift_op;

/* Returns 0, or -1 when the instruction is illegal; in that case it must
 * not have emitted anything (the caller ends the block with ILLEGAL). */
typedef int (*rv_lift_fn)(const struct rv_lift *l, const struct rv_lift_op *op);

struct rv_lift_op {
    rv_lift_fn fn;  /* NULL: not in this table */
    uint8_t arg;    /* the IR op, helper id, AMO kind or trap */
    uint8_t size;   /* operand size in bytes: 4 for *W, .w and .s forms */
    uint8_t flag;   /* shape-specific (signed load, swapped compare ...) */
};

/* The extension tables, each RV_OPCODE_COUNT entries long. */
extern const struct rv_lift_op rv_lift_rvi[RV_OPCODE_COUNT];
extern const struct rv_lift_op rv_lift_rvm[RV_OPCODE_COUNT];
extern const struct rv_lift_op rv_lift_rva[RV_OPCODE_COUNT];
extern const struct rv_lift_op rv_lift_rvfd[RV_OPCODE_COUNT];
extern const struct rv_lift_op rv_lift_rvfd_move[RV_OPCODE_COUNT];
extern const struct rv_lift_op rv_lift_zicsr[RV_OPCODE_COUNT];

/* Integer registers: x0 reads as 0, writes to x0 are dropped. */
ir_temp rv_get_x(const struct rv_lift *l, unsigned reg);
void rv_put_x(const struct rv_lift *l, unsigned reg, ir_temp v);

/* FP registers as raw 64-bit values (doubles, or boxed singles). */
ir_temp rv_get_f(const struct rv_lift *l, unsigned reg);
void rv_put_f(const struct rv_lift *l, unsigned reg, ir_temp v);

/* A single operand: the low 32 bits when properly NaN-boxed, else the
 * canonical NaN. */
ir_temp rv_get_f_single(const struct rv_lift *l, unsigned reg);
/* Writes the low 32 bits of v as a NaN-boxed single (upper half all
 * ones, whatever v's upper half was). */
void rv_put_f_single(const struct rv_lift *l, unsigned reg, ir_temp v);

/* in->imm as a constant. */
ir_temp rv_imm(const struct rv_lift *l);
/* rs1 + imm: the address of loads, stores and jalr. */
ir_temp rv_addr(const struct rv_lift *l);
/* Sign-extends a 32-bit result (the *W ops). */
ir_temp rv_sext_w(const struct rv_lift *l, ir_temp v);
/* The pc of the next instruction. */
uint64_t rv_next_pc(const struct rv_lift *l);

/* Shape shared by RV64I and M: rd = rs1 <op->arg> rs2, at 64 bits, or as a
 * *W op when op->size is 4 (the op at size 4, then sign-extended). */
int rv_alu_reg(const struct rv_lift *l, const struct rv_lift_op *op);

#endif
