/*
 * region.c — region selection (see region.h): a breadth-first walk over
 * direct edges from the head, then a backward fixpoint that keeps the
 * blocks from which the head is reached again.
 */
#include "region.h"

#include <stdlib.h>

/* Exploring beyond the cap finds loops whose blocks are not all near the
 * head in breadth-first order. */
#define EXPLORE_FACTOR 2u
/* A trace (no loop found) stays short: its blocks need not be hot. */
#define TRACE_MAX_BLOCKS 8u

struct walk {
    struct ir_block **seen; /* explored blocks, breadth-first order */
    unsigned n, cap;
};

static bool is_unfetchable(const struct ir_block *b)
{
    return b->guest_insns == 0;
}

static bool is_direct_edge(const struct ir_insn *in)
{
    return in->op == IR_EXIT_IF || in->op == IR_EXIT_JUMP;
}

static int find(const struct walk *w, uint64_t pc)
{
    for (unsigned i = 0; i < w->n; i++)
        if (w->seen[i]->pc == pc)
            return (int)i;
    return -1;
}

/* Lifts pc and appends it; false when it cannot be part of a region. */
static bool visit(struct walk *w, uint64_t pc, opt_lift_fn lift, void *arg)
{
    struct ir_block *b = malloc(sizeof(*b));
    if (!b)
        return false;
    ir_block_init(b, pc);
    if (!lift(arg, pc, b) || is_unfetchable(b)) {
        ir_block_free(b);
        free(b);
        return false;
    }
    w->seen[w->n++] = b;
    return true;
}

static void explore(struct walk *w, opt_lift_fn lift, void *arg)
{
    for (unsigned i = 0; i < w->n && w->n < w->cap; i++) {
        const struct ir_block *b = w->seen[i];
        for (uint32_t k = 0; k < b->n && w->n < w->cap; k++) {
            const struct ir_insn *in = &b->insns[k];
            if (is_direct_edge(in) && find(w, in->imm) < 0)
                visit(w, in->imm, lift, arg);
        }
    }
}

/* reaches[i]: the head is reached again from block i (a fixpoint over the
 * explored edges; edges to unexplored blocks leave the region). */
static void find_loop(const struct walk *w, bool *reaches)
{
    for (bool changed = true; changed;) {
        changed = false;
        for (unsigned i = 0; i < w->n; i++) {
            const struct ir_block *b = w->seen[i];
            for (uint32_t k = 0; k < b->n && !reaches[i]; k++) {
                const struct ir_insn *in = &b->insns[k];
                if (!is_direct_edge(in))
                    continue;
                int j = find(w, in->imm);
                if (j == 0 || (j > 0 && reaches[j])) {
                    reaches[i] = true;
                    changed = true;
                }
            }
        }
    }
}

static void drop_walk(struct walk *w, const bool *keep)
{
    for (unsigned i = 0; i < w->n; i++)
        if (!keep || !keep[i]) {
            ir_block_free(w->seen[i]);
            free(w->seen[i]);
        }
    free(w->seen);
}

bool opt_region_select(uint64_t head, unsigned max_blocks, opt_lift_fn lift,
                       void *arg, struct opt_region *out, const char **why)
{
    *out = (struct opt_region){0};
    if (max_blocks == 0 || max_blocks > 4 * OPT_REGION_MAX_BLOCKS)
        max_blocks = OPT_REGION_MAX_BLOCKS;
    struct walk w = {.cap = max_blocks * EXPLORE_FACTOR};
    w.seen = calloc(w.cap, sizeof(*w.seen));
    bool *keep = calloc(w.cap, sizeof(*keep));
    out->blocks = calloc(max_blocks, sizeof(*out->blocks));
    if (!w.seen || !keep || !out->blocks) {
        free(w.seen);
        free(keep);
        free(out->blocks);
        out->blocks = NULL;
        *why = "out of memory";
        return false;
    }
    if (!visit(&w, head, lift, arg)) {
        drop_walk(&w, NULL);
        free(keep);
        free(out->blocks);
        out->blocks = NULL;
        *why = "the head block cannot be lifted";
        return false;
    }
    explore(&w, lift, arg);
    find_loop(&w, keep);
    out->loop = keep[0];
    unsigned limit = out->loop ? max_blocks
                               : (max_blocks < TRACE_MAX_BLOCKS
                                      ? max_blocks
                                      : TRACE_MAX_BLOCKS);
    keep[0] = true;
    for (unsigned i = 0; i < w.n; i++) {
        if (!out->loop)
            keep[i] = true;
        if (keep[i] && out->n < limit)
            out->blocks[out->n++] = w.seen[i];
        else
            keep[i] = false;
    }
    drop_walk(&w, keep);
    free(keep);
    return true;
}

static int region_find(const struct opt_region *r, uint64_t pc)
{
    for (unsigned i = 0; i < r->n; i++)
        if (r->blocks[i]->pc == pc)
            return (int)i;
    return -1;
}

/* Shortest paths from the head by IR count (Bellman-Ford: a region has at
 * most a few dozen blocks), closed by any edge back to the head. */
uint32_t opt_region_cycle_ir(const struct opt_region *r)
{
    if (!r->loop || r->n == 0)
        return 0;
    uint64_t *dist = malloc(r->n * sizeof(*dist));
    if (!dist)
        return r->blocks[0]->n;
    for (unsigned i = 0; i < r->n; i++)
        dist[i] = UINT64_MAX;
    dist[0] = r->blocks[0]->n;
    uint64_t best = UINT64_MAX;
    for (unsigned round = 0; round < r->n; round++) {
        bool changed = false;
        for (unsigned i = 0; i < r->n; i++) {
            if (dist[i] == UINT64_MAX)
                continue;
            const struct ir_block *b = r->blocks[i];
            for (uint32_t k = 0; k < b->n; k++) {
                const struct ir_insn *in = &b->insns[k];
                if (!is_direct_edge(in))
                    continue;
                int j = region_find(r, in->imm);
                if (j == 0) {
                    best = dist[i] < best ? dist[i] : best;
                } else if (j > 0 && dist[i] + r->blocks[j]->n < dist[j]) {
                    dist[j] = dist[i] + r->blocks[j]->n;
                    changed = true;
                }
            }
        }
        if (!changed)
            break;
    }
    free(dist);
    return best == UINT64_MAX ? 0 : (uint32_t)(best > UINT32_MAX ? UINT32_MAX
                                                                  : best);
}

void opt_region_free(struct opt_region *r)
{
    for (unsigned i = 0; i < r->n; i++) {
        ir_block_free(r->blocks[i]);
        free(r->blocks[i]);
    }
    free(r->blocks);
    *r = (struct opt_region){0};
}
