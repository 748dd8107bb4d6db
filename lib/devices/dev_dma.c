/*
 * dev_dma.c — guest physical memory for devices (see dev_dma.h), a
 * 4 KiB page at a time: RAM regions are contiguous in the host, but a
 * range may run from one region into an MMIO hole or off the end.
 */
#include "dev_dma.h"

#include <stdbool.h>
#include <string.h>

#define DMA_PAGE 4096ull

/* Every page of the range is RAM (writable when `write`); checked first
 * so that a failing copy leaves guest memory untouched. */
static bool reachable(const struct mmu_phys *p, uint64_t paddr, size_t len,
                      bool write)
{
    if (len == 0)
        return true;
    if (paddr + len < paddr) /* wraps around the address space */
        return false;
    uint64_t last = (paddr + len - 1) & ~(DMA_PAGE - 1);
    for (uint64_t page = paddr & ~(DMA_PAGE - 1);; page += DMA_PAGE) {
        bool writable;
        if (!mmu_phys_page(p, page, &writable) || (write && !writable))
            return false;
        if (page == last)
            return true;
    }
}

/* Copies between the guest range and `host`, page by page. */
static void copy(const struct mmu_phys *p, uint64_t paddr, uint8_t *host,
                 size_t len, bool to_guest)
{
    while (len) {
        bool writable;
        uint8_t *page = mmu_phys_page(p, paddr, &writable);
        uint64_t in_page = paddr & (DMA_PAGE - 1);
        size_t n = DMA_PAGE - in_page < len ? DMA_PAGE - in_page : len;
        if (to_guest)
            memcpy(page + in_page, host, n);
        else
            memcpy(host, page + in_page, n);
        paddr += n;
        host += n;
        len -= n;
    }
}

int dev_dma_read(const struct mmu_phys *p, uint64_t paddr, void *dst,
                 size_t len)
{
    if (!reachable(p, paddr, len, false))
        return -1;
    copy(p, paddr, dst, len, false);
    return 0;
}

int dev_dma_write(const struct mmu_phys *p, uint64_t paddr, const void *src,
                  size_t len)
{
    if (!reachable(p, paddr, len, true))
        return -1;
    copy(p, paddr, (uint8_t *)src, len, true);
    return 0;
}
