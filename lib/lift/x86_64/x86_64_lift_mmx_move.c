/*
 * x86_64_lift_mmx_move.c — MMX instructions that lift to plain IR:
 * movd/movq with an mm operand, movq2dq/movdq2q, movntq, maskmovq, the
 * bitwise ops with paddq/psubq, and emms. Forms without an mm operand are
 * SSE's or the integer lifter's (false).
 */
#include <stddef.h>

#include "x86_64_internal.h"
#include "x86_64_sse.h"

#define FTW_OFF offsetof(struct x86_cpu, ftw)
#define FTW_ALL_EMPTY 0xffffu

static bool is_mem(const struct x86_lift *l, unsigned i)
{
    return l->op[i].type == ZYDIS_OPERAND_TYPE_MEMORY;
}

static bool is_gpr(const struct x86_lift *l, unsigned i)
{
    return l->op[i].type == ZYDIS_OPERAND_TYPE_REGISTER &&
           x86_gpr_offset(l->op[i].reg.value) >= 0;
}

/* movd/movq: mm <- mm/m64/r/m32/r/m64 (zero-extended), r/m <- mm. */
bool x86_lift_mmx_move(struct x86_lift *l)
{
    unsigned d, s;
    bool dm = x86_mmx_is_mm(l, 0, &d), sm = x86_mmx_is_mm(l, 1, &s);
    if (dm && (sm || is_mem(l, 1) || is_gpr(l, 1))) {
        ir_temp v = sm ? ir_get(l->b, X86_MM_OFF(s), 8) : x86_read_operand(l, 1);
        x86_mmx_put(l->b, d, v);
    } else if (sm && (is_mem(l, 0) || is_gpr(l, 0))) {
        x86_write_operand(l, 0, ir_get(l->b, X86_MM_OFF(s), 8));
    } else {
        return false;
    }
    x86_mmx_enter(l->b);
    return true;
}

/* movntq m64, mm: a plain store (no cache hints here). */
bool x86_lift_mmx_store(struct x86_lift *l)
{
    unsigned s;
    if (!is_mem(l, 0) || !x86_mmx_is_mm(l, 1, &s))
        return false;
    ir_store(l->b, x86_operand_addr(l, 0), ir_get(l->b, X86_MM_OFF(s), 8), 8);
    x86_mmx_enter(l->b);
    return true;
}

/* movq2dq xmm, mm (upper quadword zeroed) and movdq2q mm, xmm. */
bool x86_lift_mmx_xmm_move(struct x86_lift *l)
{
    unsigned mm, x;
    struct ir_block *b = l->b;
    if (x86_sse_is_xmm(l, 0, &x) && x86_mmx_is_mm(l, 1, &mm)) {
        ir_put(b, X86_XMM_OFF(x), 8, ir_get(b, X86_MM_OFF(mm), 8));
        ir_put(b, X86_XMM_OFF(x) + 8, 8, ir_const(b, 0));
    } else if (x86_mmx_is_mm(l, 0, &mm) && x86_sse_is_xmm(l, 1, &x)) {
        x86_mmx_put(b, mm, ir_get(b, X86_XMM_OFF(x), 8));
    } else {
        return false;
    }
    x86_mmx_enter(b);
    return true;
}

/*
 * maskmovq mm1, mm2: the bytes of mm1 whose byte in mm2 has its top bit
 * set go to [rdi] (the hidden operand 2). The IR has no conditional
 * store, so the quadword is read, merged and written back: the same
 * bytes end up in memory, but unselected bytes are accessed too.
 */
bool x86_lift_mmx_maskmovq(struct x86_lift *l)
{
    struct ir_block *b = l->b;
    unsigned data, mask;
    if (l->insn->operand_count < 3 || !is_mem(l, 2) ||
        !x86_mmx_is_mm(l, 0, &data) || !x86_mmx_is_mm(l, 1, &mask))
        return false;
    ir_temp m = ir_get(b, X86_MM_OFF(mask), 8);
    ir_temp tops = ir_binop(b, IR_AND, 8,
                            ir_binop(b, IR_SHR, 8, m, ir_const(b, 7)),
                            ir_const(b, 0x0101010101010101ull));
    ir_temp bytes = ir_binop(b, IR_MUL, 8, tops, ir_const(b, 0xff));
    ir_temp addr = x86_operand_addr(l, 2);
    ir_temp old = ir_load(b, addr, 8, false);
    ir_temp keep = ir_binop(b, IR_AND, 8, old,
                            ir_binop(b, IR_XOR, 8, bytes, ir_const(b, ~0ull)));
    ir_temp put = ir_binop(b, IR_AND, 8, ir_get(b, X86_MM_OFF(data), 8), bytes);
    ir_store(b, addr, ir_binop(b, IR_OR, 8, keep, put), 8);
    x86_mmx_enter(b);
    return true;
}

/* Bitwise ops and the 64-bit add/sub: one quadword each. */
struct bitwise_op {
    ZydisMnemonic mnemonic;
    enum ir_op op;
    bool invert_dst; /* pandn: ~dst & src */
};

static const struct bitwise_op bitwise_ops[] = {
    {ZYDIS_MNEMONIC_PAND, IR_AND, false}, {ZYDIS_MNEMONIC_PANDN, IR_AND, true},
    {ZYDIS_MNEMONIC_POR, IR_OR, false},   {ZYDIS_MNEMONIC_PXOR, IR_XOR, false},
    {ZYDIS_MNEMONIC_PADDQ, IR_ADD, false}, {ZYDIS_MNEMONIC_PSUBQ, IR_SUB, false},
};

bool x86_lift_mmx_bitwise(struct x86_lift *l)
{
    const struct bitwise_op *bo = NULL;
    for (size_t i = 0; i < sizeof bitwise_ops / sizeof *bitwise_ops; i++)
        if (bitwise_ops[i].mnemonic == l->insn->mnemonic)
            bo = &bitwise_ops[i];
    unsigned d;
    if (!bo || !x86_mmx_is_mm(l, 0, &d) ||
        !(x86_mmx_is_mm(l, 1, NULL) || is_mem(l, 1)))
        return false;
    ir_temp s = x86_mmx_read64(l, 1);
    ir_temp v = ir_get(l->b, X86_MM_OFF(d), 8);
    if (bo->invert_dst)
        v = ir_binop(l->b, IR_XOR, 8, v, ir_const(l->b, ~0ull));
    x86_mmx_put(l->b, d, ir_binop(l->b, bo->op, 8, v, s));
    x86_mmx_enter(l->b);
    return true;
}

/* emms: every tag empty; TOP and the registers stay. */
bool x86_lift_mmx_emms(struct x86_lift *l)
{
    ir_put(l->b, FTW_OFF, 2, ir_const(l->b, FTW_ALL_EMPTY));
    return true;
}
