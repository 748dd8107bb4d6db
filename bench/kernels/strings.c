/* String kernel: builds lines of words, then copies, searches, compares and hashes them
 * with the C library's string functions, R rounds over a text of N lines.
 * Usage: strings N R  (prints counts and an FNV-1a hash of the final text). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const WORDS[] = {
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel",
    "india", "juliett", "kilo", "lima", "mike", "november", "oscar", "papa",
};
enum { NWORDS = sizeof WORDS / sizeof WORDS[0], LINE_MAX_LEN = 128 };

static uint64_t fnv1a(const char *s, size_t len, uint64_t h)
{
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001B3ull;
    return h;
}

static int compare_lines(const void *x, const void *y)
{
    return strcmp((const char *)x, (const char *)y);
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 10000;
    unsigned rounds = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 1;
    char (*lines)[LINE_MAX_LEN] = calloc(n, sizeof *lines);
    char (*copy)[LINE_MAX_LEN] = calloc(n, sizeof *copy);
    uint32_t seed = 12345;
    for (size_t i = 0; i < n; i++)
        for (int w = 0; w < 8; w++) {
            seed = seed * 1103515245u + 12345u;
            strcat(lines[i], WORDS[(seed >> 16) % NWORDS]);
            strcat(lines[i], w < 7 ? " " : "");
        }
    size_t found = 0, total_len = 0;
    uint64_t hash = 0xCBF29CE484222325ull;
    for (unsigned r = 0; r < rounds; r++) {
        memcpy(copy, lines, n * sizeof *lines);
        qsort(copy, n, sizeof *copy, compare_lines);
        for (size_t i = 0; i < n; i++) {
            total_len += strlen(copy[i]);
            if (strstr(copy[i], WORDS[r % NWORDS]) != NULL)
                found++;
            /* Line i becomes sorted line i with its first word rotated to the end,
             * so every round sorts a different text. */
            const char *space = strchr(copy[i], ' ');
            if (space != NULL) {
                memmove(lines[i], space + 1, strlen(space + 1) + 1);
                strcat(lines[i], " ");
                strncat(lines[i], copy[i], (size_t)(space - copy[i]));
            }
        }
        hash = fnv1a(copy[n / 2], strlen(copy[n / 2]), hash);
    }
    for (size_t i = 0; i < n; i++)
        hash = fnv1a(lines[i], strlen(lines[i]), hash);
    printf("lines %zu rounds %u found %zu length %zu hash %016llx\n", n, rounds, found, total_len,
           (unsigned long long)hash);
    free(lines);
    free(copy);
    return 0;
}
