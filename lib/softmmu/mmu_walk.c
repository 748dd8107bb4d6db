/*
 * mmu_walk.c — Sv39/Sv48 translation. One loop over the levels: read the
 * PTE, stop at a leaf, then check permissions, superpage alignment and
 * A/D, updating A (and D for a write) in memory with a compare-and-swap
 * so a concurrent PTE change is not overwritten.
 */
#include "mmu_walk.h"

#define PTE_V (1ull << 0)
#define PTE_R (1ull << 1)
#define PTE_W (1ull << 2)
#define PTE_X (1ull << 3)
#define PTE_U (1ull << 4)
#define PTE_A (1ull << 6)
#define PTE_D (1ull << 7)
#define PTE_PPN_SHIFT 10
#define PTE_PPN_MASK ((1ull << 44) - 1)
#define PTE_RESERVED (~0ull << 54) /* N, PBMT, reserved: no Svnapot/Svpbmt */
#define PAGE_SHIFT 12
#define VPN_BITS 9

/* The upper bits must copy bit levels*9+11 (sign extension). */
static bool canonical(uint64_t va, unsigned levels)
{
    unsigned bits = levels * VPN_BITS + PAGE_SHIFT;
    int64_t s = (int64_t)(va << (64 - bits)) >> (64 - bits);
    return (uint64_t)s == va;
}

static bool user_ok(const struct mmu_walk_req *r, uint64_t pte, bool exec)
{
    if (r->user)
        return pte & PTE_U;
    /* S mode: never execute U pages; data only under SUM. */
    if (pte & PTE_U)
        return !exec && r->sum;
    return true;
}

static bool allows(const struct mmu_walk_req *r, uint64_t pte,
                   enum mmu_acc acc)
{
    switch (acc) {
    case MMU_ACC_READ:
        return user_ok(r, pte, false) &&
               ((pte & PTE_R) || (r->mxr && (pte & PTE_X)));
    case MMU_ACC_WRITE:
        return user_ok(r, pte, false) && (pte & PTE_W);
    case MMU_ACC_EXEC:
        return user_ok(r, pte, true) && (pte & PTE_X);
    }
    return false;
}

enum mmu_fault mmu_walk(const struct mmu_phys *p, const struct mmu_walk_req *r,
                        struct mmu_walk_res *out)
{
    if (!canonical(r->vaddr, r->levels))
        return MMU_FAULT_PAGE;
    uint64_t table = r->root;
    for (int level = (int)r->levels - 1; level >= 0; level--) {
        unsigned shift = PAGE_SHIFT + VPN_BITS * (unsigned)level;
        uint64_t idx = (r->vaddr >> shift) & ((1u << VPN_BITS) - 1);
        uint64_t pte_addr = table + idx * 8;
        bool writable;
        uint8_t *page = mmu_phys_page(p, pte_addr, &writable);
        if (!page)
            return MMU_FAULT_ACCESS;
        uint64_t *slot = (uint64_t *)(page + (pte_addr & 0xfff));
        uint64_t pte = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
        if (!(pte & PTE_V) || ((pte & PTE_W) && !(pte & PTE_R)) ||
            (pte & PTE_RESERVED))
            return MMU_FAULT_PAGE;
        uint64_t ppn = (pte >> PTE_PPN_SHIFT) & PTE_PPN_MASK;
        if (!(pte & (PTE_R | PTE_X))) { /* pointer to the next level */
            if (pte & (PTE_A | PTE_D | PTE_U))
                return MMU_FAULT_PAGE;
            table = ppn << PAGE_SHIFT;
            continue;
        }
        /* A leaf: superpages need their low PPN bits clear. */
        uint64_t low_ppn = (1ull << (VPN_BITS * (unsigned)level)) - 1;
        if ((ppn & low_ppn) || (!r->debug && !allows(r, pte, r->acc)))
            return MMU_FAULT_PAGE;
        uint64_t want = PTE_A | (r->acc == MMU_ACC_WRITE ? PTE_D : 0);
        if ((pte & want) != want && !r->debug) {
            if (!writable)
                return MMU_FAULT_ACCESS;
            uint64_t expected = pte;
            if (!__atomic_compare_exchange_n(slot, &expected, pte | want, false,
                                             __ATOMIC_ACQ_REL,
                                             __ATOMIC_ACQUIRE))
                return mmu_walk(p, r, out); /* changed under us: again */
            pte |= want;
        }
        uint64_t offset = r->vaddr & ((1ull << shift) - 1);
        out->paddr = ((ppn & ~low_ppn) << PAGE_SHIFT) | offset;
        out->can_read = allows(r, pte, MMU_ACC_READ);
        out->can_write = allows(r, pte, MMU_ACC_WRITE) && (pte & PTE_D);
        out->can_exec = allows(r, pte, MMU_ACC_EXEC);
        out->superpage = level > 0;
        out->page_size = 1ull << shift;
        return MMU_OK;
    }
    return MMU_FAULT_PAGE; /* no leaf at the last level */
}
