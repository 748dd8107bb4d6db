/* Floating-point arithmetic that an emulator easily gets subtly wrong:
 * NaN boxing of single-precision values in 64-bit registers, fused
 * multiply-add, fmin/fmax with NaNs and signed zeros, sqrt, conversions
 * between float and double, fclass, and printf of doubles. */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t dbits(double d) { uint64_t u; memcpy(&u, &d, 8); return u; }
static uint32_t fbits(float f) { uint32_t u; memcpy(&u, &f, 4); return u; }
static double from_dbits(uint64_t u) { double d; memcpy(&d, &u, 8); return d; }
static float from_fbits(uint32_t u) { float f; memcpy(&f, &u, 4); return f; }

/* A single-precision operand is valid only if its upper 32 bits are all
 * ones; anything else must read as the canonical NaN 0x7fc00000. */
static void nan_boxing(void)
{
    const uint64_t unboxed = 0x0000000040490fdbu; /* pi as float, not boxed */
    const uint64_t boxed = 0xffffffff40490fdbu;
    uint64_t sum_unboxed, sum_boxed, raw_low, class_unboxed, widened, sgnj;
    __asm__("fmv.d.x ft0, %1\n\tfadd.s ft1, ft0, ft0\n\tfmv.x.w %0, ft1"
            : "=r"(sum_unboxed) : "r"(unboxed) : "ft0", "ft1");
    __asm__("fmv.d.x ft0, %1\n\tfadd.s ft1, ft0, ft0\n\tfmv.x.w %0, ft1"
            : "=r"(sum_boxed) : "r"(boxed) : "ft0", "ft1");
    __asm__("fmv.d.x ft0, %1\n\tfmv.x.w %0, ft0" : "=r"(raw_low) : "r"(unboxed) : "ft0");
    __asm__("fmv.d.x ft0, %1\n\tfclass.s %0, ft0" : "=r"(class_unboxed) : "r"(unboxed) : "ft0");
    __asm__("fmv.d.x ft0, %1\n\tfcvt.d.s ft1, ft0\n\tfmv.x.d %0, ft1"
            : "=r"(widened) : "r"(unboxed) : "ft0", "ft1");
    __asm__("fmv.d.x ft0, %1\n\tfsgnjn.s ft1, ft0, ft0\n\tfmv.x.d %0, ft1"
            : "=r"(sgnj) : "r"(unboxed) : "ft0", "ft1");
    printf("fadd.s of unboxed pi: %08" PRIx64 "\n", sum_unboxed);
    printf("fadd.s of boxed pi: %08" PRIx64 "\n", sum_boxed);
    printf("fmv.x.w of unboxed reads raw low bits: %016" PRIx64 "\n", raw_low);
    printf("fclass.s of unboxed: %" PRIx64 "\n", class_unboxed);
    printf("fcvt.d.s of unboxed: %016" PRIx64 "\n", widened);
    printf("fsgnjn.s of unboxed: %016" PRIx64 "\n", sgnj);

    float loaded = 1.5f;
    uint64_t after_flw, after_fmv_w_x;
    __asm__("flw ft0, %1\n\tfmv.x.d %0, ft0" : "=r"(after_flw) : "m"(loaded) : "ft0");
    __asm__("fmv.w.x ft0, %1\n\tfmv.x.d %0, ft0" : "=r"(after_fmv_w_x) : "r"(0x12345678u) : "ft0");
    printf("flw boxes: %016" PRIx64 "\n", after_flw);
    printf("fmv.w.x boxes: %016" PRIx64 "\n", after_fmv_w_x);
}

static void fused_multiply_add(void)
{
    volatile double a = 1.0 + 0x1p-52, b = 1.0 - 0x1p-52, c = -1.0;
    volatile float fa = 1.0f + 0x1p-23f, fb = 1.0f - 0x1p-23f, fc = -1.0f;
    printf("fma(1+e,1-e,-1) = %a\n", fma(a, b, c));
    volatile double product = a * b; /* volatile stops contraction into fma */
    printf("unfused (1+e)*(1-e)-1 = %a\n", product + c);
    printf("fmaf(1+e,1-e,-1) = %a\n", (double)fmaf(fa, fb, fc));
    double r;
    __asm__("fnmsub.d %0, %1, %2, %3" : "=f"(r) : "f"(a), "f"(b), "f"(c));
    printf("fnmsub.d = %a\n", r);
    __asm__("fnmadd.d %0, %1, %2, %3" : "=f"(r) : "f"(a), "f"(b), "f"(c));
    printf("fnmadd.d = %a\n", r);
    __asm__("fmsub.d %0, %1, %2, %3" : "=f"(r) : "f"(a), "f"(b), "f"(c));
    printf("fmsub.d = %a\n", r);
    printf("fma(inf, 0, 1) bits = %016" PRIx64 "\n", dbits(fma(INFINITY, 0.0, 1.0)));
}

typedef double (*minmax_fn)(double, double);
static double asm_fmin(double a, double b) { double r; __asm__("fmin.d %0,%1,%2" : "=f"(r) : "f"(a), "f"(b)); return r; }
static double asm_fmax(double a, double b) { double r; __asm__("fmax.d %0,%1,%2" : "=f"(r) : "f"(a), "f"(b)); return r; }

static void min_max(void)
{
    const double qnan = __builtin_nan(""), snan = __builtin_nans("");
    const struct { const char *name; double a, b; } cases[] = {
        {"1,2", 1, 2},        {"-0,+0", -0.0, 0.0}, {"+0,-0", 0.0, -0.0},
        {"qnan,1", qnan, 1},  {"1,qnan", 1, qnan},  {"qnan,qnan", qnan, qnan},
        {"snan,1", snan, 1},  {"-inf,inf", -INFINITY, INFINITY},
    };
    const struct { const char *name; minmax_fn fn; } fns[] = {{"fmin.d", asm_fmin}, {"fmax.d", asm_fmax}};
    for (size_t f = 0; f < 2; f++)
        for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
            printf("%s(%s) = %016" PRIx64 "\n", fns[f].name, cases[i].name,
                   dbits(fns[f].fn(cases[i].a, cases[i].b)));
    float fr;
    float nf = __builtin_nanf(""), negz = -0.0f, posz = 0.0f;
    __asm__("fmin.s %0,%1,%2" : "=f"(fr) : "f"(nf), "f"(negz));
    printf("fmin.s(qnan,-0) = %08" PRIx32 "\n", fbits(fr));
    __asm__("fmax.s %0,%1,%2" : "=f"(fr) : "f"(negz), "f"(posz));
    printf("fmax.s(-0,+0) = %08" PRIx32 "\n", fbits(fr));
    printf("libm fmin(-0,+0) signbit = %d\n", signbit(fmin(-0.0, 0.0)) != 0);
}

static void square_roots(void)
{
    const double in[] = {2.0, 0.25, -0.0, -1.0, INFINITY, 1e-310};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++)
        printf("sqrt(%g) = %016" PRIx64 "\n", in[i], dbits(sqrt(in[i])));
    volatile float two = 2.0f;
    printf("sqrtf(2) = %08" PRIx32 "\n", fbits(sqrtf(two)));
}

static void conversions(void)
{
    const double in[] = {0.1, 1e39, -1e39, 1e-46, 3.4028235677973366e38, 16777217.0, -0.0};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
        volatile double d = in[i];
        float f = (float)d;
        printf("(float)%.17g = %08" PRIx32 " back = %.17g\n", in[i], fbits(f), (double)f);
    }
    volatile float third = 1.0f / 3.0f;
    printf("(double)(1f/3f) = %.20f\n", (double)third);
    printf("float from bits 0x00000001 = %a\n", (double)from_fbits(1));
    printf("double from bits 0x1 = %a\n", from_dbits(1));
    volatile long long big = 9007199254740993LL;
    printf("(double)(2^53+1) = %.1f\n", (double)big);
    volatile unsigned long long umax = UINT64_MAX;
    printf("(double)UINT64_MAX = %.1f\n", (double)umax);
    printf("(float)UINT64_MAX = %.1f\n", (double)(float)umax);
}

static void classify(void)
{
    const double in[] = {-INFINITY, -1.0, -1e-310, -0.0, 0.0, 1e-310, 1.0, INFINITY,
                         __builtin_nans(""), __builtin_nan("")};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
        uint64_t c;
        __asm__("fclass.d %0, %1" : "=r"(c) : "f"(in[i]));
        printf("fclass.d(%016" PRIx64 ") = %03" PRIx64 "\n", dbits(in[i]), c);
    }
}

static void printing(void)
{
    const double in[] = {0.0, -0.0, 1.0, 0.1, 1.0 / 3.0, 123456789.125, 1e300, 5e-324,
                         2.5, 3.5, -2.5, 1e21, 0.000012345};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++)
        printf("%f|%.0f|%e|%.3e|%g|%.17g|%a|%10.4f|%-12.2e|\n", in[i], in[i], in[i], in[i],
               in[i], in[i], in[i], in[i], in[i]);
    printf("%f %f %f %F\n", INFINITY, -INFINITY, (double)__builtin_nan(""), INFINITY);
    double s = 0.0;
    for (int i = 1; i <= 1000; i++)
        s += 1.0 / ((double)i * i);
    printf("sum 1/i^2 (1000 terms) = %.15f\n", s);
    printf("sin(1)=%.15f cos(1)=%.15f exp(1)=%.15f log(10)=%.15f pow(2,0.5)=%.15f\n",
           sin(1.0), cos(1.0), exp(1.0), log(10.0), pow(2.0, 0.5));
}

int main(void)
{
    nan_boxing();
    fused_multiply_add();
    min_max();
    square_roots();
    conversions();
    classify();
    printing();
    return 0;
}
