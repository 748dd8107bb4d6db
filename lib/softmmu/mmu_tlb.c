/*
 * mmu_tlb.c — filling and flushing the software TLB (lookups are inline
 * in mmu_tlb.h). satp writes and sfence.vma without an address flush
 * everything; sfence.vma with one drops that page (all ASIDs: the TLB
 * keeps none).
 */
#include "mmu_tlb.h"

void mmu_tlb_flush(struct mmu_tlb *t)
{
    for (unsigned g = 0; g < MMU_TLB_REGIMES; g++)
        for (unsigned i = 0; i < MMU_TLB_SIZE; i++)
            for (unsigned a = 0; a < 3; a++)
                t->e[g][i].tag[a] = MMU_TLB_EMPTY;
    t->has_superpage = false;
}

void mmu_tlb_flush_page(struct mmu_tlb *t, uint64_t va)
{
    if (t->has_superpage) {
        mmu_tlb_flush(t);
        return;
    }
    uint64_t page = va & MMU_TLB_PAGE_MASK;
    unsigned i = (va >> 12) & (MMU_TLB_SIZE - 1);
    for (unsigned g = 0; g < MMU_TLB_REGIMES; g++)
        for (unsigned a = 0; a < 3; a++)
            if (t->e[g][i].tag[a] == page)
                t->e[g][i].tag[a] = MMU_TLB_EMPTY;
}

void mmu_tlb_fill(struct mmu_tlb *t, unsigned regime, uint64_t va,
                  uint8_t *host, bool r, bool w, bool x)
{
    uint64_t page = va & MMU_TLB_PAGE_MASK;
    struct mmu_tlb_entry *e = &t->e[regime][(va >> 12) & (MMU_TLB_SIZE - 1)];
    e->tag[MMU_ACC_READ] = r ? page : MMU_TLB_EMPTY;
    e->tag[MMU_ACC_WRITE] = w ? page : MMU_TLB_EMPTY;
    e->tag[MMU_ACC_EXEC] = x ? page : MMU_TLB_EMPTY;
    e->addend = (uint64_t)(uintptr_t)host - page;
}
