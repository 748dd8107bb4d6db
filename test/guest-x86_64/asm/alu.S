/*
 * alu.S — add adc sub sbb cmp and or xor test (register, immediate and
 * memory forms) and neg inc dec not, at 8, 16, 32 and 64 bits, over the
 * edge operands of tab_int with the incoming flags clear and set. The
 * results are full 64-bit registers, so 8/16-bit merging and 32-bit zero
 * extension show. AF is undefined after the logical operations.
 */
#include "harness.inc"

    .bss
    .balign 8
cell: .skip 8

/* BINARY insn, undefined: register-register forms at every size. */
    .macro BINARY insn, undefined=0
    CASE \insn\()_b
    mov rax, rdi
    mov rcx, rsi
    \insn al, cl
    mov r8, rax
    mov r9, rcx
    END_CASE \undefined
    CASE \insn\()_w
    mov rax, rdi
    mov rcx, rsi
    \insn ax, cx
    mov r8, rax
    END_CASE \undefined
    CASE \insn\()_d
    mov rax, rdi
    mov rcx, rsi
    \insn eax, ecx
    mov r8, rax
    END_CASE \undefined
    CASE \insn\()_q
    mov rax, rdi
    mov rcx, rsi
    \insn rax, rcx
    mov r8, rax
    END_CASE \undefined
    /* Memory destination and memory source. */
    CASE \insn\()_mem_b
    mov [rip + cell], rdi
    \insn byte ptr [rip + cell], sil
    mov r8, [rip + cell]
    END_CASE \undefined
    CASE \insn\()_mem_d
    mov [rip + cell], rdi
    \insn dword ptr [rip + cell], esi
    mov r8, [rip + cell]
    END_CASE \undefined
    CASE \insn\()_q_mem
    mov [rip + cell], rsi
    mov rax, rdi
    \insn rax, qword ptr [rip + cell]
    mov r8, rax
    END_CASE \undefined
    /* Immediates: the short AL/EAX forms, sign-extended imm8 and imm32. */
    CASE \insn\()_al_i, int, one
    mov rax, rdi
    \insn al, 0x81
    mov r8, rax
    END_CASE \undefined
    CASE \insn\()_w_i8, int, one
    mov rcx, rdi
    \insn cx, -2
    mov r8, rcx
    END_CASE \undefined
    CASE \insn\()_eax_i, int, one
    mov rax, rdi
    \insn eax, 0x80000001
    mov r8, rax
    END_CASE \undefined
    CASE \insn\()_q_i32, int, one
    mov rcx, rdi
    \insn rcx, -0x7ffffff0
    mov r8, rcx
    END_CASE \undefined
    CASE \insn\()_q_i8, int, one
    mov rdx, rdi
    \insn rdx, 0x7f
    mov r8, rdx
    END_CASE \undefined
    .endm

/* UNARY insn, undefined: one operand, register and memory forms. */
    .macro UNARY insn, undefined=0
    CASE \insn\()_b, int, one
    mov rax, rdi
    \insn al
    mov r8, rax
    END_CASE \undefined
    CASE \insn\()_w, int, one
    mov rax, rdi
    \insn ax
    mov r8, rax
    END_CASE \undefined
    CASE \insn\()_d, int, one
    mov rax, rdi
    \insn eax
    mov r8, rax
    END_CASE \undefined
    CASE \insn\()_q, int, one
    mov rax, rdi
    \insn rax
    mov r8, rax
    END_CASE \undefined
    CASE \insn\()_mem_w, int, one
    mov [rip + cell], rdi
    \insn word ptr [rip + cell]
    mov r8, [rip + cell]
    END_CASE \undefined
    .endm

    BINARY add
    BINARY adc
    BINARY sub
    BINARY sbb
    BINARY cmp
    BINARY and, F_AF
    BINARY or, F_AF
    BINARY xor, F_AF
    UNARY neg
    UNARY inc
    UNARY dec
    UNARY not

/* test has no memory-source form with a register destination. */
    CASE test_b
    mov rax, rdi
    test al, sil
    END_CASE F_AF
    CASE test_w
    mov rax, rdi
    test ax, si
    END_CASE F_AF
    CASE test_d
    test edi, esi
    END_CASE F_AF
    CASE test_q
    test rdi, rsi
    END_CASE F_AF
    CASE test_mem_q
    mov [rip + cell], rdi
    test qword ptr [rip + cell], rsi
    END_CASE F_AF
    CASE test_al_i, int, one
    mov rax, rdi
    test al, 0x81
    END_CASE F_AF
    CASE test_q_i32, int, one
    test rdi, -0x7ffffff0
    END_CASE F_AF

/* xor of a register with itself: the zeroing idiom. */
    CASE xor_self_d, int, one
    mov rax, rdi
    xor eax, eax
    mov r8, rax
    END_CASE F_AF

#include "harness_end.inc"
