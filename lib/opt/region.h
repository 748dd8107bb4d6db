/*
 * region.h — which guest blocks tier 2 compiles together, chosen from a
 * hot block (the target of a backward branch that tier 1 saw taken often).
 *
 * From the head, blocks are lifted along direct edges (EXIT_IF and
 * EXIT_JUMP targets) breadth first. When some of them lead back to the head
 * the region is that loop: exactly the explored blocks from which the head
 * can be reached again, so every block inside can stay in the compiled
 * loop. When none does (the loop goes through a call or an indirect jump),
 * the region is a trace: the head and the blocks it reaches directly. A
 * region never holds a block that cannot be fetched. No LLVM here: the
 * runtime selects regions on the guest thread (lifting reads guest memory)
 * and hands the owned blocks to the compile thread.
 */
#ifndef VM_OPT_REGION_H
#define VM_OPT_REGION_H

#include <stdbool.h>
#include <stdint.h>

#include "ir.h"

#define OPT_REGION_MAX_BLOCKS 24u /* default cap of a region */

/* Lifts and validates the block at pc into b (initialized, reset by the
 * callee); false when it cannot (the block is left out). */
typedef bool (*opt_lift_fn)(void *arg, uint64_t pc, struct ir_block *b);

struct opt_region {
    struct ir_block **blocks; /* owned; [0] is the head */
    unsigned n;
    bool loop;                /* the head is reached again inside */
};

/*
 * Selects the region headed by pc, with at most max_blocks blocks (1 ..
 * OPT_REGION_MAX_BLOCKS * 4). Returns false with *why when not even the
 * head can be lifted (or memory runs out).
 */
bool opt_region_select(uint64_t head, unsigned max_blocks, opt_lift_fn lift,
                       void *arg, struct opt_region *out, const char **why);

/*
 * The IR instructions of the cheapest way round the region's loop: from
 * the head through the region's blocks back to the head, each block on it
 * counted whole. What one trip of the loop executes at least, which is
 * what a trip in tier 2 can save on (the tier-up cost model); 0 for a
 * trace.
 */
uint32_t opt_region_cycle_ir(const struct opt_region *r);

/* Frees the blocks and the array. */
void opt_region_free(struct opt_region *r);

#endif
