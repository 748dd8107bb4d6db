/*
 * x86_64.h — the x86-64 guest's decoder and lifter (Zydis 4 → IR).
 * The CPU state is x86_64_state.h; the features cpuid reports are
 * x86_64_features.h.
 */
#ifndef VM_X86_64_H
#define VM_X86_64_H

#include <stddef.h>
#include <stdint.h>

#include "ir.h"
#include "x86_64_state.h"

/*
 * Lifts the block at pc into b (same contract as rt_guest.lift_block):
 * fetch returns a host pointer to guest code at pc and how many bytes are
 * executable from there; an instruction that cannot be fetched whole ends
 * the block with a FETCH_FAULT trap, one that cannot be decoded or is not
 * implemented with an ILLEGAL trap at its pc.
 */
void x86_lift_block(struct ir_block *b, uint64_t pc,
                    const uint8_t *(*fetch)(void *, uint64_t, uint64_t *),
                    void *fetch_arg);

/* What x86_lift_probe found at an address. */
enum x86_probe {
    X86_PROBE_LIFTED,      /* decoded and lifted */
    X86_PROBE_UNLIFTED,    /* decoded, but the lifter lacks it: SIGILL */
    X86_PROBE_UNDECODABLE, /* not a valid instruction */
};

/*
 * Decodes and lifts the one instruction at bytes (avail readable) as if at
 * pc, into a scratch block. *len gets its length (1 when undecodable) and
 * mnemonic (when not NULL) its Zydis name in lower case.
 */
enum x86_probe x86_lift_probe(const uint8_t *bytes, size_t avail, uint64_t pc,
                              unsigned *len, const char **mnemonic);

/* Intel-syntax text of the instruction at bytes, as Zydis formats it.
 * Returns its length, 0 when undecodable. */
unsigned x86_disasm(const uint8_t *bytes, size_t avail, uint64_t pc,
                    char *buf, size_t size);

#endif
