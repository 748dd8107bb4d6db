/*
 * x86_64_lift.c — the x86-64 lifter's front: the Zydis decoder, dispatch
 * by mnemonic over the integer, SSE, MMX and x87 tables, the block driver (fetch,
 * decode, lift until control flow), and the probe and disassembler used by
 * tests and tools.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "x86_64_flags.h"

/* A block stops after this many instructions, or when the next one starts
 * on another page than the first (self-modifying code is tracked per page). */
#define X86_BLOCK_MAX_INSNS 64
#define X86_PAGE_MASK (~(uint64_t)0xfff)
#define X86_MAX_INSN_LEN 15

static ZydisDecoder decoder;
static ZydisFormatter formatter;
/* By mnemonic: the integer lifter, then the SSE one, the MMX one and the
 * x87 one (movsd and cmpsd name both a string and an SSE instruction, paddb
 * and movq both an SSE and an MMX form; each lifter refuses the others'). */
#define X86_LIFT_TABLES 4
static x86_lift_fn dispatch[X86_LIFT_TABLES][ZYDIS_MNEMONIC_MAX_VALUE + 1];
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void add_table(x86_lift_fn *to, const struct x86_lift_entry *t,
                      size_t n)
{
    for (size_t i = 0; i < n; i++)
        to[t[i].mnemonic] = t[i].fn;
}

static void init(void)
{
    ZydisDecoderInit(&decoder, ZYDIS_MACHINE_MODE_LONG_64,
                     ZYDIS_STACK_WIDTH_64);
    ZydisFormatterInit(&formatter, ZYDIS_FORMATTER_STYLE_INTEL);
    add_table(dispatch[0], x86_lift_table_int, x86_lift_table_int_len);
    add_table(dispatch[1], x86_lift_table_sse, x86_lift_table_sse_len);
    add_table(dispatch[2], x86_lift_table_mmx, x86_lift_table_mmx_len);
    add_table(dispatch[3], x86_lift_table_x87, x86_lift_table_x87_len);
}

static bool decode(const uint8_t *bytes, size_t avail,
                   ZydisDecodedInstruction *insn, ZydisDecodedOperand *ops)
{
    pthread_once(&init_once, init);
    return ZYAN_SUCCESS(
        ZydisDecoderDecodeFull(&decoder, bytes, avail, insn, ops));
}

/* Lifts one decoded instruction after its INSN marker. On failure the
 * block is rolled back to just after the marker and ends with ILLEGAL. */
static bool lift_insn(struct ir_block *b, uint64_t pc,
                      const ZydisDecodedInstruction *insn,
                      const ZydisDecodedOperand *ops, bool *ends_block,
                      struct x86_fuse *fuse)
{
    ir_insn_start(b, pc, insn->length);
    uint32_t n = b->n, n_temps = b->n_temps;
    struct x86_lift l = {
        .b = b, .insn = insn, .op = ops, .pc = pc,
        .next_pc = pc + insn->length, .fuse = fuse,
    };
    /* A refused attempt's flag record names temps rolled back below. */
    const struct x86_fuse saved = fuse ? *fuse : (struct x86_fuse){0};
    for (unsigned t = 0; t < X86_LIFT_TABLES; t++) {
        x86_lift_fn fn = dispatch[t][insn->mnemonic];
        if (fn && fn(&l)) {
            *ends_block = l.ends_block || ir_block_done(b);
            return true;
        }
        b->n = n;
        b->n_temps = n_temps;
        l.ends_block = false;
        if (fuse)
            *fuse = saved;
    }
    ir_exit_trap(b, IR_TRAP_ILLEGAL, pc);
    *ends_block = true;
    return false;
}

/* A prefix lift (ir.h's ir_block.prefix) stops after this many
 * instructions at most: the analysis wanting it stops there too. */
#define X86_PREFIX_MAX_INSNS 8

/* Whether IR from index k on can observe the state, for b->prefix. */
static bool observes_from(const struct ir_block *b, uint32_t k)
{
    for (; k < b->n; k++) {
        const struct ir_insn *in = &b->insns[k];
        unsigned fl = ir_op_flags((enum ir_op)in->op);
        if (fl & (IR_F_HELPER | IR_F_EXIT))
            return true;
        if ((fl & IR_F_MEM) &&
            (in->op != IR_LOAD || b->prefix == IR_PREFIX_ACCESS))
            return true;
    }
    return false;
}

/* Gathers up to X86_MAX_INSN_LEN bytes at pc into buf, across a page
 * boundary if need be; returns how many could be fetched. */
static size_t gather(uint64_t pc, const uint8_t *bytes, uint64_t avail,
                     const uint8_t *(*fetch)(void *, uint64_t, uint64_t *),
                     void *arg, uint8_t *buf)
{
    size_t got = avail < X86_MAX_INSN_LEN ? (size_t)avail : X86_MAX_INSN_LEN;
    if (got)
        memcpy(buf, bytes, got);
    while (got < X86_MAX_INSN_LEN) {
        uint64_t more = 0;
        const uint8_t *p = fetch(arg, pc + got, &more);
        if (!p || more == 0)
            break;
        size_t take = X86_MAX_INSN_LEN - got;
        if (more < take)
            take = (size_t)more;
        memcpy(buf + got, p, take);
        got += take;
    }
    return got;
}

void x86_lift_block(struct ir_block *b, uint64_t pc,
                    const uint8_t *(*fetch)(void *, uint64_t, uint64_t *),
                    void *fetch_arg)
{
    ir_block_reset(b, pc);
    struct x86_fuse fuse = {0};
    uint64_t cur = pc, avail = 0;
    const uint8_t *bytes = NULL;
    for (unsigned count = 0;; count++) {
        if (count == X86_BLOCK_MAX_INSNS ||
            (count > 0 && (cur & X86_PAGE_MASK) != (pc & X86_PAGE_MASK))) {
            ir_exit_jump(b, cur);
            return;
        }
        if (avail == 0) {
            bytes = fetch(fetch_arg, cur, &avail);
            if (!bytes)
                avail = 0;
        }
        uint8_t buf[X86_MAX_INSN_LEN] = {0};
        const uint8_t *code = bytes;
        size_t have = (size_t)(avail < X86_MAX_INSN_LEN ? avail
                                                        : X86_MAX_INSN_LEN);
        if (have < X86_MAX_INSN_LEN) {
            have = gather(cur, bytes, avail, fetch, fetch_arg, buf);
            code = buf;
        }
        ZydisDecodedInstruction insn;
        ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
        if (!decode(code, have, &insn, ops)) {
            if (have < X86_MAX_INSN_LEN && !decode(code, X86_MAX_INSN_LEN,
                                                   &insn, ops)) {
                /* Undecodable even with the missing bytes as zeros: an
                 * illegal instruction; otherwise it lacks bytes. */
                ir_insn_start(b, cur, 1);
                ir_exit_trap(b, IR_TRAP_ILLEGAL, cur);
            } else if (have < X86_MAX_INSN_LEN) {
                if (count == 0)
                    ir_exit_trap(b, IR_TRAP_FETCH_FAULT, cur + have);
                else
                    ir_exit_jump(b, cur);
            } else {
                ir_insn_start(b, cur, 1);
                ir_exit_trap(b, IR_TRAP_ILLEGAL, cur);
            }
            return;
        }
        bool ends = false;
        uint32_t first = b->n;
        lift_insn(b, cur, &insn, ops, &ends, &fuse);
        if (ends)
            return;
        if (b->prefix &&
            (count + 1 == X86_PREFIX_MAX_INSNS || observes_from(b, first))) {
            ir_exit_jump(b, cur + insn.length);
            return;
        }
        cur += insn.length;
        if (avail > insn.length) {
            bytes += insn.length;
            avail -= insn.length;
        } else {
            avail = 0;
        }
    }
}

enum x86_probe x86_lift_probe(const uint8_t *bytes, size_t avail, uint64_t pc,
                              unsigned *len, const char **mnemonic)
{
    ZydisDecodedInstruction insn;
    ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
    if (!decode(bytes, avail, &insn, ops)) {
        *len = 1;
        if (mnemonic)
            *mnemonic = NULL;
        return X86_PROBE_UNDECODABLE;
    }
    *len = insn.length;
    if (mnemonic)
        *mnemonic = ZydisMnemonicGetString(insn.mnemonic);
    struct ir_block b;
    ir_block_init(&b, pc);
    bool ends = false;
    bool ok = lift_insn(&b, pc, &insn, ops, &ends, NULL);
    ir_block_free(&b);
    return ok ? X86_PROBE_LIFTED : X86_PROBE_UNLIFTED;
}

unsigned x86_disasm(const uint8_t *bytes, size_t avail, uint64_t pc,
                    char *buf, size_t size)
{
    ZydisDecodedInstruction insn;
    ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
    if (!decode(bytes, avail, &insn, ops))
        return 0;
    if (!ZYAN_SUCCESS(ZydisFormatterFormatInstruction(
            &formatter, &insn, ops, insn.operand_count_visible, buf, size, pc,
            NULL)))
        return 0;
    return insn.length;
}
