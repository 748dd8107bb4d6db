/* Compiler-generated and libm floating point on the aarch64 guest: libm
 * functions, printf/strtod of doubles, conversions, fused multiply-add,
 * the C rounding modes (fesetround -> FPCR.RMode) and exception flags
 * (fetestexcept <- FPSR), a small matrix product in float and double.
 * Built -fno-tree-vectorize and keeping sin() off glibc's huge-argument
 * reduction, since AdvSIMD arithmetic is not lifted yet. */
#include <fenv.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static volatile double vd[] = {0.0, -0.0, 1.0, -2.5, 0.1, 1e300, -1e-310,
                               3.141592653589793, 2.5, -3.5, 1e19, -1e10};
#define N(a) (sizeof(a) / sizeof((a)[0]))

static void functions(void)
{
    for (size_t i = 0; i < N(vd); i++) {
        double x = vd[i];
        printf("%a: sqrt %a sin %a exp %a log1p %a cbrt %a pow %a\n", x,
               sqrt(x), sin(fabs(x) < 1e6 ? x : 1 / x), exp(x / 8), log1p(fabs(x)), cbrt(x),
               pow(fabs(x), 0.37));
        printf("  floor %a ceil %a trunc %a round %a rint %a lround %ld "
               "(long)%ld (unsigned)%u (float)%a fma %a\n",
               floor(x), ceil(x), trunc(x), round(x), rint(x),
               fabs(x) < 1e18 ? lround(x) : 0L,
               fabs(x) < 9e18 ? (long)x : 0L,
               x >= 0 && x < 4e9 ? (unsigned)x : 0u, (double)(float)x,
               fma(x, x, -x * x));
    }
}

static void rounding_modes(void)
{
    static const struct { int mode; const char *name; } modes[] = {
        {FE_TONEAREST, "nearest"}, {FE_UPWARD, "upward"},
        {FE_DOWNWARD, "downward"}, {FE_TOWARDZERO, "towardzero"}};
    for (size_t m = 0; m < N(modes); m++) {
        fesetround(modes[m].mode);
        volatile double one = 1.0, three = 3.0, big = 0x1p53;
        volatile float f = 16777217.0f;
        feclearexcept(FE_ALL_EXCEPT);
        double q = one / three;
        int inexact = fetestexcept(FE_INEXACT) != 0;
        printf("%s: 1/3 %a -1/3 %a rint(2.5) %a rint(-2.5) %a nearbyint(0.5) "
               "%a big+1 %a f %a llrint %lld inexact %d\n",
               modes[m].name, q, -one / three, rint(2.5 * one),
               rint(-2.5 * one), nearbyint(0.5 * one), big + one, (double)f,
               llrint(7.5 * one), inexact);
    }
    fesetround(FE_TONEAREST);
    volatile double zero = 0.0, huge = DBL_MAX, tiny = DBL_MIN;
    feclearexcept(FE_ALL_EXCEPT);
    volatile double r = 1.0 / zero;
    printf("1/0 %a divbyzero %d\n", r, fetestexcept(FE_DIVBYZERO) != 0);
    feclearexcept(FE_ALL_EXCEPT);
    r = huge * 2;
    printf("max*2 %a overflow %d\n", r, fetestexcept(FE_OVERFLOW) != 0);
    feclearexcept(FE_ALL_EXCEPT);
    r = tiny / 3;
    printf("min/3 %a underflow %d\n", r, fetestexcept(FE_UNDERFLOW) != 0);
    feclearexcept(FE_ALL_EXCEPT);
    r = sqrt(-huge);
    printf("sqrt(-max) nan %d invalid %d\n", isnan(r),
           fetestexcept(FE_INVALID) != 0);
}

static void matrices(void)
{
    enum { M = 24 };
    static double a[M][M], b[M][M], c[M][M];
    static float fa[M][M], fb[M][M], fc[M][M];
    for (int i = 0; i < M; i++)
        for (int j = 0; j < M; j++) {
            a[i][j] = fa[i][j] = (float)((i * 7 + j * 3) % 11) / 7.0f - 0.6f;
            b[i][j] = fb[i][j] = (float)((i + 2 * j) % 13) / 5.0f + 0.1f;
        }
    for (int i = 0; i < M; i++)
        for (int j = 0; j < M; j++) {
            double s = 0;
            float fs = 0;
            for (int k = 0; k < M; k++) {
                s += a[i][k] * b[k][j];
                fs += fa[i][k] * fb[k][j];
            }
            c[i][j] = s;
            fc[i][j] = fs;
        }
    double sum = 0, fsum = 0;
    for (int i = 0; i < M; i++)
        for (int j = 0; j < M; j++) {
            sum += c[i][j] * (i + 1);
            fsum += fc[i][j] * (j + 1);
        }
    printf("matrix %a %a %.17g\n", sum, fsum, strtod("0.1e-3", NULL) * sum);
}

int main(void)
{
    functions();
    rounding_modes();
    matrices();
    return 0;
}
