/*
 * riscv64_csr.c — the system-mode CSR file: plain WARL registers from
 * riscv64_csr_list.h's table, the views and counters by hand.
 *
 * Access rules (privileged spec, "CSR Address Mapping Conventions"):
 * bits 9:8 of the number are the lowest privilege that may access it,
 * bits 11:10 == 3 make it read-only; counters below M also need their
 * mcounteren (and in U, scounteren) bit; FP CSRs need mstatus.FS on.
 */
#include <assert.h>
#include <stddef.h>

#include "riscv64_csr_list.h"
#include "riscv64_priv_internal.h"

#define MIP_WRITABLE ((1ull << RV_IRQ_SSI) | (1ull << RV_IRQ_STI) |        \
                      (1ull << RV_IRQ_SEI))
#define S_IRQS 0x222ull
#define SATP_MODE_SHIFT 60
#define SATP_ASID_PPN ((1ull << 60) - 1)
#define MENVCFG_STCE (1ull << 63)
#define MENVCFG_MASK (MENVCFG_STCE | 1ull)
#define PMP_ENTRIES 16
#define PMPADDR_MASK ((1ull << 54) - 1)
#define PMPCFG_MASK 0x9f9f9f9f9f9f9f9full /* bits 5-6 of each byte are 0 */
#define FS_DIRTY (3ull << RV_MSTATUS_FS_SHIFT)
#define XLEN_64 2ull
#define MSTATUS_UXL_SXL ((XLEN_64 << 32) | (XLEN_64 << 34))
#define MSTATUS_SD (1ull << 63)
#define MSTATUS_WRITABLE                                                      \
    (RV_MSTATUS_SIE | RV_MSTATUS_MIE | RV_MSTATUS_SPIE | RV_MSTATUS_MPIE |   \
     RV_MSTATUS_SPP | RV_MSTATUS_MPP | RV_MSTATUS_FS | RV_MSTATUS_MPRV |     \
     RV_MSTATUS_SUM | RV_MSTATUS_MXR | RV_MSTATUS_TVM | RV_MSTATUS_TW |      \
     RV_MSTATUS_TSR)
#define SSTATUS_WRITABLE                                                      \
    (RV_MSTATUS_SIE | RV_MSTATUS_SPIE | RV_MSTATUS_SPP | RV_MSTATUS_FS |     \
     RV_MSTATUS_SUM | RV_MSTATUS_MXR)
#define SSTATUS_VISIBLE (SSTATUS_WRITABLE | MSTATUS_SD | (XLEN_64 << 32))

#define PRIV_OF_U RV_PRIV_U
#define PRIV_OF_S RV_PRIV_S
#define PRIV_OF_M RV_PRIV_M

struct plain_csr {
    uint16_t num;
    uint8_t priv;
    size_t off;
    uint64_t wmask;
};

static const struct plain_csr plain[] = {
#define PLAIN(name, num, priv, field, mask)                                   \
    {num, PRIV_OF_##priv, offsetof(struct rv_hart, field), mask},
    RV_CSRS_PLAIN(PLAIN)
#undef PLAIN
};

enum special_id {
#define SPECIAL(name, num, priv) CSR_##name = num,
    RV_CSRS_SPECIAL(SPECIAL)
#undef SPECIAL
};

static const uint16_t special_nums[] = {
#define SPECIAL(name, num, priv) num,
    RV_CSRS_SPECIAL(SPECIAL)
#undef SPECIAL
};

void rv_csr_check_table(void)
{
    for (size_t i = 0; i < sizeof(plain) / sizeof(*plain); i++)
        assert(((plain[i].num >> 8) & 3) == plain[i].priv);
}

static uint64_t *field(struct rv_hart *h, const struct plain_csr *c)
{
    return (uint64_t *)((char *)h + c->off);
}

static const struct plain_csr *find_plain(unsigned num)
{
    for (size_t i = 0; i < sizeof(plain) / sizeof(*plain); i++)
        if (plain[i].num == num)
            return &plain[i];
    return NULL;
}

static bool is_special(unsigned num)
{
    for (size_t i = 0; i < sizeof(special_nums) / sizeof(*special_nums); i++)
        if (special_nums[i] == num)
            return true;
    return false;
}

static bool in_range(unsigned num, unsigned lo, unsigned hi)
{
    return num >= lo && num <= hi;
}

/* hpmcounters, mhpmcounters, mhpmevents: present, always zero. */
static bool is_zero_counter(unsigned num)
{
    return in_range(num, 0xc03, 0xc1f) || in_range(num, 0xb03, 0xb1f) ||
           in_range(num, 0x323, 0x33f);
}

static bool is_pmp(unsigned num)
{
    return in_range(num, 0x3a0, 0x3ef);
}

static bool exists(unsigned num)
{
    if (is_pmp(num))
        return num >= 0x3b0 || (num & 1) == 0; /* odd pmpcfg: RV32 only */
    return find_plain(num) || is_special(num) || is_zero_counter(num);
}

static bool counter_enabled(const struct rv_hart *h, unsigned num)
{
    if (!in_range(num, 0xc00, 0xc1f) || h->priv == RV_PRIV_M)
        return true;
    uint64_t bit = 1ull << (num - 0xc00);
    if (!(h->mcounteren & bit))
        return false;
    return h->priv == RV_PRIV_S || (h->scounteren & bit);
}

static bool fp_csr(unsigned num)
{
    return num == CSR_fflags || num == CSR_frm || num == CSR_fcsr;
}

static bool allowed(const struct rv_hart *h, unsigned num, bool write)
{
    if (!exists(num) || h->priv < ((num >> 8) & 3))
        return false;
    if (write && (num >> 10) == 3)
        return false;
    if (!counter_enabled(h, num))
        return false;
    if (fp_csr(num) && rv_priv_fp_off(h))
        return false;
    if (num == CSR_satp && h->priv == RV_PRIV_S &&
        (h->mstatus & RV_MSTATUS_TVM))
        return false;
    if (num == CSR_stimecmp && h->priv < RV_PRIV_M &&
        (!(h->menvcfg & MENVCFG_STCE) || !(h->mcounteren & 2)))
        return false;
    return true;
}

static uint64_t now(const struct rv_hart *h)
{
    return h->read_time ? h->read_time(h->time_opaque) : 0;
}

uint64_t rv_csr_rmw_base(const struct rv_hart *h, unsigned num, uint64_t old)
{
    return num == CSR_mip || num == CSR_sip ? h->mip : old;
}

uint64_t rv_csr_mip(struct rv_hart *h)
{
    uint64_t mip = h->mip | __atomic_load_n(&h->irq_lines, __ATOMIC_RELAXED);
    if (h->menvcfg & MENVCFG_STCE) {
        mip &= ~(1ull << RV_IRQ_STI);
        if (h->stimer_due)
            mip |= 1ull << RV_IRQ_STI;
    }
    return mip;
}

void rv_priv_update_timer(struct rv_hart *h)
{
    h->stimer_due = (h->menvcfg & MENVCFG_STCE) && now(h) >= h->stimecmp;
}

static uint64_t mstatus_read(const struct rv_hart *h)
{
    uint64_t v = h->mstatus | MSTATUS_UXL_SXL;
    if ((v & RV_MSTATUS_FS) == FS_DIRTY)
        v |= MSTATUS_SD;
    return v;
}

static uint64_t pmp_read(const struct rv_hart *h, unsigned num)
{
    if (num < 0x3b0)
        return h->pmpcfg[(num - 0x3a0) / 2];
    return h->pmpaddr[num - 0x3b0];
}

static void pmp_write(struct rv_hart *h, unsigned num, uint64_t v)
{
    if (num < 0x3b0) {
        unsigned i = (num - 0x3a0) / 2;
        if (i < PMP_ENTRIES / 8)
            h->pmpcfg[i] = v & PMPCFG_MASK;
    } else if (num - 0x3b0 < PMP_ENTRIES) {
        h->pmpaddr[num - 0x3b0] = v & PMPADDR_MASK;
    }
}

static uint64_t special_read(struct rv_hart *h, unsigned num)
{
    struct ir_ctx *ctx = &h->cpu.ctx;
    switch (num) {
    case CSR_fflags: return ctx->fflags;
    case CSR_frm: return ctx->frm;
    case CSR_fcsr: return (uint64_t)ctx->frm << 5 | ctx->fflags;
    case CSR_cycle: case CSR_mcycle: return h->instret - h->cycle_base;
    case CSR_instret: case CSR_minstret: return h->instret - h->instret_base;
    case CSR_time: return now(h);
    case CSR_sstatus: return mstatus_read(h) & SSTATUS_VISIBLE;
    case CSR_sie: return h->mie & h->mideleg;
    case CSR_sip: return rv_csr_mip(h) & h->mideleg & S_IRQS;
    case CSR_stimecmp: return h->stimecmp;
    case CSR_satp: return h->satp;
    case CSR_mstatus: return mstatus_read(h);
    case CSR_menvcfg: return h->menvcfg;
    case CSR_mip: return rv_csr_mip(h);
    }
    return 0;
}

static void write_mstatus(struct rv_hart *h, uint64_t v, uint64_t mask,
                          unsigned *flags)
{
    uint64_t old = h->mstatus;
    uint64_t m = (old & ~mask) | (v & mask);
    if (((m & RV_MSTATUS_MPP) >> RV_MSTATUS_MPP_SHIFT) == 2) /* reserved */
        m = (m & ~RV_MSTATUS_MPP) | (old & RV_MSTATUS_MPP);
    h->mstatus = m;
    /* The TLB caches permissions computed under SUM and MXR (MPRV and
     * MPP only choose which privilege's TLB a data access uses). */
    uint64_t vm_bits = RV_MSTATUS_SUM | RV_MSTATUS_MXR;
    if ((old ^ m) & vm_bits)
        *flags |= RV_PRIV_FLUSH_TLB;
}

/* satp: an unsupported mode (Sv57, Sv64, reserved) ignores the write. */
static void write_satp(struct rv_hart *h, uint64_t v, unsigned *flags)
{
    uint64_t mode = v >> SATP_MODE_SHIFT;
    if (mode != 0 && mode != 8 && mode != 9)
        return;
    h->satp = (mode << SATP_MODE_SHIFT) | (v & SATP_ASID_PPN);
    *flags |= RV_PRIV_FLUSH_TLB;
}

static void special_write(struct rv_hart *h, unsigned num, uint64_t v,
                          unsigned *flags)
{
    struct ir_ctx *ctx = &h->cpu.ctx;
    switch (num) {
    case CSR_fflags: ctx->fflags = v & 0x1f; break;
    case CSR_frm: ctx->frm = v & 7; break;
    case CSR_fcsr: ctx->fflags = v & 0x1f; ctx->frm = (v >> 5) & 7; break;
    /* The written value is what the next instruction reads: the count
     * of the writing instruction itself is suppressed (h->instret does
     * not include it yet). */
    case CSR_mcycle: h->cycle_base = h->instret + 1 - v; break;
    case CSR_minstret: h->instret_base = h->instret + 1 - v; break;
    case CSR_sstatus: write_mstatus(h, v, SSTATUS_WRITABLE, flags); break;
    case CSR_mstatus: write_mstatus(h, v, MSTATUS_WRITABLE, flags); break;
    case CSR_sie:
        h->mie = (h->mie & ~h->mideleg) | (v & h->mideleg & S_IRQS);
        break;
    case CSR_sip: {
        uint64_t m = h->mideleg & (1ull << RV_IRQ_SSI);
        h->mip = (h->mip & ~m) | (v & m);
        break;
    }
    case CSR_mip: {
        uint64_t m = MIP_WRITABLE;
        if (h->menvcfg & MENVCFG_STCE)
            m &= ~(1ull << RV_IRQ_STI); /* Sstc owns STIP */
        h->mip = (h->mip & ~m) | (v & m);
        break;
    }
    case CSR_stimecmp: h->stimecmp = v; break;
    case CSR_satp: write_satp(h, v, flags); break;
    case CSR_menvcfg: h->menvcfg = v & MENVCFG_MASK; break;
    }
    if (num == CSR_stimecmp || num == CSR_menvcfg)
        rv_priv_update_timer(h);
    if (fp_csr(num))
        rv_priv_fp_dirty(h);
}

int rv_csr_read(struct rv_hart *h, unsigned num, uint64_t *out)
{
    if (!allowed(h, num, false))
        return -1;
    const struct plain_csr *c = find_plain(num);
    if (c)
        *out = *field(h, c);
    else if (is_pmp(num))
        *out = pmp_read(h, num);
    else if (is_zero_counter(num))
        *out = 0;
    else
        *out = special_read(h, num);
    return 0;
}

int rv_csr_write(struct rv_hart *h, unsigned num, uint64_t v, unsigned *flags)
{
    if (!allowed(h, num, true))
        return -1;
    const struct plain_csr *c = find_plain(num);
    if (c) {
        uint64_t *f = field(h, c);
        *f = (*f & ~c->wmask) | (v & c->wmask);
    } else if (is_pmp(num)) {
        pmp_write(h, num, v);
    } else if (!is_zero_counter(num)) {
        special_write(h, num, v, flags);
    }
    return 0;
}

/* The checks of rv_csr_read/write depend on the privilege only: M mode
 * passes them for every CSR that exists. */
int rv_priv_debug_csr_read(struct rv_hart *h, unsigned num, uint64_t *out)
{
    uint8_t priv = h->priv;
    h->priv = RV_PRIV_M;
    int r = rv_csr_read(h, num, out);
    h->priv = priv;
    return r;
}

int rv_priv_debug_csr_write(struct rv_hart *h, unsigned num, uint64_t v)
{
    uint8_t priv = h->priv;
    unsigned flags = 0;
    h->priv = RV_PRIV_M;
    int r = rv_csr_write(h, num, v, &flags);
    h->priv = priv;
    return r;
}
