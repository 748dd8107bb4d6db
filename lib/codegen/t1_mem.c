/*
 * t1_mem.c — guest memory: the one access hook and the ops built on it.
 *
 * t1_mem_access() is the only place that turns a guest address into a
 * host operand. In user mode it emits the arena fast path: an alignment
 * test when the op demands one, one compare against the limit register
 * (jae to an out-of-line fault stub; an access straddling the limit lands
 * in the guard zone and faults on the host), and the operand [base + addr].
 * In system mode (t1_options.sys_mem) it emits the inline TLB lookup of
 * t1_sysmem.c instead; the operand is then [rcx].
 *
 * No write-back before an access: dirty cached guest registers stay in
 * host registers, and the fault map entry (t1_note_access) and the fault
 * stubs record where they are, so a fault rebuilds the state of the
 * instruction's start (see t1_internal.h).
 */
#include "t1_internal.h"
#include "tier1.h"

/* kind: IR_SYS_LOAD, _STORE (value_reg, or value_imm if X86_NOREG: the
 * system-mode slow path may do the store itself) or _RMW. */
static struct x86_mem t1_mem_access(struct t1 *t, const struct ir_insn *in,
                                    enum x86_reg addr, unsigned kind,
                                    enum x86_reg value_reg, int64_t value_imm)
{
    struct x86_buf *buf = &t->buf;
    bool write = kind != IR_SYS_LOAD;
    if ((in->aux & IR_MEM_ALIGNED) && in->size > 1) {
        x86_test_ri(buf, 4, addr, (int32_t)in->size - 1);
        size_t f = x86_jcc_rel32(buf, X86_CC_NE);
        t1_add_stub(t, T1_STUB_MISALIGNED, f, addr, write);
    }
    if (t->opts && t->opts->sys_mem)
        return t1_sys_mem_access(t, in, addr, kind, value_reg, value_imm);
    x86_alu_rr(buf, X86_CMP, 8, addr, T1_LIMIT);
    size_t f = x86_jcc_rel32(buf, X86_CC_AE);
    t1_add_stub(t, T1_STUB_BOUNDS, f, addr, write);
    return x86_mem_bi(T1_BASE, addr);
}

void t1_emit_load(struct t1 *t, const struct ir_insn *in)
{
    enum x86_reg addr = t1_use(t, in->a);
    /* An unused load still runs: it may fault. */
    enum x86_reg d = t1_is_dead(t, in->dst) ? X86_RAX : t1_def(t, in->dst, 0);
    struct x86_mem m =
        t1_mem_access(t, in, addr, IR_SYS_LOAD, X86_NOREG, 0);
    t1_note_access(t);
    if (in->aux & IR_LD_SIGNED)
        x86_movsx_load(&t->buf, in->size, d, m);
    else
        x86_movzx_load(&t->buf, in->size, d, m);
}

void t1_emit_store(struct t1 *t, const struct ir_insn *in)
{
    enum x86_reg addr = t1_use(t, in->a);
    int32_t imm;
    bool use_imm = t1_const_imm(t, in->b, in->size, &imm);
    enum x86_reg v = use_imm ? X86_NOREG : t1_use(t, in->b);
    struct x86_mem m =
        t1_mem_access(t, in, addr, IR_SYS_STORE, v, use_imm ? imm : 0);
    t1_note_access(t);
    if (use_imm)
        x86_store_imm(&t->buf, in->size, m, imm);
    else
        x86_store(&t->buf, in->size, m, v);
}

/* The new value of an AMO from old (rax) and v, into rdx. */
static void amo_combine(struct t1 *t, enum ir_amo kind, unsigned size,
                        enum x86_reg v)
{
    struct x86_buf *buf = &t->buf;
    unsigned w = size == 8 ? 8 : 4;
    static const enum x86_alu alu[] = {
        [IR_AMO_AND] = X86_AND, [IR_AMO_OR] = X86_OR, [IR_AMO_XOR] = X86_XOR,
    };
    switch (kind) {
    case IR_AMO_AND:
    case IR_AMO_OR:
    case IR_AMO_XOR:
        x86_mov_rr(buf, w, X86_RDX, X86_RAX);
        x86_alu_rr(buf, alu[kind], w, X86_RDX, v);
        return;
    default: {
        /* min/max: keep old when it wins the comparison, else take v. */
        static const enum x86_cc keep_old[] = {
            [IR_AMO_MINS] = X86_CC_L, [IR_AMO_MAXS] = X86_CC_G,
            [IR_AMO_MINU] = X86_CC_B, [IR_AMO_MAXU] = X86_CC_A,
        };
        x86_mov_rr(buf, w, X86_RDX, v);
        x86_alu_rr(buf, X86_CMP, size, X86_RAX, v);
        x86_cmov(buf, keep_old[kind], w, X86_RDX, X86_RAX);
        return;
    }
    }
}

/* The old value (rax, size bytes) zero-extended into d. */
static void amo_result(struct t1 *t, unsigned size, enum x86_reg d)
{
    if (d != X86_RAX)
        x86_movzx_rr(&t->buf, size, d, X86_RAX);
}

void t1_emit_amo(struct t1 *t, const struct ir_insn *in)
{
    enum ir_amo kind = (enum ir_amo)(in->aux & ~IR_MEM_ALIGNED);
    enum x86_reg addr = t1_use(t, in->a);
    enum x86_reg v = t1_use(t, in->b);
    enum x86_reg d = t1_is_dead(t, in->dst) ? X86_RAX : t1_def(t, in->dst, 0);
    struct x86_mem m = t1_mem_access(t, in, addr, IR_SYS_RMW, X86_NOREG, 0);
    struct x86_buf *buf = &t->buf;
    unsigned size = in->size;
    if (kind == IR_AMO_SWAP || kind == IR_AMO_ADD) {
        x86_mov_rr(buf, size == 8 ? 8 : 4, X86_RAX, v);
        t1_note_access(t);
        if (kind == IR_AMO_SWAP)
            x86_xchg_mr(buf, size, m, X86_RAX);
        else
            x86_lock_xadd(buf, size, m, X86_RAX);
    } else { /* compare-and-swap loop */
        t1_note_access(t);
        x86_movzx_load(buf, size, X86_RAX, m);
        size_t retry = x86_buf_used(buf);
        amo_combine(t, kind, size, v);
        t1_note_access(t);
        x86_lock_cmpxchg(buf, size, m, X86_RDX);
        size_t back = x86_jcc_rel32(buf, X86_CC_NE);
        x86_patch_rel32(buf, back, retry);
    }
    amo_result(t, size, d);
}

void t1_emit_cas(struct t1 *t, const struct ir_insn *in)
{
    enum x86_reg addr = t1_use(t, in->a);
    enum x86_reg expected = t1_use(t, in->b);
    enum x86_reg desired = t1_use(t, in->c);
    enum x86_reg d = t1_is_dead(t, in->dst) ? X86_RAX : t1_def(t, in->dst, 0);
    struct x86_mem m = t1_mem_access(t, in, addr, IR_SYS_RMW, X86_NOREG, 0);
    x86_mov_rr(&t->buf, 8, X86_RAX, expected);
    t1_note_access(t);
    x86_lock_cmpxchg(&t->buf, in->size, m, desired);
    /* rax: the old value on failure, expected on success; either way the
     * old value in its low `size` bytes. */
    amo_result(t, in->size, d);
}

/* CAS16: lock cmpxchg16b with the comparand in rdx:rax and the new value
 * in rcx:rbx, loaded from the state's scratch (rbx is claimed first: it
 * may hold a temp or a cached register); the old value goes back to the
 * scratch, ZF becomes dst. */
void t1_emit_cas16(struct t1 *t, const struct ir_insn *in)
{
    if (in->imm > (uint64_t)INT32_MAX - 32) {
        t1_fail(t, "CAS16 scratch offset out of range");
        return;
    }
    int32_t off = (int32_t)in->imm;
    t1_claim_reg(t, X86_RBX);
    enum x86_reg addr = t1_use(t, in->a);
    enum x86_reg d = t1_is_dead(t, in->dst) ? X86_NOREG : t1_def(t, in->dst, 0);
    t1_writeback(t, true);
    t1_state_written(t, off, 16);
    struct x86_mem m = t1_mem_access(t, in, addr, IR_SYS_RMW, X86_NOREG, 0);
    struct x86_buf *buf = &t->buf;
    x86_load(buf, 8, X86_RAX, x86_mem_bd(T1_STATE, off));
    x86_load(buf, 8, X86_RDX, x86_mem_bd(T1_STATE, off + 8));
    x86_load(buf, 8, X86_RBX, x86_mem_bd(T1_STATE, off + 16));
    x86_load(buf, 8, X86_RCX, x86_mem_bd(T1_STATE, off + 24));
    t1_note_access(t);
    x86_lock_cmpxchg16b(buf, m);
    /* rdx:rax: the old value on failure, the comparand (equal) on success. */
    x86_store(buf, 8, x86_mem_bd(T1_STATE, off), X86_RAX);
    x86_store(buf, 8, x86_mem_bd(T1_STATE, off + 8), X86_RDX);
    if (d != X86_NOREG) {
        x86_setcc(buf, X86_CC_E, d);
        x86_movzx_rr(buf, 1, d, d);
    }
}
