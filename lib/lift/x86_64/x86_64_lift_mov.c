/*
 * x86_64_lift_mov.c — data movement without flags: mov/movabs, movzx,
 * movsx/movsxd, lea, cmovcc, setcc, bswap, xlat and the rAX sign
 * extensions cbw/cwde/cdqe/cwd/cdq/cqo.
 */
#include "x86_64_int.h"

bool x86_lift_mov(struct x86_lift *l)
{
    /* mov to/from segment or control registers is not user-mode code. */
    for (unsigned i = 0; i < 2; i++)
        if (x86_is_reg(l, i) && x86_gpr_number(l->op[i].reg.value) < 0)
            return false;
    x86_write_operand(l, 0, x86_read_operand(l, 1));
    return true;
}

bool x86_lift_movzx(struct x86_lift *l)
{
    x86_write_operand(l, 0, x86_read_operand(l, 1));
    return true;
}

/* movsx and movsxd (movsxd r32, r/m32 is a plain move). */
bool x86_lift_movsx(struct x86_lift *l)
{
    ir_temp v = x86_read_operand(l, 1);
    x86_write_operand(l, 0, ir_unop(l->b, IR_SEXT, x86_operand_size(l, 1), v));
    return true;
}

bool x86_lift_lea(struct x86_lift *l)
{
    x86_write_operand(l, 0, x86_operand_addr(l, 1));
    return true;
}

/* cmovcc: the source is read (a memory one may fault) whatever the
 * condition; a 32-bit destination is zero-extended even when not moved. */
bool x86_lift_cmovcc(struct x86_lift *l)
{
    ir_temp src = x86_read_operand(l, 1);
    ir_temp cur = x86_read_operand(l, 0);
    ir_temp c = x86_cond(l, x86_insn_cond(l));
    x86_write_operand(l, 0, ir_select(l->b, c, src, cur));
    return true;
}

bool x86_lift_setcc(struct x86_lift *l)
{
    x86_write_operand(l, 0, x86_cond(l, x86_insn_cond(l)));
    return true;
}

bool x86_lift_bswap(struct x86_lift *l)
{
    unsigned size = x86_operand_size(l, 0);
    if (size < 4)
        return false; /* bswap r16 is undefined */
    ir_temp v = x86_read_operand(l, 0);
    x86_write_operand(l, 0, ir_unop(l->b, IR_BSWAP, size, v));
    return true;
}

/* xlat: al = [rbx + al] (the segment of a prefix applies). */
bool x86_lift_xlat(struct x86_lift *l)
{
    struct ir_block *b = l->b;
    unsigned mem = x86_is_mem(l, 0) ? 0 : 1;
    if (!x86_is_mem(l, mem))
        return false;
    ir_temp addr = ir_binop(b, IR_ADD, 8, x86_get_gpr(l, X86_RBX_),
                            x86_read_reg(l, ZYDIS_REGISTER_AL));
    if (l->insn->address_width == 32)
        addr = ir_unop(b, IR_ZEXT, 4, addr);
    if (l->op[mem].mem.segment == ZYDIS_REGISTER_FS)
        addr = ir_binop(b, IR_ADD, 8, addr, ir_get(b, X86_FS_BASE_OFF, 8));
    else if (l->op[mem].mem.segment == ZYDIS_REGISTER_GS)
        addr = ir_binop(b, IR_ADD, 8, addr, ir_get(b, X86_GS_BASE_OFF, 8));
    x86_write_reg(l, ZYDIS_REGISTER_AL, ir_load(b, addr, 1, false));
    return true;
}

/* dst = sext(src) within rAX (cbw/cwde/cdqe). */
static bool extend_acc(struct x86_lift *l, ZydisRegister dst,
                       ZydisRegister src, unsigned src_size)
{
    ir_temp v = ir_unop(l->b, IR_SEXT, src_size, x86_read_reg(l, src));
    x86_write_reg(l, dst, v);
    return true;
}

/* rDX = the sign of rAX, all ones or zero (cwd/cdq/cqo). */
static bool sign_to_rdx(struct x86_lift *l, ZydisRegister dx,
                        ZydisRegister ax, unsigned size)
{
    struct ir_block *b = l->b;
    ir_temp v = x86_read_reg(l, ax);
    ir_temp s = ir_binop(b, IR_SAR, size, v, ir_const(b, size * 8 - 1));
    x86_write_reg(l, dx, s);
    return true;
}

bool x86_lift_cbw(struct x86_lift *l)
{
    return extend_acc(l, ZYDIS_REGISTER_AX, ZYDIS_REGISTER_AL, 1);
}

bool x86_lift_cwde(struct x86_lift *l)
{
    return extend_acc(l, ZYDIS_REGISTER_EAX, ZYDIS_REGISTER_AX, 2);
}

bool x86_lift_cdqe(struct x86_lift *l)
{
    return extend_acc(l, ZYDIS_REGISTER_RAX, ZYDIS_REGISTER_EAX, 4);
}

bool x86_lift_cwd(struct x86_lift *l)
{
    return sign_to_rdx(l, ZYDIS_REGISTER_DX, ZYDIS_REGISTER_AX, 2);
}

bool x86_lift_cdq(struct x86_lift *l)
{
    return sign_to_rdx(l, ZYDIS_REGISTER_EDX, ZYDIS_REGISTER_EAX, 4);
}

bool x86_lift_cqo(struct x86_lift *l)
{
    return sign_to_rdx(l, ZYDIS_REGISTER_RDX, ZYDIS_REGISTER_RAX, 8);
}
