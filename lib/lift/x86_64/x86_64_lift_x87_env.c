/*
 * x86_64_lift_x87_env.c — the x87 control instructions, lifted straight
 * to IR over the fcw/fsw/ftw/ftop words: fnstcw, fldcw, fnstsw, fnclex,
 * fninit, fwait, fnop, and the environment and full-state images of
 * fnstenv/fldenv (28 bytes) and fnsave/frstor (108 bytes), in the 32-bit
 * protected-mode layout 64-bit code uses (Intel SDM vol. 1, 8.1.10):
 *   0 FCW, 4 FSW, 8 FTW (each in the low half of a dword whose high half
 *   reads as ones), 12 FIP, 16 FCS/FOP, 20 FDP, 24 FDS; then ST(0)..ST(7)
 *   at 28 + 10*i for fnsave. This machine keeps the pointers at 0.
 * Stores come before any state change, so a fault leaves the state as it
 * was; loaded tags are recomputed from the registers (the TAGS op).
 */
#include "x86_64_internal.h"
#include "x86_64_x87.h"

#define ENV_SIZE 28
#define SAVE_SIZE 108
#define HIGH_ONES 0xffff0000ull
/* fldcw keeps bits 0-5 and 8-12; bit 6 always reads as 1. */
#define FCW_WRITABLE 0x1f3fu
#define FCW_FIXED 0x0040u
/* fnclex clears the exception flags, SF, ES and B. */
#define FSW_KEPT_BY_FNCLEX 0x7f00u
#define FTW_ALL_EMPTY 0xffffu

static ir_temp imm(struct ir_block *b, uint64_t v)
{
    return ir_const(b, v);
}

static ir_temp add(struct ir_block *b, ir_temp x, uint64_t k)
{
    return ir_binop(b, IR_ADD, 8, x, imm(b, k));
}

static ir_temp and_(struct ir_block *b, ir_temp x, uint64_t k)
{
    return ir_binop(b, IR_AND, 8, x, imm(b, k));
}

/* The status word with TOP merged in, as fnstsw/fnstenv store it. */
static ir_temp status_word(struct ir_block *b)
{
    ir_temp top = ir_binop(b, IR_SHL, 8, ir_get(b, X86_FTOP_OFF, 1),
                           imm(b, X86_FSW_TOP_SHIFT));
    return ir_binop(b, IR_OR, 8, and_(b, ir_get(b, X86_FSW_OFF, 2),
                                      (uint16_t)~X86_FSW_TOP), top);
}

static void put_control_word(struct ir_block *b, ir_temp v)
{
    ir_put(b, X86_FCW_OFF, 2,
           ir_binop(b, IR_OR, 8, and_(b, v, FCW_WRITABLE), imm(b, FCW_FIXED)));
}

static void finit(struct ir_block *b)
{
    ir_put(b, X86_FCW_OFF, 2, imm(b, X86_FCW_DEFAULT));
    ir_put(b, X86_FSW_OFF, 2, imm(b, 0));
    ir_put(b, X86_FTW_OFF, 2, imm(b, FTW_ALL_EMPTY));
    ir_put(b, X86_FTOP_OFF, 1, imm(b, 0));
}

bool x86_lift_x87_control(struct x86_lift *l)
{
    struct ir_block *b = l->b;
    bool mem = l->insn->operand_count_visible > 0 &&
               l->op[0].type == ZYDIS_OPERAND_TYPE_MEMORY;
    switch (l->insn->mnemonic) {
    case ZYDIS_MNEMONIC_FNSTCW:
        if (!mem)
            return false;
        ir_store(b, x86_operand_addr(l, 0), ir_get(b, X86_FCW_OFF, 2), 2);
        return true;
    case ZYDIS_MNEMONIC_FLDCW:
        if (!mem)
            return false;
        put_control_word(b, ir_load(b, x86_operand_addr(l, 0), 2, false));
        return true;
    case ZYDIS_MNEMONIC_FNSTSW:
        x86_write_operand(l, 0, status_word(b)); /* ax or m16 */
        return true;
    case ZYDIS_MNEMONIC_FNCLEX:
        ir_put(b, X86_FSW_OFF, 2,
               and_(b, ir_get(b, X86_FSW_OFF, 2), FSW_KEPT_BY_FNCLEX));
        return true;
    case ZYDIS_MNEMONIC_FNINIT:
        finit(b);
        return true;
    case ZYDIS_MNEMONIC_FWAIT: /* no unmasked exception is ever pending */
    case ZYDIS_MNEMONIC_FNOP:
        return true;
    default:
        return false;
    }
}

/* Stores the 28-byte environment at area. */
static void store_env(struct ir_block *b, ir_temp area)
{
    ir_temp hi = imm(b, HIGH_ONES);
    ir_store(b, area, ir_binop(b, IR_OR, 8, ir_get(b, X86_FCW_OFF, 2), hi), 4);
    ir_store(b, add(b, area, 4), ir_binop(b, IR_OR, 8, status_word(b), hi), 4);
    ir_store(b, add(b, area, 8),
             ir_binop(b, IR_OR, 8, ir_get(b, X86_FTW_OFF, 2), hi), 4);
    ir_store(b, add(b, area, 12), imm(b, 0), 8);
    ir_store(b, add(b, area, 20), imm(b, 0), 4);
    ir_store(b, add(b, area, 24), hi, 4);
}

struct env_image {
    ir_temp fcw, fsw, ftw;
};

static struct env_image load_env(struct ir_block *b, ir_temp area)
{
    struct env_image e = {
        .fcw = ir_load(b, area, 2, false),
        .fsw = ir_load(b, add(b, area, 4), 2, false),
        .ftw = ir_load(b, add(b, area, 8), 2, false),
    };
    return e;
}

/* Writes a loaded environment; the tags after the registers are set. */
static void put_env(struct ir_block *b, const struct env_image *e)
{
    put_control_word(b, e->fcw);
    ir_put(b, X86_FSW_OFF, 2, and_(b, e->fsw, (uint16_t)~X86_FSW_TOP));
    ir_put(b, X86_FTOP_OFF, 1,
           and_(b, ir_binop(b, IR_SHR, 8, e->fsw, imm(b, X86_FSW_TOP_SHIFT)), 7));
}

bool x86_lift_x87_env(struct x86_lift *l)
{
    struct ir_block *b = l->b;
    if (l->op[0].type != ZYDIS_OPERAND_TYPE_MEMORY ||
        x86_operand_size(l, 0) != ENV_SIZE)
        return false;
    ir_temp area = x86_operand_addr(l, 0);
    if (l->insn->mnemonic == ZYDIS_MNEMONIC_FNSTENV) {
        store_env(b, area);
        /* fnstenv then masks every exception. */
        ir_put(b, X86_FCW_OFF, 2, ir_binop(b, IR_OR, 8, ir_get(b, X86_FCW_OFF, 2),
                                           imm(b, X86_FSW_EXC)));
        return true;
    }
    struct env_image e = load_env(b, area);
    put_env(b, &e);
    x86_x87_call(b, X86_X87_TAGS, 0, 0, e.ftw);
    return true;
}

/* Where physical register p goes in a fnsave image: ST((p - top) & 7). */
static ir_temp save_slot(struct ir_block *b, ir_temp area, ir_temp top,
                         unsigned p)
{
    ir_temp i = and_(b, ir_binop(b, IR_SUB, 8, imm(b, p), top), 7);
    return add(b, ir_binop(b, IR_ADD, 8, area,
                           ir_binop(b, IR_MUL, 8, i, imm(b, 10))),
               ENV_SIZE);
}

bool x86_lift_x87_save(struct x86_lift *l)
{
    struct ir_block *b = l->b;
    if (l->op[0].type != ZYDIS_OPERAND_TYPE_MEMORY ||
        x86_operand_size(l, 0) != SAVE_SIZE)
        return false;
    ir_temp area = x86_operand_addr(l, 0);
    if (l->insn->mnemonic == ZYDIS_MNEMONIC_FNSAVE) {
        store_env(b, area);
        ir_temp top = ir_get(b, X86_FTOP_OFF, 1);
        for (unsigned p = 0; p < 8; p++) {
            ir_temp at = save_slot(b, area, top, p);
            ir_store(b, at, ir_get(b, X86_ST_OFF(p), 8), 8);
            ir_store(b, add(b, at, 8), ir_get(b, X86_ST_OFF(p) + 8, 2), 2);
        }
        finit(b); /* fnsave ends with an finit */
        return true;
    }
    struct env_image e = load_env(b, area);
    ir_temp top = and_(b, ir_binop(b, IR_SHR, 8, e.fsw,
                                   imm(b, X86_FSW_TOP_SHIFT)), 7);
    ir_temp st[8][2];
    for (unsigned p = 0; p < 8; p++) {
        ir_temp at = save_slot(b, area, top, p);
        st[p][0] = ir_load(b, at, 8, false);
        st[p][1] = ir_load(b, add(b, at, 8), 2, false);
    }
    put_env(b, &e);
    for (unsigned p = 0; p < 8; p++) {
        ir_put(b, X86_ST_OFF(p), 8, st[p][0]);
        ir_put(b, X86_ST_OFF(p) + 8, 8, st[p][1]);
    }
    x86_x87_call(b, X86_X87_TAGS, 0, 0, e.ftw);
    return true;
}
