/*
 * string_simd.c — glibc's string functions on many lengths, alignments
 * and match positions. glibc picks their SSE2/SSSE3/SSE4.1/SSE4.2
 * variants by cpuid, so under vm-run this runs whichever ones the guest's
 * cpuid reports (x86-64-v2's: pcmpistri in strcmp/strcspn/strspn ...).
 * Prints a checksum per function, compared with Linux running the same
 * binary; and which of the sets cpuid reports.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#define SPAN 80
#define BUF (SPAN + 64)

static char a[BUF] __attribute__((aligned(64)));
static char b[BUF] __attribute__((aligned(64)));

static uint64_t mix(uint64_t h, uint64_t v)
{
    return (h ^ v) * 0x100000001b3ull;
}

/* a string of len bytes at a + off over a small alphabet, then a null */
static char *make(char *buf, unsigned off, unsigned len, unsigned seed)
{
    static const char alphabet[] = "abcABC-x";
    memset(buf, 'q', BUF);
    for (unsigned i = 0; i < len; i++)
        buf[off + i] = alphabet[(i * 7 + seed * 3 + i / 5) % 8];
    buf[off + len] = 0;
    return buf + off;
}

static int sign(int v)
{
    return (v > 0) - (v < 0);
}

int main(void)
{
    static const char *const names[] = {
        "strlen", "strchr", "strrchr", "memchr", "strcmp", "strncmp",
        "memcmp", "strcasecmp", "strncasecmp", "strspn", "strcspn",
        "strpbrk", "strstr", "memcpy", "memmove", "strcpy", "wcslen",
    };
    enum { NF = sizeof names / sizeof *names };
    uint64_t h[NF];
    for (unsigned i = 0; i < NF; i++)
        h[i] = 0xcbf29ce484222325ull;
    for (unsigned off = 0; off < 32; off++)
        for (unsigned len = 0; len < SPAN - 8; len += 1 + len / 9) {
            char *s = make(a, off, len, off + len);
            unsigned boff = (off * 5 + 3) % 32;
            char *t = make(b, boff, len, off + len);
            if (len)
                t[(off + len) % len] ^= (off & 1) ? 0x20 : 1; /* a difference */
            char c = "abcx-Bz"[(off + len) % 7];
            h[0] = mix(h[0], strlen(s));
            const char *p = strchr(s, c);
            h[1] = mix(h[1], p ? (uint64_t)(p - s) : 999);
            p = strrchr(s, c);
            h[2] = mix(h[2], p ? (uint64_t)(p - s) : 999);
            p = memchr(s, c, len);
            h[3] = mix(h[3], p ? (uint64_t)(p - s) : 999);
            h[4] = mix(h[4], (uint64_t)sign(strcmp(s, t)) + 1);
            h[5] = mix(h[5], (uint64_t)sign(strncmp(s, t, len / 2 + 1)) + 1);
            h[6] = mix(h[6], (uint64_t)sign(memcmp(s, t, len)) + 1);
            h[7] = mix(h[7], (uint64_t)sign(strcasecmp(s, t)) + 1);
            h[8] = mix(h[8], (uint64_t)sign(strncasecmp(s, t, len / 3 + 2)) + 1);
            h[9] = mix(h[9], strspn(s, "abcA"));
            h[10] = mix(h[10], strcspn(s, "x-C"));
            p = strpbrk(s, "Bx");
            h[11] = mix(h[11], p ? (uint64_t)(p - s) : 999);
            char needle[8];
            size_t nl = len < 4 ? len : 1 + (off + len) % 4;
            memcpy(needle, s + (len ? (off * 3) % len : 0), nl);
            needle[nl] = 0;
            if (off % 3 == 0 && nl)
                needle[nl - 1] = 'z'; /* sometimes absent */
            p = strstr(s, needle);
            h[12] = mix(h[12], p ? (uint64_t)(p - s) : 999);
            char out[BUF];
            memcpy(out + (off % 16), s, len + 1);
            h[13] = mix(h[13], (uint64_t)strlen(out + off % 16) * 131 + (uint8_t)out[off % 16 + len / 2]);
            memmove(a + off / 2, a + off, len + 1);
            h[14] = mix(h[14], (uint64_t)(uint8_t)a[off / 2 + len / 3] + strlen(a + off / 2));
            strcpy(out + 1, t);
            h[15] = mix(h[15], (uint64_t)(memcmp(out + 1, t, len + 1) == 0) + strlen(out + 1));
            wchar_t w[SPAN];
            for (unsigned i = 0; i < len % SPAN; i++)
                w[i] = (wchar_t)(0x41 + i);
            w[len % SPAN] = 0;
            h[16] = mix(h[16], wcslen(w));
        }
    for (unsigned i = 0; i < NF; i++)
        printf("%-12s %016llx\n", names[i], (unsigned long long)h[i]);
    __builtin_cpu_init();
    printf("sse3 %d ssse3 %d sse4.1 %d sse4.2 %d popcnt %d\n",
           __builtin_cpu_supports("sse3") != 0, __builtin_cpu_supports("ssse3") != 0,
           __builtin_cpu_supports("sse4.1") != 0, __builtin_cpu_supports("sse4.2") != 0,
           __builtin_cpu_supports("popcnt") != 0);
    return 0;
}
