/*
 * x86_64_lift_stack.c — push/pop (64-bit, or 16-bit with 0x66), enter
 * (any nesting level), leave, pushf/popf (64 and 16-bit). The memory
 * access comes first, rsp is written after it.
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

/* enter size, level (SDM): push rbp; frame = rsp; copy level - 1 frame
 * pointers from the enclosing frames ([rbp - 8], [rbp - 16], ...) and push
 * frame itself when level > 0; rbp = frame; rsp -= size. Every store
 * precedes the register writes, so a fault leaves rsp and rbp unchanged. */
bool x86_lift_enter(struct x86_lift *l)
{
    struct ir_block *b = l->b;
    unsigned slot = slot_size(l);
    if (slot != 8 && slot != 2)
        return false;
    unsigned level = x86_imm64(l, 1) & 0x1f;
    ir_temp rbp = x86_get_gpr(l, X86_RBP_);
    ir_temp frame = ir_binop(b, IR_SUB, 8, x86_get_gpr(l, X86_RSP_),
                             ir_const(b, slot));
    ir_store(b, frame, rbp, slot);
    ir_temp sp = frame;
    for (unsigned i = 1; i < level; i++) {
        ir_temp outer = ir_binop(b, IR_SUB, 8, rbp, ir_const(b, slot * i));
        sp = ir_binop(b, IR_SUB, 8, sp, ir_const(b, slot));
        ir_store(b, sp, ir_load(b, outer, slot, false), slot);
    }
    if (level > 0) {
        sp = ir_binop(b, IR_SUB, 8, sp, ir_const(b, slot));
        ir_store(b, sp, frame, slot);
    }
    sp = ir_binop(b, IR_SUB, 8, sp, ir_const(b, x86_imm64(l, 0) & 0xffff));
    /* A 16-bit enter writes bp only; rsp moves as a whole (64-bit stack). */
    x86_write_reg(l, slot == 8 ? ZYDIS_REGISTER_RBP : ZYDIS_REGISTER_BP, frame);
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

/* pushfq, and pushf (0x66) which pushes the low 16 bits. */
bool x86_lift_pushfq(struct x86_lift *l)
{
    unsigned slot = slot_size(l);
    if (slot != 8 && slot != 2)
        return false;
    push_value(l, x86_rflags_read(l), slot);
    return true;
}

/* popfq, and popf (0x66) which replaces only the low 16 bits of RFLAGS:
 * AC, ID and the other upper flags stay as they were. */
bool x86_lift_popfq(struct x86_lift *l)
{
    struct ir_block *b = l->b;
    unsigned slot = slot_size(l);
    if (slot != 8 && slot != 2)
        return false;
    ir_temp sp = x86_get_gpr(l, X86_RSP_);
    ir_temp v = ir_load(b, sp, slot, false);
    if (slot == 2)
        v = ir_binop(b, IR_OR, 8, v,
                     ir_binop(b, IR_AND, 8, x86_rflags_read(l),
                              ir_const(b, ~UINT64_C(0xffff))));
    x86_put_gpr(l, X86_RSP_, ir_binop(b, IR_ADD, 8, sp, ir_const(b, slot)));
    x86_rflags_write(l, v);
    return true;
}
