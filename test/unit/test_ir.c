/*
 * test_ir.c — the IR's builder, validator and pure-op semantics.
 */
#include <criterion/criterion.h>
#include <stdint.h>

#include "ir.h"

Test(ir, op_table_is_consistent)
{
    cr_expect_str_eq(ir_op_name(IR_ADD), "ADD");
    cr_expect_eq(ir_op_nargs(IR_SELECT), 3);
    cr_expect(ir_op_flags(IR_CALL) & IR_F_HELPER);
    /* Only CALL may call C helpers. */
    for (int op = 0; op < IR_NUM_OPS; op++)
        if (op != IR_CALL)
            cr_expect_not(ir_op_flags(op) & IR_F_HELPER, "%s",
                          ir_op_name(op));
    cr_expect(ir_op_flags(IR_LOAD) & IR_F_MEM);
    cr_expect(ir_op_flags(IR_EXIT_JUMP) & IR_F_TERM);
    cr_expect_not(ir_op_flags(IR_EXIT_IF) & IR_F_TERM);
    cr_expect_str_eq(ir_helper_name(IR_H_fadd_d), "fadd_d");
    cr_expect_eq(ir_helper_nargs(IR_H_fmadd_s), 3);
    cr_expect_str_eq(ir_trap_name(IR_TRAP_SYSCALL), "SYSCALL");
}

Test(ir, builder_produces_valid_block)
{
    struct ir_block b;
    ir_block_init(&b, 0x1000);
    ir_insn_start(&b, 0x1000, 4);
    ir_temp x = ir_get(&b, 64, 8);
    ir_temp one = ir_const(&b, 1);
    ir_temp y = ir_binop(&b, IR_ADD, 8, x, one);
    ir_put(&b, 72, 8, y);
    ir_exit_jump(&b, 0x1004);
    cr_expect_null(ir_validate(&b));
    cr_expect_eq(b.n_temps, 3);
    cr_expect_eq(b.guest_insns, 1);
    cr_expect_eq(b.guest_bytes, 4);
    cr_expect(ir_block_done(&b));
    ir_block_free(&b);
}

Test(ir, validator_rejects_broken_blocks)
{
    struct ir_block b;
    ir_block_init(&b, 0);
    cr_expect_not_null(ir_validate(&b)); /* empty */

    ir_const(&b, 1);
    cr_expect_str_eq(ir_validate(&b), "block has no terminator");

    ir_block_reset(&b, 0);
    ir_temp t = ir_const(&b, 1);
    ir_binop(&b, IR_ADD, 8, t, (ir_temp)(t + 5)); /* undefined operand */
    ir_exit_jump(&b, 0);
    cr_expect_str_eq(ir_validate(&b), "operand used before it is defined");

    ir_block_reset(&b, 0);
    ir_exit_jump(&b, 0);
    ir_exit_jump(&b, 4);
    cr_expect_str_eq(ir_validate(&b), "terminator before the end of the block");

    ir_block_reset(&b, 0);
    ir_emit(&b, IR_ADD, 3, 0, ir_const(&b, 1), ir_const(&b, 2), 0, 0);
    ir_exit_jump(&b, 0);
    cr_expect_str_eq(ir_validate(&b), "bad operand size");
    ir_block_free(&b);
}

Test(ir, division_is_total)
{
    /* RISC-V semantics: no trap, defined results. */
    cr_expect_eq(ir_eval(IR_DIVU, 8, 7, 0, 0), UINT64_MAX);
    cr_expect_eq(ir_eval(IR_DIVS, 8, 7, 0, 0), UINT64_MAX);
    cr_expect_eq(ir_eval(IR_REMU, 8, 7, 0, 0), 7);
    cr_expect_eq(ir_eval(IR_REMS, 8, (uint64_t)-7, 0, 0), (uint64_t)-7);
    cr_expect_eq(ir_eval(IR_DIVS, 8, (uint64_t)INT64_MIN, (uint64_t)-1, 0),
                 (uint64_t)INT64_MIN);
    cr_expect_eq(ir_eval(IR_REMS, 8, (uint64_t)INT64_MIN, (uint64_t)-1, 0), 0);
    /* 32-bit: INT32_MIN / -1, result zero-extended. */
    cr_expect_eq(ir_eval(IR_DIVS, 4, 0x80000000u, 0xffffffffu, 0),
                 0x80000000u);
    cr_expect_eq(ir_eval(IR_DIVS, 4, 5, 0, 0), 0xffffffffu);
    cr_expect_eq(ir_eval(IR_DIVS, 4, (uint64_t)-7, 2, 0), 0xfffffffdu);
    cr_expect_eq(ir_eval(IR_REMS, 4, (uint64_t)-7, 2, 0), 0xffffffffu);
}

Test(ir, multiply_high)
{
    cr_expect_eq(ir_eval(IR_MULHU, 8, UINT64_MAX, UINT64_MAX, 0),
                 UINT64_MAX - 1);
    cr_expect_eq(ir_eval(IR_MULHS, 8, (uint64_t)-1, (uint64_t)-1, 0), 0);
    cr_expect_eq(ir_eval(IR_MULHS, 8, (uint64_t)INT64_MIN, (uint64_t)INT64_MIN,
                         0),
                 UINT64_C(0x4000000000000000));
    /* -1 (signed) * 2^64-1 (unsigned) = -(2^64-1): high half is -1. */
    cr_expect_eq(ir_eval(IR_MULHSU, 8, (uint64_t)-1, UINT64_MAX, 0),
                 UINT64_MAX);
    cr_expect_eq(ir_eval(IR_MULHSU, 8, 2, UINT64_MAX, 0), 1);
}

Test(ir, shifts_mask_their_count_by_size)
{
    cr_expect_eq(ir_eval(IR_SHL, 8, 1, 64, 0), 1);
    cr_expect_eq(ir_eval(IR_SHL, 8, 1, 63, 0), UINT64_C(1) << 63);
    cr_expect_eq(ir_eval(IR_SHL, 4, 1, 32, 0), 1);
    cr_expect_eq(ir_eval(IR_SHL, 4, 3, 31, 0), 0x80000000u);
    cr_expect_eq(ir_eval(IR_SAR, 4, 0x80000000u, 4, 0), 0xf8000000u);
    cr_expect_eq(ir_eval(IR_SHR, 4, 0xffffffff00000010u, 4, 0), 1);
    cr_expect_eq(ir_eval(IR_SAR, 8, (uint64_t)-16, 2, 0), (uint64_t)-4);
    cr_expect_eq(ir_eval(IR_ROL, 1, 0x81, 1, 0), 0x03);
    cr_expect_eq(ir_eval(IR_ROR, 8, 1, 1, 0), UINT64_C(1) << 63);
}

Test(ir, sizes_extend_and_compare)
{
    cr_expect_eq(ir_eval(IR_SEXT, 4, 0x80000000u, 0, 0),
                 UINT64_C(0xffffffff80000000));
    cr_expect_eq(ir_eval(IR_SEXT, 1, 0x7f, 0, 0), 0x7f);
    cr_expect_eq(ir_eval(IR_ZEXT, 2, 0x12345678, 0, 0), 0x5678);
    cr_expect_eq(ir_eval(IR_ADD, 4, 0xffffffff, 1, 0), 0);
    cr_expect_eq(ir_eval(IR_LTS, 8, (uint64_t)-1, 0, 0), 1);
    cr_expect_eq(ir_eval(IR_LTU, 8, (uint64_t)-1, 0, 0), 0);
    cr_expect_eq(ir_eval(IR_LTS, 4, 0x80000000u, 0, 0), 1);
    cr_expect_eq(ir_eval(IR_LES, 8, 5, 5, 0), 1);
    cr_expect_eq(ir_eval(IR_EQ, 1, 0x1ff, 0xff, 0), 1);
    cr_expect_eq(ir_eval(IR_SELECT, 8, 0, 10, 20), 20);
    cr_expect_eq(ir_eval(IR_SELECT, 8, 3, 10, 20), 10);
}

Test(ir, bit_counts)
{
    cr_expect_eq(ir_eval(IR_CLZ, 8, 0, 0, 0), 64);
    cr_expect_eq(ir_eval(IR_CLZ, 4, 1, 0, 0), 31);
    cr_expect_eq(ir_eval(IR_CTZ, 4, 0, 0, 0), 32);
    cr_expect_eq(ir_eval(IR_CTZ, 8, 0x100, 0, 0), 8);
    cr_expect_eq(ir_eval(IR_POPCNT, 2, 0x1ffff, 0, 0), 16);
    cr_expect_eq(ir_eval(IR_PARITY, 8, 0x3, 0, 0), 1);
    cr_expect_eq(ir_eval(IR_PARITY, 8, 0x1, 0, 0), 0);
    cr_expect_eq(ir_eval(IR_BSWAP, 4, 0x11223344, 0, 0), 0x44332211);
}
