/*
 * aot_select.c — code discovery and region cutting for vm-aot
 * (aot_select.h).
 */
#include "aot_select.h"

#include <stdlib.h>
#include <string.h>

/* A growable set of guest pcs (open addressing; pc 0 is never code). */
struct pc_set {
    uint64_t *slot;
    uint64_t mask, count;
};

static uint64_t hash_pc(uint64_t pc)
{
    return (pc * 0x9e3779b97f4a7c15ull) >> 17;
}

static bool set_grow(struct pc_set *s)
{
    uint64_t cap = s->slot ? (s->mask + 1) * 2 : 1024;
    uint64_t *slot = calloc(cap, sizeof(*slot));
    if (!slot)
        return false;
    for (uint64_t i = 0; s->slot && i <= s->mask; i++) {
        uint64_t pc = s->slot[i];
        if (!pc)
            continue;
        uint64_t j = hash_pc(pc) & (cap - 1);
        while (slot[j])
            j = (j + 1) & (cap - 1);
        slot[j] = pc;
    }
    free(s->slot);
    s->slot = slot;
    s->mask = cap - 1;
    return true;
}

/* Adds pc; 1 when it was new, 0 when already there, -1 out of memory. */
static int set_add(struct pc_set *s, uint64_t pc)
{
    if ((!s->slot || (s->count + 1) * 2 > s->mask + 1) && !set_grow(s))
        return -1;
    uint64_t j = hash_pc(pc) & s->mask;
    while (s->slot[j]) {
        if (s->slot[j] == pc)
            return 0;
        j = (j + 1) & s->mask;
    }
    s->slot[j] = pc;
    s->count++;
    return 1;
}

/* The set's pcs, sorted, in a new array (*n of them). */
static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static uint64_t *set_sorted(const struct pc_set *s, unsigned *n)
{
    uint64_t *v = malloc((s->count + 1) * sizeof(*v));
    *n = 0;
    for (uint64_t i = 0; v && s->slot && i <= s->mask; i++)
        if (s->slot[i])
            v[(*n)++] = s->slot[i];
    if (v)
        qsort(v, *n, sizeof(*v), cmp_u64);
    return v;
}

struct walk {
    struct pc_set seen, heads;
    uint64_t *todo;
    unsigned n_todo, cap_todo;
    bool oom;
};

static void push(struct walk *w, uint64_t pc, bool head)
{
    if (!pc)
        return;
    if (head && set_add(&w->heads, pc) < 0)
        w->oom = true;
    int fresh = set_add(&w->seen, pc);
    if (fresh < 0)
        w->oom = true;
    if (fresh <= 0)
        return;
    if (w->n_todo == w->cap_todo) {
        unsigned cap = w->cap_todo * 2 + 256;
        uint64_t *t = realloc(w->todo, cap * sizeof(*t));
        if (!t) {
            w->oom = true;
            return;
        }
        w->todo = t;
        w->cap_todo = cap;
    }
    w->todo[w->n_todo++] = pc;
}

/* A call: the block leaves by a jump after putting its own end address
 * (the return address) in a register or on the stack. */
static bool is_call(const struct ir_block *b)
{
    uint8_t last = b->insns[b->n - 1].op;
    if (last != IR_EXIT_JUMP && last != IR_EXIT_INDIRECT)
        return false;
    for (unsigned i = 0; i < b->n; i++)
        if (b->insns[i].op == IR_CONST &&
            b->insns[i].imm == b->pc + b->guest_bytes)
            return true;
    return false;
}

static void push_successors(struct walk *w, const struct ir_block *b)
{
    bool call = is_call(b);
    if (call)
        push(w, b->pc + b->guest_bytes, true);
    for (unsigned i = 0; i < b->n; i++) {
        const struct ir_insn *in = &b->insns[i];
        if (in->op == IR_EXIT_IF)
            push(w, in->imm, in->imm <= b->pc);
        else if (in->op == IR_EXIT_JUMP)
            push(w, in->imm, call || in->imm <= b->pc);
        else if (in->op == IR_EXIT_TRAP && (in->aux == IR_TRAP_SYSCALL ||
                                            in->aux == IR_TRAP_FLUSH_ICACHE))
            push(w, in->imm, true);
    }
}

static int cmp_block(const void *a, const void *b)
{
    const struct ir_block *x = *(const struct ir_block *const *)a;
    const struct ir_block *y = *(const struct ir_block *const *)b;
    return x->pc < y->pc ? -1 : x->pc > y->pc;
}

bool aot_discover(const uint64_t *seeds, unsigned n_seeds, opt_lift_fn lift,
                  void *arg, unsigned max_blocks, struct aot_program *out)
{
    memset(out, 0, sizeof(*out));
    struct walk w = {0};
    for (unsigned i = 0; i < n_seeds; i++)
        push(&w, seeds[i], true);
    out->blocks = calloc(max_blocks + 1, sizeof(*out->blocks));
    if (!out->blocks)
        w.oom = true;
    /* Depth first (a stack): the order only decides which blocks a
     * max_blocks cap leaves out. */
    while (!w.oom && w.n_todo && out->n < max_blocks) {
        uint64_t pc = w.todo[--w.n_todo];
        struct ir_block *b = malloc(sizeof(*b));
        if (!b) {
            w.oom = true;
            break;
        }
        ir_block_init(b, pc);
        if (!lift(arg, pc, b) || b->guest_insns == 0 || b->n == 0) {
            ir_block_free(b);
            free(b);
            continue;
        }
        out->blocks[out->n++] = b;
        push_successors(&w, b);
    }
    qsort(out->blocks, out->n, sizeof(*out->blocks), cmp_block);
    /* Heads that are code: those whose block was lifted. */
    struct pc_set real = {0};
    unsigned n_all;
    uint64_t *all = set_sorted(&w.heads, &n_all);
    for (unsigned i = 0; all && i < n_all; i++) {
        struct ir_block key = {.pc = all[i]}, *kp = &key;
        if (bsearch(&kp, out->blocks, out->n, sizeof(*out->blocks),
                    cmp_block) &&
            set_add(&real, all[i]) < 0)
            w.oom = true;
    }
    out->heads = set_sorted(&real, &out->n_heads);
    free(all);
    free(real.slot);
    free(w.seen.slot);
    free(w.heads.slot);
    free(w.todo);
    if (w.oom || !out->heads) {
        aot_program_free(out);
        return false;
    }
    return true;
}

static const struct ir_block *find_block(const struct aot_program *p,
                                         uint64_t pc)
{
    struct ir_block key = {.pc = pc}, *kp = &key;
    struct ir_block **hit =
        bsearch(&kp, p->blocks, p->n, sizeof(*p->blocks), cmp_block);
    return hit ? *hit : NULL;
}

static bool is_head(const struct aot_program *p, uint64_t pc)
{
    return bsearch(&pc, p->heads, p->n_heads, sizeof(*p->heads), cmp_u64);
}

static bool listed(const struct ir_block **v, unsigned n, uint64_t pc)
{
    for (unsigned i = 0; i < n; i++)
        if (v[i]->pc == pc)
            return true;
    return false;
}

void aot_region_of(const struct aot_program *p, uint64_t head,
                   const struct ir_block **out, unsigned max, unsigned *n)
{
    *n = 0;
    const struct ir_block *h = find_block(p, head);
    if (!h || !max)
        return;
    out[(*n)++] = h;
    for (unsigned i = 0; i < *n && *n < max; i++) {
        const struct ir_block *b = out[i];
        bool call = is_call(b);
        for (unsigned k = 0; k < b->n && *n < max; k++) {
            const struct ir_insn *in = &b->insns[k];
            if (in->op != IR_EXIT_IF && (in->op != IR_EXIT_JUMP || call))
                continue;
            const struct ir_block *t = find_block(p, in->imm);
            if (t && !is_head(p, t->pc) && !listed(out, *n, t->pc))
                out[(*n)++] = t;
        }
    }
}

void aot_program_free(struct aot_program *p)
{
    for (unsigned i = 0; p->blocks && i < p->n; i++) {
        ir_block_free(p->blocks[i]);
        free(p->blocks[i]);
    }
    free(p->blocks);
    free(p->heads);
    memset(p, 0, sizeof(*p));
}
