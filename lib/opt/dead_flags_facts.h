/*
 * dead_flags_facts.h — the dead-flag pass's memory of direct-exit
 * targets across blocks (private to lib/opt): which flag words the block
 * at a pc overwrites before observing them, remembered with the guest
 * bytes they were derived from, so a target reached from many blocks is
 * lifted once, and a changed target (self-modifying code, a new mapping)
 * no longer matches its bytes and is lifted again.
 */
#ifndef VM_OPT_DEAD_FLAGS_FACTS_H
#define VM_OPT_DEAD_FLAGS_FACTS_H

#include "dead_flags.h"

/* The remembered mask for pc under succ's mode and flag words f, when
 * succ can fetch code and the bytes still match. */
bool opt_facts_lookup(const struct opt_successors *succ,
                      const struct opt_flag_words *f, uint64_t pc,
                      uint32_t *killed);
/* Remembers killed for the len guest bytes at pc (a prefix too long to
 * keep is not remembered). */
void opt_facts_store(const struct opt_successors *succ,
                     const struct opt_flag_words *f, uint64_t pc,
                     uint32_t len, uint32_t killed);

#endif
