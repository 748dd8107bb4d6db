/*
 * aarch64.h — the AArch64 guest (A64, user mode): its CPU state, its
 * decoded instruction, and the decoder, disassembler and lifter entry
 * points.
 *
 * The decoder is generated at build time from aarch64.spec by
 * gen_decoder.py: enum a64_opcode has one A64_<ID> per spec line. A
 * decoded word carries two opcodes: `op`, the base instruction the
 * lifter implements (A64_ADD_I), and `form`, the alias objdump prints
 * for it (A64_MOV_SP for `add x0, sp, #0`). A64_INVALID (0) marks a word
 * the decoder does not know (unallocated, reserved, or not implemented
 * yet: FP/AdvSIMD, LSE, ...): lifting it raises SIGILL at its pc.
 *
 * Fields stay in `raw`; the a64_* accessors below extract them.
 */
#ifndef VM_AARCH64_H
#define VM_AARCH64_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aarch64_opcodes.h" /* generated: enum a64_opcode */
#include "ir.h"

struct a64_insn {
    uint16_t op;   /* enum a64_opcode: what is lifted */
    uint16_t form; /* enum a64_opcode: what is printed (op or an alias) */
    uint32_t raw;
};

#include "aarch64_state.h" /* struct a64_cpu */

/* log2 of the bytes a load/store of one register moves: size (31:30),
 * or 4 for the FP/SIMD q form (V, bit 26, with opc<1>, bit 23). */
static inline unsigned a64_ldst_scale(uint32_t raw)
{
    unsigned size = (raw >> 30) & 3;
    return ((raw >> 26) & 1) && ((raw >> 23) & 1) && size == 0 ? 4 : size;
}

/* Field accessors over the instruction word. */
static inline uint32_t a64_bits(uint32_t raw, unsigned lo, unsigned len)
{
    return (raw >> lo) & ((1u << len) - 1);
}
static inline int64_t a64_sbits(uint32_t raw, unsigned lo, unsigned len)
{
    uint64_t v = a64_bits(raw, lo, len), sign = 1ull << (len - 1);
    return (int64_t)(v ^ sign) - (int64_t)sign;
}
static inline unsigned a64_rd(uint32_t raw) { return a64_bits(raw, 0, 5); }
static inline unsigned a64_rn(uint32_t raw) { return a64_bits(raw, 5, 5); }
static inline unsigned a64_rm(uint32_t raw) { return a64_bits(raw, 16, 5); }
static inline unsigned a64_ra(uint32_t raw) { return a64_bits(raw, 10, 5); }
static inline bool a64_sf(uint32_t raw) { return raw >> 31; }

/* VFPExpandImm: fmov's 8-bit immediate (bits 20:13) as the bit pattern
 * of a single (dbl false) or double: sign, exponent NOT(b):b..b:cd,
 * fraction efgh then zeros. */
static inline uint64_t a64_fp_expand_imm(unsigned imm8, bool dbl)
{
    unsigned ebits = dbl ? 11 : 8, fbits = dbl ? 52 : 23;
    uint64_t b = imm8 >> 6 & 1;
    uint64_t exp = (b ^ 1) << (ebits - 1) |
                   (b ? ((1ull << (ebits - 3)) - 1) << 2 : 0) |
                   (imm8 >> 4 & 3);
    uint64_t frac = (uint64_t)(imm8 & 15) << (fbits - 4);
    return (uint64_t)(imm8 >> 7) << (ebits + fbits) | exp << fbits | frac;
}

/*
 * The bitmask immediate of the logical-immediate instructions (N:immr:imms
 * at bits 22:10), `width` 32 or 64 bits wide. False when reserved.
 */
bool a64_decode_bitmask(uint32_t raw, unsigned width, uint64_t *value);

/* The byte offset of a load/store pair (imm7 scaled by its registers). */
int64_t a64_pair_offset(uint32_t raw);

/* Decodes the 4 bytes at `bytes` (little-endian). Returns 4. */
unsigned a64_decode(const uint8_t *bytes, struct a64_insn *out);

/*
 * Disassembles like `aarch64-linux-gnu-objdump -d` (its alias spellings,
 * without its "// ..." comments); pc gives branch targets, printed in hex
 * without "0x" as objdump does when a symbol follows. Returns the number
 * of characters written.
 */
int a64_disasm(const struct a64_insn *in, uint64_t pc, char *buf,
               size_t size);

/*
 * Lifts one decoded instruction at pc into b (an INSN marker, then its
 * IR); branches, svc, brk and unliftable words end the block. Returns 0,
 * or -1 when it is not lifted (the block then ends with ILLEGAL at pc).
 */
int a64_lift_insn(struct ir_block *b, const struct a64_insn *in, uint64_t pc);

/* The block driver (struct rt_guest's lift_block), like rv_lift_block. */
void a64_lift_block(struct ir_block *b, uint64_t pc,
                    const uint8_t *(*fetch)(void *, uint64_t, uint64_t *),
                    void *arg);

#endif
