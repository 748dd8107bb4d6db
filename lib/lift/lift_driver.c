/*
 * lift_driver.c — ir_lift_block_driver (see lift_driver.h).
 */
#include "lift_driver.h"

#define LIFT_PAGE_MASK (~(uint64_t)0xfff)

void ir_lift_block_driver(struct ir_block *b, uint64_t pc,
                          const uint8_t *(*fetch)(void *, uint64_t,
                                                  uint64_t *),
                          void *arg, const struct ir_lift_guest *g)
{
    ir_block_reset(b, pc);
    const uint8_t *bytes = NULL;
    uint64_t avail = 0;
    uint64_t cur = pc;
    for (unsigned count = 0;; count++) {
        if (count == g->max_insns ||
            (count > 0 && (cur & LIFT_PAGE_MASK) != (pc & LIFT_PAGE_MASK))) {
            ir_exit_jump(b, cur);
            return;
        }
        if (avail < 4) { /* the next instruction may continue elsewhere */
            bytes = fetch(arg, cur, &avail);
            if (!bytes)
                avail = 0;
        }
        unsigned need = avail >= g->min_len ? g->insn_len(bytes) : g->min_len;
        if (avail < need) {
            /* Raise the fault only when the block would start with it:
             * otherwise the instructions before it still run. */
            if (count == 0)
                ir_exit_trap(b, IR_TRAP_FETCH_FAULT, cur + avail);
            else
                ir_exit_jump(b, cur);
            return;
        }
        unsigned len = g->lift(b, bytes, avail, cur);
        if (ir_block_done(b))
            return;
        cur += len;
        bytes += len;
        avail -= len;
    }
}
