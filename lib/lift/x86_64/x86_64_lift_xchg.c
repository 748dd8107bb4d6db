/*
 * x86_64_lift_xchg.c — the exchanging instructions: xchg (a memory xchg is
 * always atomic), cmpxchg and xadd, plain or with lock.
 */
#include "x86_64_int.h"

/* Writes a to register ra and b_ to rb, which may share one register
 * (xchg al, ah; xadd eax, eax): rb's write lands last. */
static void write_two_regs(struct x86_lift *l, ZydisRegister ra, ir_temp a,
                           ZydisRegister rb, ir_temp b_)
{
    int na = x86_gpr_number(ra), nb = x86_gpr_number(rb);
    if (na != nb) {
        x86_write_reg(l, ra, a);
        x86_write_reg(l, rb, b_);
        return;
    }
    ir_temp full = x86_reg_after_write(l, ra, a);
    x86_put_gpr(l, (unsigned)nb, x86_merge_reg(l, full, rb, b_));
}

bool x86_lift_xchg(struct x86_lift *l)
{
    unsigned size = x86_operand_size(l, 0);
    unsigned reg_i = x86_is_mem(l, 0) ? 1 : 0, other = 1 - reg_i;
    if (!x86_is_reg(l, reg_i))
        return false;
    ir_temp r = x86_read_operand(l, reg_i);
    if (x86_is_mem(l, other)) {
        ir_temp addr = x86_operand_addr(l, other);
        ir_temp old = ir_emit(l->b, IR_AMO, size, IR_AMO_SWAP, addr, r, 0, 0);
        x86_write_operand(l, reg_i, old);
        return true;
    }
    ir_temp o = x86_read_operand(l, other);
    write_two_regs(l, l->op[reg_i].reg.value, o, l->op[other].reg.value, r);
    return true;
}

/* cmpxchg dst, src: compares rAX with dst (flags of cmp rAX, dst); equal:
 * dst = src, else rAX = dst. A memory dst is written either way. */
bool x86_lift_cmpxchg(struct x86_lift *l)
{
    struct ir_block *b = l->b;
    unsigned size = x86_operand_size(l, 0);
    ZydisRegister acc = size == 1 ? ZYDIS_REGISTER_AL
                      : size == 2 ? ZYDIS_REGISTER_AX
                      : size == 4 ? ZYDIS_REGISTER_EAX : ZYDIS_REGISTER_RAX;
    ir_temp expect = x86_read_reg(l, acc);
    ir_temp src = x86_read_operand(l, 1);
    ir_temp old, eq;
    if (x86_is_mem(l, 0)) {
        ir_temp addr = x86_operand_addr(l, 0);
        if (x86_has_lock(l)) {
            old = ir_emit(b, IR_CAS, size, 0, addr, expect, src, 0);
            eq = ir_binop(b, IR_EQ, size, old, expect);
        } else {
            old = ir_load(b, addr, size, false);
            eq = ir_binop(b, IR_EQ, size, old, expect);
            ir_store(b, addr, ir_select(b, eq, src, old), size);
        }
    } else {
        if (x86_has_lock(l))
            return false;
        old = x86_read_operand(l, 0);
        eq = ir_binop(b, IR_EQ, size, old, expect);
    }
    /* rAX is written (zero-extending a 32-bit one) only when unequal. */
    ir_temp rax = x86_get_gpr(l, X86_RAX_);
    ir_temp rax_new = ir_select(b, eq, rax, x86_reg_after_write(l, acc, old));
    if (x86_is_reg(l, 0)) {
        ZydisRegister dst = l->op[0].reg.value;
        int n = x86_gpr_number(dst);
        ir_temp cur = x86_get_gpr(l, (unsigned)n);
        ir_temp dst_new = ir_select(b, eq, x86_reg_after_write(l, dst, src),
                                    cur);
        x86_put_gpr(l, (unsigned)n, dst_new);
        /* cmpxchg eax, ecx with eax == dst: rAX is the dst just written. */
        if (n == X86_RAX_)
            rax_new = ir_select(b, eq, dst_new, rax_new);
    }
    x86_put_gpr(l, X86_RAX_, rax_new);
    struct x86_flag_set f = {0};
    x86_flags_sub(l, size, expect, old, ir_binop(b, IR_SUB, size, expect, old),
                  &f);
    x86_flags_commit(l, &f, 0);
    return true;
}

/* xadd dst, src: tmp = dst + src; src = dst; dst = tmp. */
bool x86_lift_xadd(struct x86_lift *l)
{
    struct ir_block *b = l->b;
    unsigned size = x86_operand_size(l, 0);
    ir_temp src = x86_read_operand(l, 1);
    ir_temp old, sum;
    if (x86_is_mem(l, 0)) {
        ir_temp addr = x86_operand_addr(l, 0);
        if (x86_has_lock(l)) {
            old = ir_emit(b, IR_AMO, size, IR_AMO_ADD, addr, src, 0, 0);
            sum = ir_binop(b, IR_ADD, size, old, src);
        } else {
            old = ir_load(b, addr, size, false);
            sum = ir_binop(b, IR_ADD, size, old, src);
            ir_store(b, addr, sum, size);
        }
        x86_write_operand(l, 1, old);
    } else {
        if (x86_has_lock(l))
            return false;
        old = x86_read_operand(l, 0);
        sum = ir_binop(b, IR_ADD, size, old, src);
        write_two_regs(l, l->op[1].reg.value, old, l->op[0].reg.value, sum);
    }
    struct x86_flag_set f = {0};
    x86_flags_add(l, size, old, src, sum, &f);
    x86_flags_commit(l, &f, 0);
    return true;
}

/* cmpxchg8b m64: compares edx:eax with m64; equal: m64 = ecx:ebx, else
 * edx:eax = m64. Only ZF changes. */
bool x86_lift_cmpxchg8b(struct x86_lift *l)
{
    struct ir_block *b = l->b;
    if (!x86_is_mem(l, 0) || x86_operand_size(l, 0) != 8)
        return false;
    ir_temp c32 = ir_const(b, 32);
    ir_temp expect = ir_binop(b, IR_OR, 8,
        ir_binop(b, IR_SHL, 8, x86_read_reg(l, ZYDIS_REGISTER_EDX), c32),
        x86_read_reg(l, ZYDIS_REGISTER_EAX));
    ir_temp desired = ir_binop(b, IR_OR, 8,
        ir_binop(b, IR_SHL, 8, x86_read_reg(l, ZYDIS_REGISTER_ECX), c32),
        x86_read_reg(l, ZYDIS_REGISTER_EBX));
    ir_temp addr = x86_operand_addr(l, 0);
    ir_temp old;
    if (x86_has_lock(l)) {
        old = ir_emit(b, IR_CAS, 8, 0, addr, expect, desired, 0);
    } else {
        old = ir_load(b, addr, 8, false);
        ir_store(b, addr, ir_select(b, ir_binop(b, IR_EQ, 8, old, expect),
                                    desired, old), 8);
    }
    ir_temp eq = ir_binop(b, IR_EQ, 8, old, expect);
    ir_temp rax = x86_get_gpr(l, X86_RAX_), rdx = x86_get_gpr(l, X86_RDX_);
    x86_put_gpr(l, X86_RAX_, ir_select(b, eq, rax, ir_unop(b, IR_ZEXT, 4, old)));
    x86_put_gpr(l, X86_RDX_, ir_select(b, eq, rdx,
                                       ir_binop(b, IR_SHR, 8, old, c32)));
    x86_put_flag(l, X86_ZF, eq);
    return true;
}

/* cmpxchg16b m128: compares rdx:rax with m128; equal: m128 = rcx:rbx,
 * else rdx:rax = m128. Only ZF changes. Atomic with or without lock (one
 * IR CAS16), and m128 must be 16-byte aligned (#GP otherwise). */
bool x86_lift_cmpxchg16b(struct x86_lift *l)
{
    struct ir_block *b = l->b;
    if (!x86_is_mem(l, 0) || x86_operand_size(l, 0) != 16)
        return false;
    static const unsigned order[4] = {X86_RAX_, X86_RDX_, X86_RBX_, X86_RCX_};
    ir_temp addr = x86_operand_addr(l, 0);
    ir_temp rax = x86_get_gpr(l, X86_RAX_), rdx = x86_get_gpr(l, X86_RDX_);
    for (unsigned i = 0; i < 4; i++)
        ir_put(b, X86_CAS16_OFF + 8 * i, 8, x86_get_gpr(l, order[i]));
    ir_temp eq = ir_emit(b, IR_CAS16, 16, IR_MEM_ALIGNED, addr, 0, 0,
                         X86_CAS16_OFF);
    /* The scratch now holds m128's old value (the comparand when equal). */
    ir_temp old_lo = ir_get(b, X86_CAS16_OFF, 8);
    ir_temp old_hi = ir_get(b, X86_CAS16_OFF + 8, 8);
    x86_put_gpr(l, X86_RAX_, ir_select(b, eq, rax, old_lo));
    x86_put_gpr(l, X86_RDX_, ir_select(b, eq, rdx, old_hi));
    x86_put_flag(l, X86_ZF, eq);
    return true;
}
