/*
 * atomic.S — cmpxchg (register and locked memory forms, equal and
 * unequal), cmpxchg8b/16b, xadd, xchg (register pairs, including the
 * 32-bit forms that clear both upper halves, and memory), and the lock
 * forms of add adc sub sbb and or xor inc dec neg not on memory. The
 * accumulator holds b, the destination a, the new value 0x5a...
 */
#include "harness.inc"

    .equ NEW_VALUE, 0x5a5a5a5a5a5a5a5a

    .data
    .balign 16
cell:  .quad 0, 0

/* CMPXCHG_REG suffix dst acc src: r8 = destination, r9 = accumulator. */
    .macro CMPXCHG_REG suffix, dst, src
    CASE cmpxchg_\suffix
    mov rcx, rdi
    mov rax, rsi
    mov rdx, NEW_VALUE
    cmpxchg \dst, \src
    mov r8, rcx
    mov r9, rax
    END_CASE 0
    /* The accumulator equal to the destination: the exchange happens. */
    CASE cmpxchg_eq_\suffix, int, one
    mov rcx, rdi
    mov rax, rdi
    mov rdx, NEW_VALUE
    cmpxchg \dst, \src
    mov r8, rcx
    mov r9, rax
    END_CASE 0
    .endm

    CMPXCHG_REG b, cl, dl
    CMPXCHG_REG w, cx, dx
    CMPXCHG_REG d, ecx, edx
    CMPXCHG_REG q, rcx, rdx

/* CMPXCHG_MEM size src: lock cmpxchg on memory holding a. */
    .macro CMPXCHG_MEM suffix, size, src
    CASE lock_cmpxchg_\suffix
    mov [rip + cell], rdi
    mov rax, rsi
    mov rdx, NEW_VALUE
    lock cmpxchg \size ptr [rip + cell], \src
    mov r8, [rip + cell]
    mov r9, rax
    END_CASE 0
    .endm

    CMPXCHG_MEM b, byte, dl
    CMPXCHG_MEM w, word, dx
    CMPXCHG_MEM d, dword, edx
    CMPXCHG_MEM q, qword, rdx

/* cmpxchg8b/16b: memory {a, b}; rdx:rax is {a, b} (equal) or {b, a}
 * (unequal unless a == b), for 8b edx:eax is a's high half and a's or b's
 * low half; rcx:rbx is the new value; r11 = rax ^ rdx afterwards. Only ZF
 * changes. */
    .macro WIDE_CMPXCHG name, insn, ptr, equal
    CASE \name
    push rbx
    mov [rip + cell], rdi
    mov [rip + cell + 8], rsi
    .ifc \insn, cmpxchg8b
    /* edx:eax from the memory's halves without touching the flags. */
    mov edx, dword ptr [rip + cell + 4]
    .if \equal
    mov eax, edi
    .else
    mov eax, esi
    .endif
    .else
    .if \equal
    mov rax, rdi
    mov rdx, rsi
    .else
    mov rax, rsi
    mov rdx, rdi
    .endif
    .endif
    mov rbx, 0x1111111122222222
    mov rcx, 0x3333333344444444
    lock \insn \ptr ptr [rip + cell]
    mov r8, [rip + cell]
    mov r9, [rip + cell + 8]
    mov r11, rax
    pushfq
    xor r11, rdx
    popfq
    pop rbx
    END_CASE 0
    .endm

    WIDE_CMPXCHG cmpxchg8b_ne, cmpxchg8b, qword, 0
    WIDE_CMPXCHG cmpxchg8b_eq, cmpxchg8b, qword, 1
    WIDE_CMPXCHG cmpxchg16b_ne, cmpxchg16b, xmmword, 0
    WIDE_CMPXCHG cmpxchg16b_eq, cmpxchg16b, xmmword, 1

/* xadd: r8 = destination (the sum), r9 = source (the old destination). */
    .macro XADD_REG suffix, dst, src
    CASE xadd_\suffix
    mov rax, rdi
    mov rcx, rsi
    xadd \dst, \src
    mov r8, rax
    mov r9, rcx
    END_CASE 0
    .endm
    XADD_REG b, al, cl
    XADD_REG w, ax, cx
    XADD_REG d, eax, ecx
    XADD_REG q, rax, rcx

    .macro XADD_MEM suffix, size, src
    CASE lock_xadd_\suffix
    mov [rip + cell], rdi
    mov rcx, rsi
    lock xadd \size ptr [rip + cell], \src
    mov r8, [rip + cell]
    mov r9, rcx
    END_CASE 0
    .endm
    XADD_MEM b, byte, cl
    XADD_MEM w, word, cx
    XADD_MEM d, dword, ecx
    XADD_MEM q, qword, rcx

/* xchg: r8 and r9 are the two registers afterwards. */
    .macro XCHG_REG suffix, r1, r2
    CASE xchg_\suffix
    mov rax, rdi
    mov rcx, rsi
    xchg \r1, \r2
    mov r8, rax
    mov r9, rcx
    END_CASE 0
    .endm
    XCHG_REG b, al, cl
    XCHG_REG bh, ah, cl
    XCHG_REG w, ax, cx
    XCHG_REG d, eax, ecx
    XCHG_REG q, rax, rcx

/* xchg eax, eax is not a nop in 64-bit mode: it clears rax's upper half. */
    CASE xchg_eax_eax, int, one
    mov rax, rdi
    .byte 0x87, 0xc0
    mov r8, rax
    END_CASE 0
    CASE xchg_mem_q
    mov [rip + cell], rdi
    mov rcx, rsi
    xchg qword ptr [rip + cell], rcx
    mov r8, [rip + cell]
    mov r9, rcx
    END_CASE 0
    CASE xchg_mem_b
    mov [rip + cell], rdi
    mov rcx, rsi
    xchg byte ptr [rip + cell], cl
    mov r8, [rip + cell]
    mov r9, rcx
    END_CASE 0

/* Locked read-modify-write on memory. */
    .irp insn, add, adc, sub, sbb
    CASE lock_\insn\()_q
    mov [rip + cell], rdi
    lock \insn qword ptr [rip + cell], rsi
    mov r8, [rip + cell]
    END_CASE 0
    CASE lock_\insn\()_b
    mov [rip + cell], rdi
    lock \insn byte ptr [rip + cell], sil
    mov r8, [rip + cell]
    END_CASE 0
    .endr
    .irp insn, and, or, xor
    CASE lock_\insn\()_d
    mov [rip + cell], rdi
    lock \insn dword ptr [rip + cell], esi
    mov r8, [rip + cell]
    END_CASE F_AF
    .endr
    .irp insn, inc, dec, neg, not
    CASE lock_\insn\()_w, int, one
    mov [rip + cell], rdi
    lock \insn word ptr [rip + cell]
    mov r8, [rip + cell]
    END_CASE 0
    CASE lock_\insn\()_q, int, one
    mov [rip + cell], rdi
    lock \insn qword ptr [rip + cell]
    mov r8, [rip + cell]
    END_CASE 0
    .endr

#include "harness_end.inc"
