/*
 * ll_vec.c — helper calls that are one host SSE instruction
 * (ir_host_sse.h) as that instruction in inline assembly, behind a test
 * of the guard word, with the helper call on the rare path.
 *
 * Inline assembly, not LLVM's fadd/fcmp/fptosi: LLVM treats add and mul
 * as commutative (which changes the NaN an x86 result carries), folds
 * constants without raising flags and deletes dead operations whose
 * exception flags the guest may read later. The assembly is marked as
 * having side effects, so each instruction runs once, where the guest
 * ran it; its operands and result are SSA values of the state words
 * (ll_get/ll_put), so a loop keeps its xmm registers in host registers.
 */
#include "ir_host_sse.h"
#include "ll_internal.h"

#include <stdio.h>
#include <string.h>

#define ASM_CLOBBERS "~{dirflag},~{fpsr},~{flags}"

/* The LLVM type an xmm operand of `width` bytes travels in. */
static LLVMTypeRef xmm_type(struct ll *l, unsigned width)
{
    if (width == 4)
        return LLVMFloatTypeInContext(l->cx);
    if (width == 8)
        return LLVMDoubleTypeInContext(l->cx);
    return LLVMVectorType(l->i64, 2);
}

static LLVMValueRef slot_value(struct ll *l, uint32_t off, unsigned width)
{
    LLVMValueRef lo = ll_get(l, off, width >= 8 ? 8 : 4);
    if (width == 4)
        return LLVMBuildBitCast(
            l->bld, LLVMBuildTrunc(l->bld, lo, l->i32, ""), xmm_type(l, 4), "");
    if (width == 8)
        return LLVMBuildBitCast(l->bld, lo, xmm_type(l, 8), "");
    LLVMValueRef v = LLVMGetUndef(xmm_type(l, 16));
    v = LLVMBuildInsertElement(l->bld, v, lo, ll_const(l, 0), "");
    return LLVMBuildInsertElement(l->bld, v, ll_get(l, off + 8, 8),
                                  ll_const(l, 1), "");
}

static void put_slot(struct ll *l, uint32_t off, unsigned width,
                     LLVMValueRef v)
{
    if (width == 4) {
        LLVMValueRef bits = LLVMBuildBitCast(l->bld, v, l->i32, "");
        ll_put(l, off, 4, LLVMBuildZExt(l->bld, bits, l->i64, ""));
    } else if (width == 8) {
        ll_put(l, off, 8, LLVMBuildBitCast(l->bld, v, l->i64, ""));
    } else {
        for (unsigned h = 0; h < 2; h++)
            ll_put(l, off + 8 * h, 8,
                   LLVMBuildExtractElement(l->bld, v, ll_const(l, h), ""));
    }
}

static LLVMValueRef run_asm(struct ll *l, LLVMTypeRef ret, LLVMValueRef *args,
                            unsigned n, const char *text,
                            const char *constraints)
{
    LLVMTypeRef tys[2];
    for (unsigned i = 0; i < n; i++)
        tys[i] = LLVMTypeOf(args[i]);
    LLVMTypeRef fty = LLVMFunctionType(ret, tys, n, 0);
    char full[128];
    snprintf(full, sizeof full, "%s,%s", constraints, ASM_CLOBBERS);
    LLVMValueRef as = LLVMGetInlineAsm(fty, text, strlen(text), full,
                                       strlen(full), 1, 0,
                                       LLVMInlineAsmDialectATT, 0);
    return LLVMBuildCall2(l->bld, fty, as, args, n, "");
}

/* The inline path; returns what the helper would (0 for xmm results). */
static LLVMValueRef emit_fast(struct ll *l, const struct ir_host_sse *f,
                              const struct ir_insn *in)
{
    char text[64];
    LLVMValueRef args[2];
    switch ((enum ir_host_sse_kind)f->kind) {
    case IR_HOST_SSE_BINARY:
        snprintf(text, sizeof text, "%s $2, $0", f->mnemonic);
        args[0] = slot_value(l, f->dst_off, f->width);
        args[1] = slot_value(l, f->src_off, f->src_width);
        put_slot(l, f->dst_off, f->width,
                 run_asm(l, xmm_type(l, f->width), args, 2, text, "=x,0,x"));
        return ll_const(l, 0);
    case IR_HOST_SSE_UNARY:
        snprintf(text, sizeof text, "%s $1, $0", f->mnemonic);
        args[0] = slot_value(l, f->src_off, f->src_width);
        put_slot(l, f->dst_off, f->width,
                 run_asm(l, xmm_type(l, f->width), args, 1, text, "=x,x"));
        return ll_const(l, 0);
    case IR_HOST_SSE_COMPARE: {
        snprintf(text, sizeof text,
                 "%s $4, $3\n\tsetb $0\n\tsetp $1\n\tsete $2", f->mnemonic);
        args[0] = slot_value(l, f->dst_off, f->width);
        args[1] = slot_value(l, f->src_off, f->src_width);
        LLVMTypeRef bytes[3] = {l->i8, l->i8, l->i8};
        LLVMTypeRef st = LLVMStructTypeInContext(l->cx, bytes, 3, 0);
        LLVMValueRef r = run_asm(l, st, args, 2, text, "=q,=q,=q,x,x");
        LLVMValueRef out = ll_const(l, 0);
        static const unsigned bit[3] = {0, 2, 6}; /* CF, PF, ZF */
        for (unsigned i = 0; i < 3; i++) {
            LLVMValueRef v = LLVMBuildZExt(
                l->bld, LLVMBuildExtractValue(l->bld, r, i, ""), l->i64, "");
            v = LLVMBuildShl(l->bld, v, ll_const(l, bit[i]), "");
            out = LLVMBuildOr(l->bld, out, v, "");
        }
        return out;
    }
    case IR_HOST_SSE_FROM_INT: {
        snprintf(text, sizeof text, "%s%c $1, $0", f->mnemonic,
                 f->int_size == 8 ? 'q' : 'l');
        args[0] = ll_temp(l, in->a);
        if (f->int_size == 4)
            args[0] = LLVMBuildTrunc(l->bld, args[0], l->i32, "");
        put_slot(l, f->dst_off, f->width,
                 run_asm(l, xmm_type(l, f->width), args, 1, text, "=x,r"));
        return ll_const(l, 0);
    }
    case IR_HOST_SSE_TO_INT: {
        snprintf(text, sizeof text, "%s $1, $0", f->mnemonic);
        args[0] = slot_value(l, f->src_off, f->src_width);
        LLVMValueRef r = run_asm(l, ll_int(l, f->int_size), args, 1, text,
                                 "=r,x");
        return f->int_size == 8 ? r : LLVMBuildZExt(l->bld, r, l->i64, "");
    }
    }
    return ll_const(l, 0);
}

bool ll_emit_host_sse(struct ll *l, const struct ir_insn *in,
                      LLVMValueRef (*call)(struct ll *, const struct ir_insn *))
{
    struct ir_host_sse f;
    if (!ir_host_sse_form(in, &f))
        return false;
    LLVMValueRef guard = LLVMBuildAnd(l->bld, ll_get(l, f.guard_off, 4),
                                      ll_const(l, f.guard_mask), "");
    LLVMValueRef off = LLVMBuildICmp(l->bld, LLVMIntNE, guard,
                                     ll_const(l, f.guard_value), "");
    LLVMBasicBlockRef slow = ll_new_bb(l, "sse_slow");
    LLVMBasicBlockRef fast = ll_new_bb(l, "sse_fast");
    LLVMBasicBlockRef join = ll_new_bb(l, "sse_join");
    ll_br_rare(l, off, slow, fast);
    /* The helper reads and writes the state: stored, not marked clean
     * (the fast path keeps them dirty), and reloaded after. */
    LLVMPositionBuilderAtEnd(l->bld, slow);
    ll_store_words(l, &l->dirty, LL_MAX_WORDS);
    LLVMValueRef rs = call(l, in);
    ll_reload_words(l, LL_MAX_WORDS);
    LLVMBasicBlockRef slow_end = LLVMGetInsertBlock(l->bld);
    LLVMBuildBr(l->bld, join);
    LLVMPositionBuilderAtEnd(l->bld, fast);
    LLVMValueRef rf = emit_fast(l, &f, in);
    LLVMBasicBlockRef fast_end = LLVMGetInsertBlock(l->bld);
    LLVMBuildBr(l->bld, join);
    LLVMPositionBuilderAtEnd(l->bld, join);
    LLVMValueRef phi = LLVMBuildPhi(l->bld, l->i64, "");
    LLVMValueRef vals[2] = {rs, rf};
    LLVMBasicBlockRef from[2] = {slow_end, fast_end};
    LLVMAddIncoming(phi, vals, from, 2);
    if (in->dst)
        l->temps[in->dst] = phi;
    return true;
}
