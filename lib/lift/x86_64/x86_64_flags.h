/*
 * x86_64_flags.h — the arithmetic flags as IR. The state keeps flag
 * *sources* (x86_64_state.h: ZF = zf_src == 0, SF = bit 63 of sf_src...),
 * so an add or a cmp only copies its operands and result into the flag
 * words; a flag is computed where it is read. Lifters describe the flags
 * an instruction defines in a struct x86_flag_set (0/1 values, sources or
 * both) and commit it after their last memory access; condition codes
 * read the words back, or — right after a cmp/test/sub/and/add of the
 * same block — compare that instruction's operands directly (one IR
 * compare for cmp + jl: x86_64_flags_cond.c).
 */
#ifndef VM_X86_64_FLAGS_H
#define VM_X86_64_FLAGS_H

#include "x86_64_internal.h"

enum x86_flag { X86_CF, X86_PF, X86_AF, X86_ZF, X86_SF, X86_OF, X86_DF,
                X86_NUM_FLAGS };

/* How the last flag-setting instruction of the block can answer a
 * condition code without the flag words (struct x86_fuse). */
enum x86_fuse_kind {
    X86_FUSE_NONE,
    X86_FUSE_SUB,    /* flags of a - b: cmp, sub */
    X86_FUSE_LOGIC,  /* of res with CF = OF = 0: and, or, xor, test */
    X86_FUSE_RESULT, /* ZF, SF, PF of res; CF = cf when cf is set */
};

struct x86_fuse {
    enum x86_fuse_kind kind;
    unsigned size;
    ir_temp a, b, res, cf;
    uint32_t after; /* the block's IR length after the flags were put */
};

/*
 * Flags an instruction sets. v[f] is a 0/1 value (0: not set); instead of
 * values ZF, PF and SF may come as sources (zs, ps, ss: ZF = zs == 0, PF =
 * parity of zs's low byte, SF = bit 63 of the sign-extended ss), and OF
 * and AF as of_a/of_b over ss (always both). fuse says how jcc may read
 * them.
 */
struct x86_flag_set {
    ir_temp v[X86_NUM_FLAGS];
    ir_temp zs, ps, ss, oa, ob;
    struct x86_fuse fuse;
};

/* Flag f as 0/1, from the flag words. */
ir_temp x86_get_flag(struct x86_lift *l, enum x86_flag f);
/* Sets flag f alone to the 0/1 value v. */
void x86_put_flag(struct x86_lift *l, enum x86_flag f, ir_temp v);

/* Writes the flags set in *f; when only_if is not 0, each flag takes its
 * new value only where only_if is 1 (shift by a zero count, say). */
void x86_flags_commit(struct x86_lift *l, const struct x86_flag_set *f,
                      ir_temp only_if);

/* fcomi, comisd: ZF, PF, CF from bits 6, 2, 0 of r; OF, SF, AF cleared. */
void x86_flags_zpc(struct x86_lift *l, ir_temp r);

/* The sign bit of a size-byte value, as 0/1. */
ir_temp x86_msb(struct x86_lift *l, unsigned size, ir_temp v);
/* Bit n (a constant) of v, as 0/1. */
ir_temp x86_bit(struct x86_lift *l, ir_temp v, unsigned n);

/* ZF, SF and PF of a size-byte result (sources). */
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
 * l nl le nle) as 0/1 (x86_64_flags_cond.c). */
ir_temp x86_cond(struct x86_lift *l, unsigned cc);
/* The condition code of jcc/setcc/cmovcc: the low nibble of the opcode. */
unsigned x86_insn_cond(const struct x86_lift *l);

/* RFLAGS composed from the flag words (pushf, syscall's r11), and the
 * reverse (popf): the words and rflags_other from an RFLAGS value. */
ir_temp x86_rflags_read(struct x86_lift *l);
void x86_rflags_write(struct x86_lift *l, ir_temp rflags);

#endif
