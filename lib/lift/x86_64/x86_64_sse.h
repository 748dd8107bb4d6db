/*
 * x86_64_sse.h — the contract between the SSE lifter
 * (x86_64_lift_sse*.c) and the x86_sse helper (lib/lift/ir_x86_sse*.c).
 *
 * Lane-wise SSE/SSE2 instructions lift to one CALL of ir_helper_x86_sse:
 *   dst = x86_sse(ctx, a, b, 0, imm)
 * where imm packs the op id, the state offsets of the destination and the
 * source (an XMM slot, or X86_XTMP_OFF after the lifter copied a memory
 * operand there) and the instruction's imm8 (see x86_sse_imm). No Zydis
 * here: the helper side includes this header too.
 */
#ifndef VM_X86_64_SSE_H
#define VM_X86_64_SSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ir.h"

/*
 * How the lifter feeds an op and uses its result:
 *   XX: dst xmm, src xmm/mem; the helper writes dst.
 *   XG: dst xmm, integer src (GPR or memory) passed in a; imm8 = the
 *       instruction's imm8, else the source size in bytes.
 *   GX: src xmm/mem; the result goes to the GPR destination; imm8 = the
 *       instruction's imm8, else the destination size in bytes.
 *   FL: src xmm/mem compared with dst; the result is RFLAGS' CF, PF, ZF
 *       bits (X86_SSE_FLAG_*), OF, SF, AF are cleared by the lifter.
 */
enum x86_sse_shape { X86_SSE_XX, X86_SSE_XG, X86_SSE_GX, X86_SSE_FL };

#define X86_SSE_FLAG_CF 0x01u
#define X86_SSE_FLAG_PF 0x04u
#define X86_SSE_FLAG_ZF 0x40u

/*
 * The op list: X(NAME, shape, fp). NAME is the Zydis mnemonic the op
 * implements (ZYDIS_MNEMONIC_<NAME>); fp = 1 when it runs under the
 * guest's MXCSR (rounding, DAZ/FTZ, exception flags).
 */
#define X86_SSE_INSN_OPS(X)                                                   \
    /* packed integer arithmetic (ir_x86_sse_int.c) */                        \
    X(PADDB, XX, 0) X(PADDW, XX, 0) X(PADDD, XX, 0)                           \
    X(PSUBB, XX, 0) X(PSUBW, XX, 0) X(PSUBD, XX, 0)                           \
    X(PADDSB, XX, 0) X(PADDSW, XX, 0) X(PADDUSB, XX, 0) X(PADDUSW, XX, 0)     \
    X(PSUBSB, XX, 0) X(PSUBSW, XX, 0) X(PSUBUSB, XX, 0) X(PSUBUSW, XX, 0)     \
    X(PCMPEQB, XX, 0) X(PCMPEQW, XX, 0) X(PCMPEQD, XX, 0)                     \
    X(PCMPGTB, XX, 0) X(PCMPGTW, XX, 0) X(PCMPGTD, XX, 0)                     \
    X(PMINUB, XX, 0) X(PMAXUB, XX, 0) X(PMINSW, XX, 0) X(PMAXSW, XX, 0)       \
    X(PAVGB, XX, 0) X(PAVGW, XX, 0)                                           \
    X(PMULLW, XX, 0) X(PMULHW, XX, 0) X(PMULHUW, XX, 0) X(PMULUDQ, XX, 0)     \
    X(PMADDWD, XX, 0) X(PSADBW, XX, 0)                                        \
    X(PSLLW, XX, 0) X(PSLLD, XX, 0) X(PSLLQ, XX, 0)                           \
    X(PSRLW, XX, 0) X(PSRLD, XX, 0) X(PSRLQ, XX, 0)                           \
    X(PSRAW, XX, 0) X(PSRAD, XX, 0)                                           \
    X(PSLLDQ, XX, 0) X(PSRLDQ, XX, 0)                                         \
    /* pack, unpack, shuffle, insert, extract (ir_x86_sse_shuffle.c) */       \
    X(PACKSSWB, XX, 0) X(PACKSSDW, XX, 0) X(PACKUSWB, XX, 0)                  \
    X(PUNPCKLBW, XX, 0) X(PUNPCKLWD, XX, 0) X(PUNPCKLDQ, XX, 0)               \
    X(PUNPCKLQDQ, XX, 0) X(PUNPCKHBW, XX, 0) X(PUNPCKHWD, XX, 0)              \
    X(PUNPCKHDQ, XX, 0) X(PUNPCKHQDQ, XX, 0)                                  \
    X(UNPCKLPS, XX, 0) X(UNPCKLPD, XX, 0) X(UNPCKHPS, XX, 0)                  \
    X(UNPCKHPD, XX, 0)                                                        \
    X(PSHUFD, XX, 0) X(PSHUFLW, XX, 0) X(PSHUFHW, XX, 0)                      \
    X(SHUFPS, XX, 0) X(SHUFPD, XX, 0)                                         \
    X(PINSRW, XG, 0) X(PEXTRW, GX, 0)                                         \
    X(PMOVMSKB, GX, 0) X(MOVMSKPS, GX, 0) X(MOVMSKPD, GX, 0)                  \
    /* floating-point arithmetic and compares (ir_x86_sse_fp.c) */            \
    X(ADDPS, XX, 1) X(ADDSS, XX, 1) X(ADDPD, XX, 1) X(ADDSD, XX, 1)           \
    X(SUBPS, XX, 1) X(SUBSS, XX, 1) X(SUBPD, XX, 1) X(SUBSD, XX, 1)           \
    X(MULPS, XX, 1) X(MULSS, XX, 1) X(MULPD, XX, 1) X(MULSD, XX, 1)           \
    X(DIVPS, XX, 1) X(DIVSS, XX, 1) X(DIVPD, XX, 1) X(DIVSD, XX, 1)           \
    X(MINPS, XX, 1) X(MINSS, XX, 1) X(MINPD, XX, 1) X(MINSD, XX, 1)           \
    X(MAXPS, XX, 1) X(MAXSS, XX, 1) X(MAXPD, XX, 1) X(MAXSD, XX, 1)           \
    X(SQRTPS, XX, 1) X(SQRTSS, XX, 1) X(SQRTPD, XX, 1) X(SQRTSD, XX, 1)       \
    X(RCPPS, XX, 1) X(RCPSS, XX, 1) X(RSQRTPS, XX, 1) X(RSQRTSS, XX, 1)       \
    X(CMPPS, XX, 1) X(CMPSS, XX, 1) X(CMPPD, XX, 1) X(CMPSD, XX, 1)           \
    X(COMISS, FL, 1) X(COMISD, FL, 1) X(UCOMISS, FL, 1) X(UCOMISD, FL, 1)     \
    /* conversions (ir_x86_sse_cvt.c) */                                      \
    X(CVTSI2SS, XG, 1) X(CVTSI2SD, XG, 1)                                     \
    X(CVTSS2SI, GX, 1) X(CVTTSS2SI, GX, 1)                                    \
    X(CVTSD2SI, GX, 1) X(CVTTSD2SI, GX, 1)                                    \
    X(CVTSS2SD, XX, 1) X(CVTSD2SS, XX, 1)                                     \
    X(CVTDQ2PS, XX, 1) X(CVTDQ2PD, XX, 1) X(CVTPS2DQ, XX, 1)                  \
    X(CVTTPS2DQ, XX, 1) X(CVTPD2DQ, XX, 1) X(CVTTPD2DQ, XX, 1)                \
    X(CVTPS2PD, XX, 1) X(CVTPD2PS, XX, 1)                                     \
    X86_SSE4_INSN_OPS(X)

/*
 * SSE3, SSSE3, SSE4.1 and SSE4.2 ops the generic shapes above lift. m128
 * sources must be 16-byte aligned (legacy SSE), as for SSE2. blendv* and
 * pblendvb read the implicit xmm0 (x86_sse_io.xmm0); ptest's FL result is
 * ZF and CF (PF 0).
 */
#define X86_SSE4_INSN_OPS(X)                                                  \
    /* SSE3 (ir_x86_sse3.c) */                                                \
    X(ADDSUBPS, XX, 1) X(ADDSUBPD, XX, 1) X(HADDPS, XX, 1) X(HADDPD, XX, 1)   \
    X(HSUBPS, XX, 1) X(HSUBPD, XX, 1)                                         \
    X(MOVDDUP, XX, 0) X(MOVSHDUP, XX, 0) X(MOVSLDUP, XX, 0)                   \
    /* SSSE3 (ir_x86_ssse3.c) */                                              \
    X86_SSSE3_OPS(X)                                                          \
    /* SSE4.1 integer ops (ir_x86_sse4_int.c) */                              \
    X(PMULDQ, XX, 0) X(PMULLD, XX, 0) X(PMINSB, XX, 0) X(PMINSD, XX, 0)       \
    X(PMINUW, XX, 0) X(PMINUD, XX, 0) X(PMAXSB, XX, 0) X(PMAXSD, XX, 0)       \
    X(PMAXUW, XX, 0) X(PMAXUD, XX, 0) X(PCMPEQQ, XX, 0) X(PCMPGTQ, XX, 0)     \
    X(PACKUSDW, XX, 0) X(PHMINPOSUW, XX, 0) X(MPSADBW, XX, 0)                 \
    X(PTEST, FL, 0)                                                           \
    /* SSE4.1 blends, inserts (ir_x86_sse4_blend.c) */                        \
    X(BLENDPS, XX, 0) X(BLENDPD, XX, 0) X(PBLENDW, XX, 0)                     \
    X(BLENDVPS, XX, 0) X(BLENDVPD, XX, 0) X(PBLENDVB, XX, 0)                  \
    X(PINSRB, XG, 0) X(PINSRD, XG, 0) X(PINSRQ, XG, 0)                        \
    /* SSE4.1 floating point (ir_x86_sse4_fp.c) */                            \
    X(DPPS, XX, 1) X(DPPD, XX, 1)                                             \
    X(ROUNDPS, XX, 1) X(ROUNDPD, XX, 1) X(ROUNDSS, XX, 1) X(ROUNDSD, XX, 1)

/* SSSE3: the xmm forms here, the mm forms in X86_MMX_OPS. */
#define X86_SSSE3_OPS(X)                                                      \
    X(PSHUFB, XX, 0) X(PHADDW, XX, 0) X(PHADDD, XX, 0) X(PHADDSW, XX, 0)      \
    X(PHSUBW, XX, 0) X(PHSUBD, XX, 0) X(PHSUBSW, XX, 0)                       \
    X(PMADDUBSW, XX, 0) X(PMULHRSW, XX, 0)                                    \
    X(PSIGNB, XX, 0) X(PSIGNW, XX, 0) X(PSIGND, XX, 0)                        \
    X(PABSB, XX, 0) X(PABSW, XX, 0) X(PABSD, XX, 0) X(PALIGNR, XX, 0)

/*
 * SSE4 ops with their own lifting (x86_64_lift_sse4*.c), by shape:
 *   WIDEN: pmovsx/pmovzx, dst xmm, src xmm or an unaligned m16/m32/m64;
 *   INSERTPS: dst xmm, src xmm or m32 (the lifter clears imm8's source
 *     lane bits for m32);
 *   EXTRACT: src xmm, dst GPR or memory; the result is returned;
 *   STRING: pcmp[ei]str[im] xmm1, xmm2/m128 (unaligned), imm8: src1 is
 *     "dst", a = rax and b = rdx sign-extended from 32 bits unless REX.W;
 *     returns X86_STR_FLAG_* | index << X86_STR_INDEX_SHIFT; the mask
 *     forms write xmm0;
 *   CRC32: a = the r/m source, b = the crc, imm8 = source size in bytes;
 *     returns the new crc.
 */
enum x86_sse4_shape { X86_SSE4_WIDEN, X86_SSE4_INSERTPS, X86_SSE4_EXTRACT,
                      X86_SSE4_STRING, X86_SSE4_CRC32 };

#define X86_SSE4_LIFTED_OPS(X)                                                \
    /* ir_x86_sse4_int.c */                                                   \
    X(PMOVSXBW, WIDEN, 0) X(PMOVSXBD, WIDEN, 0) X(PMOVSXBQ, WIDEN, 0)         \
    X(PMOVSXWD, WIDEN, 0) X(PMOVSXWQ, WIDEN, 0) X(PMOVSXDQ, WIDEN, 0)         \
    X(PMOVZXBW, WIDEN, 0) X(PMOVZXBD, WIDEN, 0) X(PMOVZXBQ, WIDEN, 0)         \
    X(PMOVZXWD, WIDEN, 0) X(PMOVZXWQ, WIDEN, 0) X(PMOVZXDQ, WIDEN, 0)         \
    /* ir_x86_sse4_blend.c */                                                 \
    X(INSERTPS, INSERTPS, 0) X(EXTRACTPS, EXTRACT, 0)                         \
    X(PEXTRB, EXTRACT, 0) X(PEXTRD, EXTRACT, 0) X(PEXTRQ, EXTRACT, 0)         \
    /* ir_x86_sse4_string.c, ir_x86_sse4_crc.c */                             \
    X(PCMPESTRI, STRING, 0) X(PCMPESTRM, STRING, 0)                           \
    X(PCMPISTRI, STRING, 0) X(PCMPISTRM, STRING, 0) X(CRC32, CRC32, 0)

/* pcmp*str* results: RFLAGS bit positions, the index (i forms) above. */
#define X86_STR_FLAG_CF 0x001u
#define X86_STR_FLAG_ZF 0x040u
#define X86_STR_FLAG_SF 0x080u
#define X86_STR_FLAG_OF 0x800u
#define X86_STR_INDEX_SHIFT 16

/* Ops no mnemonic names, for fxsave/fxrstor (ir_x86_sse_cvt.c): the x87
 * tag word, full (a) to abridged, and abridged (a) to full with src =
 * the physical registers x86_cpu.st. */
#define X86_SSE_OPS(X)                                                        \
    X86_SSE_INSN_OPS(X) X(FTW_ABRIDGE, GX, 0) X(FTW_EXPAND, GX, 0)           \
    X86_SSE4_LIFTED_OPS(X)

/*
 * The MMX forms (x86_64_lift_mmx*.c; helper side ir_x86_mmx*.c) run in
 * the same helper on 8-byte operands: an mm register (the low 8 bytes of
 * its x87 slot, X86_MM_OFF) or xtmp holding a memory source. Op ids are
 * X86_MMX_<NAME>, functions x86_mmx_op_<NAME>. Shapes:
 *   MM: dst mm, src mm/m64 (or an imm8 shift count put in xtmp);
 *   MG: dst mm, integer src in a (pinsrw);
 *   GM: src mm; the result goes to the GPR destination;
 *   XM: dst xmm, src mm/m64 (cvtpi2ps/pd);
 *   MX: dst mm, src xmm/m64 (ps) or xmm/m128 (pd).
 * Lane-wise ops must not touch the 8 bytes after an mm operand (the x87
 * exponent), and the pack/unpack forms pair the two 8-byte operands, not
 * the halves of 16-byte registers.
 */
#define X86_MMX_OPS(X)                                                        \
    /* arithmetic, compares, shifts (ir_x86_mmx_int.c) */                    \
    X(PADDB, MM, 0) X(PADDW, MM, 0) X(PADDD, MM, 0)                           \
    X(PSUBB, MM, 0) X(PSUBW, MM, 0) X(PSUBD, MM, 0)                           \
    X(PADDSB, MM, 0) X(PADDSW, MM, 0) X(PADDUSB, MM, 0) X(PADDUSW, MM, 0)     \
    X(PSUBSB, MM, 0) X(PSUBSW, MM, 0) X(PSUBUSB, MM, 0) X(PSUBUSW, MM, 0)     \
    X(PCMPEQB, MM, 0) X(PCMPEQW, MM, 0) X(PCMPEQD, MM, 0)                     \
    X(PCMPGTB, MM, 0) X(PCMPGTW, MM, 0) X(PCMPGTD, MM, 0)                     \
    X(PMINUB, MM, 0) X(PMAXUB, MM, 0) X(PMINSW, MM, 0) X(PMAXSW, MM, 0)       \
    X(PAVGB, MM, 0) X(PAVGW, MM, 0)                                           \
    X(PMULLW, MM, 0) X(PMULHW, MM, 0) X(PMULHUW, MM, 0) X(PMULUDQ, MM, 0)     \
    X(PMADDWD, MM, 0) X(PSADBW, MM, 0)                                        \
    X(PSLLW, MM, 0) X(PSLLD, MM, 0) X(PSLLQ, MM, 0)                           \
    X(PSRLW, MM, 0) X(PSRLD, MM, 0) X(PSRLQ, MM, 0)                           \
    X(PSRAW, MM, 0) X(PSRAD, MM, 0)                                           \
    /* pack, unpack, shuffle, insert, extract (ir_x86_mmx_shuffle.c) */      \
    X(PACKSSWB, MM, 0) X(PACKSSDW, MM, 0) X(PACKUSWB, MM, 0)                  \
    X(PUNPCKLBW, MM, 0) X(PUNPCKLWD, MM, 0) X(PUNPCKLDQ, MM, 0)               \
    X(PUNPCKHBW, MM, 0) X(PUNPCKHWD, MM, 0) X(PUNPCKHDQ, MM, 0)               \
    X(PSHUFW, MM, 0) X(PINSRW, MG, 0) X(PEXTRW, GM, 0) X(PMOVMSKB, GM, 0)     \
    /* conversions with packed floats (ir_x86_mmx_cvt.c) */                  \
    X(CVTPI2PS, XM, 1) X(CVTPI2PD, XM, 1)                                     \
    X(CVTPS2PI, MX, 1) X(CVTTPS2PI, MX, 1)                                    \
    X(CVTPD2PI, MX, 1) X(CVTTPD2PI, MX, 1)                                    \
    /* SSSE3 on mm registers (ir_x86_ssse3_mmx.c) */                         \
    X86_SSSE3_MMX_OPS(X)

#define X86_SSSE3_MMX_OPS(X)                                                  \
    X(PSHUFB, MM, 0) X(PHADDW, MM, 0) X(PHADDD, MM, 0) X(PHADDSW, MM, 0)      \
    X(PHSUBW, MM, 0) X(PHSUBD, MM, 0) X(PHSUBSW, MM, 0)                       \
    X(PMADDUBSW, MM, 0) X(PMULHRSW, MM, 0)                                    \
    X(PSIGNB, MM, 0) X(PSIGNW, MM, 0) X(PSIGND, MM, 0)                        \
    X(PABSB, MM, 0) X(PABSW, MM, 0) X(PABSD, MM, 0) X(PALIGNR, MM, 0)

/* mm register n: the low 8 bytes of physical x87 register n. */
#define X86_MM_OFF(n) (offsetof(struct x86_cpu, st) + 16 * (size_t)(n))

enum x86_sse_op {
#define X86_SSE_OP_ENUM(name, shape, fp) X86_SSE_##name,
    X86_SSE_OPS(X86_SSE_OP_ENUM)
#undef X86_SSE_OP_ENUM
#define X86_MMX_OP_ENUM(name, shape, fp) X86_MMX_##name,
    X86_MMX_OPS(X86_MMX_OP_ENUM)
#undef X86_MMX_OP_ENUM
    X86_SSE_NUM_OPS
};

/* imm of the helper call: op in bits 0-15, dst offset 16-31, src offset
 * 32-47, imm8 48-55. State offsets of x86_cpu are far below 64 KiB. */
static inline uint64_t x86_sse_imm(enum x86_sse_op op, uint64_t dst_off,
                                   uint64_t src_off, uint8_t imm8)
{
    return (uint64_t)op | (dst_off & 0xffff) << 16 |
           (src_off & 0xffff) << 32 | (uint64_t)imm8 << 48;
}

/*
 * Helper side: each op is one function over its operands. dst and src
 * point into the CPU state (16 bytes each, little-endian lanes); a is the
 * integer operand of XG ops.
 */
struct x86_sse_io {
    uint8_t *dst;
    const uint8_t *src;
    uint64_t a;
    unsigned imm8;
    uint64_t b;    /* the second integer operand (pcmpestr*: rdx) */
    uint8_t *xmm0; /* the implicit xmm0 of blendv* and pcmp*strm */
};

typedef uint64_t (*x86_sse_fn)(const struct x86_sse_io *io);

/*
 * Guest MXCSR flags raised by inline SSE (ir_host_sse.h) sit in the host
 * thread's MXCSR until the guest reads its MXCSR (README.md, "SSE
 * inline"). x86_mxcsr_sync folds them into cpu->mxcsr and clears them on
 * the host: before any read or write of cpu->mxcsr outside translated
 * code (signal frames, sigreturn). x86_mxcsr_discard drops them when the
 * guest's MXCSR is set afresh (a new program).
 */
struct x86_cpu;
void x86_mxcsr_sync(struct x86_cpu *cpu);
void x86_mxcsr_discard(void);

#define X86_SSE_OP_DECL(name, shape, fp)                                      \
    uint64_t x86_sse_op_##name(const struct x86_sse_io *io);
X86_SSE_OPS(X86_SSE_OP_DECL)
#undef X86_SSE_OP_DECL
#define X86_MMX_OP_DECL(name, shape, fp)                                      \
    uint64_t x86_mmx_op_##name(const struct x86_sse_io *io);
X86_MMX_OPS(X86_MMX_OP_DECL)
#undef X86_MMX_OP_DECL

/*
 * Lifter side (x86_64_lift_sse*.c), shared between its files. i indexes
 * the instruction's operands (struct x86_lift, x86_64_internal.h).
 */
struct x86_lift;

/* The address to use for the first 8-byte access of a 16-byte-aligned
 * operand at addr: addr itself when aligned, else an address that is not
 * 8-byte aligned, so an IR_MEM_ALIGNED access there faults as misaligned
 * (the #GP of a misaligned movaps). Also faults when bad (0 or 1) is 1;
 * bad = 0 means no extra condition. */
ir_temp x86_sse_align16_probe(struct ir_block *b, ir_temp addr, ir_temp bad);
/* The two 8-byte halves of xmm register or m128 operand i; aligned: the
 * memory operand must be 16-byte aligned. */
void x86_sse_read128(struct x86_lift *l, unsigned i, bool aligned,
                     ir_temp *lo, ir_temp *hi);
/* Stores halves to the m128 operand i. */
void x86_sse_store128(struct x86_lift *l, unsigned i, bool aligned,
                      ir_temp lo, ir_temp hi);
/* True when operand i is an XMM register; its number in *n. */
bool x86_sse_is_xmm(const struct x86_lift *l, unsigned i, unsigned *n);
/* The instruction's trailing imm8, or -1 when it has none. */
int x86_sse_imm8(const struct x86_lift *l);

/* Lift functions of x86_64_lift_sse_move.c, x86_64_lift_sse_state.c and
 * x86_64_lift_sse.c (which holds x86_lift_table_sse). */
bool x86_lift_sse_full_move(struct x86_lift *l);
bool x86_lift_sse_int_move(struct x86_lift *l);
bool x86_lift_sse_scalar_move(struct x86_lift *l);
bool x86_lift_sse_half_move(struct x86_lift *l);
bool x86_lift_sse_bitwise(struct x86_lift *l);
bool x86_lift_sse_mxcsr(struct x86_lift *l);
bool x86_lift_sse_fxsave(struct x86_lift *l);
bool x86_lift_sse_fxrstor(struct x86_lift *l);
/* x86_64_lift_sse4*.c: the X86_SSE4_LIFTED_OPS, lddqu, and pextrw (whose
 * SSE4.1 form may store to memory). */
bool x86_lift_sse4_op(struct x86_lift *l);
bool x86_lift_sse4_lddqu(struct x86_lift *l);
bool x86_lift_sse4_pextrw(struct x86_lift *l);

/*
 * MMX lifter side (x86_64_lift_mmx*.c). Every MMX instruction but emms
 * switches the x87 unit to MMX use: TOP = 0, all tags valid; writing mmN
 * also sets the exponent/sign word of physical register N to all ones.
 */
/* True when operand i is an mm register; its number in *n. */
bool x86_mmx_is_mm(const struct x86_lift *l, unsigned i, unsigned *n);
/* The 8 bytes of mm register or m64 operand i. */
ir_temp x86_mmx_read64(struct x86_lift *l, unsigned i);
/* TOP = 0, tags valid: after the instruction's last faulting access. */
void x86_mmx_enter(struct ir_block *b);
/* Marks mm n written (exponent word all ones); its 8 bytes are set by
 * the caller (x86_mmx_put) or by the helper. */
void x86_mmx_mark_written(struct ir_block *b, unsigned n);
/* mm n = v, marked written. */
void x86_mmx_put(struct ir_block *b, unsigned n, ir_temp v);

/* Lift functions of x86_64_lift_mmx_move.c and x86_64_lift_mmx.c (which
 * holds x86_lift_table_mmx). */
bool x86_lift_mmx_move(struct x86_lift *l);
bool x86_lift_mmx_xmm_move(struct x86_lift *l);
bool x86_lift_mmx_store(struct x86_lift *l);
bool x86_lift_mmx_maskmovq(struct x86_lift *l);
bool x86_lift_mmx_bitwise(struct x86_lift *l);
bool x86_lift_mmx_emms(struct x86_lift *l);

#endif
