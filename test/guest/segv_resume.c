/*
 * segv_resume.c — an implicit null check, as a JVM does it: a load from a
 * bad address faults, the SIGSEGV handler reads the registers of the
 * faulting instruction from its ucontext (values computed just before the
 * load, in the same block, so a translator holds them in host registers),
 * writes the "null" result into the load's destination register, steps
 * over the load and resumes. Run in a loop long enough to be compiled hot.
 * riscv64 inline assembly (the x86-64 twin is
 * test/guest-x86_64/c/segv_resume.c).
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>

#define ITERATIONS 6000

extern char probe_load[]; /* the faulting instruction */
static volatile long expect_t3, expect_t4, expect_t5;
static volatile uintptr_t expect_addr;
static volatile long handled, bad_regs, bad_pc, bad_addr;

static void on_segv(int sig, siginfo_t *si, void *ucv)
{
    (void)sig;
    ucontext_t *uc = ucv;
    unsigned long *g = uc->uc_mcontext.__gregs; /* [0] pc, [i] x_i */
    bad_pc += g[0] != (uintptr_t)probe_load;
    bad_addr += (uintptr_t)si->si_addr != expect_addr;
    bad_regs += (long)g[28] != expect_t3 || (long)g[29] != expect_t4 ||
                (long)g[30] != expect_t5;
    g[15] = 1000;  /* a5: the load's result, "null" */
    g[0] += 4;     /* over the 4-byte load */
    handled++;
}

/* t3..t5 from x and y, then a5 = *p; returns a5 + t3 + t4 + t5. */
static long probe(const long *p, long x, long y)
{
    register long a5 asm("a5");
    register const long *a4 asm("a4") = p;
    register long a2 asm("a2") = x, a3 asm("a3") = y;
    asm volatile(".option push\n\t.option norvc\n\t"
                 "addi t3, a2, 1\n\t"
                 "slli t4, a2, 3\n\t"
                 "xor t5, a2, a3\n\t"
                 ".globl probe_load\n"
                 "probe_load:\n\t"
                 "ld a5, 0(a4)\n\t"
                 "add a5, a5, t3\n\t"
                 "add a5, a5, t4\n\t"
                 "add a5, a5, t5\n\t"
                 ".option pop"
                 : "=r"(a5)
                 : "r"(a4), "r"(a2), "r"(a3)
                 : "t3", "t4", "t5", "memory");
    return a5;
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
        expect_t3 = i + 1;
        expect_t4 = i << 3;
        expect_t5 = i ^ y;
        expect_addr = (uintptr_t)p;
        sum += probe(p, i, y);
    }
    printf("faults handled: %ld (expected %d)\n", handled,
           ITERATIONS / 4 * 3);
    printf("faulting pc wrong: %ld\n", bad_pc);
    printf("si_addr wrong: %ld\n", bad_addr);
    printf("t3/t4/t5 wrong at the fault: %ld\n", bad_regs);
    printf("sum: %ld\n", sum);
    return 0;
}
