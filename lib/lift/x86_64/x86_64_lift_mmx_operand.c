/*
 * x86_64_lift_mmx_operand.c — mm registers and the x87 side effects of
 * MMX instructions (Intel SDM vol. 1, 9.5): mmN is the low 8 bytes of
 * physical x87 register N; an MMX instruction sets TOP to 0 and every tag
 * to valid, and a write of mmN also sets that register's sign/exponent
 * word to all ones, so x87 code reading it afterwards sees a NaN.
 */
#include <stddef.h>

#include "x86_64_internal.h"
#include "x86_64_sse.h"

#define MMX_EXPONENT_OFF 8 /* bytes 8-9 of the 16-byte x87 slot */
#define FTW_OFF offsetof(struct x86_cpu, ftw)
#define FTOP_OFF offsetof(struct x86_cpu, ftop)

bool x86_mmx_is_mm(const struct x86_lift *l, unsigned i, unsigned *n)
{
    if (i >= l->insn->operand_count_visible ||
        l->op[i].type != ZYDIS_OPERAND_TYPE_REGISTER)
        return false;
    ZydisRegister r = l->op[i].reg.value;
    if (r < ZYDIS_REGISTER_MM0 || r > ZYDIS_REGISTER_MM7)
        return false;
    if (n)
        *n = (unsigned)(r - ZYDIS_REGISTER_MM0);
    return true;
}

ir_temp x86_mmx_read64(struct x86_lift *l, unsigned i)
{
    unsigned n;
    if (x86_mmx_is_mm(l, i, &n))
        return ir_get(l->b, X86_MM_OFF(n), 8);
    return ir_load(l->b, x86_operand_addr(l, i), 8, false);
}

void x86_mmx_enter(struct ir_block *b)
{
    ir_put(b, FTOP_OFF, 1, ir_const(b, 0));
    ir_put(b, FTW_OFF, 2, ir_const(b, 0));
}

void x86_mmx_mark_written(struct ir_block *b, unsigned n)
{
    ir_put(b, X86_MM_OFF(n) + MMX_EXPONENT_OFF, 2, ir_const(b, 0xffff));
}

void x86_mmx_put(struct ir_block *b, unsigned n, ir_temp v)
{
    ir_put(b, X86_MM_OFF(n), 8, v);
    x86_mmx_mark_written(b, n);
}
