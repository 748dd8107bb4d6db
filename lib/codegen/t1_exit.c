/*
 * t1_exit.c — how translated code leaves a block or calls out: direct
 * exits as patchable jumps (chaining), indirect exits through the inline
 * jump cache, traps, helper calls, and the out-of-line fault/poll stubs.
 *
 * A direct exit is `jmp rel32` that first lands on its own stub right
 * behind it: the stub stores the target pc, puts the jmp's rel32 address
 * in rdx and returns CG_EXIT_CHAIN; the runtime then patches the rel32 to
 * the target's entry so later runs go straight there. Every block entry
 * polls ctx->poll, so chained loops stay interruptible.
 */
#include "t1_internal.h"
#include "tier1.h"

static struct x86_mem state_field(size_t off)
{
    return x86_mem_bd(T1_STATE, (int32_t)off);
}

void t1_jmp_to(struct t1 *t, const void *target)
{
    size_t f = x86_jmp_rel32(&t->buf);
    if (!t->buf.overflow)
        x86_set_rel32(t->buf.start + f, target);
}

void t1_set_pc_imm(struct t1 *t, uint64_t pc)
{
    if ((int64_t)pc == (int32_t)pc) {
        x86_store_imm(&t->buf, 8, state_field(IR_CTX_OFF(pc)), (int32_t)pc);
    } else {
        x86_mov_ri(&t->buf, X86_RAX, pc);
        x86_store(&t->buf, 8, state_field(IR_CTX_OFF(pc)), X86_RAX);
    }
}

void t1_exit_to_runtime(struct t1 *t, uint64_t code)
{
    x86_mov_ri(&t->buf, X86_RAX, code);
    t1_jmp_to(t, t->rt->epilogue);
}

/*
 * Tier-up: a taken jump back to a pc at or below this block's counts down
 * a counter of its own in the cache's counter table (data memory, reached
 * through the entry frame: a store near running code would be taken for
 * self-modifying code); at zero the block exits with CG_EXIT_HOT (the
 * state is written back already). The runtime then turns the counting
 * off for that target (a jmp rel8 over it, see struct t1_hot_site).
 * Without a free counter the jump does not count.
 */
int t1_count_backward_jump(struct t1 *t, uint64_t target)
{
    struct x86_buf *buf = &t->buf;
    if (t->n_hot == t->opts->hot_avail || t->n_hot == t->cap_stubs)
        return -1;
    for (size_t i = 0; i < t->opts->n_uncounted; i++)
        if (t->opts->uncounted[i] == target)
            return -1;
    uint32_t index = t->opts->hot_first + t->n_hot;
    x86_nop_align(buf, 2);
    size_t start = x86_buf_used(buf);
    x86_load(buf, 8, X86_RAX, x86_mem_bd(X86_RSP, T1_FRAME_HOT));
    x86_alu_mi(buf, X86_SUB, 4, x86_mem_bd(X86_RAX, (int32_t)(4 * index)), 1);
    size_t f = x86_jcc_rel32(buf, X86_CC_E);
    uint32_t n = t->n_stubs;
    t1_add_stub(t, T1_STUB_HOT, f, X86_NOREG, false);
    if (t->n_stubs > n) {
        t->stubs[n].guest_pc = target;
        t->hot_sites[t->n_hot++] = (struct t1_hot_site){
            .target = target, .host_off = (uint32_t)start,
            .skip = (uint8_t)(x86_buf_used(buf) - start),
            .len = (uint8_t)(x86_buf_used(buf) - start),
        };
        return (int)t->n_hot - 1;
    }
    return -1;
}

static void chain_exit(struct t1 *t, uint64_t target)
{
    struct x86_buf *buf = &t->buf;
    if (t->opts && t->opts->hot_threshold && target <= t->blk->pc)
        t1_count_backward_jump(t, target);
    /* Patched while other threads may run it: keep its rel32 atomic. */
    x86_align_rel32_field(buf, 1);
    size_t site = x86_jmp_rel32(buf);
    x86_patch_rel32(buf, site, x86_buf_used(buf));
    t1_set_pc_imm(t, target);
    size_t lea = x86_lea_rip(buf, X86_RDX);
    x86_patch_rel32(buf, lea, site);
    t1_exit_to_runtime(t, CG_EXIT_CHAIN);
}

void t1_emit_exit_if(struct t1 *t, const struct ir_insn *in)
{
    enum x86_cc taken;
    if (t->fused_temp && t->fused_temp == in->a) {
        taken = t->fused_cc;
        t->fused_temp = 0;
    } else {
        enum x86_reg c = t1_use(t, in->a);
        x86_test_rr(&t->buf, 8, c, c);
        taken = X86_CC_NE;
    }
    size_t skip = x86_jcc_rel32(&t->buf, x86_cc_invert(taken));
    if (!t1_loop_back(t, in->imm)) {
        t1_writeback(t, false); /* the fall-through path keeps them dirty */
        chain_exit(t, in->imm);
    }
    x86_patch_rel32(&t->buf, skip, x86_buf_used(&t->buf));
}

void t1_emit_exit_jump(struct t1 *t, const struct ir_insn *in)
{
    if (t1_loop_back(t, in->imm))
        return;
    t1_writeback(t, true);
    chain_exit(t, in->imm);
}

void t1_emit_jc_entry(struct x86_buf *buf, enum x86_reg pc)
{
    /* rax = &jc[cg_jc_index(pc)] (16-byte entries) */
    x86_mov_rr(buf, 4, X86_RAX, pc);
    x86_imul_rri(buf, 4, X86_RAX, X86_RAX, (int32_t)CG_JC_MUL);
    x86_shift_ri(buf, X86_SHR, 4, X86_RAX, 32 - CG_JC_BITS);
    x86_shift_ri(buf, X86_SHL, 4, X86_RAX, 4);
    x86_alu_rm(buf, X86_ADD, 8, X86_RAX, x86_mem_bd(X86_RSP, T1_FRAME_JC));
}

void t1_emit_exit_indirect(struct t1 *t, const struct ir_insn *in)
{
    struct x86_buf *buf = &t->buf;
    enum x86_reg target = t1_use(t, in->a);
    t1_writeback(t, true);
    t1_emit_jc_entry(buf, target);
    x86_alu_rm(buf, X86_CMP, 8, target, x86_mem_bd(X86_RAX, 0));
    size_t miss = x86_jcc_rel32(buf, X86_CC_NE);
    x86_jmp_m(buf, x86_mem_bd(X86_RAX, 8));
    x86_patch_rel32(buf, miss, x86_buf_used(buf));
    x86_store(buf, 8, state_field(IR_CTX_OFF(pc)), target);
    t1_exit_to_runtime(t, CG_EXIT_INDIRECT);
}

void t1_emit_exit_trap(struct t1 *t, const struct ir_insn *in)
{
    t1_writeback(t, true);
    t1_set_pc_imm(t, in->imm);
    x86_mov_ri(&t->buf, X86_RDX, in->aux);
    t1_exit_to_runtime(t, CG_EXIT_TRAP);
}

/*
 * Helpers follow the System V ABI: (ctx, a, b, c, imm) in rdi, rsi, rdx,
 * rcx, r8; the result in rax. Values in caller-saved registers are spilled
 * first, so the arguments load without conflicts. The helper is reached
 * through the table pointer in the entry frame: no absolute address in
 * the code.
 */
void t1_emit_call(struct t1 *t, const struct ir_insn *in)
{
    static const enum x86_reg args[3] = {X86_RSI, X86_RDX, X86_RCX};
    const ir_temp ops[3] = {in->a, in->b, in->c};
    struct x86_buf *buf = &t->buf;
    if (in->aux >= IR_NUM_HELPERS) {
        t1_fail(t, "unknown helper");
        return;
    }
    if (t1_emit_fp_fast(t, in) || t1_emit_host_sse(t, in))
        return;
    t1_prepare_call(t);
    for (int i = 0; i < 3; i++)
        if (ops[i])
            t1_load_temp(t, args[i], ops[i]);
    x86_mov_ri(buf, X86_R8, in->imm);
    x86_mov_rr(buf, 8, X86_RDI, T1_STATE);
    x86_load(buf, 8, X86_RAX, x86_mem_bd(X86_RSP, T1_FRAME_HELPERS));
    x86_call_m(buf, x86_mem_bd(X86_RAX, 8 * in->aux));
    t1_after_call(t, ir_helper_touches_state((enum ir_helper)in->aux));
    if (in->dst && !t1_is_dead(t, in->dst)) {
        enum x86_reg d = t1_def(t, in->dst, 0);
        x86_mov_rr(buf, 8, d, X86_RAX);
    }
}

void t1_add_stub(struct t1 *t, enum t1_stub_kind kind, size_t field,
                 enum x86_reg addr_reg, bool write)
{
    if (t->n_stubs == t->cap_stubs) {
        t1_fail(t, "too many out-of-line stubs");
        return;
    }
    struct t1_stub *s = &t->stubs[t->n_stubs++];
    *s = (struct t1_stub){
        .kind = (uint8_t)kind, .write = write, .addr_reg = (int8_t)addr_reg,
        .field = field, .guest_pc = t->guest_pc,
    };
    if (kind == T1_STUB_BOUNDS || kind == T1_STUB_MISALIGNED ||
        kind == T1_STUB_TLB)
        s->n_live = (uint8_t)t1_live_values(t, s->live);
}

void t1_note_access(struct t1 *t)
{
    if (t->n_faults == t->cap_faults) {
        t1_fail(t, "too many memory accesses");
        return;
    }
    struct cg_fault_entry *e = &t->faults[t->n_faults++];
    *e = (struct cg_fault_entry){
        .host_off = (uint32_t)x86_buf_used(&t->buf), .guest_pc = t->guest_pc,
    };
    e->n_live = (uint8_t)t1_live_values(t, e->live);
}

void t1_emit_stubs(struct t1 *t)
{
    struct x86_buf *buf = &t->buf;
    for (uint32_t i = 0; i < t->n_stubs; i++) {
        const struct t1_stub *s = &t->stubs[i];
        x86_patch_rel32(buf, s->field, x86_buf_used(buf));
        /* The guest state there: what lived in host registers (a loop's
         * mapping for its poll and tier-up stubs, t1_loop.c; the access's
         * snapshot for bounds and alignment stubs). */
        if (s->kind == T1_STUB_TLB) { /* stores them on its fault path */
            t1_emit_sys_mem_stub(t, s);
            continue;
        }
        if (s->kind != T1_STUB_FP)
            for (unsigned k = 0; k < s->n_live; k++)
                x86_store(buf, 8, state_field(s->live[k].state_off),
                          (enum x86_reg)s->live[k].host_reg);
        if (s->kind == T1_STUB_FP) {
            for (unsigned k = 0; k < s->n_more; k++)
                x86_patch_rel32(buf, s->more[k], x86_buf_used(buf));
            t1_emit_fp_stub(t, s);
            continue;
        }
        if (s->kind == T1_STUB_BUDGET) {
            /* Over budget: give the block's count back, leave unrun. */
            x86_alu_mi(buf, X86_ADD, 8,
                       state_field((size_t)(int64_t)t->opts->budget_off),
                       (int32_t)t->blk->guest_insns);
        }
        if (s->kind == T1_STUB_HOT) {
            t1_set_pc_imm(t, s->guest_pc);
            x86_mov_ri(buf, X86_RDX, s->guest_pc);
            /* Where the jump came from: is its loop the region's? */
            uint64_t from = t->blk->pc - s->guest_pc;
            if (from > UINT32_MAX)
                from = 0;
            t1_exit_to_runtime(t, CG_EXIT_HOT | from << CG_HOT_FROM_SHIFT);
            continue;
        }
        if (s->kind == T1_STUB_POLL || s->kind == T1_STUB_BUDGET) {
            t1_set_pc_imm(t, t->blk->pc);
            /* arg: 0 for the poll flag, the missing insns for the budget */
            x86_mov_ri(buf, X86_RDX,
                       s->kind == T1_STUB_BUDGET ? t->blk->guest_insns : 0);
            t1_exit_to_runtime(t, CG_EXIT_POLL);
            continue;
        }
        t1_set_pc_imm(t, s->guest_pc);
        x86_mov_rr(buf, 8, X86_RDX, s->addr_reg);
        uint32_t code = CG_EXIT_FAULT | (s->write ? CG_FAULT_WRITE : 0) |
                        (s->kind == T1_STUB_MISALIGNED ? CG_FAULT_MISALIGNED : 0);
        t1_exit_to_runtime(t, code);
    }
}
