/* stdio: printf conversions and flags, snprintf truncation, fputs/puts/
 * putchar/fwrite, output on stderr (compared by the runner too), perror,
 * and sscanf/strtod parsing from strings. */
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void integer_formats(void)
{
    printf("[%d] [%i] [%u] [%x] [%X] [%o] [%c] [%s] [%%]\n", -42, 42, 42u, 0xbeefu, 0xbeefu,
           8u, 'Z', "str");
    printf("[%5d] [%-5d] [%05d] [%+d] [% d] [%+d]\n", 42, 42, 42, 42, 42, -42);
    printf("[%#x] [%#o] [%#X] [%#x]\n", 255u, 8u, 255u, 0u);
    printf("[%ld] [%lld] [%hhd] [%hd] [%zu] [%jd] [%td]\n", (long)INT64_MIN, (long long)INT64_MAX,
           (signed char)-1, (short)-32768, (size_t)SIZE_MAX, (intmax_t)-7, (ptrdiff_t)12);
    printf("[%lu] [%llx] [%hhu] [%hu]\n", (unsigned long)UINT64_MAX, 0x123456789abcdefull,
           (unsigned char)300, (unsigned short)70000);
    printf("[%.3s] [%10s] [%-10s] [%*d] [%-*d] [%.*s]\n", "abcdef", "right", "left", 6, 7, 6, 7,
           2, "xyz");
    printf("[%.5d] [%8.3d] [%-8.3x] [%p]\n", 42, -7, 10u, (void *)0);
    printf("[%" PRId8 "] [%" PRIu16 "] [%" PRIx32 "] [%" PRIo64 "]\n", (int8_t)-8, (uint16_t)65535,
           (uint32_t)0xdeadbeef, (uint64_t)511);
    int counted = 0;
    printf("counting%n chars\n", &counted);
    printf("%%n saw %d\n", counted);
}

static void float_formats(void)
{
    printf("[%f] [%.2f] [%10.3f] [%-10.1f] [%+.1f] [%08.2f]\n", 3.14159, 3.14159, -3.14159, 2.5,
           2.5, -1.5);
    printf("[%e] [%.0e] [%E] [%g] [%G] [%#g] [%.10g]\n", 12345.678, 12345.678, 0.000123, 0.0001,
           1e-5, 1.0, 2.0 / 3.0);
    printf("[%a] [%.2a] [%A]\n", 1.0, 3.14159, -0.5);
    printf("[%Lf] [%.20Lg]\n", (long double)1.25, (long double)1 / 3);
}

static void buffers_and_streams(void)
{
    char small[8];
    const char *volatile long_word = "truncated"; /* hides the truncation from -Wformat */
    int n = snprintf(small, sizeof small, "%s-%d", long_word, 12345);
    printf("snprintf returned %d, buffer \"%s\"\n", n, small);
    n = snprintf(NULL, 0, "%08.3f", 2.0);
    printf("snprintf(NULL,0) length %d\n", n);
    char *dyn = NULL;
    n = asprintf(&dyn, "%s/%s/%d", "a", "b", 3);
    printf("asprintf %d \"%s\"\n", n, dyn);
    free(dyn);

    fputs("fputs line\n", stdout);
    puts("puts line");
    putchar('p');
    putchar('\n');
    fwrite("fwrite 12345\n", 1, 13, stdout);
    fprintf(stdout, "fprintf stdout %d\n", 1);
    fflush(stdout);

    fprintf(stderr, "stderr: fprintf %d %s\n", 2, "two");
    fputs("stderr: fputs\n", stderr);
    errno = ENOENT;
    perror("stderr: perror");
    fprintf(stderr, "stderr: strerror(EACCES) = %s\n", strerror(EACCES));
}

static void scanning(void)
{
    int a = 0, b = 0;
    unsigned x = 0;
    double d = 0;
    char word[16] = "", letters[16] = "";
    int got = sscanf("  17 -4 0x1f 2.5e3 hello abcXYZ", "%d %d %x %lf %15s %15[a-z]", &a, &b, &x,
                     &d, word, letters);
    printf("sscanf got %d: %d %d %u %.1f %s %s\n", got, a, b, x, d, word, letters);
    got = sscanf("12:34:56", "%d:%d", &a, &b);
    printf("sscanf time got %d: %d %d\n", got, a, b);
    got = sscanf("abc", "%d", &a);
    printf("sscanf mismatch got %d\n", got);
    got = sscanf("", "%d", &a);
    printf("sscanf empty got %d (EOF is %d)\n", got, EOF);
    long long big = 0;
    char rest[8] = "";
    got = sscanf("9223372036854775807xyz", "%lld%7s", &big, rest);
    printf("sscanf %%lld got %d: %lld rest %s\n", got, big, rest);
    char *end;
    double v = strtod("  -1.5e-3xyz", &end);
    printf("strtod %.6g rest \"%s\"\n", v, end);
    v = strtod("0x1.8p1", &end);
    printf("strtod hex %.1f\n", v);
    v = strtod("inf", &end);
    printf("strtod inf %f\n", v);
}

int main(void)
{
    integer_formats();
    float_formats();
    buffers_and_streams();
    scanning();
    return 0;
}
