/*
 * fault_map.h — reading the fault map LLVM's implicit-check pass writes
 * (section .llvm_faultmaps of the object a region compiles to): for each
 * access folded into a faulting instruction, where it is and where a host
 * fault on it resumes, as offsets from the region function's entry.
 */
#ifndef VM_FAULT_MAP_H
#define VM_FAULT_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ll_backend.h"

/*
 * The sites of the one function of ELF object obj[0, len) in a new array
 * (*out, free() it; NULL when there are none) and their number. Returns
 * false when the section is present but malformed (the code must then not
 * be used: a fault on an access it lists would not resume).
 */
bool fault_map_read(const uint8_t *obj, size_t len,
                    struct ll_fault_site **out, unsigned *n);

/* One careful-path marker (ll_region.h's LL_CAREFUL_SECTION). */
struct careful_marker {
    uint32_t id, off;
};

/* The markers of obj in a new array (*out, free() it; NULL when none) and
 * their number; false when the section is malformed. */
bool fault_map_read_careful(const uint8_t *obj, size_t len,
                            struct careful_marker **out, unsigned *n);

#endif
