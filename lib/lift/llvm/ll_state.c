/*
 * ll_state.c — guest state in a compiled region: which 8-byte words are
 * promoted to allocas, GET/PUT on them, write-back of dirty words, and the
 * analysis of which words may be dirty when each region block starts.
 */
#include <string.h>

#include "ir_host_sse.h"
#include "ll_internal.h"

static unsigned word_of(uint64_t off)
{
    return (unsigned)(off / 8);
}

static void note_access(struct ll *l, uint64_t off, unsigned size)
{
    unsigned first = word_of(off), last = word_of(off + size - 1);
    for (unsigned w = first; w <= last; w++) {
        if (first != last || w == word_of(IR_CTX_OFF(poll)))
            l->mode[w] = LL_WORD_DIRECT;
        else if (l->mode[w] == LL_WORD_UNUSED)
            l->mode[w] = LL_WORD_PROMOTED;
    }
}

/* The xmm slots (both halves) and the guard word an inline host SSE
 * instruction reads or writes through ll_get/ll_put (ll_vec.c); false for
 * other insns. */
static bool host_sse_words(const struct ir_insn *in, uint32_t off[5],
                           unsigned *n, unsigned *n_written)
{
    struct ir_host_sse f;
    if (!ir_host_sse_form(in, &f))
        return false;
    *n = *n_written = 0;
    if (f.kind != IR_HOST_SSE_TO_INT) {
        off[(*n)++] = f.dst_off;
        off[(*n)++] = f.dst_off + 8;
        *n_written = 2;
    }
    if (f.kind != IR_HOST_SSE_FROM_INT) {
        off[(*n)++] = f.src_off;
        off[(*n)++] = f.src_off + 8;
    }
    off[(*n)++] = f.guard_off;
    return true;
}

/* Decides each word's mode from every GET/PUT in the region. */
bool ll_state_scan(struct ll *l)
{
    memset(l->mode, LL_WORD_UNUSED, sizeof(l->mode));
    l->mode[word_of(IR_CTX_OFF(pc))] = LL_WORD_PROMOTED; /* INSN writes it */
    for (unsigned i = 0; i < l->region->n; i++) {
        const struct ir_block *b = l->region->blocks[i];
        for (uint32_t k = 0; k < b->n; k++) {
            const struct ir_insn *in = &b->insns[k];
            /* Inline floating point reads fflags and frm (ll_fp.c). */
            if (ll_fp_inlinable(in))
                note_access(l, IR_CTX_OFF(fflags), 8);
            uint32_t off[5];
            unsigned n, n_written;
            if (host_sse_words(in, off, &n, &n_written))
                for (unsigned i = 0; i < n; i++)
                    note_access(l, off[i], i + 1 == n ? 4 : 8);
            if (in->op != IR_GET && in->op != IR_PUT)
                continue;
            if (in->imm > LL_MAX_STATE_BYTES - in->size) {
                ll_fail(l, "state offset %#llx beyond %u bytes",
                        (unsigned long long)in->imm, LL_MAX_STATE_BYTES);
                return false;
            }
            note_access(l, in->imm, in->size);
        }
    }
    return true;
}

LLVMValueRef ll_state_ptr(struct ll *l, uint64_t off)
{
    LLVMValueRef idx = ll_const(l, off);
    return LLVMBuildInBoundsGEP2(l->bld, l->i8, l->cpu, &idx, 1, "");
}

static LLVMValueRef load_word(struct ll *l, unsigned w)
{
    return LLVMBuildLoad2(l->bld, l->i64, ll_state_ptr(l, 8ull * w), "");
}

/* Allocas (in the entry block, for mem2reg) holding the promoted words,
 * initialized from the CPU state. */
void ll_state_prologue(struct ll *l)
{
    for (unsigned w = 0; w < LL_MAX_WORDS; w++) {
        if (l->mode[w] != LL_WORD_PROMOTED)
            continue;
        l->slot[w] = LLVMBuildAlloca(l->bld, l->i64, "");
        LLVMBuildStore(l->bld, load_word(l, w), l->slot[w]);
    }
}

static uint64_t mask_of(unsigned size)
{
    return size >= 8 ? UINT64_MAX : (UINT64_C(1) << (size * 8)) - 1;
}

LLVMValueRef ll_get(struct ll *l, uint64_t off, unsigned size)
{
    unsigned w = word_of(off);
    if (l->mode[w] == LL_WORD_DIRECT) {
        LLVMValueRef v = LLVMBuildLoad2(l->bld, ll_int(l, size),
                                        ll_state_ptr(l, off), "");
        LLVMSetAlignment(v, 1);
        return size == 8 ? v : LLVMBuildZExt(l->bld, v, l->i64, "");
    }
    LLVMValueRef v = LLVMBuildLoad2(l->bld, l->i64, l->slot[w], "");
    if (off % 8)
        v = LLVMBuildLShr(l->bld, v, ll_const(l, off % 8 * 8), "");
    if (size < 8)
        v = LLVMBuildAnd(l->bld, v, ll_const(l, mask_of(size)), "");
    return v;
}

void ll_put(struct ll *l, uint64_t off, unsigned size, LLVMValueRef v)
{
    unsigned w = word_of(off);
    if (l->mode[w] == LL_WORD_DIRECT) {
        /* Volatile: kept in order with the accesses that may fault. */
        if (size < 8)
            v = LLVMBuildTrunc(l->bld, v, ll_int(l, size), "");
        LLVMValueRef st = LLVMBuildStore(l->bld, v, ll_state_ptr(l, off));
        LLVMSetAlignment(st, 1);
        LLVMSetVolatile(st, 1);
        return;
    }
    if (size < 8) {
        unsigned sh = (unsigned)(off % 8 * 8);
        uint64_t m = mask_of(size) << sh;
        LLVMValueRef old = LLVMBuildLoad2(l->bld, l->i64, l->slot[w], "");
        LLVMValueRef keep = LLVMBuildAnd(l->bld, old, ll_const(l, ~m), "");
        LLVMValueRef part = LLVMBuildAnd(l->bld, v, ll_const(l, mask_of(size)),
                                         "");
        if (sh)
            part = LLVMBuildShl(l->bld, part, ll_const(l, sh), "");
        v = LLVMBuildOr(l->bld, keep, part, "");
    }
    LLVMBuildStore(l->bld, v, l->slot[w]);
    ll_set_add(&l->dirty, w);
}

void ll_set_pc(struct ll *l, uint64_t pc)
{
    ll_put(l, IR_CTX_OFF(pc), 8, ll_const(l, pc));
}

void ll_store_words(struct ll *l, const struct ll_set *dirty,
                    unsigned limit_words)
{
    for (unsigned w = 0; w < limit_words; w++) {
        if (!ll_set_has(dirty, w) || l->mode[w] != LL_WORD_PROMOTED)
            continue;
        LLVMValueRef v = LLVMBuildLoad2(l->bld, l->i64, l->slot[w], "");
        LLVMSetVolatile(LLVMBuildStore(l->bld, v, ll_state_ptr(l, 8ull * w)),
                        1);
    }
}

static void set_clear_below(struct ll_set *s, unsigned limit_words)
{
    for (unsigned w = 0; w < limit_words; w++)
        s->w[w / 64] &= ~(UINT64_C(1) << (w % 64));
}

void ll_writeback(struct ll *l, unsigned limit_words)
{
    ll_store_words(l, &l->dirty, limit_words);
    set_clear_below(&l->dirty, limit_words);
}

/* After a helper call: the helper may have changed ctx (fflags), and a
 * state helper any guest register below limit_words. */
void ll_reload_words(struct ll *l, unsigned limit_words)
{
    for (unsigned w = 0; w < limit_words; w++)
        if (l->mode[w] == LL_WORD_PROMOTED)
            LLVMBuildStore(l->bld, load_word(l, w), l->slot[w]);
}

static bool set_merge(struct ll_set *into, const struct ll_set *from)
{
    bool changed = false;
    for (unsigned i = 0; i < LL_SET_WORDS; i++) {
        uint64_t v = into->w[i] | from->w[i];
        changed |= v != into->w[i];
        into->w[i] = v;
    }
    return changed;
}

/* Runs block i's effect on the dirty set, merging it into the blocks its
 * internal edges reach. Mirrors exactly what translation does: an inline
 * host SSE instruction (ll_vec.c) dirties the xmm words it writes; INSN and
 * PUT dirty a promoted word, CAS16 and state helpers write everything
 * back, other helper calls write back the ir_ctx words. Other memory ops
 * write back nothing (only their cold careful path stores, and keeps the
 * words dirty). */
static bool propagate(struct ll *l, unsigned i)
{
    const struct ir_block *b = l->blocks[i].ir;
    struct ll_set d = l->blocks[i].dirty_in;
    bool changed = false;
    for (uint32_t k = 0; k < b->n; k++) {
        const struct ir_insn *in = &b->insns[k];
        unsigned fl = ir_op_flags((enum ir_op)in->op);
        uint32_t off[5];
        unsigned n, n_written;
        if (host_sse_words(in, off, &n, &n_written)) {
            /* Inline, the helper only on a rare path that keeps them. */
            for (unsigned i = 0; i < n_written; i++)
                if (l->mode[word_of(off[i])] == LL_WORD_PROMOTED)
                    ll_set_add(&d, word_of(off[i]));
        } else if (in->op == IR_INSN)
            ll_set_add(&d, word_of(IR_CTX_OFF(pc)));
        else if (in->op == IR_PUT && l->mode[word_of(in->imm)] ==
                                         LL_WORD_PROMOTED)
            ll_set_add(&d, word_of(in->imm));
        else if (in->op == IR_CAS16 ||
                 ((fl & IR_F_HELPER) &&
                  ir_helper_touches_state((enum ir_helper)in->aux)))
            memset(&d, 0, sizeof(d));
        else if (fl & IR_F_HELPER)
            set_clear_below(&d, LL_HEADER_WORDS);
        else if (in->op == IR_EXIT_IF || in->op == IR_EXIT_JUMP) {
            int t = ll_block_at(l, in->imm);
            if (t >= 0)
                changed |= set_merge(&l->blocks[t].dirty_in, &d);
        }
    }
    return changed;
}

/* dirty_in of every block: a fixpoint over the region's edges (the
 * function's own entry reaches blocks[0] with nothing dirty). */
void ll_dirty_analysis(struct ll *l)
{
    for (unsigned i = 0; i < l->region->n; i++)
        memset(&l->blocks[i].dirty_in, 0, sizeof(struct ll_set));
    bool changed = true;
    while (changed) {
        changed = false;
        for (unsigned i = 0; i < l->region->n; i++)
            changed |= propagate(l, i);
    }
}
