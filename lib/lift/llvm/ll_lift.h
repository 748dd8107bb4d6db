/*
 * ll_lift.h — IR blocks to LLVM IR with the LLVM-C builder API.
 *
 * Adds to a module one function of the shape ll_region.h describes. The
 * module's target triple and data layout should already be set (the JIT's).
 * Never aborts on a block it cannot handle: it reports why, and the caller
 * keeps the region in tier 1.
 */
#ifndef VM_LL_LIFT_H
#define VM_LL_LIFT_H

#include <stdbool.h>
#include <stddef.h>

#include <llvm-c/Core.h>

#include "ll_region.h"

/* Builds function `name` for region r into m. Returns true on success;
 * otherwise writes the reason to err (errlen bytes) and leaves no function
 * named `name` behind. */
bool ll_lift_region(LLVMModuleRef m, const struct ll_region *r,
                    const char *name, char *err, size_t errlen);

/* Name of the helper function CALL aux=h calls (ir_helper_<name>): the
 * JIT defines these symbols. */
void ll_helper_symbol(enum ir_helper h, char *out, size_t len);

#endif
