/*
 * t1_loop.c — a block that jumps back to its own start keeps its guest
 * registers in host registers from one trip to the next.
 *
 * Without this, every trip of a one-block loop (memcpy, strlen, the inner
 * loop of a matrix product) loads the guest registers it reads at the
 * block entry and stores the ones it wrote at the back edge: a handful of
 * memory operations per trip that the loop itself does not need. Here the
 * block instead loads up to T1_LOOP_MAX of its most used 8-byte slots
 * into fixed host registers right after its entry test (the "loop
 * mapping"), and its back edge
 *   - stores the dirty slots outside the mapping,
 *   - moves (or reloads, when the body evicted them) the mapped slots back
 *     into their registers, a parallel move with rax breaking cycles,
 *   - counts the trip for tier-up (tiered mode), tests ctx->poll,
 *   - and jumps to just after the entry's loads.
 * At that label the mapped registers count as dirty, so every side exit
 * and fault stores them as it stores any dirty register. The loop's poll
 * and tier-up stubs store them too. When the loop is hot, the runtime
 * turns the trip counter off with a `jmp rel8` over it (cg_hot_stop): the
 * loop goes on in tier 1 while its region compiles, or for good when it
 * would not pay. Once tier 2 has the loop, that jump lands instead on a
 * "leave" sequence (cg_hot_leave) that stores the mapping and enters the
 * block from its start, where the runtime patched the jump to the
 * compiled region.
 */
#include "t1_internal.h"
#include "tier1.h"

static struct x86_mem state_field(int32_t off)
{
    return x86_mem_bd(T1_STATE, off);
}

static bool jumps_to_own_start(const struct ir_block *b)
{
    for (uint32_t i = 0; i < b->n; i++) {
        const struct ir_insn *in = &b->insns[i];
        if ((in->op == IR_EXIT_IF || in->op == IR_EXIT_JUMP) &&
            in->imm == b->pc)
            return true;
    }
    return false;
}

/* The block's cacheable slots by number of uses, most used first. */
static unsigned pick_slots(const struct ir_block *b, int32_t *slots,
                           unsigned max)
{
    int32_t seen[64];
    unsigned uses[64], n = 0;
    for (uint32_t i = 0; i < b->n; i++) {
        const struct ir_insn *in = &b->insns[i];
        if ((in->op != IR_GET && in->op != IR_PUT) || !t1_cacheable(in))
            continue;
        unsigned k = 0;
        while (k < n && seen[k] != (int32_t)in->imm)
            k++;
        if (k == n) {
            if (n == 64)
                continue;
            seen[n] = (int32_t)in->imm;
            uses[n++] = 0;
        }
        uses[k]++;
    }
    unsigned picked = 0;
    while (picked < max) {
        unsigned best = n;
        for (unsigned k = 0; k < n; k++)
            if (uses[k] && (best == n || uses[k] > uses[best]))
                best = k;
        if (best == n)
            break;
        slots[picked++] = seen[best];
        uses[best] = 0;
    }
    return picked;
}

void t1_loop_plan(struct t1 *t)
{
    t->n_loop = 0;
    if (!t->opts || !t->opts->self_loops || t->opts->count_insns ||
        !jumps_to_own_start(t->blk))
        return;
    int32_t slots[T1_LOOP_MAX];
    unsigned n = pick_slots(t->blk, slots, T1_LOOP_MAX);
    for (unsigned i = 0; i < n; i++) {
        enum x86_reg r = t1_alloc_order[i];
        x86_load(&t->buf, 8, r, state_field(slots[i]));
        t->loop[i] = (struct cg_live_value){(uint8_t)r, (uint32_t)slots[i]};
        t->regs[r].slot = slots[i];
        t->regs[r].dirty = true; /* the back edge brings newer values */
    }
    t->n_loop = n;
    /* The body starts on a 32-byte boundary: where a hot loop's first
     * fetch window falls moved matmul's time by 10-25% between two
     * otherwise identical translations (the padding runs once per entry). */
    x86_nop_align(&t->buf, 32);
    t->loop_label = x86_buf_used(&t->buf);
}

static bool in_mapping(const struct t1 *t, int32_t off)
{
    for (unsigned i = 0; i < t->n_loop; i++)
        if ((int32_t)t->loop[i].state_off == off)
            return true;
    return false;
}

/* Code only: the allocator's state is left as it is for the code after
 * a conditional back edge (its not-taken path). */
static void restore_mapping(struct t1 *t)
{
    struct x86_buf *buf = &t->buf;
    for (int i = 0; i < T1_NUM_ALLOC; i++) {
        enum x86_reg r = t1_alloc_order[i];
        const struct t1_hreg *h = &t->regs[r];
        if (h->slot >= 0 && h->dirty && !in_mapping(t, h->slot))
            x86_store(buf, 8, state_field(h->slot), r);
    }
    /* Register to register first (every source read before any load
     * overwrites a register), as a parallel move. */
    int8_t src[T1_LOOP_MAX], dst[T1_LOOP_MAX];
    unsigned n = 0;
    for (unsigned i = 0; i < t->n_loop; i++) {
        enum x86_reg from = t1_slot_reg(t, (int32_t)t->loop[i].state_off);
        if (from != X86_NOREG && from != t->loop[i].host_reg) {
            src[n] = (int8_t)from;
            dst[n++] = (int8_t)t->loop[i].host_reg;
        }
    }
    while (n > 0) {
        unsigned k = 0;
        for (; k < n; k++) { /* a move whose destination no one reads */
            bool read = false;
            for (unsigned j = 0; j < n; j++)
                read |= j != k && src[j] == dst[k];
            if (!read)
                break;
        }
        if (k == n) { /* a cycle: keep one destination's value in rax */
            x86_mov_rr(buf, 8, X86_RAX, dst[0]);
            for (unsigned j = 1; j < n; j++)
                if (src[j] == dst[0])
                    src[j] = X86_RAX;
            k = 0;
        }
        x86_mov_rr(buf, 8, dst[k], src[k]);
        src[k] = src[n - 1];
        dst[k] = dst[--n];
    }
    for (unsigned i = 0; i < t->n_loop; i++)
        if (t1_slot_reg(t, (int32_t)t->loop[i].state_off) == X86_NOREG)
            x86_load(buf, 8, t->loop[i].host_reg,
                     state_field((int32_t)t->loop[i].state_off));
}

static void give_mapping_to(struct t1 *t, struct t1_stub *s)
{
    s->n_live = (uint8_t)t->n_loop;
    for (unsigned i = 0; i < t->n_loop; i++)
        s->live[i] = t->loop[i];
}

bool t1_loop_back(struct t1 *t, uint64_t target)
{
    if (t->n_loop == 0 || target != t->blk->pc)
        return false;
    struct x86_buf *buf = &t->buf;
    restore_mapping(t);
    int site = -1;
    if (t->opts->hot_threshold) {
        uint32_t first_stub = t->n_stubs;
        site = t1_count_backward_jump(t, target);
        if (site >= 0)
            give_mapping_to(t, &t->stubs[first_stub]);
    }
    x86_alu_mi(buf, X86_CMP, 4, state_field(IR_CTX_OFF(poll)), 0);
    size_t again = x86_jcc_rel32(buf, X86_CC_E);
    x86_patch_rel32(buf, again, t->loop_label);
    size_t f = x86_jmp_rel32(buf);
    uint32_t poll_stub = t->n_stubs;
    t1_add_stub(t, T1_STUB_POLL, f, X86_NOREG, false);
    if (t->n_stubs > poll_stub)
        give_mapping_to(t, &t->stubs[poll_stub]);
    if (site >= 0) {
        /* Leave: where the stopped counter jumps (see the top). */
        struct t1_hot_site *h = &t->hot_sites[site];
        size_t leave = x86_buf_used(buf);
        if (leave - h->host_off > 120) {
            t1_fail(t, "loop leave sequence out of rel8 reach");
            return true;
        }
        h->len = (uint8_t)(leave - h->host_off);
        for (unsigned i = 0; i < t->n_loop; i++)
            x86_store(buf, 8, state_field((int32_t)t->loop[i].state_off),
                      t->loop[i].host_reg);
        t1_jmp_to(t, buf->start);
    }
    return true;
}
