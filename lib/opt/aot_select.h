/*
 * aot_select.h — what vm-aot compiles: the guest's code found ahead of
 * time, and the regions it is cut into. No LLVM, no guest: blocks come
 * from an opt_lift_fn (region.h).
 *
 * Discovery: from the seeds (ELF entry, function symbols) blocks are
 * lifted recursively along direct edges: EXIT_IF and EXIT_JUMP targets,
 * the pc after a system call or fence.i, and the return site of a call
 * (a block that leaves by a jump and materializes its own end address as
 * a constant: the return address of jal/call). Indirect targets are not
 * guessed; the runtime runs them in tier 1.
 *
 * Heads: the seeds, call targets, return sites, and targets of backward
 * direct branches (loop heads). The region of a head is the blocks
 * reached from it along direct edges without entering another head or a
 * callee (those are exits), breadth first, at most max_blocks: a loop
 * whose head is the region's stays inside the compiled function.
 */
#ifndef VM_OPT_AOT_SELECT_H
#define VM_OPT_AOT_SELECT_H

#include <stdbool.h>
#include <stdint.h>

#include "ir.h"
#include "region.h"

struct aot_program {
    struct ir_block **blocks; /* owned, sorted by pc */
    unsigned n;
    uint64_t *heads;          /* sorted */
    unsigned n_heads;
};

/* Discovers the code reachable from seeds, at most max_blocks blocks.
 * False when out of memory. */
bool aot_discover(const uint64_t *seeds, unsigned n_seeds, opt_lift_fn lift,
                  void *arg, unsigned max_blocks, struct aot_program *out);

/* The region of head: *n blocks of p (borrowed, [0] = head's) into out
 * (room for max). 0 blocks when head is not a discovered block. */
void aot_region_of(const struct aot_program *p, uint64_t head,
                   const struct ir_block **out, unsigned max, unsigned *n);

void aot_program_free(struct aot_program *p);

#endif
