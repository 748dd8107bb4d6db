/*
 * ir.h — the guest-neutral intermediate representation.
 *
 * Every guest decoder (lib/lift/<arch>) turns guest machine code into IR
 * blocks; every back end (interpreter, tier-1 emitter, LLVM) consumes them.
 * The interpreter (lib/runtime/interp.c) is the executable definition of
 * each op; the comments below are its summary.
 *
 * Shape of a block:
 *   - a flat array of ir_insn; values live in temps (t1..tN, t0 is "none"),
 *     each temp written exactly once (SSA within the block);
 *   - all values are 64 bits; ops with a `size` operate on the low `size`
 *     bytes and zero-extend their result (x86 and AArch64 32-bit semantics;
 *     RISC-V *W ops add an explicit SEXT);
 *   - guest registers live in the CPU state, a byte array whose first part
 *     is struct ir_ctx; GET/PUT address it by byte offset and size, which
 *     also covers x86 partial registers (AH is offset+1, size 1);
 *   - INSN marks the start of each guest instruction (its pc and length) so
 *     a fault inside it is reported with the exact guest pc; lifters write
 *     guest state only after every access of that instruction that can
 *     fault, so state at a fault is the state before the instruction;
 *   - EXIT_IF is a side exit; the block ends with exactly one of EXIT_JUMP,
 *     EXIT_INDIRECT or EXIT_TRAP.
 */
#ifndef VM_IR_H
#define VM_IR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Op flags. */
#define IR_F_DST    0x01 /* writes dst */
#define IR_F_MEM    0x02 /* touches guest memory: may fault */
#define IR_F_HELPER 0x04 /* calls a C helper: the only ops allowed to */
#define IR_F_EXIT   0x08 /* leaves the block (side exit or terminator) */
#define IR_F_TERM   0x10 /* ends the block */
#define IR_F_STATE  0x20 /* reads or writes the CPU state */

/*
 * The one op list: X(name, number of temp operands, flags).
 * Operands are a, b, c (temps) and imm (64-bit constant).
 */
#define IR_OPS(X)                                                              \
    X(INSN, 0, 0)                  /* guest insn at pc=imm, size=length */     \
    X(CONST, 0, IR_F_DST)          /* dst = imm */                             \
    X(GET, 0, IR_F_DST | IR_F_STATE)     /* dst = zext(state[imm], size) */    \
    X(PUT, 1, IR_F_STATE)          /* state[imm] = low size bytes of a */      \
    X(LOAD, 1, IR_F_DST | IR_F_MEM) /* dst = mem[a], size; aux IR_LD_SIGNED */ \
    X(STORE, 2, IR_F_MEM)          /* mem[a] = low size bytes of b */          \
    X(ADD, 2, IR_F_DST)                                                        \
    X(SUB, 2, IR_F_DST)                                                        \
    X(MUL, 2, IR_F_DST)                                                        \
    X(MULHS, 2, IR_F_DST)          /* high half of signed*signed */            \
    X(MULHU, 2, IR_F_DST)          /* high half of unsigned*unsigned */        \
    X(MULHSU, 2, IR_F_DST)         /* high half of signed a * unsigned b */    \
    X(DIVS, 2, IR_F_DST)           /* x/0 = -1, MIN/-1 = MIN (size-wide) */    \
    X(DIVU, 2, IR_F_DST)           /* x/0 = all ones */                        \
    X(REMS, 2, IR_F_DST)           /* x%0 = x, MIN%-1 = 0 */                   \
    X(REMU, 2, IR_F_DST)           /* x%0 = x */                               \
    X(AND, 2, IR_F_DST)                                                        \
    X(OR, 2, IR_F_DST)                                                         \
    X(XOR, 2, IR_F_DST)                                                        \
    X(SHL, 2, IR_F_DST)            /* shift count masked to size*8-1 */        \
    X(SHR, 2, IR_F_DST)                                                        \
    X(SAR, 2, IR_F_DST)                                                        \
    X(ROL, 2, IR_F_DST)                                                        \
    X(ROR, 2, IR_F_DST)                                                        \
    X(CLZ, 1, IR_F_DST)            /* of size*8 bits; 0 input gives size*8 */  \
    X(CTZ, 1, IR_F_DST)                                                        \
    X(POPCNT, 1, IR_F_DST)                                                     \
    X(PARITY, 1, IR_F_DST)         /* 1 if low byte has even parity (x86 PF) */\
    X(BSWAP, 1, IR_F_DST)                                                      \
    X(SEXT, 1, IR_F_DST)           /* sign-extend low size bytes to 64 */      \
    X(ZEXT, 1, IR_F_DST)           /* zero-extend low size bytes to 64 */      \
    X(EQ, 2, IR_F_DST)             /* comparisons give 0 or 1 */               \
    X(NE, 2, IR_F_DST)                                                         \
    X(LTS, 2, IR_F_DST)                                                        \
    X(LTU, 2, IR_F_DST)                                                        \
    X(LES, 2, IR_F_DST)                                                        \
    X(LEU, 2, IR_F_DST)                                                        \
    X(SELECT, 3, IR_F_DST)         /* dst = a ? b : c */                       \
    X(AMO, 2, IR_F_DST | IR_F_MEM) /* dst = mem[a]; mem[a] = dst <aux> b */   \
    X(CAS, 3, IR_F_DST | IR_F_MEM) /* dst = mem[a]; if dst==b: mem[a] = c */  \
    /* 16-byte CAS, size 16, aux IR_MEM_ALIGNED: state[imm, +16) holds the  */ \
    /* expected and state[imm+16, +16) the desired value (low qword first); */ \
    /* atomically: if mem[a] == expected, mem[a] = desired; state[imm] =    */ \
    /* the old mem[a] either way; dst = 1 if stored. Always a write access. */ \
    X(CAS16, 1, IR_F_DST | IR_F_MEM | IR_F_STATE)                              \
    X(FENCE, 0, 0)                 /* memory barrier */                        \
    X(CALL, 3, IR_F_DST | IR_F_HELPER | IR_F_STATE) /* dst = helper aux */    \
    X(EXIT_IF, 1, IR_F_EXIT)       /* if a: pc = imm, leave */                 \
    X(EXIT_JUMP, 0, IR_F_EXIT | IR_F_TERM)     /* pc = imm */                  \
    X(EXIT_INDIRECT, 1, IR_F_EXIT | IR_F_TERM) /* pc = a */                    \
    X(EXIT_TRAP, 0, IR_F_EXIT | IR_F_TERM)     /* pc = imm, reason aux */

enum ir_op {
#define IR_OP_ENUM(name, nargs, flags) IR_##name,
    IR_OPS(IR_OP_ENUM)
#undef IR_OP_ENUM
    IR_NUM_OPS
};

/* aux of LOAD */
#define IR_LD_SIGNED 1
/* aux bit of LOAD, STORE, AMO, CAS and CAS16: the address must be naturally
 * aligned, else the access faults as misaligned (atomics: SIGBUS). */
#define IR_MEM_ALIGNED 0x80

/* aux of AMO */
enum ir_amo {
    IR_AMO_SWAP, IR_AMO_ADD, IR_AMO_AND, IR_AMO_OR, IR_AMO_XOR,
    IR_AMO_MINS, IR_AMO_MAXS, IR_AMO_MINU, IR_AMO_MAXU,
};

/* aux of EXIT_TRAP: why the block hands control to the runtime. */
#define IR_TRAPS(X)                                                             \
    X(SYSCALL)      /* pc = next insn; runtime runs the guest's system call */  \
    X(ILLEGAL)      /* pc = the undecodable or unimplemented insn */            \
    X(BREAKPOINT)   /* pc = the breakpoint insn */                              \
    X(FLUSH_ICACHE) /* pc = next insn; drop translations (fence.i) */           \
    X(FETCH_FAULT)  /* pc = first byte that cannot be fetched */             \
    X(DIVIDE_ERROR) /* pc = the insn; integer divide error (SIGFPE) */       \
    X(PRIVILEGED)   /* pc = the insn; needs kernel privilege (SIGSEGV) */

enum ir_trap {
#define IR_TRAP_ENUM(name) IR_TRAP_##name,
    IR_TRAPS(IR_TRAP_ENUM)
#undef IR_TRAP_ENUM
    IR_NUM_TRAPS
};

/* IEEE rounding modes (RISC-V encoding; DYN = use ctx->frm). */
enum ir_rm { IR_RM_RNE = 0, IR_RM_RTZ = 1, IR_RM_RDN = 2, IR_RM_RUP = 3,
             IR_RM_RMM = 4, IR_RM_DYN = 7 };

/* Accumulated IEEE exception flags in ctx->fflags (RISC-V bit order). */
enum ir_fflag { IR_FF_NX = 1, IR_FF_UF = 2, IR_FF_OF = 4, IR_FF_DZ = 8,
                IR_FF_NV = 16 };

/*
 * The head of every guest's CPU state. Back ends and helpers know only
 * this; the guest's registers follow it at offsets its lifter chooses.
 */
struct ir_ctx {
    uint64_t pc;         /* guest pc: of the next block, or of a fault */
    uint64_t mem_base;   /* host address of guest address 0 */
    uint64_t mem_limit;  /* guest addresses must be < mem_limit */
    uint64_t mem_pages;  /* host address of the arena's page table: one
                            byte per guest page (IR_PAGE_*), or 0 */
    uint32_t fflags;     /* IEEE exceptions (ir_fflag), sticky */
    uint32_t frm;        /* dynamic rounding mode (ir_rm) */
    uint64_t resv_addr;  /* LR/SC reservation address, ~0 when none */
    uint64_t resv_val;   /* value seen by the reserving load */
    uint64_t resv_size;
    uint32_t poll;       /* nonzero: translated code returns to the runtime
                            at its next block entry (signals, limits) */
};

#define IR_CTX_OFF(field) offsetof(struct ir_ctx, field)

/* The page table at ctx->mem_pages, as compiled code reads it: an access
 * may go straight to the host page when the page's byte says so (a read:
 * byte & IR_PAGE_READABLE nonzero; a write: byte & IR_PAGE_WRITE_MASK ==
 * IR_PAGE_WRITE_OK); otherwise it takes the careful path, where a host
 * fault is expected and the guest state is in memory. The softmmu owns
 * the other bits (write-protected code pages, write tracking). */
#define IR_PAGE_SHIFT 12
#define IR_PAGE_READABLE 0x07u
#define IR_PAGE_WRITE_MASK 0x52u
#define IR_PAGE_WRITE_OK 0x02u
#define IR_NO_RESERVATION UINT64_MAX

/*
 * Helpers: the complicated or rare operations, called by CALL with aux =
 * the helper's id. X(name, number of temp operands used, state) where
 * state = 1 when the helper reads or writes guest registers in the CPU
 * state beyond struct ir_ctx (back ends then write cached registers back
 * before the call and forget them after it). Each is
 *   uint64_t ir_helper_<name>(struct ir_ctx *, uint64_t a, uint64_t b,
 *                             uint64_t c, uint64_t imm)
 * Floating-point helpers take IEEE bit patterns, read imm as the rounding
 * mode (ir_rm), accumulate exceptions in ctx->fflags and return RISC-V's
 * canonical NaN for invalid results (_s results are NaN-boxed by the lifter,
 * not by the helper). Conversions to integers saturate as RISC-V does.
 */
#define IR_HELPERS(X)                                                          \
    X(fadd_s, 2, 0) X(fsub_s, 2, 0) X(fmul_s, 2, 0) X(fdiv_s, 2, 0)            \
    X(fsqrt_s, 1, 0) X(fmin_s, 2, 0) X(fmax_s, 2, 0)                           \
    X(fmadd_s, 3, 0) X(fmsub_s, 3, 0) X(fnmadd_s, 3, 0) X(fnmsub_s, 3, 0)      \
    X(feq_s, 2, 0) X(flt_s, 2, 0) X(fle_s, 2, 0) X(fclass_s, 1, 0)             \
    X(fadd_d, 2, 0) X(fsub_d, 2, 0) X(fmul_d, 2, 0) X(fdiv_d, 2, 0)            \
    X(fsqrt_d, 1, 0) X(fmin_d, 2, 0) X(fmax_d, 2, 0)                           \
    X(fmadd_d, 3, 0) X(fmsub_d, 3, 0) X(fnmadd_d, 3, 0) X(fnmsub_d, 3, 0)      \
    X(feq_d, 2, 0) X(flt_d, 2, 0) X(fle_d, 2, 0) X(fclass_d, 1, 0)             \
    X(fcvt_w_s, 1, 0) X(fcvt_wu_s, 1, 0) X(fcvt_l_s, 1, 0) X(fcvt_lu_s, 1, 0)  \
    X(fcvt_s_w, 1, 0) X(fcvt_s_wu, 1, 0) X(fcvt_s_l, 1, 0) X(fcvt_s_lu, 1, 0)  \
    X(fcvt_w_d, 1, 0) X(fcvt_wu_d, 1, 0) X(fcvt_l_d, 1, 0) X(fcvt_lu_d, 1, 0)  \
    X(fcvt_d_w, 1, 0) X(fcvt_d_wu, 1, 0) X(fcvt_d_l, 1, 0) X(fcvt_d_lu, 1, 0)  \
    X(fcvt_s_d, 1, 0) X(fcvt_d_s, 1, 0)                                        \
    X(rdtime, 0, 0)    /* host CLOCK_MONOTONIC in 10 MHz ticks (riscv) */      \
    X(rdcycle, 0, 0)   /* a monotonic cycle-like counter */                    \
    /* x86-64 (ir_x86_*.c): guest registers are x86_64_state.h's */          \
    X(x86_cpuid, 0, 1) /* eax, ecx in; eax..edx out, from X86_FEATURES */     \
    X(x86_div, 1, 1)   /* rDX:rAX / a -> rAX, rDX; imm = size, 0x100 signed; */ \
                       /* returns 1 (nothing written) on a divide error */     \
    X(x86_sse, 2, 1)   /* imm = op and operand offsets (x86_64_sse.h) */   \
    X(x86_mxcsr, 0, 1) /* MXCSR, with the host flags inline SSE raised */   \
    X(x86_x87, 2, 1)   /* imm = op and operands (x86_64_x87.h) */            \
    /* aarch64 (ir_a64_simd.c): registers are aarch64_state.h's */           \
    X(a64_simd, 1, 1)  /* imm = A64_SIMD_<op> << 32 | the insn word */    \
    X(a64_fp, 1, 1)    /* imm = A64_FP_<class> << 32 | the insn word */

enum ir_helper {
#define IR_HELPER_ENUM(name, nargs, state) IR_H_##name,
    IR_HELPERS(IR_HELPER_ENUM)
#undef IR_HELPER_ENUM
    IR_NUM_HELPERS
};

typedef uint64_t (*ir_helper_fn)(struct ir_ctx *, uint64_t, uint64_t,
                                 uint64_t, uint64_t);

#define IR_HELPER_DECL(name, nargs, state)                                         \
    uint64_t ir_helper_##name(struct ir_ctx *, uint64_t, uint64_t, uint64_t,  \
                              uint64_t);
IR_HELPERS(IR_HELPER_DECL)
#undef IR_HELPER_DECL

extern const ir_helper_fn ir_helper_table[IR_NUM_HELPERS];

typedef uint16_t ir_temp; /* 0 = no temp */

struct ir_insn {
    uint8_t op;    /* enum ir_op */
    uint8_t size;  /* 1, 2, 4 or 8 bytes (CAS16: 16) */
    uint8_t aux;   /* op-specific: load sign, amo kind, helper id, trap */
    uint8_t pad;
    ir_temp dst, a, b, c;
    uint64_t imm;
};

/* ir_block.prefix: which ops count as observing the state. */
enum ir_prefix {
    IR_PREFIX_NONE,   /* lift the whole block */
    IR_PREFIX_ACCESS, /* up to a memory access, a helper or an exit */
    IR_PREFIX_WRITE,  /* the same, loads excepted */
};

struct ir_block {
    uint64_t pc;          /* guest pc of the first instruction */
    uint32_t guest_bytes; /* bytes of guest code covered */
    uint32_t guest_insns; /* guest instructions */
    uint32_t n;           /* IR instructions used */
    uint32_t cap;
    uint32_t n_temps;     /* temps used, t1..n_temps */
    struct ir_insn *insns;
    /* Set by an analysis before lifting (kept by ir_block_reset): the
     * lifter may stop after the first instruction whose IR can observe
     * the state, ending the block with a jump there (the dead-flag pass
     * needs no more of a target). */
    enum ir_prefix prefix;
};

/* Static facts about each op, derived from IR_OPS. */
const char *ir_op_name(enum ir_op op);
unsigned ir_op_nargs(enum ir_op op);
unsigned ir_op_flags(enum ir_op op);
const char *ir_helper_name(enum ir_helper h);
unsigned ir_helper_nargs(enum ir_helper h);
/* True when the helper touches guest registers (IR_HELPERS' state). */
bool ir_helper_touches_state(enum ir_helper h);
const char *ir_trap_name(enum ir_trap t);

/* Building. */
void ir_block_init(struct ir_block *b, uint64_t pc);
void ir_block_reset(struct ir_block *b, uint64_t pc);
void ir_block_free(struct ir_block *b);
/* Gives back the room b grew for and does not use (for blocks kept long,
 * many of them: system mode's block cache). */
void ir_block_trim(struct ir_block *b);
/* Whether b holds an instruction of op. */
bool ir_block_has_op(const struct ir_block *b, enum ir_op op);
/* The guest instructions of b that come before the one at pc (IR_INSN
 * markers); all of them when pc is none of b's (a trap after its last). */
uint32_t ir_block_insns_before(const struct ir_block *b, uint64_t pc);
ir_temp ir_emit(struct ir_block *b, enum ir_op op, unsigned size,
                unsigned aux, ir_temp a, ir_temp bb, ir_temp c, uint64_t imm);

/* Convenience builders (all 64-bit unless a size is given). */
void ir_insn_start(struct ir_block *b, uint64_t pc, unsigned len);
ir_temp ir_const(struct ir_block *b, uint64_t v);
ir_temp ir_get(struct ir_block *b, size_t off, unsigned size);
void ir_put(struct ir_block *b, size_t off, unsigned size, ir_temp v);
ir_temp ir_load(struct ir_block *b, ir_temp addr, unsigned size, bool sign);
void ir_store(struct ir_block *b, ir_temp addr, ir_temp v, unsigned size);
ir_temp ir_binop(struct ir_block *b, enum ir_op op, unsigned size, ir_temp x,
                 ir_temp y);
ir_temp ir_unop(struct ir_block *b, enum ir_op op, unsigned size, ir_temp x);
ir_temp ir_select(struct ir_block *b, ir_temp cond, ir_temp x, ir_temp y);
ir_temp ir_call(struct ir_block *b, enum ir_helper h, ir_temp x, ir_temp y,
                ir_temp z, uint64_t imm);
void ir_exit_if(struct ir_block *b, ir_temp cond, uint64_t target);
void ir_exit_jump(struct ir_block *b, uint64_t target);
void ir_exit_indirect(struct ir_block *b, ir_temp target);
void ir_exit_trap(struct ir_block *b, enum ir_trap why, uint64_t pc);

/* True once the block has its terminator. */
bool ir_block_done(const struct ir_block *b);

/*
 * Checks the structural rules above (operands defined before use, single
 * assignment, sizes, exactly one terminator at the end). Returns NULL when
 * the block is well formed, else a static description of the first error.
 */
const char *ir_validate(const struct ir_block *b);

/*
 * The value of a pure op (no memory, state, helper or exit) on operand
 * values a, b, c: the semantics of ADD..SELECT, shared by the interpreter
 * and constant folding. The result is zero-extended from `size` bytes
 * (SEXT and the comparisons aside, as documented in IR_OPS).
 */
uint64_t ir_eval(enum ir_op op, unsigned size, uint64_t a, uint64_t b,
                 uint64_t c);

/* Writes a readable listing of the block, one insn per line. */
void ir_print(const struct ir_block *b, FILE *out);

#endif
