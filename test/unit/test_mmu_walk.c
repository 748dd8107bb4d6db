/*
 * test_mmu_walk.c — the system-mode soft MMU: Sv39/Sv48 page walks
 * (every level, superpages, A/D updates, permission and format faults),
 * the physical address space (RAM, ROM, MMIO overlay) and the TLB.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "mmu_phys.h"
#include "mmu_tlb.h"
#include "mmu_walk.h"

#define RAM 0x80000000ull
#define RAM_SIZE (16ull << 20)
#define ROOT (RAM + 0x100000)
#define PAGE 4096ull

#define V (1ull << 0)
#define R (1ull << 1)
#define W (1ull << 2)
#define X (1ull << 3)
#define U (1ull << 4)
#define A (1ull << 6)
#define D (1ull << 7)

static struct mmu_phys *phys;
static uint8_t *ram;
static uint64_t next_table;

static void setup(void)
{
    phys = mmu_phys_new();
    cr_assert_not_null(phys);
    ram = mmu_phys_add_ram(phys, RAM, RAM_SIZE, false);
    cr_assert_not_null(ram);
    next_table = ROOT + PAGE;
}

static void teardown(void)
{
    mmu_phys_free(phys);
}

TestSuite(mmu_walk, .init = setup, .fini = teardown);

static uint64_t *pte_at(uint64_t table, unsigned idx)
{
    return (uint64_t *)(ram + (table - RAM) + idx * 8);
}

static uint64_t pte(uint64_t pa, uint64_t flags)
{
    return (pa >> 12) << 10 | flags;
}

static unsigned vpn(uint64_t va, unsigned level)
{
    return (va >> (12 + 9 * level)) & 511;
}

/* Maps va at `level` (0 = 4 KiB, 1 = 2 MiB, 2 = 1 GiB) in a table of
 * `levels` levels, making intermediate tables as needed. */
static uint64_t *map(unsigned levels, uint64_t va, uint64_t pa,
                     unsigned level, uint64_t flags)
{
    uint64_t table = ROOT;
    for (unsigned l = levels - 1; l > level; l--) {
        uint64_t *p = pte_at(table, vpn(va, l));
        if (!(*p & V)) {
            *p = pte(next_table, V);
            next_table += PAGE;
        }
        table = (*p >> 10) << 12;
    }
    uint64_t *leaf = pte_at(table, vpn(va, level));
    *leaf = pte(pa, flags);
    return leaf;
}

static enum mmu_fault walk(unsigned levels, uint64_t va, enum mmu_acc acc,
                           bool user, struct mmu_walk_res *res)
{
    struct mmu_walk_req r = {.vaddr = va, .root = ROOT, .levels = levels,
                             .acc = acc, .user = user};
    return mmu_walk(phys, &r, res);
}

Test(mmu_walk, sv39_4k_page_translates_and_sets_accessed)
{
    uint64_t *leaf = map(3, 0x40001000, RAM + 0x5000, 0, V | R | W);
    struct mmu_walk_res res;
    cr_assert_eq(walk(3, 0x40001234, MMU_ACC_READ, false, &res), MMU_OK);
    cr_assert_eq(res.paddr, RAM + 0x5234);
    cr_assert(*leaf & A, "a read sets A");
    cr_assert_not(*leaf & D, "a read does not set D");
    cr_assert(res.can_read);
    cr_assert_not(res.can_write, "D clear: a write must walk again");
    cr_assert_not(res.can_exec);
}

Test(mmu_walk, write_sets_dirty)
{
    uint64_t *leaf = map(3, 0x40001000, RAM + 0x5000, 0, V | R | W);
    struct mmu_walk_res res;
    cr_assert_eq(walk(3, 0x40001008, MMU_ACC_WRITE, false, &res), MMU_OK);
    cr_assert_eq(*leaf & (A | D), A | D);
    cr_assert(res.can_write);
}

Test(mmu_walk, sv39_megapage_and_gigapage)
{
    map(3, 0x200000, RAM + 0x400000, 1, V | R | X | A);
    map(3, 0x80000000, 0x80000000, 2, V | R | W | X | A | D);
    struct mmu_walk_res res;
    cr_assert_eq(walk(3, 0x3ff123, MMU_ACC_EXEC, false, &res), MMU_OK);
    cr_assert_eq(res.paddr, RAM + 0x5ff123);
    cr_assert_eq(walk(3, 0x80abcdef, MMU_ACC_WRITE, false, &res), MMU_OK);
    cr_assert_eq(res.paddr, 0x80abcdef);
}

Test(mmu_walk, misaligned_superpage_faults)
{
    map(3, 0x200000, RAM + 0x401000, 1, V | R | A); /* PPN[0] != 0 */
    struct mmu_walk_res res;
    cr_assert_eq(walk(3, 0x200000, MMU_ACC_READ, false, &res),
                 MMU_FAULT_PAGE);
}

Test(mmu_walk, sv48_four_levels)
{
    uint64_t va = 0x0000123456789000ull & ((1ull << 47) - 1);
    map(4, va, RAM + 0x7000, 0, V | R | A);
    struct mmu_walk_res res;
    cr_assert_eq(walk(4, va + 0x10, MMU_ACC_READ, false, &res), MMU_OK);
    cr_assert_eq(res.paddr, RAM + 0x7010);
    /* The same table read as Sv39 gives another (unmapped) walk. */
    cr_assert_eq(walk(3, va + 0x10, MMU_ACC_READ, false, &res),
                 MMU_FAULT_PAGE);
}

Test(mmu_walk, non_canonical_address_faults)
{
    map(3, 0x1000, RAM + 0x5000, 0, V | R | A);
    struct mmu_walk_res res;
    cr_assert_eq(walk(3, 0x1000 | (1ull << 40), MMU_ACC_READ, false, &res),
                 MMU_FAULT_PAGE);
    cr_assert_eq(walk(4, 0x1000 | (1ull << 50), MMU_ACC_READ, false, &res),
                 MMU_FAULT_PAGE);
}

Test(mmu_walk, user_pages_from_supervisor_need_sum_and_never_execute)
{
    map(3, 0x1000, RAM + 0x5000, 0, V | R | W | X | U | A | D);
    struct mmu_walk_res res;
    struct mmu_walk_req r = {.vaddr = 0x1000, .root = ROOT, .levels = 3,
                             .acc = MMU_ACC_READ};
    cr_assert_eq(mmu_walk(phys, &r, &res), MMU_FAULT_PAGE);
    r.sum = true;
    cr_assert_eq(mmu_walk(phys, &r, &res), MMU_OK);
    r.acc = MMU_ACC_EXEC;
    cr_assert_eq(mmu_walk(phys, &r, &res), MMU_FAULT_PAGE);
    r.user = true;
    cr_assert_eq(mmu_walk(phys, &r, &res), MMU_OK);
}

Test(mmu_walk, supervisor_pages_from_user_fault)
{
    map(3, 0x1000, RAM + 0x5000, 0, V | R | W | X | A | D);
    struct mmu_walk_res res;
    cr_assert_eq(walk(3, 0x1000, MMU_ACC_READ, true, &res), MMU_FAULT_PAGE);
    cr_assert_eq(walk(3, 0x1000, MMU_ACC_READ, false, &res), MMU_OK);
}

Test(mmu_walk, mxr_makes_execute_only_pages_readable)
{
    map(3, 0x1000, RAM + 0x5000, 0, V | X | A);
    struct mmu_walk_res res;
    struct mmu_walk_req r = {.vaddr = 0x1000, .root = ROOT, .levels = 3,
                             .acc = MMU_ACC_READ};
    cr_assert_eq(mmu_walk(phys, &r, &res), MMU_FAULT_PAGE);
    r.mxr = true;
    cr_assert_eq(mmu_walk(phys, &r, &res), MMU_OK);
}

Test(mmu_walk, write_to_read_only_page_faults_and_keeps_d_clear)
{
    uint64_t *leaf = map(3, 0x1000, RAM + 0x5000, 0, V | R | A);
    struct mmu_walk_res res;
    cr_assert_eq(walk(3, 0x1000, MMU_ACC_WRITE, false, &res), MMU_FAULT_PAGE);
    cr_assert_not(*leaf & D);
}

Test(mmu_walk, reserved_encodings_fault)
{
    uint64_t *leaf = map(3, 0x1000, RAM + 0x5000, 0, V | W | A); /* W, no R */
    struct mmu_walk_res res;
    cr_assert_eq(walk(3, 0x1000, MMU_ACC_READ, false, &res), MMU_FAULT_PAGE);
    *leaf = pte(RAM + 0x5000, V | R | A) | (1ull << 63); /* N: no Svnapot */
    cr_assert_eq(walk(3, 0x1000, MMU_ACC_READ, false, &res), MMU_FAULT_PAGE);
    *leaf = pte(RAM + 0x5000, R | A); /* not valid */
    cr_assert_eq(walk(3, 0x1000, MMU_ACC_READ, false, &res), MMU_FAULT_PAGE);
}

Test(mmu_walk, pointer_at_the_last_level_faults)
{
    map(3, 0x1000, RAM + 0x5000, 0, V); /* a non-leaf where a leaf must be */
    struct mmu_walk_res res;
    cr_assert_eq(walk(3, 0x1000, MMU_ACC_READ, false, &res), MMU_FAULT_PAGE);
}

Test(mmu_walk, page_table_outside_ram_is_an_access_fault)
{
    *pte_at(ROOT, 0) = pte(0x10000000, V); /* next level: no RAM there */
    struct mmu_walk_res res;
    cr_assert_eq(walk(3, 0x1000, MMU_ACC_READ, false, &res),
                 MMU_FAULT_ACCESS);
}

static uint64_t io_last;
static uint64_t io_read(void *o, uint64_t off, unsigned size)
{
    (void)o;
    return off + size;
}
static void io_write(void *o, uint64_t off, unsigned size, uint64_t v)
{
    (void)o;
    (void)off;
    (void)size;
    io_last = v;
}
static const struct mmu_io_ops io = {io_read, io_write};

Test(mmu_walk, phys_mmio_overlays_ram_and_rom_is_read_only)
{
    cr_assert_eq(mmu_phys_add_io(phys, RAM + 0x3000, 16, &io, NULL), 0);
    uint8_t *rom = mmu_phys_add_ram(phys, 0x1000, PAGE, true);
    cr_assert_not_null(rom);
    bool writable;
    cr_assert_null(mmu_phys_page(phys, RAM + 0x3008, &writable),
                   "a page holding MMIO is never plain RAM");
    cr_assert_not_null(mmu_phys_page(phys, RAM + 0x4000, &writable));
    cr_assert(writable);
    cr_assert_not_null(mmu_phys_page(phys, 0x1000, &writable));
    cr_assert_not(writable);
    uint64_t v;
    cr_assert_eq(mmu_phys_read(phys, RAM + 0x3004, 4, &v), 0);
    cr_assert_eq(v, 8);
    cr_assert_eq(mmu_phys_write(phys, RAM + 0x3000, 8, 42), 0);
    cr_assert_eq(io_last, 42);
    cr_assert_eq(mmu_phys_write(phys, 0x1000, 4, 1), -1);
    cr_assert_eq(mmu_phys_read(phys, 0x20000000, 4, &v), -1);
}

Test(mmu_walk, tlb_hits_per_access_kind_until_flushed)
{
    static struct mmu_tlb tlb;
    mmu_tlb_flush(&tlb);
    cr_assert_null(mmu_tlb_lookup(&tlb, 1, 0x40001000, MMU_ACC_READ));
    mmu_tlb_fill(&tlb, 1, 0x40001234, ram, true, false, true);
    cr_assert_eq(mmu_tlb_lookup(&tlb, 1, 0x40001010, MMU_ACC_READ), ram + 0x10);
    cr_assert_eq(mmu_tlb_lookup(&tlb, 1, 0x40001ff0, MMU_ACC_EXEC),
                 ram + 0xff0);
    cr_assert_null(mmu_tlb_lookup(&tlb, 1, 0x40001010, MMU_ACC_WRITE));
    cr_assert_null(mmu_tlb_lookup(&tlb, 0, 0x40001010, MMU_ACC_READ),
                   "another regime has its own table");
    cr_assert_null(mmu_tlb_lookup(&tlb, 1, 0x40101010, MMU_ACC_READ),
                   "same index, other page: a miss");
    mmu_tlb_flush(&tlb);
    cr_assert_null(mmu_tlb_lookup(&tlb, 1, 0x40001010, MMU_ACC_READ));
}

Test(mmu_walk, tlb_page_flush_drops_one_page_unless_in_a_cached_superpage)
{
    static struct mmu_tlb tlb;
    mmu_tlb_flush(&tlb);
    mmu_tlb_fill(&tlb, 0, 0x1000, ram, true, true, false);
    mmu_tlb_fill(&tlb, 1, 0x1000, ram, true, false, false);
    mmu_tlb_fill(&tlb, 1, 0x2000, ram + PAGE, true, false, false);
    mmu_tlb_flush_page(&tlb, 0x1abc);
    cr_assert_null(mmu_tlb_lookup(&tlb, 0, 0x1000, MMU_ACC_READ));
    cr_assert_null(mmu_tlb_lookup(&tlb, 1, 0x1000, MMU_ACC_READ));
    cr_assert_not_null(mmu_tlb_lookup(&tlb, 1, 0x2000, MMU_ACC_READ));
    mmu_tlb_fill(&tlb, 1, 0x201000, ram, true, false, false);
    mmu_tlb_note_superpage(&tlb, 0x201000, 0x200000);
    mmu_tlb_flush_page(&tlb, 0x3000);
    cr_assert_not_null(mmu_tlb_lookup(&tlb, 1, 0x2000, MMU_ACC_READ),
                       "a page outside every cached superpage: one page");
    cr_assert_not_null(mmu_tlb_lookup(&tlb, 1, 0x201000, MMU_ACC_READ));
    mmu_tlb_flush_page(&tlb, 0x3ff000);
    cr_assert_null(mmu_tlb_lookup(&tlb, 1, 0x201000, MMU_ACC_READ),
                   "a flush inside the superpage drops its other pieces");
    cr_assert_null(mmu_tlb_lookup(&tlb, 1, 0x2000, MMU_ACC_READ),
                   "(by flushing all)");
}

Test(mmu_walk, tlb_too_many_superpages_make_every_page_flush_total)
{
    static struct mmu_tlb tlb;
    mmu_tlb_flush(&tlb);
    mmu_tlb_fill(&tlb, 1, 0x1000, ram, true, false, false);
    for (uint64_t i = 0; i <= MMU_TLB_SUPERPAGES; i++) {
        uint64_t va = 0x40000000 + i * 0x200000;
        mmu_tlb_fill(&tlb, 1, va, ram, true, false, false);
        mmu_tlb_note_superpage(&tlb, va, 0x200000);
    }
    mmu_tlb_flush_page(&tlb, 0x7000);
    cr_assert_null(mmu_tlb_lookup(&tlb, 1, 0x1000, MMU_ACC_READ),
                   "untracked superpages: a page flush flushes all");
}

Test(mmu_walk, superpage_leaves_are_reported)
{
    map(3, 0x200000, RAM + 0x400000, 1, V | R | A);
    map(3, 0x1000, RAM + 0x5000, 0, V | R | A);
    struct mmu_walk_res res;
    cr_assert_eq(walk(3, 0x200000, MMU_ACC_READ, false, &res), MMU_OK);
    cr_assert(res.superpage);
    cr_assert_eq(res.page_size, 0x200000);
    cr_assert_eq(walk(3, 0x1000, MMU_ACC_READ, false, &res), MMU_OK);
    cr_assert_not(res.superpage);
    cr_assert_eq(res.page_size, 0x1000);
}
