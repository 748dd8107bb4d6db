/*
 * interp.c — tier 0: runs an IR block op by op.
 *
 * Pure ops are evaluated by ir_eval(); this file adds what touches the
 * world: CPU state, guest memory (bounds check against ctx->mem_limit,
 * host faults caught through an mmu_catch scope), atomics, helpers and
 * exits.
 */
#include "interp.h"

#include <signal.h>
#include <string.h>

#include "mmu.h"
#include "mmu_fault.h"

static uint64_t read_sized(const void *p, unsigned size)
{
    switch (size) {
    case 1: return *(const uint8_t *)p;
    case 2: { uint16_t v; memcpy(&v, p, 2); return v; }
    case 4: { uint32_t v; memcpy(&v, p, 4); return v; }
    default: { uint64_t v; memcpy(&v, p, 8); return v; }
    }
}

static void write_sized(void *p, uint64_t v, unsigned size)
{
    switch (size) {
    case 1: *(uint8_t *)p = (uint8_t)v; break;
    case 2: { uint16_t x = (uint16_t)v; memcpy(p, &x, 2); break; }
    case 4: { uint32_t x = (uint32_t)v; memcpy(p, &x, 4); break; }
    default: memcpy(p, &v, 8); break;
    }
}

static int64_t sext_sized(uint64_t v, unsigned size)
{
    unsigned sh = 64 - size * 8;
    return (int64_t)(v << sh) >> sh;
}

/* The one bounds check: guest [addr, addr+size) must lie below the limit.
 * Written so that a wrapped address fails too. */
static bool in_arena(const struct ir_ctx *ctx, uint64_t addr, unsigned size)
{
    return addr <= ctx->mem_limit - size;
}

static uint64_t amo_apply(enum ir_amo kind, uint64_t old, uint64_t v,
                          unsigned size)
{
    switch (kind) {
    case IR_AMO_SWAP: return v;
    case IR_AMO_ADD: return old + v;
    case IR_AMO_AND: return old & v;
    case IR_AMO_OR: return old | v;
    case IR_AMO_XOR: return old ^ v;
    case IR_AMO_MINS:
        return sext_sized(old, size) < sext_sized(v, size) ? old : v;
    case IR_AMO_MAXS:
        return sext_sized(old, size) > sext_sized(v, size) ? old : v;
    case IR_AMO_MINU: return old < v ? old : v;
    case IR_AMO_MAXU: return old > v ? old : v;
    }
    return old;
}

static uint64_t size_mask(unsigned size)
{
    return size >= 8 ? UINT64_MAX : (UINT64_C(1) << (size * 8)) - 1;
}

/* Atomic read-modify-write with a compare-and-swap loop, so one routine
 * covers every kind and size. */
static uint64_t do_amo(void *p, enum ir_amo kind, uint64_t v, unsigned size)
{
    uint64_t m = size_mask(size);
    if (size == 4) {
        uint32_t old = __atomic_load_n((uint32_t *)p, __ATOMIC_RELAXED);
        while (!__atomic_compare_exchange_n(
            (uint32_t *)p, &old, (uint32_t)amo_apply(kind, old, v & m, 4),
            false, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
            ;
        return old;
    }
    if (size == 8) {
        uint64_t old = __atomic_load_n((uint64_t *)p, __ATOMIC_RELAXED);
        while (!__atomic_compare_exchange_n((uint64_t *)p, &old,
                                            amo_apply(kind, old, v, 8), false,
                                            __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
            ;
        return old;
    }
    if (size == 2) {
        uint16_t old = __atomic_load_n((uint16_t *)p, __ATOMIC_RELAXED);
        while (!__atomic_compare_exchange_n(
            (uint16_t *)p, &old, (uint16_t)amo_apply(kind, old, v & m, 2),
            false, __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
            ;
        return old;
    }
    uint8_t old = __atomic_load_n((uint8_t *)p, __ATOMIC_RELAXED);
    while (!__atomic_compare_exchange_n(
        (uint8_t *)p, &old, (uint8_t)amo_apply(kind, old, v & m, 1), false,
        __ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
        ;
    return old;
}

static uint64_t do_cas(void *p, uint64_t expected, uint64_t desired,
                       unsigned size)
{
    if (size == 4) {
        uint32_t e = (uint32_t)expected;
        __atomic_compare_exchange_n((uint32_t *)p, &e, (uint32_t)desired,
                                    false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        return e;
    }
    if (size == 8) {
        uint64_t e = expected;
        __atomic_compare_exchange_n((uint64_t *)p, &e, desired, false,
                                    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        return e;
    }
    if (size == 2) {
        uint16_t e = (uint16_t)expected;
        __atomic_compare_exchange_n((uint16_t *)p, &e, (uint16_t)desired,
                                    false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        return e;
    }
    /* Size 1. Atomic like the others, and — like the host's lock cmpxchg
     * that tier 1 emits — a write even when the comparison fails, so a
     * read-only page faults whatever the value. */
    uint8_t e = (uint8_t)expected;
    __atomic_compare_exchange_n((uint8_t *)p, &e, (uint8_t)desired, false,
                                __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return e;
}

/* CAS16 (see ir.h): scratch is the 32-byte expected/desired area in the
 * CPU state. A lock cmpxchg16b, which writes even when the comparison
 * fails, so a read-only page faults. GCC inlines the __sync form under
 * -mcx16 (set for interp.c alone); its __atomic form calls libatomic. */
static uint64_t do_cas16(void *p, uint8_t *scratch)
{
    unsigned __int128 expected, desired;
    memcpy(&expected, scratch, 16);
    memcpy(&desired, scratch + 16, 16);
    unsigned __int128 old =
        __sync_val_compare_and_swap((unsigned __int128 *)p, expected, desired);
    memcpy(scratch, &old, 16);
    return old == expected;
}

static enum interp_result fault_at(struct interp_exit *exit, uint64_t addr,
                                   bool write)
{
    exit->addr = addr;
    exit->write = write;
    exit->misaligned = false;
    exit->bus = false;
    exit->watch = false;
    return INTERP_FAULT;
}

bool (*interp_access_hook)(uint64_t addr, unsigned size, bool write);

/* Checks an access: in the arena and, when required, naturally aligned. */
static bool access_ok(const struct ir_ctx *ctx, const struct ir_insn *in,
                      uint64_t addr, bool write, struct interp_exit *exit)
{
    if (__builtin_expect(interp_access_hook != NULL, 0) &&
        interp_access_hook(addr, in->size, write)) {
        fault_at(exit, addr, write);
        exit->watch = true;
        return false;
    }
    if ((in->aux & IR_MEM_ALIGNED) && (addr & (in->size - 1u))) {
        fault_at(exit, addr, write);
        exit->misaligned = true;
        return false;
    }
    if (!in_arena(ctx, addr, in->size)) {
        fault_at(exit, addr, write);
        return false;
    }
    return true;
}

/* Runs the block; host faults longjmp out of here to interp_run. */
static enum interp_result run_ops(const struct ir_block *b, struct ir_ctx *ctx,
                                  uint64_t *t, struct interp_exit *exit)
{
    uint8_t *state = (uint8_t *)ctx;
    uint8_t *mem = (uint8_t *)(uintptr_t)ctx->mem_base;
    for (uint32_t i = 0; i < b->n; i++) {
        const struct ir_insn *in = &b->insns[i];
        const uint64_t a = t[in->a], bv = t[in->b];
        uint64_t r = 0;
        switch ((enum ir_op)in->op) {
        case IR_INSN:
            ctx->pc = in->imm;
            continue;
        case IR_CONST:
            r = in->imm;
            break;
        case IR_GET:
            r = read_sized(state + in->imm, in->size);
            break;
        case IR_PUT:
            write_sized(state + in->imm, a, in->size);
            continue;
        case IR_LOAD:
            if (!access_ok(ctx, in, a, false, exit))
                return INTERP_FAULT;
            r = read_sized(mem + a, in->size);
            if (in->aux & IR_LD_SIGNED)
                r = (uint64_t)sext_sized(r, in->size);
            break;
        case IR_STORE:
            if (!access_ok(ctx, in, a, true, exit))
                return INTERP_FAULT;
            write_sized(mem + a, bv, in->size);
            continue;
        case IR_AMO:
            if (!access_ok(ctx, in, a, true, exit))
                return INTERP_FAULT;
            r = do_amo(mem + a, (enum ir_amo)(in->aux & ~IR_MEM_ALIGNED), bv,
                       in->size);
            break;
        case IR_CAS:
            if (!access_ok(ctx, in, a, true, exit))
                return INTERP_FAULT;
            r = do_cas(mem + a, bv, t[in->c], in->size);
            break;
        case IR_CAS16:
            if (!access_ok(ctx, in, a, true, exit))
                return INTERP_FAULT;
            r = do_cas16(mem + a, state + in->imm);
            break;
        case IR_FENCE:
            __atomic_thread_fence(__ATOMIC_SEQ_CST);
            continue;
        case IR_CALL:
            r = ir_helper_table[in->aux](ctx, a, bv, t[in->c], in->imm);
            break;
        case IR_EXIT_IF:
            if (a) {
                ctx->pc = in->imm;
                return INTERP_JUMP;
            }
            continue;
        case IR_EXIT_JUMP:
            ctx->pc = in->imm;
            return INTERP_JUMP;
        case IR_EXIT_INDIRECT:
            ctx->pc = a;
            return INTERP_JUMP;
        case IR_EXIT_TRAP:
            ctx->pc = in->imm;
            exit->trap = (enum ir_trap)in->aux;
            return INTERP_TRAP;
        default:
            r = ir_eval((enum ir_op)in->op, in->size, a, bv, t[in->c]);
            break;
        }
        t[in->dst] = r;
    }
    /* ir_validate guarantees a terminator; reaching here is a lifter bug. */
    exit->trap = IR_TRAP_ILLEGAL;
    return INTERP_TRAP;
}

enum interp_result interp_run(const struct ir_block *b, struct ir_ctx *cpu,
                              struct interp_exit *exit)
{
    uint64_t temps[b->n_temps + 1];
    temps[0] = 0;
    struct mmu_catch c;
    c.lo = (uintptr_t)cpu->mem_base;
    c.hi = c.lo + cpu->mem_limit + MMU_GUARD_SIZE;
    if (sigsetjmp(c.env, 0)) {
        /* A host fault on the arena: ctx->pc is the faulting insn. */
        fault_at(exit, c.guest_addr, c.write);
        exit->bus = c.sig == SIGBUS;
        return INTERP_FAULT;
    }
    mmu_catch_enter(&c);
    enum interp_result r = run_ops(b, cpu, temps, exit);
    mmu_catch_leave();
    return r;
}
