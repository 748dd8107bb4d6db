/*
 * aarch64_state.h — the AArch64 guest's CPU state, and the AdvSIMD
 * operations the a64_simd helper (lib/lift/ir_a64_simd.c) runs on it.
 * Without the generated decoder tables, so vm_ir can include it.
 */
#ifndef VM_AARCH64_STATE_H
#define VM_AARCH64_STATE_H

#include <stddef.h>
#include <stdint.h>

#include "ir.h"

/*
 * Guest CPU state: struct ir_ctx first. x[31] is sp (register number 31
 * means sp or zr by instruction; the lifter decides). NZCV lives in four
 * words holding 0 or 1 each, so a condition is a few IR ops and the
 * dead-flag pass can delete each flag's writes on its own.
 */
struct a64_cpu {
    struct ir_ctx ctx;
    uint64_t x[32];
    uint64_t flag_n, flag_z, flag_c, flag_v;
    uint64_t tpidr;   /* TPIDR_EL0: the thread pointer */
    uint64_t fpcr, fpsr;
    uint8_t v[32][16]; /* AdvSIMD/FP registers, little-endian */
};

#define A64_X_OFF(n) (offsetof(struct a64_cpu, x) + 8 * (size_t)(n))
#define A64_V_OFF(n) (offsetof(struct a64_cpu, v) + 16 * (size_t)(n))
#define A64_OFF(field) offsetof(struct a64_cpu, field)
#define A64_SP 31

/*
 * The vector operations of IR_H_a64_simd: imm = A64_SIMD_<op> << 32 | the
 * instruction word, from which the helper takes registers, Q and the
 * element size; operand a is the general register an instruction reads,
 * the result the one it writes.
 */
#define A64_SIMD_OPS(X)                                                        \
    X(DUP)      /* dup Vd.T, Rn */                                             \
    X(UMOV)     /* umov/mov Rd, Vn.T[i] (result) */                            \
    X(CMEQ)     /* cmeq Vd.T, Vn.T, Vm.T */                                    \
    X(CMEQZ)    /* cmeq Vd.T, Vn.T, #0 */                                      \
    X(CMHS)     /* cmhs Vd.T, Vn.T, Vm.T */                                    \
    X(UMAXP) X(UMINP) X(ADDP)                                                  \
    X(LOGIC)    /* and, bic, orr, orn, eor, bsl, bit, bif (U:opc) */           \
    X(SHRN)     /* shrn, shrn2 */                                              \
    X(MODIMM)   /* movi, mvni, orr, bic with a modified immediate */          \
    X(EXT)      /* ext Vd.T, Vn.T, Vm.T, #index */

/* AdvSIMDExpandImm: the 64-bit pattern of op, cmode and imm8 (shared by
 * the helper and the disassembler). */
uint64_t a64_simd_expand_imm(unsigned op, unsigned cmode, unsigned imm8);

/*
 * The scalar FP classes of IR_H_a64_fp (lib/lift/ir_a64_fp.c): imm =
 * A64_FP_<class> << 32 | the instruction word, which says the registers,
 * the type (bits 23:22) and the operation; operand a is the general
 * register or condition the class reads, the result the general register
 * or NZCV (N << 3 | Z << 2 | C << 1 | V) it writes. The helper reads
 * FPCR (RMode, FZ, DN) and ORs FPSR's cumulative flags.
 */
#define A64_FP_OPS(X)                                                          \
    X(ARITH2)   /* fmul fdiv fadd fsub fmax fmin fmaxnm fminnm fnmul */        \
    X(ARITH1)   /* fsqrt, fcvt (s <-> d), frint{n,p,m,z,a,x,i} */              \
    X(FMA)      /* fmadd fmsub fnmadd fnmsub */                                \
    X(CMP)      /* fcmp, fcmpe: the result is NZCV */                          \
    X(CCMP)     /* fccmp, fccmpe: a = the condition holds */                   \
    X(TO_INT)   /* fcvt{n,p,m,z,a}{s,u} to Wd/Xd: the result */               \
    X(FROM_INT) /* scvtf, ucvtf: a = Wn/Xn */

enum a64_fp_op {
#define A64_FP_ENUM(name) A64_FP_##name,
    A64_FP_OPS(A64_FP_ENUM)
#undef A64_FP_ENUM
};

enum a64_simd_op {
#define A64_SIMD_ENUM(name) A64_SIMD_##name,
    A64_SIMD_OPS(A64_SIMD_ENUM)
#undef A64_SIMD_ENUM
};

#endif
