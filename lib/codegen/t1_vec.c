/*
 * t1_vec.c — helper calls that are one host SSE instruction
 * (ir_host_sse.h) emitted inline: the instruction itself on the state
 * slots, behind a test of the guard word (the guest's MXCSR control bits
 * are the host's), with the helper call out of line for the rest (the
 * FP stub of t1_fp.c: caller-saved registers kept, result in rax).
 *
 * The slots are read and written in memory, never cached in GPRs across
 * the instruction: copies the cache holds are written back and forgotten
 * first, so the stub's helper and the inline code see the same state and
 * the allocator's state is the same on both paths. xmm0 and xmm1 are
 * scratch (tier 1 keeps no value in an xmm register across IR ops). A
 * 16-byte slot moves as two 8-byte halves: the lifter writes xmm
 * registers in halves, and a 16-byte load of two fresh 8-byte stores
 * would not be forwarded from them.
 */
#include "ir_host_sse.h"
#include "t1_internal.h"

/* movss/movsd loads and stores, movhpd/movlpd for the halves */
#define OP_MOVS_LOAD 0x10
#define OP_MOVS_STORE 0x11
#define OP_MOVLPD_STORE 0x13
#define OP_MOVHPD_LOAD 0x16
#define OP_MOVHPD_STORE 0x17

static struct x86_mem state_field(uint32_t off)
{
    return x86_mem_bd(T1_STATE, (int32_t)off);
}

/* xmm = the first `width` bytes of the slot at off (the rest zeroed). */
static void load_slot(struct x86_buf *buf, unsigned xmm, uint32_t off,
                      unsigned width)
{
    x86_sse_m(buf, width == 4 ? 0xf3 : 0xf2, OP_MOVS_LOAD, false, xmm,
              state_field(off));
    if (width == 16)
        x86_sse_m(buf, 0x66, OP_MOVHPD_LOAD, false, xmm, state_field(off + 8));
}

static void store_slot(struct x86_buf *buf, uint32_t off, unsigned width)
{
    if (width == 16) {
        x86_sse_m(buf, 0x66, OP_MOVLPD_STORE, false, 0, state_field(off));
        x86_sse_m(buf, 0x66, OP_MOVHPD_STORE, false, 0, state_field(off + 8));
        return;
    }
    x86_sse_m(buf, width == 4 ? 0xf3 : 0xf2, OP_MOVS_STORE, false, 0,
              state_field(off));
}

/* The instruction with xmm0 (or rax: to-integer) as its destination and
 * the source slot: a memory operand of its own width when it reads 4 or
 * 8 bytes, else through xmm1. */
static void op_from_src(struct x86_buf *buf, const struct ir_host_sse *f,
                        unsigned reg, bool rex_w)
{
    if (f->src_width == 16) {
        load_slot(buf, 1, f->src_off, 16);
        x86_sse_r(buf, f->prefix, f->opcode, rex_w, reg, 1);
    } else {
        x86_sse_m(buf, f->prefix, f->opcode, rex_w, reg,
                  state_field(f->src_off));
    }
}

static void emit_fast(struct t1 *t, const struct ir_host_sse *f,
                      enum x86_reg a)
{
    struct x86_buf *buf = &t->buf;
    switch ((enum ir_host_sse_kind)f->kind) {
    case IR_HOST_SSE_BINARY:
        load_slot(buf, 0, f->dst_off, f->width);
        op_from_src(buf, f, 0, false);
        store_slot(buf, f->dst_off, f->width);
        break;
    case IR_HOST_SSE_UNARY:
        op_from_src(buf, f, 0, false);
        store_slot(buf, f->dst_off, f->width);
        break;
    case IR_HOST_SSE_COMPARE:
        load_slot(buf, 0, f->dst_off, f->width);
        op_from_src(buf, f, 0, false);
        /* CF, PF, ZF are bits 0, 2, 6 of both ah and RFLAGS. */
        x86_lahf(buf);
        x86_shift_ri(buf, X86_SHR, 4, X86_RAX, 8);
        x86_alu_ri(buf, X86_AND, 4, X86_RAX, 0x45);
        return;
    case IR_HOST_SSE_FROM_INT:
        x86_sse_r(buf, f->prefix, f->opcode, f->int_size == 8, 0, a);
        store_slot(buf, f->dst_off, f->width);
        break;
    case IR_HOST_SSE_TO_INT:
        op_from_src(buf, f, X86_RAX, f->int_size == 8);
        return;
    }
    x86_alu_rr(buf, X86_XOR, 4, X86_RAX, X86_RAX); /* the helper's 0 */
}

static bool has_dst(const struct ir_host_sse *f)
{
    return f->kind != IR_HOST_SSE_TO_INT;
}

static bool has_src(const struct ir_host_sse *f)
{
    return f->kind != IR_HOST_SSE_FROM_INT;
}

bool t1_emit_host_sse(struct t1 *t, const struct ir_insn *in)
{
    struct ir_host_sse f;
    if (!ir_host_sse_form(in, &f) || t->n_stubs == t->cap_stubs)
        return false;
    struct x86_buf *buf = &t->buf;
    if (has_dst(&f))
        t1_state_written(t, f.dst_off, 16);
    if (has_src(&f))
        t1_state_written(t, f.src_off, 16);
    t1_state_written(t, f.guard_off, 4);
    enum x86_reg a = t1_use(t, in->a);
    enum x86_reg b = t1_use(t, in->b);
    struct t1_stub *s = &t->stubs[t->n_stubs++];
    *s = (struct t1_stub){
        .kind = T1_STUB_FP, .helper = in->aux, .a_reg = (int8_t)a,
        .b_reg = (int8_t)b, .imm = in->imm, .guest_pc = t->guest_pc,
    };
    x86_load(buf, 4, X86_RAX, state_field(f.guard_off));
    x86_alu_ri(buf, X86_AND, 4, X86_RAX, (int32_t)f.guard_mask);
    x86_alu_ri(buf, X86_CMP, 4, X86_RAX, (int32_t)f.guard_value);
    s->field = x86_jcc_rel32(buf, X86_CC_NE);
    emit_fast(t, &f, a);
    s->resume = x86_buf_used(buf);
    if (in->dst && !t1_is_dead(t, in->dst)) {
        enum x86_reg d = t1_def(t, in->dst, 0);
        x86_mov_rr(buf, 8, d, X86_RAX);
    }
    return true;
}
