/*
 * shifts.S — shl shr sar rol ror rcl rcr at 8/16/32/64 bits and shld shrd
 * at 16/32/64 bits, by counts 0, 1, 7, 31, 63 and the operand size, both
 * from cl and as an immediate (GNU as encodes an immediate 1 as the
 * D0/D1 short form). The count is masked to 5 bits (6 for 64-bit
 * operands); flags are untouched by a masked count of 0. Undefined after
 * a nonzero count (SDM vol. 2): AF for shifts, OF unless the count is 1,
 * CF for shl/shr when the count is at least the operand size; shld/shrd
 * with a count above a 16-bit size leave result and flags undefined.
 */
#include "harness.inc"

/* Sets undef to the undefined flags of insn (kind sh, sa, rot or dbl)
 * with masked count mc at size bits. */
    .macro UNDEFINED kind, size, mc
    .set undef, 0
    .if \mc != 0
    .ifnc \kind, rot
    .set undef, F_AF
    .endif
    .if \mc != 1
    .set undef, undef | F_OF
    .endif
    .ifc \kind, sh
    .if \mc >= \size
    .set undef, undef | F_CF
    .endif
    .endif
    .ifc \kind, dbl
    .if \mc > \size
    .set undef, F_ARITH
    .endif
    .endif
    .endif
    .endm

/* ONE_SHIFT insn kind size reg count: the cl and the immediate form. */
    .macro ONE_SHIFT insn, kind, size, reg, count
    .if \size == 64
    .set mc, \count & 63
    .else
    .set mc, \count & 31
    .endif
    UNDEFINED \kind, \size, mc
    CASE \insn\()\size\()_cl\count, int, one
    mov rax, rdi
    mov ecx, \count
    \insn \reg, cl
    mov r8, rax
    END_CASE undef
    CASE \insn\()\size\()_i\count, int, one
    mov rax, rdi
    \insn \reg, \count
    mov r8, rax
    END_CASE undef
    .endm

    .macro SHIFT insn, kind
    .irp count, 0, 1, 7, 31, 63, 8
    ONE_SHIFT \insn, \kind, 8, al, \count
    .endr
    .irp count, 0, 1, 7, 31, 63, 16
    ONE_SHIFT \insn, \kind, 16, ax, \count
    .endr
    .irp count, 0, 1, 7, 31, 63, 32
    ONE_SHIFT \insn, \kind, 32, eax, \count
    .endr
    .irp count, 0, 1, 7, 31, 63, 64
    ONE_SHIFT \insn, \kind, 64, rax, \count
    .endr
    .endm

    SHIFT shl, sh
    SHIFT shr, sh
    SHIFT sar, sa
    SHIFT rol, rot
    SHIFT ror, rot
    SHIFT rcl, rot
    SHIFT rcr, rot

/* ONE_DOUBLE insn size dst src count: shld/shrd with cl and immediate;
 * the result is masked too when the SDM leaves it undefined. */
    .macro ONE_DOUBLE insn, size, dst, src, count
    .if \size == 64
    .set mc, \count & 63
    .else
    .set mc, \count & 31
    .endif
    UNDEFINED dbl, \size, mc
    .set result_mask, -1
    .if mc > \size
    .set result_mask, 0
    .endif
    CASE \insn\()\size\()_cl\count
    mov rax, rdi
    mov rdx, rsi
    mov ecx, \count
    \insn \dst, \src, cl
    mov r8, rax
    pushfq
    and r8, result_mask
    popfq
    END_CASE undef
    CASE \insn\()\size\()_i\count
    mov rax, rdi
    mov rdx, rsi
    \insn \dst, \src, \count
    mov r8, rax
    pushfq
    and r8, result_mask
    popfq
    END_CASE undef
    .endm

    .macro DOUBLE insn
    .irp count, 0, 1, 7, 31, 63, 16
    ONE_DOUBLE \insn, 16, ax, dx, \count
    .endr
    .irp count, 0, 1, 7, 31, 63, 32
    ONE_DOUBLE \insn, 32, eax, edx, \count
    .endr
    .irp count, 0, 1, 7, 31, 63, 64
    ONE_DOUBLE \insn, 64, rax, rdx, \count
    .endr
    .endm

    DOUBLE shld
    DOUBLE shrd

#include "harness_end.inc"
