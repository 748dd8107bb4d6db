/*
 * ll_mem.c — guest memory in compiled regions. Every access goes through
 * one hook, access_address(), which today emits the user-mode arena path:
 * write back precise state, the alignment check of IR_MEM_ALIGNED
 * accesses, one compare-and-branch against the arena limit (never a mask:
 * a wrapped address must fault), then base + address. System mode will
 * swap in the inline TLB lookup here.
 */
#include "ll_internal.h"

/* Leaves through a fault exit when cond holds; continues otherwise. */
static void fault_if(struct ll *l, LLVMValueRef cond, uint64_t code,
                     LLVMValueRef addr)
{
    LLVMBasicBlockRef fault = ll_new_bb(l, "fault");
    LLVMBasicBlockRef ok = ll_new_bb(l, "ok");
    ll_br_rare(l, cond, fault, ok);
    LLVMPositionBuilderAtEnd(l->bld, fault);
    ll_leave(l, code, addr); /* state was written back before the check */
    LLVMPositionBuilderAtEnd(l->bld, ok);
}

/* Host pointer of the access `in` (size in->size at temp a). */
static LLVMValueRef access_address(struct ll *l, const struct ir_insn *in,
                                   bool write)
{
    LLVMValueRef addr = ll_temp(l, in->a);
    /* Precise faults: ctx->pc and every changed register reach memory
     * before the access, so a host fault in it sees the interpreter's
     * state (see ll_region.h). */
    ll_writeback(l, LL_MAX_WORDS);
    uint64_t code = LL_EXIT_FAULT | (write ? LL_FAULT_WRITE : 0);
    if ((in->aux & IR_MEM_ALIGNED) && in->size > 1) {
        LLVMValueRef low =
            LLVMBuildAnd(l->bld, addr, ll_const(l, in->size - 1u), "");
        fault_if(l, LLVMBuildICmp(l->bld, LLVMIntNE, low, ll_const(l, 0), ""),
                 code | LL_FAULT_MISALIGNED, addr);
    }
    /* addr + size <= limit, written so that a wrapped address fails. */
    LLVMValueRef last = LLVMBuildSub(l->bld, l->limit, ll_const(l, in->size),
                                     "");
    fault_if(l, LLVMBuildICmp(l->bld, LLVMIntUGT, addr, last, ""), code, addr);
    return LLVMBuildGEP2(l->bld, l->i8, l->base, &addr, 1, "");
}

static unsigned align_of(const struct ir_insn *in)
{
    return (in->aux & IR_MEM_ALIGNED) ? in->size : 1;
}

static LLVMValueRef operand(struct ll *l, ir_temp t, LLVMTypeRef ty)
{
    LLVMValueRef v = ll_temp(l, t);
    return ty == l->i64 ? v : LLVMBuildTrunc(l->bld, v, ty, "");
}

static LLVMValueRef zext64(struct ll *l, LLVMValueRef v)
{
    return LLVMTypeOf(v) == l->i64 ? v : LLVMBuildZExt(l->bld, v, l->i64, "");
}

/* v through an empty inline asm: an opaque value LLVM cannot fold. */
static LLVMValueRef opaque(struct ll *l, LLVMValueRef v)
{
    LLVMTypeRef ty = LLVMTypeOf(v);
    LLVMTypeRef fty = LLVMFunctionType(ty, &ty, 1, 0);
    LLVMValueRef as = LLVMGetInlineAsm(fty, "", 0, "=r,0", 4, 0, 0,
                                       LLVMInlineAsmDialectATT, 0);
    return LLVMBuildCall2(l->bld, fty, as, &v, 1, "");
}

static void emit_load(struct ll *l, const struct ir_insn *in)
{
    LLVMTypeRef ty = ll_int(l, in->size);
    LLVMValueRef p = access_address(l, in, false);
    LLVMValueRef v = LLVMBuildLoad2(l->bld, ty, p, "");
    LLVMSetAlignment(v, align_of(in));
    /* Volatile: a load whose value is dead (lbu zero, 0(a0)) must still
     * fault, and LLVM deletes dead plain loads. */
    LLVMSetVolatile(v, 1);
    /* Opaque: x86 instruction selection folds a load feeding a select into
     * CMOVrm, and LLVM 19's x86-cmov-conversion then rewrites every CMOVrm
     * into a branch around the load, volatile or not, so a guest cmovcc
     * whose condition is false would no longer fault. A register value
     * cannot be folded (and the extension before it still folds into a
     * movzx/movsx from memory). */
    if (ty != l->i64 && (in->aux & IR_LD_SIGNED))
        v = LLVMBuildSExt(l->bld, v, l->i64, "");
    l->temps[in->dst] = opaque(l, zext64(l, v));
}

static void emit_store(struct ll *l, const struct ir_insn *in)
{
    LLVMTypeRef ty = ll_int(l, in->size);
    LLVMValueRef p = access_address(l, in, true);
    LLVMValueRef st = LLVMBuildStore(l->bld, operand(l, in->b, ty), p);
    LLVMSetAlignment(st, align_of(in));
    /* Volatile: a store of the value just loaded from the same address is
     * one LLVM deletes, yet the guest's write must fault on a read-only
     * page. */
    LLVMSetVolatile(st, 1);
}

static const LLVMAtomicRMWBinOp amo_ops[] = {
    [IR_AMO_SWAP] = LLVMAtomicRMWBinOpXchg,
    [IR_AMO_ADD] = LLVMAtomicRMWBinOpAdd,
    [IR_AMO_AND] = LLVMAtomicRMWBinOpAnd,
    [IR_AMO_OR] = LLVMAtomicRMWBinOpOr,
    [IR_AMO_XOR] = LLVMAtomicRMWBinOpXor,
    [IR_AMO_MINS] = LLVMAtomicRMWBinOpMin,
    [IR_AMO_MAXS] = LLVMAtomicRMWBinOpMax,
    [IR_AMO_MINU] = LLVMAtomicRMWBinOpUMin,
    [IR_AMO_MAXU] = LLVMAtomicRMWBinOpUMax,
};

/* x86's AtomicExpand turns an RMW it sees to be idempotent (add/or/xor 0,
 * and -1) into a fenced load even when volatile, and a load does not
 * fault on a read-only page as the guest's write must. */
static bool may_be_idempotent(unsigned kind)
{
    return kind == IR_AMO_ADD || kind == IR_AMO_OR || kind == IR_AMO_XOR ||
           kind == IR_AMO_AND;
}

/* Atomics keep LLVM's natural alignment (a lock-prefixed instruction,
 * which x86 also executes on a misaligned address, so the guests whose
 * atomics need no alignment still work); IR_MEM_ALIGNED ones were checked
 * above. */
static void emit_amo(struct ll *l, const struct ir_insn *in)
{
    unsigned kind = in->aux & ~IR_MEM_ALIGNED;
    if (kind >= sizeof(amo_ops) / sizeof(amo_ops[0])) {
        ll_fail(l, "unknown AMO kind %u", kind);
        return;
    }
    LLVMTypeRef ty = ll_int(l, in->size);
    LLVMValueRef p = access_address(l, in, true);
    LLVMValueRef v = operand(l, in->b, ty);
    if (may_be_idempotent(kind))
        v = opaque(l, v);
    LLVMValueRef old = LLVMBuildAtomicRMW(
        l->bld, amo_ops[kind], p, v, LLVMAtomicOrderingSequentiallyConsistent,
        0);
    LLVMSetVolatile(old, 1); /* never deleted, never merged */
    l->temps[in->dst] = zext64(l, old);
}

static void emit_cas(struct ll *l, const struct ir_insn *in)
{
    LLVMTypeRef ty = ll_int(l, in->size);
    LLVMValueRef p = access_address(l, in, true);
    LLVMValueRef pair = LLVMBuildAtomicCmpXchg(
        l->bld, p, operand(l, in->b, ty), operand(l, in->c, ty),
        LLVMAtomicOrderingSequentiallyConsistent,
        LLVMAtomicOrderingSequentiallyConsistent, 0);
    LLVMSetVolatile(pair, 1); /* always a locked write, as in the interpreter */
    l->temps[in->dst] = zext64(l, LLVMBuildExtractValue(l->bld, pair, 0, ""));
}

/* CAS16 (see ir.h): cmpxchg i128 on the comparand and new value read from
 * the state's scratch (access_address wrote every dirty word back); the
 * old value is stored back there and its promoted words reloaded. */
static void emit_cas16(struct ll *l, const struct ir_insn *in)
{
    if (in->imm > LL_MAX_STATE_BYTES - 32) {
        ll_fail(l, "CAS16 scratch %#llx beyond the state",
                (unsigned long long)in->imm);
        return;
    }
    LLVMTypeRef i128 = LLVMIntTypeInContext(l->cx, 128);
    LLVMValueRef p = access_address(l, in, true);
    LLVMValueRef cmp_p = ll_state_ptr(l, in->imm);
    LLVMValueRef expected = LLVMBuildLoad2(l->bld, i128, cmp_p, "");
    LLVMSetAlignment(expected, 8);
    LLVMValueRef desired = LLVMBuildLoad2(l->bld, i128,
                                          ll_state_ptr(l, in->imm + 16), "");
    LLVMSetAlignment(desired, 8);
    LLVMValueRef pair = LLVMBuildAtomicCmpXchg(
        l->bld, p, expected, desired, LLVMAtomicOrderingSequentiallyConsistent,
        LLVMAtomicOrderingSequentiallyConsistent, 0);
    LLVMSetAlignment(pair, 16);
    LLVMSetVolatile(pair, 1); /* a locked write even when unequal */
    LLVMValueRef old = LLVMBuildExtractValue(l->bld, pair, 0, "");
    LLVMValueRef st = LLVMBuildStore(l->bld, old, cmp_p);
    LLVMSetAlignment(st, 8);
    LLVMSetVolatile(st, 1); /* kept in order with later faulting accesses */
    for (uint64_t w = in->imm / 8; w <= (in->imm + 15) / 8; w++)
        if (l->mode[w] == LL_WORD_PROMOTED)
            LLVMBuildStore(l->bld, LLVMBuildLoad2(l->bld, l->i64,
                                                  ll_state_ptr(l, 8 * w), ""),
                           l->slot[w]);
    l->temps[in->dst] =
        zext64(l, LLVMBuildExtractValue(l->bld, pair, 1, ""));
}

void ll_emit_mem(struct ll *l, const struct ir_insn *in)
{
    switch ((enum ir_op)in->op) {
    case IR_LOAD: emit_load(l, in); break;
    case IR_STORE: emit_store(l, in); break;
    case IR_AMO: emit_amo(l, in); break;
    case IR_CAS: emit_cas(l, in); break;
    case IR_CAS16: emit_cas16(l, in); break;
    case IR_FENCE:
        LLVMBuildFence(l->bld, LLVMAtomicOrderingSequentiallyConsistent, 0, "");
        break;
    default: ll_fail(l, "not a memory op: %s", ir_op_name((enum ir_op)in->op));
    }
}
