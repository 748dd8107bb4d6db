/*
 * muldiv.S — mul, imul (one, two and three operands, register and memory
 * sources), div and idiv at 8/16/32/64 bits over tab_int. After mul/imul
 * SF ZF AF PF are undefined; after div/idiv all arithmetic flags are. A
 * divide error (#DE: divisor 0 or a quotient that does not fit) raises
 * SIGFPE; the handler, installed with rt_sigaction and SA_RESTORER,
 * reports si_code and whether si_addr is the faulting instruction in rdx,
 * puts a marker in rax and resumes after the instruction.
 */
#include "harness.inc"

    .equ SIGFPE, 8
    /* siginfo_t offsets (x86-64 kernel ABI); ucontext's are in harness.inc. */
    .equ SI_CODE, 8
    .equ SI_ADDR, 16
    .equ DE_MARKER, 0xdede
    .equ SENTINEL, 0x1111111111111111

    .data
    .balign 8
/* struct kernel_sigaction: handler, flags, restorer, mask. */
fpe_action:
    .quad fpe_handler, SA_SIGINFO | SA_RESTORER, sigreturn_restorer, 0
de_resume: .quad 0
cell:      .quad 0

    .text
test_setup:
    mov eax, SYS_rt_sigaction
    mov edi, SIGFPE
    lea rsi, [rip + fpe_action]
    xor edx, edx
    mov r10d, 8
    syscall
    test rax, rax
    jz 1f
    mov edi, 4
    mov eax, SYS_exit_group
    syscall
1:  ret

/* fpe_handler(sig, info, uc): rdx = si_code | (si_addr == RIP) << 8. */
fpe_handler:
    mov eax, [rsi + SI_CODE]
    mov rcx, [rsi + SI_ADDR]
    cmp rcx, [rdx + UC_RIP]
    jne 1f
    or eax, 0x100
1:  mov [rdx + UC_RDX], rax
    mov qword ptr [rdx + UC_RAX], DE_MARKER
    mov rax, [rip + de_resume]
    mov [rdx + UC_RIP], rax
    ret

    .equ MUL_UNDEFINED, F_SF | F_ZF | F_AF | F_PF

/* One-operand mul/imul: rdx starts as a sentinel so that the 8-bit form,
 * which leaves it alone, shows it. */
    .macro WIDENING insn
    CASE \insn\()_b
    mov rax, rdi
    mov rdx, SENTINEL
    \insn sil
    mov r8, rax
    mov r9, rdx
    END_CASE MUL_UNDEFINED
    CASE \insn\()_w
    mov rax, rdi
    mov rdx, SENTINEL
    \insn si
    mov r8, rax
    mov r9, rdx
    END_CASE MUL_UNDEFINED
    CASE \insn\()_d
    mov rax, rdi
    mov rdx, SENTINEL
    \insn esi
    mov r8, rax
    mov r9, rdx
    END_CASE MUL_UNDEFINED
    CASE \insn\()_q
    mov rax, rdi
    mov rdx, SENTINEL
    \insn rsi
    mov r8, rax
    mov r9, rdx
    END_CASE MUL_UNDEFINED
    CASE \insn\()_mem_q
    mov [rip + cell], rsi
    mov rax, rdi
    \insn qword ptr [rip + cell]
    mov r8, rax
    mov r9, rdx
    END_CASE MUL_UNDEFINED
    .endm

    WIDENING mul
    WIDENING imul

/* imul r, r/m and imul r, r/m, imm. */
    CASE imul2_w
    mov rax, rdi
    imul ax, si
    mov r8, rax
    END_CASE MUL_UNDEFINED
    CASE imul2_d
    mov rax, rdi
    imul eax, esi
    mov r8, rax
    END_CASE MUL_UNDEFINED
    CASE imul2_q
    mov rax, rdi
    imul rax, rsi
    mov r8, rax
    END_CASE MUL_UNDEFINED
    CASE imul2_mem_d
    mov [rip + cell], rsi
    mov rax, rdi
    imul eax, dword ptr [rip + cell]
    mov r8, rax
    END_CASE MUL_UNDEFINED
    CASE imul3_w_i8, int, one
    mov rax, rdi
    imul ax, di, -3
    mov r8, rax
    END_CASE MUL_UNDEFINED
    CASE imul3_w_i16, int, one
    mov rax, rdi
    imul ax, di, 0x7ffd
    mov r8, rax
    END_CASE MUL_UNDEFINED
    CASE imul3_d_i32, int, one
    mov rax, rdi
    imul eax, edi, 0x12345
    mov r8, rax
    END_CASE MUL_UNDEFINED
    CASE imul3_q_i8, int, one
    mov rax, rdi
    imul rax, rdi, 127
    mov r8, rax
    END_CASE MUL_UNDEFINED
    CASE imul3_q_i32, int, one
    mov rax, rdi
    imul rax, rdi, -0x80000000
    mov r8, rax
    END_CASE MUL_UNDEFINED
    CASE imul3_mem_q, int, one
    mov [rip + cell], rdi
    imul rcx, qword ptr [rip + cell], -2
    mov r8, rcx
    END_CASE MUL_UNDEFINED

/* DIVIDE name insn operand high: rdx:rax = high:a divided by b (operand is
 * b's register at the size); a #DE resumes at the label after the insn. */
    .macro DIVIDE name, insn, operand, high
    CASE \name
    lea r11, [rip + 1f]
    mov [rip + de_resume], r11
    mov rax, rdi
    \high
    \insn \operand
1:  mov r8, rax
    mov r9, rdx
    xor r11d, r11d
    END_CASE F_ARITH
    .endm

    .irp insn, div, idiv
    DIVIDE \insn\()_b, \insn, sil, "mov rdx, SENTINEL"
    DIVIDE \insn\()_w, \insn, si, "xor edx, edx"
    DIVIDE \insn\()_w_hi, \insn, si, "mov rdx, rsi; shr edx, 1"
    DIVIDE \insn\()_d, \insn, esi, "xor edx, edx"
    DIVIDE \insn\()_d_hi, \insn, esi, "mov rdx, rsi; shr edx, 1"
    DIVIDE \insn\()_q, \insn, rsi, "xor edx, edx"
    DIVIDE \insn\()_q_hi, \insn, rsi, "mov rdx, rsi; shr rdx, 1"
    DIVIDE \insn\()_mem_q, \insn, "qword ptr [rip + cell]", "mov [rip + cell], rsi; xor edx, edx"
    .endr
/* The sign extensions idiv is normally paired with. */
    DIVIDE idiv_w_cwd, idiv, si, "cwd"
    DIVIDE idiv_d_cdq, idiv, esi, "cdq"
    DIVIDE idiv_q_cqo, idiv, rsi, "cqo"

#include "harness_end.inc"
