/* A program with no libc at all: _start reads argc from the initial
 * stack, writes a greeting and one line per argument with the write
 * system call, and ends with the plain exit system call (93, not
 * exit_group) whose status is 40 + argc. */
    .equ SYS_write, 64
    .equ SYS_exit, 93

    .section .rodata
greeting:
    .ascii "hello from _start without libc\n"
    .equ greeting_len, . - greeting
arg_prefix:
    .ascii "arg: "
newline:
    .ascii "\n"

    .text
    .globl _start
_start:
    ld      s0, 0(sp)               /* argc */
    addi    s1, sp, 8               /* argv */

    li      a0, 1
    la      a1, greeting
    li      a2, greeting_len
    li      a7, SYS_write
    ecall

    li      s2, 0                   /* argument index */
next_arg:
    bge     s2, s0, done
    slli    t0, s2, 3
    add     t0, s1, t0
    ld      s3, 0(t0)               /* argv[i] */
    mv      a0, s3
    call    string_length
    mv      s4, a0

    li      a0, 1
    la      a1, arg_prefix
    li      a2, 5
    li      a7, SYS_write
    ecall
    li      a0, 1
    mv      a1, s3
    mv      a2, s4
    li      a7, SYS_write
    ecall
    li      a0, 1
    la      a1, newline
    li      a2, 1
    li      a7, SYS_write
    ecall

    addi    s2, s2, 1
    j       next_arg

done:
    addi    a0, s0, 40
    li      a7, SYS_exit
    ecall

/* a0 = length of the NUL-terminated string at a0 */
string_length:
    mv      t1, a0
1:  lbu     t2, 0(t1)
    beqz    t2, 2f
    addi    t1, t1, 1
    j       1b
2:  sub     a0, t1, a0
    ret
