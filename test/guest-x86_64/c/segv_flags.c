/*
 * segv_flags.c (x86-64) — the arithmetic flags a SIGSEGV handler sees in
 * uc_mcontext's EFLAGS when a load faults right after a flag-setting
 * instruction, compared with Linux running the same binary. Translators
 * that compute flags lazily or drop flags overwritten later must still
 * show the exact flags here:
 *   A: OP; load (faults); xor (overwrites every flag)  — only the fault
 *      observes OP's flags;
 *   B: OP; load; pushf — the handler flips CF PF AF ZF SF OF in the
 *      ucontext, and pushf after the resumed load must see the flips;
 *   C: OP; jmp; load; xor — the flags cross a block boundary first.
 * Each case runs over a table of edge operands; a line per case and
 * shape prints a hash of the flags seen. Every shape runs once without a
 * fault before the handler is installed.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* REG_RIP, REG_EFL */
#endif
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

#define ARITH 0x8d5ul /* CF PF AF ZF SF OF */

static volatile unsigned long seen_flags, faults, bad_pc;

/* The faulting load of every shape: mov r11, [rdx] (4c 8b 1a). */
static void on_segv(int sig, siginfo_t *si, void *ucv)
{
    (void)sig;
    (void)si;
    ucontext_t *uc = ucv;
    greg_t *g = uc->uc_mcontext.gregs;
    const unsigned char *pc = (const unsigned char *)g[REG_RIP];
    if (pc[0] != 0x4c || pc[1] != 0x8b || pc[2] != 0x1a) {
        bad_pc++;
        g[REG_RIP] += 3;
        return;
    }
    seen_flags = (unsigned long)g[REG_EFL] & ARITH;
    g[REG_EFL] ^= ARITH; /* shape B reads these back with pushf */
    g[REG_RIP] += 3;
    faults++;
}

/* The flags each case defines (the SDM's undefined ones differ between
 * CPUs: not compared). */
#define LOGIC (ARITH & ~0x10ul)        /* AF undefined */
#define SHIFT1 (ARITH & ~0x10ul)       /* count 1: AF undefined */
#define SHIFTN (ARITH & ~0x810ul)      /* count > 1: OF and AF too */
#define MULF 0x801ul                   /* CF and OF only */
#define BTF 0x41ul                     /* CF, and ZF kept from the cmp */

/* A case: name, the instruction(s) on rax (= a) and rsi (= b), and the
 * flags it defines. */
#define CASES(X)                                                               \
    X(cmp64, "cmp rax, rsi", ARITH)                                            \
    X(cmp32, "cmp eax, esi", ARITH)                                            \
    X(cmp8, "cmp al, sil", ARITH)                                              \
    X(sub32, "sub eax, esi", ARITH)                                            \
    X(add64, "add rax, rsi", ARITH)                                            \
    X(add16, "add ax, si", ARITH)                                              \
    X(and64, "and rax, rsi", LOGIC)                                            \
    X(or8, "or al, sil", LOGIC)                                                \
    X(test32, "test eax, esi", LOGIC)                                          \
    X(inc32, "stc\n\tinc eax", ARITH)                                          \
    X(dec64, "clc\n\tdec rax", ARITH)                                          \
    X(neg64, "neg rax", ARITH)                                                 \
    X(adc64, "bt rsi, 0\n\tadc rax, rsi", ARITH)                               \
    X(sbb32, "bt rsi, 1\n\tsbb eax, esi", ARITH)                               \
    X(shl64, "shl rax, 1", SHIFT1)                                             \
    X(sar32, "sar eax, 3", SHIFTN)                                             \
    X(imul64, "imul rax, rsi", MULF)                                           \
    X(bt64, "cmp rax, rsi\n\tbt rax, 5", BTF)                                  \
    X(cmp_sub, "cmp rsi, rax\n\tsub rax, 1", ARITH)

/* Shapes A, B and C of each case as functions f(a, b, bad pointer). */
#define SHAPES(name, insn, mask)                                               \
    asm(".intel_syntax noprefix\n\t.text\n"                                    \
        #name "_A:\n\tmov rax, rdi\n\t" insn "\n\t"                            \
        "mov r11, [rdx]\n\txor ecx, ecx\n\tret\n"                              \
        #name "_B:\n\tmov rax, rdi\n\t" insn "\n\t"                            \
        "mov r11, [rdx]\n\tpushfq\n\tpop rax\n\tret\n"                         \
        #name "_C:\n\tmov rax, rdi\n\t" insn "\n\t"                            \
        "jmp 1f\n\tnop\n1:\n\t"                                                \
        "mov r11, [rdx]\n\txor ecx, ecx\n\tret\n"                              \
        ".att_syntax prefix");                                                 \
    unsigned long name##_A(unsigned long, unsigned long, const void *);        \
    unsigned long name##_B(unsigned long, unsigned long, const void *);        \
    unsigned long name##_C(unsigned long, unsigned long, const void *);
CASES(SHAPES)

typedef unsigned long (*shape_fn)(unsigned long, unsigned long, const void *);

static const struct {
    const char *name;
    shape_fn f[3];
    unsigned long mask;
} cases[] = {
#define ROW(name, insn, mask) {#name, {name##_A, name##_B, name##_C}, mask},
    CASES(ROW)
};

static const unsigned long operands[] = {
    0, 1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0x7fffffff, 0x80000000,
    0xffffffff, 0x7fffffffffffffff, 0x8000000000000000, ~0ul,
    0x123456789abcdef0, 0x0f0f0f0f0f0f0f10,
};
#define N_OPS (sizeof(operands) / sizeof(operands[0]))

int main(void)
{
    /* Translate every shape before a handler exists (a translator may
     * then leave flags out at loads): installing one must drop those. */
    static const unsigned long good = 1;
    unsigned long warm = 0;
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++)
        for (int s = 0; s < 3; s++)
            warm += cases[c].f[s](1, 2, &good) & 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    const void *bad = (const void *)8;
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++)
        for (int s = 0; s < 3; s++) {
            unsigned long h = 14695981039346656037ul;
            for (size_t i = 0; i < N_OPS; i++)
                for (size_t j = 0; j < N_OPS; j++) {
                    seen_flags = ~0ul;
                    unsigned long r =
                        cases[c].f[s](operands[i], operands[j], bad);
                    h = (h ^ (seen_flags & cases[c].mask)) * 1099511628211ul;
                    if (s == 1) /* pushf after the handler's flips */
                        h = (h ^ (r & cases[c].mask)) * 1099511628211ul;
                }
            printf("%-8s %c %016lx\n", cases[c].name, "ABC"[s], h);
        }
    printf("faults: %lu, at another pc: %lu\n", faults + warm, bad_pc);
    return 0;
}
