/*
 * x86_64_lift_sse_operand.c — XMM and m128 operand access for the SSE
 * lifter: 128-bit values travel as two 8-byte halves (low, high).
 *
 * Legacy SSE insns with an m128 operand fault (#GP) unless it is 16-byte
 * aligned. IR_MEM_ALIGNED checks natural alignment of one access, at most
 * 8 bytes, so the first access goes to a probe address that is misaligned
 * exactly when the operand is (x86_sse_align16_probe); the runtime turns
 * that misaligned fault into the guest's signal.
 */
#include "x86_64_internal.h"
#include "x86_64_sse.h"

ir_temp x86_sse_align16_probe(struct ir_block *b, ir_temp addr, ir_temp bad)
{
    /* Bit 3 set (aligned to 8, not 16) moves to bit 2: never 8-aligned. */
    ir_temp bit3 = ir_binop(b, IR_AND, 8,
                            ir_binop(b, IR_SHR, 8, addr, ir_const(b, 1)),
                            ir_const(b, 4));
    ir_temp probe = ir_binop(b, IR_OR, 8, addr, bit3);
    if (bad)
        probe = ir_binop(b, IR_OR, 8, probe,
                         ir_binop(b, IR_SHL, 8, bad, ir_const(b, 2)));
    return probe;
}

bool x86_sse_is_xmm(const struct x86_lift *l, unsigned i, unsigned *n)
{
    if (i >= l->insn->operand_count_visible ||
        l->op[i].type != ZYDIS_OPERAND_TYPE_REGISTER)
        return false;
    int x = x86_xmm_index(l->op[i].reg.value);
    if (x < 0)
        return false;
    if (n)
        *n = (unsigned)x;
    return true;
}

int x86_sse_imm8(const struct x86_lift *l)
{
    unsigned last = l->insn->operand_count_visible;
    if (last == 0 || l->op[last - 1].type != ZYDIS_OPERAND_TYPE_IMMEDIATE)
        return -1;
    return (int)(l->op[last - 1].imm.value.u & 0xff);
}

/* The low access of an m128 operand: through the probe when aligned. */
static ir_temp low_address(struct ir_block *b, ir_temp addr, bool aligned)
{
    return aligned ? x86_sse_align16_probe(b, addr, 0) : addr;
}

void x86_sse_read128(struct x86_lift *l, unsigned i, bool aligned,
                     ir_temp *lo, ir_temp *hi)
{
    struct ir_block *b = l->b;
    unsigned n;
    if (x86_sse_is_xmm(l, i, &n)) {
        *lo = ir_get(b, X86_XMM_OFF(n), 8);
        *hi = ir_get(b, X86_XMM_OFF(n) + 8, 8);
        return;
    }
    ir_temp addr = x86_operand_addr(l, i);
    unsigned aux = aligned ? IR_MEM_ALIGNED : 0;
    *lo = ir_emit(b, IR_LOAD, 8, aux, low_address(b, addr, aligned), 0, 0, 0);
    ir_temp addr_hi = ir_binop(b, IR_ADD, 8, addr, ir_const(b, 8));
    *hi = ir_emit(b, IR_LOAD, 8, aux, addr_hi, 0, 0, 0);
}

void x86_sse_store128(struct x86_lift *l, unsigned i, bool aligned,
                      ir_temp lo, ir_temp hi)
{
    struct ir_block *b = l->b;
    ir_temp addr = x86_operand_addr(l, i);
    unsigned aux = aligned ? IR_MEM_ALIGNED : 0;
    ir_emit(b, IR_STORE, 8, aux, low_address(b, addr, aligned), lo, 0, 0);
    ir_temp addr_hi = ir_binop(b, IR_ADD, 8, addr, ir_const(b, 8));
    ir_emit(b, IR_STORE, 8, aux, addr_hi, hi, 0, 0);
}
