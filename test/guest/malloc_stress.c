/* Allocator workout: thousands of blocks of pseudo-random sizes (small,
 * medium and mmap-sized), patterns verified after realloc growth and
 * shrinkage, interleaved frees, calloc zeroing, and a linked list whose
 * checksum depends on every node surviving. */
#include <inttypes.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t next_random(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static size_t pick_size(void)
{
    static const size_t large[] = {4096, 65536, 131072, 200000, 1 << 20, 3 << 20};
    uint64_t r = next_random();
    if (r % 100 == 0)
        return large[(r >> 8) % 6];
    if (r % 5 == 0)
        return 256 + (r >> 16) % 8192;
    return 1 + (r >> 16) % 200;
}

/* Large blocks are patterned sparsely (every 61st byte, plus the last)
 * so that a slow interpreter still finishes quickly; every page is still
 * written and checked. */
static size_t stride_for(size_t n) { return n > 4096 ? 61 : 1; }

static void fill(unsigned char *p, size_t n, unsigned seed)
{
    for (size_t i = 0; i < n; i += stride_for(n))
        p[i] = (unsigned char)(seed + i * 31);
    if (n)
        p[n - 1] = (unsigned char)(seed + (n - 1) * 31);
}

static int intact(const unsigned char *p, size_t n, size_t written, unsigned seed)
{
    for (size_t i = 0; i < n; i += stride_for(written))
        if (p[i] != (unsigned char)(seed + i * 31))
            return 0;
    return 1;
}

enum { SLOTS = 2000 };

static void churn(void)
{
    static unsigned char *blocks[SLOTS];
    static size_t sizes[SLOTS];
    unsigned long allocs = 0, reallocs = 0, frees = 0, bad = 0, usable_short = 0;
    uint64_t bytes = 0;
    for (int round = 0; round < 4; round++)
        for (int i = 0; i < SLOTS; i++) {
            uint64_t action = next_random() % 4;
            if (!blocks[i]) {
                sizes[i] = pick_size();
                blocks[i] = malloc(sizes[i]);
                fill(blocks[i], sizes[i], (unsigned)i);
                usable_short += malloc_usable_size(blocks[i]) < sizes[i];
                allocs++;
                bytes += sizes[i];
            } else if (action == 0) {
                bad += !intact(blocks[i], sizes[i], sizes[i], (unsigned)i);
                free(blocks[i]);
                blocks[i] = NULL;
                frees++;
            } else if (action == 1) {
                size_t new_size = pick_size();
                size_t old_size = sizes[i];
                size_t keep = new_size < old_size ? new_size : old_size;
                blocks[i] = realloc(blocks[i], new_size);
                bad += !intact(blocks[i], keep, old_size, (unsigned)i);
                sizes[i] = new_size;
                fill(blocks[i], sizes[i], (unsigned)i);
                reallocs++;
            }
        }
    for (int i = 0; i < SLOTS; i++) {
        if (blocks[i])
            bad += !intact(blocks[i], sizes[i], sizes[i], (unsigned)i);
        free(blocks[i]);
        blocks[i] = NULL;
    }
    printf("allocs=%lu reallocs=%lu frees=%lu bytes=%" PRIu64 "\n", allocs, reallocs, frees, bytes);
    printf("corrupted blocks: %lu, usable size too small: %lu\n", bad, usable_short);
}

struct node {
    struct node *next;
    uint64_t value;
    char tag[24];
};

static void linked_list(void)
{
    struct node *head = NULL;
    for (uint64_t i = 0; i < 10000; i++) {
        struct node *n = malloc(sizeof *n);
        n->value = i * i + 7;
        snprintf(n->tag, sizeof n->tag, "node-%" PRIu64, i);
        n->next = head;
        head = n;
    }
    /* Drop every third node, then reverse the list. */
    struct node **link = &head;
    unsigned position = 0;
    while (*link) {
        if (position++ % 3 == 0) {
            struct node *dead = *link;
            *link = dead->next;
            free(dead);
        } else {
            link = &(*link)->next;
        }
    }
    struct node *reversed = NULL;
    while (head) {
        struct node *n = head;
        head = n->next;
        n->next = reversed;
        reversed = n;
    }
    uint64_t checksum = 0, count = 0;
    for (struct node *n = reversed; n; n = n->next) {
        checksum = checksum * 1000003u + n->value + (uint64_t)strlen(n->tag);
        count++;
    }
    printf("list nodes=%" PRIu64 " checksum=%016" PRIx64 " first=%s\n", count, checksum,
           reversed ? reversed->tag : "-");
    while (reversed) {
        struct node *n = reversed;
        reversed = n->next;
        free(n);
    }
}

static void special_cases(void)
{
    unsigned char *z = calloc(100000, 1);
    size_t nonzero = 0;
    for (size_t i = 0; i < 100000; i++)
        nonzero += z[i] != 0;
    printf("calloc nonzero bytes: %zu\n", nonzero);
    free(z);
    void *p = malloc(0);
    printf("malloc(0) non-null: %s\n", p ? "yes" : "no");
    free(p);
    p = realloc(NULL, 10);
    printf("realloc(NULL) acts as malloc: %s\n", p ? "yes" : "no");
    free(p);
    void *aligned = NULL;
    int rc = posix_memalign(&aligned, 4096, 1000);
    printf("posix_memalign rc=%d aligned=%s\n", rc, ((uintptr_t)aligned & 4095) == 0 ? "yes" : "no");
    free(aligned);
    void *huge = malloc((size_t)1 << 62);
    printf("malloc(2^62) fails: %s\n", huge ? "no" : "yes");
}

int main(void)
{
    churn();
    linked_list();
    special_cases();
    return 0;
}
