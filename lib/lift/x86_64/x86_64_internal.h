/*
 * x86_64_internal.h — shared by the lifter's files: the per-instruction
 * context, operand access and the mnemonic tables each file contributes.
 *
 * A lift function sees one decoded instruction (Zydis: visible operands
 * first, then hidden ones such as implicit rAX or flags) and appends its IR
 * after the INSN marker. It returns false for a form it does not handle;
 * the block then ends with an ILLEGAL trap at this instruction, so nothing
 * it emitted runs. Guest state is written only after the last access that
 * can fault (loads and stores first, PUTs last), so a fault leaves the
 * state of before the instruction.
 */
#ifndef VM_X86_64_INTERNAL_H
#define VM_X86_64_INTERNAL_H

#include <stdbool.h>

#include <Zydis/Zydis.h>

#include "x86_64.h"

struct x86_fuse; /* x86_64_flags.h */

struct x86_lift {
    struct ir_block *b;
    const ZydisDecodedInstruction *insn;
    const ZydisDecodedOperand *op; /* insn->operand_count entries */
    uint64_t pc, next_pc;
    bool ends_block;               /* set by lifters that emit a terminator */
    struct x86_fuse *fuse;         /* the block's last flag record, for
                                      x86_cond; NULL outside a block */
};

typedef bool (*x86_lift_fn)(struct x86_lift *l);

struct x86_lift_entry {
    ZydisMnemonic mnemonic;
    x86_lift_fn fn;
};

/* Each lifter file exports one table; x86_64_lift.c merges them. */
extern const struct x86_lift_entry x86_lift_table_int[];
extern const size_t x86_lift_table_int_len;
extern const struct x86_lift_entry x86_lift_table_sse[];
extern const size_t x86_lift_table_sse_len;
extern const struct x86_lift_entry x86_lift_table_mmx[];
extern const size_t x86_lift_table_mmx_len;
extern const struct x86_lift_entry x86_lift_table_x87[];
extern const size_t x86_lift_table_x87_len;

/* Operand access (x86_64_operand.c). i indexes l->op. */
/* The 64-bit effective address of memory operand i: base + index*scale +
 * disp, rip-relative from next_pc, plus fs_base/gs_base for fs:/gs:, and
 * truncated to 32 bits under an address-size prefix. */
ir_temp x86_operand_addr(struct x86_lift *l, unsigned i);
/* The value of register, memory or immediate operand i, zero-extended
 * from its size (immediates: sign-extended to the operand size first). */
ir_temp x86_read_operand(struct x86_lift *l, unsigned i);
/* Writes v to register or memory operand i with the architectural rules:
 * a 32-bit register write zero-extends to 64, 8/16-bit writes merge
 * (AH..BH are bits 8-15). */
void x86_write_operand(struct x86_lift *l, unsigned i, ir_temp v);
/* The state offset of a general register (any width, AH..BH give the
 * byte offset + 1), or -1 for a non-general register. */
int x86_gpr_offset(ZydisRegister r);
/* XMM register number 0..15, or -1. */
int x86_xmm_index(ZydisRegister r);
/* Operand size in bytes. */
unsigned x86_operand_size(const struct x86_lift *l, unsigned i);

#endif
