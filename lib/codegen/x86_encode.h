/*
 * x86_encode.h — a tiny typed x86-64 encoder for the tier-1 emitter.
 *
 * Each function appends one instruction to an x86_buf. Register operands
 * are enum x86_reg; `size` (1, 2, 4 or 8 bytes) picks the operand width
 * (prefix 0x66, REX.W, the byte forms, and the REX needed to address
 * spl/bpl/sil/dil). Memory operands are base + index*scale + disp. Code
 * that emits translations calls only these functions: it never writes raw
 * bytes. A buffer that runs out of room sets `overflow` and drops bytes,
 * so callers check once per translation.
 */
#ifndef VM_X86_ENCODE_H
#define VM_X86_ENCODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum x86_reg {
    X86_RAX, X86_RCX, X86_RDX, X86_RBX, X86_RSP, X86_RBP, X86_RSI, X86_RDI,
    X86_R8, X86_R9, X86_R10, X86_R11, X86_R12, X86_R13, X86_R14, X86_R15,
    X86_NOREG = -1
};

struct x86_buf {
    uint8_t *start, *p, *end;
    bool overflow;
};

/* [base + index*scale + disp]; index X86_NOREG for none (never rsp). */
struct x86_mem {
    int8_t base, index;
    uint8_t scale; /* 1, 2, 4, 8 */
    int32_t disp;
};

static inline struct x86_mem x86_mem_bd(enum x86_reg base, int32_t disp)
{
    return (struct x86_mem){(int8_t)base, X86_NOREG, 1, disp};
}

static inline struct x86_mem x86_mem_bi(enum x86_reg base, enum x86_reg index)
{
    return (struct x86_mem){(int8_t)base, (int8_t)index, 1, 0};
}

/* The eight classic ALU ops, by their /digit. */
enum x86_alu { X86_ADD, X86_OR, X86_ADC, X86_SBB, X86_AND, X86_SUB, X86_XOR,
               X86_CMP };
/* Shifts and rotates, by their /digit. */
enum x86_shift { X86_ROL = 0, X86_ROR = 1, X86_SHL = 4, X86_SHR = 5,
                 X86_SAR = 7 };
/* Group-3 unary ops (F7 /digit). */
enum x86_unary { X86_NOT = 2, X86_NEG = 3, X86_MUL = 4, X86_IMUL1 = 5,
                 X86_DIV = 6, X86_IDIV = 7 };
/* Condition codes (the low nibble of Jcc/SETcc/CMOVcc). */
enum x86_cc {
    X86_CC_O, X86_CC_NO, X86_CC_B, X86_CC_AE, X86_CC_E, X86_CC_NE, X86_CC_BE,
    X86_CC_A, X86_CC_S, X86_CC_NS, X86_CC_P, X86_CC_NP, X86_CC_L, X86_CC_GE,
    X86_CC_LE, X86_CC_G
};

static inline enum x86_cc x86_cc_invert(enum x86_cc cc)
{
    return (enum x86_cc)(cc ^ 1);
}

void x86_buf_init(struct x86_buf *b, void *mem, size_t size);
static inline size_t x86_buf_used(const struct x86_buf *b)
{
    return (size_t)(b->p - b->start);
}

/* Moves. */
void x86_mov_rr(struct x86_buf *b, unsigned size, enum x86_reg dst,
                enum x86_reg src);
void x86_mov_ri(struct x86_buf *b, enum x86_reg dst, uint64_t imm);
void x86_load(struct x86_buf *b, unsigned size, enum x86_reg dst,
              struct x86_mem m);
void x86_store(struct x86_buf *b, unsigned size, struct x86_mem m,
               enum x86_reg src);
/* mov size ptr [m], imm (sign-extended imm32 for size 8). */
void x86_store_imm(struct x86_buf *b, unsigned size, struct x86_mem m,
                   int32_t imm);
/* Zero/sign extension of a src_size (1, 2, 4) value into a 64-bit dst. */
void x86_movzx_rr(struct x86_buf *b, unsigned src_size, enum x86_reg dst,
                  enum x86_reg src);
void x86_movsx_rr(struct x86_buf *b, unsigned src_size, enum x86_reg dst,
                  enum x86_reg src);
void x86_movzx_load(struct x86_buf *b, unsigned src_size, enum x86_reg dst,
                    struct x86_mem m);
void x86_movsx_load(struct x86_buf *b, unsigned src_size, enum x86_reg dst,
                    struct x86_mem m);
void x86_lea(struct x86_buf *b, enum x86_reg dst, struct x86_mem m);
/* lea dst, [rip + disp32]: returns the disp32 field, resolved like a rel32
 * (x86_patch_rel32), so dst receives the address of a code location. */
size_t x86_lea_rip(struct x86_buf *b, enum x86_reg dst);

/* Arithmetic. */
void x86_alu_rr(struct x86_buf *b, enum x86_alu op, unsigned size,
                enum x86_reg dst, enum x86_reg src);
void x86_alu_ri(struct x86_buf *b, enum x86_alu op, unsigned size,
                enum x86_reg dst, int32_t imm);
/* op reg, [m], op [m], reg and op size ptr [m], imm. */
void x86_alu_rm(struct x86_buf *b, enum x86_alu op, unsigned size,
                enum x86_reg dst, struct x86_mem m);
void x86_alu_mr(struct x86_buf *b, enum x86_alu op, unsigned size,
                struct x86_mem m, enum x86_reg src);
void x86_alu_mi(struct x86_buf *b, enum x86_alu op, unsigned size,
                struct x86_mem m, int32_t imm);
void x86_test_rr(struct x86_buf *b, unsigned size, enum x86_reg x,
                 enum x86_reg y);
void x86_test_ri(struct x86_buf *b, unsigned size, enum x86_reg x,
                 int32_t imm);
void x86_shift_ri(struct x86_buf *b, enum x86_shift op, unsigned size,
                  enum x86_reg dst, uint8_t count);
void x86_shift_cl(struct x86_buf *b, enum x86_shift op, unsigned size,
                  enum x86_reg dst);
void x86_imul_rr(struct x86_buf *b, unsigned size, enum x86_reg dst,
                 enum x86_reg src);
/* dst = src * imm (imul r, r/m, imm32; imm16 at size 2). */
void x86_imul_rri(struct x86_buf *b, unsigned size, enum x86_reg dst,
                  enum x86_reg src, int32_t imm);
void x86_unary(struct x86_buf *b, enum x86_unary op, unsigned size,
               enum x86_reg r);
/* Sign-extends rax into rdx (cwd/cdq/cqo by size 2/4/8). */
void x86_cqo(struct x86_buf *b, unsigned size);
void x86_setcc(struct x86_buf *b, enum x86_cc cc, enum x86_reg dst);
void x86_cmov(struct x86_buf *b, enum x86_cc cc, unsigned size,
              enum x86_reg dst, enum x86_reg src);
void x86_bsr(struct x86_buf *b, unsigned size, enum x86_reg dst,
             enum x86_reg src);
void x86_bsf(struct x86_buf *b, unsigned size, enum x86_reg dst,
             enum x86_reg src);
void x86_popcnt(struct x86_buf *b, unsigned size, enum x86_reg dst,
                enum x86_reg src);
/* Byte swap of a 4- or 8-byte register. */
void x86_bswap(struct x86_buf *b, unsigned size, enum x86_reg r);

/* Atomics (lock-prefixed; xchg with memory is implicitly locked). */
void x86_lock_cmpxchg(struct x86_buf *b, unsigned size, struct x86_mem m,
                      enum x86_reg src);
void x86_lock_xadd(struct x86_buf *b, unsigned size, struct x86_mem m,
                   enum x86_reg src);
void x86_xchg_mr(struct x86_buf *b, unsigned size, struct x86_mem m,
                 enum x86_reg src);
/* lock cmpxchg16b [m]: compares rdx:rax with [m]; equal: [m] = rcx:rbx,
 * else rdx:rax = [m]; ZF = equal. */
void x86_lock_cmpxchg16b(struct x86_buf *b, struct x86_mem m);
void x86_mfence(struct x86_buf *b);

/* Control flow. The rel32 forms return the buffer offset of their rel32
 * field, to be resolved with x86_patch_rel32 (target: a buffer offset). */
size_t x86_jcc_rel32(struct x86_buf *b, enum x86_cc cc);
size_t x86_jmp_rel32(struct x86_buf *b);
void x86_patch_rel32(struct x86_buf *b, size_t field, size_t target);
/* Points a rel32 field at absolute address `target` (live code); atomic
 * for other threads when the field is 4-byte aligned. */
void x86_set_rel32(uint8_t *field, const void *target);
/* Pads with NOPs so that the rel32 field of the instruction emitted next,
 * opcode_len bytes in, lands 4-byte aligned in memory. */
void x86_align_rel32_field(struct x86_buf *b, unsigned opcode_len);
/* Pads with int3 up to an `align`-byte boundary in memory. */
void x86_align(struct x86_buf *b, unsigned align);
/* Scalar double SSE on xmm0..15 (only as scratch: tier 1 keeps no value
 * in an xmm register across IR ops). movq moves the 64 bits unchanged. */
enum x86_sse_sd { X86_ADDSD = 0x58, X86_MULSD = 0x59, X86_SUBSD = 0x5c,
                  X86_DIVSD = 0x5e };
void x86_movq_to_xmm(struct x86_buf *b, unsigned xmm, enum x86_reg src);
void x86_movq_from_xmm(struct x86_buf *b, enum x86_reg dst, unsigned xmm);
void x86_sse_sd(struct x86_buf *b, enum x86_sse_sd op, unsigned dst,
                unsigned src);

/* Any SSE instruction "prefix 0f op /r": prefix 0, 0x66, 0xf2 or 0xf3;
 * reg is an xmm register, or a GPR for the to-integer conversions; the
 * r/m operand memory (_m) or a register, xmm or GPR by the op (_r); rex_w
 * selects the 64-bit integer forms (cvtsi2sd, cvttsd2si...). */
void x86_sse_m(struct x86_buf *b, uint8_t prefix, uint8_t op, bool rex_w,
               unsigned reg, struct x86_mem m);
void x86_sse_r(struct x86_buf *b, uint8_t prefix, uint8_t op, bool rex_w,
               unsigned reg, unsigned rm);
/* ah = SF:ZF:0:AF:0:PF:1:CF */
void x86_lahf(struct x86_buf *b);

/* Pads with one-byte NOPs up to an `align`-byte boundary (code that runs). */
void x86_nop_align(struct x86_buf *b, unsigned align);
/* jmp rel8: two bytes, the short jump a live code patch writes over the
 * first two bytes of an instruction. */
void x86_jmp_rel8(struct x86_buf *b, int8_t rel);
/* A 4-byte data word (little-endian) in the instruction stream. */
void x86_data32(struct x86_buf *b, uint32_t v);
void x86_jmp_r(struct x86_buf *b, enum x86_reg r);
void x86_jmp_m(struct x86_buf *b, struct x86_mem m);
void x86_call_m(struct x86_buf *b, struct x86_mem m);
void x86_push(struct x86_buf *b, enum x86_reg r);
void x86_pop(struct x86_buf *b, enum x86_reg r);
void x86_ret(struct x86_buf *b);

#endif
