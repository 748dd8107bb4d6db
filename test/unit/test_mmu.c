/*
 * test_mmu.c — the guest arena: mappings, placement, protections, checks.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "mmu.h"

#define SPACE (1ull << 32)

static struct mmu *m;

static void setup(void)
{
    m = mmu_create(SPACE);
    cr_assert_not_null(m);
}

static void teardown(void)
{
    mmu_destroy(m);
}

TestSuite(mmu, .init = setup, .fini = teardown);

Test(mmu, fixed_mapping_is_zeroed_and_accessible)
{
    cr_assert_eq(mmu_map_fixed(m, 0x400000, 0x3000, MMU_READ | MMU_WRITE,
                               "x"), 0);
    uint8_t *p = mmu_host(m, 0x400000);
    cr_expect_eq(p[0x2fff], 0);
    p[0x2fff] = 7;
    cr_expect(mmu_check(m, 0x400000, 0x3000, MMU_READ | MMU_WRITE));
    cr_expect_not(mmu_check(m, 0x400000, 0x3001, MMU_READ));
    cr_expect_not(mmu_check(m, 0x3ff000, 2, MMU_READ));
    cr_expect_eq(mmu_prot_at(m, 0x401234), MMU_READ | MMU_WRITE);
    cr_expect_eq(mmu_prot_at(m, 0x403000), 0);
}

Test(mmu, bad_arguments)
{
    cr_expect_eq(mmu_map_fixed(m, 0x400001, 0x1000, MMU_READ, ""), -EINVAL);
    cr_expect_eq(mmu_map_fixed(m, SPACE, 0x1000, MMU_READ, ""), -EINVAL);
    cr_expect_eq(mmu_map_fixed(m, SPACE - 0x1000, 0x2000, MMU_READ, ""),
                 -EINVAL);
    cr_expect_not(mmu_check(m, UINT64_MAX - 1, 4, MMU_READ));
    cr_expect(mmu_check(m, 0x1000, 0, MMU_READ), "empty range is fine");
}

Test(mmu, anywhere_is_top_down_and_skips_used_ranges)
{
    mmu_set_mmap_top(m, 0x80000000);
    int64_t a = mmu_map_anywhere(m, 0, 0x2000, MMU_READ, "a");
    cr_expect_eq(a, 0x80000000 - 0x2000);
    int64_t b = mmu_map_anywhere(m, 0, 0x1000, MMU_READ, "b");
    cr_expect_eq(b, a - 0x1000);
    /* A hole left by unmapping is reused when large enough. */
    cr_assert_eq(mmu_unmap(m, (uint64_t)a, 0x2000), 0);
    int64_t c = mmu_map_anywhere(m, 0, 0x1000, MMU_READ, "c");
    cr_expect_eq(c, 0x80000000 - 0x1000);
    /* A free hint is honoured. */
    int64_t d = mmu_map_anywhere(m, 0x12340000, 0x1000, MMU_READ, "d");
    cr_expect_eq(d, 0x12340000);
    /* A used hint is not. */
    int64_t e = mmu_map_anywhere(m, 0x12340000, 0x1000, MMU_READ, "e");
    cr_expect_neq(e, 0x12340000);
    cr_expect_gt(e, 0);
    cr_expect_eq(mmu_map_anywhere(m, 0, SPACE, MMU_READ, ""), -ENOMEM);
}

Test(mmu, protect_splits_regions)
{
    cr_assert_eq(mmu_map_fixed(m, 0x10000, 0x4000, MMU_READ | MMU_WRITE,
                               "r"), 0);
    cr_assert_eq(mmu_protect(m, 0x11000, 0x1000, MMU_READ), 0);
    size_t n;
    const struct mmu_region *r = mmu_regions(m, &n);
    cr_assert_eq(n, 3);
    cr_expect_eq(r[0].start, 0x10000);
    cr_expect_eq(r[0].end, 0x11000);
    cr_expect_eq(r[1].prot, MMU_READ);
    cr_expect_eq(r[1].end, 0x12000);
    cr_expect_eq(r[2].prot, MMU_READ | MMU_WRITE);
    cr_expect_str_eq(r[2].name, "r");
    cr_expect_not(mmu_check(m, 0x11000, 1, MMU_WRITE));
    cr_expect_eq(mmu_protect(m, 0x13000, 0x2000, MMU_READ), -ENOMEM,
                 "part of the range is unmapped");
}

Test(mmu, unmap_splits_and_clears)
{
    cr_assert_eq(mmu_map_fixed(m, 0x10000, 0x3000, MMU_READ, "r"), 0);
    cr_assert_eq(mmu_unmap(m, 0x11000, 0x1000), 0);
    size_t n;
    mmu_regions(m, &n);
    cr_expect_eq(n, 2);
    cr_expect_eq(mmu_prot_at(m, 0x11000), 0);
    cr_expect(mmu_range_free(m, 0x11000, 0x1000));
    cr_expect_not(mmu_range_free(m, 0x11000, 0x1001));
}

Test(mmu, strings_and_copies)
{
    cr_assert_eq(mmu_map_fixed(m, 0x10000, 0x1000, MMU_READ | MMU_WRITE, ""),
                 0);
    /* A string running into an unmapped page is not a string. */
    memset(mmu_host(m, 0x10000), 'a', 0x1000);
    cr_expect_eq(mmu_strlen(m, 0x10ff0, 100), -1);
    ((char *)mmu_host(m, 0x10000))[0xffe] = 0;
    cr_expect_eq(mmu_strlen(m, 0x10ff0, 100), 14);
    cr_expect_eq(mmu_strlen(m, 0x10ff0, 10), -1, "longer than max");
    char buf[4] = "xyz";
    cr_expect_eq(mmu_write(m, 0x10100, buf, 4), 0);
    cr_expect_eq(mmu_write(m, 0x10ffe, buf, 4), -EFAULT);
    cr_expect_eq(mmu_read(m, 0x10100, buf, 4), 0);
    cr_expect_str_eq(buf, "xyz");
    uint64_t g;
    cr_expect(mmu_host_to_guest(m, mmu_host(m, 0x10100), &g));
    cr_expect_eq(g, 0x10100);
    cr_expect_not(mmu_host_to_guest(m, &g, &g));
}

Test(mmu, max_mapped_caps_new_mappings)
{
    mmu_set_max_mapped(m, 64 * 4096);
    cr_expect_eq(mmu_map_fixed(m, 0x100000, 32 * 4096, MMU_READ, ""), 0);
    /* 32 more pages fit exactly, 33 do not. */
    cr_expect_eq(mmu_map_fixed(m, 0x200000, 33 * 4096, MMU_READ, ""), -ENOMEM);
    cr_expect_eq(mmu_map_fixed(m, 0x200000, 32 * 4096, MMU_READ, ""), 0);
    /* Replacing mapped pages costs nothing extra. */
    cr_expect_eq(mmu_map_fixed(m, 0x100000, 32 * 4096, MMU_READ | MMU_WRITE,
                               ""), 0);
    cr_expect_lt(mmu_map_anywhere(m, 0, 4096, MMU_READ, ""), 0);
    cr_expect_eq(mmu_unmap(m, 0x200000, 4096), 0);
    cr_expect_gt(mmu_map_anywhere(m, 0, 4096, MMU_READ, ""), 0);
}

static void collect(void *arg, uint64_t page)
{
    uint64_t *pages = arg;
    pages[++pages[0]] = page;
}

Test(mmu, write_tracking_lists_written_pages)
{
    cr_assert_eq(mmu_map_fixed(m, 0x100000, 4 * 4096, MMU_READ | MMU_WRITE,
                               ""), 0);
    cr_assert_eq(mmu_map_fixed(m, 0x200000, 4096, MMU_READ, ""), 0);
    mmu_track_writes(m);
    /* A host write for a system call marks its pages... */
    cr_assert_eq(mmu_write(m, 0x101ffe, "abcd", 4), 0);
    /* ...a guest store faults once, then the page is writable. */
    cr_expect(mmu_track_fault(m, 0x103010));
    cr_expect(!mmu_track_fault(m, 0x103010));
    *(volatile char *)mmu_host(m, 0x103010) = 1;
    cr_expect(!mmu_track_fault(m, 0x200000)); /* read-only: no */
    uint64_t pages[8] = {0};
    mmu_for_each_dirty(m, collect, pages);
    cr_expect_eq(pages[0], 3);
    cr_expect_eq(pages[1], 0x101000);
    cr_expect_eq(pages[2], 0x102000);
    cr_expect_eq(pages[3], 0x103000);
}
