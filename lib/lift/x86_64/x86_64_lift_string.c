/*
 * x86_64_lift_string.c — movs/stos/lods/cmps/scas, alone or with rep/
 * repe/repne.
 *
 * A repeated instruction runs one iteration per execution of its block
 * and jumps back to its own pc while it has work left (chained blocks
 * make that a tight loop), so rcx/rsi/rdi are exact at a fault or a
 * signal between iterations. movsd and cmpsd share their mnemonics with
 * SSE instructions: those forms (opcode map 0F) are left to the SSE table.
 */
#include "x86_64_int.h"

enum string_kind { STR_MOVS, STR_STOS, STR_LODS, STR_CMPS, STR_SCAS };

static const ZydisRegister acc_regs[] = {
    [1] = ZYDIS_REGISTER_AL, [2] = ZYDIS_REGISTER_AX,
    [4] = ZYDIS_REGISTER_EAX, [8] = ZYDIS_REGISTER_RAX,
};

static bool uses_rsi(enum string_kind k)
{
    return k == STR_MOVS || k == STR_LODS || k == STR_CMPS;
}

static bool uses_rdi(enum string_kind k)
{
    return k != STR_LODS;
}

/* One iteration: accesses first, then the register and flag writes. */
static void iteration(struct x86_lift *l, enum string_kind k, unsigned size)
{
    struct ir_block *b = l->b;
    ir_temp rsi = x86_get_gpr(l, X86_RSI_), rdi = x86_get_gpr(l, X86_RDI_);
    ir_temp acc = x86_read_reg(l, acc_regs[size]);
    ir_temp src = 0, dst = 0;
    if (k == STR_MOVS || k == STR_LODS || k == STR_CMPS)
        src = ir_load(b, rsi, size, false);
    if (k == STR_CMPS || k == STR_SCAS)
        dst = ir_load(b, rdi, size, false);
    if (k == STR_MOVS)
        ir_store(b, rdi, src, size);
    if (k == STR_STOS)
        ir_store(b, rdi, acc, size);
    ir_temp delta = ir_select(b, x86_get_flag(l, X86_DF),
                              ir_const(b, -(uint64_t)size),
                              ir_const(b, size));
    if (uses_rsi(k))
        x86_put_gpr(l, X86_RSI_, ir_binop(b, IR_ADD, 8, rsi, delta));
    if (uses_rdi(k))
        x86_put_gpr(l, X86_RDI_, ir_binop(b, IR_ADD, 8, rdi, delta));
    if (k == STR_LODS)
        x86_write_reg(l, acc_regs[size], src);
    if (k == STR_CMPS || k == STR_SCAS) {
        ir_temp a = k == STR_CMPS ? src : acc;
        struct x86_flag_set f = {0};
        x86_flags_sub(l, size, a, dst, ir_binop(b, IR_SUB, size, a, dst), &f);
        x86_flags_commit(l, &f, 0);
    }
}

static bool lift_string(struct x86_lift *l, enum string_kind k)
{
    struct ir_block *b = l->b;
    const ZydisDecodedInstruction *in = l->insn;
    unsigned size = in->operand_width / 8;
    if (in->opcode_map != ZYDIS_OPCODE_MAP_DEFAULT || in->address_width != 64 ||
        (in->attributes & (ZYDIS_ATTRIB_HAS_SEGMENT_FS |
                           ZYDIS_ATTRIB_HAS_SEGMENT_GS)))
        return false;
    uint64_t rep = in->attributes & (ZYDIS_ATTRIB_HAS_REP |
                                     ZYDIS_ATTRIB_HAS_REPE |
                                     ZYDIS_ATTRIB_HAS_REPNE);
    if (!rep) {
        iteration(l, k, size);
        return true;
    }
    ir_temp zero = ir_const(b, 0);
    ir_temp rcx = x86_get_gpr(l, X86_RCX_);
    ir_exit_if(b, ir_binop(b, IR_EQ, 8, rcx, zero), l->next_pc);
    iteration(l, k, size);
    ir_temp left = ir_binop(b, IR_SUB, 8, rcx, ir_const(b, 1));
    x86_put_gpr(l, X86_RCX_, left);
    ir_temp done = ir_binop(b, IR_EQ, 8, left, zero);
    if (k == STR_CMPS || k == STR_SCAS) {
        /* repe stops on a difference (ZF = 0), repne on equality. */
        uint64_t stop_zf = (rep & ZYDIS_ATTRIB_HAS_REPNE) ? 1 : 0;
        ir_temp stop = ir_binop(b, IR_EQ, 8, x86_get_flag(l, X86_ZF),
                                ir_const(b, stop_zf));
        done = ir_binop(b, IR_OR, 8, done, stop);
    }
    ir_exit_if(b, done, l->next_pc);
    ir_exit_jump(b, l->pc);
    l->ends_block = true;
    return true;
}

bool x86_lift_movs(struct x86_lift *l) { return lift_string(l, STR_MOVS); }
bool x86_lift_stos(struct x86_lift *l) { return lift_string(l, STR_STOS); }
bool x86_lift_lods(struct x86_lift *l) { return lift_string(l, STR_LODS); }
bool x86_lift_cmps(struct x86_lift *l) { return lift_string(l, STR_CMPS); }
bool x86_lift_scas(struct x86_lift *l) { return lift_string(l, STR_SCAS); }
