/*
 * riscv64_lift_rvm.c — the M extension. The IR's DIVS/DIVU/REMS/REMU
 * already give RISC-V's results for division by zero and MIN / -1 at the
 * operation's size, so the *W forms are the size-4 op plus a sign
 * extension, and the high-half multiplies map one to one.
 */
#include "riscv64_lift.h"

const struct rv_lift_op rv_lift_rvm[RV_OPCODE_COUNT] = {
    [RV_MUL] = {rv_alu_reg, IR_MUL, 8, 0},
    [RV_MULH] = {rv_alu_reg, IR_MULHS, 8, 0},
    [RV_MULHSU] = {rv_alu_reg, IR_MULHSU, 8, 0},
    [RV_MULHU] = {rv_alu_reg, IR_MULHU, 8, 0},
    [RV_DIV] = {rv_alu_reg, IR_DIVS, 8, 0},
    [RV_DIVU] = {rv_alu_reg, IR_DIVU, 8, 0},
    [RV_REM] = {rv_alu_reg, IR_REMS, 8, 0},
    [RV_REMU] = {rv_alu_reg, IR_REMU, 8, 0},
    [RV_MULW] = {rv_alu_reg, IR_MUL, 4, 0},
    [RV_DIVW] = {rv_alu_reg, IR_DIVS, 4, 0},
    [RV_DIVUW] = {rv_alu_reg, IR_DIVU, 4, 0},
    [RV_REMW] = {rv_alu_reg, IR_REMS, 4, 0},
    [RV_REMUW] = {rv_alu_reg, IR_REMU, 4, 0},
};
