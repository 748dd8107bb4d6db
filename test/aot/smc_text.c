/* A program that rewrites an instruction of its own ELF code (code a
 * vm-aot image covers) with a plain store, no fence.i (qemu-riscv64 runs
 * the new instruction all the same), and calls it again. Two ways:
 *   (no argument)  the function sits in a writable and executable
 *                  section: the store itself must drop the image's entry
 *                  (vm-run sees the write to a translated page);
 *   mprotect       the function is in .text, made writable first: the
 *                  mprotect flushes the translations, and the image's
 *                  entry must be refused when the block comes back,
 *                  because guest memory no longer holds its bytes.
 * check_aot_smc.sh compares the output with qemu-riscv64's and reads
 * aot_dropped / aot_stale from --stats. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

/* long NAME(void) { return 1; } with a 4-byte addi we can rewrite. */
#define RETURN_ONE(name, section)                                              \
    __asm__(section "\n"                                                       \
            ".globl " #name "\n"                                               \
            ".type " #name ", @function\n"                                     \
            ".p2align 12\n" #name ":\n"                                        \
            ".option push\n"                                                   \
            ".option norvc\n"                                                  \
            "addi a0, zero, 1\n"                                               \
            "jalr zero, 0(ra)\n"                                               \
            ".option pop\n"                                                    \
            ".size " #name ", . - " #name "\n"                                 \
            ".text\n")
RETURN_ONE(in_rwx, ".section .rwxcode, \"awx\", @progbits");
RETURN_ONE(in_text, ".text");
long in_rwx(void);
long in_text(void);

/* addi rd, rs1, imm */
static uint32_t addi(unsigned rd, unsigned rs1, int imm)
{
    return ((uint32_t)(imm & 0xfff) << 20) | (rs1 << 15) | (rd << 7) | 0x13u;
}

static long sum3(long (*f)(void))
{
    long sum = 0;
    for (int i = 0; i < 3; i++)
        sum += f();
    return sum;
}

int main(int argc, char **argv)
{
    bool use_mprotect = argc > 1 && strcmp(argv[1], "mprotect") == 0;
    long (*f)(void) = use_mprotect ? in_text : in_rwx;
    printf("before: %ld\n", sum3(f));
    if (use_mprotect &&
        mprotect((void *)((uintptr_t)f & ~(uintptr_t)4095), 4096,
                 PROT_READ | PROT_WRITE | PROT_EXEC) != 0) {
        perror("mprotect");
        return 1;
    }
    *(volatile uint32_t *)(uintptr_t)f = addi(10, 0, 7);
    printf("after: %ld\n", sum3(f));
    return 0;
}
