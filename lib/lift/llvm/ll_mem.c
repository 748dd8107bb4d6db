/*
 * ll_mem.c — guest memory in compiled regions. Every access goes through
 * one hook, emit_access(), which emits the user-mode arena path or, in
 * system mode, the inline TLB lookup (emit_sys_access, ll_region.h):
 *
 *   fast path: alignment (IR_MEM_ALIGNED), addr <= limit - size (never a
 *     mask: a wrapped address must fault), not crossing a page, and the
 *     page's byte in the arena's page table (ctx->mem_pages, ir.h) allows
 *     the access. Then the access itself, an ordinary LLVM load or store
 *     through base + addr: no state is written back, guest registers stay
 *     in SSA values across it, and it cannot fault (but for a racing
 *     munmap by another thread, see ll_region.h).
 *   with region->implicit_checks, plain loads and stores of regions keep
 *     only the limit (and alignment) test: the page check and the page
 *     crossing are left to a host fault on the access, folded into it by
 *     LLVM's implicit-check pass, which resumes at the careful path.
 *   careful path (cold, taken when any check fails): the dirty state words
 *     and the pc are stored, a misaligned or out-of-range access leaves
 *     through a fault exit, and anything else (an unmapped or read-only
 *     page, a page holding translated code, a write-tracked page, an access
 *     straddling two pages) is carried out as wave 1 did: a volatile access
 *     whose host fault finds the guest state of its instruction in memory.
 *     Then the fast path's successor continues with the same SSA values.
 *
 * Ordering (the guest's memory model, documented in ll_region.h): riscv64
 * (RVWMO) accesses are plain loads and stores; x86-64 (TSO, region->tso)
 * ones are volatile, which keeps them in program order in LLVM (x86
 * hardware keeps them TSO). Fences and AMOs are sequentially consistent.
 */
#include "ll_internal.h"

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

/* Leaves through a fault exit when cond holds; continues otherwise (the
 * careful path stored the state already). */
static void fault_if(struct ll *l, LLVMValueRef cond, uint64_t code,
                     LLVMValueRef addr)
{
    LLVMBasicBlockRef fault = ll_new_bb(l, "fault");
    LLVMBasicBlockRef ok = ll_new_bb(l, "ok");
    ll_br_rare(l, cond, fault, ok);
    LLVMPositionBuilderAtEnd(l->bld, fault);
    ll_leave(l, code, addr);
    LLVMPositionBuilderAtEnd(l->bld, ok);
}

/* The pointer through an opaque value that LLVM may still merge and hoist
 * (no memory effects), so the access uses exactly the register the null
 * test reads: the implicit-check pass folds only `test r, r; je` followed
 * by an access through r. */
static LLVMValueRef opaque_pointer(struct ll *l, LLVMValueRef p)
{
    LLVMValueRef v = opaque(l, p);
    unsigned kinds[] = {
        LLVMGetEnumAttributeKindForName("memory", 6),
        LLVMGetEnumAttributeKindForName("nounwind", 8),
        LLVMGetEnumAttributeKindForName("willreturn", 10),
    };
    for (unsigned i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
        LLVMAddCallSiteAttribute(
            v, LLVMAttributeFunctionIndex,
            LLVMCreateEnumAttribute(l->cx, kinds[i], 0)); /* memory(none) */
    return v;
}

/* Whether state word put at p (a PUT) is put again later in the block,
 * with nothing in between that could see it: LLVM then drops the first. */
static bool put_is_overwritten(const struct ir_block *b,
                               const struct ir_insn *p)
{
    for (const struct ir_insn *u = p + 1; u < b->insns + b->n; u++) {
        if (u->op == IR_PUT && u->imm == p->imm && u->size >= p->size)
            return true;
        if (ir_op_flags((enum ir_op)u->op) &
            (IR_F_MEM | IR_F_HELPER | IR_F_EXIT | IR_F_TERM))
            return false; /* an exit, access or call may see the state */
        if (u->op == IR_GET && u->imm < p->imm + p->size &&
            p->imm < u->imm + u->size)
            return false;
    }
    return false;
}

/* Whether the value of load `in` may be used: read by a later
 * instruction of its block other than a PUT, or put in a state word that
 * survives. An unused load's access would be deleted by LLVM, and with it
 * the host fault an implicit check relies on; it keeps the explicit
 * checks. (A value put at the end of a block and overwritten first thing
 * in the next block of the region is not seen here.) */
static bool load_is_read(const struct ll *l, const struct ir_insn *in)
{
    const struct ir_block *b = l->region->blocks[l->cur_block];
    if (in < b->insns || in >= b->insns + b->n)
        return true;
    for (const struct ir_insn *u = in + 1; u < b->insns + b->n; u++) {
        unsigned nargs = ir_op_nargs((enum ir_op)u->op);
        bool uses = (nargs > 0 && u->a == in->dst) ||
                    (nargs > 1 && u->b == in->dst) ||
                    (nargs > 2 && u->c == in->dst);
        if (uses && (u->op != IR_PUT || !put_is_overwritten(b, u)))
            return true;
    }
    return false;
}

/* Whether the next implicit-check candidate may be implicit (the backend
 * may have asked for it to stay explicit); numbers the candidates. */
static bool next_candidate(struct ll *l, unsigned *k)
{
    const struct ll_region *r = l->region;
    *k = l->implicit_seq++;
    return !(r->explicit_ids && *k < r->n_explicit_ids &&
             ((r->explicit_ids[*k / 8] >> (*k % 8)) & 1));
}

/* The careful path's marker (LL_CAREFUL_SECTION): candidate k, and where
 * the path starts relative to the function (both labels are in .text,
 * so the assembler resolves the difference). */
static void careful_marker(struct ll *l, unsigned k)
{
    size_t len = 0;
    const char *fn = LLVMGetValueName2(l->fn, &len);
    char text[256];
    int n = snprintf(text, sizeof(text),
                     "1:\n\t.pushsection " LL_CAREFUL_SECTION
                     ",\"a\",@progbits\n\t.long %u\n\t.long 1b - %.*s\n"
                     "\t.popsection",
                     k, (int)len, fn);
    if (n < 0 || (size_t)n >= sizeof(text)) {
        ll_fail(l, "careful marker too long");
        return;
    }
    LLVMTypeRef fty = LLVMFunctionType(LLVMVoidTypeInContext(l->cx), NULL,
                                       0, 0);
    LLVMValueRef as = LLVMGetInlineAsm(fty, text, (size_t)n, "", 0, 1, 0,
                                       LLVMInlineAsmDialectATT, 0);
    LLVMBuildCall2(l->bld, fty, as, NULL, 0, "");
}

/* Does the page-table byte of addr's page let the access go straight to
 * the host page? addr is known to be below the limit. */
static LLVMValueRef page_allows(struct ll *l, LLVMValueRef addr, bool write)
{
    LLVMValueRef idx = LLVMBuildLShr(l->bld, addr, ll_const(l, IR_PAGE_SHIFT),
                                     "");
    LLVMValueRef p = LLVMBuildGEP2(l->bld, l->i8, l->pages, &idx, 1, "");
    LLVMValueRef pp = LLVMBuildLoad2(l->bld, l->i8, p, "page");
    /* Invariant while a region runs: only system calls change the map, and
     * they are exits (another thread's munmap is the race ll_region.h
     * describes). Lets LLVM merge the checks of one page. */
    unsigned inv = LLVMGetMDKindIDInContext(l->cx, "invariant.load", 14);
    LLVMSetMetadata(pp, inv, LLVMMDNodeInContext(l->cx, NULL, 0));
    LLVMTypeRef i8 = l->i8;
    if (!write)
        return LLVMBuildICmp(
            l->bld, LLVMIntNE,
            LLVMBuildAnd(l->bld, pp, LLVMConstInt(i8, IR_PAGE_READABLE, 0), ""),
            LLVMConstInt(i8, 0, 0), "");
    return LLVMBuildICmp(
        l->bld, LLVMIntEQ,
        LLVMBuildAnd(l->bld, pp, LLVMConstInt(i8, IR_PAGE_WRITE_MASK, 0), ""),
        LLVMConstInt(i8, IR_PAGE_WRITE_OK, 0), "");
}

/*
 * One guest access: the checks, then `fast` on the fast path and `careful`
 * on the careful one (each given the host pointer, returning the access's
 * value or NULL), merged. Returns the value (a phi) or NULL.
 */
typedef LLVMValueRef access_fn(struct ll *l, const struct ir_insn *in,
                               LLVMValueRef host);

/* Ends the careful path (the current block) and joins it with the fast
 * one at join: the access's value (a phi), or NULL for a store. */
static LLVMValueRef join_paths(struct ll *l, LLVMBasicBlockRef join,
                               LLVMValueRef v_hot, LLVMBasicBlockRef hot_end,
                               LLVMValueRef v_cold)
{
    LLVMBasicBlockRef cold_end = LLVMGetInsertBlock(l->bld);
    LLVMBuildBr(l->bld, join);
    LLVMPositionBuilderAtEnd(l->bld, join);
    if (!v_hot)
        return NULL;
    LLVMValueRef phi = LLVMBuildPhi(l->bld, LLVMTypeOf(v_hot), "");
    LLVMValueRef vals[2] = {v_hot, v_cold};
    LLVMBasicBlockRef from[2] = {hot_end, cold_end};
    LLVMAddIncoming(phi, vals, from, 2);
    return phi;
}

/* The TLB's slow path (ir_sys_tlb.h), called with an absolute address:
 * JIT code only, never an image. */
static LLVMValueRef call_slow(struct ll *l, LLVMValueRef addr,
                              LLVMValueRef value, uint64_t kind)
{
    const struct ir_sys_tlb *t = l->region->sys_tlb;
    LLVMTypeRef args[4] = {l->ptr, l->i64, l->i64, l->i64};
    LLVMTypeRef fty = LLVMFunctionType(l->ptr, args, 4, 0);
    LLVMValueRef fn = LLVMConstIntToPtr(
        ll_const(l, (uint64_t)(uintptr_t)t->slow), l->ptr);
    LLVMValueRef av[4] = {l->cpu, addr, value, ll_const(l, kind)};
    return LLVMBuildCall2(l->bld, fty, fn, av, 4, "");
}

/*
 * System mode's access (ll_region.sys_tlb): the inline TLB lookup, then
 * `fast` through the entry's host address; on a miss the careful path
 * stores the state, leaves for a misaligned IR_MEM_ALIGNED access, and
 * calls the slow path, whose NULL (a fault it recorded) leaves too; else
 * `careful` through the address it returned.
 */
static LLVMValueRef emit_sys_access(struct ll *l, const struct ir_insn *in,
                                    unsigned sys_kind, access_fn *fast,
                                    access_fn *careful)
{
    LLVMBuilderRef b = l->bld;
    const struct ir_sys_tlb *t = l->region->sys_tlb;
    bool write = sys_kind != IR_SYS_LOAD;
    uint64_t code = LL_EXIT_FAULT | (write ? LL_FAULT_WRITE : 0);
    LLVMValueRef addr = ll_temp(l, in->a);
    /* entry = table + ((addr >> 12) & (entries - 1)) * entry size */
    LLVMValueRef table = write ? LLVMBuildIntToPtr(b, l->limit, l->ptr, "")
                               : l->base;
    LLVMValueRef off = LLVMBuildAnd(
        b, LLVMBuildLShr(b, addr, ll_const(l, 12 - t->entry_shift), ""),
        ll_const(l, (((uint64_t)1 << t->index_bits) - 1) << t->entry_shift),
        "");
    LLVMValueRef entry = LLVMBuildGEP2(b, l->i8, table, &off, 1, "tlbe");
    LLVMValueRef tag_off = ll_const(l, (uint64_t)(int64_t)t->tag_off[write]);
    LLVMValueRef tag = LLVMBuildLoad2(
        b, l->i64, LLVMBuildGEP2(b, l->i8, entry, &tag_off, 1, ""), "tag");
    LLVMValueRef last_page = LLVMBuildAnd(
        b, LLVMBuildAdd(b, addr, ll_const(l, in->size - 1u), ""),
        ll_const(l, ~(uint64_t)4095), "");
    LLVMValueRef miss = LLVMBuildICmp(b, LLVMIntNE, tag, last_page, "");
    LLVMValueRef misaligned = NULL;
    if ((in->aux & IR_MEM_ALIGNED) && in->size > 1) {
        misaligned = LLVMBuildICmp(
            b, LLVMIntNE,
            LLVMBuildAnd(b, addr, ll_const(l, in->size - 1u), ""),
            ll_const(l, 0), "");
        miss = LLVMBuildOr(b, miss, misaligned, "");
    }
    LLVMBasicBlockRef hot = ll_new_bb(l, "access");
    LLVMBasicBlockRef cold = ll_new_bb(l, "careful");
    LLVMBasicBlockRef join = ll_new_bb(l, "accessed");
    ll_br_rare(l, miss, cold, hot);

    LLVMPositionBuilderAtEnd(b, hot);
    LLVMValueRef addend_off = ll_const(l, (uint64_t)(int64_t)t->addend_off);
    LLVMValueRef addend = LLVMBuildLoad2(
        b, l->i64, LLVMBuildGEP2(b, l->i8, entry, &addend_off, 1, ""), "");
    LLVMValueRef host_addr = LLVMBuildAdd(b, addend, addr, "");
    LLVMValueRef v_hot = fast(l, in, LLVMBuildIntToPtr(b, host_addr, l->ptr, ""));
    LLVMBasicBlockRef hot_end = LLVMGetInsertBlock(b);
    LLVMBuildBr(b, join);

    LLVMPositionBuilderAtEnd(b, cold);
    ll_store_words(l, &l->dirty, LL_MAX_WORDS);
    if (misaligned)
        fault_if(l, misaligned, code | LL_FAULT_MISALIGNED, addr);
    LLVMValueRef value = sys_kind == IR_SYS_STORE
                             ? zext64(l, ll_temp(l, in->b))
                             : ll_const(l, 0);
    LLVMValueRef host = call_slow(l, addr, value, in->size | sys_kind << 8);
    fault_if(l, LLVMBuildICmp(b, LLVMIntEQ, host, LLVMConstNull(l->ptr), ""),
             code, addr);
    LLVMValueRef v_cold = careful(l, in, host);
    return join_paths(l, join, v_hot, hot_end, v_cold);
}

static LLVMValueRef emit_access(struct ll *l, const struct ir_insn *in,
                                bool write, bool implicit, access_fn *fast,
                                access_fn *careful)
{
    LLVMBuilderRef b = l->bld;
    if (l->region->sys_tlb) {
        unsigned kind = in->op == IR_LOAD    ? IR_SYS_LOAD
                        : in->op == IR_STORE ? IR_SYS_STORE
                                             : IR_SYS_RMW;
        (void)write;
        (void)implicit;
        return emit_sys_access(l, in, kind, fast, careful);
    }
    unsigned k = 0;
    if (implicit)
        implicit = next_candidate(l, &k);
    LLVMValueRef addr = ll_temp(l, in->a);
    LLVMValueRef host = LLVMBuildGEP2(b, l->i8, l->base, &addr, 1, "");
    LLVMValueRef host_fast = host;
    uint64_t code = LL_EXIT_FAULT | (write ? LL_FAULT_WRITE : 0);
    bool aligned = (in->aux & IR_MEM_ALIGNED) && in->size > 1;
    /* addr + size <= limit, written so that a wrapped address fails. */
    LLVMValueRef last = LLVMBuildSub(b, l->limit, ll_const(l, in->size), "");
    LLVMValueRef out = LLVMBuildICmp(b, LLVMIntUGT, addr, last, "");
    LLVMValueRef low = LLVMBuildAnd(b, addr, ll_const(l, in->size - 1u), "");
    LLVMValueRef misaligned =
        LLVMBuildICmp(b, LLVMIntNE, low, ll_const(l, 0), "");
    LLVMValueRef bad = out;
    if (aligned) { /* an aligned access never crosses a page */
        bad = LLVMBuildOr(b, bad, misaligned, "");
    } else if (in->size > 1 && !implicit) { /* a host fault finds it */
        LLVMValueRef in_page = LLVMBuildAnd(
            b, addr, ll_const(l, (1u << IR_PAGE_SHIFT) - 1), "");
        LLVMValueRef crosses = LLVMBuildICmp(
            b, LLVMIntUGT, in_page,
            ll_const(l, (1u << IR_PAGE_SHIFT) - in->size), "");
        bad = LLVMBuildOr(b, bad, crosses, "");
    }
    LLVMBasicBlockRef check = ll_new_bb(l, "page");
    LLVMBasicBlockRef hot = ll_new_bb(l, "access");
    LLVMBasicBlockRef cold = ll_new_bb(l, "careful");
    LLVMBasicBlockRef join = ll_new_bb(l, "accessed");
    ll_br_rare(l, bad, cold, check);
    LLVMPositionBuilderAtEnd(b, check);
    if (implicit) {
        /* A null test that never holds, which the code generator folds
         * into the access: the access itself is the check, and a host
         * fault on it resumes at `cold` (the fault map, ll_region.h). */
        LLVMValueRef fast_host = opaque_pointer(l, host);
        LLVMValueRef is_null = LLVMBuildICmp(b, LLVMIntEQ, fast_host,
                                             LLVMConstNull(l->ptr), "");
        LLVMValueRef br = ll_br_rare(l, is_null, cold, hot);
        LLVMSetMetadata(br,
                        LLVMGetMDKindIDInContext(l->cx, "make.implicit", 13),
                        LLVMMDNodeInContext(l->cx, NULL, 0));
        host_fast = fast_host;
    } else {
        ll_br_rare(l, LLVMBuildNot(b, page_allows(l, addr, write), ""), cold,
                   hot);
    }

    LLVMPositionBuilderAtEnd(b, hot);
    LLVMValueRef v_hot = fast(l, in, host_fast);
    LLVMBasicBlockRef hot_end = LLVMGetInsertBlock(b);
    LLVMBuildBr(b, join);

    LLVMPositionBuilderAtEnd(b, cold);
    if (implicit)
        careful_marker(l, k);
    /* Precise state for what follows: the pc and every changed word. */
    ll_store_words(l, &l->dirty, LL_MAX_WORDS);
    if (aligned)
        fault_if(l, misaligned, code | LL_FAULT_MISALIGNED, addr);
    fault_if(l, out, code, addr);
    LLVMValueRef v_cold = careful(l, in, host);
    return join_paths(l, join, v_hot, hot_end, v_cold);
}

/* A plain access (riscv64) or a volatile one (x86-64: kept in order). */
static void set_ordering(struct ll *l, LLVMValueRef access, bool careful)
{
    if (careful || l->region->tso)
        LLVMSetVolatile(access, 1);
}

static LLVMValueRef load_value(struct ll *l, const struct ir_insn *in,
                               LLVMValueRef host, bool careful)
{
    LLVMTypeRef ty = ll_int(l, in->size);
    LLVMValueRef v = LLVMBuildLoad2(l->bld, ty, host, "");
    LLVMSetAlignment(v, align_of(in));
    set_ordering(l, v, careful);
    if (ty != l->i64 && (in->aux & IR_LD_SIGNED))
        v = LLVMBuildSExt(l->bld, v, l->i64, "");
    v = zext64(l, v);
    /* Careful: volatile, so that a load whose value is dead still faults;
     * opaque, because x86 instruction selection folds a load feeding a
     * select into CMOVrm, which LLVM 19's x86-cmov-conversion rewrites into
     * a branch around the load, so a guest cmov whose condition is false
     * would not fault. (On the fast path the checks already passed.) */
    return careful ? opaque(l, v) : v;
}

static LLVMValueRef load_fast(struct ll *l, const struct ir_insn *in,
                              LLVMValueRef host)
{
    return load_value(l, in, host, false);
}

static LLVMValueRef load_careful(struct ll *l, const struct ir_insn *in,
                                 LLVMValueRef host)
{
    return load_value(l, in, host, true);
}

static void emit_load(struct ll *l, const struct ir_insn *in)
{
    bool implicit = l->region->implicit_checks && load_is_read(l, in);
    l->temps[in->dst] = emit_access(l, in, false, implicit, load_fast,
                                    load_careful);
}

static LLVMValueRef store_value(struct ll *l, const struct ir_insn *in,
                                LLVMValueRef host, bool careful)
{
    LLVMTypeRef ty = ll_int(l, in->size);
    LLVMValueRef st = LLVMBuildStore(l->bld, operand(l, in->b, ty), host);
    LLVMSetAlignment(st, align_of(in));
    /* Careful: volatile, as LLVM deletes a store of the value just loaded
     * from the same address, yet the guest's write must fault on a
     * read-only page. */
    set_ordering(l, st, careful);
    return NULL;
}

static LLVMValueRef store_fast(struct ll *l, const struct ir_insn *in,
                               LLVMValueRef host)
{
    return store_value(l, in, host, false);
}

static LLVMValueRef store_careful(struct ll *l, const struct ir_insn *in,
                                  LLVMValueRef host)
{
    return store_value(l, in, host, true);
}

static void emit_store(struct ll *l, const struct ir_insn *in)
{
    emit_access(l, in, true, l->region->implicit_checks, store_fast,
                store_careful);
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
 * above. Sequentially consistent on both paths; the careful one volatile
 * too (never deleted, never merged, never turned into a load). */
static LLVMValueRef amo_value(struct ll *l, const struct ir_insn *in,
                              LLVMValueRef host, bool careful)
{
    unsigned kind = in->aux & ~IR_MEM_ALIGNED;
    LLVMValueRef v = operand(l, in->b, ll_int(l, in->size));
    if (careful && may_be_idempotent(kind))
        v = opaque(l, v);
    LLVMValueRef old = LLVMBuildAtomicRMW(
        l->bld, amo_ops[kind], host, v,
        LLVMAtomicOrderingSequentiallyConsistent, 0);
    if (careful)
        LLVMSetVolatile(old, 1);
    return zext64(l, old);
}

static LLVMValueRef amo_fast(struct ll *l, const struct ir_insn *in,
                             LLVMValueRef host)
{
    return amo_value(l, in, host, false);
}

static LLVMValueRef amo_careful(struct ll *l, const struct ir_insn *in,
                                LLVMValueRef host)
{
    return amo_value(l, in, host, true);
}

static void emit_amo(struct ll *l, const struct ir_insn *in)
{
    unsigned kind = in->aux & ~IR_MEM_ALIGNED;
    if (kind >= sizeof(amo_ops) / sizeof(amo_ops[0])) {
        ll_fail(l, "unknown AMO kind %u", kind);
        return;
    }
    l->temps[in->dst] = emit_access(l, in, true, false, amo_fast, amo_careful);
}

static LLVMValueRef cas_value(struct ll *l, const struct ir_insn *in,
                              LLVMValueRef host, bool careful)
{
    LLVMTypeRef ty = ll_int(l, in->size);
    LLVMValueRef pair = LLVMBuildAtomicCmpXchg(
        l->bld, host, operand(l, in->b, ty), operand(l, in->c, ty),
        LLVMAtomicOrderingSequentiallyConsistent,
        LLVMAtomicOrderingSequentiallyConsistent, 0);
    if (careful) /* always a locked write, as in the interpreter */
        LLVMSetVolatile(pair, 1);
    return zext64(l, LLVMBuildExtractValue(l->bld, pair, 0, ""));
}

static LLVMValueRef cas_fast(struct ll *l, const struct ir_insn *in,
                             LLVMValueRef host)
{
    return cas_value(l, in, host, false);
}

static LLVMValueRef cas_careful(struct ll *l, const struct ir_insn *in,
                                LLVMValueRef host)
{
    return cas_value(l, in, host, true);
}

static void emit_cas(struct ll *l, const struct ir_insn *in)
{
    l->temps[in->dst] = emit_access(l, in, true, false, cas_fast, cas_careful);
}

/* CAS16 (see ir.h): cmpxchg i128 on the comparand and new value read from
 * the state's scratch (every dirty word is written back first: the
 * scratch is read from memory); the old value is stored back there and
 * its promoted words reloaded. Rare (x86 cmpxchg16b): the same code on
 * both paths. */
static LLVMValueRef cas16_value(struct ll *l, const struct ir_insn *in,
                                LLVMValueRef host)
{
    LLVMTypeRef i128 = LLVMIntTypeInContext(l->cx, 128);
    LLVMValueRef cmp_p = ll_state_ptr(l, in->imm);
    LLVMValueRef expected = LLVMBuildLoad2(l->bld, i128, cmp_p, "");
    LLVMSetAlignment(expected, 8);
    LLVMValueRef desired = LLVMBuildLoad2(l->bld, i128,
                                          ll_state_ptr(l, in->imm + 16), "");
    LLVMSetAlignment(desired, 8);
    LLVMValueRef pair = LLVMBuildAtomicCmpXchg(
        l->bld, host, expected, desired,
        LLVMAtomicOrderingSequentiallyConsistent,
        LLVMAtomicOrderingSequentiallyConsistent, 0);
    LLVMSetAlignment(pair, 16);
    LLVMSetVolatile(pair, 1); /* a locked write even when unequal */
    LLVMValueRef old = LLVMBuildExtractValue(l->bld, pair, 0, "");
    LLVMValueRef st = LLVMBuildStore(l->bld, old, cmp_p);
    LLVMSetAlignment(st, 8);
    LLVMSetVolatile(st, 1); /* kept in order with later faulting accesses */
    return zext64(l, LLVMBuildExtractValue(l->bld, pair, 1, ""));
}

static void emit_cas16(struct ll *l, const struct ir_insn *in)
{
    if (in->imm > LL_MAX_STATE_BYTES - 32) {
        ll_fail(l, "CAS16 scratch %#llx beyond the state",
                (unsigned long long)in->imm);
        return;
    }
    ll_writeback(l, LL_MAX_WORDS);
    l->temps[in->dst] = emit_access(l, in, true, false, cas16_value,
                                    cas16_value);
    for (uint64_t w = in->imm / 8; w <= (in->imm + 15) / 8; w++)
        if (l->mode[w] == LL_WORD_PROMOTED)
            LLVMBuildStore(l->bld, LLVMBuildLoad2(l->bld, l->i64,
                                                  ll_state_ptr(l, 8 * w), ""),
                           l->slot[w]);
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
