/* A program that rewrites an instruction of its own text (ELF code that
 * a vm-aot image covers) with a plain store, no fence.i (qemu-riscv64
 * runs the new instruction all the same), and calls it again. Under
 * vm-run --aot the write must drop the image's entry for that code:
 * check_aot_smc.sh compares the output with qemu-riscv64's and reads
 * aot_dropped from --stats. */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>

/* long patched(void) { return 1; } with a 4-byte addi we can rewrite. */
__asm__(".text\n"
        ".globl patched\n"
        ".type patched, @function\n"
        ".p2align 12\n"
        "patched:\n"
        ".option push\n"
        ".option norvc\n"
        "addi a0, zero, 1\n"
        "jalr zero, 0(ra)\n"
        ".option pop\n"
        ".size patched, . - patched\n");
long patched(void);

/* addi rd, rs1, imm */
static uint32_t addi(unsigned rd, unsigned rs1, int imm)
{
    return ((uint32_t)(imm & 0xfff) << 20) | (rs1 << 15) | (rd << 7) | 0x13u;
}

int main(void)
{
    long sum = 0;
    for (int i = 0; i < 3; i++)
        sum += patched();
    printf("before: %ld\n", sum);
    volatile uint32_t *insn = (volatile uint32_t *)(uintptr_t)patched;
    void *page = (void *)((uintptr_t)patched & ~(uintptr_t)4095);
    if (mprotect(page, 4096, PROT_READ | PROT_WRITE | PROT_EXEC) != 0) {
        perror("mprotect");
        return 1;
    }
    *insn = addi(10, 0, 7);
    sum = 0;
    for (int i = 0; i < 3; i++)
        sum += patched();
    printf("after: %ld\n", sum);
    return 0;
}
