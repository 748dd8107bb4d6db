/*
 * dead_flags.c — the dead-flag pass (see dead_flags.h).
 *
 * First, flag GETs that follow a PUT of the same word in the block take
 * the PUT's value (forwarding), so a jcc right after its cmp no longer
 * reads the state. One backward walk then marks the flag PUTs that a later
 * PUT of the same word overwrites with nothing observing in between — at
 * an exit, the flags its target block overwrites before observing them
 * count as overwritten when the caller can lift that target; a second
 * backward walk marks every pure op whose result nothing live uses; then
 * the block is compacted and its temps renumbered.
 */
#include <stdlib.h>
#include <string.h>

#include "dead_flags.h"
#include "dead_flags_facts.h"

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
 * this op: it leaves the block, may fault (a load only when loads_observe),
 * or lets a helper read it. */
static bool observes_all(const struct ir_insn *in, bool loads_observe)
{
    unsigned fl = ir_op_flags((enum ir_op)in->op);
    if (fl & IR_F_EXIT)
        return true;
    if (fl & IR_F_MEM)
        return loads_observe || in->op != IR_LOAD;
    return (fl & IR_F_HELPER) &&
           ir_helper_touches_state((enum ir_helper)in->aux);
}

/*
 * The flags block t overwrites before anything can observe them: the
 * flags dead on entry to t. A fault or helper ends the scan; a partial
 * write or a read makes its flags live.
 */
static uint32_t killed_on_entry(const struct ir_block *t,
                                const struct opt_flag_words *f,
                                bool loads_observe)
{
    uint32_t killed = 0, live = 0;
    for (uint32_t k = 0; k < t->n; k++) {
        const struct ir_insn *in = &t->insns[k];
        if (observes_all(in, loads_observe))
            break;
        if (in->op == IR_GET) {
            live |= flags_touched(f, in->imm, in->size);
        } else if (in->op == IR_PUT) {
            int i = in->size == 8 ? flag_index(f, in->imm) : -1;
            if (i < 0)
                live |= flags_touched(f, in->imm, in->size);
            else if (!(live & (1u << i)))
                killed |= 1u << i;
        }
    }
    return killed & ~live;
}

static uint32_t remember(struct opt_successors *succ, uint64_t pc,
                         uint32_t killed)
{
    if (succ->n_cached < OPT_SUCC_CACHE)
        succ->cache[succ->n_cached++] = (struct opt_succ_entry){pc, killed};
    return killed;
}

/* Flags dead on entry to the block at pc, when the caller can lift it
 * (or remembers it from another block: dead_flags_facts.c). */
static uint32_t dead_at(const struct opt_flag_words *f,
                        struct opt_successors *succ, uint64_t pc)
{
    if (!succ || !succ->lift)
        return 0;
    for (unsigned i = 0; i < succ->n_cached; i++)
        if (succ->cache[i].pc == pc)
            return succ->cache[i].killed;
    uint32_t killed = 0;
    if (opt_facts_lookup(succ, f, pc, &killed))
        return remember(succ, pc, killed);
    struct ir_block t;
    ir_block_init(&t, pc);
    /* killed_on_entry stops at the first observer: lift no further */
    t.prefix = succ->loads_unobserved ? IR_PREFIX_WRITE : IR_PREFIX_ACCESS;
    if (succ->lift(succ->arg, pc, &t)) {
        killed = killed_on_entry(&t, f, !succ->loads_unobserved);
        opt_facts_store(succ, f, pc, t.guest_bytes, killed);
    }
    ir_block_free(&t);
    return remember(succ, pc, killed);
}

/* Whether in reads or partly writes a flag word, or observes the state
 * some other way: a flag PUT may not move past it. */
static bool blocks_sinking(const struct ir_insn *in,
                           const struct opt_flag_words *f, bool loads_observe)
{
    if (observes_all(in, loads_observe))
        return true;
    if (in->op == IR_GET)
        return flags_touched(f, in->imm, in->size) != 0;
    if (in->op == IR_PUT && flags_touched(f, in->imm, in->size))
        return in->size != 8 || flag_index(f, in->imm) < 0;
    return false;
}

/*
 * Moves the flag PUTs just before side exit k that its target overwrites
 * before observing (mask killed) to just after it: the taken path then
 * skips them, the fall-through runs them as before. Only pure ops and
 * other flag PUTs are stepped over. Returns how many moved.
 */
static unsigned sink_past(struct ir_block *b, uint32_t k, uint32_t killed,
                          const struct opt_flag_words *f, bool loads_observe)
{
    uint32_t lo = k;
    unsigned moving = 0;
    while (lo > 0 && !blocks_sinking(&b->insns[lo - 1], f, loads_observe)) {
        const struct ir_insn *in = &b->insns[lo - 1];
        int i = in->op == IR_PUT ? flag_index(f, in->imm) : -1;
        moving += i >= 0 && (killed & (1u << i));
        lo--;
    }
    if (!moving)
        return 0;
    struct ir_insn keep[64], moved[64];
    if (k + 1 - lo > 64) /* long runs are rare: leave them */
        return 0;
    unsigned nk = 0, nm = 0;
    for (uint32_t j = lo; j <= k; j++) {
        const struct ir_insn *in = &b->insns[j];
        int i = in->op == IR_PUT ? flag_index(f, in->imm) : -1;
        if (j < k && i >= 0 && (killed & (1u << i)))
            moved[nm++] = *in;
        else
            keep[nk++] = *in;
    }
    memcpy(&b->insns[lo], keep, nk * sizeof(keep[0]));
    memcpy(&b->insns[lo + nk], moved, nm * sizeof(moved[0]));
    return nm;
}

static void sink_side_exit_puts(struct ir_block *b,
                                const struct opt_flag_words *f,
                                struct opt_successors *succ)
{
    const bool loads_observe = !succ->loads_unobserved;
    for (uint32_t k = 0; k < b->n; k++) {
        if (b->insns[k].op != IR_EXIT_IF)
            continue;
        uint32_t killed = dead_at(f, succ, b->insns[k].imm);
        if (killed)
            k -= sink_past(b, k, killed, f, loads_observe);
    }
}

/* What an op leaves of `overwritten` (flags written later before being
 * observed), walking backwards. */
static uint32_t before_exit(const struct ir_insn *in,
                            const struct opt_flag_words *f,
                            struct opt_successors *succ,
                            uint32_t overwritten)
{
    if (in->op == IR_EXIT_JUMP)
        return dead_at(f, succ, in->imm);
    if (in->op == IR_EXIT_IF)
        return overwritten & dead_at(f, succ, in->imm);
    return 0;
}

static void mark_dead_puts(const struct ir_block *b,
                           const struct opt_flag_words *f,
                           struct opt_successors *succ, bool *dead,
                           struct opt_dead_flags_stats *st)
{
    const bool loads_observe = !succ || !succ->loads_unobserved;
    uint32_t overwritten = 0; /* written later, unobserved until then */
    for (uint32_t k = b->n; k-- > 0;) {
        const struct ir_insn *in = &b->insns[k];
        if (dead[k]) /* a forwarded GET observes nothing */
            continue;
        if (ir_op_flags((enum ir_op)in->op) & IR_F_EXIT) {
            overwritten = before_exit(in, f, succ, overwritten);
        } else if (observes_all(in, loads_observe)) {
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

/*
 * A GET of a flag word written earlier in the block by a full PUT, with
 * no state helper in between, is that PUT's value: its uses are renamed
 * (the GET itself then dies unused). Temps are SSA, so renaming a use to
 * an earlier temp keeps every operand defined before it is used.
 */
static unsigned forward_flag_reads(struct ir_block *b,
                                   const struct opt_flag_words *f,
                                   ir_temp *rename, bool *dead)
{
    ir_temp last[OPT_MAX_FLAG_WORDS] = {0};
    unsigned forwarded = 0;
    for (uint32_t k = 0; k < b->n; k++) {
        struct ir_insn *in = &b->insns[k];
        in->a = rename[in->a];
        in->b = rename[in->b];
        in->c = rename[in->c];
        unsigned fl = ir_op_flags((enum ir_op)in->op);
        if ((fl & IR_F_HELPER) &&
            ir_helper_touches_state((enum ir_helper)in->aux)) {
            memset(last, 0, sizeof(last));
        } else if (in->op == IR_PUT) {
            int i = in->size == 8 ? flag_index(f, in->imm) : -1;
            uint32_t touched = flags_touched(f, in->imm, in->size);
            for (unsigned j = 0; j < f->n; j++)
                if (touched & (1u << j))
                    last[j] = 0;
            if (i >= 0)
                last[i] = in->a;
        } else if (in->op == IR_GET && in->size == 8) {
            int i = flag_index(f, in->imm);
            if (i >= 0 && last[i]) {
                rename[in->dst] = last[i];
                dead[k] = true; /* every use now reads last[i] */
                forwarded++;
            }
        }
    }
    return forwarded;
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
    opt_dead_flags_across(b, flags, NULL, stats);
}

void opt_dead_flags_across(struct ir_block *b,
                           const struct opt_flag_words *flags,
                           struct opt_successors *succ,
                           struct opt_dead_flags_stats *stats)
{
    struct opt_dead_flags_stats local = {0};
    if (!flags || flags->n == 0 || b->n == 0)
        return;
    bool *dead = calloc(b->n, sizeof(bool));
    bool *used = calloc(b->n_temps + 1u, sizeof(bool));
    ir_temp *rename = malloc((b->n_temps + 1u) * sizeof(ir_temp));
    if (!dead || !used || !rename) { /* an optimization: skip it */
        free(dead);
        free(used);
        free(rename);
        return;
    }
    for (uint32_t v = 0; v <= b->n_temps; v++)
        rename[v] = (ir_temp)v;
    if (succ && succ->lift)
        sink_side_exit_puts(b, flags, succ);
    unsigned forwarded = forward_flag_reads(b, flags, rename, dead);
    local.dead_ops += forwarded;
    free(rename);
    mark_dead_puts(b, flags, succ, dead, &local);
    if (local.removed || forwarded) { /* forwarded GETs are now unused */
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
