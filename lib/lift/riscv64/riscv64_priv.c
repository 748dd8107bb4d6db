/*
 * riscv64_priv.c — traps, interrupts and the privileged instructions of
 * system mode (the CSR file itself is riscv64_csr.c).
 *
 * A trap goes to S mode when it is delegated (medeleg/mideleg) and the
 * hart is not in M mode, else to M mode. Interrupts are taken in the
 * spec's priority order MEI, MSI, MTI, SEI, SSI, STI, M-level ones first.
 */
#include <string.h>

#include "riscv64_priv_internal.h"

#define MISA_RV64 (2ull << 62)
#define MISA_EXT(c) (1ull << ((c) - 'A'))
#define MISA_VALUE                                                            \
    (MISA_RV64 | MISA_EXT('I') | MISA_EXT('M') | MISA_EXT('A') |             \
     MISA_EXT('F') | MISA_EXT('D') | MISA_EXT('C') | MISA_EXT('S') |         \
     MISA_EXT('U'))
#define CAUSE_INTERRUPT (1ull << 63)
#define TVEC_VECTORED 1ull
#define FS_INITIAL (1ull << RV_MSTATUS_FS_SHIFT)
#define FS_DIRTY (3ull << RV_MSTATUS_FS_SHIFT)

void rv_priv_reset(struct rv_hart *h, uint64_t hartid, uint64_t reset_pc)
{
    rv_csr_check_table();
    uint64_t (*read_time)(void *) = h->read_time;
    void *opaque = h->time_opaque;
    memset(h, 0, sizeof(*h));
    h->read_time = read_time;
    h->time_opaque = opaque;
    h->cpu.ctx.resv_addr = IR_NO_RESERVATION;
    h->cpu.ctx.pc = reset_pc;
    h->priv = RV_PRIV_M;
    h->misa = MISA_VALUE;
    h->mhartid = hartid;
    /* FS starts Initial, as QEMU's, so bare-metal FP code needs no setup. */
    h->mstatus = FS_INITIAL;
}

bool rv_priv_fp_off(const struct rv_hart *h)
{
    return (h->mstatus & RV_MSTATUS_FS) == 0;
}

void rv_priv_fp_dirty(struct rv_hart *h)
{
    h->mstatus |= FS_DIRTY;
}

bool rv_priv_is_system_insn(const struct rv_insn *in)
{
    switch (in->op) {
    case RV_CSRRW: case RV_CSRRS: case RV_CSRRC:
    case RV_CSRRWI: case RV_CSRRSI: case RV_CSRRCI:
    case RV_ECALL: case RV_EBREAK: case RV_C_EBREAK:
    case RV_MRET: case RV_SRET: case RV_WFI: case RV_SFENCE_VMA:
        return true;
    default:
        return false;
    }
}

static void enter_trap(struct rv_hart *h, uint64_t cause, uint64_t tval,
                       bool interrupt)
{
    uint64_t code = cause & ~CAUSE_INTERRUPT;
    uint64_t deleg = interrupt ? h->mideleg : h->medeleg;
    uint64_t pc = h->cpu.ctx.pc;
    uint64_t s = h->mstatus;
    /* A trap breaks any LR/SC sequence, as on QEMU. */
    h->cpu.ctx.resv_addr = IR_NO_RESERVATION;
    if (h->priv <= RV_PRIV_S && ((deleg >> code) & 1)) {
        h->scause = cause;
        h->sepc = pc;
        h->stval = tval;
        s = (s & ~RV_MSTATUS_SPIE) | ((s & RV_MSTATUS_SIE) ? RV_MSTATUS_SPIE : 0);
        s = (s & ~RV_MSTATUS_SPP) | (h->priv ? RV_MSTATUS_SPP : 0);
        s &= ~RV_MSTATUS_SIE;
        h->mstatus = s;
        h->priv = RV_PRIV_S;
        uint64_t base = h->stvec & ~3ull;
        h->cpu.ctx.pc = interrupt && (h->stvec & TVEC_VECTORED)
                            ? base + 4 * code : base;
        return;
    }
    h->mcause = cause;
    h->mepc = pc;
    h->mtval = tval;
    s = (s & ~RV_MSTATUS_MPIE) | ((s & RV_MSTATUS_MIE) ? RV_MSTATUS_MPIE : 0);
    s = (s & ~RV_MSTATUS_MPP) | ((uint64_t)h->priv << RV_MSTATUS_MPP_SHIFT);
    s &= ~RV_MSTATUS_MIE;
    h->mstatus = s;
    h->priv = RV_PRIV_M;
    uint64_t base = h->mtvec & ~3ull;
    h->cpu.ctx.pc = interrupt && (h->mtvec & TVEC_VECTORED)
                        ? base + 4 * code : base;
}

void rv_priv_trap(struct rv_hart *h, enum rv_exc cause, uint64_t tval)
{
    enter_trap(h, cause, tval, false);
}

void rv_priv_take_irq(struct rv_hart *h, int irq)
{
    enter_trap(h, CAUSE_INTERRUPT | (uint64_t)irq, 0, true);
}

/* Atomic: with several harts, a device on another hart's thread (or an
 * IPI through the CLINT) drives these lines while this hart runs. */
void rv_priv_set_irq(struct rv_hart *h, int irq, bool level)
{
    uint64_t now = __atomic_load_n(&h->irq_lines, __ATOMIC_RELAXED);
    if (((now >> irq) & 1) == level)
        return; /* the timer poll's usual case: no locked instruction */
    if (level)
        __atomic_fetch_or(&h->irq_lines, 1ull << irq, __ATOMIC_SEQ_CST);
    else
        __atomic_fetch_and(&h->irq_lines, ~(1ull << irq), __ATOMIC_SEQ_CST);
}

static const int irq_priority[] = {RV_IRQ_MEI, RV_IRQ_MSI, RV_IRQ_MTI,
                                   RV_IRQ_SEI, RV_IRQ_SSI, RV_IRQ_STI};

static int highest(uint64_t pending)
{
    for (size_t i = 0; i < sizeof(irq_priority) / sizeof(*irq_priority); i++)
        if (pending & (1ull << irq_priority[i]))
            return irq_priority[i];
    return -1;
}

int rv_priv_pending_irq(struct rv_hart *h)
{
    uint64_t pending = rv_csr_mip(h) & h->mie;
    if (!pending)
        return -1;
    uint64_t m_level = pending & ~h->mideleg;
    bool m_on = h->priv < RV_PRIV_M || (h->mstatus & RV_MSTATUS_MIE);
    if (m_level && m_on)
        return highest(m_level);
    uint64_t s_level = pending & h->mideleg;
    bool s_on = h->priv < RV_PRIV_S ||
                (h->priv == RV_PRIV_S && (h->mstatus & RV_MSTATUS_SIE));
    if (s_level && s_on)
        return highest(s_level);
    return -1;
}

bool rv_priv_any_pending(struct rv_hart *h)
{
    return (rv_csr_mip(h) & h->mie) != 0;
}

void rv_priv_mmu(const struct rv_hart *h, enum rv_access acc,
                 struct rv_mmu_view *out)
{
    unsigned priv = h->priv;
    if (acc != RV_ACC_EXEC && (h->mstatus & RV_MSTATUS_MPRV))
        priv = (h->mstatus & RV_MSTATUS_MPP) >> RV_MSTATUS_MPP_SHIFT;
    uint64_t mode = h->satp >> 60;
    out->priv = priv;
    out->levels = priv == RV_PRIV_M ? 0 : mode == 8 ? 3 : mode == 9 ? 4 : 0;
    out->root = (h->satp & ((1ull << 44) - 1)) << 12;
    out->sum = (h->mstatus & RV_MSTATUS_SUM) != 0;
    out->mxr = (h->mstatus & RV_MSTATUS_MXR) != 0;
}

/* ---- the privileged instructions ------------------------------------- */

static unsigned illegal(struct rv_hart *h, const struct rv_insn *in)
{
    rv_priv_trap(h, RV_EXC_ILLEGAL, in->raw);
    return RV_PRIV_TRAPPED;
}

static void set_x(struct rv_hart *h, unsigned rd, uint64_t v)
{
    if (rd)
        h->cpu.x[rd] = v;
}

/* csrrw reads only for rd != x0; csrrs/c write only for a nonzero source,
 * so `csrr` of a read-only CSR is legal. */
static unsigned csr_insn(struct rv_hart *h, const struct rv_insn *in)
{
    bool uimm = in->op == RV_CSRRWI || in->op == RV_CSRRSI ||
                in->op == RV_CSRRCI;
    bool is_write = in->op == RV_CSRRW || in->op == RV_CSRRWI;
    bool is_set = in->op == RV_CSRRS || in->op == RV_CSRRSI;
    uint64_t src = uimm ? (uint64_t)in->imm : h->cpu.x[in->rs1];
    bool src_zero = uimm ? in->imm == 0 : in->rs1 == 0;
    bool writes = is_write || !src_zero;
    bool reads = !is_write || in->rd != 0;
    uint64_t old = 0;
    unsigned flags = 0;
    if (writes && ((in->csr >> 10) == 3))
        return illegal(h, in);
    if ((reads || writes) && rv_csr_read(h, in->csr, &old))
        return illegal(h, in);
    if (writes) {
        uint64_t base = rv_csr_rmw_base(h, in->csr, old);
        uint64_t v = is_write ? src : is_set ? base | src : base & ~src;
        if (rv_csr_write(h, in->csr, v, &flags))
            return illegal(h, in);
    }
    set_x(h, in->rd, old);
    h->cpu.ctx.pc += in->len;
    return flags;
}

static unsigned mret(struct rv_hart *h, const struct rv_insn *in)
{
    if (h->priv != RV_PRIV_M)
        return illegal(h, in);
    uint64_t s = h->mstatus;
    unsigned mpp = (s & RV_MSTATUS_MPP) >> RV_MSTATUS_MPP_SHIFT;
    s = (s & ~RV_MSTATUS_MIE) | ((s & RV_MSTATUS_MPIE) ? RV_MSTATUS_MIE : 0);
    s |= RV_MSTATUS_MPIE;
    s &= ~RV_MSTATUS_MPP;
    if (mpp != RV_PRIV_M)
        s &= ~RV_MSTATUS_MPRV;
    h->mstatus = s;
    h->priv = mpp;
    h->cpu.ctx.pc = h->mepc;
    h->cpu.ctx.resv_addr = IR_NO_RESERVATION;
    return 0;
}

static unsigned sret(struct rv_hart *h, const struct rv_insn *in)
{
    if (h->priv == RV_PRIV_U ||
        (h->priv == RV_PRIV_S && (h->mstatus & RV_MSTATUS_TSR)))
        return illegal(h, in);
    uint64_t s = h->mstatus;
    unsigned spp = (s & RV_MSTATUS_SPP) ? RV_PRIV_S : RV_PRIV_U;
    s = (s & ~RV_MSTATUS_SIE) | ((s & RV_MSTATUS_SPIE) ? RV_MSTATUS_SIE : 0);
    s |= RV_MSTATUS_SPIE;
    s &= ~(RV_MSTATUS_SPP | RV_MSTATUS_MPRV);
    h->mstatus = s;
    h->priv = spp;
    h->cpu.ctx.pc = h->sepc;
    h->cpu.ctx.resv_addr = IR_NO_RESERVATION;
    return 0;
}

/* wfi: illegal in U, and in S under mstatus.TW. */
static unsigned wfi(struct rv_hart *h, const struct rv_insn *in)
{
    if (h->priv == RV_PRIV_U ||
        (h->priv == RV_PRIV_S && (h->mstatus & RV_MSTATUS_TW)))
        return illegal(h, in);
    h->cpu.ctx.pc += in->len;
    return RV_PRIV_WFI;
}

static unsigned sfence_vma(struct rv_hart *h, const struct rv_insn *in)
{
    if (h->priv == RV_PRIV_U ||
        (h->priv == RV_PRIV_S && (h->mstatus & RV_MSTATUS_TVM)))
        return illegal(h, in);
    h->cpu.ctx.pc += in->len;
    if (in->rs1 == 0)
        return RV_PRIV_FLUSH_TLB;
    h->sfence_va = h->cpu.x[in->rs1];
    return RV_PRIV_FLUSH_PAGE;
}

unsigned rv_priv_exec(struct rv_hart *h, const struct rv_insn *in)
{
    switch (in->op) {
    case RV_ECALL:
        rv_priv_trap(h, h->priv == RV_PRIV_M ? RV_EXC_ECALL_M
                        : h->priv == RV_PRIV_S ? RV_EXC_ECALL_S
                                               : RV_EXC_ECALL_U, 0);
        return RV_PRIV_TRAPPED;
    case RV_EBREAK:
    case RV_C_EBREAK:
        rv_priv_trap(h, RV_EXC_BREAKPOINT, h->cpu.ctx.pc);
        return RV_PRIV_TRAPPED;
    case RV_MRET: return mret(h, in);
    case RV_SRET: return sret(h, in);
    case RV_WFI: return wfi(h, in);
    case RV_SFENCE_VMA: return sfence_vma(h, in);
    default: return csr_insn(h, in);
    }
}
