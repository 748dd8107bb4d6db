/*
 * x86_64_lift_stack.c — push/pop (64-bit, or 16-bit with 0x66), enter
 * (nesting level 0), leave, pushfq/popfq. The memory access comes first,
 * rsp is written after it.
 */
#include "x86_64_int.h"

static unsigned slot_size(const struct x86_lift *l)
{
    return l->insn->operand_width / 8;
}

static void push_value(struct x86_lift *l, ir_temp v, unsigned size)
{
    struct ir_block *b = l->b;
    ir_temp sp = ir_binop(b, IR_SUB, 8, x86_get_gpr(l, X86_RSP_),
                          ir_const(b, size));
    ir_store(b, sp, v, size);
    x86_put_gpr(l, X86_RSP_, sp);
}

bool x86_lift_push(struct x86_lift *l)
{
    unsigned size = slot_size(l);
    if (size != 8 && size != 2)
        return false;
    ir_temp v;
    if (x86_is_imm(l, 0))
        v = ir_const(l->b, x86_imm64(l, 0));
    else if (x86_is_reg(l, 0) && x86_gpr_number(l->op[0].reg.value) < 0)
        return false; /* push fs/gs */
    else
        v = x86_read_operand(l, 0); /* push rsp pushes the old value */
    push_value(l, v, size);
    return true;
}

bool x86_lift_pop(struct x86_lift *l)
{
    struct ir_block *b = l->b;
    unsigned size = slot_size(l);
    if (size != 8 && size != 2)
        return false;
    if (x86_is_reg(l, 0) && x86_gpr_number(l->op[0].reg.value) < 0)
        return false; /* pop fs/gs */
    /* pop [rsp+x] addresses with the incremented rsp: not handled. */
    if (x86_is_mem(l, 0) && (l->op[0].mem.base == ZYDIS_REGISTER_RSP ||
                             l->op[0].mem.index == ZYDIS_REGISTER_RSP))
        return false;
    ir_temp sp = x86_get_gpr(l, X86_RSP_);
    ir_temp v = ir_load(b, sp, size, false);
    if (x86_is_mem(l, 0))
        x86_write_operand(l, 0, v);
    x86_put_gpr(l, X86_RSP_, ir_binop(b, IR_ADD, 8, sp, ir_const(b, size)));
    if (x86_is_reg(l, 0)) /* pop rsp: the loaded value wins */
        x86_write_operand(l, 0, v);
    return true;
}

/* enter size, 0: push rbp; rbp = rsp; rsp -= size. */
bool x86_lift_enter(struct x86_lift *l)
{
    struct ir_block *b = l->b;
    if (slot_size(l) != 8 || (x86_imm64(l, 1) & 0x1f) != 0)
        return false; /* nested frames: not used by compilers */
    ir_temp frame = ir_binop(b, IR_SUB, 8, x86_get_gpr(l, X86_RSP_),
                             ir_const(b, 8));
    ir_store(b, frame, x86_get_gpr(l, X86_RBP_), 8);
    ir_temp sp = ir_binop(b, IR_SUB, 8, frame,
                          ir_const(b, x86_imm64(l, 0) & 0xffff));
    x86_put_gpr(l, X86_RBP_, frame);
    x86_put_gpr(l, X86_RSP_, sp);
    return true;
}

/* leave: rsp = rbp; pop rbp. */
bool x86_lift_leave(struct x86_lift *l)
{
    struct ir_block *b = l->b;
    if (slot_size(l) != 8)
        return false;
    ir_temp frame = x86_get_gpr(l, X86_RBP_);
    ir_temp saved = ir_load(b, frame, 8, false);
    x86_put_gpr(l, X86_RSP_, ir_binop(b, IR_ADD, 8, frame, ir_const(b, 8)));
    x86_put_gpr(l, X86_RBP_, saved);
    return true;
}

bool x86_lift_pushfq(struct x86_lift *l)
{
    if (slot_size(l) != 8)
        return false;
    push_value(l, x86_rflags_read(l), 8);
    return true;
}

bool x86_lift_popfq(struct x86_lift *l)
{
    struct ir_block *b = l->b;
    if (slot_size(l) != 8)
        return false;
    ir_temp sp = x86_get_gpr(l, X86_RSP_);
    ir_temp v = ir_load(b, sp, 8, false);
    x86_put_gpr(l, X86_RSP_, ir_binop(b, IR_ADD, 8, sp, ir_const(b, 8)));
    x86_rflags_write(l, v);
    return true;
}
