/* Compressed (RVC) instructions, written with explicit c.* mnemonics so
 * the encoding is certain: every integer, load/store, stack-relative,
 * floating-point load/store and control-transfer form of RV64C, plus a
 * 32-bit instruction straddling a page boundary at a 2-byte-aligned
 * address. Each result is printed as "NN value" and folded into a
 * checksum; the exit status is checksum & 0xff. */
#include "asm_print.inc"

    .option rvc

    .data
    .balign 8
buffer:
    .dword 0x1122334455667788
    .dword 0
    .word  0x80000000
    .word  0
double_one:
    .dword 0x3ff0000000000000       /* 1.0 */

    .text
    .globl _start
_start:
    li      s11, 0                  /* checksum */
    li      s10, 0                  /* result number */

    /* c.li, c.addi, c.addiw, c.lui */
    c.li    a0, -32
    call    report
    c.li    s0, 31
    c.addi  s0, -1
    mv      a0, s0
    call    report
    c.lui   a1, 0xfffe0
    mv      a0, a1
    call    report
    c.lui   a1, 31
    c.addi  a1, 7
    mv      a0, a1
    call    report
    li      a2, 0x7fffffff
    c.addiw a2, 1
    mv      a0, a2
    call    report
    c.li    a0, 0
    c.addiw a0, -1
    call    report

    /* stack-pointer forms */
    mv      s1, sp
    c.addi16sp sp, -64
    sub     a0, s1, sp
    call    report
    c.addi4spn a0, sp, 24
    sub     a0, a0, sp
    call    report
    c.addi16sp sp, 64
    sub     a0, sp, s1
    call    report

    /* shifts and immediate logic on x8-x15 */
    c.li    a3, 15
    c.slli  a3, 60
    mv      a0, a3
    call    report
    c.srli  a3, 4
    mv      a0, a3
    call    report
    li      a4, -256
    c.srai  a4, 4
    mv      a0, a4
    call    report
    c.andi  a4, -3
    mv      a0, a4
    call    report
    c.li    a5, 9
    c.andi  a5, 12
    mv      a0, a5
    call    report

    /* register-register forms */
    li      s0, 0x00000000ffffffff
    li      s1, 0x0000000100000001
    c.mv    a0, s0
    c.add   a0, s1
    call    report
    c.mv    a0, s0
    c.sub   a0, s1
    call    report
    c.mv    a0, s0
    c.xor   a0, s1
    call    report
    c.mv    a0, s0
    c.or    a0, s1
    call    report
    c.mv    a0, s0
    c.and   a0, s1
    call    report
    c.mv    a0, s0
    c.addw  a0, s1
    call    report
    c.mv    a0, s1
    c.subw  a0, s0
    call    report
    c.li    a0, 1
    c.subw  a0, s1
    call    report

    /* loads and stores relative to a register in x8-x15 */
    la      s0, buffer
    c.ld    a0, 0(s0)
    call    report
    c.ld    a1, 0(s0)
    c.sd    a1, 8(s0)
    c.lw    a0, 12(s0)
    call    report
    c.lw    a0, 16(s0)
    call    report
    li      a1, -5
    c.sw    a1, 20(s0)
    ld      a0, 16(s0)
    call    report

    /* loads and stores relative to sp */
    addi    sp, sp, -64
    li      t0, 0x0123456789abcdef
    c.sdsp  t0, 8(sp)
    c.ldsp  a0, 8(sp)
    call    report
    c.lwsp  a0, 8(sp)
    call    report
    li      t1, 0xfedcba98
    c.swsp  t1, 60(sp)
    c.lwsp  a0, 60(sp)
    call    report

    /* floating-point compressed loads and stores */
    la      s1, double_one
    c.fld   fs0, 0(s1)
    fadd.d  fs1, fs0, fs0           /* 2.0 */
    c.fsd   fs1, 0(s0)
    c.ld    a0, 0(s0)
    call    report
    c.fsdsp fs1, 16(sp)
    c.fldsp fs0, 16(sp)
    fmul.d  fs0, fs0, fs1           /* 4.0 */
    fmv.x.d a0, fs0
    call    report
    addi    sp, sp, 64

    /* branches and jumps */
    c.li    s0, 0
    c.li    a0, 0
    c.beqz  s0, 1f
    c.li    a0, 1                   /* skipped */
1:  c.bnez  s0, 2f
    c.addi  a0, 2                   /* executed */
2:  c.j     3f
    c.addi  a0, 4                   /* skipped */
3:  call    report

    /* a loop counting down with c.bnez, summing with c.add */
    c.li    s0, 25
    c.li    a0, 0
4:  c.add   a0, s0
    c.addi  s0, -1
    c.bnez  s0, 4b
    call    report

    /* c.jr and c.jalr: link register holds the address after c.jalr */
    la      t0, jr_target
    c.jr    t0
    c.li    a0, 7                   /* skipped */
jr_target:
    c.li    a0, 13
    call    report
    la      t0, leaf
    c.jalr  t0
after_jalr:
    la      t1, after_jalr
    sub     a0, s9, t1
    call    report
    c.nop
    c.mv    a0, s8
    call    report

    /* a 32-bit instruction at a 2-byte-aligned address that straddles a
     * page boundary: 2047 c.nop fill the page up to its last halfword */
    c.li    a0, 0
    j       straddle_page
    .p2align 12
straddle_page:
    .rept 2047
    c.nop
    .endr
    .option push
    .option norvc
    addi    a0, a0, 0x555
    .option pop
    call    report

    /* finish: print the checksum and exit with its low byte */
    mv      a0, s11
    li      a1, 16
    li      a2, '\n'
    call    print_hex_saved
    andi    a0, s11, 0xff
    li      a7, SYS_exit
    ecall

leaf:
    mv      s9, ra                  /* remember the link address */
    li      s8, 0x77
    c.jr    ra
