/*
 * sys_mem.h — guest memory accesses in system mode: a virtual address
 * goes through the per-hart TLB (mmu_tlb.h), and on a miss through the
 * guest's translation (a callback: the page walk) to RAM, which is then
 * entered in the TLB, or to a device. Guest-neutral: the guest supplies
 * the translation and turns a struct sys_fault into its exception.
 *
 * Misaligned accesses work as on QEMU's RISC-V: done bytewise when they
 * cross a page (a store checks every page before writing anything);
 * atomics must be aligned (IR_MEM_ALIGNED) and fault as misaligned.
 */
#ifndef VM_SYS_MEM_H
#define VM_SYS_MEM_H

#include <stdint.h>

#include "mmu_phys.h"
#include "mmu_tlb.h"
#include "mmu_walk.h"

enum sys_fault_kind { SYS_FAULT_PAGE = 1, SYS_FAULT_ACCESS,
                      SYS_FAULT_MISALIGNED };

struct sys_fault {
    enum sys_fault_kind kind;
    enum mmu_acc acc;
    uint64_t addr;
};

struct sys_mem {
    struct mmu_tlb tlb;
    const struct mmu_phys *phys;
    unsigned regime[3];  /* TLB table per access kind (set by the guest) */
    enum mmu_fault (*translate)(void *guest, uint64_t va, enum mmu_acc acc,
                                struct mmu_walk_res *out);
    void *guest;
    struct sys_fault fault; /* the last failed access */
    uint8_t fetch_buf[4];   /* an instruction straddling two pages */
};

/* 0, or -1 with m->fault set. */
int sys_mem_read(struct sys_mem *m, uint64_t va, unsigned size,
                 uint64_t *out);
int sys_mem_write(struct sys_mem *m, uint64_t va, unsigned size, uint64_t v);
/* Host address for an atomic read-modify-write of an aligned RAM word
 * (checked for writing), or NULL with m->fault set. */
uint8_t *sys_mem_rmw(struct sys_mem *m, uint64_t va, unsigned size);
/* The lifter's fetch callback (arg = struct sys_mem *). */
const uint8_t *sys_mem_fetch(void *arg, uint64_t va, uint64_t *avail);
/* Host address of the RAM page holding va for execution, or NULL. */
const uint8_t *sys_mem_code(struct sys_mem *m, uint64_t va);

#endif
