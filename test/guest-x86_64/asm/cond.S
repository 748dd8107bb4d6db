/*
 * cond.S — the 16 condition codes through setcc, jcc (short and near
 * displacements) and cmovcc (16, 32 and 64-bit, register and memory
 * sources), for all 32 combinations of CF PF ZF SF OF loaded with popf.
 * A false cmov with a 32-bit destination still clears the upper half.
 */
#include "harness.inc"

    .section .rodata
/* RFLAGS images: bit i of the index selects CF PF ZF SF OF. */
tab_flags:
    .irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
    .quad ((\i) & 1) * F_CF | ((\i >> 1) & 1) * F_PF | ((\i >> 2) & 1) * F_ZF | ((\i >> 3) & 1) * F_SF | ((\i >> 4) & 1) * F_OF
    .endr
tab_flags_end:
    .data
    .balign 8
cell: .quad 0x5555555555555555

/* setcc: r8 bit n is condition n (o no b ae e ne be a s ns p np l ge le g)
 * into a low byte register, r9 the same into ah; the flags are reloaded
 * before each one. */
    CASE setcc, flags, one
    xor r8d, r8d
    xor r9d, r9d
    .set bit, 0
    .irp cc, o, no, b, ae, e, ne, be, a, s, ns, p, np, l, ge, le, g
    mov eax, 0xaaaa
    push rdi
    popfq
    set\cc dl
    set\cc ah
    movzx edx, dl
    shl edx, bit
    or r8d, edx
    shr eax, 8
    shl eax, bit
    or r9d, eax
    .set bit, bit + 1
    .endr
    push rdi
    popfq
    END_CASE 0

/* jcc with an 8-bit displacement: r8 bit n set when condition n jumps. */
    CASE jcc_short, flags, one
    xor r8d, r8d
    .set bit, 0
    .irp cc, o, no, b, ae, e, ne, be, a, s, ns, p, np, l, ge, le, g
    push rdi
    popfq
    j\cc 1f
    jmp 2f
1:  or r8d, 1 << bit
2:
    .set bit, bit + 1
    .endr
    push rdi
    popfq
    END_CASE 0

/* jcc with a 32-bit displacement, taken over 200 bytes of padding. */
    CASE jcc_near, flags, one
    xor r8d, r8d
    .set bit, 0
    .irp cc, o, no, b, ae, e, ne, be, a, s, ns, p, np, l, ge, le, g
    push rdi
    popfq
    j\cc 1f
    jmp 2f
    .fill 200, 1, 0xcc
1:  or r8d, 1 << bit
2:
    .set bit, bit + 1
    .endr
    push rdi
    popfq
    END_CASE 0

/* cmovcc: r8 = the 16-bit form over 0x...aaaa, r9 the 32-bit form over
 * all ones, r11 the 64-bit form from memory; the moved value is b. */
    .irp cc, o, no, b, ae, e, ne, be, a, s, ns, p, np, l, ge, le, g
    CASE cmov\cc, flags, one
    mov r8, 0x7777777777777777
    mov r9, -1
    mov r11, 0x3333333333333333
    mov rcx, rsi
    push rdi
    popfq
    cmov\cc r8w, cx
    cmov\cc r9d, ecx
    cmov\cc r11, qword ptr [rip + cell]
    END_CASE 0
    .endr

#include "harness_end.inc"
