/*
 * aot_compile.h — ahead-of-time compilation of tier-2 regions into one
 * relocatable x86-64 object (vm-aot). The regions go through the same
 * lifter (lib/lift/llvm) and pass pipeline (lib/opt/opt_llvm.h) as the
 * JIT; what differs is only what the code may assume about the process
 * that runs it: nothing. Helper calls load their target from the
 * AOT_SYM_HELPERS table the loader fills, and the code is position
 * independent, so the object can be linked into a shared object that
 * vm-run dlopens anywhere (aot_format.h).
 */
#ifndef VM_AOT_COMPILE_H
#define VM_AOT_COMPILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aot_format.h"
#include "ll_region.h"

struct aot_build;

/* A build at --opt-level opt_level (0..3). NULL with err on failure. */
struct aot_build *aot_build_create(unsigned opt_level, char *err,
                                   size_t errlen);
void aot_build_destroy(struct aot_build *b);

/* Lifts region r (implicit checks off: faults come from the
 * explicit checks) as the entry for r->blocks[0]->pc; ranges are the guest
 * bytes it was compiled from and code_hash their aot_hash. False with err
 * when the lifter refuses it (the build goes on without it). Entries must
 * be added in increasing guest_pc order. */
bool aot_build_add(struct aot_build *b, const struct ll_region *r,
                   const struct aot_range *ranges, unsigned n_ranges,
                   uint64_t code_hash, char *err, size_t errlen);

/* Entries and ranges added so far. */
unsigned aot_build_entries(const struct aot_build *b);
unsigned aot_build_ranges(const struct aot_build *b);

/* Adds the tables, runs the pass pipeline and emits the object file into
 * *obj (*obj_len bytes, free()d by the caller). */
bool aot_build_emit(struct aot_build *b, void **obj, size_t *obj_len,
                    char *err, size_t errlen);

#endif
