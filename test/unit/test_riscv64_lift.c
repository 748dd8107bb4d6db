/*
 * test_riscv64_lift.c — the RISC-V 64 lifter: block shapes (terminators,
 * trap kinds and pcs, side exits), the block driver's limits and fetch
 * faults, precise-fault ordering, x0 handling, and that every opcode the
 * decoder knows lifts to a valid block; then the lifted code's semantics,
 * run on the IR interpreter (division and shift edge cases, *W ops, LR/SC,
 * AMOs, NaN boxing, sign injection, fflags/frm/fcsr).
 *
 * Instruction words are hand-encoded; the comment beside each is what
 * `riscv64-linux-gnu-objdump -d -M no-aliases` prints for it.
 */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <string.h>

#include "interp.h"
#include "ir.h"
#include "riscv64.h"

/* ---- guest code and its fetch callback ------------------------------ */

struct code {
    uint64_t base;
    size_t len;
    uint8_t bytes[1024];
};

static const uint8_t *fetch_code(void *arg, uint64_t pc, uint64_t *avail)
{
    const struct code *c = arg;
    if (pc < c->base || pc >= c->base + c->len) {
        *avail = 0;
        return NULL;
    }
    *avail = c->base + c->len - pc;
    return c->bytes + (pc - c->base);
}

static void emit16(struct code *c, uint16_t h)
{
    c->bytes[c->len++] = (uint8_t)h;
    c->bytes[c->len++] = (uint8_t)(h >> 8);
}

static void emit32(struct code *c, uint32_t w)
{
    emit16(c, (uint16_t)w);
    emit16(c, (uint16_t)(w >> 16));
}

/* ---- the block under test ------------------------------------------- */

static struct ir_block blk;
static struct code code;

static void setup(void)
{
    ir_block_init(&blk, 0);
    memset(&code, 0, sizeof(code));
    code.base = 0x10000;
}

static void teardown(void)
{
    ir_block_free(&blk);
}

TestSuite(riscv64_lift, .init = setup, .fini = teardown);

static void lift(void)
{
    rv_lift_block(&blk, code.base, fetch_code, &code);
    const char *err = ir_validate(&blk);
    if (err) {
        ir_print(&blk, stderr);
        cr_assert_fail("invalid block: %s", err);
    }
}

static const struct ir_insn *last(void)
{
    return &blk.insns[blk.n - 1];
}

static unsigned count_op(enum ir_op op)
{
    unsigned n = 0;
    for (uint32_t i = 0; i < blk.n; i++)
        n += blk.insns[i].op == op;
    return n;
}

/* Index of the first `op` at or after `from`, or -1. */
static int find_op(enum ir_op op, uint32_t from)
{
    for (uint32_t i = from; i < blk.n; i++)
        if (blk.insns[i].op == op)
            return (int)i;
    return -1;
}

static bool has_state_access(enum ir_op op, uint64_t off)
{
    for (uint32_t i = 0; i < blk.n; i++)
        if (blk.insns[i].op == op && blk.insns[i].imm == off)
            return true;
    return false;
}

static void assert_trap(enum ir_trap why, uint64_t pc)
{
    cr_assert_eq(last()->op, IR_EXIT_TRAP, "block ends with %s",
                 ir_op_name(last()->op));
    cr_assert_eq(last()->aux, why, "trap %s, expected %s",
                 ir_trap_name(last()->aux), ir_trap_name(why));
    cr_assert_eq(last()->imm, pc, "trap pc %#lx, expected %#lx",
                 (unsigned long)last()->imm, (unsigned long)pc);
}

static void assert_jump(uint64_t pc)
{
    cr_assert_eq(last()->op, IR_EXIT_JUMP, "block ends with %s",
                 ir_op_name(last()->op));
    cr_assert_eq(last()->imm, pc, "jump to %#lx, expected %#lx",
                 (unsigned long)last()->imm, (unsigned long)pc);
}

/*
 * Precise faults: within each guest instruction, no PUT comes before the
 * last op that can fault.
 */
static void assert_precise(void)
{
    uint32_t start = 0;
    while (start < blk.n) {
        uint32_t end = start + 1;
        while (end < blk.n && blk.insns[end].op != IR_INSN)
            end++;
        int last_mem = -1;
        for (uint32_t i = start; i < end; i++)
            if (ir_op_flags(blk.insns[i].op) & IR_F_MEM)
                last_mem = (int)i;
        for (int i = (int)start; i < last_mem; i++)
            cr_assert_neq(blk.insns[i].op, IR_PUT,
                          "PUT at %d before the access at %d", i, last_mem);
        start = end;
    }
}

/* ---- terminators ----------------------------------------------------- */

Test(riscv64_lift, ecall_traps_with_next_pc)
{
    emit32(&code, 0x00150513); /* addi a0,a0,1 */
    emit32(&code, 0x00000073); /* ecall */
    emit32(&code, 0x00150513); /* addi a0,a0,1: not in this block */
    lift();
    assert_trap(IR_TRAP_SYSCALL, code.base + 8);
    cr_assert_eq(blk.guest_insns, 2);
    cr_assert_eq(blk.guest_bytes, 8);
    cr_assert_eq(count_op(IR_INSN), 2);
}

Test(riscv64_lift, ebreak_traps_at_its_own_pc)
{
    emit32(&code, 0x00100073); /* ebreak */
    lift();
    assert_trap(IR_TRAP_BREAKPOINT, code.base);
}

Test(riscv64_lift, c_ebreak_traps_at_its_own_pc)
{
    emit16(&code, 0x0505); /* c.addi a0,1 */
    emit16(&code, 0x9002); /* c.ebreak */
    lift();
    assert_trap(IR_TRAP_BREAKPOINT, code.base + 2);
    cr_assert_eq(blk.guest_bytes, 4);
}

Test(riscv64_lift, fence_i_flushes_then_continues)
{
    emit32(&code, 0x0330000f); /* fence rw,rw */
    emit32(&code, 0x0000100f); /* fence.i */
    lift();
    cr_assert_eq(count_op(IR_FENCE), 1);
    assert_trap(IR_TRAP_FLUSH_ICACHE, code.base + 8);
}

Test(riscv64_lift, invalid_word_is_illegal_at_its_pc)
{
    emit32(&code, 0x00000013); /* addi zero,zero,0 */
    emit32(&code, 0x40001033); /* .4byte 0x40001033 (sll, bad funct7) */
    lift();
    assert_trap(IR_TRAP_ILLEGAL, code.base + 4);
    cr_assert_eq(blk.guest_insns, 2);
}

Test(riscv64_lift, unimp_is_illegal)
{
    emit32(&code, 0xc0001073); /* unimp */
    lift();
    assert_trap(IR_TRAP_ILLEGAL, code.base);

    code.len = 0;
    emit16(&code, 0x0000); /* c.unimp */
    lift();
    assert_trap(IR_TRAP_ILLEGAL, code.base);
}

Test(riscv64_lift, rv_lift_insn_reports_illegal)
{
    struct rv_insn in = {.op = RV_INVALID, .len = 4};
    ir_block_reset(&blk, 0x5000);
    cr_assert_eq(rv_lift_insn(&blk, &in, 0x5000), -1);
    assert_trap(IR_TRAP_ILLEGAL, 0x5000);
    cr_assert_null(ir_validate(&blk));
}

/* ---- control flow ----------------------------------------------------- */

Test(riscv64_lift, beq_side_exit_then_fallthrough)
{
    emit32(&code, 0x00b50863); /* beq a0,a1,pc+16 */
    lift();
    int exit = find_op(IR_EXIT_IF, 0);
    cr_assert_geq(exit, 0);
    cr_assert_eq(blk.insns[exit].imm, code.base + 16);
    assert_jump(code.base + 4);
    cr_assert_eq(count_op(IR_EQ), 1);
}

Test(riscv64_lift, bge_compares_rs2_le_rs1)
{
    emit32(&code, 0x00000013); /* addi zero,zero,0 */
    emit32(&code, 0xfeb55ce3); /* bge a0,a1,pc-8 */
    lift();
    int cmp = find_op(IR_LES, 0);
    cr_assert_geq(cmp, 0);
    /* operand a is the GET of a1 (x11), operand b the GET of a0 (x10) */
    const struct ir_insn *c = &blk.insns[cmp];
    for (uint32_t i = 0; i < blk.n; i++) {
        if (blk.insns[i].op != IR_GET)
            continue;
        if (blk.insns[i].dst == c->a)
            cr_assert_eq(blk.insns[i].imm, RV_X_OFF(11));
        if (blk.insns[i].dst == c->b)
            cr_assert_eq(blk.insns[i].imm, RV_X_OFF(10));
    }
    cr_assert_eq(blk.insns[find_op(IR_EXIT_IF, 0)].imm, code.base - 4);
    assert_jump(code.base + 8);
}

Test(riscv64_lift, c_beqz_and_c_j)
{
    emit16(&code, 0xc119); /* c.beqz a0,pc+6 */
    lift();
    cr_assert_eq(blk.insns[find_op(IR_EXIT_IF, 0)].imm, code.base + 6);
    assert_jump(code.base + 2);

    memset(&code, 0, sizeof(code));
    code.base = 0x20000;
    emit16(&code, 0xa021); /* c.j pc+8 */
    lift();
    assert_jump(0x20008);
    cr_assert_eq(count_op(IR_PUT), 0, "c.j links to x0: no write");
}

Test(riscv64_lift, jal_links_and_jumps)
{
    emit32(&code, 0x008000ef); /* jal ra,pc+8 */
    lift();
    assert_jump(code.base + 8);
    int put = find_op(IR_PUT, 0);
    cr_assert_geq(put, 0);
    cr_assert_eq(blk.insns[put].imm, RV_X_OFF(1));
    /* the linked value is the constant pc + 4 */
    bool found = false;
    for (uint32_t i = 0; i < blk.n; i++)
        if (blk.insns[i].dst == blk.insns[put].a)
            found = blk.insns[i].op == IR_CONST &&
                    blk.insns[i].imm == code.base + 4;
    cr_assert(found);
}

Test(riscv64_lift, jalr_reads_target_before_writing_rd)
{
    emit32(&code, 0x000080e7); /* jalr ra,0(ra) */
    lift();
    cr_assert_eq(last()->op, IR_EXIT_INDIRECT);
    int get = find_op(IR_GET, 0);
    int put = find_op(IR_PUT, 0);
    cr_assert(get >= 0 && put > get);
    cr_assert_eq(blk.insns[get].imm, RV_X_OFF(1));
    cr_assert_eq(blk.insns[put].imm, RV_X_OFF(1));
    /* the target clears bit 0 */
    int and = find_op(IR_AND, 0);
    cr_assert_geq(and, 0);
    cr_assert_eq(last()->a, blk.insns[and].dst);
}

Test(riscv64_lift, c_jr_does_not_link)
{
    emit16(&code, 0x8082); /* c.jr ra */
    lift();
    cr_assert_eq(last()->op, IR_EXIT_INDIRECT);
    cr_assert_eq(count_op(IR_PUT), 0);
}

/* ---- the block driver ------------------------------------------------- */

Test(riscv64_lift, stops_after_64_instructions)
{
    for (int i = 0; i < 100; i++)
        emit32(&code, 0x00150513); /* addi a0,a0,1 */
    lift();
    cr_assert_eq(blk.guest_insns, 64);
    assert_jump(code.base + 64 * 4);
}

Test(riscv64_lift, stops_at_a_page_boundary)
{
    code.base = 0x1ff8;
    for (int i = 0; i < 8; i++)
        emit32(&code, 0x00150513); /* addi a0,a0,1 */
    lift();
    cr_assert_eq(blk.guest_insns, 2);
    assert_jump(0x2000);
}

Test(riscv64_lift, keeps_an_instruction_straddling_the_page_end)
{
    code.base = 0x1ffc;
    emit16(&code, 0x0505);     /* c.addi a0,1 */
    emit32(&code, 0x00150513); /* addi a0,a0,1 at 0x1ffe..0x2001 */
    emit32(&code, 0x00150513); /* addi a0,a0,1 */
    lift();
    cr_assert_eq(blk.guest_insns, 2);
    assert_jump(0x2002);
}

Test(riscv64_lift, fetch_fault_at_block_start)
{
    lift(); /* nothing mapped */
    assert_trap(IR_TRAP_FETCH_FAULT, code.base);
    cr_assert_eq(blk.guest_insns, 0);
}

Test(riscv64_lift, fetch_fault_in_second_half_of_first_insn)
{
    emit16(&code, 0x0513); /* first half of addi a0,a0,1 */
    lift();
    assert_trap(IR_TRAP_FETCH_FAULT, code.base + 2);
}

Test(riscv64_lift, unfetchable_later_insn_ends_block_before_it)
{
    emit16(&code, 0x0505); /* c.addi a0,1 */
    emit16(&code, 0x0513); /* first half of addi a0,a0,1 */
    lift();
    cr_assert_eq(blk.guest_insns, 1);
    assert_jump(code.base + 2);
}

Test(riscv64_lift, block_reset_between_lifts)
{
    emit32(&code, 0x00000073); /* ecall */
    lift();
    lift();
    cr_assert_eq(blk.guest_insns, 1);
    cr_assert_eq(blk.pc, code.base);
}

/* ---- registers and faults -------------------------------------------- */

Test(riscv64_lift, writes_to_x0_are_dropped_but_loads_happen)
{
    emit32(&code, 0x00508013); /* addi zero,ra,5 */
    emit32(&code, 0x00852003); /* lw zero,8(a0) */
    emit32(&code, 0x00000073); /* ecall */
    lift();
    cr_assert_eq(count_op(IR_PUT), 0);
    cr_assert_eq(count_op(IR_LOAD), 1);
}

Test(riscv64_lift, memory_ops_write_registers_after_the_access)
{
    emit32(&code, 0x00053503); /* ld a0,0(a0) */
    emit32(&code, 0xfeb13c23); /* sd a1,-8(sp) */
    emit32(&code, 0x1005a52f); /* lr.w a0,(a1) */
    emit32(&code, 0x18c5b52f); /* sc.d a0,a2,(a1) */
    emit32(&code, 0x00c5252f); /* amoadd.w a0,a2,(a0) */
    emit32(&code, 0x00452507); /* flw fa0,4(a0) */
    emit32(&code, 0x00a52227); /* fsw fa0,4(a0) */
    emit16(&code, 0x41c8);     /* c.lw a0,4(a1) */
    emit32(&code, 0x00000073); /* ecall */
    lift();
    cr_assert_eq(blk.guest_insns, 9);
    assert_precise();
    cr_assert_eq(count_op(IR_CAS), 1);
    cr_assert_eq(count_op(IR_AMO), 1);
}

Test(riscv64_lift, lr_records_and_sc_clears_the_reservation)
{
    emit32(&code, 0x1005a52f); /* lr.w a0,(a1) */
    emit32(&code, 0x00000073); /* ecall */
    lift();
    cr_assert(has_state_access(IR_PUT, IR_CTX_OFF(resv_addr)));
    cr_assert(has_state_access(IR_PUT, IR_CTX_OFF(resv_val)));
    cr_assert(has_state_access(IR_PUT, IR_CTX_OFF(resv_size)));
    cr_assert_eq(count_op(IR_SEXT), 1, "lr.w sign-extends");

    memset(&code, 0, sizeof(code));
    code.base = 0x10000;
    emit32(&code, 0x18c5b52f); /* sc.d a0,a2,(a1) */
    emit32(&code, 0x00000073); /* ecall */
    lift();
    cr_assert(has_state_access(IR_GET, IR_CTX_OFF(resv_addr)));
    cr_assert(has_state_access(IR_GET, IR_CTX_OFF(resv_val)));
    cr_assert(has_state_access(IR_PUT, IR_CTX_OFF(resv_addr)));
    int cas = find_op(IR_CAS, 0);
    cr_assert_eq(blk.insns[cas].size, 8);
}

Test(riscv64_lift, word_ops_sign_extend)
{
    emit32(&code, 0x00c5853b); /* addw a0,a1,a2 */
    emit32(&code, 0x41f5551b); /* sraiw a0,a0,0x1f */
    emit32(&code, 0x00000073); /* ecall */
    lift();
    int add = find_op(IR_ADD, 0);
    int sar = find_op(IR_SAR, 0);
    cr_assert_eq(blk.insns[add].size, 4);
    cr_assert_eq(blk.insns[sar].size, 4);
    cr_assert_eq(count_op(IR_SEXT), 2);
}

/* ---- CSRs and FP ------------------------------------------------------ */

Test(riscv64_lift, rdcycle_is_a_helper_call)
{
    emit32(&code, 0xc0002573); /* csrrs a0,cycle,zero */
    emit32(&code, 0x00000073); /* ecall */
    lift();
    int call = find_op(IR_CALL, 0);
    cr_assert_geq(call, 0);
    cr_assert_eq(blk.insns[call].aux, IR_H_rdcycle);
}

Test(riscv64_lift, writing_a_read_only_csr_is_illegal)
{
    emit32(&code, 0xc0051073); /* csrrw zero,cycle,a0 */
    lift();
    assert_trap(IR_TRAP_ILLEGAL, code.base);
}

Test(riscv64_lift, setting_bits_of_a_read_only_csr_is_illegal)
{
    emit32(&code, 0xc005a573); /* csrrs a0,cycle,a1 */
    lift();
    assert_trap(IR_TRAP_ILLEGAL, code.base);
}

Test(riscv64_lift, unknown_csr_is_illegal)
{
    emit32(&code, 0x30002573); /* csrrs a0,mstatus,zero */
    lift();
    assert_trap(IR_TRAP_ILLEGAL, code.base);
}

Test(riscv64_lift, fcsr_write_updates_fflags_and_frm)
{
    emit32(&code, 0x00359573); /* csrrw a0,fcsr,a1 */
    emit32(&code, 0x00000073); /* ecall */
    lift();
    cr_assert(has_state_access(IR_PUT, IR_CTX_OFF(fflags)));
    cr_assert(has_state_access(IR_PUT, IR_CTX_OFF(frm)));
    cr_assert(has_state_access(IR_PUT, RV_X_OFF(10)));
}

Test(riscv64_lift, csrrsi_with_zero_does_not_write)
{
    emit32(&code, 0x00206573); /* csrrsi a0,frm,0 */
    emit32(&code, 0x00000073); /* ecall */
    lift();
    cr_assert(has_state_access(IR_GET, IR_CTX_OFF(frm)));
    cr_assert_not(has_state_access(IR_PUT, IR_CTX_OFF(frm)));
}

Test(riscv64_lift, fp_rounding_mode_reaches_the_helper)
{
    emit32(&code, 0x00c5f553); /* fadd.s fa0,fa1,fa2 (dyn) */
    emit32(&code, 0xc0051553); /* fcvt.w.s a0,fa0,rtz */
    emit32(&code, 0x00000073); /* ecall */
    lift();
    int add = find_op(IR_CALL, 0);
    int cvt = find_op(IR_CALL, (uint32_t)add + 1);
    cr_assert_eq(blk.insns[add].aux, IR_H_fadd_s);
    cr_assert_eq(blk.insns[add].imm, IR_RM_DYN);
    cr_assert_eq(blk.insns[cvt].aux, IR_H_fcvt_w_s);
    cr_assert_eq(blk.insns[cvt].imm, IR_RM_RTZ);
    cr_assert(has_state_access(IR_PUT, RV_F_OFF(10)));
    cr_assert(has_state_access(IR_PUT, RV_X_OFF(10)));
}

Test(riscv64_lift, reserved_rounding_mode_is_illegal)
{
    emit32(&code, 0x00c5d553); /* fadd.s fa0,fa1,fa2,unknown (rm 5) */
    lift();
    assert_trap(IR_TRAP_ILLEGAL, code.base);
    cr_assert_eq(count_op(IR_CALL), 0);
}

/* ---- every opcode ----------------------------------------------------- */

/* Defined to be illegal, or privileged (system mode runs those itself:
 * riscv64_priv.c; in user mode they are illegal, as on qemu-riscv64);
 * every other opcode must lift. */
static bool is_unimp(unsigned op)
{
    return op == RV_UNIMP || op == RV_C_UNIMP || op == RV_MRET ||
           op == RV_SRET || op == RV_WFI || op == RV_SFENCE_VMA;
}

static bool is_compressed(unsigned op)
{
    return strncmp(rv_opcode_name(op), "c.", 2) == 0;
}

/* Lifts one synthetic instruction of each opcode with the given registers;
 * every one must give a valid block that is not an ILLEGAL trap. */
static void lift_every_opcode(uint8_t reg)
{
    for (unsigned op = 1; op < RV_OPCODE_COUNT; op++) {
        if (is_unimp(op))
            continue;
        struct rv_insn in = {
            .op = (uint16_t)op, .len = is_compressed(op) ? 2 : 4,
            .rd = reg, .rs1 = reg, .rs2 = reg, .rs3 = reg,
            .rm = IR_RM_RNE, .csr = 0x001 /* fflags */, .imm = 8,
        };
        ir_block_reset(&blk, 0x4000);
        cr_assert_eq(rv_lift_insn(&blk, &in, 0x4000), 0, "%s",
                     rv_opcode_name(op));
        if (!ir_block_done(&blk))
            ir_exit_jump(&blk, 0x4000 + in.len);
        const char *err = ir_validate(&blk);
        cr_assert_null(err, "%s: %s", rv_opcode_name(op), err);
        cr_assert_eq(blk.insns[0].op, IR_INSN, "%s", rv_opcode_name(op));
        cr_assert_eq(blk.insns[0].imm, 0x4000);
        cr_assert_eq(blk.insns[0].size, in.len);
        assert_precise();
        if (last()->op == IR_EXIT_TRAP)
            cr_assert_neq(last()->aux, IR_TRAP_ILLEGAL, "%s",
                          rv_opcode_name(op));
    }
}

Test(riscv64_lift, every_opcode_lifts)
{
    lift_every_opcode(10);
}

Test(riscv64_lift, x0_is_never_read_or_written_as_state)
{
    lift_every_opcode(0);
    for (unsigned op = 1; op < RV_OPCODE_COUNT; op++) {
        struct rv_insn in = {
            .op = (uint16_t)op, .len = is_compressed(op) ? 2 : 4,
            .csr = 0x001, .imm = 8,
        };
        ir_block_reset(&blk, 0x4000);
        rv_lift_insn(&blk, &in, 0x4000);
        cr_assert_not(has_state_access(IR_GET, RV_X_OFF(0)), "%s",
                      rv_opcode_name(op));
        cr_assert_not(has_state_access(IR_PUT, RV_X_OFF(0)), "%s",
                      rv_opcode_name(op));
    }
}

/* ---- execution on the interpreter ------------------------------------- */

static struct rv_cpu cpu;
static uint8_t mem[4096] __attribute__((aligned(16)));

#define DATA 0x100 /* guest address of test data in mem */

static void exec_setup(void)
{
    setup();
    memset(&cpu, 0, sizeof(cpu));
    memset(mem, 0, sizeof(mem));
    cpu.ctx.mem_base = (uintptr_t)mem;
    cpu.ctx.mem_limit = sizeof(mem);
    cpu.ctx.resv_addr = IR_NO_RESERVATION;
}

/* Runs one block from cpu.ctx.pc. */
static enum interp_result run_block(struct interp_exit *ex)
{
    rv_lift_block(&blk, cpu.ctx.pc, fetch_code, &code);
    cr_assert_null(ir_validate(&blk));
    return interp_run(&blk, &cpu.ctx, ex);
}

/* Runs blocks from cpu.ctx.pc until a trap, which must be ecall's. */
static void run_to_ecall(void)
{
    for (int i = 0; i < 16; i++) {
        struct interp_exit ex;
        enum interp_result r = run_block(&ex);
        cr_assert_neq(r, INTERP_FAULT, "fault at %#lx",
                      (unsigned long)ex.addr);
        if (r == INTERP_TRAP) {
            cr_assert_eq(ex.trap, IR_TRAP_SYSCALL, "trap %s",
                         ir_trap_name(ex.trap));
            return;
        }
    }
    cr_assert_fail("no ecall reached");
}

/* Runs `word; ecall` from code.base. */
static void exec1(uint32_t word)
{
    code.len = 0;
    emit32(&code, word);
    emit32(&code, 0x00000073); /* ecall */
    cpu.ctx.pc = code.base;
    run_to_ecall();
}

static void put_mem(uint64_t addr, uint64_t v, unsigned size)
{
    memcpy(mem + addr, &v, size); /* little-endian host, like the guest */
}

static uint64_t get_mem(uint64_t addr, unsigned size)
{
    uint64_t v = 0;
    memcpy(&v, mem + addr, size);
    return v;
}

TestSuite(riscv64_exec, .init = exec_setup, .fini = teardown);

/* a0 = a1 <op> a2 */
struct alu_case {
    uint32_t word;
    const char *text;
    uint64_t a1, a2, a0;
};

#define MIN64 0x8000000000000000ull
#define ONES 0xffffffffffffffffull

static const struct alu_case alu_cases[] = {
    {0x02c5c533, "div a0,a1,a2", 7, 0, ONES},
    {0x02c5c533, "div a0,a1,a2", MIN64, ONES, MIN64},
    {0x02c5c533, "div a0,a1,a2", (uint64_t)-7, 2, (uint64_t)-3},
    {0x02c5d533, "divu a0,a1,a2", 7, 0, ONES},
    {0x02c5d533, "divu a0,a1,a2", ONES, 2, 0x7fffffffffffffff},
    {0x02c5e533, "rem a0,a1,a2", 7, 0, 7},
    {0x02c5e533, "rem a0,a1,a2", MIN64, ONES, 0},
    {0x02c5e533, "rem a0,a1,a2", (uint64_t)-7, 2, ONES},
    {0x02c5f533, "remu a0,a1,a2", 7, 0, 7},
    {0x02c5c53b, "divw a0,a1,a2", 0x1234567880000000, ONES, 0xffffffff80000000},
    {0x02c5c53b, "divw a0,a1,a2", 5, 0, ONES},
    {0x02c5c53b, "divw a0,a1,a2", (uint64_t)-7, 2, (uint64_t)-3},
    {0x02c5d53b, "divuw a0,a1,a2", 7, 0, ONES},
    {0x02c5d53b, "divuw a0,a1,a2", 0xffffffff, 1, ONES},
    {0x02c5d53b, "divuw a0,a1,a2", 0x100000010, 0x100000004, 4},
    {0x02c5e53b, "remw a0,a1,a2", 7, 0, 7},
    {0x02c5e53b, "remw a0,a1,a2", 0x80000000, ONES, 0},
    {0x02c5e53b, "remw a0,a1,a2", 0x1fffffff9, 2, ONES},
    {0x02c5f53b, "remuw a0,a1,a2", 0x180000001, 0, 0xffffffff80000001},
    {0x02c59533, "mulh a0,a1,a2", ONES, ONES, 0},
    {0x02c59533, "mulh a0,a1,a2", MIN64, 2, ONES},
    {0x02c5b533, "mulhu a0,a1,a2", ONES, ONES, 0xfffffffffffffffe},
    {0x02c5a533, "mulhsu a0,a1,a2", ONES, ONES, ONES},
    {0x02c5a533, "mulhsu a0,a1,a2", 2, ONES, 1},
    {0x02c5853b, "mulw a0,a1,a2", 0x10000, 0x10000, 0},
    {0x02c5853b, "mulw a0,a1,a2", 0x7fffffff, 2, 0xfffffffffffffffe},
    {0x00c59533, "sll a0,a1,a2", 1, 65, 2},
    {0x00c59533, "sll a0,a1,a2", 1, 63, MIN64},
    {0x00c5953b, "sllw a0,a1,a2", 1, 33, 2},
    {0x00c5953b, "sllw a0,a1,a2", 1, 31, 0xffffffff80000000},
    {0x00c5d53b, "srlw a0,a1,a2", 0xffffffff80000000, 0, 0xffffffff80000000},
    {0x00c5d53b, "srlw a0,a1,a2", 0xffffffff80000000, 4, 0x08000000},
    {0x00c5d53b, "srlw a0,a1,a2", 0x80000000, 36, 0x08000000},
    {0x40c5d53b, "sraw a0,a1,a2", 0x80000000, 4, 0xfffffffff8000000},
    {0x40c5d53b, "sraw a0,a1,a2", 0x7fffffff, 35, 0x0fffffff},
    {0x0045d51b, "srliw a0,a1,0x4", 0xffffffff80000000, 0, 0x08000000},
    {0x4045d51b, "sraiw a0,a1,0x4", 0x80000000, 0, 0xfffffffff8000000},
    {0x43f5d513, "srai a0,a1,0x3f", MIN64, 0, ONES},
    {0x00c5853b, "addw a0,a1,a2", 0x7fffffff, 1, 0xffffffff80000000},
    {0x00c5853b, "addw a0,a1,a2", 0xffffffff, 1, 0},
    {0xfff5851b, "addiw a0,a1,-1", 0x100000000, 0, ONES},
    {0x00c5a533, "slt a0,a1,a2", ONES, 0, 1},
    {0x00c5a533, "slt a0,a1,a2", 0, ONES, 0},
    {0x00c5b533, "sltu a0,a1,a2", ONES, 0, 0},
    {0x00c5b533, "sltu a0,a1,a2", 0, ONES, 1},
    {0xfff5a513, "slti a0,a1,-1", (uint64_t)-2, 0, 1},
    {0xfff5a513, "slti a0,a1,-1", ONES, 0, 0},
    {0xfff5b513, "sltiu a0,a1,-1", 5, 0, 1},
    {0xfff5b513, "sltiu a0,a1,-1", ONES, 0, 0},
    {0x80000537, "lui a0,0x80000", 0, 0, 0xffffffff80000000},
};

Test(riscv64_exec, integer_alu_edge_cases)
{
    for (size_t i = 0; i < sizeof(alu_cases) / sizeof(*alu_cases); i++) {
        const struct alu_case *c = &alu_cases[i];
        cpu.x[10] = 0xdead;
        cpu.x[11] = c->a1;
        cpu.x[12] = c->a2;
        exec1(c->word);
        cr_expect_eq(cpu.x[10], c->a0, "%s with a1=%#lx a2=%#lx: %#lx, "
                     "expected %#lx", c->text, (unsigned long)c->a1,
                     (unsigned long)c->a2, (unsigned long)cpu.x[10],
                     (unsigned long)c->a0);
        cr_expect_eq(cpu.x[11], c->a1, "%s changed a1", c->text);
    }
}

Test(riscv64_exec, auipc_adds_pc)
{
    exec1(0x00001517); /* auipc a0,0x1 */
    cr_assert_eq(cpu.x[10], code.base + 0x1000);
}

Test(riscv64_exec, jalr_ra_ra_clears_bit_0_and_links)
{
    code.len = 0;
    emit32(&code, 0x000080e7); /* jalr ra,0(ra) */
    cpu.ctx.pc = code.base;
    cpu.x[1] = code.base + 0x21;
    struct interp_exit ex;
    cr_assert_eq(run_block(&ex), INTERP_JUMP);
    cr_assert_eq(cpu.ctx.pc, code.base + 0x20);
    cr_assert_eq(cpu.x[1], code.base + 4);
}

Test(riscv64_exec, blt_is_signed)
{
    emit32(&code, 0x00c5c663); /* blt a1,a2,pc+12 */
    struct interp_exit ex;
    cpu.ctx.pc = code.base;
    cpu.x[11] = ONES;
    cpu.x[12] = 1;
    cr_assert_eq(run_block(&ex), INTERP_JUMP);
    cr_assert_eq(cpu.ctx.pc, code.base + 12);
    cpu.ctx.pc = code.base;
    cpu.x[11] = 2;
    cr_assert_eq(run_block(&ex), INTERP_JUMP);
    cr_assert_eq(cpu.ctx.pc, code.base + 4);
}

Test(riscv64_exec, loads_extend_by_kind)
{
    static const struct {
        uint32_t word;
        const char *text;
        uint64_t a0;
    } loads[] = {
        {0x00058503, "lb a0,0(a1)", 0xffffffffffffff80},
        {0x0005c503, "lbu a0,0(a1)", 0x80},
        {0x00059503, "lh a0,0(a1)", 0xffffffffffffff80},
        {0x0005d503, "lhu a0,0(a1)", 0xff80},
        {0x0005a503, "lw a0,0(a1)", 0xffffffff8000ff80},
        {0x0005e503, "lwu a0,0(a1)", 0x8000ff80},
    };
    put_mem(DATA, 0x123456788000ff80, 8);
    cpu.x[11] = DATA;
    for (size_t i = 0; i < sizeof(loads) / sizeof(*loads); i++) {
        exec1(loads[i].word);
        cr_expect_eq(cpu.x[10], loads[i].a0, "%s: %#lx", loads[i].text,
                     (unsigned long)cpu.x[10]);
    }
}

Test(riscv64_exec, stores_write_their_size)
{
    cpu.x[11] = DATA;
    cpu.x[12] = 0x1122334455667788;
    exec1(0x00c580a3); /* sb a2,1(a1) */
    exec1(0x00c59123); /* sh a2,2(a1) */
    exec1(0x00c5a223); /* sw a2,4(a1) */
    exec1(0x00c5b423); /* sd a2,8(a1) */
    cr_assert_eq(get_mem(DATA, 8), 0x5566778877888800);
    cr_assert_eq(get_mem(DATA + 8, 8), 0x1122334455667788);
    cr_assert_eq(get_mem(DATA + 16, 8), 0);
}

Test(riscv64_exec, faulting_load_leaves_registers_alone)
{
    cpu.x[10] = 0x1234;
    cpu.x[11] = sizeof(mem) - 4; /* ld reads past the end of memory */
    code.len = 0;
    emit32(&code, 0x0005b503); /* ld a0,0(a1) */
    cpu.ctx.pc = code.base;
    struct interp_exit ex;
    cr_assert_eq(run_block(&ex), INTERP_FAULT);
    cr_assert_eq(cpu.ctx.pc, code.base);
    cr_assert_eq(cpu.x[10], 0x1234);
}

/* ---- LR/SC and AMOs ---------------------------------------------------- */

Test(riscv64_exec, lr_sc_succeeds)
{
    emit32(&code, 0x1005a52f); /* lr.w a0,(a1) */
    emit32(&code, 0x18d5a62f); /* sc.w a2,a3,(a1) */
    emit32(&code, 0x00000073); /* ecall */
    put_mem(DATA, 0x80000000, 4);
    cpu.x[11] = DATA;
    cpu.x[13] = 0xaaaaaaaa12345678;
    cpu.ctx.pc = code.base;
    run_to_ecall();
    cr_assert_eq(cpu.x[10], 0xffffffff80000000, "lr.w sign-extends");
    cr_assert_eq(cpu.x[12], 0, "sc.w succeeded");
    cr_assert_eq(get_mem(DATA, 8), 0x12345678);
    cr_assert_eq(cpu.ctx.resv_addr, IR_NO_RESERVATION);
}

Test(riscv64_exec, sc_without_reservation_fails_and_writes_nothing)
{
    put_mem(DATA, 0x12345678, 8);
    cpu.x[11] = DATA;
    cpu.x[13] = 0x12345678; /* memory already holds the stored value */
    exec1(0x18d5b62f);      /* sc.d a2,a3,(a1) */
    cr_assert_eq(cpu.x[12], 1);
    cr_assert_eq(get_mem(DATA, 8), 0x12345678);

    cpu.x[13] = 0x99;
    exec1(0x18d5b62f); /* sc.d a2,a3,(a1) */
    cr_assert_eq(cpu.x[12], 1);
    cr_assert_eq(get_mem(DATA, 8), 0x12345678);
}

/* lr.d; ecall; sc.?; ecall — the test changes things between the two. */
static void lr_then_sc(uint32_t sc_word)
{
    emit32(&code, 0x1005b52f); /* lr.d a0,(a1) */
    emit32(&code, 0x00000073); /* ecall */
    emit32(&code, sc_word);
    emit32(&code, 0x00000073); /* ecall */
    put_mem(DATA, 0x55, 8);
    cpu.x[11] = DATA;
    cpu.x[13] = 0x77;
    cpu.ctx.pc = code.base;
    run_to_ecall();
    cr_assert_eq(cpu.x[10], 0x55);
    cr_assert_eq(cpu.ctx.resv_addr, DATA);
}

Test(riscv64_exec, sc_fails_when_memory_changed)
{
    lr_then_sc(0x18d5b62f); /* sc.d a2,a3,(a1) */
    put_mem(DATA, 0x56, 8); /* another hart's store */
    run_to_ecall();
    cr_assert_eq(cpu.x[12], 1);
    cr_assert_eq(get_mem(DATA, 8), 0x56);
    cr_assert_eq(cpu.ctx.resv_addr, IR_NO_RESERVATION);
}

Test(riscv64_exec, sc_fails_on_size_mismatch)
{
    lr_then_sc(0x18d5a62f); /* sc.w a2,a3,(a1) */
    run_to_ecall();
    cr_assert_eq(cpu.x[12], 1);
    cr_assert_eq(get_mem(DATA, 8), 0x55);
}

Test(riscv64_exec, sc_fails_on_another_address)
{
    lr_then_sc(0x18d5b62f); /* sc.d a2,a3,(a1) */
    cpu.x[11] = DATA + 8;
    put_mem(DATA + 8, 0x55, 8);
    run_to_ecall();
    cr_assert_eq(cpu.x[12], 1);
    cr_assert_eq(get_mem(DATA + 8, 8), 0x55);
}

Test(riscv64_exec, sc_succeeds_after_lr_in_another_block)
{
    lr_then_sc(0x18d5b62f); /* sc.d a2,a3,(a1) */
    run_to_ecall();
    cr_assert_eq(cpu.x[12], 0);
    cr_assert_eq(get_mem(DATA, 8), 0x77);
}

Test(riscv64_exec, amos_return_old_value_sign_extended)
{
    cpu.x[11] = DATA;
    put_mem(DATA, 0xfffffffb, 4); /* -5 */
    cpu.x[12] = 10;
    exec1(0x00c5a52f); /* amoadd.w a0,a2,(a1) */
    cr_assert_eq(cpu.x[10], (uint64_t)-5);
    cr_assert_eq(get_mem(DATA, 8), 5);

    put_mem(DATA, 0xfffffffb, 4);
    cpu.x[12] = 3;
    exec1(0xa0c5a52f); /* amomax.w a0,a2,(a1): signed */
    cr_assert_eq(cpu.x[10], (uint64_t)-5);
    cr_assert_eq(get_mem(DATA, 8), 3);

    put_mem(DATA, ONES, 8);
    cpu.x[12] = 7;
    exec1(0xc0c5b52f); /* amominu.d a0,a2,(a1) */
    cr_assert_eq(cpu.x[10], ONES);
    cr_assert_eq(get_mem(DATA, 8), 7);

    cpu.x[12] = 0x1122334455667788;
    exec1(0x08c5b52f); /* amoswap.d a0,a2,(a1) */
    cr_assert_eq(cpu.x[10], 7);
    cr_assert_eq(get_mem(DATA, 8), 0x1122334455667788);
}

/* ---- floating point ------------------------------------------------------ */

#define BOX(s) (0xffffffff00000000ull | (s))
#define F_ONE 0x3f800000u
#define F_TWO 0x40000000u
#define F_THREE 0x40400000u

Test(riscv64_exec, fadd_s_of_boxed_singles)
{
    cpu.f[11] = BOX(F_ONE);
    cpu.f[12] = BOX(F_TWO);
    exec1(0x00c58553); /* fadd.s fa0,fa1,fa2,rne */
    cr_assert_eq(cpu.f[10], BOX(F_THREE));
}

Test(riscv64_exec, unboxed_single_operand_reads_as_canonical_nan)
{
    cpu.f[11] = F_ONE; /* upper half not all ones */
    cpu.f[12] = BOX(F_TWO);
    exec1(0x00c58553); /* fadd.s fa0,fa1,fa2,rne */
    cr_assert_eq(cpu.f[10], BOX(0x7fc00000));
    cr_assert_eq(cpu.ctx.fflags, 0, "a quiet NaN raises nothing");
}

Test(riscv64_exec, sign_injection)
{
    cpu.f[11] = BOX(F_ONE);
    exec1(0x20b59553); /* fsgnjn.s fa0,fa1,fa1 (fneg.s) */
    cr_assert_eq(cpu.f[10], BOX(0xbf800000));

    cpu.f[11] = 0x12345678; /* unboxed: the canonical NaN's magnitude */
    cpu.f[12] = BOX(0xc0000000);
    exec1(0x20c58553); /* fsgnj.s fa0,fa1,fa2 */
    cr_assert_eq(cpu.f[10], BOX(0xffc00000));

    cpu.f[11] = 0xbff0000000000000; /* -1.0 */
    cpu.f[12] = 0xc000000000000000; /* -2.0 */
    exec1(0x22c5a553); /* fsgnjx.d fa0,fa1,fa2 */
    cr_assert_eq(cpu.f[10], 0x3ff0000000000000);
}

Test(riscv64_exec, fmv_between_register_files)
{
    cpu.f[11] = 0x1234567880000000; /* fmv.x.w ignores boxing */
    exec1(0xe0058553); /* fmv.x.w a0,fa1 */
    cr_assert_eq(cpu.x[10], 0xffffffff80000000);

    cpu.x[11] = 0x123456789abcdef0;
    exec1(0xf0058553); /* fmv.w.x fa0,a1 */
    cr_assert_eq(cpu.f[10], BOX(0x9abcdef0));
}

Test(riscv64_exec, flw_boxes_and_fsw_stores_low_bits)
{
    cpu.x[11] = DATA;
    put_mem(DATA, F_ONE, 4);
    exec1(0x0005a507); /* flw fa0,0(a1) */
    cr_assert_eq(cpu.f[10], BOX(F_ONE));

    cpu.f[11] = 0x1122334455667788;
    exec1(0x00b5a027); /* fsw fa1,0(a1) */
    cr_assert_eq(get_mem(DATA, 8), 0x55667788);
}

Test(riscv64_exec, fdiv_by_zero_sets_dz)
{
    cpu.f[11] = 0x3ff0000000000000; /* 1.0 */
    cpu.f[12] = 0;
    exec1(0x1ac58553); /* fdiv.d fa0,fa1,fa2,rne */
    cr_assert_eq(cpu.f[10], 0x7ff0000000000000);
    cr_assert_eq(cpu.ctx.fflags, IR_FF_DZ);
}

Test(riscv64_exec, fcvt_w_s_result_is_sign_extended)
{
    cpu.f[11] = BOX(0xbfc00000); /* -1.5 */
    exec1(0xc0059553); /* fcvt.w.s a0,fa1,rtz */
    cr_assert_eq(cpu.x[10], ONES);
    cr_assert_eq(cpu.ctx.fflags, IR_FF_NX);
}

/* ---- CSRs ------------------------------------------------------------ */

Test(riscv64_exec, csr_fflags_and_frm)
{
    cpu.ctx.fflags = 3;
    cpu.x[11] = 0xff;
    exec1(0x00159573); /* csrrw a0,fflags,a1 */
    cr_assert_eq(cpu.x[10], 3);
    cr_assert_eq(cpu.ctx.fflags, 0x1f);

    cpu.ctx.frm = 2;
    cpu.x[11] = 0xfd;
    exec1(0x00259573); /* csrrw a0,frm,a1 */
    cr_assert_eq(cpu.x[10], 2);
    cr_assert_eq(cpu.ctx.frm, 5);

    cpu.ctx.fflags = 2;
    exec1(0x0012e573); /* csrrsi a0,fflags,5 */
    cr_assert_eq(cpu.x[10], 2);
    cr_assert_eq(cpu.ctx.fflags, 7);

    exec1(0x0010f573); /* csrrci a0,fflags,1 */
    cr_assert_eq(cpu.x[10], 7);
    cr_assert_eq(cpu.ctx.fflags, 6);

    cpu.ctx.frm = 4;
    exec1(0x0020d573); /* csrrwi a0,frm,1 */
    cr_assert_eq(cpu.x[10], 4);
    cr_assert_eq(cpu.ctx.frm, 1);
}

Test(riscv64_exec, csr_fcsr_combines_frm_and_fflags)
{
    cpu.ctx.frm = 1;
    cpu.ctx.fflags = 2;
    cpu.x[11] = 0x81;
    exec1(0x0035a573); /* csrrs a0,fcsr,a1 */
    cr_assert_eq(cpu.x[10], 0x22);
    cr_assert_eq(cpu.ctx.frm, 5);
    cr_assert_eq(cpu.ctx.fflags, 3);

    cpu.ctx.frm = 7;
    cpu.ctx.fflags = 0x1f;
    cpu.x[11] = 0x21;
    exec1(0x0035b573); /* csrrc a0,fcsr,a1 */
    cr_assert_eq(cpu.x[10], 0xff);
    cr_assert_eq(cpu.ctx.frm, 6);
    cr_assert_eq(cpu.ctx.fflags, 0x1e);

    exec1(0x00302573); /* csrrs a0,fcsr,zero */
    cr_assert_eq(cpu.x[10], 0xde);
    cr_assert_eq(cpu.ctx.frm, 6);
    cr_assert_eq(cpu.ctx.fflags, 0x1e);
}
