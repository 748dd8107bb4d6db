/* The RV64I base and M extension in full-size (non-compressed) encodings,
 * without libc: lui/auipc, every branch with signed/unsigned contrasts,
 * jal/jalr link values, every load width with sign/zero extension, every
 * store width, set-less-than, immediate shifts and W forms, x0 as a
 * destination, and a small recursive function (Fibonacci) using the
 * stack. Each result is printed; the exit status is the checksum's low byte. */
#include "asm_print.inc"

    .option norvc

    .data
    .balign 8
bytes:
    .byte   0x80, 0x7f, 0xff, 0x01, 0x00, 0x80, 0xff, 0xff
    .dword  0x8000000000000000
scratch:
    .dword  0, 0

    .text
    .globl _start
_start:
    li      s11, 0
    li      s10, 0

    /* lui, auipc, addi sign extension */
    lui     a0, 0xfffff
    call    report
    lui     a0, 0x7ffff
    addi    a0, a0, 0x7ff
    call    report
    auipc   t0, 0
here:
    la      t1, here
    sub     a0, t1, t0
    addi    a0, a0, 4               /* la is after auipc: difference is 4 */
    call    report
    addi    a0, zero, -2048
    call    report
    addi    zero, zero, 5           /* writes to x0 are discarded */
    mv      a0, zero
    call    report

    /* branches: -1 vs 1 differs signed vs unsigned */
    li      s0, -1
    li      s1, 1
    li      a0, 0
    blt     s0, s1, 1f
    ori     a0, a0, 1
1:  bltu    s0, s1, 2f
    ori     a0, a0, 2
2:  bge     s0, s1, 3f
    ori     a0, a0, 4
3:  bgeu    s0, s1, 4f
    ori     a0, a0, 8
4:  beq     s0, s0, 5f
    ori     a0, a0, 16
5:  bne     s0, s0, 6f
    ori     a0, a0, 32
6:  bge     s1, s1, 7f
    ori     a0, a0, 64
7:  call    report

    /* jal and jalr link values and jalr's cleared low bit */
    jal     t0, 1f
link_point:
    nop
1:  la      t1, link_point
    sub     a0, t0, t1
    call    report
    la      t0, jalr_target
    addi    t0, t0, 1               /* jalr clears bit 0 of the target */
    jalr    t2, 0(t0)
    li      a0, 0xbad
jalr_target:
    li      a0, 0x600d
    call    report

    /* loads of every width */
    la      s0, bytes
    lb      a0, 0(s0)
    call    report
    lbu     a0, 0(s0)
    call    report
    lh      a0, 0(s0)
    call    report
    lhu     a0, 4(s0)
    call    report
    lh      a0, 6(s0)
    call    report
    lw      a0, 4(s0)
    call    report
    lwu     a0, 4(s0)
    call    report
    lw      a0, 0(s0)
    call    report
    ld      a0, 0(s0)
    call    report
    ld      a0, 8(s0)
    call    report
    lh      a0, 1(s0)               /* misaligned halfword */
    call    report

    /* stores of every width */
    la      s1, scratch
    li      t0, -1
    sd      t0, 0(s1)
    sb      zero, 1(s1)
    li      t1, 0x1234
    sh      t1, 2(s1)
    li      t2, 0xdeadbeef
    sw      t2, 4(s1)
    ld      a0, 0(s1)
    call    report
    sd      t2, 9(s1)               /* misaligned doubleword store */
    ld      a0, 8(s1)
    call    report

    /* set-less-than */
    li      s0, -5
    slt     a0, s0, zero
    call    report
    sltu    a0, s0, zero
    call    report
    slti    a0, s0, -4
    call    report
    sltiu   a0, s0, -1              /* -1 as unsigned is the maximum */
    call    report
    sltiu   a0, zero, 1             /* seqz */
    call    report

    /* immediate shifts and W forms */
    li      s0, 0x8000000080000001
    slli    a0, s0, 1
    call    report
    srli    a0, s0, 63
    call    report
    srai    a0, s0, 32
    call    report
    slliw   a0, s0, 1
    call    report
    srliw   a0, s0, 31
    call    report
    sraiw   a0, s0, 31
    call    report
    addiw   a0, s0, -2
    call    report
    li      s2, 0x7fffffff
    addw    a0, s2, s2
    call    report
    subw    a0, zero, s2
    call    report
    xori    a0, s0, -1
    call    report
    andi    a0, s0, 0x7ff
    call    report

    /* M extension spot checks (report clobbers t registers, so use s) */
    li      s2, -7
    li      s3, 2
    mul     a0, s2, s3
    call    report
    div     a0, s2, s3
    call    report
    rem     a0, s2, s3
    call    report
    divuw   a0, s2, s3
    call    report

    /* recursion on the stack: fib(20) */
    li      a0, 20
    call    fib
    call    report

    mv      a0, s11
    li      a1, 16
    li      a2, '\n'
    call    print_hex_saved
    andi    a0, s11, 0xff
    li      a7, SYS_exit_group
    ecall

/* fib(a0) = fib(a0-1) + fib(a0-2), naive recursion */
fib:
    li      t0, 2
    blt     a0, t0, 1f
    addi    sp, sp, -32
    sd      ra, 0(sp)
    sd      s0, 8(sp)
    sd      s1, 16(sp)
    mv      s0, a0
    addi    a0, a0, -1
    call    fib
    mv      s1, a0
    addi    a0, s0, -2
    call    fib
    add     a0, a0, s1
    ld      ra, 0(sp)
    ld      s0, 8(sp)
    ld      s1, 16(sp)
    addi    sp, sp, 32
1:  ret
