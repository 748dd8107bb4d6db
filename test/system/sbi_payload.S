/*
 * sbi_payload.S — a tiny S-mode kernel for system/opensbi-boot: prints
 * through the SBI console, takes one supervisor timer interrupt set up
 * through SBI set_timer, and powers off through SBI SRST. The same
 * binary runs under qemu-system-riscv64 -M virt for the comparison.
 */
    .section .text
    .globl _start
_start:
    la sp, stack_top
    la a0, hello
    call puts
    la t0, trap
    csrw stvec, t0
    csrr t1, time
    li t2, 100000          /* 10 ms at 10 MHz */
    add a0, t1, t2
    li a7, 0               /* legacy SBI set_timer */
    li a6, 0
    ecall
    li t0, 0x20            /* sie.STIE */
    csrs sie, t0
    csrsi sstatus, 2       /* sstatus.SIE */
1:  wfi
    j 1b

    .align 2
trap:
    csrr t0, scause
    li t1, 0x8000000000000005 /* supervisor timer interrupt */
    la a0, unexpected
    bne t0, t1, 2f
    la a0, timer
2:  call puts
    li a7, 0x53525354      /* SRST */
    li a6, 0               /* system_reset */
    li a0, 0               /* shutdown */
    li a1, 0               /* no reason */
    ecall
3:  j 3b

/* puts(a0): legacy SBI console_putchar per byte. */
puts:
    mv t3, a0
4:  lbu a0, 0(t3)
    beqz a0, 5f
    li a7, 1
    li a6, 0
    ecall
    addi t3, t3, 1
    j 4b
5:  ret

    .section .rodata
hello:      .asciz "vm-payload: hello from S mode\n"
timer:      .asciz "vm-payload: timer interrupt taken\n"
unexpected: .asciz "vm-payload: unexpected trap\n"

    .section .bss
    .align 4
    .space 4096
stack_top:
