/* Sorting and the string library: qsort of integers and of strings,
 * bsearch, comparison signs, searching, overlapping memmove, strtol family
 * with bases, overflow (ERANGE) and end pointers, strtok, strdup. */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int sign(int v) { return (v > 0) - (v < 0); }

static void sorting(void)
{
    enum { N = 5000 };
    static int values[N];
    uint32_t x = 12345;
    for (int i = 0; i < N; i++) {
        x = x * 1103515245u + 12345u;
        values[i] = (int)(x >> 1) % 100000 - 50000;
    }
    qsort(values, N, sizeof values[0], cmp_int);
    int sorted = 1;
    uint64_t sum = 0;
    for (int i = 0; i < N; i++) {
        sorted &= i == 0 || values[i - 1] <= values[i];
        sum = sum * 31 + (uint32_t)values[i];
    }
    printf("qsort ints sorted=%d min=%d median=%d max=%d hash=%016" PRIx64 "\n", sorted, values[0],
           values[N / 2], values[N - 1], sum);
    int key = values[1234];
    int *found = bsearch(&key, values, N, sizeof values[0], cmp_int);
    printf("bsearch finds value: %s\n", found && *found == key ? "yes" : "no");
    key = 999999;
    printf("bsearch missing: %s\n", bsearch(&key, values, N, sizeof values[0], cmp_int) ? "found" : "null");

    const char *words[] = {"pear", "apple", "fig", "Banana", "apple pie", "", "zucchini", "kiwi"};
    size_t nw = sizeof words / sizeof words[0];
    qsort(words, nw, sizeof words[0], cmp_str);
    printf("sorted words:");
    for (size_t i = 0; i < nw; i++)
        printf(" [%s]", words[i]);
    printf("\n");
}

static void comparing_and_searching(void)
{
    printf("strcmp signs: %d %d %d %d\n", sign(strcmp("abc", "abd")), sign(strcmp("b", "a")),
           sign(strcmp("same", "same")), sign(strcmp("\xff", "a")));
    printf("strncmp(abcX, abcY, 3)=%d memcmp sign=%d strcasecmp=%d\n", strncmp("abcX", "abcY", 3),
           sign(memcmp("\x01\x80", "\x01\x7f", 2)), strcasecmp("HeLLo", "hello"));
    const char *hay = "the needle in the haystack, another needle";
    printf("strstr offset %td, strstr missing %s\n", strstr(hay, "needle") - hay,
           strstr(hay, "pin") ? "found" : "null");
    printf("strchr offset %td, strrchr offset %td, memchr offset %td\n", strchr(hay, 'n') - hay,
           strrchr(hay, 'n') - hay, (const char *)memchr(hay, 'k', strlen(hay)) - hay);
    printf("strspn %zu strcspn %zu strlen %zu\n", strspn("aaabbbccc", "ab"), strcspn(hay, ",:"),
           strlen(hay));

    char buf[32] = "0123456789";
    memmove(buf + 2, buf, 8);
    printf("memmove forward overlap: %s\n", buf);
    strcpy(buf, "0123456789");
    memmove(buf, buf + 3, 7);
    printf("memmove backward overlap: %s\n", buf);
    memset(buf, '#', 5);
    printf("memset: %s\n", buf);
    char big[300];
    for (int i = 0; i < 299; i++)
        big[i] = (char)('a' + i % 26);
    big[299] = '\0';
    printf("strlen long %zu, strncpy pads: ", strlen(big));
    char padded[8];
    strncpy(padded, "ab", sizeof padded);
    int zeros = 0;
    for (size_t i = 2; i < sizeof padded; i++)
        zeros += padded[i] == 0;
    printf("%d zeros\n", zeros);
    char cat[32] = "con";
    strcat(cat, "cat");
    const char *volatile suffix = "enation!!!"; /* hides the deliberate cut from -Wstringop */
    strncat(cat, suffix, 7);
    printf("strcat/strncat: %s\n", cat);
}

static void numbers(void)
{
    const struct { const char *text; int base; } cases[] = {
        {"  -123abc", 10}, {"0x7fffffffffffffff", 16}, {"0777", 0}, {"0x1F", 0}, {"z", 36},
        {"9223372036854775808", 10}, {"-9223372036854775809", 10}, {"101", 2}, {"", 10}, {"+", 10},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *end;
        errno = 0;
        long v = strtol(cases[i].text, &end, cases[i].base);
        printf("strtol(\"%s\", %d) = %ld consumed=%td errno=%s\n", cases[i].text, cases[i].base, v,
               end - cases[i].text, errno == ERANGE ? "ERANGE" : errno ? "other" : "0");
    }
    char *end;
    errno = 0;
    unsigned long u = strtoul("-1", &end, 10);
    printf("strtoul(-1) = %lu errno=%d\n", u, errno);
    errno = 0;
    unsigned long long ull = strtoull("18446744073709551616", &end, 10);
    printf("strtoull overflow = %llu ERANGE=%d\n", ull, errno == ERANGE);
    printf("atoi(\" 42x\")=%d atol(\"-7\")=%ld\n", atoi(" 42x"), atol("-7"));

    char text[] = "a,b;;c d,,e";
    printf("strtok:");
    for (char *tok = strtok(text, ",; "); tok; tok = strtok(NULL, ",; "))
        printf(" <%s>", tok);
    printf("\n");
    char *copy = strdup("duplicate me");
    char *ncopy = strndup("duplicate me", 3);
    printf("strdup %s / strndup %s\n", copy, ncopy);
    free(copy);
    free(ncopy);
    char upper[16];
    const char *src = "MiXeD 123";
    size_t i = 0;
    for (; src[i]; i++)
        upper[i] = (char)toupper((unsigned char)src[i]);
    upper[i] = '\0';
    printf("toupper: %s isdigit('7')=%d isalpha('7')=%d\n", upper, !!isdigit('7'), !!isalpha('7'));
}

int main(void)
{
    sorting();
    comparing_and_searching();
    numbers();
    return 0;
}
