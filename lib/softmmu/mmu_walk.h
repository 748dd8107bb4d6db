/*
 * mmu_walk.h — the RISC-V Sv39/Sv48 page-table walker (privileged spec,
 * "Virtual Address Translation Process"), with hardware A/D updates as
 * QEMU does them. Guest page tables live in RAM (mmu_phys); a PTE that
 * is not in RAM is an access fault.
 */
#ifndef VM_MMU_WALK_H
#define VM_MMU_WALK_H

#include <stdbool.h>
#include <stdint.h>

#include "mmu_phys.h"

enum mmu_acc { MMU_ACC_READ, MMU_ACC_WRITE, MMU_ACC_EXEC };
enum mmu_fault { MMU_OK, MMU_FAULT_PAGE, MMU_FAULT_ACCESS };

struct mmu_walk_req {
    uint64_t vaddr;
    uint64_t root;     /* physical address of the root table (satp.PPN<<12) */
    unsigned levels;   /* 3 = Sv39, 4 = Sv48 */
    enum mmu_acc acc;
    bool user;         /* the access is made in U mode */
    bool sum;          /* S mode may read/write U pages */
    bool mxr;          /* loads may read execute-only pages */
    bool debug;        /* a debugger's look (system mode's gdb stub): any
                          valid leaf, permissions unchecked, A/D never
                          written */
};

/* What the walk found: the physical address, and which kinds of access
 * the same page allows at the same privilege without another walk (the
 * TLB caches these; write needs D already set). */
struct mmu_walk_res {
    uint64_t paddr;
    bool can_read, can_write, can_exec;
    bool superpage;    /* the leaf is above the last level (2 MiB+) */
    uint64_t page_size; /* the leaf's: 4 KiB, 2 MiB, 1 GiB, ... */
};

enum mmu_fault mmu_walk(const struct mmu_phys *p, const struct mmu_walk_req *r,
                        struct mmu_walk_res *out);

#endif
