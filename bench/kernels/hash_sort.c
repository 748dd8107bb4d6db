/* Integer kernel: hash-table counting of pseudo-random keys, then a merge sort.
 * Usage: hash_sort N  (N keys; prints distinct count and order-dependent checksums). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t xorshift64(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* Open addressing with linear probing; key 0 marks an empty slot, so keys are made odd. */
static size_t count_distinct(const uint64_t *keys, size_t n, uint32_t *hits)
{
    size_t cap = 1;
    while (cap < 2 * n)
        cap <<= 1;
    uint64_t *slot = calloc(cap, sizeof *slot);
    size_t distinct = 0;
    for (size_t i = 0; i < n; i++) {
        size_t h = (size_t)((keys[i] * 0x9E3779B97F4A7C15ull) >> 20) & (cap - 1);
        while (slot[h] != 0 && slot[h] != keys[i])
            h = (h + 1) & (cap - 1);
        if (slot[h] == 0) {
            slot[h] = keys[i];
            distinct++;
        }
        hits[h & 1023]++;
    }
    free(slot);
    return distinct;
}

/* Bottom-up merge sort ping-ponging between two buffers; returns the one holding the result. */
static uint64_t *merge_sort(uint64_t *a, uint64_t *tmp, size_t n)
{
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
            while (i < mid)
                tmp[k++] = a[i++];
            while (j < hi)
                tmp[k++] = a[j++];
        }
        uint64_t *swap = a;
        a = tmp;
        tmp = swap;
    }
    return a;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
    uint64_t *keys = malloc(n * sizeof *keys);
    uint64_t *tmp = malloc(n * sizeof *tmp);
    uint32_t hits[1024] = {0};
    uint64_t s = 0x2545F4914F6CDD1Dull;
    for (size_t i = 0; i < n; i++)
        keys[i] = (xorshift64(&s) % (n * 4)) | 1; /* about one duplicate in eight */
    size_t distinct = count_distinct(keys, n, hits);
    const uint64_t *sorted = merge_sort(keys, tmp, n);
    uint64_t sum = 0;
    size_t out_of_order = 0;
    for (size_t i = 0; i < n; i++) {
        out_of_order += i > 0 && sorted[i - 1] > sorted[i];
        sum = sum * 31 + sorted[i];
    }
    uint64_t hsum = 0;
    for (int i = 0; i < 1024; i++)
        hsum = hsum * 7 + hits[i];
    printf("keys %zu distinct %zu out-of-order %zu checksum %016llx buckets %016llx\n", n,
           distinct, out_of_order, (unsigned long long)sum, (unsigned long long)hsum);
    free(keys);
    free(tmp);
    return 0;
}
