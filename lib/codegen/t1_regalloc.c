/*
 * t1_regalloc.c — host registers for one block: temps (SSA, so each is
 * written once and freed after its last use) and a cache of guest
 * registers (8-byte GET/PUT slots of the CPU state).
 *
 * A host register may hold live temps and/or one cached state slot; it is
 * free when it holds neither. When none is free, the least recently used
 * unlocked register is evicted: a clean cached slot is simply forgotten, a
 * dirty one written back, temps stored to spill slots in the entry frame
 * (reloaded at their next use). Constants stay immediates until an op
 * needs them in a register.
 */
#include <string.h>

#include "t1_internal.h"

const enum x86_reg t1_alloc_order[T1_NUM_ALLOC] = {
    X86_RBX, X86_RBP, X86_R12, X86_RSI, X86_RDI,
    X86_R8, X86_R9, X86_R10, X86_R11,
};

static bool caller_saved(enum x86_reg r)
{
    return r != X86_RBX && r != X86_RBP && r != X86_R12;
}

static struct x86_mem spill_mem(int slot)
{
    return x86_mem_bd(X86_RSP, T1_FRAME_SPILL + 8 * slot);
}

static struct x86_mem state_mem(int32_t off)
{
    return x86_mem_bd(T1_STATE, off);
}

void t1_regalloc_init(struct t1 *t)
{
    memset(t->regs, 0, sizeof(t->regs));
    for (int r = 0; r < 16; r++)
        t->regs[r].slot = -1;
    for (uint32_t i = 0; i < T1_SPILL_SLOTS; i++)
        t->free_spill[i] = (uint16_t)(T1_SPILL_SLOTS - 1 - i);
    t->n_free_spill = T1_SPILL_SLOTS;
}

static void store_slot(struct t1 *t, enum x86_reg r)
{
    x86_store(&t->buf, 8, state_mem(t->regs[r].slot), r);
    t->regs[r].dirty = false;
}

static void spill_temp(struct t1 *t, ir_temp v)
{
    struct t1_temp *tp = &t->temps[v];
    if (tp->spill < 0 && !tp->is_const) {
        if (t->n_free_spill == 0) {
            t1_fail(t, "out of spill slots");
            return;
        }
        tp->spill = (int16_t)t->free_spill[--t->n_free_spill];
        x86_store(&t->buf, 8, spill_mem(tp->spill), tp->reg);
    }
    tp->reg = -1;
}

/* Empties register r: its slot written back if dirty, its temps spilled. */
static void evict(struct t1 *t, enum x86_reg r)
{
    struct t1_hreg *h = &t->regs[r];
    if (h->slot >= 0 && h->dirty)
        store_slot(t, r);
    h->slot = -1;
    h->dirty = false;
    if (h->ntemps == 0)
        return;
    for (ir_temp v = 1; v <= t->blk->n_temps; v++)
        if (t->temps[v].reg == r)
            spill_temp(t, v);
    h->ntemps = 0;
}

/* Cost of emptying a register: what eviction would have to store. */
static unsigned evict_cost(const struct t1_hreg *h)
{
    if (h->ntemps > 0)
        return 2;
    return h->dirty ? 1 : 0;
}

void t1_claim_reg(struct t1 *t, enum x86_reg r)
{
    evict(t, r);
    t->regs[r].locked = true;
}

static enum x86_reg alloc_reg(struct t1 *t)
{
    enum x86_reg best = X86_NOREG;
    for (int i = 0; i < T1_NUM_ALLOC; i++) {
        enum x86_reg r = t1_alloc_order[i];
        struct t1_hreg *h = &t->regs[r];
        if (h->locked)
            continue;
        if (h->ntemps == 0 && h->slot < 0)
            return r;
        if (best == X86_NOREG || evict_cost(h) < evict_cost(&t->regs[best]) ||
            (evict_cost(h) == evict_cost(&t->regs[best]) &&
             h->lru < t->regs[best].lru))
            best = r;
    }
    if (best == X86_NOREG) {
        t1_fail(t, "no host register left");
        return X86_RBX;
    }
    evict(t, best);
    return best;
}

static void bind(struct t1 *t, ir_temp v, enum x86_reg r)
{
    t->temps[v].reg = (int8_t)r;
    t->regs[r].ntemps++;
    t->regs[r].locked = true;
    t->regs[r].lru = t->cur;
}

enum x86_reg t1_use(struct t1 *t, ir_temp v)
{
    struct t1_temp *tp = &t->temps[v];
    if (tp->reg >= 0) {
        t->regs[tp->reg].locked = true;
        t->regs[tp->reg].lru = t->cur;
        return tp->reg;
    }
    if (v == 0 || (!tp->is_const && tp->spill < 0)) {
        t1_fail(t, "temp used before definition");
        return X86_RBX;
    }
    enum x86_reg r = alloc_reg(t);
    if (tp->is_const)
        x86_mov_ri(&t->buf, r, tp->value);
    else
        x86_load(&t->buf, 8, r, spill_mem(tp->spill));
    bind(t, v, r);
    return r;
}

void t1_load_temp(struct t1 *t, enum x86_reg r, ir_temp v)
{
    const struct t1_temp *tp = &t->temps[v];
    if (v == 0)
        x86_mov_ri(&t->buf, r, 0);
    else if (tp->reg >= 0)
        x86_mov_rr(&t->buf, 8, r, tp->reg);
    else if (tp->is_const)
        x86_mov_ri(&t->buf, r, tp->value);
    else if (tp->spill >= 0)
        x86_load(&t->buf, 8, r, spill_mem(tp->spill));
    else
        t1_fail(t, "temp used before definition");
}

bool t1_const_imm(const struct t1 *t, ir_temp v, unsigned size, int32_t *imm)
{
    const struct t1_temp *tp = &t->temps[v];
    if (v == 0 || !tp->is_const)
        return false;
    /* Below 8 bytes only the low bits matter; 8-byte ops sign-extend. */
    if (size == 8 && (int64_t)tp->value != (int32_t)tp->value)
        return false;
    *imm = (int32_t)tp->value;
    return true;
}

bool t1_is_dead(const struct t1 *t, ir_temp v)
{
    return t->temps[v].last_use == 0;
}

static void release(struct t1 *t, ir_temp v)
{
    struct t1_temp *tp = &t->temps[v];
    if (tp->reg >= 0)
        t->regs[tp->reg].ntemps--;
    tp->reg = -1;
    if (tp->spill >= 0)
        t->free_spill[t->n_free_spill++] = (uint16_t)tp->spill;
    tp->spill = -1;
    tp->is_const = false;
}

enum x86_reg t1_def(struct t1 *t, ir_temp dst, ir_temp reuse)
{
    t->temps[dst].defined = true;
    if (reuse) {
        struct t1_temp *rp = &t->temps[reuse];
        struct t1_hreg *h = rp->reg >= 0 ? &t->regs[rp->reg] : NULL;
        /* The operand dies here and is alone in its register: compute in
         * place (a clean cached slot is forgotten, a dirty one is kept). */
        if (h && rp->last_use == t->cur + 1 && h->ntemps == 1 &&
            (h->slot < 0 || !h->dirty)) {
            enum x86_reg r = rp->reg;
            h->slot = -1;
            release(t, reuse);
            rp->last_use = 0; /* released already */
            bind(t, dst, r);
            return r;
        }
    }
    enum x86_reg r = alloc_reg(t);
    bind(t, dst, r);
    return r;
}

void t1_end_insn(struct t1 *t, const struct ir_insn *in)
{
    const ir_temp ops[3] = {in->a, in->b, in->c};
    unsigned n = ir_op_nargs((enum ir_op)in->op);
    for (unsigned i = 0; i < n; i++) {
        ir_temp v = ops[i];
        if (v && t->temps[v].last_use == t->cur + 1)
            release(t, v);
    }
    if ((ir_op_flags((enum ir_op)in->op) & IR_F_DST) && in->dst &&
        t->temps[in->dst].last_use == 0)
        release(t, in->dst);
    for (int i = 0; i < T1_NUM_ALLOC; i++)
        t->regs[t1_alloc_order[i]].locked = false;
}

bool t1_cacheable(const struct ir_insn *in)
{
    return in->size == 8 && (in->imm & 7) == 0 && in->imm < INT32_MAX;
}

enum x86_reg t1_slot_reg(const struct t1 *t, int32_t off)
{
    for (int i = 0; i < T1_NUM_ALLOC; i++)
        if (t->regs[t1_alloc_order[i]].slot == off)
            return t1_alloc_order[i];
    return X86_NOREG;
}

/* A state access that bypasses the cache: cached slots it overlaps are
 * written back (and forgotten when the access writes). */
static void state_access(struct t1 *t, int64_t off, unsigned size, bool write)
{
    for (int i = 0; i < T1_NUM_ALLOC; i++) {
        enum x86_reg r = t1_alloc_order[i];
        struct t1_hreg *h = &t->regs[r];
        if (h->slot < 0 || h->slot + 8 <= off || h->slot >= off + size)
            continue;
        if (h->dirty)
            store_slot(t, r);
        if (write)
            h->slot = -1;
    }
}

void t1_state_written(struct t1 *t, int64_t off, unsigned size)
{
    state_access(t, off, size, true);
}

void t1_get(struct t1 *t, const struct ir_insn *in)
{
    if (t1_is_dead(t, in->dst))
        return;
    if (!t1_cacheable(in)) {
        state_access(t, (int64_t)in->imm, in->size, false);
        enum x86_reg d = t1_def(t, in->dst, 0);
        x86_movzx_load(&t->buf, in->size, d, state_mem((int32_t)in->imm));
        return;
    }
    int32_t off = (int32_t)in->imm;
    enum x86_reg r = t1_slot_reg(t, off);
    if (r == X86_NOREG) {
        r = alloc_reg(t);
        x86_load(&t->buf, 8, r, state_mem(off));
        t->regs[r].slot = off;
        t->regs[r].dirty = false;
    }
    t->temps[in->dst].defined = true;
    bind(t, in->dst, r);
}

void t1_put(struct t1 *t, const struct ir_insn *in)
{
    enum x86_reg a = t1_use(t, in->a);
    if (!t1_cacheable(in)) {
        state_access(t, (int64_t)in->imm, in->size, true);
        x86_store(&t->buf, in->size, state_mem((int32_t)in->imm), a);
        return;
    }
    int32_t off = (int32_t)in->imm;
    enum x86_reg old = t1_slot_reg(t, off);
    if (old == a) {
        t->regs[a].dirty = true;
        return;
    }
    if (old != X86_NOREG) { /* overwritten: the old copy is stale */
        t->regs[old].slot = -1;
        t->regs[old].dirty = false;
    }
    if (t->regs[a].slot >= 0) {
        /* The value already caches another slot: give this one a copy. */
        enum x86_reg r = alloc_reg(t);
        x86_mov_rr(&t->buf, 8, r, a);
        a = r;
    }
    t->regs[a].slot = off;
    t->regs[a].dirty = true;
    t->regs[a].lru = t->cur;
}

void t1_writeback(struct t1 *t, bool mark_clean)
{
    for (int i = 0; i < T1_NUM_ALLOC; i++) {
        enum x86_reg r = t1_alloc_order[i];
        struct t1_hreg *h = &t->regs[r];
        if (h->slot < 0 || !h->dirty)
            continue;
        x86_store(&t->buf, 8, state_mem(h->slot), r);
        if (mark_clean)
            h->dirty = false;
    }
}

_Static_assert(T1_NUM_ALLOC <= CG_MAX_LIVE, "fault map holds every register");

unsigned t1_live_values(const struct t1 *t, struct cg_live_value *out)
{
    unsigned n = 0;
    for (int i = 0; i < T1_NUM_ALLOC; i++) {
        enum x86_reg r = t1_alloc_order[i];
        const struct t1_hreg *h = &t->regs[r];
        if (h->slot >= 0 && h->dirty)
            out[n++] = (struct cg_live_value){(uint8_t)r, (uint32_t)h->slot};
    }
    return n;
}

void t1_prepare_call(struct t1 *t)
{
    t1_writeback(t, true);
    for (int i = 0; i < T1_NUM_ALLOC; i++) {
        enum x86_reg r = t1_alloc_order[i];
        if (!caller_saved(r))
            continue;
        t->regs[r].locked = false;
        evict(t, r);
    }
}

void t1_after_call(struct t1 *t, bool touches_state)
{
    /* Helpers write the ir_ctx header (fflags), state helpers any guest
     * register: forget cached copies (t1_prepare_call wrote them back). */
    for (int i = 0; i < T1_NUM_ALLOC; i++) {
        struct t1_hreg *h = &t->regs[t1_alloc_order[i]];
        if (h->slot >= 0 &&
            (touches_state || (size_t)h->slot < sizeof(struct ir_ctx)))
            h->slot = -1;
    }
}
