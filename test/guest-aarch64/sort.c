/* sort: quicksort and insertion sort of pseudo-random numbers, a string
 * sort with a hand-written strcmp, and checksums of the results. */
#include "nolibc.h"

static uint64_t state = 88172645463325252ull;

static uint64_t next(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static void quicksort(int64_t *a, long lo, long hi)
{
    while (lo < hi) {
        int64_t pivot = a[(lo + hi) / 2];
        long i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i <= j) {
                int64_t t = a[i];
                a[i++] = a[j];
                a[j--] = t;
            }
        }
        if (j - lo < hi - i) {
            quicksort(a, lo, j);
            lo = i;
        } else {
            quicksort(a, i, hi);
            hi = j;
        }
    }
}

static int str_cmp(const char *a, const char *b)
{
    while (*a && *a == *b)
        a++, b++;
    return (unsigned char)*a - (unsigned char)*b;
}

static void insertion_sort_words(const char **w, int n)
{
    for (int i = 1; i < n; i++) {
        const char *k = w[i];
        int j = i - 1;
        while (j >= 0 && str_cmp(w[j], k) > 0) {
            w[j + 1] = w[j];
            j--;
        }
        w[j + 1] = k;
    }
}

static int64_t data[5000];

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    const long n = sizeof(data) / sizeof(data[0]);
    for (long i = 0; i < n; i++)
        data[i] = (int64_t)next() >> (i % 40);
    quicksort(data, 0, n - 1);
    uint64_t sum = 0;
    int sorted = 1;
    for (long i = 0; i < n; i++) {
        sum = sum * 31 + (uint64_t)data[i];
        if (i && data[i - 1] > data[i])
            sorted = 0;
    }
    put_str(sorted ? "sorted " : "NOT sorted ");
    put_hex(sum);
    put_str("\nmin ");
    put_dec(data[0]);
    put_str(" max ");
    put_dec(data[n - 1]);
    put_str("\n");

    const char *words[] = {"pear", "apple", "fig", "banana", "kiwi",
                           "apricot", "cherry", "date", "", "applesauce"};
    int nw = sizeof(words) / sizeof(words[0]);
    insertion_sort_words(words, nw);
    for (int i = 0; i < nw; i++) {
        put_str("[");
        put_str(words[i]);
        put_str("]");
    }
    put_str("\n");
    return 0;
}
