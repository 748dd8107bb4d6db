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
    t->n_super = 0;
    t->flushes++;
}

/* Whether va lies in a superpage some entries may be pieces of. */
static bool in_superpage(const struct mmu_tlb *t, uint64_t va)
{
    if (t->n_super > MMU_TLB_SUPERPAGES)
        return true;
    for (unsigned i = 0; i < t->n_super; i++)
        if (va - t->super_base[i] < t->super_size[i])
            return true;
    return false;
}

void mmu_tlb_note_superpage(struct mmu_tlb *t, uint64_t va, uint64_t size)
{
    uint64_t base = va & ~(size - 1);
    if (in_superpage(t, va))
        return; /* tracked already (or everything is) */
    if (t->n_super == MMU_TLB_SUPERPAGES) {
        t->n_super++;
        return;
    }
    t->super_base[t->n_super] = base;
    t->super_size[t->n_super] = size;
    t->n_super++;
}

void mmu_tlb_flush_page(struct mmu_tlb *t, uint64_t va)
{
    if (in_superpage(t, va)) {
        mmu_tlb_flush(t);
        return;
    }
    t->flushes++;
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
