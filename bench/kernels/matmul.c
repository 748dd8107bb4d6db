/* Floating-point kernel: C = A * B on N x N doubles, blocked i-k-j loops, repeated R times.
 * Usage: matmul N R  (prints a checksum of C; built with -ffp-contract=off so every
 * target rounds the same way and outputs compare exactly). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { BLOCK = 32 };

static void multiply(const double *a, const double *b, double *c, size_t n)
{
    memset(c, 0, n * n * sizeof *c);
    for (size_t ii = 0; ii < n; ii += BLOCK)
        for (size_t kk = 0; kk < n; kk += BLOCK)
            for (size_t i = ii; i < ii + BLOCK && i < n; i++)
                for (size_t k = kk; k < kk + BLOCK && k < n; k++) {
                    double aik = a[i * n + k];
                    for (size_t j = 0; j < n; j++)
                        c[i * n + j] += aik * b[k * n + j];
                }
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 256;
    unsigned rounds = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 1;
    double *a = malloc(n * n * sizeof *a);
    double *b = malloc(n * n * sizeof *b);
    double *c = malloc(n * n * sizeof *c);
    for (size_t i = 0; i < n * n; i++) {
        a[i] = (double)(i % 17) / 16.0 - 0.5;
        b[i] = (double)(i % 29) / 7.0 + 0.25;
    }
    double trace_sum = 0.0;
    for (unsigned r = 0; r < rounds; r++) {
        multiply(a, b, c, n);
        for (size_t i = 0; i < n; i++)
            trace_sum += c[i * n + i];
        a[r % (n * n)] += 1.0; /* each round multiplies a slightly different matrix */
    }
    double total = 0.0;
    for (size_t i = 0; i < n * n; i++)
        total += c[i] * (double)(i % 5 + 1);
    printf("n %zu rounds %u trace-sum %.17g weighted %.17g\n", n, rounds, trace_sum, total);
    free(a);
    free(b);
    free(c);
    return 0;
}
