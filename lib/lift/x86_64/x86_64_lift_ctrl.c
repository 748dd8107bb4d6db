/*
 * x86_64_lift_ctrl.c — control flow: jmp, jcc, jrcxz/jecxz, loop/loope/
 * loopne, call and ret (with imm16). Every one ends the block.
 */
#include "x86_64_int.h"

/* The target of operand 0: relative immediates are from next_pc. */
static bool is_direct(const struct x86_lift *l)
{
    return x86_is_imm(l, 0) && l->op[0].imm.is_relative;
}

static uint64_t direct_target(const struct x86_lift *l)
{
    return l->next_pc + x86_imm64(l, 0);
}

static bool end_jump(struct x86_lift *l, uint64_t target)
{
    ir_exit_jump(l->b, target);
    l->ends_block = true;
    return true;
}

/* Taken when cond is 1, else falls through. */
static bool branch(struct x86_lift *l, ir_temp cond)
{
    ir_exit_if(l->b, cond, direct_target(l));
    return end_jump(l, l->next_pc);
}

bool x86_lift_jmp(struct x86_lift *l)
{
    if (is_direct(l))
        return end_jump(l, direct_target(l));
    if (x86_operand_size(l, 0) != 8)
        return false; /* far jumps */
    ir_exit_indirect(l->b, x86_read_operand(l, 0));
    l->ends_block = true;
    return true;
}

bool x86_lift_jcc(struct x86_lift *l)
{
    return branch(l, x86_cond(l, x86_insn_cond(l)));
}

/* rCX as the address size picks it (jrcxz/jecxz, loop). */
static ZydisRegister count_reg(const struct x86_lift *l)
{
    return l->insn->address_width == 32 ? ZYDIS_REGISTER_ECX
                                         : ZYDIS_REGISTER_RCX;
}

bool x86_lift_jrcxz(struct x86_lift *l)
{
    ir_temp c = x86_read_reg(l, count_reg(l));
    return branch(l, ir_binop(l->b, IR_EQ, 8, c, ir_const(l->b, 0)));
}

/* loop: rCX -= 1, taken while rCX != 0 (and ZF as loope/loopne want). */
static bool lift_loop(struct x86_lift *l, int want_zf)
{
    struct ir_block *b = l->b;
    ZydisRegister r = count_reg(l);
    unsigned size = r == ZYDIS_REGISTER_ECX ? 4 : 8;
    ir_temp c = ir_binop(b, IR_SUB, size, x86_read_reg(l, r), ir_const(b, 1));
    x86_write_reg(l, r, c);
    ir_temp cond = ir_binop(b, IR_NE, size, c, ir_const(b, 0));
    if (want_zf >= 0) {
        ir_temp zf = ir_binop(b, IR_EQ, 8, x86_get_flag(l, X86_ZF),
                              ir_const(b, (uint64_t)want_zf));
        cond = ir_binop(b, IR_AND, 8, cond, zf);
    }
    return branch(l, cond);
}

bool x86_lift_loop(struct x86_lift *l) { return lift_loop(l, -1); }
bool x86_lift_loope(struct x86_lift *l) { return lift_loop(l, 1); }
bool x86_lift_loopne(struct x86_lift *l) { return lift_loop(l, 0); }

bool x86_lift_call(struct x86_lift *l)
{
    struct ir_block *b = l->b;
    ir_temp target = 0;
    if (!is_direct(l)) {
        if (x86_operand_size(l, 0) != 8)
            return false; /* far calls */
        target = x86_read_operand(l, 0); /* reads rsp before the push */
    }
    ir_temp sp = ir_binop(b, IR_SUB, 8, x86_get_gpr(l, X86_RSP_),
                          ir_const(b, 8));
    ir_store(b, sp, ir_const(b, l->next_pc), 8);
    x86_put_gpr(l, X86_RSP_, sp);
    l->ends_block = true;
    if (target) {
        ir_exit_indirect(b, target);
        return true;
    }
    ir_exit_jump(b, direct_target(l));
    return true;
}

bool x86_lift_ret(struct x86_lift *l)
{
    struct ir_block *b = l->b;
    if (l->insn->operand_width != 64)
        return false;
    uint64_t pop = 8;
    if (l->insn->operand_count_visible > 0 && x86_is_imm(l, 0))
        pop += x86_imm64(l, 0) & 0xffff;
    ir_temp sp = x86_get_gpr(l, X86_RSP_);
    ir_temp target = ir_load(b, sp, 8, false);
    x86_put_gpr(l, X86_RSP_, ir_binop(b, IR_ADD, 8, sp, ir_const(b, pop)));
    ir_exit_indirect(b, target);
    l->ends_block = true;
    return true;
}
