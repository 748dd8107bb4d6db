/*
 * extend.S — movsx movzx movsxd (register and memory sources), cbw cwde
 * cdqe cwd cdq cqo, and partial registers: writes to al/ah/ax merge into
 * the full register, writes to a 32-bit register clear the upper half,
 * ah/bh/ch/dh as sources and destinations of moves and arithmetic, and
 * the REX byte registers sil/dil/r8b. The destination starts as
 * 0x7777... so whatever a narrow write keeps shows.
 */
#include "harness.inc"

    .equ FILL, 0x7777777777777777

    .data
    .balign 8
cell: .quad 0

/* EXTEND name insn dst src: dst preset, src holding a. */
    .macro EXTEND name, insn, dst, src
    CASE \name, int, one
    mov rax, FILL
    mov rcx, rdi
    mov [rip + cell], rdi
    \insn \dst, \src
    mov r8, rax
    END_CASE 0
    .endm

    EXTEND movsx_b_w, movsx, ax, cl
    EXTEND movsx_b_d, movsx, eax, cl
    EXTEND movsx_b_q, movsx, rax, cl
    EXTEND movsx_w_d, movsx, eax, cx
    EXTEND movsx_w_q, movsx, rax, cx
    EXTEND movsx_mem_b_q, movsx, rax, "byte ptr [rip + cell]"
    EXTEND movsx_mem_w_d, movsx, eax, "word ptr [rip + cell]"
    EXTEND movsx_ch_d, movsx, eax, ch
    EXTEND movzx_b_w, movzx, ax, cl
    EXTEND movzx_b_d, movzx, eax, cl
    EXTEND movzx_b_q, movzx, rax, cl
    EXTEND movzx_w_d, movzx, eax, cx
    EXTEND movzx_w_q, movzx, rax, cx
    EXTEND movzx_mem_b_w, movzx, ax, "byte ptr [rip + cell]"
    EXTEND movzx_mem_w_q, movzx, rax, "word ptr [rip + cell]"
    EXTEND movzx_ch_d, movzx, eax, ch
    EXTEND movsxd_q, movsxd, rax, ecx
    EXTEND movsxd_mem_q, movsxd, rax, "dword ptr [rip + cell]"

/* The accumulator extensions: r8 = rax, r9 = rdx (preset to FILL). */
    .irp insn, cbw, cwde, cdqe, cwd, cdq, cqo
    CASE \insn, int, one
    mov rax, rdi
    mov rdx, FILL
    \insn
    mov r8, rax
    mov r9, rdx
    END_CASE 0
    .endr

/* PARTIAL name, "body", undefined: rax = a, rcx = b, rdx = FILL before the
 * body; r8 r9 r11 = rax rcx rdx after it; the flags the SDM leaves
 * undefined after the body are not compared. */
    .macro PARTIAL name, body, undefined=0
    CASE \name
    mov rax, rdi
    mov rcx, rsi
    mov rdx, FILL
    \body
    mov r8, rax
    mov r9, rcx
    mov r11, rdx
    END_CASE \undefined
    .endm

    PARTIAL mov_al_cl, "mov al, cl"
    PARTIAL mov_ah_ch, "mov ah, ch"
    PARTIAL mov_ah_cl, "mov ah, cl"
    PARTIAL mov_dh_al, "mov dh, al"
    PARTIAL mov_ax_cx, "mov ax, cx"
    PARTIAL mov_eax_ecx, "mov eax, ecx"
    PARTIAL mov_ax_imm, "mov ax, 0x1234"
    PARTIAL mov_ah_imm, "mov ah, 0x99"
    PARTIAL mov_eax_imm, "mov eax, 0x89abcdef"
    PARTIAL mov_rax_imm32, "mov rax, -0x12345678"
    PARTIAL mov_dil_sil, "mov dil, sil; mov rax, rdi"
    PARTIAL mov_r8b_r9b, "mov r8, rdi; mov r9, rsi; mov r8b, r9b; mov rdx, r8"
    PARTIAL add_ah_ch, "add ah, ch"
    PARTIAL add_ch_al, "add ch, al"
    PARTIAL sub_al_ah, "sub al, ah"
    PARTIAL adc_dh_ah, "adc dh, ah"
    PARTIAL inc_ah, "inc ah"
    PARTIAL neg_ch, "neg ch"
    PARTIAL xchg_ah_al, "xchg ah, al"
    PARTIAL xchg_ax_cx, "xchg ax, cx"
    PARTIAL add_eax_0, "add eax, 0"
    PARTIAL or_ax_cx, "or ax, cx"
    PARTIAL lea_eax, "lea eax, [rcx + rax]"
    PARTIAL lea_ax, "lea ax, [rcx + rax]"
    PARTIAL store_ah, "mov [rip + cell], rdx; mov [rip + cell], ah; mov rdx, [rip + cell]"
    PARTIAL load_ch, "mov [rip + cell], rax; mov ch, byte ptr [rip + cell + 1]"
    PARTIAL cmp_ah_ch, "cmp ah, ch"
    PARTIAL test_ch_ah, "test ch, ah"
    /* AF after a shift: undefined (Intel parts clear it, AMD's set it). */
    PARTIAL shl_ah_1, "shl ah, 1", F_AF
    PARTIAL ror_ch_1, "ror ch, 1"

#include "harness_end.inc"
