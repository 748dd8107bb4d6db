/*
 * x86_64_lift_muldiv.c — mul/imul (one, two and three operands) and
 * div/idiv. Multiplication flags: CF = OF = "the high half is significant";
 * the undefined ones get what this host's Intel core writes: SF = msb of
 * the low half, PF its parity, ZF = AF = 0. Division goes through the
 * x86_div helper, which reports #DE (zero divisor, quotient overflow):
 * the instruction then ends the block with a DIVIDE_ERROR trap at its pc.
 * Division leaves the (undefined) flags unchanged.
 */
#include "x86_64_int.h"

static void mul_flags(struct x86_lift *l, unsigned size, ir_temp lo,
                      ir_temp overflow)
{
    struct ir_block *b = l->b;
    struct x86_flag_set f = {0};
    f.v[X86_CF] = overflow;
    f.v[X86_OF] = overflow;
    f.v[X86_SF] = x86_msb(l, size, lo);
    f.v[X86_PF] = ir_unop(b, IR_PARITY, 8, lo);
    f.v[X86_ZF] = ir_const(b, 0);
    f.v[X86_AF] = ir_const(b, 0);
    x86_flags_commit(l, &f, 0);
}

/* The high half differs from the sign extension of the low half. */
static ir_temp signed_overflow(struct x86_lift *l, unsigned size, ir_temp lo,
                               ir_temp hi)
{
    struct ir_block *b = l->b;
    ir_temp sign = ir_binop(b, IR_SAR, size, lo, ir_const(b, size * 8 - 1));
    return ir_binop(b, IR_NE, size, hi, sign);
}

static const ZydisRegister acc_regs[] = {
    [1] = ZYDIS_REGISTER_AL, [2] = ZYDIS_REGISTER_AX,
    [4] = ZYDIS_REGISTER_EAX, [8] = ZYDIS_REGISTER_RAX,
};
static const ZydisRegister high_regs[] = {
    [1] = ZYDIS_REGISTER_AH, [2] = ZYDIS_REGISTER_DX,
    [4] = ZYDIS_REGISTER_EDX, [8] = ZYDIS_REGISTER_RDX,
};

/* One-operand form: rDX:rAX (AX for bytes) = rAX * src. */
static bool mul_wide(struct x86_lift *l, bool sign)
{
    struct ir_block *b = l->b;
    unsigned size = x86_operand_size(l, 0);
    ir_temp src = x86_read_operand(l, 0);
    ir_temp acc = x86_read_reg(l, acc_regs[size]);
    ir_temp lo = ir_binop(b, IR_MUL, size, acc, src);
    ir_temp hi = ir_binop(b, sign ? IR_MULHS : IR_MULHU, size, acc, src);
    ir_temp ov = sign ? signed_overflow(l, size, lo, hi)
                      : ir_binop(b, IR_NE, size, hi, ir_const(b, 0));
    if (size == 1) {
        ir_temp ax = ir_binop(b, IR_OR, 8, lo,
                              ir_binop(b, IR_SHL, 8, hi, ir_const(b, 8)));
        x86_write_reg(l, ZYDIS_REGISTER_AX, ax);
    } else {
        x86_write_reg(l, acc_regs[size], lo);
        x86_write_reg(l, high_regs[size], hi);
    }
    mul_flags(l, size, lo, ov);
    return true;
}

bool x86_lift_mul(struct x86_lift *l)
{
    return mul_wide(l, false);
}

/* imul r/m; imul r, r/m; imul r, r/m, imm. */
bool x86_lift_imul(struct x86_lift *l)
{
    struct ir_block *b = l->b;
    if (l->insn->operand_count_visible == 1)
        return mul_wide(l, true);
    unsigned size = x86_operand_size(l, 0);
    unsigned first = l->insn->operand_count_visible == 3 ? 1 : 0;
    ir_temp x = x86_read_operand(l, first);
    ir_temp y = x86_read_operand(l, first + 1);
    ir_temp lo = ir_binop(b, IR_MUL, size, x, y);
    ir_temp hi = ir_binop(b, IR_MULHS, size, x, y);
    x86_write_operand(l, 0, lo);
    mul_flags(l, size, lo, signed_overflow(l, size, lo, hi));
    return true;
}

static bool divide(struct x86_lift *l, bool sign)
{
    struct ir_block *b = l->b;
    unsigned size = x86_operand_size(l, 0);
    ir_temp divisor = x86_read_operand(l, 0);
    ir_temp err = ir_call(b, IR_H_x86_div, divisor, 0, 0,
                          size | (sign ? 0x100u : 0));
    ir_exit_if(b, ir_binop(b, IR_EQ, 8, err, ir_const(b, 0)), l->next_pc);
    ir_exit_trap(b, IR_TRAP_DIVIDE_ERROR, l->pc);
    l->ends_block = true;
    return true;
}

bool x86_lift_div(struct x86_lift *l) { return divide(l, false); }
bool x86_lift_idiv(struct x86_lift *l) { return divide(l, true); }
