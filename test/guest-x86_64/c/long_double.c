/*
 * long_double.c — x87 as glibc and gcc use it: long double arithmetic
 * and printf, libm's long double functions, the four rounding modes,
 * exception flags, conversions to integers. Compared with the same binary
 * run natively.
 */
#include <fenv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    (void)argv;
    volatile long double a = 1.0L / 3, b = 2.5e-4000L, c = -0.0L;
    long double x = argc > 5 ? 1 : 3.14159265358979323846264338327950288L;
    printf("%Lf %.30Lg %Lg %Le %La\n", a, a, b, c, x);
    printf("%.25Lg %.25Lg %.25Lg\n", sqrtl(2.0L), expl(1.0L), logl(10.0L));
    printf("%.20Lg %.20Lg %.20Lg %.20Lg\n", sinl(x / 3), cosl(x / 3),
           tanl(x / 5), atan2l(1.0L, 3.0L));
    printf("%.20Lg %.20Lg %.20Lg\n", fmodl(100.0L, 3.3L),
           remainderl(100.0L, 3.3L), powl(2.5L, 10.3L));
    static const int modes[4] = {FE_TONEAREST, FE_DOWNWARD, FE_UPWARD,
                                 FE_TOWARDZERO};
    for (int m = 0; m < 4; m++) {
        fesetround(modes[m]);
        volatile long double q = a * 7.1L;
        printf("mode %d: %.25Lg %ld %lld\n", m, q, lrintl(q * 1e10L),
               llrintl(-q * 1e15L));
    }
    fesetround(FE_TONEAREST);
    feclearexcept(FE_ALL_EXCEPT);
    volatile long double z = 0;
    volatile long double r = 1 / z;
    printf("inf %Lg exc %d %d\n", r, fetestexcept(FE_DIVBYZERO) != 0,
           fetestexcept(FE_INEXACT) != 0);
    printf("%Lg %Lg %d %d\n", nanl(""), -INFINITY * 1.0L,
           isnan((long double)NAN), fpclassify(b));
    long double parsed = strtold("1.23456789012345678901234567890e300", NULL);
    printf("%.25Lg %.3Lf\n", parsed, ldexpl(1.0L, 16000) / ldexpl(3.0L, 15990));
    printf("%d %lld %.18Lg\n", (int)(x * 1000), (long long)(-x * 1e17L),
           truncl(-x * 1e3L));
    double d = 0.1;
    float f = 0.2f;
    int e = 0;
    printf("%.20Lg %.20Lg %d\n", (long double)d + f, frexpl(x, &e), e);
    return 0;
}
