/*
 * mmu_tlb.h — the per-hart software TLB of system mode.
 *
 * Direct-mapped, one table per translation regime (the run loop picks it:
 * U, S, M), indexed by the virtual page number's low bits. An entry holds
 * one tag per kind of access (the page's virtual address when that access
 * is allowed, MMU_TLB_EMPTY when not) and the addend from guest virtual
 * to host address. The layout is fixed so that translated code can do the
 * hit path inline, as QEMU's softmmu does:
 *     idx = (va >> 12) & (MMU_TLB_SIZE - 1)
 *     e   = &tlb->e[regime][idx]
 *     if ((va & ~0xfff) == e->tag[acc]) host = va + e->addend  (hit)
 * An access that crosses a page, and every miss, takes the slow path
 * (page walk, MMIO). Only plain RAM pages are ever entered.
 */
#ifndef VM_MMU_TLB_H
#define VM_MMU_TLB_H

#include <stdint.h>

#include "mmu_walk.h"

#define MMU_TLB_BITS 8
#define MMU_TLB_SIZE (1u << MMU_TLB_BITS)
#define MMU_TLB_REGIMES 3
#define MMU_TLB_EMPTY 1ull /* never a page address */
#define MMU_TLB_PAGE_MASK (~0xfffull)

struct mmu_tlb_entry {
    uint64_t tag[3];  /* indexed by enum mmu_acc */
    uint64_t addend;  /* host address - guest virtual address */
};

/* Superpages whose 4 KiB pieces may be cached, tracked one by one: a
 * page flush inside one of them must drop its other pieces too. Linux
 * maps its own memory with a few superpages while sfence.vma of a user
 * page (after every page fault) lies outside them all. */
#define MMU_TLB_SUPERPAGES 8

struct mmu_tlb {
    struct mmu_tlb_entry e[MMU_TLB_REGIMES][MMU_TLB_SIZE];
    /* n_super > MMU_TLB_SUPERPAGES: more than could be tracked (any
     * page flush flushes everything until the next full flush). */
    unsigned n_super;
    /* Flushes so far, whole or one page: what was looked up before
     * may have changed since (chained code checks it, sys_t1.c). */
    uint64_t flushes;
    uint64_t super_base[MMU_TLB_SUPERPAGES];
    uint64_t super_size[MMU_TLB_SUPERPAGES];
};

void mmu_tlb_flush(struct mmu_tlb *t);
/* Drops the page of va in every regime (sfence.vma with an address). */
void mmu_tlb_flush_page(struct mmu_tlb *t, uint64_t va);

static inline uint8_t *mmu_tlb_lookup(struct mmu_tlb *t, unsigned regime,
                                      uint64_t va, enum mmu_acc acc)
{
    struct mmu_tlb_entry *e =
        &t->e[regime][(va >> 12) & (MMU_TLB_SIZE - 1)];
    if ((va & MMU_TLB_PAGE_MASK) != e->tag[acc])
        return 0;
    return (uint8_t *)(uintptr_t)(va + e->addend);
}

/* Enters the page of va, at host page `host`, for the allowed accesses
 * (call mmu_tlb_note_superpage too when it is part of a superpage). */
void mmu_tlb_fill(struct mmu_tlb *t, unsigned regime, uint64_t va,
                  uint8_t *host, bool r, bool w, bool x);
/* The page of va just entered is a piece of a superpage of `size` bytes. */
void mmu_tlb_note_superpage(struct mmu_tlb *t, uint64_t va, uint64_t size);

#endif
