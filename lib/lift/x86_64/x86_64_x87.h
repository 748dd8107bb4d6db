/*
 * x86_64_x87.h — the contract between the x87 lifter (x86_64_lift_x87*.c)
 * and the x86_x87 helper (lib/lift/ir_x86_x87*.c).
 *
 * Every x87 computation lifts to one CALL of ir_helper_x86_x87:
 *   r = x86_x87(ctx, a, 0, 0, x86_x87_imm(op, i, pops))
 * where i is the st(i) operand and pops how many times the op pops the
 * stack. Memory operands travel through the xtmp scratch slot: the lifter
 * LOADs a source there before the call and STOREs a result from there
 * after it, so the helper never touches guest memory and faults stay
 * precise. A store therefore takes two calls: the STORE op fills xtmp and
 * returns the new status word without changing any state; after the
 * lifter's stores, COMMIT (a = that status word) writes it and pops.
 *
 * The helper runs each arithmetic op on the host's own x87 unit under the
 * guest's control word (rounding, precision; exceptions masked), so
 * results, NaNs, denormals and status bits are the hardware's. No Zydis
 * here: the helper side includes this header too.
 */
#ifndef VM_X86_64_X87_H
#define VM_X86_64_X87_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "x86_64_state.h"

/*
 * What an op does with the register stack (helper side):
 *   PUSH:    pushes the host result (loads from xtmp, constants)
 *   STORE:   converts st0 into xtmp; no state change (see COMMIT)
 *   ST0_MEM: st0 = st0 op xtmp
 *   ST0_STI: st0 = st0 op st(i)
 *   STI_ST0: st(i) = st(i) op st0, then pops
 *   UNARY:   st0 = f(st0, st1)
 *   TO_ST1:  st1 = f(st0, st1), then pops once (fyl2x, fpatan)
 *   SPLIT:   st0 = second result, pushes the first unless C2 (fptan)
 *   COMPARE: C0 C2 C3 from st0 vs st(i)/xtmp/0; returns them as RFLAGS'
 *            CF PF ZF (X86_X87_FLAG_*), then pops
 *   COMI:    as COMPARE, but C0..C3 stay: only RFLAGS changes
 *   XAM:     classifies st0 (empty included)
 *   MISC:    done in C without the host FPU (moves, tags, TOP)
 * cond says which of C0..C3 the op defines (the others stay as they are):
 * C1, C12 (C1 and C2) or ALL.
 */
#define X86_X87_FLAG_CF 0x01u
#define X86_X87_FLAG_PF 0x04u
#define X86_X87_FLAG_ZF 0x40u

/*
 * The op list: X(NAME, form, cond, host instruction). The host
 * instruction runs with st0 = the op's first register operand, st1 = its
 * second (st(i) or the real st1) and %[p] pointing at xtmp. Register-
 * register arithmetic is spelled as bytes: AT&T mnemonics swap fsub/fsubr
 * in the st(i) forms.
 */
#define X86_X87_HOST_OPS(X)                                                   \
    X(FLD_M32, PUSH, C1, "flds (%[p])")                                       \
    X(FLD_M64, PUSH, C1, "fldl (%[p])")                                       \
    X(FLD_M80, PUSH, C1, "fldt (%[p])")                                       \
    X(FILD_M16, PUSH, C1, "filds (%[p])")                                     \
    X(FILD_M32, PUSH, C1, "fildl (%[p])")                                     \
    X(FILD_M64, PUSH, C1, "fildll (%[p])")                                    \
    X(FLD1, PUSH, C1, "fld1") X(FLDZ, PUSH, C1, "fldz")                       \
    X(FLDPI, PUSH, C1, "fldpi") X(FLDL2E, PUSH, C1, "fldl2e")                 \
    X(FLDLN2, PUSH, C1, "fldln2") X(FLDL2T, PUSH, C1, "fldl2t")               \
    X(FLDLG2, PUSH, C1, "fldlg2")                                             \
    X(FST_M32, STORE, C1, "fstps (%[p])")                                     \
    X(FST_M64, STORE, C1, "fstpl (%[p])")                                     \
    X(FST_M80, STORE, C1, "fstpt (%[p])")                                     \
    X(FIST_M16, STORE, C1, "fistps (%[p])")                                   \
    X(FIST_M32, STORE, C1, "fistpl (%[p])")                                   \
    X(FIST_M64, STORE, C1, "fistpll (%[p])")                                  \
    X(FISTT_M16, STORE, C1, "fisttps (%[p])")                                 \
    X(FISTT_M32, STORE, C1, "fisttpl (%[p])")                                 \
    X(FISTT_M64, STORE, C1, "fisttpll (%[p])")                                \
    X(FADD_M32, ST0_MEM, C1, "fadds (%[p])")                                  \
    X(FADD_M64, ST0_MEM, C1, "faddl (%[p])")                                  \
    X(FIADD_M16, ST0_MEM, C1, "fiadds (%[p])")                                \
    X(FIADD_M32, ST0_MEM, C1, "fiaddl (%[p])")                                \
    X(FMUL_M32, ST0_MEM, C1, "fmuls (%[p])")                                  \
    X(FMUL_M64, ST0_MEM, C1, "fmull (%[p])")                                  \
    X(FIMUL_M16, ST0_MEM, C1, "fimuls (%[p])")                                \
    X(FIMUL_M32, ST0_MEM, C1, "fimull (%[p])")                                \
    X(FSUB_M32, ST0_MEM, C1, "fsubs (%[p])")                                  \
    X(FSUB_M64, ST0_MEM, C1, "fsubl (%[p])")                                  \
    X(FISUB_M16, ST0_MEM, C1, "fisubs (%[p])")                                \
    X(FISUB_M32, ST0_MEM, C1, "fisubl (%[p])")                                \
    X(FSUBR_M32, ST0_MEM, C1, "fsubrs (%[p])")                                \
    X(FSUBR_M64, ST0_MEM, C1, "fsubrl (%[p])")                                \
    X(FISUBR_M16, ST0_MEM, C1, "fisubrs (%[p])")                              \
    X(FISUBR_M32, ST0_MEM, C1, "fisubrl (%[p])")                              \
    X(FDIV_M32, ST0_MEM, C1, "fdivs (%[p])")                                  \
    X(FDIV_M64, ST0_MEM, C1, "fdivl (%[p])")                                  \
    X(FIDIV_M16, ST0_MEM, C1, "fidivs (%[p])")                                \
    X(FIDIV_M32, ST0_MEM, C1, "fidivl (%[p])")                                \
    X(FDIVR_M32, ST0_MEM, C1, "fdivrs (%[p])")                                \
    X(FDIVR_M64, ST0_MEM, C1, "fdivrl (%[p])")                                \
    X(FIDIVR_M16, ST0_MEM, C1, "fidivrs (%[p])")                              \
    X(FIDIVR_M32, ST0_MEM, C1, "fidivrl (%[p])")                              \
    X(FADD_ST0, ST0_STI, C1, ".byte 0xd8, 0xc1")  /* fadd st0, st1 */         \
    X(FMUL_ST0, ST0_STI, C1, ".byte 0xd8, 0xc9")  /* fmul st0, st1 */         \
    X(FSUB_ST0, ST0_STI, C1, ".byte 0xd8, 0xe1")  /* fsub st0, st1 */         \
    X(FSUBR_ST0, ST0_STI, C1, ".byte 0xd8, 0xe9") /* fsubr st0, st1 */        \
    X(FDIV_ST0, ST0_STI, C1, ".byte 0xd8, 0xf1")  /* fdiv st0, st1 */         \
    X(FDIVR_ST0, ST0_STI, C1, ".byte 0xd8, 0xf9") /* fdivr st0, st1 */        \
    X(FADD_STI, STI_ST0, C1, ".byte 0xdc, 0xc1")  /* fadd st1, st0 */         \
    X(FMUL_STI, STI_ST0, C1, ".byte 0xdc, 0xc9")  /* fmul st1, st0 */         \
    X(FSUB_STI, STI_ST0, C1, ".byte 0xdc, 0xe9")  /* fsub st1, st0 */         \
    X(FSUBR_STI, STI_ST0, C1, ".byte 0xdc, 0xe1") /* fsubr st1, st0 */        \
    X(FDIV_STI, STI_ST0, C1, ".byte 0xdc, 0xf9")  /* fdiv st1, st0 */         \
    X(FDIVR_STI, STI_ST0, C1, ".byte 0xdc, 0xf1") /* fdivr st1, st0 */        \
    X(FCHS, UNARY, C1, "fchs") X(FABS, UNARY, C1, "fabs")                     \
    X(FSQRT, UNARY, C1, "fsqrt") X(FRNDINT, UNARY, C1, "frndint")             \
    X(F2XM1, UNARY, C1, "f2xm1") X(FSCALE, UNARY, C1, "fscale")               \
    X(FSIN, UNARY, C12, "fsin") X(FCOS, UNARY, C12, "fcos")                   \
    X(FPREM, UNARY, ALL, "fprem") X(FPREM1, UNARY, ALL, "fprem1")             \
    X(FYL2X, TO_ST1, C1, "fyl2x") X(FYL2XP1, TO_ST1, C1, "fyl2xp1")           \
    X(FPATAN, TO_ST1, C1, "fpatan")                                           \
    X(FPTAN, SPLIT, C12, "fptan") X(FSINCOS, SPLIT, C12, "fsincos")           \
    X(FXTRACT, SPLIT, C1, "fxtract")                                          \
    X(FCOM_ST, COMPARE, ALL, ".byte 0xd8, 0xd1")  /* fcom st1 */              \
    X(FUCOM_ST, COMPARE, ALL, ".byte 0xdd, 0xe1") /* fucom st1 */             \
    X(FCOM_M32, COMPARE, ALL, "fcoms (%[p])")                                 \
    X(FCOM_M64, COMPARE, ALL, "fcoml (%[p])")                                 \
    X(FICOM_M16, COMPARE, ALL, "ficoms (%[p])")                               \
    X(FICOM_M32, COMPARE, ALL, "ficoml (%[p])")                               \
    X(FTST, COMPARE, ALL, "ftst")                                             \
    X(FCOMI, COMI, C1, ".byte 0xd8, 0xd1")  /* as fcom st1 */                 \
    X(FUCOMI, COMI, C1, ".byte 0xdd, 0xe1") /* as fucom st1 */                \
    X(FXAM, XAM, ALL, "fxam")

/* Ops done without the host FPU (ir_x86_x87_misc.c). */
#define X86_X87_MISC_OPS(X)                                                   \
    X(FLD_ST, MISC, C1, "")  /* push st(i) */                                 \
    X(FST_ST, MISC, C1, "")  /* st(i) = st0, then pops */                     \
    X(FXCH, MISC, C1, "")                                                     \
    X(FFREE, MISC, C1, "")   /* tag st(i) empty, then pops (ffreep) */        \
    X(FINCSTP, MISC, C1, "") X(FDECSTP, MISC, C1, "")                         \
    X(FCMOV, MISC, C1, "")   /* st0 = st(i) when a != 0 */                    \
    X(COMMIT, MISC, C1, "")  /* fsw = a, then pops (after a STORE) */         \
    X(TAGS, MISC, C1, "")    /* ftw = a, non-empty tags recomputed */

#define X86_X87_OPS(X) X86_X87_HOST_OPS(X) X86_X87_MISC_OPS(X)

enum x86_x87_op {
#define X86_X87_OP_ENUM(name, form, cond, insn) X86_X87_##name,
    X86_X87_OPS(X86_X87_OP_ENUM)
#undef X86_X87_OP_ENUM
    X86_X87_NUM_OPS
};

enum x86_x87_form {
    X86_X87_PUSH, X86_X87_STORE, X86_X87_ST0_MEM, X86_X87_ST0_STI,
    X86_X87_STI_ST0, X86_X87_UNARY, X86_X87_TO_ST1, X86_X87_SPLIT,
    X86_X87_COMPARE, X86_X87_COMI, X86_X87_XAM, X86_X87_MISC,
};

/* imm of the helper call: op in bits 0-7, st(i) in 8-10, pops in 12-13. */
static inline uint64_t x86_x87_imm(enum x86_x87_op op, unsigned i,
                                   unsigned pops)
{
    return (uint64_t)op | (uint64_t)(i & 7) << 8 | (uint64_t)(pops & 3) << 12;
}

/* Status word bits (Intel SDM vol. 1, 8.1.3); TOP lives in x86_cpu.ftop. */
#define X86_FSW_IE 0x0001u
#define X86_FSW_EXC 0x003fu /* IE DE ZE OE UE PE */
#define X86_FSW_SF 0x0040u
#define X86_FSW_ES 0x0080u
#define X86_FSW_C0 0x0100u
#define X86_FSW_C1 0x0200u
#define X86_FSW_C2 0x0400u
#define X86_FSW_TOP 0x3800u
#define X86_FSW_C3 0x4000u
#define X86_FSW_B 0x8000u
#define X86_FSW_TOP_SHIFT 11

/* Tags in the full tag word, 2 bits per physical register. */
enum x86_x87_tag { X86_TAG_VALID, X86_TAG_ZERO, X86_TAG_SPECIAL,
                   X86_TAG_EMPTY };

/* The tag an 80-bit value (10 bytes, little-endian) gets when written. */
enum x86_x87_tag x86_x87_classify(const uint8_t *reg);

/* State offsets the lifter addresses directly. */
#define X86_FCW_OFF offsetof(struct x86_cpu, fcw)
#define X86_FSW_OFF offsetof(struct x86_cpu, fsw)
#define X86_FTW_OFF offsetof(struct x86_cpu, ftw)
#define X86_FTOP_OFF offsetof(struct x86_cpu, ftop)
#define X86_ST_OFF(p) (offsetof(struct x86_cpu, st) + 16 * (size_t)(p))

/*
 * Helper side (ir_x86_x87*.c). A host op runs its instruction with st0 =
 * in0, st1 = in1 and %[p] = mem under control word cw, then stores the
 * host's st0 and st1 in out0/out1 and its status word in sw.
 */
struct x86_x87_host_io {
    uint8_t in0[16], in1[16], out0[16], out1[16];
    uint8_t *mem;
    uint16_t cw, sw;
};
typedef void (*x86_x87_host_fn)(struct x86_x87_host_io *io);
extern const x86_x87_host_fn x86_x87_host_ops[X86_X87_NUM_OPS];

/* The register stack (ir_x86_x87_stack.c); i is relative to TOP. */
unsigned x86_x87_tag(const struct x86_cpu *c, unsigned i);
bool x86_x87_empty(const struct x86_cpu *c, unsigned i);
/* st(i), or the indefinite QNaN when it is empty. */
void x86_x87_read(const struct x86_cpu *c, unsigned i, uint8_t out[16]);
/* st(i) = v (10 bytes), tagged by its class. */
void x86_x87_write(struct x86_cpu *c, unsigned i, const uint8_t *v);
/* Pushes v; onto a non-empty register it pushes the indefinite QNaN and
 * returns false (stack overflow). */
bool x86_x87_push(struct x86_cpu *c, const uint8_t *v);
void x86_x87_pop(struct x86_cpu *c);
extern const uint8_t x86_x87_indefinite[16];
/* fsw with IE and SF set, C1 = overflow: a stack fault. */
uint16_t x86_x87_stack_fault(uint16_t fsw, bool overflow);
/* fsw with ES and B following its unmasked exceptions under fcw. */
uint16_t x86_x87_summary(uint16_t fsw, uint16_t fcw);
/* The MISC ops (ir_x86_x87_misc.c). */
uint64_t x86_x87_misc(struct x86_cpu *c, enum x86_x87_op op, unsigned i,
                      unsigned pops, uint64_t a);

/* Lifter side (x86_64_lift_x87*.c). */
struct x86_lift;
bool x86_lift_x87_control(struct x86_lift *l); /* fnstcw fldcw fnstsw ... */
bool x86_lift_x87_env(struct x86_lift *l);     /* fnstenv fldenv */
bool x86_lift_x87_save(struct x86_lift *l);    /* fnsave frstor */
/* One helper call; unused a is a defined 0. */
ir_temp x86_x87_call(struct ir_block *b, enum x86_x87_op op, unsigned i,
                     unsigned pops, ir_temp a);

#endif
