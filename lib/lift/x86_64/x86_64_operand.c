/*
 * x86_64_operand.c — operands as IR values: general registers (every
 * access is an 8-byte GET/PUT of the whole register, because tier 1 caches
 * 8-byte slots; narrower writes merge or zero-extend), effective
 * addresses, memory and immediates.
 */
#include "x86_64_int.h"

uint64_t x86_size_mask(unsigned size)
{
    return size >= 8 ? UINT64_MAX : (UINT64_C(1) << (size * 8)) - 1;
}

static bool is_high_byte(ZydisRegister r)
{
    return r >= ZYDIS_REGISTER_AH && r <= ZYDIS_REGISTER_BH;
}

int x86_gpr_number(ZydisRegister r)
{
    if (is_high_byte(r))
        return (int)(r - ZYDIS_REGISTER_AH);
    ZydisRegister full =
        ZydisRegisterGetLargestEnclosing(ZYDIS_MACHINE_MODE_LONG_64, r);
    if (full >= ZYDIS_REGISTER_RAX && full <= ZYDIS_REGISTER_R15)
        return (int)(full - ZYDIS_REGISTER_RAX);
    return -1;
}

int x86_gpr_offset(ZydisRegister r)
{
    int n = x86_gpr_number(r);
    if (n < 0)
        return -1;
    return (int)X86_GPR_OFF(n) + (is_high_byte(r) ? 1 : 0);
}

int x86_xmm_index(ZydisRegister r)
{
    if (r >= ZYDIS_REGISTER_XMM0 && r <= ZYDIS_REGISTER_XMM15)
        return (int)(r - ZYDIS_REGISTER_XMM0);
    return -1;
}

unsigned x86_operand_size(const struct x86_lift *l, unsigned i)
{
    return l->op[i].size / 8;
}

ir_temp x86_get_gpr(struct x86_lift *l, unsigned n)
{
    return ir_get(l->b, X86_GPR_OFF(n), 8);
}

void x86_put_gpr(struct x86_lift *l, unsigned n, ir_temp v)
{
    ir_put(l->b, X86_GPR_OFF(n), 8, v);
}

static unsigned reg_size(ZydisRegister r)
{
    return ZydisRegisterGetWidth(ZYDIS_MACHINE_MODE_LONG_64, r) / 8;
}

ir_temp x86_read_reg(struct x86_lift *l, ZydisRegister r)
{
    struct ir_block *b = l->b;
    ir_temp full = x86_get_gpr(l, (unsigned)x86_gpr_number(r));
    if (is_high_byte(r))
        full = ir_binop(b, IR_SHR, 8, full, ir_const(b, 8));
    unsigned size = reg_size(r);
    return size == 8 ? full : ir_unop(b, IR_ZEXT, size, full);
}

ir_temp x86_merge_reg(struct x86_lift *l, ir_temp full, ZydisRegister r,
                      ir_temp v)
{
    struct ir_block *b = l->b;
    unsigned size = reg_size(r);
    if (size == 8)
        return v;
    if (size == 4)
        return ir_unop(b, IR_ZEXT, 4, v);
    unsigned shift = is_high_byte(r) ? 8 : 0;
    uint64_t mask = x86_size_mask(size) << shift;
    ir_temp kept = ir_binop(b, IR_AND, 8, full, ir_const(b, ~mask));
    ir_temp part = ir_unop(b, IR_ZEXT, size, v);
    if (shift)
        part = ir_binop(b, IR_SHL, 8, part, ir_const(b, shift));
    return ir_binop(b, IR_OR, 8, kept, part);
}

ir_temp x86_reg_after_write(struct x86_lift *l, ZydisRegister r, ir_temp v)
{
    if (reg_size(r) >= 4)
        return x86_merge_reg(l, 0, r, v);
    return x86_merge_reg(l, x86_get_gpr(l, (unsigned)x86_gpr_number(r)), r,
                         v);
}

void x86_write_reg(struct x86_lift *l, ZydisRegister r, ir_temp v)
{
    x86_put_gpr(l, (unsigned)x86_gpr_number(r), x86_reg_after_write(l, r, v));
}

bool x86_is_mem(const struct x86_lift *l, unsigned i)
{
    return l->op[i].type == ZYDIS_OPERAND_TYPE_MEMORY;
}

bool x86_is_reg(const struct x86_lift *l, unsigned i)
{
    return l->op[i].type == ZYDIS_OPERAND_TYPE_REGISTER;
}

bool x86_is_imm(const struct x86_lift *l, unsigned i)
{
    return l->op[i].type == ZYDIS_OPERAND_TYPE_IMMEDIATE;
}

bool x86_has_lock(const struct x86_lift *l)
{
    return (l->insn->attributes & ZYDIS_ATTRIB_HAS_LOCK) != 0;
}

uint64_t x86_imm64(const struct x86_lift *l, unsigned i)
{
    const ZydisDecodedOperandImm *imm = &l->op[i].imm;
    return imm->is_signed ? (uint64_t)imm->value.s : imm->value.u;
}

/* A register used in an address: rip is the next instruction's pc. */
static unsigned log2_scale(unsigned scale)
{
    return scale == 8 ? 3 : scale == 4 ? 2 : scale == 2 ? 1 : 0;
}

ir_temp x86_operand_addr(struct x86_lift *l, unsigned i)
{
    struct ir_block *b = l->b;
    const ZydisDecodedOperandMem *m = &l->op[i].mem;
    /* Terms that are there only: no "+ 0" for tier 1 to emit. */
    ir_temp a = 0;
    int64_t disp = m->disp.value;
    if (m->base == ZYDIS_REGISTER_RIP || m->base == ZYDIS_REGISTER_EIP) {
        a = ir_const(b, l->next_pc + (uint64_t)disp); /* folded */
        disp = 0;
    } else if (m->base != ZYDIS_REGISTER_NONE) {
        a = x86_read_reg(l, m->base);
    }
    if (m->index != ZYDIS_REGISTER_NONE) {
        ir_temp x = x86_read_reg(l, m->index);
        unsigned sh = log2_scale(m->scale);
        if (sh)
            x = ir_binop(b, IR_SHL, 8, x, ir_const(b, sh));
        a = a ? ir_binop(b, IR_ADD, 8, a, x) : x;
    }
    if (disp != 0 || !a) {
        ir_temp d = ir_const(b, (uint64_t)disp);
        a = a ? ir_binop(b, IR_ADD, 8, a, d) : d;
    }
    if (l->insn->address_width == 32)
        a = ir_unop(b, IR_ZEXT, 4, a);
    /* lea (AGEN) computes the offset only; fs:/gs: add their base. */
    if (m->type == ZYDIS_MEMOP_TYPE_MEM && m->segment == ZYDIS_REGISTER_FS)
        a = ir_binop(b, IR_ADD, 8, a, ir_get(b, X86_FS_BASE_OFF, 8));
    else if (m->type == ZYDIS_MEMOP_TYPE_MEM && m->segment == ZYDIS_REGISTER_GS)
        a = ir_binop(b, IR_ADD, 8, a, ir_get(b, X86_GS_BASE_OFF, 8));
    return a;
}

ir_temp x86_read_operand(struct x86_lift *l, unsigned i)
{
    unsigned size = x86_operand_size(l, i);
    switch (l->op[i].type) {
    case ZYDIS_OPERAND_TYPE_REGISTER:
        return x86_read_reg(l, l->op[i].reg.value);
    case ZYDIS_OPERAND_TYPE_MEMORY:
        return ir_load(l->b, x86_operand_addr(l, i), size, false);
    default: /* Zydis sizes an immediate as encoded: extend to the insn's */
        return ir_const(l->b, x86_imm64(l, i) &
                                  x86_size_mask(l->insn->operand_width / 8));
    }
}

void x86_write_operand(struct x86_lift *l, unsigned i, ir_temp v)
{
    if (x86_is_mem(l, i))
        ir_store(l->b, x86_operand_addr(l, i), v, x86_operand_size(l, i));
    else
        x86_write_reg(l, l->op[i].reg.value, v);
}

void x86_store_if_unchanged(struct x86_lift *l, ir_temp addr, ir_temp old,
                            ir_temp new_, unsigned size)
{
    struct ir_block *b = l->b;
    ir_temp seen = ir_emit(b, IR_CAS, size, 0, addr, old, new_, 0);
    ir_exit_if(b, ir_binop(b, IR_NE, size, seen, old), l->pc);
}
