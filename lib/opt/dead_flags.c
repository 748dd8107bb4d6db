/*
 * dead_flags.c — the dead-flag pass (see dead_flags.h).
 *
 * One backward walk marks the flag PUTs that a later PUT of the same word
 * overwrites with nothing observing in between; a second backward walk
 * marks every pure op whose result nothing live uses; then the block is
 * compacted. Temps keep their numbers (SSA stays valid: only definitions
 * nobody reads go away).
 */
#include <stdlib.h>
#include <string.h>

#include "dead_flags.h"

/* Index of the flag word at off, or -1. */
static int flag_index(const struct opt_flag_words *f, uint64_t off)
{
    for (unsigned i = 0; i < f->n; i++)
        if (f->off[i] == off)
            return (int)i;
    return -1;
}

/* Bit mask of the flag words overlapping [off, off + size). */
static uint32_t flags_touched(const struct opt_flag_words *f, uint64_t off,
                              unsigned size)
{
    uint32_t m = 0;
    for (unsigned i = 0; i < f->n; i++)
        if (off < f->off[i] + 8ull && f->off[i] < off + size)
            m |= 1u << i;
    return m;
}

/* Whether anything outside the block's own temps can see the state at
 * this op: it leaves the block, may fault, or lets a helper read it. */
static bool observes_all(const struct ir_insn *in)
{
    unsigned fl = ir_op_flags((enum ir_op)in->op);
    if (fl & (IR_F_EXIT | IR_F_MEM))
        return true;
    return (fl & IR_F_HELPER) &&
           ir_helper_touches_state((enum ir_helper)in->aux);
}

static void mark_dead_puts(const struct ir_block *b,
                           const struct opt_flag_words *f, bool *dead,
                           struct opt_dead_flags_stats *st)
{
    uint32_t overwritten = 0; /* written later, unobserved until then */
    for (uint32_t k = b->n; k-- > 0;) {
        const struct ir_insn *in = &b->insns[k];
        if (observes_all(in)) {
            overwritten = 0;
        } else if (in->op == IR_GET) {
            overwritten &= ~flags_touched(f, in->imm, in->size);
        } else if (in->op == IR_PUT) {
            int i = in->size == 8 ? flag_index(f, in->imm) : -1;
            if (i < 0) {
                /* A partial write leaves part of the older value visible. */
                overwritten &= ~flags_touched(f, in->imm, in->size);
                continue;
            }
            st->flag_puts++;
            if (overwritten & (1u << i)) {
                dead[k] = true;
                st->removed++;
            }
            overwritten |= 1u << i;
        }
    }
}

/* Ops that may go when their result is unused: no memory, no exit, no
 * state write, no helper (helpers may have effects beyond their result). */
static bool removable(const struct ir_insn *in)
{
    unsigned fl = ir_op_flags((enum ir_op)in->op);
    if (!(fl & IR_F_DST) || (fl & (IR_F_MEM | IR_F_HELPER | IR_F_EXIT)))
        return false;
    return in->op != IR_PUT;
}

static void mark_dead_ops(const struct ir_block *b, bool *dead, bool *used,
                          struct opt_dead_flags_stats *st)
{
    for (uint32_t k = b->n; k-- > 0;) {
        const struct ir_insn *in = &b->insns[k];
        if (dead[k])
            continue;
        if (removable(in) && !used[in->dst]) {
            dead[k] = true;
            st->dead_ops++;
            continue;
        }
        const ir_temp ops[3] = {in->a, in->b, in->c};
        for (unsigned i = 0; i < ir_op_nargs((enum ir_op)in->op); i++)
            used[ops[i]] = true;
    }
}

/* Drops the dead ops and renumbers the temps densely in definition order
 * (ir_validate's rule; back ends size their tables by n_temps). */
static void compact(struct ir_block *b, const bool *dead)
{
    ir_temp *map = calloc(b->n_temps + 1u, sizeof(ir_temp));
    if (!map) /* keep every op: still valid, just not smaller */
        return;
    uint32_t n = 0;
    ir_temp next = 1;
    for (uint32_t k = 0; k < b->n; k++) {
        if (dead[k])
            continue;
        struct ir_insn in = b->insns[k];
        in.a = map[in.a];
        in.b = map[in.b];
        in.c = map[in.c];
        if (in.dst) {
            map[in.dst] = next;
            in.dst = next++;
        }
        b->insns[n++] = in;
    }
    b->n = n;
    b->n_temps = next - 1u;
    free(map);
}

void opt_dead_flags(struct ir_block *b, const struct opt_flag_words *flags,
                    struct opt_dead_flags_stats *stats)
{
    struct opt_dead_flags_stats local = {0};
    if (!flags || flags->n == 0 || b->n == 0)
        return;
    bool *dead = calloc(b->n, sizeof(bool));
    bool *used = calloc(b->n_temps + 1u, sizeof(bool));
    if (!dead || !used) { /* the pass is an optimization: skip it */
        free(dead);
        free(used);
        return;
    }
    mark_dead_puts(b, flags, dead, &local);
    if (local.removed) {
        mark_dead_ops(b, dead, used, &local);
        compact(b, dead);
    }
    free(dead);
    free(used);
    if (stats) {
        stats->flag_puts += local.flag_puts;
        stats->removed += local.removed;
        stats->dead_ops += local.dead_ops;
    }
}
