/*
 * sys_snapshot_hart.c — one hart's state in a snapshot (sys_snapshot.h):
 * pc, x1..x31, f0..f31, fflags/frm, the LR/SC reservation, the privilege
 * level, every CSR struct rv_hart keeps, the device-driven interrupt
 * lines and the retired-instruction count (cycle/instret derive from it).
 * Translated code and TLBs are not state: a restore flushes them.
 */
#include "sys_snapshot.h"

static void cpu_state(struct rv_cpu *cpu, struct dev_state *s)
{
    struct ir_ctx *c = &cpu->ctx;
    dev_state_u64(s, &c->pc);
    dev_state_u64s(s, cpu->x, 32);
    dev_state_u64s(s, cpu->f, 32);
    dev_state_u32(s, &c->fflags);
    dev_state_u32(s, &c->frm);
    dev_state_u64(s, &c->resv_addr);
    dev_state_u64(s, &c->resv_val);
    dev_state_u64(s, &c->resv_size);
}

/* The CSR file, in struct rv_hart's order. */
static void csr_state(struct rv_hart *r, struct dev_state *s)
{
    uint64_t *const csrs[] = {
        &r->mstatus, &r->misa, &r->medeleg, &r->mideleg, &r->mie, &r->mip,
        &r->mtvec, &r->stvec, &r->mepc, &r->sepc, &r->mcause, &r->scause,
        &r->mtval, &r->stval, &r->mscratch, &r->sscratch, &r->satp,
        &r->menvcfg, &r->senvcfg, &r->mcounteren, &r->scounteren,
        &r->mhartid, &r->stimecmp, &r->irq_lines, &r->instret,
        &r->cycle_base, &r->instret_base,
    };
    dev_state_expect(s, sizeof(csrs) / sizeof(csrs[0]),
                     "hart with another CSR list");
    for (size_t i = 0; i < sizeof(csrs) / sizeof(csrs[0]); i++)
        dev_state_u64(s, csrs[i]);
    dev_state_bool(s, &r->stimer_due);
    dev_state_expect(s, 8, "hart with another PMP count");
    dev_state_u64s(s, r->pmpcfg, 8);
    dev_state_expect(s, 64, "hart with another PMP count");
    dev_state_u64s(s, r->pmpaddr, 64);
}

void sys_snapshot_hart(struct sys_hart *h, struct dev_state *s)
{
    struct rv_hart *r = &h->rv;
    uint8_t priv = r->priv;
    r->instret = h->interp.retired;
    cpu_state(&r->cpu, s);
    dev_state_u8(s, &priv);
    csr_state(r, s);
    if (!s->loading ||
        !dev_state_check(s, priv == RV_PRIV_U || priv == RV_PRIV_S ||
                                priv == RV_PRIV_M, "bad privilege level"))
        return;
    r->priv = priv;
    r->cpu.x[0] = 0;
    h->interp.retired = r->instret;
    /* What was translated or cached under the old state is not valid. */
    mmu_tlb_flush(&h->mem.tlb);
    if (h->t1)
        sys_t1_flush(h->t1);
}
