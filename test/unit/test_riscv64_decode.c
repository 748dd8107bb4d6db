/*
 * RISC-V 64 decoder and disassembler: field extraction edge cases.
 * Every encoding below was assembled by hand from the ISA manual's bit
 * layouts; the comment on each gives the instruction it spells.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "riscv64.h"

static struct rv_insn decode32(uint32_t word)
{
    uint8_t b[4] = { (uint8_t)word, (uint8_t)(word >> 8),
                     (uint8_t)(word >> 16), (uint8_t)(word >> 24) };
    struct rv_insn in;
    cr_assert_eq(rv_decode(b, 4, &in), 4);
    cr_assert_eq(in.len, 4);
    cr_assert_eq(in.raw, word);
    return in;
}

static struct rv_insn decode16(uint16_t half)
{
    uint8_t b[2] = { (uint8_t)half, (uint8_t)(half >> 8) };
    struct rv_insn in;
    cr_assert_eq(rv_decode(b, 2, &in), 2);
    cr_assert_eq(in.len, 2);
    cr_assert_eq(in.raw, half);
    return in;
}

static void expect(struct rv_insn in, unsigned op, int rd, int rs1, int rs2,
                   int64_t imm)
{
    cr_assert_eq(in.op, op, "op %s, expected %s", rv_opcode_name(in.op),
                 rv_opcode_name(op));
    cr_assert_eq(in.rd, rd, "rd %d", in.rd);
    cr_assert_eq(in.rs1, rs1, "rs1 %d", in.rs1);
    cr_assert_eq(in.rs2, rs2, "rs2 %d", in.rs2);
    cr_assert_eq(in.imm, imm, "imm %lld", (long long)in.imm);
}

/* ---- 32-bit immediates ------------------------------------------------ */

Test(decode32, i_type_sign_extends)
{
    expect(decode32(0x80050513), RV_ADDI, 10, 10, 0, -2048); /* addi a0,a0,-2048 */
    expect(decode32(0x7ff50513), RV_ADDI, 10, 10, 0, 2047);
    expect(decode32(0xfff00093), RV_ADDI, 1, 0, 0, -1);      /* addi ra,zero,-1 */
}

Test(decode32, s_type_joins_split_immediate)
{
    expect(decode32(0x7ea13c23), RV_SD, 0, 2, 10, 2040);     /* sd a0,2040(sp) */
    expect(decode32(0xfea52e27), RV_FSW, 0, 10, 10, -4);     /* fsw fa0,-4(a0) */
}

Test(decode32, b_type_extremes)
{
    expect(decode32(0x7e001fe3), RV_BNE, 0, 0, 0, 4094);     /* bne zero,zero,.+4094 */
    expect(decode32(0x80000063), RV_BEQ, 0, 0, 0, -4096);    /* beq zero,zero,.-4096 */
    expect(decode32(0xeeb506e3), RV_BEQ, 0, 10, 11, -276);   /* beq a0,a1,.-276 */
    expect(decode32(0x00000463), RV_BEQ, 0, 0, 0, 8);        /* imm[3] is bit 9 */
    expect(decode32(0x000000e3), RV_BEQ, 0, 0, 0, 2048);     /* imm[11] is bit 7 */
}

Test(decode32, u_and_j_types)
{
    expect(decode32(0xfffff537), RV_LUI, 10, 0, 0, -4096);   /* lui a0,0xfffff */
    expect(decode32(0x80000517), RV_AUIPC, 10, 0, 0, INT32_MIN);
    expect(decode32(0x8000006f), RV_JAL, 0, 0, 0, -1048576);
    expect(decode32(0x004000ef), RV_JAL, 1, 0, 0, 4);        /* jal ra,.+4 */
    expect(decode32(0x7ffff06f), RV_JAL, 0, 0, 0, 1048574);
    expect(decode32(0x0010006f), RV_JAL, 0, 0, 0, 2048);     /* imm[11] is bit 20 */
    expect(decode32(0x0000106f), RV_JAL, 0, 0, 0, 4096);     /* imm[12] is bit 12 */
}

Test(decode32, shift_amounts)
{
    expect(decode32(0x03f51513), RV_SLLI, 10, 10, 0, 63);    /* slli a0,a0,63 */
    expect(decode32(0x42155513), RV_SRAI, 10, 10, 0, 33);    /* srai a0,a0,33 */
    expect(decode32(0x41f5551b), RV_SRAIW, 10, 10, 0, 31);   /* sraiw a0,a0,31 */
    /* funct6 = 000001 is not a shift in RV64. */
    cr_assert_eq(decode32(0x04051513).op, RV_INVALID);
    /* slliw with shamt[5] set is reserved. */
    cr_assert_eq(decode32(0x0205151b).op, RV_INVALID);
}

/* ---- FP, atomics, CSR, fences ----------------------------------------- */

Test(decode32, fused_multiply_add_fields)
{
    struct rv_insn in = decode32(0x6ac5b543); /* fmadd.d fa0,fa1,fa2,fa3,rup */
    expect(in, RV_FMADD_D, 10, 11, 12, 0);
    cr_assert_eq(in.rs3, 13);
    cr_assert_eq(in.rm, 3);
}

Test(decode32, rounding_mode_rules)
{
    /* fadd.d with rm 5 is reserved at run time but still decodes. */
    struct rv_insn in = decode32(0x02c5d553);
    cr_assert_eq(in.op, RV_FADD_D);
    cr_assert_eq(in.rm, 5);
    /* The exact conversions only exist with rm = 000. */
    cr_assert_eq(decode32(0xd2050553).op, RV_FCVT_D_W);  /* fcvt.d.w fa0,a0 */
    cr_assert_eq(decode32(0xd2051553).op, RV_INVALID);
    cr_assert_eq(decode32(0x42058553).op, RV_FCVT_D_S);
    cr_assert_eq(decode32(0x4205f553).op, RV_INVALID);
    /* fcvt.d.l takes any rm; fclass only funct3 001. */
    cr_assert_eq(decode32(0xd2257553).op, RV_FCVT_D_L);
    cr_assert_eq(decode32(0xe2052553).op, RV_INVALID);
}

Test(decode32, atomics_order_bits)
{
    struct rv_insn in = decode32(0x06c5b52f); /* amoadd.d.aqrl a0,a2,(a1) */
    expect(in, RV_AMOADD_D, 10, 11, 12, 0);
    cr_assert(in.aq && in.rl);
    in = decode32(0x1405b52f);                /* lr.d.aq a0,(a1) */
    cr_assert_eq(in.op, RV_LR_D);
    cr_assert(in.aq && !in.rl);
    cr_assert_eq(decode32(0x10b5a52f).op, RV_INVALID); /* lr.w, rs2 != 0 */
}

Test(decode32, csr_forms)
{
    struct rv_insn in = decode32(0x0021d573); /* csrrwi a0,frm,3 */
    cr_assert_eq(in.op, RV_CSRRWI);
    cr_assert_eq(in.rd, 10);
    cr_assert_eq(in.csr, 2);
    cr_assert_eq(in.imm, 3);
    in = decode32(0xc0059573);                /* csrrw a0,cycle,a1 */
    cr_assert_eq(in.op, RV_CSRRW);
    cr_assert_eq(in.csr, 0xc00);
    cr_assert_eq(in.rs1, 11);
    cr_assert_eq(decode32(0x0000c073).op, RV_INVALID); /* funct3 100 */
}

Test(decode32, fences)
{
    struct rv_insn in = decode32(0x0330000f);   /* fence rw,rw */
    cr_assert_eq(in.op, RV_FENCE);
    cr_assert_eq(in.pred, 3);
    cr_assert_eq(in.succ, 3);
    cr_assert_eq(decode32(0x8330000f).op, RV_FENCE_TSO);
    cr_assert_eq(decode32(0x0000100f).op, RV_FENCE_I);
    cr_assert_eq(decode32(0x0ff0008f).op, RV_INVALID);  /* fence, rd != 0 */
    cr_assert_eq(decode32(0x0010908f).op, RV_INVALID);  /* fence.i, rd != 0 */
}

Test(decode32, system)
{
    cr_assert_eq(decode32(0x00000073).op, RV_ECALL);
    cr_assert_eq(decode32(0x00100073).op, RV_EBREAK);
    cr_assert_eq(decode32(0xc0001073).op, RV_UNIMP);
    cr_assert_eq(decode32(0x00000000 | 0x7b).op, RV_INVALID); /* custom-3 */
}

/* ---- compressed expansions -------------------------------------------- */

Test(decode16, stack_pointer_forms)
{
    expect(decode16(0x0800), RV_C_ADDI4SPN, 8, 2, 0, 16);   /* c.addi4spn s0,sp,16 */
    expect(decode16(0x1ffc), RV_C_ADDI4SPN, 15, 2, 0, 1020);
    expect(decode16(0x7101), RV_C_ADDI16SP, 2, 2, 0, -512);
    expect(decode16(0x617d), RV_C_ADDI16SP, 2, 2, 0, 496);
    expect(decode16(0x557e), RV_C_LWSP, 10, 2, 0, 252);     /* c.lwsp a0,252(sp) */
    expect(decode16(0x70fe), RV_C_LDSP, 1, 2, 0, 504);      /* c.ldsp ra,504(sp) */
    expect(decode16(0xdfaa), RV_C_SWSP, 0, 2, 10, 252);     /* c.swsp a0,252(sp) */
    expect(decode16(0xff86), RV_C_SDSP, 0, 2, 1, 504);      /* c.sdsp ra,504(sp) */
    expect(decode16(0x2002), RV_C_FLDSP, 0, 2, 0, 0);       /* c.fldsp ft0,0(sp) */
}

Test(decode16, register_offset_forms)
{
    expect(decode16(0x5de8), RV_C_LW, 10, 11, 0, 124);      /* c.lw a0,124(a1) */
    expect(decode16(0x7de8), RV_C_LD, 10, 11, 0, 248);      /* c.ld a0,248(a1) */
    expect(decode16(0xfde8), RV_C_SD, 0, 11, 10, 248);      /* c.sd a0,248(a1) */
    expect(decode16(0x8c05), RV_C_SUB, 8, 8, 9, 0);         /* c.sub s0,s1 */
    expect(decode16(0x9d2d), RV_C_ADDW, 10, 10, 11, 0);     /* c.addw a0,a1 */
}

Test(decode16, immediates_sign_extend)
{
    expect(decode16(0x157d), RV_C_ADDI, 10, 10, 0, -1);     /* c.addi a0,-1 */
    expect(decode16(0x357d), RV_C_ADDIW, 10, 10, 0, -1);
    expect(decode16(0x5781), RV_C_LI, 15, 0, 0, -32);       /* c.li a5,-32 */
    expect(decode16(0x7501), RV_C_LUI, 10, 0, 0, -0x20000); /* c.lui a0,0xfffe0 */
    expect(decode16(0x6505), RV_C_LUI, 10, 0, 0, 0x1000);   /* c.lui a0,0x1 */
    expect(decode16(0x9bfd), RV_C_ANDI, 15, 15, 0, -1);     /* c.andi a5,-1 */
    expect(decode16(0x97fd), RV_C_SRAI, 15, 15, 0, 63);     /* c.srai a5,63 */
    expect(decode16(0x157e), RV_C_SLLI, 10, 10, 0, 63);     /* c.slli a0,63 */
}

Test(decode16, control_flow)
{
    expect(decode16(0xb001), RV_C_J, 0, 0, 0, -2048);
    expect(decode16(0xa009), RV_C_J, 0, 0, 0, 2);
    expect(decode16(0xbffd), RV_C_J, 0, 0, 0, -2);
    expect(decode16(0xa081), RV_C_J, 0, 0, 0, 64);    /* imm[6] is bit 7 */
    expect(decode16(0xa041), RV_C_J, 0, 0, 0, 128);   /* imm[7] is bit 6 */
    expect(decode16(0xa801), RV_C_J, 0, 0, 0, 16);    /* imm[4] is bit 11 */
    expect(decode16(0xa101), RV_C_J, 0, 0, 0, 1024);  /* imm[10] is bit 8 */
    expect(decode16(0xd101), RV_C_BEQZ, 0, 10, 0, -256);    /* c.beqz a0,.-256 */
    expect(decode16(0xec7d), RV_C_BNEZ, 0, 8, 0, 254);      /* c.bnez s0,.+254 */
    expect(decode16(0x8082), RV_C_JR, 0, 1, 0, 0);          /* c.jr ra */
    expect(decode16(0x9502), RV_C_JALR, 1, 10, 0, 0);       /* c.jalr a0 */
    expect(decode16(0x852e), RV_C_MV, 10, 0, 11, 0);        /* c.mv a0,a1 */
    expect(decode16(0x952e), RV_C_ADD, 10, 10, 11, 0);      /* c.add a0,a1 */
    cr_assert_eq(decode16(0x9002).op, RV_C_EBREAK);
}

Test(decode16, reserved_and_special)
{
    cr_assert_eq(decode16(0x0000).op, RV_C_UNIMP);
    cr_assert_eq(decode16(0x0004).op, RV_INVALID);   /* c.addi4spn, imm 0 */
    cr_assert_eq(decode16(0x6501).op, RV_INVALID);   /* c.lui, imm 0 */
    cr_assert_eq(decode16(0x4002).op, RV_INVALID);   /* c.lwsp, rd 0 */
    cr_assert_eq(decode16(0x6002).op, RV_INVALID);   /* c.ldsp, rd 0 */
    cr_assert_eq(decode16(0x8002).op, RV_INVALID);   /* c.jr, rs1 0 */
    cr_assert_eq(decode16(0x2001).op, RV_INVALID);   /* c.addiw, rd 0 */
    cr_assert_eq(decode16(0x8000).op, RV_INVALID);   /* quadrant 0, funct3 100 */
    cr_assert_eq(decode16(0x9c41).op, RV_INVALID);   /* funct 1/11/10: reserved */
    cr_assert_eq(decode16(0x0001).op, RV_C_NOP);
    cr_assert_eq(decode16(0x0002).op, RV_C_SLLI64);  /* shift by 0: a HINT */
    expect(decode16(0x6101), RV_C_ADDI16SP, 2, 2, 0, 0); /* objdump accepts it */
}

Test(decode, truncated_long_instruction)
{
    uint8_t b[2] = { 0x13, 0x05 };
    struct rv_insn in;
    cr_assert_eq(rv_decode(b, 2, &in), 4);
    cr_assert_eq(in.op, RV_INVALID);
}

/* ---- disassembly ------------------------------------------------------ */

static void expect_text(uint32_t word, unsigned len, uint64_t pc,
                        const char *want)
{
    uint8_t b[4] = { (uint8_t)word, (uint8_t)(word >> 8),
                     (uint8_t)(word >> 16), (uint8_t)(word >> 24) };
    struct rv_insn in;
    rv_decode(b, len, &in);
    char buf[64];
    int n = rv_disasm(&in, pc, buf, sizeof(buf));
    cr_assert_str_eq(buf, want);
    cr_assert_eq(n, (int)strlen(want));
}

Test(disasm, operands)
{
    expect_text(0x80050513, 4, 0, "addi\ta0,a0,-2048");
    expect_text(0x02c5f553, 4, 0, "fadd.d\tfa0,fa1,fa2");       /* rm dyn */
    expect_text(0x02c58553, 4, 0, "fadd.d\tfa0,fa1,fa2,rne");
    expect_text(0x02c5d553, 4, 0, "fadd.d\tfa0,fa1,fa2,unknown");
    expect_text(0x06c5b52f, 4, 0, "amoadd.d.aqrl\ta0,a2,(a1)");
    expect_text(0x0210000f, 4, 0, "fence\tr,w");
    expect_text(0x0100000f, 4, 0, "fence\tw,unknown");
    expect_text(0x0021d573, 4, 0, "csrrwi\ta0,frm,3");
    expect_text(0x7c002573, 4, 0, "csrrs\ta0,0x7c0,zero");
    expect_text(0xfffff537, 4, 0, "lui\ta0,0xfffff");
    expect_text(0x004000ef, 4, 0x1000, "jal\tra,1004");
    expect_text(0x00000073, 4, 0, "ecall");
    expect_text(0x0001, 2, 0, "c.addi\tzero,0");
    expect_text(0x7501, 2, 0, "c.lui\ta0,0xfffe0");
    expect_text(0xd101, 2, 0x200, "c.beqz\ta0,100");
    expect_text(0x0004, 2, 0, ".2byte\t0x4");
    expect_text(0x0ff0008f, 4, 0, ".4byte\t0xff0008f");
}

Test(disasm, small_buffer_truncates_but_counts)
{
    uint8_t b[4] = { 0x13, 0x05, 0x05, 0x80 }; /* addi a0,a0,-2048 */
    struct rv_insn in;
    rv_decode(b, 4, &in);
    char buf[6];
    cr_assert_eq(rv_disasm(&in, 0, buf, sizeof(buf)), 16);
    cr_assert_str_eq(buf, "addi\t");
}
