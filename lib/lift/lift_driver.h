/*
 * lift_driver.h — the user-mode block driver the guest lifters share:
 * fetch guest code, lift instruction after instruction until one ends the
 * block, the block has max_insns instructions, or the next instruction
 * starts on another page than the first (self-modifying code is tracked
 * per page, so a block's code, bar one instruction straddling the end,
 * lies in one page: the block then ends with EXIT_JUMP to it). An
 * instruction that cannot be fetched ends the block with EXIT_JUMP to
 * it, or, when it would be the first, a FETCH_FAULT trap at the first
 * unfetchable byte.
 */
#ifndef VM_LIFT_DRIVER_H
#define VM_LIFT_DRIVER_H

#include <stdint.h>

#include "ir.h"

struct ir_lift_guest {
    unsigned max_insns;
    unsigned min_len; /* bytes that tell an instruction's length */
    /* The length of the instruction starting at bytes (min_len readable). */
    unsigned (*insn_len)(const uint8_t *bytes);
    /* Decodes and lifts the instruction at bytes (avail >= its length)
     * at pc into b; returns its length. */
    unsigned (*lift)(struct ir_block *b, const uint8_t *bytes, uint64_t avail,
                     uint64_t pc);
};

/* Resets b and lifts the block at pc (struct rt_guest's lift_block). */
void ir_lift_block_driver(struct ir_block *b, uint64_t pc,
                          const uint8_t *(*fetch)(void *, uint64_t,
                                                  uint64_t *),
                          void *arg, const struct ir_lift_guest *g);

#endif
