/*
 * sse2.S — SSE/SSE2 scalar and packed edge cases. Operands: xmm0 = {a, b}
 * and xmm1 = {b, a} (low lane first). r8/r9 are xmm0's lanes afterwards,
 * r11 is MXCSR (reset to 0x1f80 before each case, so its sticky exception
 * flags show what the instruction raised) or a general-register result.
 * Floating-point cases run over tab_fp: signed zeros, denormals, the
 * largest finite value, infinities, quiet and signalling NaNs with and
 * without payloads, 2^31 and 2^63 (conversion overflow) and ties for
 * rounding.
 */
#include "harness.inc"

    .section .rodata
tab_fp:
    .quad 0, 0x8000000000000000, 0x3ff0000000000000, 0xbff8000000000000
    .quad 0x3fe0000000000000, 0x4004000000000000, 0x7fefffffffffffff
    .quad 1, 0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000
    .quad 0x7ff8000000000123, 0x7ff0000000000001, 0xfff8000000000000
    .quad 0x43e0000000000000, 0xc3e0000000000000, 0x41e0000000000000
    .quad 0xc1e0000000200000
tab_fp_end:
/* Shift counts from a register: >= the lane width zeroes (or fills with
 * the sign), and the whole 64 bits count. */
tab_count:
    .quad 0, 1, 7, 15, 16, 31, 32, 63, 64, 65, 0x100000000, -1
tab_count_end:
    .balign 16
mxcsr_default: .long 0x1f80

    .bss
    .balign 16
mxcsr_out: .skip 4

/* SSE_CASE name, atab, btab: loads xmm0 = {a, b}, xmm1 = {b, a} and the
 * default MXCSR; END_SSE stores the lanes of xmm0 and MXCSR. */
    .macro SSE_CASE name, atab=int, btab=int
    CASE \name, \atab, \btab
    ldmxcsr [rip + mxcsr_default]
    movq xmm0, rdi
    movq xmm1, rsi
    movdqa xmm2, xmm0
    punpcklqdq xmm0, xmm1
    punpcklqdq xmm1, xmm2
    .endm
    .macro END_SSE
    pushfq
    pop r10
    movq r8, xmm0
    pshufd xmm3, xmm0, 0xee
    movq r9, xmm3
    stmxcsr [rip + mxcsr_out]
    mov r11d, [rip + mxcsr_out]
    ret
    .endm

/* Binary floating-point operations, scalar and packed. */
    .irp insn, addsd, subsd, mulsd, divsd, minsd, maxsd, addpd, mulpd, divpd, minpd, maxpd, sqrtsd, sqrtpd
    SSE_CASE \insn, fp, fp
    \insn xmm0, xmm1
    END_SSE
    .endr
/* Single precision: the low 32 bits of each operand as a float. */
    .irp insn, addss, mulss, divss, maxss, sqrtss
    SSE_CASE \insn, fp, fp
    psrlq xmm0, 32
    psrlq xmm1, 32
    \insn xmm0, xmm1
    END_SSE
    .endr
    .irp insn, cvtsd2ss, cvtss2sd, cvtpd2ps, cvtps2pd
    SSE_CASE \insn, fp, one
    \insn xmm0, xmm0
    END_SSE
    .endr

/* cmpsd with every predicate. */
    .irp pred, 0, 1, 2, 3, 4, 5, 6, 7
    SSE_CASE cmpsd_\pred, fp, fp
    cmpsd xmm0, xmm1, \pred
    END_SSE
    .endr
    SSE_CASE cmppd_1, fp, fp
    cmppd xmm0, xmm1, 1
    END_SSE

/* ucomisd/comisd set ZF PF CF and clear OF SF AF; only comisd signals
 * on a quiet NaN. */
    .irp insn, ucomisd, comisd, ucomiss, comiss
    SSE_CASE \insn, fp, fp
    \insn xmm0, xmm1
    END_SSE
    .endr

/* Conversions to integers: r8 gets the integer (0x80000000... when it
 * does not fit), rounding by MXCSR (nearest even) or truncation. */
    .irp insn, cvttsd2si, cvtsd2si
    SSE_CASE \insn\()_d, fp, one
    mov r8, 0x7777777777777777
    \insn r8d, xmm0
    pushfq
    pop r10
    stmxcsr [rip + mxcsr_out]
    mov r11d, [rip + mxcsr_out]
    ret
    SSE_CASE \insn\()_q, fp, one
    \insn r8, xmm0
    pushfq
    pop r10
    stmxcsr [rip + mxcsr_out]
    mov r11d, [rip + mxcsr_out]
    ret
    .endr
    SSE_CASE cvttpd2dq, fp, fp
    cvttpd2dq xmm0, xmm0
    END_SSE
    SSE_CASE cvtsi2sd_q, int, one
    cvtsi2sd xmm0, rdi
    END_SSE
    SSE_CASE cvtsi2sd_d, int, one
    cvtsi2sd xmm0, edi
    END_SSE
    SSE_CASE cvtsi2ss_q, int, one
    cvtsi2ss xmm0, rdi
    END_SSE
    SSE_CASE cvtdq2pd, int, int
    cvtdq2pd xmm0, xmm0
    END_SSE

/* Bitwise and integer operations. */
    .irp insn, andpd, andnpd, orpd, xorpd, pcmpeqb, pcmpeqw, pcmpeqd, pcmpgtb, pcmpgtd, packuswb, packsswb, packssdw, paddb, paddq, paddusb, psubsb, paddsw, psubusw, pmullw, pmulhw, pmulhuw, pmuludq, pminub, pmaxsw, pavgb, psadbw, punpcklbw, punpckhbw, punpcklwd, punpckhqdq, unpcklpd, unpckhpd
    SSE_CASE \insn
    \insn xmm0, xmm1
    END_SSE
    .endr
    .irp imm, 0x00, 0x1b, 0x4e, 0xe4
    SSE_CASE pshufd_\imm
    pshufd xmm0, xmm1, \imm
    END_SSE
    SSE_CASE pshuflw_\imm, int, one
    pshuflw xmm0, xmm1, \imm
    END_SSE
    SSE_CASE shufpd_\imm
    shufpd xmm0, xmm1, \imm & 3
    END_SSE
    .endr

/* Shifts by the 64-bit count in xmm1's low lane (b) and by immediates. */
    .irp insn, psrlq, psllq, psrld, psrlw, psrad, psraw
    SSE_CASE \insn\()_xmm, int, count
    movq xmm1, rsi
    \insn xmm0, xmm1
    END_SSE
    .endr
    .irp count, 0, 1, 15, 31, 63, 64, 255
    SSE_CASE psrlq_i\count, int, one
    psrlq xmm0, \count
    END_SSE
    SSE_CASE psraw_i\count, int, one
    psraw xmm0, \count
    END_SSE
    .endr
    .irp count, 0, 1, 8, 15, 16, 255
    SSE_CASE pslldq_i\count
    pslldq xmm0, \count
    END_SSE
    SSE_CASE psrldq_i\count
    psrldq xmm0, \count
    END_SSE
    .endr

/* Results in general registers: r11 = the mask or element. */
    .macro TO_GPR name, insn, atab=int
    SSE_CASE \name, \atab
    mov r11, 0x7777777777777777
    \insn
    pushfq
    pop r10
    movq r8, xmm0
    ret
    .endm
    TO_GPR pmovmskb, "pmovmskb r11d, xmm0"
    TO_GPR movmskpd, "movmskpd r11d, xmm0", fp
    TO_GPR movmskps, "movmskps r11d, xmm0", fp
    TO_GPR pextrw_0, "pextrw r11d, xmm0, 0"
    TO_GPR pextrw_7, "pextrw r11d, xmm0, 7"
    TO_GPR movd_to_gpr, "movd r11d, xmm0"
    TO_GPR movq_to_gpr, "movq r11, xmm1"

/* Loads into xmm: movd/movq clear the rest, movsd from a register keeps
 * the high lane, from memory clears it; pinsrw replaces one word. */
    SSE_CASE movd_from_gpr
    movd xmm0, esi
    END_SSE
    SSE_CASE movq_from_gpr
    movq xmm0, rsi
    END_SSE
    SSE_CASE movsd_reg
    movsd xmm0, xmm1
    END_SSE
    SSE_CASE movsd_mem
    movsd xmm0, qword ptr [rip + tab_fp + 16]
    END_SSE
    SSE_CASE movhlps
    movhlps xmm0, xmm1
    END_SSE
    SSE_CASE pinsrw_5
    pinsrw xmm0, esi, 5
    END_SSE

#include "harness_end.inc"
