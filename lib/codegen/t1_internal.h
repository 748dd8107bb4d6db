/*
 * t1_internal.h — the tier-1 translator's shared state, split across
 * t1_regalloc.c (host registers, temps, the guest-register cache),
 * t1_ops.c (pure ops), t1_mem.c (the memory-access hook, loads, stores,
 * atomics), t1_exit.c (block exits, chaining stubs, the jump cache,
 * helper calls) and t1_translate.c (the driver).
 *
 * Host register plan while translated code runs:
 *   r15  CPU state (struct ir_ctx *)       r14  arena base (ctx->mem_base)
 *   r13  arena limit (ctx->mem_limit)      rsp  the entry frame (code_cache.c)
 *   rax, rcx, rdx  scratch (div, mul, shifts, helper arguments, exits)
 *   rbx, rbp, r12, rsi, rdi, r8-r11  allocated to temps and cached guest
 *   registers (callee-saved ones first, so fewer values die at helper calls).
 *
 * Precise state from metadata: dirty cached guest registers (and x86
 * flags) stay in host registers across memory accesses; they are written
 * back only before helper calls and exits. Each memory access records in
 * the block's fault map its host address, its guest pc and which host
 * register holds which dirty state word there (t1_note_access), so a host
 * fault rebuilds the state of the faulting guest instruction from the
 * signal's registers (cg_restore_state). The out-of-line bounds and
 * alignment stubs of an access store that same snapshot and the pc
 * themselves: the write-back sits on the cold path only.
 */
#ifndef VM_T1_INTERNAL_H
#define VM_T1_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "code_cache.h"
#include "ir.h"
#include "x86_encode.h"

#define T1_STATE X86_R15
#define T1_BASE X86_R14
#define T1_LIMIT X86_R13
#define T1_NUM_ALLOC 9
#define T1_LOOP_MAX 6 /* slots a one-block loop keeps; 3 left for temps */

/* The entry frame (see code_cache.c): [rsp + 0] jump-cache table,
 * [rsp + 8] helper table, [rsp + 16] tier-up counter table, then the
 * spill slots. */
#define T1_FRAME_JC 0
#define T1_FRAME_HELPERS 8
#define T1_FRAME_HOT 16
#define T1_FRAME_SPILL 24
#define T1_SPILL_SLOTS 256
/* Frame size: keeps rsp 16-byte aligned after 6 pushes + return address. */
#define T1_FRAME_SIZE (T1_FRAME_SPILL + 8 * T1_SPILL_SLOTS)
_Static_assert(T1_FRAME_SIZE % 16 == 8, "rsp 16-byte aligned in the frame");

struct t1_temp {
    int8_t reg;          /* host register holding it, or -1 */
    int16_t spill;       /* spill slot holding it, or -1 */
    bool is_const;       /* a CONST not materialized unless needed */
    bool defined;
    uint32_t last_use;   /* 1 + index of the last insn reading it; 0 none */
    uint64_t value;      /* for constants */
};

struct t1_hreg {
    int16_t ntemps;      /* live temps in this register */
    bool dirty;          /* holds a newer value than its state slot */
    bool locked;         /* an operand of the insn being translated */
    int32_t slot;        /* CPU state offset cached here, or -1 */
    uint32_t lru;        /* insn index of the last use, for eviction */
};

/* Out-of-line code emitted after the block body. */
enum t1_stub_kind {
    T1_STUB_BOUNDS, T1_STUB_MISALIGNED, T1_STUB_POLL, T1_STUB_BUDGET,
    T1_STUB_HOT, T1_STUB_FP, T1_STUB_TLB
};

struct t1_stub {
    uint8_t kind;
    bool write;
    int8_t addr_reg;
    uint8_t n_live;      /* BOUNDS, MISALIGNED: dirty values to store */
    struct cg_live_value live[CG_MAX_LIVE];
    size_t field;        /* the rel32 of the jcc that reaches the stub */
    uint64_t guest_pc;   /* HOT: the jump's target */
    /* FP: the helper call the inline fast path could not stand in for */
    size_t more[8];      /* further jccs that reach the stub */
    uint8_t n_more;
    uint16_t helper;     /* enum ir_helper */
    int8_t a_reg, b_reg; /* its operands */
    uint64_t imm;        /* its rounding mode */
    size_t resume;       /* where the fast path continues, result in rax
                            (FP), host address in rcx (TLB) */
    uint16_t sys_kind;   /* TLB: size | IR_SYS_* << 8; the stored value in
                            b_reg, or imm when b_reg is X86_NOREG */
};

struct t1 {
    struct x86_buf buf;
    const struct ir_block *blk;
    const struct cg_runtime *rt; /* where the epilogue lives */
    const struct t1_options *opts;
    struct t1_temp *temps;
    struct t1_hreg regs[16];     /* by host register number */
    uint32_t cur;                /* index of the insn being translated */
    uint64_t guest_pc;           /* pc of the current guest insn */
    struct t1_stub *stubs;
    uint32_t n_stubs, cap_stubs;
    struct cg_fault_entry *faults; /* host offset -> guest pc */
    uint32_t n_faults, cap_faults;
    struct t1_hot_site *hot_sites; /* same capacity as stubs */
    uint32_t n_hot;
    uint16_t free_spill[T1_SPILL_SLOTS];
    uint32_t n_free_spill;
    /* A one-block loop's mapping of state slots to host registers
     * (t1_loop.c): n_loop = 0 when the block is no such loop. */
    struct cg_live_value loop[T1_LOOP_MAX];
    unsigned n_loop;
    size_t loop_label;           /* the body, after the mapping's loads */
    ir_temp fused_temp;          /* compare kept in the flags for EXIT_IF */
    enum x86_cc fused_cc;
    const char *error;           /* first reason translation failed */
};

extern const enum x86_reg t1_alloc_order[T1_NUM_ALLOC];

void t1_fail(struct t1 *t, const char *why);

/* Every block starts with the poll test (t1_translate.c): its first
 * instruction's bytes (their length returned), and the `jne` after it,
 * which runtime patches leave alone: where it goes (the block's poll
 * stub; NULL when entry is no block entry) and, in *body, the offset of
 * what follows it. */
size_t t1_entry_poll_test(uint8_t out[16]);
const uint8_t *t1_entry_poll_stub(const uint8_t *entry, size_t *body);

/* Registers and temps (t1_regalloc.c). */
void t1_regalloc_init(struct t1 *t);
enum x86_reg t1_use(struct t1 *t, ir_temp v);
enum x86_reg t1_def(struct t1 *t, ir_temp dst, ir_temp reuse);
bool t1_const_imm(const struct t1 *t, ir_temp v, unsigned size, int32_t *imm);
bool t1_is_dead(const struct t1 *t, ir_temp v);
void t1_end_insn(struct t1 *t, const struct ir_insn *in);
/* Whether GET/PUT in goes through the register cache (an 8-byte slot),
 * and the host register caching slot off now (X86_NOREG: none). */
bool t1_cacheable(const struct ir_insn *in);
enum x86_reg t1_slot_reg(const struct t1 *t, int32_t off);
void t1_get(struct t1 *t, const struct ir_insn *in);
void t1_put(struct t1 *t, const struct ir_insn *in);
void t1_writeback(struct t1 *t, bool mark_clean);
/* The dirty cached state words now, and the host registers holding them:
 * what a fault here must store (returns how many, at most CG_MAX_LIVE). */
unsigned t1_live_values(const struct t1 *t, struct cg_live_value *out);
/* Empties allocatable register r (spilling its temps, writing back its
 * slot) and keeps it out of allocation until the insn ends: for templates
 * that need a fixed register (cmpxchg16b's rbx). */
void t1_claim_reg(struct t1 *t, enum x86_reg r);
/* Emitted code is about to write state [off, off+size) directly: cached
 * copies are written back if dirty and forgotten. */
void t1_state_written(struct t1 *t, int64_t off, unsigned size);
void t1_prepare_call(struct t1 *t);
void t1_after_call(struct t1 *t, bool touches_state);
/* Puts temp v's value into host register r without allocating (args). */
void t1_load_temp(struct t1 *t, enum x86_reg r, ir_temp v);

/* Ops (t1_ops.c, t1_mem.c, t1_exit.c). */
typedef void (*t1_emit_fn)(struct t1 *t, const struct ir_insn *in);
void t1_emit_pure(struct t1 *t, const struct ir_insn *in);
void t1_emit_load(struct t1 *t, const struct ir_insn *in);
void t1_emit_store(struct t1 *t, const struct ir_insn *in);
void t1_emit_amo(struct t1 *t, const struct ir_insn *in);
void t1_emit_cas(struct t1 *t, const struct ir_insn *in);
void t1_emit_cas16(struct t1 *t, const struct ir_insn *in);
void t1_emit_call(struct t1 *t, const struct ir_insn *in);
/* CALL of a double add/sub/mul/div in its common case inline (t1_fp.c);
 * false, nothing emitted, when it cannot be. */
bool t1_emit_fp_fast(struct t1 *t, const struct ir_insn *in);
void t1_emit_fp_stub(struct t1 *t, const struct t1_stub *s);
/* CALL of a helper op that is one host SSE instruction (ir_host_sse.h)
 * inline, the call in an FP stub (t1_vec.c); false, nothing emitted,
 * when it has no such form. */
bool t1_emit_host_sse(struct t1 *t, const struct ir_insn *in);
void t1_emit_exit_if(struct t1 *t, const struct ir_insn *in);
void t1_emit_exit_jump(struct t1 *t, const struct ir_insn *in);
/* rax = the address of pc's jump-cache entry (code_cache.h); pc != rax. */
void t1_emit_jc_entry(struct x86_buf *buf, enum x86_reg pc);
void t1_emit_exit_indirect(struct t1 *t, const struct ir_insn *in);
void t1_emit_exit_trap(struct t1 *t, const struct ir_insn *in);
/* The taken backward jump's tier-up count (t1_exit.c): the index of its
 * hot site, or -1 when it does not count (its stub, if any, is the last
 * one added). */
int t1_count_backward_jump(struct t1 *t, uint64_t target);

/* System mode (t1_sysmem.c): the inline TLB lookup of the access in at
 * addr, after t1_mem.c's alignment test (a load, store or
 * read-modify-write: tier1.h's IR_SYS_*); for a
 * store, its value (value_reg, or value_imm when that is X86_NOREG). The
 * operand is [rcx]. Its miss stub calls the slow path. */
struct x86_mem t1_sys_mem_access(struct t1 *t, const struct ir_insn *in,
                                 enum x86_reg addr, unsigned kind,
                                 enum x86_reg value_reg, int64_t value_imm);
void t1_emit_sys_mem_stub(struct t1 *t, const struct t1_stub *s);

/* One-block loops (t1_loop.c): at the entry, after the poll test, the
 * loop mapping's loads; at a jump to target, the back edge if target is
 * the block's own start (true: emitted, nothing else to do). */
void t1_loop_plan(struct t1 *t);
bool t1_loop_back(struct t1 *t, uint64_t target);

/* Plumbing shared by the emitters. */
void t1_add_stub(struct t1 *t, enum t1_stub_kind kind, size_t field,
                 enum x86_reg addr_reg, bool write);
void t1_note_access(struct t1 *t);
void t1_jmp_to(struct t1 *t, const void *target);
void t1_set_pc_imm(struct t1 *t, uint64_t pc);
void t1_exit_to_runtime(struct t1 *t, uint64_t code);
void t1_emit_stubs(struct t1 *t);

#endif
