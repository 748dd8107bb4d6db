/*
 * segv_resume.c (x86-64) — an implicit null check, as a JVM does it: a
 * load from a bad address faults, the SIGSEGV handler reads the registers
 * and flags of the faulting instruction from its ucontext (computed just
 * before the load, in the same block, so a translator holds them in host
 * registers), writes the "null" result into the load's destination, steps
 * over the load and resumes. Run in a loop long enough to be compiled hot.
 * The riscv64 twin is test/guest/segv_resume.c.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#define ITERATIONS 6000
#define LOAD_LEN 3 /* mov rax, [rcx]: 48 8b 01 */

extern char probe_load[]; /* the faulting instruction */
static volatile long expect_r8, expect_r9, expect_r10, expect_zf;
static volatile uintptr_t expect_addr;
static volatile long handled, bad_regs, bad_flags, bad_pc, bad_addr;

static void on_segv(int sig, siginfo_t *si, void *ucv)
{
    (void)sig;
    ucontext_t *uc = ucv;
    greg_t *g = uc->uc_mcontext.gregs;
    bad_pc += g[REG_RIP] != (greg_t)(uintptr_t)probe_load;
    bad_addr += (uintptr_t)si->si_addr != expect_addr;
    bad_regs += g[REG_R8] != expect_r8 || g[REG_R9] != expect_r9 ||
                g[REG_R10] != expect_r10;
    bad_flags += ((g[REG_EFL] >> 6) & 1) != expect_zf;
    g[REG_RAX] = 1000; /* the load's result, "null" */
    g[REG_RIP] += LOAD_LEN;
    handled++;
}

/* r8..r10 and ZF from x and y, then rax = *p; returns rax+r8+r9+r10+ZF. */
static long probe(const long *p, long x, long y)
{
    long out;
    asm volatile(".intel_syntax noprefix\n\t"
                 "lea r8, [rsi + 1]\n\t"
                 "mov r9, rsi\n\t"
                 "shl r9, 3\n\t"
                 "mov r10, rsi\n\t"
                 "xor r10, rdx\n\t"
                 "test rsi, 3\n\t"
                 ".globl probe_load\n"
                 "probe_load:\n\t"
                 ".byte 0x48, 0x8b, 0x01\n\t" /* mov rax, [rcx] */
                 "setz dl\n\t"
                 "movzx edx, dl\n\t"
                 "add rax, rdx\n\t"
                 "add rax, r8\n\t"
                 "add rax, r9\n\t"
                 "add rax, r10\n\t"
                 ".att_syntax prefix"
                 : "=a"(out), "+d"(y)
                 : "c"(p), "S"(x)
                 : "r8", "r9", "r10", "cc", "memory");
    return out;
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    long *none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
                      -1, 0);
    static long cell = 5;
    /* null + 8, a PROT_NONE page, far above any mapping, a good cell */
    const long *ptrs[4] = {(const long *)8, none, (const long *)(1ul << 45),
                           &cell};
    long sum = 0;
    for (long i = 0; i < ITERATIONS; i++) {
        const long *p = ptrs[i & 3];
        long y = i * 7;
        expect_r8 = i + 1;
        expect_r9 = i << 3;
        expect_r10 = i ^ y;
        expect_zf = (i & 3) == 0;
        expect_addr = (uintptr_t)p;
        sum += probe(p, i, y);
    }
    printf("faults handled: %ld (expected %d)\n", handled,
           ITERATIONS / 4 * 3);
    printf("faulting pc wrong: %ld\n", bad_pc);
    printf("si_addr wrong: %ld\n", bad_addr);
    printf("r8/r9/r10 wrong at the fault: %ld\n", bad_regs);
    printf("ZF wrong at the fault: %ld\n", bad_flags);
    printf("sum: %ld\n", sum);
    return 0;
}
