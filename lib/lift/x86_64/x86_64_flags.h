/*
 * x86_64_flags.h — the arithmetic flags as IR: each flag is an 8-byte state
 * word holding 0 or 1 (x86_64_state.h). Lifters compute the flags an
 * instruction defines into a struct x86_flag_set and commit them after
 * their last memory access; condition codes read the words back.
 */
#ifndef VM_X86_64_FLAGS_H
#define VM_X86_64_FLAGS_H

#include "x86_64_internal.h"

enum x86_flag { X86_CF, X86_PF, X86_AF, X86_ZF, X86_SF, X86_OF, X86_DF,
                X86_NUM_FLAGS };

/* Values for some flags; 0 (no temp) leaves that flag unchanged. */
struct x86_flag_set {
    ir_temp v[X86_NUM_FLAGS];
};

size_t x86_flag_offset(enum x86_flag f);
ir_temp x86_get_flag(struct x86_lift *l, enum x86_flag f);
void x86_put_flag(struct x86_lift *l, enum x86_flag f, ir_temp v);

/* Writes the flags set in *f; when only_if is not 0, each flag takes its
 * new value only where only_if is 1 (shift by a zero count, say). */
void x86_flags_commit(struct x86_lift *l, const struct x86_flag_set *f,
                      ir_temp only_if);

/* The sign bit of a size-byte value, as 0/1. */
ir_temp x86_msb(struct x86_lift *l, unsigned size, ir_temp v);
/* Bit n (a constant) of v, as 0/1. */
ir_temp x86_bit(struct x86_lift *l, ir_temp v, unsigned n);

/* ZF, SF and PF of a size-byte result. */
void x86_flags_result(struct x86_lift *l, unsigned size, ir_temp res,
                      struct x86_flag_set *f);
/* All six flags of res = a + b and res = a - b (no carry in: CF is one
 * unsigned compare). */
void x86_flags_add(struct x86_lift *l, unsigned size, ir_temp a, ir_temp b,
                   ir_temp res, struct x86_flag_set *f);
void x86_flags_sub(struct x86_lift *l, unsigned size, ir_temp a, ir_temp b,
                   ir_temp res, struct x86_flag_set *f);
/* The same for adc/sbb, res = a + b + carry and res = a - b - borrow. */
void x86_flags_adc(struct x86_lift *l, unsigned size, ir_temp a, ir_temp b,
                   ir_temp res, struct x86_flag_set *f);
void x86_flags_sbb(struct x86_lift *l, unsigned size, ir_temp a, ir_temp b,
                   ir_temp res, struct x86_flag_set *f);
/* and/or/xor/test: CF = OF = 0, AF = 0 (undefined; what Intel writes). */
void x86_flags_logic(struct x86_lift *l, unsigned size, ir_temp res,
                     struct x86_flag_set *f);

/* Condition code cc (0..15, Intel's order: o no b nb z nz be nbe s ns p np
 * l nl le nle) as 0/1. */
ir_temp x86_cond(struct x86_lift *l, unsigned cc);
/* The condition code of jcc/setcc/cmovcc: the low nibble of the opcode. */
unsigned x86_insn_cond(const struct x86_lift *l);

/* RFLAGS composed from the flag words (pushf, syscall's r11), and the
 * reverse (popf): the words and rflags_other from an RFLAGS value. */
ir_temp x86_rflags_read(struct x86_lift *l);
void x86_rflags_write(struct x86_lift *l, ir_temp rflags);

#endif
