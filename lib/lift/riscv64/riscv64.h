/*
 * riscv64.h — the RISC-V 64 guest: its CPU state, its decoded instruction,
 * and the decoder, disassembler and lifter entry points.
 *
 * The decoder is generated at build time from riscv64.spec (one line per
 * encoding: mnemonic, format, fixed bits) by gen_decoder.py. The generated
 * header riscv64_opcodes.h defines enum rv_opcode with one RV_<NAME> per
 * spec line, NAME being the objdump -M no-aliases mnemonic upper-cased with
 * '.' turned into '_' (RV_ADDI, RV_FMADD_D, RV_AMOADD_W, RV_C_ADDI4SPN,
 * RV_FENCE_I). RV_INVALID (0) marks an undecodable instruction.
 *
 * Field contract of struct rv_insn, shared by decoder and lifter:
 *   - rd, rs1, rs2, rs3 are full register numbers (0..31), x or f by
 *     context; compressed forms are expanded: c.addi4spn has rs1 = 2,
 *     c.lwsp/c.swsp have rs1 = 2, c.mv has rs1 = 0, c.add/c.addi/c.sub...
 *     have rs1 = rd, c.li has rs1 = 0, c.jalr has rd = 1, c.jr and c.j
 *     have rd = 0, c.beqz/c.bnez have rs2 = 0, registers x8..x15 from the
 *     3-bit fields are already offset by 8;
 *   - imm is the sign- or zero-extended immediate exactly as the base
 *     instruction uses it (c.lui and lui: already shifted left by 12;
 *     branches and jumps: byte offset from the instruction's pc; shifts:
 *     the shift amount; CSR ops: the 5-bit uimm for the *I forms);
 *   - so each compressed form lifts exactly like its base instruction.
 */
#ifndef VM_RISCV64_H
#define VM_RISCV64_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ir.h"
#include "riscv64_opcodes.h" /* generated: enum rv_opcode */

struct rv_insn {
    uint16_t op;      /* enum rv_opcode */
    uint8_t len;      /* 2 or 4 */
    uint8_t rd, rs1, rs2, rs3;
    uint8_t rm;       /* rounding mode field (FP), 7 = dynamic */
    uint8_t aq, rl;   /* atomics ordering bits */
    uint8_t pred, succ; /* fence sets */
    uint16_t csr;
    int64_t imm;
    uint32_t raw;     /* the instruction bits (16 or 32) */
};

/* Guest CPU state: struct ir_ctx first, then the register files. */
struct rv_cpu {
    struct ir_ctx ctx;
    uint64_t x[32];   /* x[0] is always 0: lifters never write it */
    uint64_t f[32];   /* NaN-boxed singles live in the low 32 bits */
};

#define RV_X_OFF(n) (offsetof(struct rv_cpu, x) + 8 * (size_t)(n))
#define RV_F_OFF(n) (offsetof(struct rv_cpu, f) + 8 * (size_t)(n))

/*
 * Decodes one instruction from `bytes` (avail bytes readable, at least 2).
 * Returns its length (2 or 4) with *out filled; op = RV_INVALID when the
 * bits are not a valid RV64GC instruction (length still reported).
 */
unsigned rv_decode(const uint8_t *bytes, size_t avail, struct rv_insn *out);

/* Mnemonic as objdump -M no-aliases prints it ("c.addi", "fadd.d"). */
const char *rv_opcode_name(unsigned op);

/*
 * Disassembles like `riscv64-linux-gnu-objdump -d -M no-aliases`, operands
 * included (e.g. "addi\ta0,sp,16", "fadd.d\tfa0,fa1,fa2,rne"); pc is used
 * for branch targets. Returns the number of characters written.
 */
int rv_disasm(const struct rv_insn *in, uint64_t pc, char *buf, size_t size);

/*
 * Lifts one decoded instruction at pc into b: an INSN marker, then its IR.
 * Control-flow instructions, ecall, ebreak, fence.i and invalid ones end
 * the block (emit its terminator). Returns 0, or -1 when the instruction
 * cannot be lifted (the block then ends with an ILLEGAL trap at pc).
 */
int rv_lift_insn(struct ir_block *b, const struct rv_insn *in, uint64_t pc);

/*
 * Lifts the block starting at pc (struct rt_guest's lift_block): resets b,
 * then fetches, decodes and lifts instructions until one ends the block,
 * 64 instructions, or the next instruction lies on another page (ends with
 * EXIT_JUMP to it). An instruction that cannot be fetched ends the block
 * with EXIT_JUMP to it, or, if it is the first, a FETCH_FAULT trap at the
 * first unfetchable byte.
 */
void rv_lift_block(struct ir_block *b, uint64_t pc,
                   const uint8_t *(*fetch)(void *, uint64_t, uint64_t *),
                   void *arg);

#endif
