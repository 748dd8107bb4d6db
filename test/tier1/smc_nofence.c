/* Self-modifying code without fence.i or riscv_flush_icache: rewrites an
 * instruction of a function it has already run, by a plain store and by
 * read(2) into the code, and calls it again. qemu-riscv64 notices the
 * writes; so must tier 1 (write-protected code pages). Also rewrites the
 * code from inside a loop that runs on the same page. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef long (*fn)(long);

static uint32_t addi_a0(int imm)
{
    return ((uint32_t)(imm & 0xfff) << 20) | (10u << 15) | (10u << 7) | 0x13u;
}

int main(void)
{
    uint32_t *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code == MAP_FAILED)
        return 1;
    code[0] = addi_a0(42);
    code[1] = 0x00008067u; /* ret */
    __builtin___clear_cache((char *)code, (char *)(code + 2));
    printf("first: %ld\n", ((fn)(uintptr_t)code)(0));
    for (int i = 1; i <= 3; i++) {
        code[0] = addi_a0(i * 100); /* a plain store, no fence.i */
        printf("store %d: %ld\n", i, ((fn)(uintptr_t)code)(1));
    }
    int p[2];
    if (pipe(p) != 0)
        return 1;
    uint32_t insn = addi_a0(-5);
    if (write(p[1], &insn, 4) != 4 || read(p[0], code, 4) != 4)
        return 1;
    printf("read(2): %ld\n", ((fn)(uintptr_t)code)(0));
    return 0;
}
