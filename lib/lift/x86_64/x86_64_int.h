/*
 * x86_64_int.h — shared by the integer lifters (x86_64_lift_*.c, not the
 * SSE ones): register helpers beyond x86_64_internal.h's operand API, and
 * the lift functions x86_64_lift_table.c lists in x86_lift_table_int.
 */
#ifndef VM_X86_64_INT_H
#define VM_X86_64_INT_H

#include "x86_64_flags.h"

/* Whole 64-bit general register n (enum x86_gpr). */
ir_temp x86_get_gpr(struct x86_lift *l, unsigned n);
void x86_put_gpr(struct x86_lift *l, unsigned n, ir_temp v);
/* Register r (any width) read zero-extended, and the full 64-bit value
 * its register holds after writing v to r (merge or zero-extension),
 * without writing it. */
ir_temp x86_read_reg(struct x86_lift *l, ZydisRegister r);
ir_temp x86_reg_after_write(struct x86_lift *l, ZydisRegister r, ir_temp v);
void x86_write_reg(struct x86_lift *l, ZydisRegister r, ir_temp v);
/* full (the enclosing register's 64-bit value) with v written to r. */
ir_temp x86_merge_reg(struct x86_lift *l, ir_temp full, ZydisRegister r,
                      ir_temp v);
/* The general register number (0..15) enclosing r, or -1. */
int x86_gpr_number(ZydisRegister r);

bool x86_is_mem(const struct x86_lift *l, unsigned i);
bool x86_is_reg(const struct x86_lift *l, unsigned i);
bool x86_is_imm(const struct x86_lift *l, unsigned i);
bool x86_has_lock(const struct x86_lift *l);
/* The immediate of operand i sign- or zero-extended to 64 bits, as
 * Zydis decoded it. */
uint64_t x86_imm64(const struct x86_lift *l, unsigned i);
/* A constant mask of a size-byte value. */
uint64_t x86_size_mask(unsigned size);

/* For a lock-prefixed read-modify-write whose IR has no single atomic op:
 * stores new over old at addr only if memory still holds old, else
 * re-executes the instruction (nothing else was written yet). */
void x86_store_if_unchanged(struct x86_lift *l, ir_temp addr, ir_temp old,
                            ir_temp new_, unsigned size);

/* Lift functions, by file. */
#define X86_INT_LIFTERS(X)                                                     \
    /* x86_64_lift_alu.c */                                                    \
    X(add) X(adc) X(sub) X(sbb) X(cmp) X(and) X(or) X(xor) X(test)             \
    X(not) X(neg) X(inc) X(dec)                                                \
    /* x86_64_lift_xchg.c */                                                   \
    X(xchg) X(cmpxchg) X(xadd) X(cmpxchg8b) X(cmpxchg16b)                      \
    /* x86_64_lift_mov.c */                                                    \
    X(mov) X(movzx) X(movsx) X(lea) X(cmovcc) X(setcc) X(bswap) X(xlat)        \
    X(cbw) X(cwde) X(cdqe) X(cwd) X(cdq) X(cqo)                                \
    /* x86_64_lift_shift.c */                                                  \
    X(shl) X(shr) X(sar) X(rol) X(ror) X(rcl) X(rcr) X(shld) X(shrd)           \
    /* x86_64_lift_muldiv.c */                                                 \
    X(mul) X(imul) X(div) X(idiv)                                              \
    /* x86_64_lift_bits.c */                                                   \
    X(bt) X(bts) X(btr) X(btc) X(bsf) X(bsr) X(tzcnt) X(lzcnt) X(popcnt)       \
    /* x86_64_lift_ctrl.c */                                                   \
    X(jmp) X(jcc) X(jrcxz) X(loop) X(loope) X(loopne) X(call) X(ret)           \
    /* x86_64_lift_stack.c */                                                  \
    X(push) X(pop) X(enter) X(leave) X(pushfq) X(popfq)                        \
    /* x86_64_lift_string.c */                                                 \
    X(movs) X(stos) X(lods) X(cmps) X(scas)                                    \
    /* x86_64_lift_misc.c */                                                   \
    X(nop) X(fence) X(cpuid) X(rdtsc) X(syscall) X(ud2) X(int3) X(privileged)  \
    X(lahf) X(sahf) X(cmc) X(clc) X(stc) X(cld) X(std)

#define X86_LIFT_DECL(name) bool x86_lift_##name(struct x86_lift *l);
X86_INT_LIFTERS(X86_LIFT_DECL)
#undef X86_LIFT_DECL

#endif
