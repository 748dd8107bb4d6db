/* Rounding modes and exception flags: the dynamic mode set by fesetround
 * (and read back through the frm CSR), every static rounding mode encoded
 * in an instruction, fcvt saturation on NaN/inf/out-of-range inputs, and
 * the accrued fflags seen through fetestexcept and csrr. */
#include <fenv.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t dbits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static uint32_t fbits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }

static unsigned read_fflags(void) { unsigned long v; __asm__ volatile("csrr %0, fflags" : "=r"(v)); return (unsigned)v; }
static unsigned read_frm(void) { unsigned long v; __asm__ volatile("csrr %0, frm" : "=r"(v)); return (unsigned)v; }
static void clear_fflags(void) { __asm__ volatile("csrw fflags, zero"); }

static const struct { const char *name; int mode; } modes[] = {
    {"to-nearest", FE_TONEAREST}, {"downward", FE_DOWNWARD},
    {"upward", FE_UPWARD},        {"toward-zero", FE_TOWARDZERO},
};

static void dynamic_modes(void)
{
    volatile double one = 1.0, three = 3.0, two = 2.0, neg = -2.5, big = 1e308;
    volatile float fone = 1.0f, fthree = 3.0f;
    for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
        int rc = fesetround(modes[i].mode);
        printf("[%s] fesetround=%d fegetround matches=%d frm=%u\n", modes[i].name, rc,
               fegetround() == modes[i].mode, read_frm());
        printf("  1/3 = %016" PRIx64 "  -1/3 = %016" PRIx64 "\n", dbits(one / three),
               dbits(-one / three));
        printf("  1f/3f = %08" PRIx32 "  sqrt(2) = %016" PRIx64 "\n", fbits(fone / fthree),
               dbits(sqrt(two)));
        printf("  rint(-2.5) = %g  lrint(2.5) = %ld  nearbyint(3.5) = %g\n", rint(neg),
               lrint(-neg), nearbyint(3.5 + neg - neg));
        printf("  (float)0.1 = %08" PRIx32 "  big*10 = %016" PRIx64 "\n",
               fbits((float)(one / 10.0)), dbits(big * 10.0));
        printf("  printf 2/3 = %.3f  fma(1/3,3,-1) = %a\n", two / three,
               fma(one / three, three, -one));
    }
    fesetround(FE_TONEAREST);
}

/* One conversion per static rounding mode; the dynamic mode is set to
 * upward to show that a static mode overrides it. */
#define FCVT_W_D(rm)                                                            \
    static long fcvt_w_d_##rm(double x)                                         \
    {                                                                           \
        long r;                                                                 \
        __asm__ volatile("fcvt.w.d %0, %1, " #rm : "=r"(r) : "f"(x));           \
        return r;                                                               \
    }
FCVT_W_D(rne) FCVT_W_D(rtz) FCVT_W_D(rdn) FCVT_W_D(rup) FCVT_W_D(rmm) FCVT_W_D(dyn)

static void static_modes(void)
{
    const struct { const char *name; long (*fn)(double); } fns[] = {
        {"rne", fcvt_w_d_rne}, {"rtz", fcvt_w_d_rtz}, {"rdn", fcvt_w_d_rdn},
        {"rup", fcvt_w_d_rup}, {"rmm", fcvt_w_d_rmm}, {"dyn(upward)", fcvt_w_d_dyn},
    };
    const double in[] = {2.5, -2.5, 1.5, -1.5, 0.5, -0.5, 3.7, -3.7, 0.0};
    fesetround(FE_UPWARD);
    for (size_t f = 0; f < sizeof fns / sizeof fns[0]; f++) {
        printf("fcvt.w.d %-11s:", fns[f].name);
        for (size_t i = 0; i < sizeof in / sizeof in[0]; i++)
            printf(" %ld", fns[f].fn(in[i]));
        printf("\n");
    }
    double one = 1.0, tiny = 0x1p-60, r;
    __asm__ volatile("fadd.d %0, %1, %2, rdn" : "=f"(r) : "f"(one), "f"(tiny));
    printf("fadd.d 1+2^-60 rdn = %016" PRIx64 "\n", dbits(r));
    __asm__ volatile("fadd.d %0, %1, %2, rup" : "=f"(r) : "f"(one), "f"(tiny));
    printf("fadd.d 1+2^-60 rup = %016" PRIx64 "\n", dbits(r));
    __asm__ volatile("fsub.d %0, %1, %2, rtz" : "=f"(r) : "f"(one), "f"(tiny));
    printf("fsub.d 1-2^-60 rtz = %016" PRIx64 "\n", dbits(r));
    __asm__ volatile("fsub.d %0, %1, %2, rmm" : "=f"(r) : "f"(one), "f"(tiny));
    printf("fsub.d 1-2^-60 rmm = %016" PRIx64 "\n", dbits(r));
    float fr, fone = 1.0f, fthird = 3.0f;
    __asm__ volatile("fdiv.s %0, %1, %2, rdn" : "=f"(fr) : "f"(fone), "f"(fthird));
    printf("fdiv.s 1/3 rdn = %08" PRIx32 "\n", fbits(fr));
    __asm__ volatile("fdiv.s %0, %1, %2, rup" : "=f"(fr) : "f"(fone), "f"(fthird));
    printf("fdiv.s 1/3 rup = %08" PRIx32 "\n", fbits(fr));
    fesetround(FE_TONEAREST);
}

#define FCVT_INT(insn, name, src_t, reg_t)                                      \
    static uint64_t name(src_t x)                                               \
    {                                                                           \
        reg_t r;                                                                \
        __asm__ volatile(insn " %0, %1, rtz" : "=r"(r) : "f"(x));               \
        return (uint64_t)r;                                                     \
    }
FCVT_INT("fcvt.w.d", cvt_w_d, double, long)
FCVT_INT("fcvt.wu.d", cvt_wu_d, double, long)
FCVT_INT("fcvt.l.d", cvt_l_d, double, long)
FCVT_INT("fcvt.lu.d", cvt_lu_d, double, long)
FCVT_INT("fcvt.w.s", cvt_w_s, float, long)
FCVT_INT("fcvt.lu.s", cvt_lu_s, float, long)

static void saturation(void)
{
    const struct { const char *name; uint64_t (*fn)(double); } dfns[] = {
        {"fcvt.w.d", cvt_w_d}, {"fcvt.wu.d", cvt_wu_d},
        {"fcvt.l.d", cvt_l_d}, {"fcvt.lu.d", cvt_lu_d},
    };
    const double in[] = {__builtin_nan(""), INFINITY, -INFINITY, 1e20, -1e20, -1.0,
                         -0.9, 4294967296.0, 2147483647.5, -2147483648.9, 9.3e18, 1.5};
    for (size_t f = 0; f < sizeof dfns / sizeof dfns[0]; f++)
        for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
            clear_fflags();
            uint64_t r = dfns[f].fn(in[i]);
            printf("%s(%g) = %016" PRIx64 " fflags=%02x\n", dfns[f].name, in[i], r, read_fflags());
        }
    const float fin[] = {__builtin_nanf(""), -INFINITY, 3e9f, -1.0f, 1.9e19f, 7.75f};
    for (size_t i = 0; i < sizeof fin / sizeof fin[0]; i++) {
        clear_fflags();
        uint64_t w = cvt_w_s(fin[i]);
        unsigned fw = read_fflags();
        clear_fflags();
        uint64_t lu = cvt_lu_s(fin[i]);
        printf("fcvt.w.s(%g) = %016" PRIx64 " fflags=%02x  fcvt.lu.s = %016" PRIx64
               " fflags=%02x\n", (double)fin[i], w, fw, lu, read_fflags());
    }
}

static void exception_flags(void)
{
    volatile double zero = 0.0, one = 1.0, three = 3.0, huge = 1e308, tiny = 1e-308;
    volatile double sink;
    const struct { const char *name; int flag; } flags[] = {
        {"invalid", FE_INVALID}, {"divbyzero", FE_DIVBYZERO}, {"overflow", FE_OVERFLOW},
        {"underflow", FE_UNDERFLOW}, {"inexact", FE_INEXACT},
    };
    for (int step = 0; step < 6; step++) {
        feclearexcept(FE_ALL_EXCEPT);
        const char *what = "";
        switch (step) {
        case 0: what = "1/0"; sink = one / zero; break;
        case 1: what = "0/0"; sink = zero / zero; break;
        case 2: what = "1e308*10"; sink = huge * 10.0; break;
        case 3: what = "1e-308/1e10"; sink = tiny / 1e10; break;
        case 4: what = "1/3"; sink = one / three; break;
        case 5: what = "1+1"; sink = one + one; break;
        }
        (void)sink;
        printf("%-12s csr fflags=%02x fetestexcept:", what, read_fflags());
        for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
            if (fetestexcept(flags[i].flag))
                printf(" %s", flags[i].name);
        printf("\n");
    }
    feclearexcept(FE_ALL_EXCEPT);
    feraiseexcept(FE_OVERFLOW | FE_INEXACT);
    printf("feraiseexcept(overflow|inexact) -> fflags=%02x\n", read_fflags());
    feclearexcept(FE_INEXACT);
    printf("feclearexcept(inexact) -> fflags=%02x\n", read_fflags());
    unsigned long old;
    __asm__ volatile("csrrwi %0, fcsr, 0x1f" : "=r"(old));
    printf("fcsr swap old=%02lx now fflags=%02x frm=%u\n", old, read_fflags(), read_frm());
    __asm__ volatile("csrrci %0, fflags, 0x3" : "=r"(old));
    printf("csrrci fflags old=%02lx now=%02x\n", old, read_fflags());
    __asm__ volatile("fsrmi %0, 2" : "=r"(old));
    printf("fsrmi old=%lu frm=%u fegetround is downward=%d\n", old, read_frm(),
           fegetround() == FE_DOWNWARD);
    fesetround(FE_TONEAREST);
    clear_fflags();
}

int main(void)
{
    dynamic_modes();
    static_modes();
    saturation();
    exception_flags();
    return 0;
}
