/*
 * stack.S — push/pop (64 and 16-bit, immediates, memory, rsp itself),
 * enter (nesting levels 0, 1 and 3)/leave, call/ret (direct, register,
 * memory, ret imm16), lea with every addressing form (base, index, scale,
 * disp8/disp32, no base, rip-relative, rbp/r13/rsp/r12 bases, 32-bit
 * address size), xlat, lahf/sahf, and pushf/popf with AC, ID and the
 * bits user mode cannot change. None of these change the arithmetic flags
 * (except sahf and popf), which the flags column shows.
 */
#include "harness.inc"

    .section .rodata
/* Images for popf: none with TF (it would trap) or NT (Linux lets user
 * mode set it, but no program does and vm does not keep it). */
tab_rflags:
    .quad 0, 0x40000, 0x200000, 0x8d5 | 0x400, 0x3000, 0x10000
    .quad 0x80000, 0x100000, 0xffffffffffffbeff
tab_rflags_end:
    .balign 64
/* xlat's table: byte i is i ^ 0x5a. */
xlat_table:
    .irp hi, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    .irp lo, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    .byte ((\hi * 16 + \lo) ^ 0x5a)
    .endr
    .endr

    .data
    .balign 8
cell:     .quad 0
call_ptr: .quad callee

    .text
callee:
    lea rax, [rip + callee]
    ret
/* callee_pop16: returns and drops the caller's two pushed arguments. */
callee_pop16:
    mov r11, [rsp + 8]
    ret 16

/* FLAGS_OUT: reads RFLAGS into r10 without changing anything else. */
    .macro FLAGS_OUT
    pushfq
    pop r10
    .endm

/* push/pop: r8 = what was pushed, r9 = how far rsp moved, r11 popped. */
    CASE push_pop_q
    mov rdx, rsp
    push rdi
    FLAGS_OUT
    mov r8, [rsp]
    mov r9, rdx
    sub r9, rsp
    pop r11
    ret
    CASE push_pop_w
    mov rdx, rsp
    mov rax, rsi
    push di
    FLAGS_OUT
    mov r8, [rsp - 6]
    mov r9, rdx
    sub r9, rsp
    pop ax
    mov r11, rax
    ret
    CASE push_imm8, int, one
    mov rdx, rsp
    push -2
    FLAGS_OUT
    mov r9, rdx
    sub r9, rsp
    pop r8
    ret
    CASE push_imm32, int, one
    push 0x7fffffff
    push -0x80000000
    FLAGS_OUT
    pop r8
    pop r9
    ret
    CASE push_pop_mem
    mov [rip + cell], rdi
    push qword ptr [rip + cell]
    mov [rip + cell], rsi
    FLAGS_OUT
    pop r8
    push qword ptr [rip + cell]
    pop qword ptr [rip + cell]
    mov r9, [rip + cell]
    ret
/* push rsp pushes the value before the push; pop rsp loads rsp. */
    CASE push_rsp, int, one
    mov rdx, rsp
    push rsp
    FLAGS_OUT
    mov r8, rdx
    sub r8, [rsp]
    pop rax
    mov rcx, rsp
    push rdi
    mov rax, rsp
    push rax
    pop rsp
    mov r9, rcx
    sub r9, rsp
    pop r11
    ret

/* enter SIZE, LEVEL / leave: r8 = bytes of stack enter used (low half)
 * and left after leave (high half), r9 = where rbp ends up below the
 * entry rsp, r11 = the sum of the frame pointers copied from the fake
 * outer frame (1, 2, ...) plus the new frame pointer's distance to the
 * entry rsp. rbp is saved and restored. */
    .macro ENTER_LEAVE size, level
    CASE enter_\size\()_\level, int, one
    push rbp
    mov rdx, rsp
    lea rbp, [rsp - 64]
    .set i, 1
    .rept 4
    mov qword ptr [rbp - 8 * i], i
    .set i, i + 1
    .endr
    enter \size, \level
    FLAGS_OUT
    mov r8, rdx
    sub r8, rsp
    mov r9, rdx
    sub r9, rbp
    xor r11d, r11d
    .if \level > 0
    .set i, 1
    .rept \level - 1
    add r11, [rbp - 8 * i]
    .set i, i + 1
    .endr
    add r11, rdx
    sub r11, [rbp - 8 * \level]
    .endif
    leave
    mov rax, rdx
    sub rax, rsp
    shl rax, 32
    or r8, rax
    pop rbp
    ret
    .endm
    ENTER_LEAVE 32, 0
    ENTER_LEAVE 16, 1
    ENTER_LEAVE 8, 3
    ENTER_LEAVE 0, 0

/* call/ret: r8 = the callee's answer, r9 = the pushed return address
 * relative to the label after the call. */
    CASE call_direct, int, one
    call callee
1:  mov r9, [rsp - 8]
    FLAGS_OUT
    mov r8, rax
    lea rcx, [rip + callee]
    sub r8, rcx
    lea rcx, [rip + 1b]
    sub r9, rcx
    ret
    CASE call_reg, int, one
    lea rdx, [rip + callee]
    call rdx
1:  mov r9, [rsp - 8]
    FLAGS_OUT
    lea rcx, [rip + 1b]
    sub r9, rcx
    ret
    CASE call_mem, int, one
    call qword ptr [rip + call_ptr]
1:  mov r9, [rsp - 8]
    FLAGS_OUT
    lea rcx, [rip + 1b]
    sub r9, rcx
    ret
    CASE ret_imm16
    mov rdx, rsp
    push rdi
    push rsi
    call callee_pop16
    FLAGS_OUT
    mov r8, rdx
    sub r8, rsp
    ret

/* LEA_CASE name, src: r8 = lea rax, src with rdi = a, rsi = b. */
    .macro LEA_CASE name, src
    CASE lea_\name
    mov rax, 0x7777777777777777
    \src
    FLAGS_OUT
    mov r8, rax
    ret
    .endm
    LEA_CASE base, "lea rax, [rdi]"
    LEA_CASE disp8, "lea rax, [rdi - 128]"
    LEA_CASE disp32, "lea rax, [rdi + 0x12345678]"
    LEA_CASE disp32_neg, "lea rax, [rdi - 0x80000000]"
    LEA_CASE index, "lea rax, [rdi + rsi]"
    LEA_CASE scale2, "lea rax, [rdi + rsi * 2 + 3]"
    LEA_CASE scale4, "lea rax, [rdi + rsi * 4 - 0x1000]"
    LEA_CASE scale8_nobase, "lea rax, [rsi * 8 + 0x7fffffff]"
    LEA_CASE rbp_base, "push rbp; mov rbp, rdi; lea rax, [rbp]; pop rbp"
    LEA_CASE r13_base, "push r13; mov r13, rdi; lea rax, [r13 + rsi]; pop r13"
    LEA_CASE r12_base, "push r12; mov r12, rdi; lea rax, [r12 + rsi * 4]; pop r12"
    LEA_CASE rsp_base, "lea rax, [rsp + 8]; sub rax, rsp"
    LEA_CASE rip, "lea rax, [rip + cell]; lea rdx, [rip + cell + 8]; sub rax, rdx"
    LEA_CASE addr32, "lea rax, [edi + esi * 2 + 5]"
    LEA_CASE dest32, "lea eax, [rdi + rsi]"
    LEA_CASE dest16, "lea ax, [rdi + rsi * 8 - 1]"
    LEA_CASE index_only, "lea rax, [rdi * 2]"

/* xlat: al = table[al], rbx is the table (saved around it). */
    CASE xlat, int, one
    push rbx
    lea rbx, [rip + xlat_table]
    mov rax, rdi
    xlatb
    FLAGS_OUT
    mov r8, rax
    pop rbx
    ret

/* lahf reads SF ZF AF PF CF into ah; sahf writes them from ah and leaves
 * OF alone. */
    CASE lahf, int, one
    mov rax, rdi
    lahf
    FLAGS_OUT
    mov r8, rax
    ret
    CASE sahf, int, one
    mov rax, rdi
    mov ah, al
    sahf
    FLAGS_OUT
    mov r8, rax
    ret

/* popf then pushf: which bits user mode can set; r8 = what pushf saw,
 * then the flags are put back to a clean state. */
    CASE popf_pushf, rflags, one
    push rdi
    popfq
    pushfq
    pop r8
    push 0x202
    popfq
    FLAGS_OUT
    ret
/* popf with only 16 bits (popfw) keeps the upper flags. */
    CASE popfw, rflags, one
    push 0x40202
    popfq
    push di
    popfw
    pushfq
    pop r8
    push 0x202
    popfq
    FLAGS_OUT
    ret

#include "harness_end.inc"
