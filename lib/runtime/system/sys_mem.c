/*
 * sys_mem.c — the slow paths behind the TLB (see sys_mem.h).
 */
#include "sys_mem.h"

#include <string.h>

#define PAGE 4096ull

static int fail(struct sys_mem *m, enum sys_fault_kind k, enum mmu_acc acc,
                uint64_t va)
{
    m->fault = (struct sys_fault){k, acc, va};
    return -1;
}

/*
 * Translates va for acc. Returns the host address when the page is RAM
 * (and enters it in the TLB), NULL with *paddr set for MMIO, or NULL with
 * *paddr = ~0 and the fault recorded.
 */
static uint8_t *slow(struct sys_mem *m, uint64_t va, enum mmu_acc acc,
                     uint64_t *paddr)
{
    struct mmu_walk_res res;
    *paddr = ~0ull;
    enum mmu_fault f = m->translate(m->guest, va, acc, &res);
    if (f != MMU_OK) {
        fail(m, f == MMU_FAULT_PAGE ? SYS_FAULT_PAGE : SYS_FAULT_ACCESS, acc,
             va);
        return NULL;
    }
    bool writable;
    uint8_t *page = mmu_phys_page(m->phys, res.paddr, &writable);
    if (!page) {
        if (acc == MMU_ACC_EXEC) {
            fail(m, SYS_FAULT_ACCESS, acc, va);
            return NULL;
        }
        *paddr = res.paddr;
        return NULL;
    }
    if (acc == MMU_ACC_WRITE && !writable) {
        fail(m, SYS_FAULT_ACCESS, acc, va);
        return NULL;
    }
    mmu_tlb_fill(&m->tlb, m->regime[acc], va, page, res.can_read,
                 res.can_write && writable, res.can_exec);
    if (res.superpage)
        mmu_tlb_note_superpage(&m->tlb, va, res.page_size);
    return page + (va & (PAGE - 1));
}

static uint8_t *host_of(struct sys_mem *m, uint64_t va, enum mmu_acc acc,
                        uint64_t *paddr)
{
    uint8_t *h = mmu_tlb_lookup(&m->tlb, m->regime[acc], va, acc);
    if (h)
        return h;
    return slow(m, va, acc, paddr);
}

static bool crosses(uint64_t va, unsigned size)
{
    return (va & (PAGE - 1)) + size > PAGE;
}

int sys_mem_read(struct sys_mem *m, uint64_t va, unsigned size,
                 uint64_t *out)
{
    if (crosses(va, size)) { /* bytewise, little-endian */
        uint64_t v = 0;
        for (unsigned i = 0; i < size; i++) {
            uint64_t b;
            if (sys_mem_read(m, va + i, 1, &b))
                return -1;
            v |= b << (8 * i);
        }
        *out = v;
        return 0;
    }
    uint64_t pa;
    uint8_t *h = host_of(m, va, MMU_ACC_READ, &pa);
    if (h) {
        uint64_t v = 0;
        memcpy(&v, h, size);
        *out = v;
        return 0;
    }
    if (pa == ~0ull)
        return -1;
    if (mmu_phys_read(m->phys, pa, size, out))
        return fail(m, SYS_FAULT_ACCESS, MMU_ACC_READ, va);
    return 0;
}

int sys_mem_write(struct sys_mem *m, uint64_t va, unsigned size, uint64_t v)
{
    if (crosses(va, size)) {
        /* Probe both pages first: a faulting store writes nothing. */
        uint64_t pa;
        uint64_t second = (va | (PAGE - 1)) + 1;
        if ((!host_of(m, va, MMU_ACC_WRITE, &pa) && pa == ~0ull) ||
            (!host_of(m, second, MMU_ACC_WRITE, &pa) && pa == ~0ull))
            return -1;
        for (unsigned i = 0; i < size; i++)
            if (sys_mem_write(m, va + i, 1, v >> (8 * i)))
                return -1;
        return 0;
    }
    uint64_t pa;
    uint8_t *h = host_of(m, va, MMU_ACC_WRITE, &pa);
    if (h) {
        memcpy(h, &v, size);
        return 0;
    }
    if (pa == ~0ull)
        return -1;
    if (mmu_phys_write(m->phys, pa, size, v))
        return fail(m, SYS_FAULT_ACCESS, MMU_ACC_WRITE, va);
    return 0;
}

uint8_t *sys_mem_rmw(struct sys_mem *m, uint64_t va, unsigned size)
{
    if (va & (size - 1)) {
        fail(m, SYS_FAULT_MISALIGNED, MMU_ACC_WRITE, va);
        return NULL;
    }
    uint64_t pa;
    uint8_t *h = host_of(m, va, MMU_ACC_WRITE, &pa);
    if (!h && pa != ~0ull) /* atomics on devices: not supported */
        fail(m, SYS_FAULT_ACCESS, MMU_ACC_WRITE, va);
    return h;
}

const uint8_t *sys_mem_code(struct sys_mem *m, uint64_t va)
{
    uint64_t pa;
    return host_of(m, va, MMU_ACC_EXEC, &pa);
}

const uint8_t *sys_mem_fetch(void *arg, uint64_t va, uint64_t *avail)
{
    struct sys_mem *m = arg;
    const uint8_t *h = sys_mem_code(m, va);
    if (!h)
        return NULL;
    uint64_t left = PAGE - (va & (PAGE - 1));
    if (left >= 4) {
        *avail = left;
        return h;
    }
    /* The last 2 bytes of a page: add the next page's first 2 if it can
     * be fetched (else the lifter sees only 2 and m->fault says why). */
    memcpy(m->fetch_buf, h, left);
    *avail = left;
    const uint8_t *next = sys_mem_code(m, va + left);
    if (next) {
        memcpy(m->fetch_buf + left, next, 4 - left);
        *avail = 4;
    }
    return m->fetch_buf;
}
