/*
 * riscv64_lift.c — the RISC-V 64 lifter's front: instruction dispatch over
 * the extension tables, the register access helpers they share, and the
 * block driver (fetch, decode, lift until a block-ending instruction).
 */
#include "riscv64_lift.h"

#include "lift_driver.h"

#include <stddef.h>

/* Upper half of a properly NaN-boxed single. */
#define RV_NAN_BOX 0xffffffff00000000ull
#define RV_CANONICAL_NAN_S 0x7fc00000ull

/* A block stops after this many guest instructions (or at a page end:
 * lift_driver.h). */
#define RV_BLOCK_MAX_INSNS 64

static const struct rv_lift_op *const rv_lift_tables[] = {
    rv_lift_rvi, rv_lift_rvm, rv_lift_rva,
    rv_lift_rvfd, rv_lift_rvfd_move, rv_lift_zicsr,
};

ir_temp rv_get_x(const struct rv_lift *l, unsigned reg)
{
    if (reg == 0)
        return ir_const(l->b, 0);
    return ir_get(l->b, RV_X_OFF(reg), 8);
}

void rv_put_x(const struct rv_lift *l, unsigned reg, ir_temp v)
{
    if (reg != 0)
        ir_put(l->b, RV_X_OFF(reg), 8, v);
}

ir_temp rv_get_f(const struct rv_lift *l, unsigned reg)
{
    return ir_get(l->b, RV_F_OFF(reg), 8);
}

void rv_put_f(const struct rv_lift *l, unsigned reg, ir_temp v)
{
    ir_put(l->b, RV_F_OFF(reg), 8, v);
}

ir_temp rv_get_f_single(const struct rv_lift *l, unsigned reg)
{
    struct ir_block *b = l->b;
    ir_temp raw = rv_get_f(l, reg);
    /* Boxed exactly when raw >= 0xffffffff00000000 (unsigned). */
    ir_temp boxed = ir_binop(b, IR_LEU, 8, ir_const(b, RV_NAN_BOX), raw);
    ir_temp low = ir_unop(b, IR_ZEXT, 4, raw);
    return ir_select(b, boxed, low, ir_const(b, RV_CANONICAL_NAN_S));
}

void rv_put_f_single(const struct rv_lift *l, unsigned reg, ir_temp v)
{
    struct ir_block *b = l->b;
    rv_put_f(l, reg, ir_binop(b, IR_OR, 8, v, ir_const(b, RV_NAN_BOX)));
}

ir_temp rv_imm(const struct rv_lift *l)
{
    return ir_const(l->b, (uint64_t)l->in->imm);
}

ir_temp rv_addr(const struct rv_lift *l)
{
    if (l->in->rs1 == 0)
        return rv_imm(l);
    ir_temp base = rv_get_x(l, l->in->rs1);
    if (l->in->imm == 0)
        return base;
    return ir_binop(l->b, IR_ADD, 8, base, rv_imm(l));
}

ir_temp rv_sext_w(const struct rv_lift *l, ir_temp v)
{
    return ir_unop(l->b, IR_SEXT, 4, v);
}

uint64_t rv_next_pc(const struct rv_lift *l)
{
    return l->pc + l->in->len;
}

int rv_alu_reg(const struct rv_lift *l, const struct rv_lift_op *op)
{
    if (l->in->rd == 0) /* no integer op traps: a nop or HINT */
        return 0;
    ir_temp x = rv_get_x(l, l->in->rs1);
    ir_temp y = rv_get_x(l, l->in->rs2);
    ir_temp v = ir_binop(l->b, op->arg, op->size, x, y);
    rv_put_x(l, l->in->rd, op->size == 4 ? rv_sext_w(l, v) : v);
    return 0;
}

static const struct rv_lift_op *lookup(unsigned op)
{
    if (op == RV_INVALID || op >= RV_OPCODE_COUNT)
        return NULL;
    for (size_t i = 0; i < sizeof(rv_lift_tables) / sizeof(*rv_lift_tables);
         i++)
        if (rv_lift_tables[i][op].fn)
            return &rv_lift_tables[i][op];
    return NULL;
}

int rv_lift_insn(struct ir_block *b, const struct rv_insn *in, uint64_t pc)
{
    ir_insn_start(b, pc, in->len);
    const struct rv_lift l = {.b = b, .in = in, .pc = pc};
    const struct rv_lift_op *op = lookup(in->op);
    if (op && op->fn(&l, op) == 0)
        return 0;
    ir_exit_trap(b, IR_TRAP_ILLEGAL, pc);
    return -1;
}

/* 2 or 4, from the low bits of the first halfword. */
static unsigned insn_length(const uint8_t *bytes)
{
    return (bytes[0] & 3) == 3 ? 4 : 2;
}

static unsigned lift_one(struct ir_block *b, const uint8_t *bytes,
                         uint64_t avail, uint64_t pc)
{
    struct rv_insn in;
    unsigned len = rv_decode(bytes, avail, &in);
    rv_lift_insn(b, &in, pc);
    return len;
}

void rv_lift_block(struct ir_block *b, uint64_t pc,
                   const uint8_t *(*fetch)(void *, uint64_t, uint64_t *),
                   void *arg)
{
    static const struct ir_lift_guest rv64 = {
        .max_insns = RV_BLOCK_MAX_INSNS,
        .min_len = 2,
        .insn_len = insn_length,
        .lift = lift_one,
    };
    ir_lift_block_driver(b, pc, fetch, arg, &rv64);
}
