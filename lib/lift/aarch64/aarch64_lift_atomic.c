/*
 * aarch64_lift_atomic.c — the LSE atomics (ARMv8.1): ld<op>/st<op> and swp
 * as IR AMOs, cas as IR CAS. The IR's atomics are fully ordered, which
 * satisfies every acquire/release variant. Accesses must be naturally
 * aligned (no LSE2): a misaligned one is SIGBUS.
 */
#include "aarch64_lift.h"

/* ld<op> (bits 14:12 = opc, bit 15 = o3: swp): size from bits 31:30. */
static int amo(const struct a64_lift *l, const struct a64_lift_op *op)
{
    (void)op;
    static const uint8_t kinds[8] = {IR_AMO_ADD,  IR_AMO_AND,  IR_AMO_XOR,
                                     IR_AMO_OR,   IR_AMO_MAXS, IR_AMO_MINS,
                                     IR_AMO_MAXU, IR_AMO_MINU};
    unsigned bytes = 1u << a64_bits(l->raw, 30, 2);
    unsigned opc = a64_bits(l->raw, 12, 3);
    bool swap = a64_bits(l->raw, 15, 1);
    ir_temp src = a64_get(l, a64_rm(l->raw), false);
    if (!swap && opc == 1) /* ldclr: clears the bits set in Rs */
        src = a64_binop(l, IR_XOR, 8, src, a64_const(l, ~0ull));
    if (!swap && (opc == 4 || opc == 5)) /* signed: compare at `bytes` */
        src = ir_unop(l->b, IR_SEXT, bytes, src);
    unsigned kind = swap ? IR_AMO_SWAP : kinds[opc];
    ir_temp addr = a64_get(l, a64_rn(l->raw), true);
    ir_temp old = ir_emit(l->b, IR_AMO, bytes, kind | IR_MEM_ALIGNED, addr,
                          src, 0, 0);
    a64_put(l, a64_rd(l->raw), false, 8, ir_unop(l->b, IR_ZEXT, bytes, old));
    return 0;
}

/* cas: Rs is the expected value and receives the old one. */
static int cas(const struct a64_lift *l, const struct a64_lift_op *op)
{
    (void)op;
    unsigned bytes = 1u << a64_bits(l->raw, 30, 2);
    unsigned rs = a64_rm(l->raw);
    ir_temp expected = a64_get(l, rs, false);
    ir_temp desired = a64_get(l, a64_rd(l->raw), false);
    ir_temp addr = a64_get(l, a64_rn(l->raw), true);
    ir_temp old = ir_emit(l->b, IR_CAS, bytes, IR_MEM_ALIGNED, addr, expected,
                          desired, 0);
    a64_put(l, rs, false, 8, ir_unop(l->b, IR_ZEXT, bytes, old));
    return 0;
}

const struct a64_lift_op a64_lift_atomic[A64_OPCODE_COUNT] = {
    [A64_LDADDB] = {amo, 0, 0}, [A64_LDADDH] = {amo, 0, 0},
    [A64_LDADD_W] = {amo, 0, 0}, [A64_LDADD_X] = {amo, 0, 0},
    [A64_LDADDAB] = {amo, 0, 0}, [A64_LDADDAH] = {amo, 0, 0},
    [A64_LDADDA_W] = {amo, 0, 0}, [A64_LDADDA_X] = {amo, 0, 0},
    [A64_LDADDLB] = {amo, 0, 0}, [A64_LDADDLH] = {amo, 0, 0},
    [A64_LDADDL_W] = {amo, 0, 0}, [A64_LDADDL_X] = {amo, 0, 0},
    [A64_LDADDALB] = {amo, 0, 0}, [A64_LDADDALH] = {amo, 0, 0},
    [A64_LDADDAL_W] = {amo, 0, 0}, [A64_LDADDAL_X] = {amo, 0, 0},
    [A64_LDCLRB] = {amo, 0, 0}, [A64_LDCLRH] = {amo, 0, 0},
    [A64_LDCLR_W] = {amo, 0, 0}, [A64_LDCLR_X] = {amo, 0, 0},
    [A64_LDCLRAB] = {amo, 0, 0}, [A64_LDCLRAH] = {amo, 0, 0},
    [A64_LDCLRA_W] = {amo, 0, 0}, [A64_LDCLRA_X] = {amo, 0, 0},
    [A64_LDCLRLB] = {amo, 0, 0}, [A64_LDCLRLH] = {amo, 0, 0},
    [A64_LDCLRL_W] = {amo, 0, 0}, [A64_LDCLRL_X] = {amo, 0, 0},
    [A64_LDCLRALB] = {amo, 0, 0}, [A64_LDCLRALH] = {amo, 0, 0},
    [A64_LDCLRAL_W] = {amo, 0, 0}, [A64_LDCLRAL_X] = {amo, 0, 0},
    [A64_LDEORB] = {amo, 0, 0}, [A64_LDEORH] = {amo, 0, 0},
    [A64_LDEOR_W] = {amo, 0, 0}, [A64_LDEOR_X] = {amo, 0, 0},
    [A64_LDEORAB] = {amo, 0, 0}, [A64_LDEORAH] = {amo, 0, 0},
    [A64_LDEORA_W] = {amo, 0, 0}, [A64_LDEORA_X] = {amo, 0, 0},
    [A64_LDEORLB] = {amo, 0, 0}, [A64_LDEORLH] = {amo, 0, 0},
    [A64_LDEORL_W] = {amo, 0, 0}, [A64_LDEORL_X] = {amo, 0, 0},
    [A64_LDEORALB] = {amo, 0, 0}, [A64_LDEORALH] = {amo, 0, 0},
    [A64_LDEORAL_W] = {amo, 0, 0}, [A64_LDEORAL_X] = {amo, 0, 0},
    [A64_LDSETB] = {amo, 0, 0}, [A64_LDSETH] = {amo, 0, 0},
    [A64_LDSET_W] = {amo, 0, 0}, [A64_LDSET_X] = {amo, 0, 0},
    [A64_LDSETAB] = {amo, 0, 0}, [A64_LDSETAH] = {amo, 0, 0},
    [A64_LDSETA_W] = {amo, 0, 0}, [A64_LDSETA_X] = {amo, 0, 0},
    [A64_LDSETLB] = {amo, 0, 0}, [A64_LDSETLH] = {amo, 0, 0},
    [A64_LDSETL_W] = {amo, 0, 0}, [A64_LDSETL_X] = {amo, 0, 0},
    [A64_LDSETALB] = {amo, 0, 0}, [A64_LDSETALH] = {amo, 0, 0},
    [A64_LDSETAL_W] = {amo, 0, 0}, [A64_LDSETAL_X] = {amo, 0, 0},
    [A64_LDSMAXB] = {amo, 0, 0}, [A64_LDSMAXH] = {amo, 0, 0},
    [A64_LDSMAX_W] = {amo, 0, 0}, [A64_LDSMAX_X] = {amo, 0, 0},
    [A64_LDSMAXAB] = {amo, 0, 0}, [A64_LDSMAXAH] = {amo, 0, 0},
    [A64_LDSMAXA_W] = {amo, 0, 0}, [A64_LDSMAXA_X] = {amo, 0, 0},
    [A64_LDSMAXLB] = {amo, 0, 0}, [A64_LDSMAXLH] = {amo, 0, 0},
    [A64_LDSMAXL_W] = {amo, 0, 0}, [A64_LDSMAXL_X] = {amo, 0, 0},
    [A64_LDSMAXALB] = {amo, 0, 0}, [A64_LDSMAXALH] = {amo, 0, 0},
    [A64_LDSMAXAL_W] = {amo, 0, 0}, [A64_LDSMAXAL_X] = {amo, 0, 0},
    [A64_LDSMINB] = {amo, 0, 0}, [A64_LDSMINH] = {amo, 0, 0},
    [A64_LDSMIN_W] = {amo, 0, 0}, [A64_LDSMIN_X] = {amo, 0, 0},
    [A64_LDSMINAB] = {amo, 0, 0}, [A64_LDSMINAH] = {amo, 0, 0},
    [A64_LDSMINA_W] = {amo, 0, 0}, [A64_LDSMINA_X] = {amo, 0, 0},
    [A64_LDSMINLB] = {amo, 0, 0}, [A64_LDSMINLH] = {amo, 0, 0},
    [A64_LDSMINL_W] = {amo, 0, 0}, [A64_LDSMINL_X] = {amo, 0, 0},
    [A64_LDSMINALB] = {amo, 0, 0}, [A64_LDSMINALH] = {amo, 0, 0},
    [A64_LDSMINAL_W] = {amo, 0, 0}, [A64_LDSMINAL_X] = {amo, 0, 0},
    [A64_LDUMAXB] = {amo, 0, 0}, [A64_LDUMAXH] = {amo, 0, 0},
    [A64_LDUMAX_W] = {amo, 0, 0}, [A64_LDUMAX_X] = {amo, 0, 0},
    [A64_LDUMAXAB] = {amo, 0, 0}, [A64_LDUMAXAH] = {amo, 0, 0},
    [A64_LDUMAXA_W] = {amo, 0, 0}, [A64_LDUMAXA_X] = {amo, 0, 0},
    [A64_LDUMAXLB] = {amo, 0, 0}, [A64_LDUMAXLH] = {amo, 0, 0},
    [A64_LDUMAXL_W] = {amo, 0, 0}, [A64_LDUMAXL_X] = {amo, 0, 0},
    [A64_LDUMAXALB] = {amo, 0, 0}, [A64_LDUMAXALH] = {amo, 0, 0},
    [A64_LDUMAXAL_W] = {amo, 0, 0}, [A64_LDUMAXAL_X] = {amo, 0, 0},
    [A64_LDUMINB] = {amo, 0, 0}, [A64_LDUMINH] = {amo, 0, 0},
    [A64_LDUMIN_W] = {amo, 0, 0}, [A64_LDUMIN_X] = {amo, 0, 0},
    [A64_LDUMINAB] = {amo, 0, 0}, [A64_LDUMINAH] = {amo, 0, 0},
    [A64_LDUMINA_W] = {amo, 0, 0}, [A64_LDUMINA_X] = {amo, 0, 0},
    [A64_LDUMINLB] = {amo, 0, 0}, [A64_LDUMINLH] = {amo, 0, 0},
    [A64_LDUMINL_W] = {amo, 0, 0}, [A64_LDUMINL_X] = {amo, 0, 0},
    [A64_LDUMINALB] = {amo, 0, 0}, [A64_LDUMINALH] = {amo, 0, 0},
    [A64_LDUMINAL_W] = {amo, 0, 0}, [A64_LDUMINAL_X] = {amo, 0, 0},
    [A64_SWPB] = {amo, 0, 0}, [A64_SWPH] = {amo, 0, 0},
    [A64_SWP_W] = {amo, 0, 0}, [A64_SWP_X] = {amo, 0, 0},
    [A64_SWPAB] = {amo, 0, 0}, [A64_SWPAH] = {amo, 0, 0},
    [A64_SWPA_W] = {amo, 0, 0}, [A64_SWPA_X] = {amo, 0, 0},
    [A64_SWPLB] = {amo, 0, 0}, [A64_SWPLH] = {amo, 0, 0},
    [A64_SWPL_W] = {amo, 0, 0}, [A64_SWPL_X] = {amo, 0, 0},
    [A64_SWPALB] = {amo, 0, 0}, [A64_SWPALH] = {amo, 0, 0},
    [A64_SWPAL_W] = {amo, 0, 0}, [A64_SWPAL_X] = {amo, 0, 0},
    [A64_CASB] = {cas, 0, 0}, [A64_CASH] = {cas, 0, 0},
    [A64_CAS_W] = {cas, 0, 0}, [A64_CAS_X] = {cas, 0, 0},
    [A64_CASAB] = {cas, 0, 0}, [A64_CASAH] = {cas, 0, 0},
    [A64_CASA_W] = {cas, 0, 0}, [A64_CASA_X] = {cas, 0, 0},
    [A64_CASLB] = {cas, 0, 0}, [A64_CASLH] = {cas, 0, 0},
    [A64_CASL_W] = {cas, 0, 0}, [A64_CASL_X] = {cas, 0, 0},
    [A64_CASALB] = {cas, 0, 0}, [A64_CASALH] = {cas, 0, 0},
    [A64_CASAL_W] = {cas, 0, 0}, [A64_CASAL_X] = {cas, 0, 0},
};
