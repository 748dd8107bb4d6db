/*
 * ir.c — building, checking and printing IR blocks; the op tables derived
 * from the one list in ir.h.
 */
#include "ir.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

struct op_info {
    const char *name;
    uint8_t nargs;
    uint8_t flags;
};

static const struct op_info op_table[IR_NUM_OPS] = {
#define IR_OP_INFO(name, nargs, flags) {#name, nargs, flags},
    IR_OPS(IR_OP_INFO)
#undef IR_OP_INFO
};

static const struct {
    const char *name;
    uint8_t nargs;
    bool state;
} helper_table[IR_NUM_HELPERS] = {
#define IR_HELPER_INFO(name, nargs, state) {#name, nargs, state},
    IR_HELPERS(IR_HELPER_INFO)
#undef IR_HELPER_INFO
};

static const char *const trap_names[IR_NUM_TRAPS] = {
#define IR_TRAP_NAME(name) #name,
    IR_TRAPS(IR_TRAP_NAME)
#undef IR_TRAP_NAME
};

const char *ir_op_name(enum ir_op op)
{
    return op < IR_NUM_OPS ? op_table[op].name : "?";
}

unsigned ir_op_nargs(enum ir_op op)
{
    return op < IR_NUM_OPS ? op_table[op].nargs : 0;
}

unsigned ir_op_flags(enum ir_op op)
{
    return op < IR_NUM_OPS ? op_table[op].flags : 0;
}

const char *ir_helper_name(enum ir_helper h)
{
    return h < IR_NUM_HELPERS ? helper_table[h].name : "?";
}

unsigned ir_helper_nargs(enum ir_helper h)
{
    return h < IR_NUM_HELPERS ? helper_table[h].nargs : 0;
}

bool ir_helper_touches_state(enum ir_helper h)
{
    return h < IR_NUM_HELPERS && helper_table[h].state;
}

const char *ir_trap_name(enum ir_trap t)
{
    return t < IR_NUM_TRAPS ? trap_names[t] : "?";
}

void ir_block_init(struct ir_block *b, uint64_t pc)
{
    memset(b, 0, sizeof(*b));
    b->pc = pc;
}

void ir_block_reset(struct ir_block *b, uint64_t pc)
{
    b->pc = pc;
    b->guest_bytes = 0;
    b->guest_insns = 0;
    b->n = 0;
    b->n_temps = 0;
}

void ir_block_free(struct ir_block *b)
{
    free(b->insns);
    memset(b, 0, sizeof(*b));
}

void ir_block_trim(struct ir_block *b)
{
    if (!b->n || b->cap <= b->n + b->n / 4)
        return;
    struct ir_insn *p = realloc(b->insns, b->n * sizeof(*p));
    if (!p)
        return; /* keeps the old room */
    b->insns = p;
    b->cap = b->n;
}

bool ir_block_has_op(const struct ir_block *b, enum ir_op op)
{
    for (uint32_t i = 0; i < b->n; i++)
        if (b->insns[i].op == op)
            return true;
    return false;
}

uint32_t ir_block_insns_before(const struct ir_block *b, uint64_t pc)
{
    uint32_t n = 0;
    for (uint32_t i = 0; i < b->n; i++)
        if (b->insns[i].op == IR_INSN) {
            if (b->insns[i].imm == pc)
                return n;
            n++;
        }
    return n;
}

ir_temp ir_emit(struct ir_block *b, enum ir_op op, unsigned size,
                unsigned aux, ir_temp a, ir_temp bb, ir_temp c, uint64_t imm)
{
    if (b->n == b->cap) {
        uint32_t cap = b->cap ? b->cap * 2 : 64;
        struct ir_insn *p = realloc(b->insns, cap * sizeof(*p));
        if (!p)
            abort(); /* out of host memory: nothing sensible to do */
        b->insns = p;
        b->cap = cap;
    }
    ir_temp dst = 0;
    if (op_table[op].flags & IR_F_DST)
        dst = (ir_temp)++b->n_temps;
    b->insns[b->n++] = (struct ir_insn){
        .op = (uint8_t)op, .size = (uint8_t)size, .aux = (uint8_t)aux,
        .dst = dst, .a = a, .b = bb, .c = c, .imm = imm,
    };
    return dst;
}

void ir_insn_start(struct ir_block *b, uint64_t pc, unsigned len)
{
    ir_emit(b, IR_INSN, len, 0, 0, 0, 0, pc);
    b->guest_insns++;
    b->guest_bytes += len;
}

ir_temp ir_const(struct ir_block *b, uint64_t v)
{
    return ir_emit(b, IR_CONST, 8, 0, 0, 0, 0, v);
}

ir_temp ir_get(struct ir_block *b, size_t off, unsigned size)
{
    return ir_emit(b, IR_GET, size, 0, 0, 0, 0, off);
}

void ir_put(struct ir_block *b, size_t off, unsigned size, ir_temp v)
{
    ir_emit(b, IR_PUT, size, 0, v, 0, 0, off);
}

ir_temp ir_load(struct ir_block *b, ir_temp addr, unsigned size, bool sign)
{
    return ir_emit(b, IR_LOAD, size, sign ? IR_LD_SIGNED : 0, addr, 0, 0, 0);
}

void ir_store(struct ir_block *b, ir_temp addr, ir_temp v, unsigned size)
{
    ir_emit(b, IR_STORE, size, 0, addr, v, 0, 0);
}

ir_temp ir_binop(struct ir_block *b, enum ir_op op, unsigned size, ir_temp x,
                 ir_temp y)
{
    return ir_emit(b, op, size, 0, x, y, 0, 0);
}

ir_temp ir_unop(struct ir_block *b, enum ir_op op, unsigned size, ir_temp x)
{
    return ir_emit(b, op, size, 0, x, 0, 0, 0);
}

ir_temp ir_select(struct ir_block *b, ir_temp cond, ir_temp x, ir_temp y)
{
    return ir_emit(b, IR_SELECT, 8, 0, cond, x, y, 0);
}

ir_temp ir_call(struct ir_block *b, enum ir_helper h, ir_temp x, ir_temp y,
                ir_temp z, uint64_t imm)
{
    return ir_emit(b, IR_CALL, 8, h, x, y, z, imm);
}

void ir_exit_if(struct ir_block *b, ir_temp cond, uint64_t target)
{
    ir_emit(b, IR_EXIT_IF, 8, 0, cond, 0, 0, target);
}

void ir_exit_jump(struct ir_block *b, uint64_t target)
{
    ir_emit(b, IR_EXIT_JUMP, 8, 0, 0, 0, 0, target);
}

void ir_exit_indirect(struct ir_block *b, ir_temp target)
{
    ir_emit(b, IR_EXIT_INDIRECT, 8, 0, target, 0, 0, 0);
}

void ir_exit_trap(struct ir_block *b, enum ir_trap why, uint64_t pc)
{
    ir_emit(b, IR_EXIT_TRAP, 8, why, 0, 0, 0, pc);
}

bool ir_block_done(const struct ir_block *b)
{
    return b->n > 0 && (op_table[b->insns[b->n - 1].op].flags & IR_F_TERM);
}

static bool size_ok(unsigned s)
{
    return s == 1 || s == 2 || s == 4 || s == 8;
}

const char *ir_validate(const struct ir_block *b)
{
    if (b->n == 0)
        return "empty block";
    ir_temp next = 1; /* temps are defined in increasing order */
    for (uint32_t i = 0; i < b->n; i++) {
        const struct ir_insn *in = &b->insns[i];
        if (in->op >= IR_NUM_OPS)
            return "unknown op";
        unsigned flags = op_table[in->op].flags;
        unsigned nargs = op_table[in->op].nargs;
        const ir_temp args[3] = {in->a, in->b, in->c};
        if (in->op == IR_CALL) {
            if (in->aux >= IR_NUM_HELPERS)
                return "unknown helper";
            nargs = helper_table[in->aux].nargs;
        }
        for (unsigned k = 0; k < nargs; k++)
            if (args[k] == 0 || args[k] >= next)
                return "operand used before it is defined";
        if (flags & IR_F_DST) {
            if (in->dst != next)
                return "temp not assigned exactly once in order";
            next++;
        } else if (in->dst) {
            return "op without a result has a dst";
        }
        /* CAS16's size is its access width; it is the only 16-byte op. */
        if (in->op == IR_CAS16 &&
            (in->size != 16 || in->aux != IR_MEM_ALIGNED))
            return "CAS16 must be size 16 and IR_MEM_ALIGNED";
        if (in->op != IR_INSN && in->op != IR_CAS16 && !size_ok(in->size))
            return "bad operand size";
        if (in->op == IR_EXIT_TRAP && in->aux >= IR_NUM_TRAPS)
            return "unknown trap";
        if (in->op == IR_AMO && (in->aux & ~IR_MEM_ALIGNED) > IR_AMO_MAXU)
            return "unknown amo";
        if ((flags & IR_F_TERM) && i != b->n - 1)
            return "terminator before the end of the block";
    }
    if (!ir_block_done(b))
        return "block has no terminator";
    if ((uint32_t)(next - 1) != b->n_temps)
        return "temp count mismatch";
    return NULL;
}

void ir_print(const struct ir_block *b, FILE *out)
{
    fprintf(out, "block %#" PRIx64 " (%u guest insns, %u bytes)\n", b->pc,
            b->guest_insns, b->guest_bytes);
    for (uint32_t i = 0; i < b->n; i++) {
        const struct ir_insn *in = &b->insns[i];
        if (in->op == IR_INSN) {
            fprintf(out, "  ; %#" PRIx64 "\n", in->imm);
            continue;
        }
        fprintf(out, "  ");
        if (in->dst)
            fprintf(out, "t%u = ", in->dst);
        fprintf(out, "%s.%u", ir_op_name(in->op), in->size);
        if (in->op == IR_CALL)
            fprintf(out, " %s", ir_helper_name(in->aux));
        else if (in->op == IR_EXIT_TRAP)
            fprintf(out, " %s", ir_trap_name(in->aux));
        else if (in->aux)
            fprintf(out, " aux=%u", in->aux);
        const ir_temp args[3] = {in->a, in->b, in->c};
        for (int k = 0; k < 3; k++)
            if (args[k])
                fprintf(out, " t%u", args[k]);
        if (in->imm || in->op == IR_CONST)
            fprintf(out, " #%#" PRIx64, in->imm);
        fputc('\n', out);
    }
}
