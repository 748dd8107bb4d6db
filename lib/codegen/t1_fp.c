/*
 * t1_fp.c — double-precision add, sub, mul and div inline in tier 1, in
 * their common case, with the helper call out of line for the rest.
 *
 * The same test as tier 2's (lib/lift/llvm/ll_fp.c): the guest has raised
 * NX already and rounds to nearest even, and the host's result is normal
 * or an exact zero. Then NX is the only flag the operation could raise and
 * it is set, so the host's SSE result is the whole effect. The inputs need
 * no test of their own (the helpers' fast path, ir_fp.c, has one): a NaN
 * or infinite input, or a zero divisor, never gives a normal result, and
 * the one zero it can give (x / inf) is not one of the exact zeros below. Otherwise the stub calls the helper, keeping every
 * caller-saved host register (they hold temps and cached guest registers:
 * the allocator's state is that of the fast path on both paths), and
 * comes back with the result in rax. A floating-point loop thus keeps its
 * guest registers in host registers instead of writing them back around a
 * call per operation.
 */
#include "t1_internal.h"

#define EXP_MASK UINT64_C(0x7ff0000000000000)

static struct x86_mem state_field(size_t off)
{
    return x86_mem_bd(T1_STATE, (int32_t)off);
}

/* The caller-saved registers the allocator hands out (t1_regalloc.c). */
static const enum x86_reg caller_saved[] = {X86_RSI, X86_RDI, X86_R8,
                                            X86_R9,  X86_R10, X86_R11};
#define N_SAVED (sizeof(caller_saved) / sizeof(caller_saved[0]))
_Static_assert(N_SAVED % 2 == 0, "pushes keep rsp 16-byte aligned");

static enum x86_sse_sd sse_op(enum ir_helper h)
{
    switch (h) {
    case IR_H_fadd_d: return X86_ADDSD;
    case IR_H_fsub_d: return X86_SUBSD;
    case IR_H_fmul_d: return X86_MULSD;
    default: return X86_DIVSD;
    }
}

/* A jump to the stub when cc holds. */
static void to_stub(struct t1 *t, struct t1_stub *s, enum x86_cc cc)
{
    size_t f = x86_jcc_rel32(&t->buf, cc);
    if (!s->field)
        s->field = f;
    else if (s->n_more < sizeof(s->more) / sizeof(s->more[0]))
        s->more[s->n_more++] = f;
    else
        t1_fail(t, "fp fast path: too many exits");
}

/* Sets ZF when bits (in r) is +0 or -0. Clobbers rdx. */
static void test_zero(struct t1 *t, enum x86_reg r)
{
    x86_mov_rr(&t->buf, 8, X86_RDX, r);
    x86_shift_ri(&t->buf, X86_SHL, 8, X86_RDX, 1);
}

bool t1_emit_fp_fast(struct t1 *t, const struct ir_insn *in)
{
    enum ir_helper h = (enum ir_helper)in->aux;
    if (!(h == IR_H_fadd_d || h == IR_H_fsub_d || h == IR_H_fmul_d ||
          h == IR_H_fdiv_d) ||
        (in->imm != IR_RM_RNE && in->imm != IR_RM_DYN) || !in->dst ||
        t->n_stubs == t->cap_stubs)
        return false;
    struct x86_buf *buf = &t->buf;
    /* fflags and frm are read from memory here and fflags written by the
     * helper: no cached copy may be newer, or stay after. */
    t1_state_written(t, IR_CTX_OFF(fflags), 4);
    t1_state_written(t, IR_CTX_OFF(frm), 4);
    enum x86_reg a = t1_use(t, in->a);
    enum x86_reg b = t1_use(t, in->b);
    struct t1_stub *s = &t->stubs[t->n_stubs++];
    *s = (struct t1_stub){
        .kind = T1_STUB_FP, .helper = (uint16_t)h, .a_reg = (int8_t)a,
        .b_reg = (int8_t)b, .imm = in->imm, .guest_pc = t->guest_pc,
    };
    x86_load(buf, 4, X86_RAX, state_field(IR_CTX_OFF(fflags)));
    x86_test_ri(buf, 4, X86_RAX, IR_FF_NX);
    to_stub(t, s, X86_CC_E);
    if (in->imm == IR_RM_DYN) {
        x86_load(buf, 4, X86_RAX, state_field(IR_CTX_OFF(frm)));
        x86_test_rr(buf, 4, X86_RAX, X86_RAX);
        to_stub(t, s, X86_CC_NE);
    }
    x86_movq_to_xmm(buf, 0, a);
    x86_movq_to_xmm(buf, 1, b);
    x86_sse_sd(buf, sse_op(h), 0, 1);
    x86_movq_from_xmm(buf, X86_RAX, 0);
    x86_mov_ri(buf, X86_RCX, EXP_MASK);
    /* The result: normal, or a zero that must be exact (x - x always, a
     * product with a zero factor, a quotient of a zero dividend). */
    x86_mov_rr(buf, 8, X86_RDX, X86_RAX);
    x86_alu_rr(buf, X86_AND, 8, X86_RDX, X86_RCX);
    size_t tiny = x86_jcc_rel32(buf, X86_CC_E);
    x86_alu_rr(buf, X86_CMP, 8, X86_RDX, X86_RCX);
    to_stub(t, s, X86_CC_E);
    size_t done = x86_jmp_rel32(buf);
    x86_patch_rel32(buf, tiny, x86_buf_used(buf));
    test_zero(t, X86_RAX);
    to_stub(t, s, X86_CC_NE); /* subnormal */
    if (h == IR_H_fmul_d) {
        test_zero(t, a);
        size_t a_zero = x86_jcc_rel32(buf, X86_CC_E);
        test_zero(t, b);
        to_stub(t, s, X86_CC_NE);
        x86_patch_rel32(buf, a_zero, x86_buf_used(buf));
    } else if (h == IR_H_fdiv_d) {
        test_zero(t, a);
        to_stub(t, s, X86_CC_NE);
    }
    x86_patch_rel32(buf, done, x86_buf_used(buf));
    s->resume = x86_buf_used(buf);
    enum x86_reg d = t1_def(t, in->dst, 0);
    x86_mov_rr(buf, 8, d, X86_RAX);
    return true;
}

void t1_emit_fp_stub(struct t1 *t, const struct t1_stub *s)
{
    struct x86_buf *buf = &t->buf;
    for (unsigned i = 0; i < N_SAVED; i++)
        x86_push(buf, caller_saved[i]);
    /* (ctx, a, b, 0, rm). a and b are allocatable registers, never rdx;
     * b may be rsi, so it moves first. */
    x86_mov_rr(buf, 8, X86_RDX, (enum x86_reg)s->b_reg);
    x86_mov_rr(buf, 8, X86_RSI, (enum x86_reg)s->a_reg);
    x86_mov_ri(buf, X86_RCX, 0);
    x86_mov_ri(buf, X86_R8, s->imm);
    x86_mov_rr(buf, 8, X86_RDI, T1_STATE);
    x86_load(buf, 8, X86_RAX,
             x86_mem_bd(X86_RSP, (int32_t)(8 * N_SAVED + T1_FRAME_HELPERS)));
    x86_call_m(buf, x86_mem_bd(X86_RAX, 8 * s->helper));
    for (unsigned i = N_SAVED; i-- > 0;)
        x86_pop(buf, caller_saved[i]);
    size_t back = x86_jmp_rel32(buf);
    x86_patch_rel32(buf, back, s->resume);
}
