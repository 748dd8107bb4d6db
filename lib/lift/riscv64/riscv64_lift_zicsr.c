/*
 * riscv64_lift_zicsr.c — the CSR instructions, for the CSRs a Linux user
 * program can reach: the FP status (fflags, frm, fcsr, kept in struct
 * ir_ctx) and the read-only counters (cycle, time, instret, read through
 * helpers). Any other CSR, or a write to a read-only one, is illegal
 * (SIGILL under Linux).
 */
#include "riscv64_lift.h"

#define CSR_FFLAGS 0x001
#define CSR_FRM 0x002
#define CSR_FCSR 0x003
#define CSR_CYCLE 0xc00
#define CSR_TIME 0xc01
#define CSR_INSTRET 0xc02

#define FFLAGS_MASK 0x1f
#define FRM_MASK 0x7
#define FCSR_FRM_SHIFT 5

/* op->arg: how the new value is formed from the old one and the source. */
enum csr_kind { CSR_WRITE, CSR_SET, CSR_CLEAR };
/* op->flag: the source is the 5-bit uimm (in->imm), not rs1. */
#define CSR_UIMM 1

static ir_temp read_fflags(struct ir_block *b)
{
    return ir_get(b, IR_CTX_OFF(fflags), 4);
}

static ir_temp read_frm(struct ir_block *b)
{
    return ir_get(b, IR_CTX_OFF(frm), 4);
}

static ir_temp read_fcsr(struct ir_block *b)
{
    ir_temp frm = ir_binop(b, IR_SHL, 8, read_frm(b),
                           ir_const(b, FCSR_FRM_SHIFT));
    return ir_binop(b, IR_OR, 8, frm, read_fflags(b));
}

static ir_temp read_cycle(struct ir_block *b)
{
    return ir_call(b, IR_H_rdcycle, 0, 0, 0, 0);
}

static ir_temp read_time(struct ir_block *b)
{
    return ir_call(b, IR_H_rdtime, 0, 0, 0, 0);
}

static void write_fflags(struct ir_block *b, ir_temp v)
{
    ir_put(b, IR_CTX_OFF(fflags), 4,
           ir_binop(b, IR_AND, 8, v, ir_const(b, FFLAGS_MASK)));
}

static void write_frm(struct ir_block *b, ir_temp v)
{
    ir_put(b, IR_CTX_OFF(frm), 4,
           ir_binop(b, IR_AND, 8, v, ir_const(b, FRM_MASK)));
}

static void write_fcsr(struct ir_block *b, ir_temp v)
{
    write_fflags(b, v);
    write_frm(b, ir_binop(b, IR_SHR, 8, v, ir_const(b, FCSR_FRM_SHIFT)));
}

struct csr {
    uint16_t num;
    ir_temp (*read)(struct ir_block *b);
    void (*write)(struct ir_block *b, ir_temp v); /* NULL: read-only */
};

static const struct csr csrs[] = {
    {CSR_FFLAGS, read_fflags, write_fflags},
    {CSR_FRM, read_frm, write_frm},
    {CSR_FCSR, read_fcsr, write_fcsr},
    {CSR_CYCLE, read_cycle, NULL},
    {CSR_TIME, read_time, NULL},
    {CSR_INSTRET, read_cycle, NULL}, /* no retired-instruction count */
};

static const struct csr *find_csr(unsigned num)
{
    for (size_t i = 0; i < sizeof(csrs) / sizeof(*csrs); i++)
        if (csrs[i].num == num)
            return &csrs[i];
    return NULL;
}

/*
 * csrrw always writes and reads only for rd != x0; csrrs/csrrc always read
 * and write only when the source is not x0 / uimm 0, so `csrr rd, cycle`
 * (csrrs rd, cycle, x0) is legal on a read-only CSR.
 */
static int csr_op(const struct rv_lift *l, const struct rv_lift_op *op)
{
    const struct rv_insn *in = l->in;
    struct ir_block *b = l->b;
    const struct csr *csr = find_csr(in->csr);
    bool uimm = op->flag == CSR_UIMM;
    bool src_zero = uimm ? in->imm == 0 : in->rs1 == 0;
    bool writes = op->arg == CSR_WRITE || !src_zero;
    bool reads = op->arg != CSR_WRITE || in->rd != 0;
    if (!csr || (writes && !csr->write))
        return -1;
    ir_temp src = uimm ? rv_imm(l) : rv_get_x(l, in->rs1);
    ir_temp old = reads ? csr->read(b) : 0;
    if (writes) {
        ir_temp v = src;
        if (op->arg == CSR_SET)
            v = ir_binop(b, IR_OR, 8, old, src);
        else if (op->arg == CSR_CLEAR)
            v = ir_binop(b, IR_AND, 8, old,
                         ir_binop(b, IR_XOR, 8, src, ir_const(b, ~0ull)));
        csr->write(b, v);
    }
    if (reads)
        rv_put_x(l, in->rd, old);
    return 0;
}

const struct rv_lift_op rv_lift_zicsr[RV_OPCODE_COUNT] = {
    [RV_CSRRW] = {csr_op, CSR_WRITE, 8, 0},
    [RV_CSRRS] = {csr_op, CSR_SET, 8, 0},
    [RV_CSRRC] = {csr_op, CSR_CLEAR, 8, 0},
    [RV_CSRRWI] = {csr_op, CSR_WRITE, 8, CSR_UIMM},
    [RV_CSRRSI] = {csr_op, CSR_SET, 8, CSR_UIMM},
    [RV_CSRRCI] = {csr_op, CSR_CLEAR, 8, CSR_UIMM},
};
