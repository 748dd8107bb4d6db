/*
 * ll_lift.c — the driver: one LLVM function per region. Builds the entry
 * (promoted state words into allocas, arena base and limit, the entry
 * poll), translates each region block op by op through a dispatch table,
 * and ends every exit in one return block whose phis carry the exit code
 * and argument.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ll_internal.h"
#include "ll_lift.h"

void ll_fail(struct ll *l, const char *fmt, ...)
{
    if (l->failed)
        return;
    l->failed = true;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(l->err, l->errlen, fmt, ap);
    va_end(ap);
}

LLVMValueRef ll_const(struct ll *l, uint64_t v)
{
    return LLVMConstInt(l->i64, v, 0);
}

LLVMTypeRef ll_int(struct ll *l, unsigned bytes)
{
    return LLVMIntTypeInContext(l->cx, bytes * 8);
}

/* t0 ("no operand") reads as 0, as in the interpreter. */
LLVMValueRef ll_temp(struct ll *l, ir_temp t)
{
    return t ? l->temps[t] : ll_const(l, 0);
}

LLVMBasicBlockRef ll_new_bb(struct ll *l, const char *name)
{
    return LLVMAppendBasicBlockInContext(l->cx, l->fn, name);
}

LLVMValueRef ll_br_rare(struct ll *l, LLVMValueRef cond,
                        LLVMBasicBlockRef rare, LLVMBasicBlockRef common)
{
    LLVMValueRef br = LLVMBuildCondBr(l->bld, cond, rare, common);
    LLVMSetMetadata(br, LLVMGetMDKindIDInContext(l->cx, "prof", 4),
                    l->unlikely);
    return br;
}

void ll_leave(struct ll *l, uint64_t code, LLVMValueRef arg)
{
    LLVMBasicBlockRef here = LLVMGetInsertBlock(l->bld);
    LLVMValueRef c = ll_const(l, code);
    LLVMAddIncoming(l->ret_code, &c, &here, 1);
    LLVMAddIncoming(l->ret_arg, &arg, &here, 1);
    LLVMBuildBr(l->bld, l->ret_bb);
}

typedef void (*emit_fn)(struct ll *l, const struct ir_insn *in);

static void emit_insn_start(struct ll *l, const struct ir_insn *in)
{
    ll_set_pc(l, in->imm);
}

static void emit_const(struct ll *l, const struct ir_insn *in)
{
    l->temps[in->dst] = ll_const(l, in->imm);
}

static void emit_get(struct ll *l, const struct ir_insn *in)
{
    l->temps[in->dst] = ll_get(l, in->imm, in->size);
}

static void emit_put(struct ll *l, const struct ir_insn *in)
{
    ll_put(l, in->imm, in->size, ll_temp(l, in->a));
}

static void emit_pure(struct ll *l, const struct ir_insn *in)
{
    ll_emit_pure(l, in);
}

/* Ops that are not pure; every other op goes to ll_emit_pure. */
static const emit_fn emit_table[IR_NUM_OPS] = {
    [IR_INSN] = emit_insn_start, [IR_CONST] = emit_const,
    [IR_GET] = emit_get,         [IR_PUT] = emit_put,
    [IR_LOAD] = ll_emit_mem,     [IR_STORE] = ll_emit_mem,
    [IR_AMO] = ll_emit_mem,      [IR_CAS] = ll_emit_mem,
    [IR_CAS16] = ll_emit_mem,
    [IR_FENCE] = ll_emit_mem,    [IR_CALL] = ll_emit_call,
    [IR_EXIT_IF] = ll_emit_exit, [IR_EXIT_JUMP] = ll_emit_exit,
    [IR_EXIT_INDIRECT] = ll_emit_exit, [IR_EXIT_TRAP] = ll_emit_exit,
};

static void translate_block(struct ll *l, unsigned i)
{
    const struct ir_block *b = l->blocks[i].ir;
    l->cur_block = i;
    l->dirty = l->blocks[i].dirty_in;
    l->temps = calloc(b->n_temps + 1u, sizeof(LLVMValueRef));
    if (!l->temps) {
        ll_fail(l, "out of memory");
        return;
    }
    LLVMPositionBuilderAtEnd(l->bld, l->blocks[i].bb);
    if (l->budget) /* the block's instructions, as tier 1 counts them */
        LLVMBuildStore(l->bld,
                       LLVMBuildSub(l->bld,
                                    LLVMBuildLoad2(l->bld, l->i64, l->budget, ""),
                                    ll_const(l, b->guest_insns), ""),
                       l->budget);
    for (uint32_t k = 0; k < b->n && !l->failed; k++) {
        const struct ir_insn *in = &b->insns[k];
        if (in->op >= IR_NUM_OPS) {
            ll_fail(l, "bad op %u", in->op);
            break;
        }
        emit_fn f = emit_table[in->op] ? emit_table[in->op] : emit_pure;
        f(l, in);
        if (ir_op_flags((enum ir_op)in->op) & IR_F_TERM)
            break;
    }
    free(l->temps);
    l->temps = NULL;
}

static void init_types(struct ll *l, LLVMModuleRef m)
{
    l->mod = m;
    l->cx = LLVMGetModuleContext(m);
    l->i1 = LLVMInt1TypeInContext(l->cx);
    l->i8 = LLVMInt8TypeInContext(l->cx);
    l->i32 = LLVMInt32TypeInContext(l->cx);
    l->i64 = LLVMInt64TypeInContext(l->cx);
    l->ptr = LLVMPointerTypeInContext(l->cx, 0);
    LLVMTypeRef pair[2] = {l->i64, l->i64};
    l->exit_ty = LLVMStructTypeInContext(l->cx, pair, 2, 0);
    LLVMTypeRef hargs[5] = {l->ptr, l->i64, l->i64, l->i64, l->i64};
    l->helper_ty = LLVMFunctionType(l->i64, hargs, 5, 0);
    LLVMMetadataRef w[3] = {
        LLVMMDStringInContext2(l->cx, "branch_weights", 14),
        LLVMValueAsMetadata(LLVMConstInt(l->i32, 1, 0)),
        LLVMValueAsMetadata(LLVMConstInt(l->i32, 1 << 20, 0)),
    };
    l->unlikely = LLVMMetadataAsValue(l->cx, LLVMMDNodeInContext2(l->cx, w, 3));
}

static void add_fn_attr(struct ll *l, const char *name)
{
    unsigned kind = LLVMGetEnumAttributeKindForName(name, strlen(name));
    LLVMAddAttributeAtIndex(l->fn, LLVMAttributeFunctionIndex,
                            LLVMCreateEnumAttribute(l->cx, kind, 0));
}

/* The function, its return block and its entry block. */
static void build_frame(struct ll *l, const char *name)
{
    LLVMTypeRef fty = LLVMFunctionType(l->exit_ty, &l->ptr, 1, 0);
    l->fn = LLVMAddFunction(l->mod, name, fty);
    add_fn_attr(l, "nounwind");
    l->cpu = LLVMGetParam(l->fn, 0);
    LLVMSetValueName2(l->cpu, "cpu", 3);
    LLVMBasicBlockRef entry = ll_new_bb(l, "entry");
    if (l->region->iters_off) {
        LLVMPositionBuilderAtEnd(l->bld, entry);
        l->iters = LLVMBuildAlloca(l->bld, l->i64, "iters");
        LLVMBuildStore(l->bld, ll_const(l, 0), l->iters);
    }
    if (l->region->budget_off) {
        LLVMPositionBuilderAtEnd(l->bld, entry);
        l->budget = LLVMBuildAlloca(l->bld, l->i64, "budget");
        LLVMBuildStore(l->bld,
                       LLVMBuildLoad2(l->bld, l->i64,
                                      ll_state_ptr(l, (uint64_t)(int64_t)
                                                          l->region->budget_off),
                                      ""),
                       l->budget);
    }
    l->ret_bb = ll_new_bb(l, "ret");
    LLVMPositionBuilderAtEnd(l->bld, l->ret_bb);
    l->ret_code = LLVMBuildPhi(l->bld, l->i64, "code");
    l->ret_arg = LLVMBuildPhi(l->bld, l->i64, "arg");
    if (l->iters) {
        LLVMValueRef p = ll_state_ptr(l, (uint64_t)(int64_t)l->region->iters_off);
        LLVMValueRef sum = LLVMBuildAdd(
            l->bld, LLVMBuildLoad2(l->bld, l->i64, p, ""),
            LLVMBuildLoad2(l->bld, l->i64, l->iters, ""), "");
        LLVMBuildStore(l->bld, sum, p);
    }
    if (l->budget)
        LLVMBuildStore(l->bld, LLVMBuildLoad2(l->bld, l->i64, l->budget, ""),
                       ll_state_ptr(l, (uint64_t)(int64_t)l->region->budget_off));
    LLVMValueRef agg = LLVMGetUndef(l->exit_ty);
    agg = LLVMBuildInsertValue(l->bld, agg, l->ret_code, 0, "");
    agg = LLVMBuildInsertValue(l->bld, agg, l->ret_arg, 1, "");
    LLVMBuildRet(l->bld, agg);
    for (unsigned i = 0; i < l->region->n; i++)
        l->blocks[i].bb = ll_new_bb(l, "block");
    LLVMPositionBuilderAtEnd(l->bld, entry);
    ll_state_prologue(l);
    LLVMValueRef base = LLVMBuildLoad2(
        l->bld, l->i64, ll_state_ptr(l, IR_CTX_OFF(mem_base)), "mem_base");
    l->base = LLVMBuildIntToPtr(l->bld, base, l->ptr, "arena");
    l->limit = LLVMBuildLoad2(l->bld, l->i64,
                              ll_state_ptr(l, IR_CTX_OFF(mem_limit)),
                              "mem_limit");
    LLVMValueRef pages = LLVMBuildLoad2(
        l->bld, l->i64, ll_state_ptr(l, IR_CTX_OFF(mem_pages)), "mem_pages");
    l->pages = LLVMBuildIntToPtr(l->bld, pages, l->ptr, "pages");
    l->cur_block = 0;
    ll_emit_edge(l, 0); /* the entry poll */
}

static bool lift(struct ll *l, const char *name)
{
    for (unsigned i = 0; i < l->region->n; i++) {
        const struct ir_block *b = l->region->blocks[i];
        const char *bad = ir_validate(b);
        if (bad) {
            ll_fail(l, "block %#llx: %s", (unsigned long long)b->pc, bad);
            return false;
        }
        if (ll_block_at(l, b->pc) != (int)i) {
            ll_fail(l, "two region blocks at pc %#llx",
                    (unsigned long long)b->pc);
            return false;
        }
        l->blocks[i].ir = b;
    }
    if (!ll_state_scan(l))
        return false;
    build_frame(l, name);
    ll_dirty_analysis(l);
    for (unsigned i = 0; i < l->region->n && !l->failed; i++)
        translate_block(l, i);
    return !l->failed;
}

bool ll_lift_region(LLVMModuleRef m, const struct ll_region *r,
                    const char *name, char *err, size_t errlen)
{
    if (r->n == 0) {
        snprintf(err, errlen, "empty region");
        return false;
    }
    struct ll *l = calloc(1, sizeof(*l));
    struct ll_block *blocks = calloc(r->n, sizeof(*blocks));
    if (!l || !blocks) {
        free(l);
        free(blocks);
        snprintf(err, errlen, "out of memory");
        return false;
    }
    l->region = r;
    l->blocks = blocks;
    l->err = err;
    l->errlen = errlen;
    init_types(l, m);
    l->bld = LLVMCreateBuilderInContext(l->cx);
    bool ok = lift(l, name);
    if (!ok && l->fn)
        LLVMDeleteFunction(l->fn);
    LLVMDisposeBuilder(l->bld);
    free(blocks);
    free(l);
    return ok;
}
