/*
 * random_diff.c — the random-stream differential test of tier 1.
 *
 * usage: random_diff SEED BLOCKS
 *
 * Generates BLOCKS random RV64GC instruction sequences (seeded; each
 * instruction drawn uniformly from the decoder's encoding table, with
 * random operand bits), lifts each into a block with rv_lift_block, runs
 * it under the interpreter and under tier 1 from identical CPU state and
 * memory, and requires identical registers, fflags, reservation, memory,
 * exit and fault pc/address. Memory instructions mostly address through
 * registers that point into mapped data, a read-only page, an unmapped
 * page or a misaligned spot, so loads, stores and atomics both work and
 * fault. CSR instructions name fflags/frm/fcsr (the counters are not
 * deterministic). Ends with status 1 at the first difference, printing
 * the block, and also fails when some RV64GC opcode was never executed.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "riscv64.h"
#include "riscv64_tables.h"
#include "tier1_harness.h"

#define CODE_PC UINT64_C(0x100000)
#define MAX_INSNS 24

static uint64_t rng_state;

static uint64_t rnd(void) /* xorshift64* */
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

struct code {
    uint8_t bytes[MAX_INSNS * 4];
    size_t len;
};

static const uint8_t *fetch(void *arg, uint64_t pc, uint64_t *avail)
{
    struct code *c = arg;
    if (pc < CODE_PC || pc >= CODE_PC + c->len) {
        *avail = 0;
        return NULL;
    }
    *avail = CODE_PC + c->len - pc;
    return c->bytes + (pc - CODE_PC);
}

static bool is_memory_op(unsigned op)
{
    for (const uint8_t *o = rv_opinfo[op].operands; *o != RV_OPND_END; o++)
        if (*o == RV_OPND_MEM || *o == RV_OPND_AMEM)
            return true;
    return false;
}

/* Registers that hold addresses at the start of every block. */
static const uint8_t pointer_regs[] = {2, 8, 9, 10, 11, 12, 13, 14, 15};

static uint32_t random_insn(unsigned *len)
{
    unsigned n = rv_bucket_start[RV_BUCKETS];
    const struct rv_encoding *e = &rv_encodings[rnd() % n];
    bool wide = (e->match & 3) == 3;
    uint32_t bits = (uint32_t)rnd();
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
            raw = (raw & 0x000fffffu) | csrs[rnd() % 3] << 20;
        } else if (is_memory_op(in.op) && rnd() % 8 != 0) {
            uint32_t r = pointer_regs[rnd() % sizeof(pointer_regs)];
            raw = (raw & ~(0x1fu << 15)) | r << 15;
        }
    }
    *len = wide ? 4 : 2;
    return raw;
}

static void random_state(struct rv_cpu *cpu)
{
    for (int i = 1; i < 32; i++) {
        uint64_t v = rnd();
        switch (rnd() % 4) {
        case 0: v &= 0xff; break;
        case 1: v = (uint64_t)(int64_t)(int32_t)v; break;
        default: break;
        }
        cpu->x[i] = v;
    }
    static const uint64_t pointers[] = {
        H_DATA + 0x2000, H_DATA + 0x800, H_DATA + 0x1000, H_DATA + 0x1808,
        H_DATA + 0x2800, H_RO + 0x800, H_HOLE + 0x800, H_DATA + 0x3003,
        H_DATA + 0x3800,
    };
    for (size_t i = 0; i < sizeof(pointer_regs); i++)
        cpu->x[pointer_regs[i]] = pointers[i];
    static const uint64_t doubles[] = {
        0x3ff0000000000000ull, 0xbff8000000000000ull, 0x7ff0000000000000ull,
        0x7ff8000000000000ull, 0x0000000000000001ull, 0x8000000000000000ull,
        0x43e0000000000000ull, 0x41dfffffffc00000ull,
    };
    for (int i = 0; i < 32; i++) {
        uint64_t v = rnd();
        switch (rnd() % 3) {
        case 0: v = 0xffffffff00000000ull | (v & 0xffffffff); break;
        case 1: v = doubles[rnd() % 8]; break;
        default: break;
        }
        cpu->f[i] = v;
    }
    cpu->ctx.frm = (uint32_t)(rnd() % 5);
    cpu->ctx.fflags = (uint32_t)(rnd() % 32);
    if (rnd() % 2) { /* a reservation an SC may find */
        cpu->ctx.resv_addr = cpu->x[8];
        cpu->ctx.resv_size = rnd() % 2 ? 8 : 4;
    }
}

static void report(const struct code *c, const struct ir_block *b,
                   const char *diff, const struct h_outcome *oi,
                   const struct h_outcome *o1, uint64_t index)
{
    fprintf(stderr, "random_diff: block %" PRIu64 ": %s differs\n", index,
            diff);
    fprintf(stderr, "  exit %d/%d pc %#" PRIx64 "/%#" PRIx64
                    " fault %#" PRIx64 "/%#" PRIx64 " (interp/tier1)\n",
            oi->r, o1->r, oi->cpu.ctx.pc, o1->cpu.ctx.pc, oi->ex.addr,
            o1->ex.addr);
    const uint64_t *ri = oi->cpu.r, *r1 = o1->cpu.r;
    for (size_t i = 0; i < 32; i++)
        if (ri[i] != r1[i])
            fprintf(stderr, "  state word %zu: %#" PRIx64 " / %#" PRIx64 "\n",
                    i, ri[i], r1[i]);
    for (size_t off = 0; off < c->len;) {
        struct rv_insn in;
        char text[96];
        unsigned n = rv_decode(c->bytes + off, c->len - off, &in);
        rv_disasm(&in, CODE_PC + off, text, sizeof(text));
        fprintf(stderr, "  %#" PRIx64 ": %s\n", CODE_PC + off, text);
        off += n;
    }
    ir_print(b, stderr);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: random_diff SEED BLOCKS\n");
        return 2;
    }
    rng_state = strtoull(argv[1], NULL, 0) * 0x9e3779b97f4a7c15ull + 1;
    uint64_t blocks = strtoull(argv[2], NULL, 0);
    static struct h_world world;
    static struct h_outcome oi, o1;
    static bool seen[RV_OPCODE_COUNT];
    h_init(&world);
    struct ir_block b;
    ir_block_init(&b, CODE_PC);
    uint64_t insns = 0, faults = 0, traps = 0;
    for (uint64_t k = 0; k < blocks; k++) {
        struct code c = {.len = 0};
        unsigned n = 1 + (unsigned)(rnd() % MAX_INSNS);
        for (unsigned i = 0; i < n; i++) {
            unsigned len;
            uint32_t raw = random_insn(&len);
            memcpy(c.bytes + c.len, &raw, len);
            c.len += len;
        }
        rv_lift_block(&b, CODE_PC, fetch, &c);
        const char *bad = ir_validate(&b);
        if (bad) {
            fprintf(stderr, "random_diff: invalid IR: %s\n", bad);
            return 1;
        }
        for (size_t off = 0, i = 0; i < b.guest_insns; i++) {
            struct rv_insn in;
            off += rv_decode(c.bytes + off, c.len - off, &in);
            seen[in.op] = true;
        }
        insns += b.guest_insns;
        for (size_t i = 0; i < H_DATA_LEN; i += 8) {
            uint64_t v = rnd();
            memcpy(h_data(&world) + i, &v, 8);
        }
        struct h_cpu start;
        h_cpu_init(&world, &start);
        struct rv_cpu *rv = (struct rv_cpu *)&start;
        _Static_assert(sizeof(struct rv_cpu) <= sizeof(struct h_cpu),
                       "rv_cpu fits the harness state");
        random_state(rv);
        h_run_both(&world, &b, &start, &oi, &o1);
        const char *diff = h_diff(&oi, &o1);
        if (diff) {
            report(&c, &b, diff, &oi, &o1, k);
            return 1;
        }
        faults += oi.r == INTERP_FAULT;
        traps += oi.r == INTERP_TRAP;
    }
    unsigned missing = 0;
    for (unsigned op = 1; op < RV_OPCODE_COUNT; op++)
        if (!seen[op]) {
            fprintf(stderr, "random_diff: %s never executed\n",
                    rv_opcode_name(op));
            missing++;
        }
    printf("random_diff: %" PRIu64 " blocks, %" PRIu64 " guest insns, %" PRIu64
           " faults, %" PRIu64 " traps, %u opcodes never executed\n",
           blocks, insns, faults, traps, missing);
    ir_block_free(&b);
    h_fini(&world);
    return missing ? 1 : 0;
}
