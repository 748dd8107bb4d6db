/*
 * scan_tally.h — what the coverage scan (scan_unlifted.c) counts: which
 * Zydis ISA sets the x86-64 guest must lift (the x86-64-v1 baseline of
 * issue P6) and a tally of unlifted instructions per (mnemonic, ISA set).
 *
 * The extension of an instruction comes from Zydis' own metadata
 * (meta.isa_set), never from a hand list of mnemonics; the two narrow
 * refinements are spelled out in scan_tally.c (x87 instructions that
 * Zydis files under a baseline set, and endbr64/endbr32, the CET instructions that run as NOPs
 * on every CPU and that every CET-enabled binary starts its functions with).
 */
#ifndef VM_TEST_SCAN_TALLY_H
#define VM_TEST_SCAN_TALLY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <Zydis/Zydis.h>

/* Why an instruction is in or out of the required set. */
enum scan_class {
    SCAN_REQUIRED,      /* its ISA set is one the lifter covers */
    SCAN_EXCLUDED,      /* an extension cpuid does not report */
    SCAN_CLASSES
};

/* Classifies one decoded instruction. */
enum scan_class scan_classify(const ZydisDecodedInstruction *insn,
                              const ZydisDecodedOperand *ops);

/* Prints the required and the excluded ISA set names (the header). */
void scan_print_isa_policy(FILE *out);

struct scan_entry {
    uint32_t key;        /* 0: free slot */
    uint64_t count;
    uint64_t example;    /* address of the first one seen */
};

#define SCAN_SLOTS 8192u

/* Counts for one file. */
struct scan_tally {
    uint64_t insns, lifted, undecodable_bytes, undecodable_runs;
    uint64_t unlifted[SCAN_CLASSES];
    struct scan_entry slot[SCAN_SLOTS];
};

void scan_tally_reset(struct scan_tally *t);
/* Records one unlifted instruction at addr. */
void scan_tally_add(struct scan_tally *t, const ZydisDecodedInstruction *insn,
                    enum scan_class cls, uint64_t addr);
/* Prints the sorted table (required first, then by count) for one file.
 * Returns the number of distinct required mnemonics that were unlifted. */
unsigned scan_tally_print(const struct scan_tally *t, const char *file,
                          FILE *out);

#endif
