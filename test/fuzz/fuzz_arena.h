/*
 * fuzz_arena.h — the sealed scratch world the guest fuzz targets run in:
 * one guest arena (lib/softmmu) created once per process, a code page the
 * fuzzer's bytes are copied to, data pages the random registers point
 * into, a tier-1 code cache, and a bounded lift → validate → interpret
 * and translate loop over it, tier 1 checked against the interpreter.
 *
 * Guest-neutral: each target passes its guest's lift_block and fills the
 * registers; everything the guest can touch is reset before every input,
 * so an input's outcome never depends on the inputs run before it (a
 * crash found once reproduces alone).
 */
#ifndef VM_FUZZ_ARENA_H
#define VM_FUZZ_ARENA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ir.h"

/* Guest layout: code at FUZZ_CODE (one page, readable, writable and
 * executable so self-modifying code is exercised too), FUZZ_DATA_PAGES of
 * read-write data at FUZZ_DATA, one read-only page after them, and the rest
 * of the 4 GiB arena unmapped. */
#define FUZZ_CODE 0x10000ull
#define FUZZ_CODE_MAX 4096u
#define FUZZ_DATA 0x20000ull
#define FUZZ_DATA_PAGES 2u
#define FUZZ_RODATA (FUZZ_DATA + FUZZ_DATA_PAGES * 4096ull)

typedef void (*fuzz_lift_fn)(struct ir_block *b, uint64_t pc,
                             const uint8_t *(*fetch)(void *, uint64_t,
                                                     uint64_t *),
                             void *fetch_arg);

/* Creates the arena on first use (aborting with one line if it cannot),
 * then resets it: code = bytes[0..len) (len <= FUZZ_CODE_MAX), data pages
 * zeroed. Fills the memory fields of ctx. */
void fuzz_arena_reset(struct ir_ctx *ctx, const uint8_t *code, size_t len);

/* An input is 8 bytes of register seed, then code: false when it has
 * fewer than min_code bytes of code; *len is at most FUZZ_CODE_MAX. */
bool fuzz_split_input(const uint8_t *data, size_t size, size_t min_code,
                      uint64_t *seed, const uint8_t **code, size_t *len);

/* A value for a guest register from the input's seed: sometimes a pointer
 * into the data, read-only or code pages, sometimes an arbitrary or small
 * number (*state advances, splitmix64). */
uint64_t fuzz_reg_value(uint64_t *state);

/* Brings state a tier keeps outside ctx into it and clears it there (an
 * x86 guest's MXCSR flags, pending in the host's MXCSR after inline SSE).
 * NULL when the guest has none. */
typedef void (*fuzz_settle_fn)(struct ir_ctx *ctx);

/* Runs from ctx->pc (the CPU state is cpu_size bytes from ctx): lifts a
 * block (aborting if ir_validate rejects it), runs it under the
 * interpreter and, from the same state and memory, under tier 1 (aborting
 * if the outcomes differ), and goes on from the interpreter's state while
 * it jumps, at most max_blocks blocks. settle runs before and after each
 * run. Returns the number of blocks run. */
unsigned fuzz_run_blocks(struct ir_ctx *ctx, size_t cpu_size,
                         fuzz_lift_fn lift, fuzz_settle_fn settle,
                         unsigned max_blocks);

#endif
