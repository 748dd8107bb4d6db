/*
 * gdb_target_riscv64.c — the riscv64 guest as gdb sees it: the features
 * org.gnu.gdb.riscv.cpu (x0..x31 by their ABI names, pc) and
 * org.gnu.gdb.riscv.fpu (f0..f31, fflags, frm, fcsr numbered as gdb's
 * own descriptions number them: CSR n is register 65 + n).
 *
 * A hart of system mode (gdb_target_riscv64_system) has the same
 * registers, then org.gnu.gdb.riscv.csr (the status, trap and
 * translation CSRs, through the hart's own CSR rules: what a csrr in M
 * mode reads, WARL on writes) and org.gnu.gdb.riscv.virtual (priv, the
 * privilege level). There the ir_ctx is a struct rv_hart's.
 */
#include "gdb_target.h"

#include <stddef.h>
#include <string.h>

#include "riscv64.h"
#include "riscv64_priv.h"

enum { CPU, FPU, CSR, VIRTUAL };

static const struct gdb_feature features[] = {
    [CPU] = {"org.gnu.gdb.riscv.cpu", ""},
    [FPU] = {"org.gnu.gdb.riscv.fpu",
             "  <union id=\"riscv_double\">\n"
             "    <field name=\"float\" type=\"ieee_single\"/>\n"
             "    <field name=\"double\" type=\"ieee_double\"/>\n"
             "  </union>\n"},
    [CSR] = {"org.gnu.gdb.riscv.csr", ""},
    [VIRTUAL] = {"org.gnu.gdb.riscv.virtual", ""},
};

#define X(n, name, type) {name, n, 8, CPU, type, NULL, (int32_t)RV_X_OFF(n)}
#define F(n, name) \
    {name, 33 + (n), 8, FPU, "riscv_double", NULL, (int32_t)RV_F_OFF(n)}
#define CSR_FFLAGS 66
#define CSR_FRM 67
#define CSR_FCSR 68
#define REG_PRIV (65 + 4096) /* gdb's number for the virtual register */

/* x0..x31, pc, f0..f31, fflags, frm, fcsr: both targets' first. */
#define CORE_REGS \
    {"zero", 0, 8, CPU, "int", NULL, -1}, \
    X(1, "ra", "code_ptr"), X(2, "sp", "data_ptr"), X(3, "gp", "data_ptr"), \
    X(4, "tp", "data_ptr"), X(5, "t0", "int"), X(6, "t1", "int"), \
    X(7, "t2", "int"), X(8, "fp", "data_ptr"), X(9, "s1", "int"), \
    X(10, "a0", "int"), X(11, "a1", "int"), X(12, "a2", "int"), \
    X(13, "a3", "int"), X(14, "a4", "int"), X(15, "a5", "int"), \
    X(16, "a6", "int"), X(17, "a7", "int"), X(18, "s2", "int"), \
    X(19, "s3", "int"), X(20, "s4", "int"), X(21, "s5", "int"), \
    X(22, "s6", "int"), X(23, "s7", "int"), X(24, "s8", "int"), \
    X(25, "s9", "int"), X(26, "s10", "int"), X(27, "s11", "int"), \
    X(28, "t3", "int"), X(29, "t4", "int"), X(30, "t5", "int"), \
    X(31, "t6", "int"), \
    {"pc", 32, 8, CPU, "code_ptr", NULL, (int32_t)offsetof(struct ir_ctx, pc)}, \
    F(0, "ft0"), F(1, "ft1"), F(2, "ft2"), F(3, "ft3"), F(4, "ft4"), \
    F(5, "ft5"), F(6, "ft6"), F(7, "ft7"), F(8, "fs0"), F(9, "fs1"), \
    F(10, "fa0"), F(11, "fa1"), F(12, "fa2"), F(13, "fa3"), F(14, "fa4"), \
    F(15, "fa5"), F(16, "fa6"), F(17, "fa7"), F(18, "fs2"), F(19, "fs3"), \
    F(20, "fs4"), F(21, "fs5"), F(22, "fs6"), F(23, "fs7"), F(24, "fs8"), \
    F(25, "fs9"), F(26, "fs10"), F(27, "fs11"), F(28, "ft8"), F(29, "ft9"), \
    F(30, "ft10"), F(31, "ft11"), \
    {"fflags", CSR_FFLAGS, 4, FPU, "int", "float", -1}, \
    {"frm", CSR_FRM, 4, FPU, "int", "float", -1}, \
    {"fcsr", CSR_FCSR, 4, FPU, "int", "float", -1},

static const struct gdb_reg regs[] = {CORE_REGS};

/* The hart around a system-mode CPU state (never reached in user
 * mode: its table has no CSR or virtual register). The CSR reads only
 * look, but rv_priv_debug_csr_read takes the hart as the CSR code does. */
static struct rv_hart *hart_of(const struct ir_ctx *cpu)
{
    return (struct rv_hart *)((uintptr_t)cpu -
                              offsetof(struct rv_hart, cpu.ctx));
}

static bool is_hart_csr(unsigned regnum)
{
    return regnum >= 65 && regnum < 65 + 4096 && regnum != CSR_FFLAGS &&
           regnum != CSR_FRM && regnum != CSR_FCSR;
}

static void put32(uint8_t *out, uint32_t v)
{
    memcpy(out, &v, 4);
}

static void read_special(const struct ir_ctx *cpu, const struct gdb_reg *r,
                         uint8_t *out)
{
    switch (r->regnum) {
    case CSR_FFLAGS: put32(out, cpu->fflags & 0x1f); break;
    case CSR_FRM: put32(out, cpu->frm & 7); break;
    case CSR_FCSR: put32(out, (cpu->frm & 7) << 5 | (cpu->fflags & 0x1f)); break;
    case REG_PRIV: {
        uint64_t priv = hart_of(cpu)->priv;
        memcpy(out, &priv, 8);
        break;
    }
    default: {
        uint64_t v = 0; /* x0 */
        if (is_hart_csr(r->regnum))
            rv_priv_debug_csr_read(hart_of(cpu), r->regnum - 65u, &v);
        memcpy(out, &v, r->bytes);
        break;
    }
    }
}

static void write_special(struct ir_ctx *cpu, const struct gdb_reg *r,
                          const uint8_t *in)
{
    uint32_t v;
    memcpy(&v, in, 4);
    if (is_hart_csr(r->regnum)) {
        uint64_t v64;
        memcpy(&v64, in, 8);
        rv_priv_debug_csr_write(hart_of(cpu), r->regnum - 65u, v64);
        return;
    }
    switch (r->regnum) {
    case REG_PRIV: /* U, S or M; the hart loop picks its TLB tables */
        if (v == RV_PRIV_U || v == RV_PRIV_S || v == RV_PRIV_M)
            hart_of(cpu)->priv = (uint8_t)v;
        break;
    case CSR_FFLAGS: cpu->fflags = v & 0x1f; break;
    case CSR_FRM: cpu->frm = v & 7; break;
    case CSR_FCSR:
        cpu->fflags = v & 0x1f;
        cpu->frm = (v >> 5) & 7;
        break;
    default: break; /* x0 stays 0 */
    }
}

const struct gdb_target gdb_target_riscv64 = {
    .arch = "riscv:rv64",
    .osabi = "GNU/Linux",
    .watch_before = true,
    .features = features,
    .nfeatures = FPU + 1, /* a process has no CSR or virtual feature */
    .regs = regs,
    .nregs = sizeof(regs) / sizeof(*regs),
    .read_special = read_special,
    .write_special = write_special,
};

/* A CSR of a hart: gdb's number is 65 + the CSR's. */
#define CSR_REG(name, num) {#name, 65 + (num), 8, CSR, "int", NULL, -1}

static const struct gdb_reg system_regs[] = {
    CORE_REGS /* then in increasing number, as the 'g' packet orders them */
    CSR_REG(sstatus, 0x100), CSR_REG(sie, 0x104), CSR_REG(stvec, 0x105),
    CSR_REG(sscratch, 0x140), CSR_REG(sepc, 0x141), CSR_REG(scause, 0x142),
    CSR_REG(stval, 0x143), CSR_REG(sip, 0x144), CSR_REG(satp, 0x180),
    CSR_REG(mstatus, 0x300), CSR_REG(misa, 0x301), CSR_REG(medeleg, 0x302),
    CSR_REG(mideleg, 0x303), CSR_REG(mie, 0x304), CSR_REG(mtvec, 0x305),
    CSR_REG(mscratch, 0x340), CSR_REG(mepc, 0x341), CSR_REG(mcause, 0x342),
    CSR_REG(mtval, 0x343), CSR_REG(mip, 0x344), CSR_REG(mhartid, 0xf14),
    {"priv", REG_PRIV, 8, VIRTUAL, "int", NULL, -1},
};

const struct gdb_target gdb_target_riscv64_system = {
    .arch = "riscv:rv64",
    .watch_before = true,
    .features = features,
    .nfeatures = sizeof(features) / sizeof(*features),
    .regs = system_regs,
    .nregs = sizeof(system_regs) / sizeof(*system_regs),
    .read_special = read_special,
    .write_special = write_special,
};
