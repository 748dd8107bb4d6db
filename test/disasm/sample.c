/*
 * sample.c — a riscv64 program whose only job is to be disassembled: it
 * pulls printf, the libm functions, atomics and string routines of the
 * static glibc into one binary so compare_objdump.sh sees their code.
 */
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Atomic long counter;

int main(int argc, char **argv)
{
    double x = argc > 1 ? strtod(argv[1], NULL) : 1.5;
    float f = (float)x;
    atomic_fetch_add(&counter, argc);
    char buf[64];
    snprintf(buf, sizeof(buf), "%s", argv[0]);
    printf("%g %g %g %g %f %ld %zu\n", sin(x), exp(x), log(x), pow(x, 2.5),
           (double)sqrtf(f), atomic_load(&counter), strlen(buf));
    return (int)fma(x, x, (double)lround(x)) & 1;
}
