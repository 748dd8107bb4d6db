/*
 * riscv64_lift_rvi.c — RV64I and its compressed forms: integer ALU ops,
 * upper immediates, jumps, branches, loads, stores, fences, Zifencei,
 * ecall and ebreak. unimp and c.unimp have no entry: they are illegal by
 * definition.
 */
#include "riscv64_lift.h"

/* flag of loads: the loaded value is sign-extended. */
#define LOAD_SIGNED 1
/* flag of branches: compare (rs2, rs1) instead of (rs1, rs2), which turns
 * LES/LEU into "greater or equal". */
#define BRANCH_SWAP 1

/* rd = rs1 <op> imm (shifts: imm is the shift amount). With rd = x0 it
 * is a nop or HINT: nothing to emit. */
static int alu_imm(const struct rv_lift *l, const struct rv_lift_op *op)
{
    if (l->in->rd == 0)
        return 0;
    ir_temp x = rv_get_x(l, l->in->rs1);
    ir_temp v = ir_binop(l->b, op->arg, op->size, x, rv_imm(l));
    rv_put_x(l, l->in->rd, op->size == 4 ? rv_sext_w(l, v) : v);
    return 0;
}

/* c.addi16sp with a zero immediate is reserved: the hardware (and QEMU)
 * raise an illegal-instruction exception, though objdump decodes it. */
static int addi16sp(const struct rv_lift *l, const struct rv_lift_op *op)
{
    if (l->in->imm == 0)
        return -1;
    return alu_imm(l, op);
}

/* lui: imm is already shifted left by 12. */
static int lui(const struct rv_lift *l, const struct rv_lift_op *op)
{
    (void)op;
    rv_put_x(l, l->in->rd, rv_imm(l));
    return 0;
}

static int auipc(const struct rv_lift *l, const struct rv_lift_op *op)
{
    (void)op;
    rv_put_x(l, l->in->rd, ir_const(l->b, l->pc + (uint64_t)l->in->imm));
    return 0;
}

static int jal(const struct rv_lift *l, const struct rv_lift_op *op)
{
    (void)op;
    rv_put_x(l, l->in->rd, ir_const(l->b, rv_next_pc(l)));
    ir_exit_jump(l->b, l->pc + (uint64_t)l->in->imm);
    return 0;
}

/* The target is computed before rd is written: `jalr ra, 0(ra)` works. */
static int jalr(const struct rv_lift *l, const struct rv_lift_op *op)
{
    (void)op;
    struct ir_block *b = l->b;
    ir_temp target = ir_binop(b, IR_AND, 8, rv_addr(l), ir_const(b, ~1ull));
    rv_put_x(l, l->in->rd, ir_const(b, rv_next_pc(l)));
    ir_exit_indirect(b, target);
    return 0;
}

static int branch(const struct rv_lift *l, const struct rv_lift_op *op)
{
    ir_temp x = rv_get_x(l, l->in->rs1);
    ir_temp y = rv_get_x(l, l->in->rs2);
    ir_temp taken = op->flag == BRANCH_SWAP
                        ? ir_binop(l->b, op->arg, 8, y, x)
                        : ir_binop(l->b, op->arg, 8, x, y);
    ir_exit_if(l->b, taken, l->pc + (uint64_t)l->in->imm);
    ir_exit_jump(l->b, rv_next_pc(l));
    return 0;
}

/* A load into x0 still accesses memory: it can fault. */
static int load(const struct rv_lift *l, const struct rv_lift_op *op)
{
    ir_temp v = ir_load(l->b, rv_addr(l), op->size, op->flag == LOAD_SIGNED);
    rv_put_x(l, l->in->rd, v);
    return 0;
}

static int store(const struct rv_lift *l, const struct rv_lift_op *op)
{
    ir_temp addr = rv_addr(l);
    ir_store(l->b, addr, rv_get_x(l, l->in->rs2), op->size);
    return 0;
}

static int nop(const struct rv_lift *l, const struct rv_lift_op *op)
{
    (void)l, (void)op;
    return 0;
}

/* fence, fence.tso: the IR has one full barrier. */
static int fence(const struct rv_lift *l, const struct rv_lift_op *op)
{
    (void)op;
    ir_emit(l->b, IR_FENCE, 8, 0, 0, 0, 0, 0);
    return 0;
}

/* ecall and fence.i continue at the next instruction once the runtime has
 * done its part; ebreak reports its own pc. */
static int trap_next(const struct rv_lift *l, const struct rv_lift_op *op)
{
    ir_exit_trap(l->b, op->arg, rv_next_pc(l));
    return 0;
}

static int trap_here(const struct rv_lift *l, const struct rv_lift_op *op)
{
    ir_exit_trap(l->b, op->arg, l->pc);
    return 0;
}

const struct rv_lift_op rv_lift_rvi[RV_OPCODE_COUNT] = {
    [RV_LUI] = {lui, 0, 8, 0},
    [RV_C_LUI] = {lui, 0, 8, 0},
    [RV_AUIPC] = {auipc, 0, 8, 0},
    [RV_JAL] = {jal, 0, 8, 0},
    [RV_C_J] = {jal, 0, 8, 0},
    [RV_JALR] = {jalr, 0, 8, 0},
    [RV_C_JR] = {jalr, 0, 8, 0},
    [RV_C_JALR] = {jalr, 0, 8, 0},

    [RV_BEQ] = {branch, IR_EQ, 8, 0},
    [RV_C_BEQZ] = {branch, IR_EQ, 8, 0},
    [RV_BNE] = {branch, IR_NE, 8, 0},
    [RV_C_BNEZ] = {branch, IR_NE, 8, 0},
    [RV_BLT] = {branch, IR_LTS, 8, 0},
    [RV_BGE] = {branch, IR_LES, 8, BRANCH_SWAP},
    [RV_BLTU] = {branch, IR_LTU, 8, 0},
    [RV_BGEU] = {branch, IR_LEU, 8, BRANCH_SWAP},

    [RV_LB] = {load, 0, 1, LOAD_SIGNED},
    [RV_LH] = {load, 0, 2, LOAD_SIGNED},
    [RV_LW] = {load, 0, 4, LOAD_SIGNED},
    [RV_C_LW] = {load, 0, 4, LOAD_SIGNED},
    [RV_C_LWSP] = {load, 0, 4, LOAD_SIGNED},
    [RV_LD] = {load, 0, 8, 0},
    [RV_C_LD] = {load, 0, 8, 0},
    [RV_C_LDSP] = {load, 0, 8, 0},
    [RV_LBU] = {load, 0, 1, 0},
    [RV_LHU] = {load, 0, 2, 0},
    [RV_LWU] = {load, 0, 4, 0},

    [RV_SB] = {store, 0, 1, 0},
    [RV_SH] = {store, 0, 2, 0},
    [RV_SW] = {store, 0, 4, 0},
    [RV_C_SW] = {store, 0, 4, 0},
    [RV_C_SWSP] = {store, 0, 4, 0},
    [RV_SD] = {store, 0, 8, 0},
    [RV_C_SD] = {store, 0, 8, 0},
    [RV_C_SDSP] = {store, 0, 8, 0},

    [RV_ADDI] = {alu_imm, IR_ADD, 8, 0},
    [RV_C_ADDI] = {alu_imm, IR_ADD, 8, 0},
    [RV_C_LI] = {alu_imm, IR_ADD, 8, 0},
    [RV_C_ADDI4SPN] = {alu_imm, IR_ADD, 8, 0},
    [RV_C_ADDI16SP] = {addi16sp, IR_ADD, 8, 0},
    [RV_SLTI] = {alu_imm, IR_LTS, 8, 0},
    [RV_SLTIU] = {alu_imm, IR_LTU, 8, 0},
    [RV_XORI] = {alu_imm, IR_XOR, 8, 0},
    [RV_ORI] = {alu_imm, IR_OR, 8, 0},
    [RV_ANDI] = {alu_imm, IR_AND, 8, 0},
    [RV_C_ANDI] = {alu_imm, IR_AND, 8, 0},
    [RV_SLLI] = {alu_imm, IR_SHL, 8, 0},
    [RV_C_SLLI] = {alu_imm, IR_SHL, 8, 0},
    [RV_SRLI] = {alu_imm, IR_SHR, 8, 0},
    [RV_C_SRLI] = {alu_imm, IR_SHR, 8, 0},
    [RV_SRAI] = {alu_imm, IR_SAR, 8, 0},
    [RV_C_SRAI] = {alu_imm, IR_SAR, 8, 0},
    [RV_ADDIW] = {alu_imm, IR_ADD, 4, 0},
    [RV_C_ADDIW] = {alu_imm, IR_ADD, 4, 0},
    [RV_SLLIW] = {alu_imm, IR_SHL, 4, 0},
    [RV_SRLIW] = {alu_imm, IR_SHR, 4, 0},
    [RV_SRAIW] = {alu_imm, IR_SAR, 4, 0},

    [RV_ADD] = {rv_alu_reg, IR_ADD, 8, 0},
    [RV_C_ADD] = {rv_alu_reg, IR_ADD, 8, 0},
    [RV_C_MV] = {rv_alu_reg, IR_ADD, 8, 0},
    [RV_SUB] = {rv_alu_reg, IR_SUB, 8, 0},
    [RV_C_SUB] = {rv_alu_reg, IR_SUB, 8, 0},
    [RV_SLL] = {rv_alu_reg, IR_SHL, 8, 0},
    [RV_SLT] = {rv_alu_reg, IR_LTS, 8, 0},
    [RV_SLTU] = {rv_alu_reg, IR_LTU, 8, 0},
    [RV_XOR] = {rv_alu_reg, IR_XOR, 8, 0},
    [RV_C_XOR] = {rv_alu_reg, IR_XOR, 8, 0},
    [RV_SRL] = {rv_alu_reg, IR_SHR, 8, 0},
    [RV_SRA] = {rv_alu_reg, IR_SAR, 8, 0},
    [RV_OR] = {rv_alu_reg, IR_OR, 8, 0},
    [RV_C_OR] = {rv_alu_reg, IR_OR, 8, 0},
    [RV_AND] = {rv_alu_reg, IR_AND, 8, 0},
    [RV_C_AND] = {rv_alu_reg, IR_AND, 8, 0},
    [RV_ADDW] = {rv_alu_reg, IR_ADD, 4, 0},
    [RV_C_ADDW] = {rv_alu_reg, IR_ADD, 4, 0},
    [RV_SUBW] = {rv_alu_reg, IR_SUB, 4, 0},
    [RV_C_SUBW] = {rv_alu_reg, IR_SUB, 4, 0},
    [RV_SLLW] = {rv_alu_reg, IR_SHL, 4, 0},
    [RV_SRLW] = {rv_alu_reg, IR_SHR, 4, 0},
    [RV_SRAW] = {rv_alu_reg, IR_SAR, 4, 0},

    /* HINTs: shifts by 0 (RV128's 64-bit shifts) */
    [RV_C_NOP] = {nop, 0, 8, 0},
    [RV_C_SLLI64] = {nop, 0, 8, 0},
    [RV_C_SRLI64] = {nop, 0, 8, 0},
    [RV_C_SRAI64] = {nop, 0, 8, 0},
    [RV_FENCE] = {fence, 0, 8, 0},
    [RV_FENCE_TSO] = {fence, 0, 8, 0},
    [RV_FENCE_I] = {trap_next, IR_TRAP_FLUSH_ICACHE, 8, 0},
    [RV_ECALL] = {trap_next, IR_TRAP_SYSCALL, 8, 0},
    [RV_EBREAK] = {trap_here, IR_TRAP_BREAKPOINT, 8, 0},
    [RV_C_EBREAK] = {trap_here, IR_TRAP_BREAKPOINT, 8, 0},
};
