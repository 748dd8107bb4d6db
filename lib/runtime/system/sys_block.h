/*
 * sys_block.h — a block of the hart's cache (sys_hart.c): the guest bytes
 * it was lifted from, its IR, and what the tiers made of it (sys_t1.h,
 * sys_t2.h). Shared by the hart loop and tier 2, which selects regions
 * around a block and installs them on it.
 */
#ifndef VM_SYS_BLOCK_H
#define VM_SYS_BLOCK_H

#include <stdbool.h>
#include <stdint.h>

#include "ir.h"
#include "riscv64_priv.h"
#include "sys_t1.h"
#include "sys_t2.h"

#define SYS_MAX_BLOCK_BYTES 256

struct sys_block {
    uint64_t vpc;
    const uint8_t *host;        /* host address of the first byte */
    const uint8_t *host2;       /* of the next page's first byte when the
                                   last instruction straddles, else NULL */
    uint32_t len;               /* 0: empty slot */
    bool fp_off;
    bool chainable;             /* sys_t1_run's: no trap exit, no FP */
    uint8_t bytes[SYS_MAX_BLOCK_BYTES];
    struct ir_block ir;
    struct rv_sys_block_info info;
    struct sys_t1_ref t1;
    struct sys_t2_ref t2;
};

#endif
