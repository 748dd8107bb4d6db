/*
 * riscv64_lift_rva.c — the A extension: LR/SC through the reservation kept
 * in struct ir_ctx, AMOs through IR_AMO. Every form is treated as fully
 * ordered (the IR's atomics are), which satisfies any aq/rl bits.
 *
 * LR records the address, size and loaded value. SC succeeds when the
 * reservation matches its address and size and memory still holds the
 * loaded value, which one CAS decides atomically: another hart's store of
 * a different value in between makes the SC fail, as it must. (A store of
 * the same value goes unnoticed, as with QEMU's cmpxchg-based SC; code
 * built on LR/SC does not depend on it.)
 *
 * Every access here must be naturally aligned: Linux delivers SIGBUS
 * (BUS_ADRALN) for a misaligned LR, SC or AMO.
 */
#include "riscv64_lift.h"

static ir_temp get_ctx(const struct rv_lift *l, size_t off)
{
    return ir_get(l->b, off, 8);
}

static void put_ctx(const struct rv_lift *l, size_t off, ir_temp v)
{
    ir_put(l->b, off, 8, v);
}

/* The reservation holds the zero-extended value, as CAS compares it. */
static int lr(const struct rv_lift *l, const struct rv_lift_op *op)
{
    struct ir_block *b = l->b;
    ir_temp addr = rv_get_x(l, l->in->rs1);
    ir_temp v = ir_emit(b, IR_LOAD, op->size, IR_MEM_ALIGNED, addr, 0, 0, 0);
    put_ctx(l, IR_CTX_OFF(resv_addr), addr);
    put_ctx(l, IR_CTX_OFF(resv_val), v);
    put_ctx(l, IR_CTX_OFF(resv_size), ir_const(b, op->size));
    rv_put_x(l, l->in->rd, op->size == 4 ? rv_sext_w(l, v) : v);
    return 0;
}

/*
 * Branch-free SC. When the reservation does not match, the CAS still runs
 * (the IR has no conditional memory op) but with expected == new, so even
 * if memory happens to hold that value it is rewritten unchanged; the
 * result is failure either way. Consequence: a failing SC to an address
 * that cannot be written faults, where hardware may report failure.
 */
static int sc(const struct rv_lift *l, const struct rv_lift_op *op)
{
    struct ir_block *b = l->b;
    ir_temp addr = rv_get_x(l, l->in->rs1);
    ir_temp src = rv_get_x(l, l->in->rs2);
    ir_temp same_addr =
        ir_binop(b, IR_EQ, 8, get_ctx(l, IR_CTX_OFF(resv_addr)), addr);
    ir_temp same_size = ir_binop(b, IR_EQ, 8, get_ctx(l, IR_CTX_OFF(resv_size)),
                                 ir_const(b, op->size));
    ir_temp reserved = ir_binop(b, IR_AND, 8, same_addr, same_size);
    ir_temp expected =
        ir_select(b, reserved, get_ctx(l, IR_CTX_OFF(resv_val)), src);
    ir_temp old =
        ir_emit(b, IR_CAS, op->size, IR_MEM_ALIGNED, addr, expected, src, 0);
    ir_temp success = ir_binop(b, IR_AND, 8, reserved,
                               ir_binop(b, IR_EQ, 8, old, expected));
    put_ctx(l, IR_CTX_OFF(resv_addr), ir_const(b, IR_NO_RESERVATION));
    rv_put_x(l, l->in->rd, ir_binop(b, IR_XOR, 8, success, ir_const(b, 1)));
    return 0;
}

static int amo(const struct rv_lift *l, const struct rv_lift_op *op)
{
    struct ir_block *b = l->b;
    ir_temp addr = rv_get_x(l, l->in->rs1);
    ir_temp src = rv_get_x(l, l->in->rs2);
    ir_temp old = ir_emit(b, IR_AMO, op->size, op->arg | IR_MEM_ALIGNED, addr,
                          src, 0, 0);
    rv_put_x(l, l->in->rd, op->size == 4 ? rv_sext_w(l, old) : old);
    return 0;
}

const struct rv_lift_op rv_lift_rva[RV_OPCODE_COUNT] = {
    [RV_LR_W] = {lr, 0, 4, 0},
    [RV_LR_D] = {lr, 0, 8, 0},
    [RV_SC_W] = {sc, 0, 4, 0},
    [RV_SC_D] = {sc, 0, 8, 0},
    [RV_AMOSWAP_W] = {amo, IR_AMO_SWAP, 4, 0},
    [RV_AMOADD_W] = {amo, IR_AMO_ADD, 4, 0},
    [RV_AMOXOR_W] = {amo, IR_AMO_XOR, 4, 0},
    [RV_AMOAND_W] = {amo, IR_AMO_AND, 4, 0},
    [RV_AMOOR_W] = {amo, IR_AMO_OR, 4, 0},
    [RV_AMOMIN_W] = {amo, IR_AMO_MINS, 4, 0},
    [RV_AMOMAX_W] = {amo, IR_AMO_MAXS, 4, 0},
    [RV_AMOMINU_W] = {amo, IR_AMO_MINU, 4, 0},
    [RV_AMOMAXU_W] = {amo, IR_AMO_MAXU, 4, 0},
    [RV_AMOSWAP_D] = {amo, IR_AMO_SWAP, 8, 0},
    [RV_AMOADD_D] = {amo, IR_AMO_ADD, 8, 0},
    [RV_AMOXOR_D] = {amo, IR_AMO_XOR, 8, 0},
    [RV_AMOAND_D] = {amo, IR_AMO_AND, 8, 0},
    [RV_AMOOR_D] = {amo, IR_AMO_OR, 8, 0},
    [RV_AMOMIN_D] = {amo, IR_AMO_MINS, 8, 0},
    [RV_AMOMAX_D] = {amo, IR_AMO_MAXS, 8, 0},
    [RV_AMOMINU_D] = {amo, IR_AMO_MINU, 8, 0},
    [RV_AMOMAXU_D] = {amo, IR_AMO_MAXU, 8, 0},
};
