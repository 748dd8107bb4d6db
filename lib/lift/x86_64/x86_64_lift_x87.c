/*
 * x86_64_lift_x87.c — the x87 mnemonic table (x86_lift_table_x87) and the
 * lifting of x87 computations into calls of the x86_x87 helper
 * (x86_64_x87.h). Each mnemonic has one row saying which helper op serves
 * each of its operand forms: a memory operand by size, st0 op= st(i),
 * st(i) op= st0, or no operand; memory sources are copied to xtmp before
 * the call, memory results stored from xtmp after it.
 */
#include "x86_64_flags.h"
#include "x86_64_x87.h"

/* How a row's forms are lifted. */
enum x87_kind {
    K_LOAD,    /* fld/fild: mem -> push; fld st(i) */
    K_STORE,   /* fst/fist...: st0 -> mem; fst st(i) */
    K_ARITH,   /* fadd...: st0 op= mem, st0 op= st(i), st(i) op= st0 */
    K_COMPARE, /* fcom/fucom/ficom (no operand: st1) */
    K_COMI,    /* fcomi/fucomi: RFLAGS */
    K_PLAIN,   /* one op, no memory: reg = its st(i) (else i) */
    K_FCMOV,
};

#define OP(name) (X86_X87_##name + 1) /* 0 = no such form */
#define NONE 0

struct x87_row {
    ZydisMnemonic mn;
    uint8_t kind, pops;
    uint8_t m16, m32, m64, m80; /* by memory operand size */
    uint8_t reg, reg_rev;       /* st0 op= st(i) / st(i) op= st0, or the op */
    uint8_t i;                  /* st(i) when the insn names none */
};

#define MN(x) ZYDIS_MNEMONIC_##x
#define ARITH(mn, pops, m16, m32, m64, a, b)                                  \
    {MN(mn), K_ARITH, pops, m16, m32, m64, NONE, a, b, 0}
#define PLAIN(mn, kind, pops, op, i)                                          \
    {MN(mn), kind, pops, NONE, NONE, NONE, NONE, op, NONE, i}

static const struct x87_row rows[] = {
    {MN(FLD), K_LOAD, 0, NONE, OP(FLD_M32), OP(FLD_M64), OP(FLD_M80), OP(FLD_ST), NONE, 0},
    {MN(FILD), K_LOAD, 0, OP(FILD_M16), OP(FILD_M32), OP(FILD_M64), NONE, NONE, NONE, 0},
    {MN(FST), K_STORE, 0, NONE, OP(FST_M32), OP(FST_M64), NONE, OP(FST_ST), NONE, 0},
    {MN(FSTP), K_STORE, 1, NONE, OP(FST_M32), OP(FST_M64), OP(FST_M80), OP(FST_ST), NONE, 0},
    {MN(FIST), K_STORE, 0, OP(FIST_M16), OP(FIST_M32), NONE, NONE, NONE, NONE, 0},
    {MN(FISTP), K_STORE, 1, OP(FIST_M16), OP(FIST_M32), OP(FIST_M64), NONE, NONE, NONE, 0},
    {MN(FISTTP), K_STORE, 1, OP(FISTT_M16), OP(FISTT_M32), OP(FISTT_M64), NONE, NONE, NONE, 0},
    ARITH(FADD, 0, NONE, OP(FADD_M32), OP(FADD_M64), OP(FADD_ST0), OP(FADD_STI)),
    ARITH(FMUL, 0, NONE, OP(FMUL_M32), OP(FMUL_M64), OP(FMUL_ST0), OP(FMUL_STI)),
    ARITH(FSUB, 0, NONE, OP(FSUB_M32), OP(FSUB_M64), OP(FSUB_ST0), OP(FSUB_STI)),
    ARITH(FSUBR, 0, NONE, OP(FSUBR_M32), OP(FSUBR_M64), OP(FSUBR_ST0), OP(FSUBR_STI)),
    ARITH(FDIV, 0, NONE, OP(FDIV_M32), OP(FDIV_M64), OP(FDIV_ST0), OP(FDIV_STI)),
    ARITH(FDIVR, 0, NONE, OP(FDIVR_M32), OP(FDIVR_M64), OP(FDIVR_ST0), OP(FDIVR_STI)),
    ARITH(FADDP, 1, NONE, NONE, NONE, OP(FADD_ST0), OP(FADD_STI)),
    ARITH(FMULP, 1, NONE, NONE, NONE, OP(FMUL_ST0), OP(FMUL_STI)),
    ARITH(FSUBP, 1, NONE, NONE, NONE, OP(FSUB_ST0), OP(FSUB_STI)),
    ARITH(FSUBRP, 1, NONE, NONE, NONE, OP(FSUBR_ST0), OP(FSUBR_STI)),
    ARITH(FDIVP, 1, NONE, NONE, NONE, OP(FDIV_ST0), OP(FDIV_STI)),
    ARITH(FDIVRP, 1, NONE, NONE, NONE, OP(FDIVR_ST0), OP(FDIVR_STI)),
    ARITH(FIADD, 0, OP(FIADD_M16), OP(FIADD_M32), NONE, NONE, NONE),
    ARITH(FIMUL, 0, OP(FIMUL_M16), OP(FIMUL_M32), NONE, NONE, NONE),
    ARITH(FISUB, 0, OP(FISUB_M16), OP(FISUB_M32), NONE, NONE, NONE),
    ARITH(FISUBR, 0, OP(FISUBR_M16), OP(FISUBR_M32), NONE, NONE, NONE),
    ARITH(FIDIV, 0, OP(FIDIV_M16), OP(FIDIV_M32), NONE, NONE, NONE),
    ARITH(FIDIVR, 0, OP(FIDIVR_M16), OP(FIDIVR_M32), NONE, NONE, NONE),
    {MN(FCOM), K_COMPARE, 0, NONE, OP(FCOM_M32), OP(FCOM_M64), NONE, OP(FCOM_ST), NONE, 1},
    {MN(FCOMP), K_COMPARE, 1, NONE, OP(FCOM_M32), OP(FCOM_M64), NONE, OP(FCOM_ST), NONE, 1},
    {MN(FICOM), K_COMPARE, 0, OP(FICOM_M16), OP(FICOM_M32), NONE, NONE, NONE, NONE, 1},
    {MN(FICOMP), K_COMPARE, 1, OP(FICOM_M16), OP(FICOM_M32), NONE, NONE, NONE, NONE, 1},
    PLAIN(FCOMPP, K_COMPARE, 2, OP(FCOM_ST), 1),
    PLAIN(FUCOM, K_COMPARE, 0, OP(FUCOM_ST), 1),
    PLAIN(FUCOMP, K_COMPARE, 1, OP(FUCOM_ST), 1),
    PLAIN(FUCOMPP, K_COMPARE, 2, OP(FUCOM_ST), 1),
    PLAIN(FTST, K_COMPARE, 0, OP(FTST), 0),
    PLAIN(FCOMI, K_COMI, 0, OP(FCOMI), 1),
    PLAIN(FCOMIP, K_COMI, 1, OP(FCOMI), 1),
    PLAIN(FUCOMI, K_COMI, 0, OP(FUCOMI), 1),
    PLAIN(FUCOMIP, K_COMI, 1, OP(FUCOMI), 1),
    PLAIN(FXAM, K_PLAIN, 0, OP(FXAM), 0),
    PLAIN(FCHS, K_PLAIN, 0, OP(FCHS), 0),
    PLAIN(FABS, K_PLAIN, 0, OP(FABS), 0),
    PLAIN(FSQRT, K_PLAIN, 0, OP(FSQRT), 0),
    PLAIN(FRNDINT, K_PLAIN, 0, OP(FRNDINT), 0),
    PLAIN(F2XM1, K_PLAIN, 0, OP(F2XM1), 0),
    PLAIN(FSIN, K_PLAIN, 0, OP(FSIN), 0),
    PLAIN(FCOS, K_PLAIN, 0, OP(FCOS), 0),
    PLAIN(FSCALE, K_PLAIN, 0, OP(FSCALE), 1),
    PLAIN(FPREM, K_PLAIN, 0, OP(FPREM), 1),
    PLAIN(FPREM1, K_PLAIN, 0, OP(FPREM1), 1),
    PLAIN(FYL2X, K_PLAIN, 1, OP(FYL2X), 1),
    PLAIN(FYL2XP1, K_PLAIN, 1, OP(FYL2XP1), 1),
    PLAIN(FPATAN, K_PLAIN, 1, OP(FPATAN), 1),
    PLAIN(FPTAN, K_PLAIN, 0, OP(FPTAN), 0),
    PLAIN(FSINCOS, K_PLAIN, 0, OP(FSINCOS), 0),
    PLAIN(FXTRACT, K_PLAIN, 0, OP(FXTRACT), 0),
    PLAIN(FLD1, K_PLAIN, 0, OP(FLD1), 0),
    PLAIN(FLDZ, K_PLAIN, 0, OP(FLDZ), 0),
    PLAIN(FLDPI, K_PLAIN, 0, OP(FLDPI), 0),
    PLAIN(FLDL2E, K_PLAIN, 0, OP(FLDL2E), 0),
    PLAIN(FLDLN2, K_PLAIN, 0, OP(FLDLN2), 0),
    PLAIN(FLDL2T, K_PLAIN, 0, OP(FLDL2T), 0),
    PLAIN(FLDLG2, K_PLAIN, 0, OP(FLDLG2), 0),
    PLAIN(FXCH, K_PLAIN, 0, OP(FXCH), 1),
    PLAIN(FFREE, K_PLAIN, 0, OP(FFREE), 0),
    PLAIN(FFREEP, K_PLAIN, 1, OP(FFREE), 0),
    PLAIN(FINCSTP, K_PLAIN, 0, OP(FINCSTP), 0),
    PLAIN(FDECSTP, K_PLAIN, 0, OP(FDECSTP), 0),
    PLAIN(FCMOVB, K_FCMOV, 0, OP(FCMOV), 0),
    PLAIN(FCMOVE, K_FCMOV, 0, OP(FCMOV), 0),
    PLAIN(FCMOVBE, K_FCMOV, 0, OP(FCMOV), 0),
    PLAIN(FCMOVU, K_FCMOV, 0, OP(FCMOV), 0),
    PLAIN(FCMOVNB, K_FCMOV, 0, OP(FCMOV), 0),
    PLAIN(FCMOVNE, K_FCMOV, 0, OP(FCMOV), 0),
    PLAIN(FCMOVNBE, K_FCMOV, 0, OP(FCMOV), 0),
    PLAIN(FCMOVNU, K_FCMOV, 0, OP(FCMOV), 0),
};

#define N_ROWS (sizeof rows / sizeof *rows)

ir_temp x86_x87_call(struct ir_block *b, enum x86_x87_op op, unsigned i,
                     unsigned pops, ir_temp a)
{
    ir_temp zero = ir_const(b, 0);
    return ir_call(b, IR_H_x86_x87, a ? a : zero, zero, 0,
                   x86_x87_imm(op, i, pops));
}

static const struct x87_row *row_of(ZydisMnemonic mn)
{
    for (size_t k = 0; k < N_ROWS; k++)
        if (rows[k].mn == mn)
            return &rows[k];
    return NULL;
}

/* The st(i) the instruction names explicitly, or -1. */
static int explicit_st(const struct x86_lift *l)
{
    for (unsigned k = 0; k < l->insn->operand_count_visible; k++) {
        const ZydisDecodedOperand *o = &l->op[k];
        if (o->type == ZYDIS_OPERAND_TYPE_REGISTER &&
            o->visibility == ZYDIS_OPERAND_VISIBILITY_EXPLICIT &&
            o->reg.value >= ZYDIS_REGISTER_ST0 &&
            o->reg.value <= ZYDIS_REGISTER_ST7)
            return o->reg.value - ZYDIS_REGISTER_ST0;
    }
    return -1;
}

/* The row's op for memory operand 0, by its size; 0 when none. */
static unsigned memory_op(const struct x86_lift *l, const struct x87_row *r)
{
    switch (x86_operand_size(l, 0)) {
    case 2: return r->m16;
    case 4: return r->m32;
    case 8: return r->m64;
    case 10: return r->m80;
    default: return NONE;
    }
}

/* Copies memory operand 0 (2, 4, 8 or 10 bytes) into xtmp. */
static void load_to_xtmp(struct x86_lift *l)
{
    struct ir_block *b = l->b;
    unsigned size = x86_operand_size(l, 0);
    ir_temp addr = x86_operand_addr(l, 0);
    ir_temp lo = ir_load(b, addr, size == 10 ? 8 : size, false);
    if (size == 10) {
        ir_temp at = ir_binop(b, IR_ADD, 8, addr, ir_const(b, 8));
        ir_put(b, X86_XTMP_OFF + 8, 2, ir_load(b, at, 2, false));
    }
    ir_put(b, X86_XTMP_OFF, size == 10 ? 8 : size, lo);
}

/* Stores xtmp to memory operand 0. */
static void store_from_xtmp(struct x86_lift *l)
{
    struct ir_block *b = l->b;
    unsigned size = x86_operand_size(l, 0);
    ir_temp addr = x86_operand_addr(l, 0);
    ir_store(b, addr, ir_get(b, X86_XTMP_OFF, size == 10 ? 8 : size),
             size == 10 ? 8 : size);
    if (size == 10)
        ir_store(b, ir_binop(b, IR_ADD, 8, addr, ir_const(b, 8)),
                 ir_get(b, X86_XTMP_OFF + 8, 2), 2);
}

/* The fcmovcc condition from the flag words. */
static ir_temp fcmov_condition(struct x86_lift *l, ZydisMnemonic mn)
{
    struct ir_block *b = l->b;
    static const struct { ZydisMnemonic mn; bool cf, zf, pf, negate; } conds[] = {
        {MN(FCMOVB), 1, 0, 0, 0},  {MN(FCMOVE), 0, 1, 0, 0},
        {MN(FCMOVBE), 1, 1, 0, 0}, {MN(FCMOVU), 0, 0, 1, 0},
        {MN(FCMOVNB), 1, 0, 0, 1}, {MN(FCMOVNE), 0, 1, 0, 1},
        {MN(FCMOVNBE), 1, 1, 0, 1}, {MN(FCMOVNU), 0, 0, 1, 1},
    };
    ir_temp v = ir_const(b, 0);
    for (size_t k = 0; k < sizeof conds / sizeof *conds; k++) {
        if (conds[k].mn != mn)
            continue;
        if (conds[k].cf)
            v = ir_binop(b, IR_OR, 8, v, x86_get_flag(l, X86_CF));
        if (conds[k].zf)
            v = ir_binop(b, IR_OR, 8, v, x86_get_flag(l, X86_ZF));
        if (conds[k].pf)
            v = ir_binop(b, IR_OR, 8, v, x86_get_flag(l, X86_PF));
        if (conds[k].negate)
            v = ir_binop(b, IR_XOR, 8, v, ir_const(b, 1));
    }
    return v;
}

static bool lift_memory_form(struct x86_lift *l, const struct x87_row *r)
{
    unsigned op = memory_op(l, r);
    if (!op)
        return false;
    enum x86_x87_op hop = (enum x86_x87_op)(op - 1);
    if (r->kind == K_STORE) {
        ir_temp fsw = x86_x87_call(l->b, hop, 0, 0, 0);
        store_from_xtmp(l);
        x86_x87_call(l->b, X86_X87_COMMIT, 0, r->pops, fsw);
        return true;
    }
    load_to_xtmp(l);
    x86_x87_call(l->b, hop, 0, r->pops, 0);
    return true;
}

static bool lift_x87(struct x86_lift *l)
{
    const struct x87_row *r = row_of(l->insn->mnemonic);
    if (!r)
        return false;
    if (l->insn->operand_count_visible > 0 &&
        l->op[0].type == ZYDIS_OPERAND_TYPE_MEMORY)
        return lift_memory_form(l, r);
    int st = explicit_st(l);
    unsigned i = st >= 0 ? (unsigned)st : r->i;
    unsigned op = r->reg;
    /* st(i) op= st0 when the named register is the destination. */
    if (r->kind == K_ARITH && st >= 0 && l->op[0].visibility ==
                                             ZYDIS_OPERAND_VISIBILITY_EXPLICIT)
        op = r->reg_rev;
    if (!op)
        return false;
    ir_temp a = r->kind == K_FCMOV ? fcmov_condition(l, r->mn) : 0;
    ir_temp res = x86_x87_call(l->b, (enum x86_x87_op)(op - 1), i, r->pops, a);
    if (r->kind == K_COMI)
        x86_flags_zpc(l, res);
    return true;
}

const struct x86_lift_entry x86_lift_table_x87[] = {
#define X87_ROW_ENTRY(mn) {ZYDIS_MNEMONIC_##mn, lift_x87},
    X87_ROW_ENTRY(FLD) X87_ROW_ENTRY(FILD) X87_ROW_ENTRY(FST)
    X87_ROW_ENTRY(FSTP) X87_ROW_ENTRY(FIST) X87_ROW_ENTRY(FISTP)
    X87_ROW_ENTRY(FISTTP) X87_ROW_ENTRY(FADD) X87_ROW_ENTRY(FMUL)
    X87_ROW_ENTRY(FSUB) X87_ROW_ENTRY(FSUBR) X87_ROW_ENTRY(FDIV)
    X87_ROW_ENTRY(FDIVR) X87_ROW_ENTRY(FADDP) X87_ROW_ENTRY(FMULP)
    X87_ROW_ENTRY(FSUBP) X87_ROW_ENTRY(FSUBRP) X87_ROW_ENTRY(FDIVP)
    X87_ROW_ENTRY(FDIVRP) X87_ROW_ENTRY(FIADD) X87_ROW_ENTRY(FIMUL)
    X87_ROW_ENTRY(FISUB) X87_ROW_ENTRY(FISUBR) X87_ROW_ENTRY(FIDIV)
    X87_ROW_ENTRY(FIDIVR) X87_ROW_ENTRY(FCOM) X87_ROW_ENTRY(FCOMP)
    X87_ROW_ENTRY(FICOM) X87_ROW_ENTRY(FICOMP) X87_ROW_ENTRY(FCOMPP)
    X87_ROW_ENTRY(FUCOM) X87_ROW_ENTRY(FUCOMP) X87_ROW_ENTRY(FUCOMPP)
    X87_ROW_ENTRY(FTST) X87_ROW_ENTRY(FCOMI) X87_ROW_ENTRY(FCOMIP)
    X87_ROW_ENTRY(FUCOMI) X87_ROW_ENTRY(FUCOMIP) X87_ROW_ENTRY(FXAM)
    X87_ROW_ENTRY(FCHS) X87_ROW_ENTRY(FABS) X87_ROW_ENTRY(FSQRT)
    X87_ROW_ENTRY(FRNDINT) X87_ROW_ENTRY(F2XM1) X87_ROW_ENTRY(FSIN)
    X87_ROW_ENTRY(FCOS) X87_ROW_ENTRY(FSCALE) X87_ROW_ENTRY(FPREM)
    X87_ROW_ENTRY(FPREM1) X87_ROW_ENTRY(FYL2X) X87_ROW_ENTRY(FYL2XP1)
    X87_ROW_ENTRY(FPATAN) X87_ROW_ENTRY(FPTAN) X87_ROW_ENTRY(FSINCOS)
    X87_ROW_ENTRY(FXTRACT) X87_ROW_ENTRY(FLD1) X87_ROW_ENTRY(FLDZ)
    X87_ROW_ENTRY(FLDPI) X87_ROW_ENTRY(FLDL2E) X87_ROW_ENTRY(FLDLN2)
    X87_ROW_ENTRY(FLDL2T) X87_ROW_ENTRY(FLDLG2) X87_ROW_ENTRY(FXCH)
    X87_ROW_ENTRY(FFREE) X87_ROW_ENTRY(FFREEP) X87_ROW_ENTRY(FINCSTP)
    X87_ROW_ENTRY(FDECSTP) X87_ROW_ENTRY(FCMOVB) X87_ROW_ENTRY(FCMOVE)
    X87_ROW_ENTRY(FCMOVBE) X87_ROW_ENTRY(FCMOVU) X87_ROW_ENTRY(FCMOVNB)
    X87_ROW_ENTRY(FCMOVNE) X87_ROW_ENTRY(FCMOVNBE) X87_ROW_ENTRY(FCMOVNU)
#undef X87_ROW_ENTRY
    {ZYDIS_MNEMONIC_FNSTCW, x86_lift_x87_control},
    {ZYDIS_MNEMONIC_FLDCW, x86_lift_x87_control},
    {ZYDIS_MNEMONIC_FNSTSW, x86_lift_x87_control},
    {ZYDIS_MNEMONIC_FNCLEX, x86_lift_x87_control},
    {ZYDIS_MNEMONIC_FNINIT, x86_lift_x87_control},
    {ZYDIS_MNEMONIC_FWAIT, x86_lift_x87_control},
    {ZYDIS_MNEMONIC_FNOP, x86_lift_x87_control},
    {ZYDIS_MNEMONIC_FNSTENV, x86_lift_x87_env},
    {ZYDIS_MNEMONIC_FLDENV, x86_lift_x87_env},
    {ZYDIS_MNEMONIC_FNSAVE, x86_lift_x87_save},
    {ZYDIS_MNEMONIC_FRSTOR, x86_lift_x87_save},
};

const size_t x86_lift_table_x87_len =
    sizeof x86_lift_table_x87 / sizeof *x86_lift_table_x87;
