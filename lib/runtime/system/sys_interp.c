/*
 * sys_interp.c — the system-mode IR interpreter (see sys_interp.h).
 * State written by an instruction is written after its last access that
 * can fault (the lifters' rule), so a fault leaves the state as it was
 * before the faulting instruction, with ctx->pc at it.
 */
#include "sys_interp.h"

#include <stdlib.h>
#include <string.h>

static int64_t sext(uint64_t v, unsigned size)
{
    unsigned sh = 64 - size * 8;
    return (int64_t)(v << sh) >> sh;
}

static uint64_t mask(unsigned size)
{
    return size >= 8 ? ~0ull : (1ull << (size * 8)) - 1;
}

static uint64_t amo_apply(unsigned kind, uint64_t old, uint64_t v,
                          unsigned size)
{
    switch (kind) {
    case IR_AMO_SWAP: return v;
    case IR_AMO_ADD: return old + v;
    case IR_AMO_AND: return old & v;
    case IR_AMO_OR: return old | v;
    case IR_AMO_XOR: return old ^ v;
    case IR_AMO_MINS: return sext(old, size) < sext(v, size) ? old : v;
    case IR_AMO_MAXS: return sext(old, size) > sext(v, size) ? old : v;
    case IR_AMO_MINU: return (old & mask(size)) < (v & mask(size)) ? old : v;
    case IR_AMO_MAXU: return (old & mask(size)) > (v & mask(size)) ? old : v;
    }
    return old;
}

static uint64_t get_state(const struct ir_ctx *ctx, uint64_t off, unsigned sz)
{
    uint64_t v = 0;
    memcpy(&v, (const uint8_t *)ctx + off, sz);
    return v;
}

static void put_state(struct ir_ctx *ctx, uint64_t off, unsigned sz,
                      uint64_t v)
{
    memcpy((uint8_t *)ctx + off, &v, sz);
}

static bool aligned_ok(const struct ir_insn *in, uint64_t addr)
{
    return !(in->aux & IR_MEM_ALIGNED) || (addr & (in->size - 1)) == 0;
}

static int misaligned(struct sys_mem *m, enum mmu_acc acc, uint64_t addr)
{
    m->fault = (struct sys_fault){SYS_FAULT_MISALIGNED, acc, addr};
    return -1;
}

/* A host compare-and-swap of an aligned RAM word of size bytes: true
 * when *h held *expected (now new), else *expected is what it held. */
static bool host_cas(uint8_t *h, unsigned size, uint64_t *expected,
                     uint64_t new)
{
    switch (size) {
    case 1: {
        uint8_t e = (uint8_t)*expected;
        bool ok = __atomic_compare_exchange_n(h, &e, (uint8_t)new, false,
                                              __ATOMIC_SEQ_CST,
                                              __ATOMIC_SEQ_CST);
        *expected = e;
        return ok;
    }
    case 2: {
        uint16_t e = (uint16_t)*expected;
        bool ok = __atomic_compare_exchange_n((uint16_t *)h, &e,
                                              (uint16_t)new, false,
                                              __ATOMIC_SEQ_CST,
                                              __ATOMIC_SEQ_CST);
        *expected = e;
        return ok;
    }
    case 4: {
        uint32_t e = (uint32_t)*expected;
        bool ok = __atomic_compare_exchange_n((uint32_t *)h, &e,
                                              (uint32_t)new, false,
                                              __ATOMIC_SEQ_CST,
                                              __ATOMIC_SEQ_CST);
        *expected = e;
        return ok;
    }
    default:
        return __atomic_compare_exchange_n((uint64_t *)h, expected, new,
                                           false, __ATOMIC_SEQ_CST,
                                           __ATOMIC_SEQ_CST);
    }
}

static uint64_t host_load(const uint8_t *h, unsigned size)
{
    switch (size) {
    case 1: return __atomic_load_n(h, __ATOMIC_SEQ_CST);
    case 2: return __atomic_load_n((const uint16_t *)h, __ATOMIC_SEQ_CST);
    case 4: return __atomic_load_n((const uint32_t *)h, __ATOMIC_SEQ_CST);
    default: return __atomic_load_n((const uint64_t *)h, __ATOMIC_SEQ_CST);
    }
}

/* AMO and CAS as host atomics: other harts' threads (and their tier-1
 * code's locked instructions) may touch the same word. Returns the old
 * value. */
static uint64_t atomic_rmw(const struct ir_insn *in, uint8_t *h, uint64_t b,
                           uint64_t c)
{
    if (in->op == IR_CAS) {
        uint64_t old = b & mask(in->size);
        host_cas(h, in->size, &old, c); /* on failure: what it held */
        return old;
    }
    uint64_t old = host_load(h, in->size);
    unsigned kind = in->aux & ~IR_MEM_ALIGNED;
    while (!host_cas(h, in->size, &old,
                     amo_apply(kind, old, b, in->size) & mask(in->size)))
        ; /* old now holds the newer value: apply again */
    return old;
}

/* LOAD, STORE, AMO, CAS: 0, or -1 with m->fault set. */
static int memory_op(const struct ir_insn *in, uint64_t *t, struct sys_mem *m)
{
    uint64_t addr = t[in->a];
    switch (in->op) {
    case IR_LOAD: {
        uint64_t v;
        if (!aligned_ok(in, addr))
            return misaligned(m, MMU_ACC_READ, addr);
        if (sys_mem_read(m, addr, in->size, &v))
            return -1;
        t[in->dst] = (in->aux & IR_LD_SIGNED) ? (uint64_t)sext(v, in->size)
                                               : v;
        return 0;
    }
    case IR_STORE:
        if (!aligned_ok(in, addr))
            return misaligned(m, MMU_ACC_WRITE, addr);
        return sys_mem_write(m, addr, in->size, t[in->b]);
    case IR_AMO:
    case IR_CAS: {
        uint8_t *h = sys_mem_rmw(m, addr, in->size);
        if (!h)
            return -1;
        t[in->dst] = atomic_rmw(in, h, t[in->b], t[in->c]);
        return 0;
    }
    }
    return -1;
}

enum sys_exit sys_interp_run(struct sys_interp *x, struct ir_ctx *ctx,
                             const struct ir_block *b, struct sys_mem *m,
                             unsigned *trap)
{
    if (x->cap < (size_t)b->n_temps + 1) {
        free(x->temps);
        x->cap = (size_t)b->n_temps + 64;
        x->temps = calloc(x->cap, sizeof(uint64_t));
        if (!x->temps)
            abort(); /* a few KiB: nothing sensible to do without them */
    }
    uint64_t *t = x->temps;
    uint64_t insn_pc = b->pc;
    bool started = false; /* a FETCH_FAULT block has no INSN */
    for (uint32_t i = 0; i < b->n; i++) {
        const struct ir_insn *in = &b->insns[i];
        switch (in->op) {
        case IR_INSN:
            insn_pc = in->imm;
            started = true;
            x->retired++;
            break;
        case IR_CONST: t[in->dst] = in->imm; break;
        case IR_GET: t[in->dst] = get_state(ctx, in->imm, in->size); break;
        case IR_PUT: put_state(ctx, in->imm, in->size, t[in->a]); break;
        case IR_LOAD: case IR_STORE: case IR_AMO: case IR_CAS:
            if (__builtin_expect(x->access_hook != NULL, 0) &&
                x->access_hook(x->hook_opaque, t[in->a], in->size,
                               in->op != IR_STORE, in->op != IR_LOAD)) {
                x->retired--;
                ctx->pc = insn_pc;
                return SYS_EXIT_NEXT;
            }
            if (memory_op(in, t, m)) {
                x->retired--;
                ctx->pc = insn_pc;
                return SYS_EXIT_FAULT;
            }
            break;
        case IR_FENCE:
            /* Other harts' threads: the host's store buffer must drain
             * (RVWMO forbids SB across fence rw,rw; x86 allows it
             * without mfence). Every fence is a full one, as tier 1's. */
            __atomic_thread_fence(__ATOMIC_SEQ_CST);
            break;
        case IR_CALL:
            t[in->dst] = ir_helper_table[in->aux](ctx, t[in->a], t[in->b],
                                                  t[in->c], in->imm);
            break;
        case IR_EXIT_IF:
            if (t[in->a]) {
                ctx->pc = in->imm;
                return SYS_EXIT_NEXT;
            }
            break;
        case IR_EXIT_JUMP: ctx->pc = in->imm; return SYS_EXIT_NEXT;
        case IR_EXIT_INDIRECT: ctx->pc = t[in->a]; return SYS_EXIT_NEXT;
        case IR_EXIT_TRAP:
            if (started && in->imm == insn_pc) /* trapping: not retired */
                x->retired--;
            ctx->pc = in->imm;
            *trap = in->aux;
            return SYS_EXIT_TRAP;
        case IR_CAS16: /* x86 only */
            ctx->pc = insn_pc;
            *trap = IR_TRAP_ILLEGAL;
            return SYS_EXIT_TRAP;
        default:
            t[in->dst] = ir_eval(in->op, in->size, t[in->a], t[in->b],
                                 t[in->c]);
            break;
        }
    }
    ctx->pc = b->pc + b->guest_bytes; /* unreachable for valid blocks */
    return SYS_EXIT_NEXT;
}

void sys_interp_free(struct sys_interp *x)
{
    free(x->temps);
    x->temps = NULL;
    x->cap = 0;
}
