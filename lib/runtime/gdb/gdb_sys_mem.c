/*
 * gdb_sys_mem.c — debugger accesses to a hart's memory (gdb_sys_mem.h).
 */
#include "gdb_sys_mem.h"

#include <string.h>

#include "sys_hart.h"

#define PAGE 4096ull

/* The physical address of va as the hart's loads see it, or -1 (for
 * writes too). Permissions are those of a load at the data privilege
 * (MPRV applied), with MXR, except that S mode reads user pages even
 * without SUM: what qemu-system-riscv64's stub allows (README.md). */
static int debug_translate(const struct sys_hart *h, uint64_t va,
                           uint64_t *pa)
{
    struct rv_mmu_view v;
    rv_priv_mmu(&h->rv, RV_ACC_READ, &v);
    if (v.levels == 0) {
        *pa = va;
        return 0;
    }
    struct mmu_walk_req r = {.vaddr = va, .root = v.root, .levels = v.levels,
                             .acc = MMU_ACC_READ, .user = v.priv == RV_PRIV_U,
                             .sum = true, .mxr = v.mxr, .debug = true};
    struct mmu_walk_res res;
    if (mmu_walk(h->mem.phys, &r, &res) != MMU_OK || !res.can_read)
        return -1;
    *pa = res.paddr;
    return 0;
}

/* Host address of the RAM or ROM byte at va, or NULL (*pa: its
 * physical address, ~0 when va is not mapped). */
static uint8_t *host_of(const struct sys_hart *h, uint64_t va, uint64_t *pa)
{
    bool writable;
    if (debug_translate(h, va, pa)) {
        *pa = ~0ull;
        return NULL;
    }
    uint8_t *page = mmu_phys_page(h->mem.phys, *pa & ~(PAGE - 1), &writable);
    return page ? page + (*pa & (PAGE - 1)) : NULL;
}

/* Reads [pa, pa + len) of a page that is not wholly RAM (device
 * registers) as QEMU's debugger accesses do: in naturally aligned pieces
 * of up to 8 bytes, each one device access of its size (a UART answers
 * its byte register zero-extended; reading its RBR pops a byte, as a
 * load would). */
static int read_physical(const struct sys_hart *h, uint64_t pa, uint8_t *buf,
                         uint64_t len)
{
    while (len) {
        unsigned size = 8;
        while (size > len || (pa & (size - 1)))
            size /= 2;
        uint64_t v;
        if (mmu_phys_read(h->mem.phys, pa, size, &v))
            return -1;
        for (unsigned i = 0; i < size; i++)
            buf[i] = (uint8_t)(v >> (8 * i));
        pa += size;
        buf += size;
        len -= size;
    }
    return 0;
}

/* Page by page; copy = false only checks that every page is mapped.
 * Writes, as QEMU's debugger writes: RAM and ROM are written, anything
 * else (a device register, no device) is dropped without an error; a
 * page that holds a device register is dropped whole (QEMU still
 * writes its RAM bytes: spike's tohost page). */
static int walk_range(struct sys_hart *h, uint64_t va, uint8_t *buf,
                      uint64_t len, bool write, bool copy)
{
    while (len) {
        uint64_t n = PAGE - (va & (PAGE - 1));
        n = n < len ? n : len;
        uint64_t pa;
        uint8_t *host = host_of(h, va, &pa);
        if (pa == ~0ull ||
            (!host && !write && copy && read_physical(h, pa, buf, n)))
            return -1;
        if (host && copy && write)
            memcpy(host, buf, n);
        else if (host && copy)
            memcpy(buf, host, n);
        va += n;
        buf += n;
        len -= n;
    }
    return 0;
}

static int debug_read(void *opaque, uint64_t addr, void *buf, uint64_t len)
{
    return walk_range(opaque, addr, buf, len, false, true);
}

static int debug_write(void *opaque, uint64_t addr, const void *buf,
                       uint64_t len)
{
    struct sys_hart *h = opaque;
    /* Every page is translated before a byte is written. */
    if (walk_range(h, addr, (uint8_t *)buf, len, true, false))
        return -1;
    walk_range(h, addr, (uint8_t *)buf, len, true, true);
    /* Cached blocks compare their bytes on entry; tier 1's chained jumps
     * do not (fence.i drops them). */
    if (h->t1)
        sys_t1_flush(h->t1);
    return 0;
}

struct gdb_memory gdb_sys_memory(struct sys_hart *h)
{
    return (struct gdb_memory){debug_read, debug_write, h};
}
