/*
 * hot_loops.c — a riscv64 guest program made of hot loops, for tier 2:
 * an integer loop with branches inside, a loop through a call (a trace,
 * not a loop, for region selection), a floating-point loop that raises
 * IEEE flags, a loop that runs into an unreadable page (the fault must be
 * precise: the stores before it done, none after), and the same loop in
 * two threads at once. Prints what it computed; vm-run must print the
 * same as qemu-riscv64.
 */
#include <fenv.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static uint64_t mix_loop(uint64_t n)
{
    uint64_t a = 1, b = 7;
    for (uint64_t i = 0; i < n; i++) {
        if ((a ^ i) & 1)
            a = a * 6364136223846793005ull + b;
        else
            b += a >> 7;
        a ^= a >> 13;
    }
    return a ^ b;
}

__attribute__((noinline)) static uint64_t step(uint64_t x)
{
    return x * 2862933555777941757ull + 3037000493ull;
}

static uint64_t call_loop(uint64_t n)
{
    uint64_t x = 42;
    for (uint64_t i = 0; i < n; i++)
        x = step(x) ^ i;
    return x;
}

static double fp_loop(int n, int *flags)
{
    feclearexcept(FE_ALL_EXCEPT);
    double s = 0, d = 1.0;
    for (int i = 0; i < n; i++) {
        s += 1.0 / (d + i);
        d *= 1.0000001;
    }
    *flags = fetestexcept(FE_INEXACT | FE_OVERFLOW | FE_DIVBYZERO);
    return s;
}

static sigjmp_buf fault_env;
static volatile uintptr_t fault_addr;

static void on_segv(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    fault_addr = (uintptr_t)si->si_addr;
    siglongjmp(fault_env, 1);
}

/* Copies words with +1 until a read faults. */
__attribute__((noinline)) static void copy_until_fault(uint64_t *out,
                                                       const uint64_t *src)
{
    if (sigsetjmp(fault_env, 1) == 0) {
        for (size_t i = 0;; i++)
            out[i] = ((const volatile uint64_t *)src)[i] + 1;
    }
}

/* Copies words with +1 until it reads the PROT_NONE page after them. */
static void fault_loop(void)
{
    long page = sysconf(_SC_PAGESIZE);
    uint8_t *m = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    uint64_t *in = (uint64_t *)(void *)m;
    uint64_t *out = (uint64_t *)(void *)(m + 2 * page);
    size_t words = (size_t)page / 8;
    for (size_t i = 0; i < words; i++)
        in[i] = i * 3;
    mprotect(m + page, page, PROT_NONE);
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    uint64_t sum = 0;
    for (int round = 0; round < 200; round++) {
        memset(out, 0, 2 * (size_t)page);
        copy_until_fault(out, in); /* reads past `in` into PROT_NONE */
        for (size_t i = 0; i < 2 * words; i++)
            sum += out[i] * (i + 1);
    }
    printf("fault loop: sum %llu, fault at in+%lu\n", (unsigned long long)sum,
           (unsigned long)(fault_addr - (uintptr_t)in));
    munmap(m, 4 * page);
}

static void *thread_main(void *arg)
{
    uint64_t *r = arg;
    *r = mix_loop(*r);
    return NULL;
}

int main(void)
{
    /* long enough for LLVM to load and compile while it runs, even on a
     * loaded machine: tier2/stats requires regions entered */
    printf("mix loop: %llu\n", (unsigned long long)mix_loop(150000000));
    printf("call loop: %llu\n", (unsigned long long)call_loop(10000000));
    int flags;
    double s = fp_loop(5000000, &flags);
    printf("fp loop: %.12f flags %#x\n", s, flags);
    fault_loop();
    pthread_t th[2];
    uint64_t r[2] = {5000000, 7000000};
    for (int i = 0; i < 2; i++)
        pthread_create(&th[i], NULL, thread_main, &r[i]);
    for (int i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    printf("threads: %llu %llu\n", (unsigned long long)r[0],
           (unsigned long long)r[1]);
    return 0;
}
