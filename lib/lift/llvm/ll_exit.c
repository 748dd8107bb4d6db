/*
 * ll_exit.c — leaving or moving within a compiled region: exits to the
 * runtime (state written back, ctx->pc set), edges between region blocks
 * (with a poll on backward edges so a guest loop can be interrupted), and
 * helper calls.
 */
#include <stdio.h>

#include "ll_internal.h"

int ll_block_at(const struct ll *l, uint64_t pc)
{
    for (unsigned i = 0; i < l->region->n; i++)
        if (l->region->blocks[i]->pc == pc)
            return (int)i;
    return -1;
}

/* Ends the current basic block: every dirty word and the new pc reach
 * memory, then the function returns code/arg. The dirty set itself is
 * left alone: the path that does not exit continues with it. */
static void exit_to(struct ll *l, LLVMValueRef pc, uint64_t code,
                    LLVMValueRef arg)
{
    ll_store_words(l, &l->dirty, LL_MAX_WORDS);
    LLVMValueRef st =
        LLVMBuildStore(l->bld, pc, ll_state_ptr(l, IR_CTX_OFF(pc)));
    LLVMSetVolatile(st, 1);
    ll_leave(l, code, arg);
}

/* Backward edges (and the entry) check ctx->poll, which another thread or
 * a signal handler sets: volatile, so the load stays in the loop; with a
 * budget (ll_region.budget_off), also whether it ran out. */
void ll_emit_edge(struct ll *l, unsigned target)
{
    LLVMBasicBlockRef dest = l->blocks[target].bb;
    if (target > l->cur_block) {
        LLVMBuildBr(l->bld, dest);
        return;
    }
    if (l->iters)
        LLVMBuildStore(l->bld,
                       LLVMBuildAdd(l->bld,
                                    LLVMBuildLoad2(l->bld, l->i64, l->iters, ""),
                                    ll_const(l, 1), ""),
                       l->iters);
    LLVMValueRef poll = LLVMBuildLoad2(l->bld, l->i32,
                                       ll_state_ptr(l, IR_CTX_OFF(poll)), "");
    LLVMSetVolatile(poll, 1);
    LLVMValueRef stop_now = LLVMBuildICmp(l->bld, LLVMIntNE, poll,
                                          LLVMConstInt(l->i32, 0, 0), "");
    if (l->budget)
        stop_now = LLVMBuildOr(
            l->bld, stop_now,
            LLVMBuildICmp(l->bld, LLVMIntSLE,
                          LLVMBuildLoad2(l->bld, l->i64, l->budget, ""),
                          ll_const(l, 0), ""),
            "");
    LLVMBasicBlockRef stop = ll_new_bb(l, "poll");
    ll_br_rare(l, stop_now, stop, dest);
    LLVMPositionBuilderAtEnd(l->bld, stop);
    exit_to(l, ll_const(l, l->region->blocks[target]->pc), LL_EXIT_POLL,
            ll_const(l, 0));
}

static void emit_exit_if(struct ll *l, const struct ir_insn *in)
{
    LLVMValueRef c = LLVMBuildICmp(l->bld, LLVMIntNE, ll_temp(l, in->a),
                                   ll_const(l, 0), "");
    LLVMBasicBlockRef taken = ll_new_bb(l, "taken");
    LLVMBasicBlockRef next = ll_new_bb(l, "next");
    LLVMBuildCondBr(l->bld, c, taken, next);
    LLVMPositionBuilderAtEnd(l->bld, taken);
    int t = ll_block_at(l, in->imm);
    if (t >= 0)
        ll_emit_edge(l, (unsigned)t);
    else
        exit_to(l, ll_const(l, in->imm), LL_EXIT_JUMP, ll_const(l, 0));
    LLVMPositionBuilderAtEnd(l->bld, next);
}

void ll_emit_exit(struct ll *l, const struct ir_insn *in)
{
    switch ((enum ir_op)in->op) {
    case IR_EXIT_IF:
        emit_exit_if(l, in);
        break;
    case IR_EXIT_JUMP: {
        int t = ll_block_at(l, in->imm);
        if (t >= 0)
            ll_emit_edge(l, (unsigned)t);
        else
            exit_to(l, ll_const(l, in->imm), LL_EXIT_JUMP, ll_const(l, 0));
        break;
    }
    case IR_EXIT_INDIRECT:
        exit_to(l, ll_temp(l, in->a), LL_EXIT_INDIRECT, ll_const(l, 0));
        break;
    case IR_EXIT_TRAP:
        exit_to(l, ll_const(l, in->imm), LL_EXIT_TRAP, ll_const(l, in->aux));
        break;
    default:
        ll_fail(l, "not an exit: %s", ir_op_name((enum ir_op)in->op));
    }
}

void ll_helper_symbol(enum ir_helper h, char *out, size_t len)
{
    snprintf(out, len, "ir_helper_%s", ir_helper_name(h));
}

static LLVMValueRef helper_decl(struct ll *l, enum ir_helper h)
{
    char name[64];
    ll_helper_symbol(h, name, sizeof(name));
    LLVMValueRef fn = LLVMGetNamedFunction(l->mod, name);
    if (!fn) {
        fn = LLVMAddFunction(l->mod, name, l->helper_ty);
        LLVMSetLinkage(fn, LLVMExternalLinkage);
    }
    return fn;
}

/* The call itself (the header words already in memory). */
static LLVMValueRef build_call(struct ll *l, const struct ir_insn *in)
{
    LLVMValueRef args[5] = {l->cpu, ll_temp(l, in->a), ll_temp(l, in->b),
                            ll_temp(l, in->c), ll_const(l, in->imm)};
    return LLVMBuildCall2(l->bld, l->helper_ty,
                          helper_decl(l, (enum ir_helper)in->aux), args, 5,
                          "");
}

/* Helpers see the CPU state: the ir_ctx words they may read (frm) go to
 * memory first, the ones they may write (fflags) are reloaded after.
 * Guest registers stay in SSA values across the call. Common
 * floating-point cases run inline (ll_fp.c). */
void ll_emit_call(struct ll *l, const struct ir_insn *in)
{
    if (in->aux >= IR_NUM_HELPERS) {
        ll_fail(l, "unknown helper %u", in->aux);
        return;
    }
    if (ll_emit_fp_fast(l, in, build_call) ||
        ll_emit_host_sse(l, in, build_call))
        return;
    unsigned words = ir_helper_touches_state((enum ir_helper)in->aux)
                         ? LL_MAX_WORDS : LL_HEADER_WORDS;
    ll_writeback(l, words);
    LLVMValueRef r = build_call(l, in);
    ll_reload_words(l, words);
    l->temps[in->dst] = r;
}
