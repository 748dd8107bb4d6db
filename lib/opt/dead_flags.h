/*
 * dead_flags.h — the dead-flag pass: deletes writes of flag words that a
 * later instruction of the same block overwrites before anything can
 * observe them, then the computations that fed only those writes.
 *
 * x86 arithmetic defines up to six flags per instruction, and most are
 * overwritten by the next one before any jcc/setcc/cmov reads them; each
 * flag is an 8-byte state word of its own (x86_64_state.h), so "dead"
 * is a plain question about PUTs of one offset. A flag value is observed
 * by a GET of it, by a helper that touches guest state, by any exit (the
 * next block may read it) and — because faults must leave the exact state
 * of before the faulting instruction for the guest's signal handler — by
 * every op that can fault (LOAD, STORE, AMO, CAS; loads not when the
 * caller says no guest handler can see a fault: opt_successors). No LLVM
 * here: every tier runs the pass on the lifted block, so the interpreter
 * (the oracle) sees the same IR as tier 1 and tier 2.
 */
#ifndef VM_OPT_DEAD_FLAGS_H
#define VM_OPT_DEAD_FLAGS_H

#include <stdbool.h>
#include <stdint.h>

#include "ir.h"

#define OPT_MAX_FLAG_WORDS 8

/* The state offsets of a guest's flag words (each an 8-byte PUT/GET). */
struct opt_flag_words {
    unsigned n;
    uint32_t off[OPT_MAX_FLAG_WORDS];
};

struct opt_dead_flags_stats {
    uint64_t flag_puts;   /* flag-word PUTs seen */
    uint64_t removed;     /* of those, deleted */
    uint64_t dead_ops;    /* pure ops deleted because nothing used them */
};

/* Lifts and validates the block at pc into b (initialized by the caller);
 * false when it cannot. (The same type as region.h's.) */
typedef bool (*opt_lift_fn)(void *arg, uint64_t pc, struct ir_block *b);

/*
 * Across exits: when lift is set, the pass lifts the targets of the
 * block's direct exits (EXIT_JUMP, EXIT_IF) and counts the flags each
 * target overwrites before observing them as overwritten at that exit.
 * Faults stay precise (a target's writes come before any access of its
 * own); only a signal delivered between the two blocks sees those flags
 * as they were before the write the pass removed — execution is the same,
 * since the target overwrites them before reading. A translation then
 * depends on its targets' code too; a code change flushes every
 * translation (tier 1's write-protected code pages), not just its own.
 */
#define OPT_SUCC_CACHE 4
struct opt_succ_entry {
    uint64_t pc;
    uint32_t killed; /* flag bits (opt_flag_words order) dead on entry */
};
struct opt_successors {
    opt_lift_fn lift;
    void *arg;
    /* No guest handler can see the state at a faulting load (no SIGSEGV or
     * SIGBUS handler, no debugger): loads observe no flag. Stores still
     * do — a store to a translated code page resumes from its state. */
    bool loads_unobserved;
    /* Optional: the guest code at pc (avail: bytes readable there, NULL
     * if none). With it, target facts are remembered across blocks and
     * checked against the bytes they came from (dead_flags_facts.c). */
    const uint8_t *(*fetch)(void *fetch_arg, uint64_t pc, uint64_t *avail);
    void *fetch_arg;
    unsigned n_cached;
    struct opt_succ_entry cache[OPT_SUCC_CACHE];
};

/* Runs the pass on b (which stays valid: ir_validate holds), block-local:
 * every exit observes every flag. Adds to *stats when not NULL. */
void opt_dead_flags(struct ir_block *b, const struct opt_flag_words *flags,
                    struct opt_dead_flags_stats *stats);
/* The same, looking across direct exits when succ (and succ->lift) is set;
 * succ->n_cached must start at 0. */
void opt_dead_flags_across(struct ir_block *b,
                           const struct opt_flag_words *flags,
                           struct opt_successors *succ,
                           struct opt_dead_flags_stats *stats);

#endif
