/*
 * bits.S — bt bts btr btc (register and immediate bit offsets, register
 * and memory operands: a register offset into memory addresses the bit
 * string beyond the operand, negative offsets included), bsf bsr, bswap.
 * After bt*: ZF unaffected, CF the bit, OF SF AF PF undefined. After
 * bsf/bsr ZF tells a zero source, the other flags are undefined, and so
 * is the destination for a zero source (shown as 0xeeee).
 */
#include "harness.inc"

    .equ BT_UNDEFINED, F_OF | F_SF | F_AF | F_PF
    .equ BS_UNDEFINED, F_ARITH & ~F_ZF

    .section .rodata
tab_bitoff:
    .quad 0, 1, 7, 15, 16, 31, 32, 63, 64, 100, -1, -60
tab_bitoff_end:
    .data
    .balign 8
/* Three words of bit string; offsets count from the middle one and stay
 * within the three (-60 to 100). */
bits_before: .quad 0
bits_at:     .quad 0
bits_after:  .quad 0

/* BITREG insn: register forms at 16/32/64 bits, offset b (taken modulo
 * the size) and two immediates (taken modulo the size too). */
    .macro BITREG insn
    CASE \insn\()_w, int, bitoff
    mov rax, rdi
    \insn ax, si
    mov r8, rax
    END_CASE BT_UNDEFINED
    CASE \insn\()_d, int, bitoff
    mov rax, rdi
    \insn eax, esi
    mov r8, rax
    END_CASE BT_UNDEFINED
    CASE \insn\()_q, int, bitoff
    mov rax, rdi
    \insn rax, rsi
    mov r8, rax
    END_CASE BT_UNDEFINED
    CASE \insn\()_d_i33, int, one
    mov rax, rdi
    \insn eax, 33
    mov r8, rax
    END_CASE BT_UNDEFINED
    CASE \insn\()_q_i63, int, one
    mov rax, rdi
    \insn rax, 63
    mov r8, rax
    END_CASE BT_UNDEFINED
    /* Memory: the bit string is ~a, a, a rotated by 32. */
    CASE \insn\()_mem_q, int, bitoff
    mov rax, rdi
    not rax
    mov [rip + bits_before], rax
    mov [rip + bits_at], rdi
    rol rax, 32
    mov [rip + bits_after], rax
    \insn qword ptr [rip + bits_at], rsi
    mov r8, [rip + bits_before]
    mov r9, [rip + bits_at]
    mov r11, [rip + bits_after]
    END_CASE BT_UNDEFINED
    CASE \insn\()_mem_w, int, bitoff
    mov [rip + bits_before], rdi
    mov [rip + bits_at], rdi
    mov [rip + bits_after], rdi
    \insn word ptr [rip + bits_at], si
    mov r8, [rip + bits_before]
    mov r9, [rip + bits_at]
    mov r11, [rip + bits_after]
    END_CASE BT_UNDEFINED
    /* An immediate offset into memory is taken modulo the size. */
    CASE \insn\()_mem_w_i17, int, one
    mov [rip + bits_at], rdi
    mov [rip + bits_after], rdi
    \insn word ptr [rip + bits_at], 17
    mov r9, [rip + bits_at]
    END_CASE BT_UNDEFINED
    .endm

    BITREG bt
    BITREG bts
    BITREG btr
    BITREG btc

/* A lock prefix on the memory forms. */
    .irp insn, bts, btr, btc
    CASE lock_\insn, int, bitoff
    mov [rip + bits_at], rdi
    mov [rip + bits_after], rdi
    mov [rip + bits_before], rdi
    lock \insn qword ptr [rip + bits_at], rsi
    mov r8, [rip + bits_before]
    mov r9, [rip + bits_at]
    mov r11, [rip + bits_after]
    END_CASE BT_UNDEFINED
    .endr

/* SCAN insn reg src: bsf/bsr into a preset destination. */
    .macro SCAN name, insn, dst, src
    CASE \name, int, one
    mov rax, 0x4444444444444444
    mov rcx, rdi
    \insn \dst, \src
    mov r8, rax
    jnz 1f
    mov r8d, 0xeeee
1:
    END_CASE BS_UNDEFINED
    .endm

    SCAN bsf_w, bsf, ax, cx
    SCAN bsf_d, bsf, eax, ecx
    SCAN bsf_q, bsf, rax, rcx
    SCAN bsr_w, bsr, ax, cx
    SCAN bsr_d, bsr, eax, ecx
    SCAN bsr_q, bsr, rax, rcx

    CASE bswap_d, int, one
    mov rax, rdi
    bswap eax
    mov r8, rax
    END_CASE 0
    CASE bswap_q, int, one
    mov r9, rdi
    bswap r9
    END_CASE 0

#include "harness_end.inc"
