/* Code written on one page while hot loops on other pages run (issue 2.1,
 * self-modifying code per page). Each round runs a hot loop of this
 * program's own text, then rewrites an instruction of generated code on
 * an mmap'ed page with a plain store (no fence.i, as qemu-riscv64 allows)
 * and calls it. With argument "loop" the generated code is itself a loop
 * that gets hot, so regions compiled from the written page are dropped.
 * The output must match qemu-riscv64; check_smc_pages.sh checks from
 * --stats that the writes dropped that page's translations only. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

typedef long (*jit_fn)(long);

static uint32_t addi(unsigned rd, unsigned rs1, int imm)
{
    return ((uint32_t)(imm & 0xfff) << 20) | (rs1 << 15) | (rd << 7) | 0x13u;
}

/* bne rs1, x0, offset (a B-type immediate) */
static uint32_t bnez(unsigned rs1, int off)
{
    uint32_t u = (uint32_t)off;
    return (((u >> 12) & 1) << 31) | (((u >> 5) & 0x3f) << 25) | (rs1 << 15) |
           (1u << 12) | (((u >> 1) & 0xf) << 8) | (((u >> 11) & 1) << 7) |
           0x63u;
}

#define RET 0x00008067u
#define A0 10
#define T0 5

static long __attribute__((noinline)) hot_loop(long n, long seed)
{
    long s = seed;
    for (long i = 0; i < n; i++)
        s = s * 6364136223846793005 + i;
    return s;
}

int main(int argc, char **argv)
{
    int loop = argc > 1 && strcmp(argv[1], "loop") == 0;
    uint32_t *code = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (code == MAP_FAILED)
        return 1;
    /* a0 += k, 1000 times (loop) or once */
    code[0] = addi(T0, 0, loop ? 1000 : 1);
    code[1] = addi(A0, A0, 1);
    code[2] = addi(T0, T0, -1);
    code[3] = bnez(T0, -8);
    code[4] = RET;
    __builtin___clear_cache((char *)code, (char *)(code + 5));
    long total = 0;
    for (int round = 1; round <= 60; round++) {
        total += hot_loop(4000000, round);
        code[1] = addi(A0, A0, round); /* the write, no fence */
        long got = ((jit_fn)(uintptr_t)code)(0);
        printf("round %d: %ld\n", round, got);
    }
    printf("hot loops: %ld\n", total);
    return 0;
}
