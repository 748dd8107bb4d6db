/*
 * rv_random.h — seeded random RV64GC blocks and start states for the
 * differential tests of the compiled tiers (interpreter vs tier 1 vs
 * LLVM). Same recipe as test/tier1/random_diff.c, in a header any test
 * can share: each instruction drawn uniformly from the decoder's encoding
 * table with random operand bits; memory instructions mostly address
 * through registers that point into mapped data, a read-only page, an
 * unmapped page or a misaligned spot, so accesses both work and fault;
 * CSR instructions name fflags/frm/fcsr only (the counters are not
 * deterministic).
 */
#ifndef VM_TEST_RV_RANDOM_H
#define VM_TEST_RV_RANDOM_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "riscv64.h"
#include "riscv64_tables.h"
#include "tier1_harness.h"

#define RVR_MAX_INSNS 24
#define RVR_MAX_CODE 1024

struct rvr {
    uint64_t state; /* xorshift64* */
};

static inline void rvr_seed(struct rvr *g, uint64_t seed)
{
    g->state = seed * 0x9e3779b97f4a7c15ull + 1;
}

static inline uint64_t rvr_next(struct rvr *g)
{
    g->state ^= g->state >> 12;
    g->state ^= g->state << 25;
    g->state ^= g->state >> 27;
    return g->state * 0x2545f4914f6cdd1dull;
}

struct rvr_code {
    uint64_t pc;
    uint8_t bytes[RVR_MAX_CODE];
    size_t len;
};

/* The fetch callback of rv_lift_block over a struct rvr_code. */
static inline const uint8_t *rvr_fetch(void *arg, uint64_t pc, uint64_t *avail)
{
    const struct rvr_code *c = arg;
    if (pc < c->pc || pc >= c->pc + c->len) {
        *avail = 0;
        return NULL;
    }
    *avail = c->pc + c->len - pc;
    return c->bytes + (pc - c->pc);
}

static inline bool rvr_is_memory_op(unsigned op)
{
    for (const uint8_t *o = rv_opinfo[op].operands; *o != RV_OPND_END; o++)
        if (*o == RV_OPND_MEM || *o == RV_OPND_AMEM)
            return true;
    return false;
}

/* Registers that hold addresses at the start of every block. */
static const uint8_t rvr_pointer_regs[] = {2, 8, 9, 10, 11, 12, 13, 14, 15};
#define RVR_N_POINTERS sizeof(rvr_pointer_regs)

static inline uint32_t rvr_insn(struct rvr *g, unsigned *len)
{
    unsigned n = rv_bucket_start[RV_BUCKETS];
    const struct rv_encoding *e = &rv_encodings[rvr_next(g) % n];
    bool wide = (e->match & 3) == 3;
    uint32_t bits = (uint32_t)rvr_next(g);
    if (!wide)
        bits &= 0xffff;
    uint32_t raw = (bits & ~e->mask) | e->match;
    uint8_t b[4] = {(uint8_t)raw, (uint8_t)(raw >> 8), (uint8_t)(raw >> 16),
                    (uint8_t)(raw >> 24)};
    struct rv_insn in;
    rv_decode(b, 4, &in);
    if (in.op != RV_INVALID && wide) {
        unsigned fmt = rv_opinfo[in.op].fmt;
        if (fmt == RV_FMT_CSR || fmt == RV_FMT_CSRI) {
            static const uint32_t csrs[] = {0x001, 0x002, 0x003};
            raw = (raw & 0x000fffffu) | csrs[rvr_next(g) % 3] << 20;
        } else if (rvr_is_memory_op(in.op) && rvr_next(g) % 8 != 0) {
            uint32_t r = rvr_pointer_regs[rvr_next(g) % RVR_N_POINTERS];
            raw = (raw & ~(0x1fu << 15)) | r << 15;
        }
    }
    *len = wide ? 4 : 2;
    return raw;
}

/* n (at most RVR_MAX_CODE / 4) random instructions at pc. */
static inline void rvr_code_n(struct rvr *g, struct rvr_code *c, uint64_t pc,
                              unsigned n)
{
    c->pc = pc;
    c->len = 0;
    for (unsigned i = 0; i < n && c->len + 4 <= RVR_MAX_CODE; i++) {
        unsigned len;
        uint32_t raw = rvr_insn(g, &len);
        memcpy(c->bytes + c->len, &raw, len);
        c->len += len;
    }
}

/* 1..RVR_MAX_INSNS random instructions at pc: one block's worth. */
static inline void rvr_code(struct rvr *g, struct rvr_code *c, uint64_t pc)
{
    rvr_code_n(g, c, pc, 1 + (unsigned)(rvr_next(g) % RVR_MAX_INSNS));
}

/* Random registers (small, sign-extended 32-bit or full 64-bit values),
 * the pointer registers aimed at mapped, read-only, unmapped and
 * misaligned spots in a random order, FP registers with NaN-boxed singles
 * and special doubles, random frm/fflags and sometimes a reservation. */
static inline void rvr_state(struct rvr *g, struct rv_cpu *cpu)
{
    for (int i = 1; i < 32; i++) {
        uint64_t v = rvr_next(g);
        switch (rvr_next(g) % 4) {
        case 0: v &= 0xff; break;
        case 1: v = (uint64_t)(int64_t)(int32_t)v; break;
        default: break;
        }
        cpu->x[i] = v;
    }
    static const uint64_t pointers[RVR_N_POINTERS] = {
        H_DATA + 0x2000, H_DATA + 0x800, H_DATA + 0x1000, H_DATA + 0x1808,
        H_DATA + 0x2800, H_RO + 0x800, H_HOLE + 0x800, H_DATA + 0x3003,
        H_DATA + 0x3800,
    };
    uint8_t order[RVR_N_POINTERS];
    for (size_t i = 0; i < RVR_N_POINTERS; i++)
        order[i] = (uint8_t)i;
    for (size_t i = RVR_N_POINTERS - 1; i > 0; i--) {
        size_t j = rvr_next(g) % (i + 1);
        uint8_t t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (size_t i = 0; i < RVR_N_POINTERS; i++)
        cpu->x[rvr_pointer_regs[i]] = pointers[order[i]];
    static const uint64_t doubles[] = {
        0x3ff0000000000000ull, 0xbff8000000000000ull, 0x7ff0000000000000ull,
        0x7ff8000000000000ull, 0x0000000000000001ull, 0x8000000000000000ull,
        0x43e0000000000000ull, 0x41dfffffffc00000ull,
    };
    for (int i = 0; i < 32; i++) {
        uint64_t v = rvr_next(g);
        switch (rvr_next(g) % 3) {
        case 0: v = 0xffffffff00000000ull | (v & 0xffffffff); break;
        case 1: v = doubles[rvr_next(g) % 8]; break;
        default: break;
        }
        cpu->f[i] = v;
    }
    cpu->ctx.frm = (uint32_t)(rvr_next(g) % 5);
    cpu->ctx.fflags = (uint32_t)(rvr_next(g) % 32);
    if (rvr_next(g) % 2) { /* a reservation an SC may find */
        cpu->ctx.resv_addr = cpu->x[8];
        cpu->ctx.resv_size = rvr_next(g) % 2 ? 8 : 4;
    }
}

/* Fills the harness's data pages with random bytes. */
static inline void rvr_memory(struct rvr *g, uint8_t *data, size_t len)
{
    for (size_t i = 0; i + 8 <= len; i += 8) {
        uint64_t v = rvr_next(g);
        memcpy(data + i, &v, 8);
    }
}

#endif
