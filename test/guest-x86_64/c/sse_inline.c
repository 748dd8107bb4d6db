/*
 * sse_inline.c — the scalar and packed SSE/SSE2 arithmetic, compares and
 * conversions that vm-run runs inline (lib/lift/ir_host_sse.h), over
 * NaNs (quiet, signalling, both signs, two payloads: x86 keeps the first
 * operand's), infinities, denormals, signed zeros and rounding edges,
 * each with the MXCSR flags it raised read back by stmxcsr; then the
 * flags hot loops accumulate (including none at all), a hot loop that
 * switches to round-toward-zero with ldmxcsr half-way, DAZ/FTZ, and the
 * MXCSR a signal handler finds in its frame (raise, and a SIGSEGV). Compared with Linux running
 * the same binary: every line is the hardware's.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <ucontext.h>

static const uint64_t dvals[] = {
    0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000,
    0xbff0000000000000, 0x3ff8000000000000, 0x3fd5555555555555,
    0x0000000000000001, 0x000fffffffffffff, 0x0010000000000000,
    0x7fefffffffffffff, 0x7ff0000000000000, 0xfff0000000000000,
    0x7ff8000000000001, 0xfff8000000000002, 0x7ff0000000000003,
    0x43e0000000000000, 0xc3e0000000000000, 0x41dfffffffc00000,
    0x4330000000000001, 0xc1e0000000200000,
};
static const uint32_t fvals[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3eaaaaab,
    0x00000001, 0x007fffff, 0x00800000, 0x7f7fffff, 0x7f800000,
    0xff800000, 0x7fc00001, 0xffc00002, 0x7f800003, 0x4f000000,
    0xcf000001,
};
#define ND (sizeof dvals / sizeof *dvals)
#define NF (sizeof fvals / sizeof *fvals)

static void set_mxcsr(uint32_t v)
{
    __asm__ volatile("ldmxcsr %0" : : "m"(v) : "memory");
}
static uint32_t get_mxcsr(void)
{
    uint32_t v;
    __asm__ volatile("stmxcsr %0" : "=m"(v) : : "memory");
    return v;
}

/* Each op runs on xmm registers loaded with the operands' bits: the
 * register form, or (m) the memory form of the source. */
#define SD_BIN(name)                                                         \
    static uint64_t name##_r(uint64_t a, uint64_t b)                         \
    {                                                                        \
        __asm__ volatile("movq %0, %%xmm0\n\tmovq %1, %%xmm1\n\t" #name      \
                         " %%xmm1, %%xmm0\n\tmovq %%xmm0, %0"                \
                         : "+r"(a) : "r"(b) : "xmm0", "xmm1");               \
        return a;                                                            \
    }                                                                        \
    static uint64_t name##_m(uint64_t a, uint64_t b)                         \
    {                                                                        \
        __asm__ volatile("movq %0, %%xmm0\n\t" #name " %1, %%xmm0\n\t"       \
                         "movq %%xmm0, %0"                                   \
                         : "+r"(a) : "m"(b) : "xmm0");                       \
        return a;                                                            \
    }
SD_BIN(addsd) SD_BIN(subsd) SD_BIN(mulsd) SD_BIN(divsd) SD_BIN(minsd)
SD_BIN(maxsd) SD_BIN(sqrtsd) SD_BIN(addss) SD_BIN(subss) SD_BIN(mulss)
SD_BIN(divss) SD_BIN(minss) SD_BIN(maxss) SD_BIN(sqrtss) SD_BIN(cvtsd2ss)
SD_BIN(cvtss2sd)

/* (u)comis: the CF, PF, ZF bits (and the rest of the arithmetic flags,
 * which they clear) as pushf sees them. */
#define COMPARE(name)                                                        \
    static uint64_t name##_r(uint64_t a, uint64_t b)                         \
    {                                                                        \
        uint64_t f;                                                          \
        __asm__ volatile("movq %1, %%xmm0\n\tmovq %2, %%xmm1\n\t"            \
                         "cmp %%rax, %%rax\n\t" #name " %%xmm1, %%xmm0\n\t"  \
                         "pushfq\n\tpopq %0"                                 \
                         : "=r"(f) : "r"(a), "r"(b) : "xmm0", "xmm1", "cc"); \
        return f & 0x8d5;                                                    \
    }
COMPARE(ucomisd) COMPARE(comisd) COMPARE(ucomiss) COMPARE(comiss)

#define TO_INT(name, reg)                                                    \
    static uint64_t name##_r(uint64_t a, uint64_t b)                         \
    {                                                                        \
        (void)b;                                                             \
        uint64_t r = 0x5555555555555555;                                     \
        __asm__ volatile("movq %1, %%xmm0\n\t" #name " %%xmm0, %" reg "0"    \
                         : "+r"(r) : "r"(a) : "xmm0");                       \
        return r;                                                            \
    }
TO_INT(cvttsd2si, "q") TO_INT(cvtsd2si, "q") TO_INT(cvttss2si, "q")
TO_INT(cvtss2si, "q")
static uint64_t cvttsd2si32_r(uint64_t a, uint64_t b)
{
    (void)b;
    uint64_t r = 0x5555555555555555;
    __asm__ volatile("movq %1, %%xmm0\n\tcvttsd2si %%xmm0, %k0"
                     : "+r"(r) : "r"(a) : "xmm0");
    return r;
}

/* int -> float keeps the register's other bits (a is the register). */
static uint64_t cvtsi2sdq_r(uint64_t a, uint64_t b)
{
    __asm__ volatile("movq %0, %%xmm0\n\tcvtsi2sdq %1, %%xmm0\n\tmovq %%xmm0, %0"
                     : "+r"(a) : "r"(b) : "xmm0");
    return a;
}
static uint64_t cvtsi2ssl_r(uint64_t a, uint64_t b)
{
    __asm__ volatile("movq %0, %%xmm0\n\tcvtsi2ssl %k1, %%xmm0\n\tmovq %%xmm0, %0"
                     : "+r"(a) : "r"(b) : "xmm0");
    return a;
}

/* Packed: a in both lanes of dst (the second lane swapped), b likewise. */
#define PACKED(name)                                                         \
    static uint64_t name##_r(uint64_t a, uint64_t b)                         \
    {                                                                        \
        uint64_t d[2] = {a, b}, s[2] = {b, a};                               \
        __asm__ volatile("movdqu %0, %%xmm0\n\tmovdqu %1, %%xmm1\n\t" #name  \
                         " %%xmm1, %%xmm0\n\tmovdqu %%xmm0, %0"              \
                         : "+m"(d) : "m"(s) : "xmm0", "xmm1");               \
        return d[0] ^ (d[1] * 0x9e3779b97f4a7c15ull);                        \
    }
PACKED(addpd) PACKED(mulpd) PACKED(divpd) PACKED(maxpd) PACKED(subps)
PACKED(mulps) PACKED(minps) PACKED(sqrtpd) PACKED(cvtps2pd) PACKED(cvtpd2ps)
PACKED(cvttpd2dq) PACKED(cvtdq2ps)

struct op {
    const char *name;
    uint64_t (*fn)(uint64_t, uint64_t);
    int single; /* operands from fvals */
};

static const struct op ops[] = {
    {"addsd", addsd_r, 0}, {"addsd.m", addsd_m, 0}, {"subsd", subsd_r, 0}, {"subsd.m", subsd_m, 0},
    {"mulsd", mulsd_r, 0}, {"mulsd.m", mulsd_m, 0}, {"divsd", divsd_r, 0},
    {"divsd.m", divsd_m, 0}, {"minsd", minsd_r, 0}, {"minsd.m", minsd_m, 0}, {"maxsd", maxsd_r, 0},
    {"maxsd.m", maxsd_m, 0}, {"sqrtsd", sqrtsd_r, 0},
    {"sqrtsd.m", sqrtsd_m, 0}, {"cvtsd2ss", cvtsd2ss_r, 0},
    {"cvtsd2ss.m", cvtsd2ss_m, 0}, {"ucomisd", ucomisd_r, 0},
    {"comisd", comisd_r, 0}, {"cvttsd2si", cvttsd2si_r, 0},
    {"cvtsd2si", cvtsd2si_r, 0}, {"cvttsd2si32", cvttsd2si32_r, 0},
    {"cvtsi2sdq", cvtsi2sdq_r, 0}, {"addpd", addpd_r, 0},
    {"mulpd", mulpd_r, 0}, {"divpd", divpd_r, 0}, {"maxpd", maxpd_r, 0},
    {"sqrtpd", sqrtpd_r, 0}, {"cvtpd2ps", cvtpd2ps_r, 0},
    {"cvttpd2dq", cvttpd2dq_r, 0},
    {"addss", addss_r, 1}, {"addss.m", addss_m, 1}, {"subss", subss_r, 1}, {"subss.m", subss_m, 1},
    {"mulss", mulss_r, 1}, {"mulss.m", mulss_m, 1}, {"divss", divss_r, 1}, {"divss.m", divss_m, 1}, {"minss", minss_r, 1}, {"minss.m", minss_m, 1},
    {"maxss", maxss_r, 1}, {"maxss.m", maxss_m, 1}, {"sqrtss", sqrtss_r, 1}, {"sqrtss.m", sqrtss_m, 1},
    {"cvtss2sd", cvtss2sd_r, 1}, {"cvtss2sd.m", cvtss2sd_m, 1},
    {"ucomiss", ucomiss_r, 1}, {"comiss", comiss_r, 1},
    {"cvttss2si", cvttss2si_r, 1}, {"cvtss2si", cvtss2si_r, 1},
    {"cvtsi2ssl", cvtsi2ssl_r, 1}, {"subps", subps_r, 1},
    {"mulps", mulps_r, 1}, {"minps", minps_r, 1}, {"cvtps2pd", cvtps2pd_r, 1},
    {"cvtdq2ps", cvtdq2ps_r, 1},
};

/* Every op over every operand pair, flags cleared before each: a line
 * per op and first operand with a hash of the results and flags over
 * the second operands (printing each pair made the test 6x slower in the
 * interpreter), and the union of the flags. */
static void table(uint32_t mxcsr)
{
    for (size_t k = 0; k < sizeof ops / sizeof *ops; k++) {
        const struct op *o = &ops[k];
        size_t n = o->single ? NF : ND;
        for (size_t i = 0; i < n; i++) {
            uint64_t a = o->single ? fvals[i] : dvals[i];
            uint64_t sum = 0, flags_or = 0;
            for (size_t j = 0; j < n; j++) {
                uint64_t b = o->single ? fvals[j] : dvals[j];
                set_mxcsr(mxcsr);
                uint64_t r = o->fn(a, b);
                uint32_t m = get_mxcsr();
                sum = (sum ^ r) * 0x100000001b3ull + m;
                flags_or |= m;
            }
            printf("%s/%x %llx: %016llx %llx\n", o->name, mxcsr,
                   (unsigned long long)a, (unsigned long long)sum,
                   (unsigned long long)flags_or);
        }
    }
}

/* Flags a hot loop accumulates without reading MXCSR in between. */
static void accumulate(void)
{
    set_mxcsr(0x1f80);
    volatile double one = 1.0, third = 1.0 / 3.0, zero = 0.0, tiny = 0x1p-1070;
    double acc = 0;
    for (int i = 0; i < 200000; i++)
        acc += one; /* exact: raises nothing */
    printf("exact loop: %.17g mxcsr %x\n", acc, get_mxcsr());
    for (int i = 0; i < 200000; i++) {
        acc += one;
        if (i == 150000)
            acc += third; /* inexact, once */
    }
    printf("one inexact: %.17g mxcsr %x\n", acc, get_mxcsr());
    double q = 0;
    for (int i = 0; i < 100000; i++)
        q += (i == 7000 ? one / zero : 0.0) + tiny * tiny;
    printf("div by zero, underflow: %g mxcsr %x\n", q, get_mxcsr());
    set_mxcsr(0x1f80);
    printf("cleared: mxcsr %x\n", get_mxcsr());
}

/* ldmxcsr to round toward zero half-way through a hot loop, then back. */
static void rounding(void)
{
    set_mxcsr(0x1f80);
    volatile double third = 1.0 / 3.0, big = 1e16;
    double acc = 0;
    long conv = 0;
    for (int i = 0; i < 300000; i++) {
        if (i == 150000)
            set_mxcsr(0x7f80); /* RC = toward zero */
        acc += third * (double)(i % 7) + big;
        acc -= big;
        double v = (double)i * 0.75 - 1000.25;
        long c;
        __asm__ volatile("cvtsd2si %1, %0" : "=r"(c) : "x"(v));
        conv += c;
    }
    uint32_t m = get_mxcsr();
    set_mxcsr(0x1f80);
    printf("rtz half-way: %a %ld mxcsr %x\n", acc, conv, m);
    /* DAZ and FTZ: the helper's path. */
    set_mxcsr(0x9fc0);
    uint64_t d = addsd_r(0x0000000000000400, 0x0000000000000400);
    uint64_t e = mulsd_r(0x0170000000000000, 0x3e10000000000000);
    m = get_mxcsr();
    set_mxcsr(0x1f80);
    printf("daz ftz: %llx %llx mxcsr %x\n", (unsigned long long)d,
           (unsigned long long)e, m);
}

static volatile uint32_t handler_mxcsr;
static void on_usr1(int sig, siginfo_t *si, void *uc_)
{
    (void)sig, (void)si;
    ucontext_t *uc = uc_;
    handler_mxcsr = uc->uc_mcontext.fpregs->mxcsr;
}

static void signal_frame(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_usr1;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &sa, NULL);
    set_mxcsr(0x1f80);
    volatile double one = 1.0, three = 3.0;
    double x = 0;
    for (int i = 0; i < 100000; i++)
        x += one / three;
    raise(SIGUSR1);
    printf("signal frame: %.17g mxcsr %x (after %x)\n", x, handler_mxcsr,
           get_mxcsr());
}

/* The same after a fault: a SIGSEGV right after inexact arithmetic. */
static sigjmp_buf segv_env;
static void on_segv(int sig, siginfo_t *si, void *uc_)
{
    (void)sig, (void)si;
    ucontext_t *uc = uc_;
    handler_mxcsr = uc->uc_mcontext.fpregs->mxcsr;
    siglongjmp(segv_env, 1);
}

static void fault_frame(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    set_mxcsr(0x1f80);
    volatile double one = 1.0, seven = 7.0;
    static volatile double *volatile unmapped = (volatile double *)8;
    double sum = 0;
    for (int i = 0; i < 100000; i++)
        sum += one / seven;
    volatile double x = sum;
    if (!sigsetjmp(segv_env, 1))
        *unmapped = x;
    printf("fault frame: %.17g mxcsr %x (after %x)\n", x, handler_mxcsr,
           get_mxcsr());
}

int main(void)
{
    table(0x1f80);
    table(0x7f80); /* toward zero: the helper's path */
    table(0x1f80 | 0x20);
    accumulate();
    rounding();
    signal_frame();
    fault_frame();
    return 0;
}
