/*
 * x86_64_lift_sse_state.c — the SSE control and state-save instructions:
 * ldmxcsr/stmxcsr, fxsave/fxrstor (both the REX.W "64" form and the plain
 * one: they differ only in the FPU pointer fields, which this machine
 * keeps at 0).
 *
 * fxsave area (Intel SDM vol. 1, 10.5.1): 0 FCW, 2 FSW, 4 abridged FTW,
 * 6 FOP, 8 FIP, 16 FDP, 24 MXCSR, 28 MXCSR_MASK, 32 + 16*i ST(i) (stack
 * order: physical register (TOP + i) & 7), 160 + 16*i XMMi; bytes 416-511
 * are not touched.
 */
#include <stddef.h>

#include "x86_64_internal.h"
#include "x86_64_sse.h"

/* Every MXCSR bit below 16 is writable here, DAZ included. */
#define MXCSR_MASK 0xffffu
#define FSW_TOP_SHIFT 11
#define FSW_TOP_BITS (7u << FSW_TOP_SHIFT)
#define FX_ST_AREA 32
#define FX_XMM_AREA 160

#define FCW_OFF offsetof(struct x86_cpu, fcw)
#define FSW_OFF offsetof(struct x86_cpu, fsw)
#define FTW_OFF offsetof(struct x86_cpu, ftw)
#define FTOP_OFF offsetof(struct x86_cpu, ftop)
#define ST_OFF(n) (offsetof(struct x86_cpu, st) + 16 * (size_t)(n))

static ir_temp add_const(struct ir_block *b, ir_temp x, uint64_t k)
{
    return ir_binop(b, IR_ADD, 8, x, ir_const(b, k));
}

static ir_temp shl_const(struct ir_block *b, ir_temp x, unsigned k)
{
    return ir_binop(b, IR_SHL, 8, x, ir_const(b, k));
}

/* MXCSR as the guest sees it: the x86_mxcsr helper folds in the flags
 * inline SSE left in the host's MXCSR (and clears them there, so a
 * following write of MXCSR starts from the guest's flags alone). */
static ir_temp read_mxcsr(struct ir_block *b)
{
    return ir_call(b, IR_H_x86_mxcsr, 0, 0, 0, 0);
}

/* ldmxcsr m32 ends the block: with a reserved bit set it is a #GP
 * (PRIVILEGED trap at the insn, MXCSR unchanged); else it continues at the
 * next insn. stmxcsr m32 stores MXCSR. */
bool x86_lift_sse_mxcsr(struct x86_lift *l)
{
    struct ir_block *b = l->b;
    if (l->op[0].type != ZYDIS_OPERAND_TYPE_MEMORY)
        return false;
    ir_temp addr = x86_operand_addr(l, 0);
    if (l->insn->mnemonic == ZYDIS_MNEMONIC_STMXCSR) {
        ir_store(b, addr, read_mxcsr(b), 4);
        return true;
    }
    ir_temp v = ir_load(b, addr, 4, false);
    ir_temp reserved = ir_binop(b, IR_AND, 8, v, ir_const(b, ~(uint64_t)MXCSR_MASK));
    ir_temp ok = ir_binop(b, IR_EQ, 8, reserved, ir_const(b, 0));
    ir_temp old = read_mxcsr(b);
    ir_put(b, X86_MXCSR_OFF, 4, ir_select(b, ok, v, old));
    ir_exit_if(b, ok, l->next_pc);
    ir_exit_trap(b, IR_TRAP_PRIVILEGED, l->pc);
    l->ends_block = true;
    return true;
}

/* Where physical x87 register p lives in the area: ST((p - top) & 7). */
static ir_temp st_slot_addr(struct ir_block *b, ir_temp area, ir_temp top,
                            unsigned p)
{
    ir_temp i = ir_binop(b, IR_AND, 8,
                         ir_binop(b, IR_SUB, 8, ir_const(b, p), top),
                         ir_const(b, 7));
    return add_const(b, ir_binop(b, IR_ADD, 8, area, shl_const(b, i, 4)),
                     FX_ST_AREA);
}

static ir_temp sse_call(struct ir_block *b, enum x86_sse_op op, ir_temp a,
                        uint64_t src_off)
{
    return ir_call(b, IR_H_x86_sse, a, ir_const(b, 0), 0,
                   x86_sse_imm(op, 0, src_off, 0));
}

bool x86_lift_sse_fxsave(struct x86_lift *l)
{
    struct ir_block *b = l->b;
    if (l->op[0].type != ZYDIS_OPERAND_TYPE_MEMORY)
        return false;
    ir_temp area = x86_operand_addr(l, 0);
    ir_temp top = ir_get(b, FTOP_OFF, 1);
    ir_temp fsw = ir_binop(b, IR_AND, 8, ir_get(b, FSW_OFF, 2),
                           ir_const(b, ~(uint64_t)FSW_TOP_BITS));
    fsw = ir_binop(b, IR_OR, 8, fsw, shl_const(b, top, FSW_TOP_SHIFT));
    ir_temp ftw = sse_call(b, X86_SSE_FTW_ABRIDGE, ir_get(b, FTW_OFF, 2), 0);
    /* FCW | FSW << 16 | FTW << 32, FOP = 0; the first store checks the
     * 16-byte alignment. */
    ir_temp head = ir_binop(b, IR_OR, 8, ir_get(b, FCW_OFF, 2),
                            shl_const(b, fsw, 16));
    head = ir_binop(b, IR_OR, 8, head, shl_const(b, ftw, 32));
    ir_emit(b, IR_STORE, 8, IR_MEM_ALIGNED,
            x86_sse_align16_probe(b, area, 0), head, 0, 0);
    ir_store(b, add_const(b, area, 8), ir_const(b, 0), 8);
    ir_store(b, add_const(b, area, 16), ir_const(b, 0), 8);
    ir_temp mx = ir_binop(b, IR_OR, 8, read_mxcsr(b),
                          ir_const(b, (uint64_t)MXCSR_MASK << 32));
    ir_store(b, add_const(b, area, 24), mx, 8);
    for (unsigned p = 0; p < 8; p++) {
        ir_temp at = st_slot_addr(b, area, top, p);
        ir_store(b, at, ir_get(b, ST_OFF(p), 8), 8);
        ir_store(b, add_const(b, at, 8), ir_get(b, ST_OFF(p) + 8, 2), 8);
    }
    for (unsigned n = 0; n < 16; n++) {
        ir_temp at = add_const(b, area, FX_XMM_AREA + 16 * n);
        ir_store(b, at, ir_get(b, X86_XMM_OFF(n), 8), 8);
        ir_store(b, add_const(b, at, 8), ir_get(b, X86_XMM_OFF(n) + 8, 8), 8);
    }
    return true;
}

/* fxrstor: all loads first; a misaligned area or an MXCSR image with
 * reserved bits set faults (#GP) through the probe before any state
 * changes. The tags are recomputed from the restored registers. */
bool x86_lift_sse_fxrstor(struct x86_lift *l)
{
    struct ir_block *b = l->b;
    if (l->op[0].type != ZYDIS_OPERAND_TYPE_MEMORY)
        return false;
    ir_temp area = x86_operand_addr(l, 0);
    ir_temp mx = ir_load(b, add_const(b, area, 24), 4, false);
    ir_temp bad = ir_binop(b, IR_NE, 8,
                           ir_binop(b, IR_SHR, 8, mx, ir_const(b, 16)),
                           ir_const(b, 0));
    ir_temp head = ir_emit(b, IR_LOAD, 8, IR_MEM_ALIGNED,
                           x86_sse_align16_probe(b, area, bad), 0, 0, 0);
    ir_temp fsw = ir_binop(b, IR_SHR, 8, head, ir_const(b, 16));
    ir_temp top = ir_binop(b, IR_AND, 8,
                           ir_binop(b, IR_SHR, 8, fsw, ir_const(b, FSW_TOP_SHIFT)),
                           ir_const(b, 7));
    ir_temp st[8][2], xmm[16][2];
    for (unsigned p = 0; p < 8; p++) {
        ir_temp at = st_slot_addr(b, area, top, p);
        st[p][0] = ir_load(b, at, 8, false);
        st[p][1] = ir_load(b, add_const(b, at, 8), 2, false);
    }
    for (unsigned n = 0; n < 16; n++) {
        ir_temp at = add_const(b, area, FX_XMM_AREA + 16 * n);
        xmm[n][0] = ir_load(b, at, 8, false);
        xmm[n][1] = ir_load(b, add_const(b, at, 8), 8, false);
    }
    ir_put(b, FCW_OFF, 2, head);
    ir_put(b, FSW_OFF, 2, ir_binop(b, IR_AND, 8, fsw,
                                   ir_const(b, ~(uint64_t)FSW_TOP_BITS)));
    ir_put(b, FTOP_OFF, 1, top);
    read_mxcsr(b); /* clears the host's flags: mx replaces them */
    ir_put(b, X86_MXCSR_OFF, 4, mx);
    for (unsigned p = 0; p < 8; p++) {
        ir_put(b, ST_OFF(p), 8, st[p][0]);
        ir_put(b, ST_OFF(p) + 8, 8, st[p][1]);
    }
    for (unsigned n = 0; n < 16; n++) {
        ir_put(b, X86_XMM_OFF(n), 8, xmm[n][0]);
        ir_put(b, X86_XMM_OFF(n) + 8, 8, xmm[n][1]);
    }
    ir_temp abridged = ir_binop(b, IR_SHR, 8, head, ir_const(b, 32));
    ir_put(b, FTW_OFF, 2, sse_call(b, X86_SSE_FTW_EXPAND, abridged, ST_OFF(0)));
    return true;
}
