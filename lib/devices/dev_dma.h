/*
 * dev_dma.h — a device's copies to and from guest physical memory (what
 * a bus master does), through the board's physical address space. Only
 * plain RAM is reachable: a range that touches MMIO, ROM (for writes) or
 * nothing fails as a whole before anything is copied, so a hostile
 * address never reaches host memory outside the guest's RAM.
 */
#ifndef VM_DEV_DMA_H
#define VM_DEV_DMA_H

#include <stddef.h>
#include <stdint.h>

#include "mmu_phys.h"

/* 0, or -1 when [paddr, paddr + len) is not wholly guest RAM. */
int dev_dma_read(const struct mmu_phys *p, uint64_t paddr, void *dst,
                 size_t len);
int dev_dma_write(const struct mmu_phys *p, uint64_t paddr, const void *src,
                  size_t len);

#endif
