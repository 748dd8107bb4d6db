/*
 * aarch64_lift.h — internal to the AArch64 lifter: the per-opcode table
 * entry, the lifting context and the helpers the class files share
 * (aarch64_lift_dpimm.c, _dpreg.c, _branch.c, _ldst.c, _atomic.c, _fp.c, _fparith.c, _simd.c).
 *
 * Each class file exports one table indexed by enum a64_opcode (the base
 * opcode: aliases lift as their base). An entry names a shape function
 * and the parameters that make it one instruction.
 *
 * Flags: every flag-setting instruction computes N, Z, C and V into their
 * own state words where it executes (simple and exact); the dead-flag
 * pass deletes the writes nobody reads. The lazy or fused compare-branch
 * model of issue 2.3 can replace a64_set_flags_* without touching the
 * instruction files.
 */
#ifndef VM_AARCH64_LIFT_H
#define VM_AARCH64_LIFT_H

#include <stdbool.h>
#include <stdint.h>

#include "aarch64.h"
#include "ir.h"

struct a64_lift {
    struct ir_block *b;
    const struct a64_insn *in;
    uint64_t pc;
    uint32_t raw;
};

struct a64_lift_op;

/* 0, or -1 when the instruction is not lifted; then nothing may have been
 * emitted (the caller ends the block with ILLEGAL). */
typedef int (*a64_lift_fn)(const struct a64_lift *l,
                           const struct a64_lift_op *op);

struct a64_lift_op {
    a64_lift_fn fn; /* NULL: not in this table */
    uint8_t arg;    /* the IR op, addressing form, ... */
    uint8_t flag;   /* shape-specific */
};

extern const struct a64_lift_op a64_lift_dpimm[A64_OPCODE_COUNT];
extern const struct a64_lift_op a64_lift_dpreg[A64_OPCODE_COUNT];
extern const struct a64_lift_op a64_lift_branch[A64_OPCODE_COUNT];
extern const struct a64_lift_op a64_lift_ldst[A64_OPCODE_COUNT];
extern const struct a64_lift_op a64_lift_atomic[A64_OPCODE_COUNT];
extern const struct a64_lift_op a64_lift_fp[A64_OPCODE_COUNT];
extern const struct a64_lift_op a64_lift_fparith[A64_OPCODE_COUNT];
extern const struct a64_lift_op a64_lift_simd[A64_OPCODE_COUNT];

/* 8 when bit 31 (sf) is set, else 4. */
unsigned a64_size(const struct a64_lift *l);
ir_temp a64_const(const struct a64_lift *l, uint64_t v);
/* Register reg as 64 bits: 31 is sp when `sp`, else zero. */
ir_temp a64_get(const struct a64_lift *l, unsigned reg, bool sp);
/* Writes the low `size` bytes of v, zero-extended (a W write clears the
 * upper half); reg 31 is sp when `sp`, else the write is dropped. */
void a64_put(const struct a64_lift *l, unsigned reg, bool sp, unsigned size,
             ir_temp v);
ir_temp a64_binop(const struct a64_lift *l, enum ir_op op, unsigned size,
                  ir_temp x, ir_temp y);
/* x shifted by the shifted-register form's type (lsl/lsr/asr/ror). */
ir_temp a64_shift(const struct a64_lift *l, unsigned size, ir_temp x,
                  unsigned type, unsigned amount);

/* Condition `cond` (0..15) of the current flags, as 0 or 1. */
ir_temp a64_cond(const struct a64_lift *l, unsigned cond);
/* Flags of r = x + y + a carry in (sub: y inverted, carry 1). */
void a64_set_flags_add(const struct a64_lift *l, unsigned size, ir_temp x,
                       ir_temp y, ir_temp r);
/* Flags of a logical result: N and Z from r, C = V = 0. */
void a64_set_flags_logic(const struct a64_lift *l, unsigned size, ir_temp r);
/* x + y + carry_in at size, and its flags when set_flags. */
ir_temp a64_add_carry(const struct a64_lift *l, unsigned size, ir_temp x,
                      ir_temp y, ir_temp carry_in, bool set_flags);

#endif
