/*
 * aarch64_lift_simd.c — the AdvSIMD instructions lifted so far: the
 * lane-wise operations run by the a64_simd helper (ir_a64_simd.c) on the
 * vector registers in the CPU state, and ld1/st1 of whole registers as
 * IR loads and stores (so their faults are precise like any other).
 */
#include "aarch64_lift.h"

/* arg: enum a64_simd_op; flag: the result goes to a general register of
 * `flag` bytes (umov, mov). */
static int simd(const struct a64_lift *l, const struct a64_lift_op *op)
{
    ir_temp a = op->arg == A64_SIMD_DUP ? a64_get(l, a64_rn(l->raw), false)
                                        : a64_const(l, 0);
    ir_temp r = ir_call(l->b, IR_H_a64_simd, a, 0, 0,
                        (uint64_t)op->arg << 32 | l->raw);
    if (op->flag)
        a64_put(l, a64_rd(l->raw), false, op->flag, r);
    return 0;
}

/* ld1/st1 {Vt..Vt+n-1}: n whole registers (8 or 16 bytes each, by Q) at
 * consecutive addresses; arg = n, flag: post-indexed. */
static int ld1st1(const struct a64_lift *l, const struct a64_lift_op *op)
{
    struct ir_block *b = l->b;
    unsigned n = op->arg, rt = a64_rd(l->raw), rn = a64_rn(l->raw);
    unsigned halves = a64_bits(l->raw, 30, 1) ? 2 : 1;
    bool load = a64_bits(l->raw, 22, 1);
    ir_temp base = a64_get(l, rn, true), v[8];
    for (unsigned i = 0; i < n * halves; i++) {
        ir_temp addr = a64_binop(l, IR_ADD, 8, base, a64_const(l, 8 * i));
        size_t off = A64_V_OFF((rt + i / halves) % 32) + 8 * (i % halves);
        if (load)
            v[i] = ir_load(b, addr, 8, false);
        else
            ir_store(b, addr, ir_get(b, off, 8), 8);
    }
    for (unsigned i = 0; load && i < n * halves; i++) {
        unsigned reg = (rt + i / halves) % 32;
        ir_put(b, A64_V_OFF(reg) + 8 * (i % halves), 8, v[i]);
        if (halves == 1)
            ir_put(b, A64_V_OFF(reg) + 8, 8, a64_const(l, 0));
    }
    if (op->flag) {
        unsigned rm = a64_rm(l->raw);
        ir_temp step = rm == 31 ? a64_const(l, 8 * n * halves)
                                : a64_get(l, rm, false);
        a64_put(l, rn, true, 8, a64_binop(l, IR_ADD, 8, base, step));
    }
    return 0;
}

const struct a64_lift_op a64_lift_simd[A64_OPCODE_COUNT] = {
    [A64_DUP_W] = {simd, A64_SIMD_DUP, 0},
    [A64_DUP_X] = {simd, A64_SIMD_DUP, 0},
    [A64_UMOV_B] = {simd, A64_SIMD_UMOV, 4},
    [A64_UMOV_H] = {simd, A64_SIMD_UMOV, 4},
    [A64_MOV_VS] = {simd, A64_SIMD_UMOV, 4},
    [A64_MOV_VD] = {simd, A64_SIMD_UMOV, 8},
    [A64_CMEQ_V] = {simd, A64_SIMD_CMEQ, 0},
    [A64_CMEQ_Z] = {simd, A64_SIMD_CMEQZ, 0},
    [A64_CMHS_V] = {simd, A64_SIMD_CMHS, 0},
    [A64_UMAXP] = {simd, A64_SIMD_UMAXP, 0},
    [A64_UMINP] = {simd, A64_SIMD_UMINP, 0},
    [A64_ADDP_V] = {simd, A64_SIMD_ADDP, 0},
    [A64_AND_V] = {simd, A64_SIMD_LOGIC, 0},
    [A64_BIC_V] = {simd, A64_SIMD_LOGIC, 0},
    [A64_ORR_V] = {simd, A64_SIMD_LOGIC, 0},
    [A64_ORN_V] = {simd, A64_SIMD_LOGIC, 0},
    [A64_EOR_V] = {simd, A64_SIMD_LOGIC, 0},
    [A64_BSL_V] = {simd, A64_SIMD_LOGIC, 0},
    [A64_BIT_V] = {simd, A64_SIMD_LOGIC, 0},
    [A64_BIF_V] = {simd, A64_SIMD_LOGIC, 0},
    [A64_SHRN] = {simd, A64_SIMD_SHRN, 0},
    [A64_SHRN2] = {simd, A64_SIMD_SHRN, 0},
    [A64_EXT_V] = {simd, A64_SIMD_EXT, 0},
    [A64_MOVI_S] = {simd, A64_SIMD_MODIMM, 0},
    [A64_MVNI_S] = {simd, A64_SIMD_MODIMM, 0},
    [A64_ORRI_S] = {simd, A64_SIMD_MODIMM, 0},
    [A64_BICI_S] = {simd, A64_SIMD_MODIMM, 0},
    [A64_MOVI_H] = {simd, A64_SIMD_MODIMM, 0},
    [A64_MVNI_H] = {simd, A64_SIMD_MODIMM, 0},
    [A64_ORRI_H] = {simd, A64_SIMD_MODIMM, 0},
    [A64_BICI_H] = {simd, A64_SIMD_MODIMM, 0},
    [A64_MOVI_MSL] = {simd, A64_SIMD_MODIMM, 0},
    [A64_MVNI_MSL] = {simd, A64_SIMD_MODIMM, 0},
    [A64_MOVI_B] = {simd, A64_SIMD_MODIMM, 0},
    [A64_MOVI_D] = {simd, A64_SIMD_MODIMM, 0},
    [A64_MOVI_2D] = {simd, A64_SIMD_MODIMM, 0},
    [A64_ST1_1] = {ld1st1, 1, 0}, [A64_ST1_2] = {ld1st1, 2, 0},
    [A64_ST1_3] = {ld1st1, 3, 0}, [A64_ST1_4] = {ld1st1, 4, 0},
    [A64_LD1_1] = {ld1st1, 1, 0}, [A64_LD1_2] = {ld1st1, 2, 0},
    [A64_LD1_3] = {ld1st1, 3, 0}, [A64_LD1_4] = {ld1st1, 4, 0},
    [A64_ST1_1P] = {ld1st1, 1, 1}, [A64_ST1_2P] = {ld1st1, 2, 1},
    [A64_ST1_3P] = {ld1st1, 3, 1}, [A64_ST1_4P] = {ld1st1, 4, 1},
    [A64_LD1_1P] = {ld1st1, 1, 1}, [A64_LD1_2P] = {ld1st1, 2, 1},
    [A64_LD1_3P] = {ld1st1, 3, 1}, [A64_LD1_4P] = {ld1st1, 4, 1},
};
