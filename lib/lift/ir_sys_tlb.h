/*
 * ir_sys_tlb.h — how translated code of either tier reaches guest memory
 * in system mode: through the hart's software TLB instead of the user-mode
 * arena. The runtime describes its TLB with struct ir_sys_tlb; tier 1
 * (lib/codegen/t1_sysmem.c) and tier 2 (lib/lift/llvm/ll_mem.c) emit the
 * same inline lookup from it.
 *
 * While translated code runs, ctx->mem_base holds the TLB table loads use
 * and ctx->mem_limit the one stores and atomics use (the regime cannot
 * change inside translated code). An entry is 1 << entry_shift bytes, its
 * page tag for reads at tag_off[0], for writes at tag_off[1], its addend
 * (host address - guest address) at addend_off; a tag is a page address,
 * never equal to one with low bits set, so comparing the tag with the page
 * of the access's last byte also rejects an access crossing a page. Every
 * miss, MMIO or page-crossing access calls slow(ctx, va, value, kind) with
 * kind = size | IR_SYS_* << 8; it returns the host address the access is
 * then done at (for a load or a store it may have done the access itself:
 * the bytes read, or a sink for the store), or NULL for a fault, which it
 * recorded (the code then leaves with the guest state of the access).
 */
#ifndef VM_IR_SYS_TLB_H
#define VM_IR_SYS_TLB_H

#include <stdint.h>

struct ir_ctx;

enum { IR_SYS_LOAD, IR_SYS_STORE, IR_SYS_RMW };

struct ir_sys_tlb {
    void *(*slow)(struct ir_ctx *ctx, uint64_t va, uint64_t value,
                  uint64_t kind);
    unsigned index_bits;
    unsigned entry_shift;
    int32_t tag_off[2];
    int32_t addend_off;
};

#endif
