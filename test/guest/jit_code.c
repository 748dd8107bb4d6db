/* Self-modifying code: writes RISC-V instructions into an executable
 * mapping, flushes the instruction cache (riscv_flush_icache, both through
 * glibc's __riscv_flush_icache and the raw syscall 259), calls them,
 * rewrites them and calls again. A translator that caches stale code for
 * the page returns the old answer. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/cachectl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "guest_util.h"

typedef long (*jit_fn)(long);

/* addi a0, a0, imm (I-type, imm in [-2048, 2047]) */
static uint32_t addi_a0(int imm) { return ((uint32_t)(imm & 0xfff) << 20) | (10u << 15) | (10u << 7) | 0x13u; }
/* slli a0, a0, shamt */
static uint32_t slli_a0(unsigned shamt) { return (shamt << 20) | (10u << 15) | (1u << 12) | (10u << 7) | 0x13u; }
static const uint32_t ret_insn = 0x00008067u; /* jalr x0, 0(ra) */

static long call(uint32_t *code, long arg) { return ((jit_fn)(uintptr_t)code)(arg); }

int main(void)
{
    uint32_t *code = mmap(NULL, 8192, PROT_READ | PROT_WRITE | PROT_EXEC,
                          MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    say("mmap rwx", code != MAP_FAILED);

    code[0] = addi_a0(42);
    code[1] = ret_insn;
    say_ret("__riscv_flush_icache", __riscv_flush_icache(code, code + 2, 0));
    printf("f(0) = %ld\n", call(code, 0));

    code[0] = addi_a0(-7);
    say_ret("raw riscv_flush_icache (259)", syscall(259, code, code + 2, 0));
    printf("after rewrite f(10) = %ld\n", call(code, 10));

    /* A longer body: the same block modified in its middle. */
    for (int i = 0; i < 16; i++)
        code[i] = addi_a0(i + 1);
    code[16] = ret_insn;
    syscall(259, code, code + 17, 0);
    printf("sum body f(0) = %ld\n", call(code, 0));
    code[8] = slli_a0(4);
    syscall(259, code, code + 17, 0);
    printf("patched middle f(0) = %ld\n", call(code, 0));

    /* Code on the second page, jumping distance of a page boundary. */
    uint32_t *second = code + 1024;
    second[0] = addi_a0(1000);
    second[1] = ret_insn;
    syscall(259, second, second + 2, 0);
    printf("second page f(5) = %ld\n", call(second, 5));

    say_ret("mprotect to read+exec", mprotect(code, 8192, PROT_READ | PROT_EXEC));
    printf("still runs read+exec f(1) = %ld\n", call(second, 1));
    munmap(code, 8192);
    return 0;
}
