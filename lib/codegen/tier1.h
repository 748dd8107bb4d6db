/*
 * tier1.h — tier 1: one IR block to x86-64 host code, in microseconds.
 *
 * The code is written in place at its final address (dst, inside the code
 * cache) because it holds rel32 jumps to the cache's epilogue. See
 * t1_internal.h for the register plan and how faults stay precise.
 */
#ifndef VM_TIER1_H
#define VM_TIER1_H

#include <stdbool.h>
#include <stddef.h>

#include "code_cache.h"
#include "ir.h"
#include "ir_sys_tlb.h"

/* A taken backward jump that counts down its tier-up counter: the code
 * doing it is [host_off, host_off + len) of the block, starting 2-byte
 * aligned, so that a 2-byte `jmp rel8` written over its start skips it
 * (counting stops once the target is handed to tier 2). */
struct t1_hot_site {
    uint64_t target;   /* guest pc jumped to */
    uint32_t host_off; /* relative to dst */
    uint8_t skip;      /* bytes of the counting code */
    uint8_t len;       /* where a stopped counter goes once tier 2 has the
                          target: skip, or a one-block loop's leave
                          sequence (t1_loop.c) */
};

struct t1_result {
    size_t size;                        /* bytes of host code written */
    bool overflow;                      /* avail was too small */
    const char *error;                  /* what tier 1 cannot handle */
    const struct cg_fault_entry *faults; /* host offsets relative to dst,
                                            valid until the next call */
    unsigned n_faults;
    const struct t1_hot_site *hot_sites; /* likewise */
    unsigned n_hot;                      /* counters used: hot_first... */
    bool self_loop;                      /* a one-block loop (t1_loop.c) */
};

/* System mode (t1_sysmem.c): guest memory through the software TLB
 * ir_sys_tlb.h describes; a fault leaves with CG_EXIT_FAULT, arg the
 * address. */

/* How blocks are translated (see code_cache.h, instruction budget). */
struct t1_options {
    const struct ir_sys_tlb *sys_mem; /* system mode, or NULL */
    bool count_insns;   /* subtract the block's insns from the budget */
    int32_t budget_off; /* the budget's offset from the CPU state */
    uint32_t hot_threshold; /* count taken backward jumps, exit with
                               CG_EXIT_HOT at this count; 0 = off */
    uint32_t hot_first;     /* index of the first free counter (in the
                               table at [rsp + T1_FRAME_HOT]) */
    uint32_t hot_avail;     /* free counters from there */
    const uint64_t *uncounted; /* jumps to these targets do not count */
    size_t n_uncounted;
    bool self_loops;        /* a block jumping to its own start keeps its
                               guest registers across trips (t1_loop.c) */
};

/* Translates b (ir_validate'd) into dst[0..avail). Returns true on
 * success; otherwise out->overflow or out->error says why. */
bool t1_translate(const struct ir_block *b, const struct cg_runtime *rt,
                  const struct t1_options *opts, uint8_t *dst, size_t avail,
                  struct t1_result *out);

/* Frees the calling thread's translation scratch memory. */
void t1_free_scratch(void);

#endif
