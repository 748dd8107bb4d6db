/*
 * t1_translate.c — the tier-1 driver: one pass to find each temp's last
 * use, then one pass emitting each IR op through its template, then the
 * out-of-line stubs. Block layout:
 *
 *   entry: cmp dword [state+poll], 0 ; jne poll_stub
 *          a one-block loop's register loads (t1_loop.c)
 *          body (side exits inline behind an inverted jcc)
 *          terminator
 *          stubs (bounds/alignment faults, poll)
 */
#include "tier1.h"

#include <stdlib.h>
#include <string.h>

#include "t1_internal.h"

void t1_fail(struct t1 *t, const char *why)
{
    if (!t->error)
        t->error = why;
}

static void emit_insn_marker(struct t1 *t, const struct ir_insn *in)
{
    t->guest_pc = in->imm;
}

static void emit_const(struct t1 *t, const struct ir_insn *in)
{
    struct t1_temp *tp = &t->temps[in->dst];
    tp->is_const = true;
    tp->defined = true;
    tp->value = in->imm;
}

static void emit_fence(struct t1 *t, const struct ir_insn *in)
{
    (void)in;
    x86_mfence(&t->buf);
}

static const t1_emit_fn emitters[IR_NUM_OPS] = {
    [IR_INSN] = emit_insn_marker,
    [IR_CONST] = emit_const,
    [IR_GET] = t1_get,
    [IR_PUT] = t1_put,
    [IR_LOAD] = t1_emit_load,
    [IR_STORE] = t1_emit_store,
    [IR_AMO] = t1_emit_amo,
    [IR_CAS] = t1_emit_cas,
    [IR_CAS16] = t1_emit_cas16,
    [IR_FENCE] = emit_fence,
    [IR_CALL] = t1_emit_call,
    [IR_EXIT_IF] = t1_emit_exit_if,
    [IR_EXIT_JUMP] = t1_emit_exit_jump,
    [IR_EXIT_INDIRECT] = t1_emit_exit_indirect,
    [IR_EXIT_TRAP] = t1_emit_exit_trap,
};

/* Scratch arrays reused across translations (one translator per thread). */
static _Thread_local struct {
    struct t1_temp *temps;
    uint32_t cap_temps;
    struct t1_stub *stubs;
    struct cg_fault_entry *faults;
    struct t1_hot_site *hot_sites;
    uint32_t cap_insns;
} scratch;

static bool reserve(const struct ir_block *b)
{
    if (b->n_temps + 1 > scratch.cap_temps) {
        uint32_t cap = b->n_temps + 1 + 256;
        struct t1_temp *p = realloc(scratch.temps, cap * sizeof(*p));
        if (!p)
            return false;
        scratch.temps = p;
        scratch.cap_temps = cap;
    }
    /* At most two stubs and two fault entries per insn. */
    if (2 * b->n + 2 > scratch.cap_insns) {
        uint32_t cap = 2 * b->n + 2 + 256;
        struct t1_stub *s = realloc(scratch.stubs, cap * sizeof(*s));
        if (s)
            scratch.stubs = s;
        struct cg_fault_entry *f = realloc(scratch.faults, cap * sizeof(*f));
        if (f)
            scratch.faults = f;
        struct t1_hot_site *h = realloc(scratch.hot_sites, cap * sizeof(*h));
        if (h)
            scratch.hot_sites = h;
        if (!s || !f || !h)
            return false;
        scratch.cap_insns = cap;
    }
    return true;
}

void t1_free_scratch(void)
{
    free(scratch.temps);
    free(scratch.stubs);
    free(scratch.faults);
    free(scratch.hot_sites);
    memset(&scratch, 0, sizeof(scratch));
}

static void find_last_uses(struct t1 *t)
{
    const struct ir_block *b = t->blk;
    for (uint32_t i = 0; i < b->n; i++) {
        const struct ir_insn *in = &b->insns[i];
        const ir_temp ops[3] = {in->a, in->b, in->c};
        unsigned n = ir_op_nargs((enum ir_op)in->op);
        for (unsigned k = 0; k < n; k++)
            if (ops[k])
                t->temps[ops[k]].last_use = i + 1;
    }
}

size_t t1_entry_poll_test(uint8_t out[16])
{
    struct x86_buf b;
    x86_buf_init(&b, out, 16);
    x86_alu_mi(&b, X86_CMP, 4, x86_mem_bd(T1_STATE, IR_CTX_OFF(poll)), 0);
    return x86_buf_used(&b);
}

const uint8_t *t1_entry_poll_stub(const uint8_t *entry, size_t *body)
{
    uint8_t cmp[16];
    size_t first = t1_entry_poll_test(cmp);
    const uint8_t *jne = entry + first; /* 0f 85 rel32, never patched */
    if (jne[0] != 0x0f || jne[1] != 0x85)
        return NULL;
    int32_t rel;
    memcpy(&rel, jne + 2, 4);
    *body = first + 6;
    return jne + 6 + rel;
}

static void emit_entry_poll(struct t1 *t)
{
    x86_alu_mi(&t->buf, X86_CMP, 4, x86_mem_bd(T1_STATE, IR_CTX_OFF(poll)), 0);
    size_t f = x86_jcc_rel32(&t->buf, X86_CC_NE);
    t1_add_stub(t, T1_STUB_POLL, f, X86_NOREG, false);
    if (t->opts && t->opts->count_insns) {
        x86_alu_mi(&t->buf, X86_SUB, 8,
                   x86_mem_bd(T1_STATE, t->opts->budget_off),
                   (int32_t)t->blk->guest_insns);
        f = x86_jcc_rel32(&t->buf, X86_CC_S);
        t1_add_stub(t, T1_STUB_BUDGET, f, X86_NOREG, false);
    }
}

bool t1_translate(const struct ir_block *b, const struct cg_runtime *rt,
                  const struct t1_options *opts, uint8_t *dst, size_t avail,
                  struct t1_result *out)
{
    memset(out, 0, sizeof(*out));
    if (!reserve(b)) {
        out->error = "out of memory";
        return false;
    }
    struct t1 t = {
        .blk = b,
        .rt = rt,
        .opts = opts,
        .temps = scratch.temps,
        .stubs = scratch.stubs,
        .cap_stubs = scratch.cap_insns,
        .faults = scratch.faults,
        .cap_faults = scratch.cap_insns,
        .hot_sites = scratch.hot_sites,
        .guest_pc = b->pc,
    };
    x86_buf_init(&t.buf, dst, avail);
    for (uint32_t i = 0; i <= b->n_temps; i++)
        t.temps[i] = (struct t1_temp){.reg = -1, .spill = -1};
    t1_regalloc_init(&t);
    find_last_uses(&t);
    emit_entry_poll(&t);
    t1_loop_plan(&t);
    for (uint32_t i = 0; i < b->n && !t.error; i++) {
        const struct ir_insn *in = &b->insns[i];
        t.cur = i;
        t1_emit_fn fn = emitters[in->op];
        if (!fn && (ir_op_flags((enum ir_op)in->op) & IR_F_DST))
            fn = t1_emit_pure;
        if (!fn) {
            t1_fail(&t, "op has no tier-1 template");
            break;
        }
        fn(&t, in);
        t1_end_insn(&t, in);
    }
    t1_emit_stubs(&t);
    out->size = x86_buf_used(&t.buf);
    out->overflow = t.buf.overflow;
    out->error = t.error;
    out->faults = t.faults;
    out->n_faults = t.n_faults;
    out->hot_sites = t.hot_sites;
    out->n_hot = t.n_hot;
    out->self_loop = t.n_loop > 0;
    return !t.error && !t.buf.overflow;
}
