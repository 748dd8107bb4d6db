/*
 * gdb_target_riscv64.c — the riscv64 guest as gdb sees it: the features
 * org.gnu.gdb.riscv.cpu (x0..x31 by their ABI names, pc) and
 * org.gnu.gdb.riscv.fpu (f0..f31, fflags, frm, fcsr numbered as gdb's
 * own descriptions number them: CSR n is register 65 + n).
 */
#include "gdb_target.h"

#include <stddef.h>
#include <string.h>

#include "riscv64.h"

enum { CPU, FPU };

static const struct gdb_feature features[] = {
    [CPU] = {"org.gnu.gdb.riscv.cpu", ""},
    [FPU] = {"org.gnu.gdb.riscv.fpu",
             "  <union id=\"riscv_double\">\n"
             "    <field name=\"float\" type=\"ieee_single\"/>\n"
             "    <field name=\"double\" type=\"ieee_double\"/>\n"
             "  </union>\n"},
};

#define X(n, name, type) {name, n, 8, CPU, type, NULL, (int32_t)RV_X_OFF(n)}
#define F(n, name) \
    {name, 33 + (n), 8, FPU, "riscv_double", NULL, (int32_t)RV_F_OFF(n)}
#define CSR_FFLAGS 66
#define CSR_FRM 67
#define CSR_FCSR 68

static const struct gdb_reg regs[] = {
    {"zero", 0, 8, CPU, "int", NULL, -1},
    X(1, "ra", "code_ptr"), X(2, "sp", "data_ptr"), X(3, "gp", "data_ptr"),
    X(4, "tp", "data_ptr"), X(5, "t0", "int"), X(6, "t1", "int"),
    X(7, "t2", "int"), X(8, "fp", "data_ptr"), X(9, "s1", "int"),
    X(10, "a0", "int"), X(11, "a1", "int"), X(12, "a2", "int"),
    X(13, "a3", "int"), X(14, "a4", "int"), X(15, "a5", "int"),
    X(16, "a6", "int"), X(17, "a7", "int"), X(18, "s2", "int"),
    X(19, "s3", "int"), X(20, "s4", "int"), X(21, "s5", "int"),
    X(22, "s6", "int"), X(23, "s7", "int"), X(24, "s8", "int"),
    X(25, "s9", "int"), X(26, "s10", "int"), X(27, "s11", "int"),
    X(28, "t3", "int"), X(29, "t4", "int"), X(30, "t5", "int"),
    X(31, "t6", "int"),
    {"pc", 32, 8, CPU, "code_ptr", NULL, (int32_t)offsetof(struct ir_ctx, pc)},
    F(0, "ft0"), F(1, "ft1"), F(2, "ft2"), F(3, "ft3"), F(4, "ft4"),
    F(5, "ft5"), F(6, "ft6"), F(7, "ft7"), F(8, "fs0"), F(9, "fs1"),
    F(10, "fa0"), F(11, "fa1"), F(12, "fa2"), F(13, "fa3"), F(14, "fa4"),
    F(15, "fa5"), F(16, "fa6"), F(17, "fa7"), F(18, "fs2"), F(19, "fs3"),
    F(20, "fs4"), F(21, "fs5"), F(22, "fs6"), F(23, "fs7"), F(24, "fs8"),
    F(25, "fs9"), F(26, "fs10"), F(27, "fs11"), F(28, "ft8"), F(29, "ft9"),
    F(30, "ft10"), F(31, "ft11"),
    {"fflags", CSR_FFLAGS, 4, FPU, "int", "float", -1},
    {"frm", CSR_FRM, 4, FPU, "int", "float", -1},
    {"fcsr", CSR_FCSR, 4, FPU, "int", "float", -1},
};

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
    default: memset(out, 0, r->bytes); break; /* x0 */
    }
}

static void write_special(struct ir_ctx *cpu, const struct gdb_reg *r,
                          const uint8_t *in)
{
    uint32_t v;
    memcpy(&v, in, 4);
    switch (r->regnum) {
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
    .nfeatures = sizeof(features) / sizeof(*features),
    .regs = regs,
    .nregs = sizeof(regs) / sizeof(*regs),
    .read_special = read_special,
    .write_special = write_special,
};

const struct gdb_target gdb_target_riscv64_system = {
    .arch = "riscv:rv64",
    .watch_before = true,
    .features = features,
    .nfeatures = sizeof(features) / sizeof(*features),
    .regs = regs,
    .nregs = sizeof(regs) / sizeof(*regs),
    .read_special = read_special,
    .write_special = write_special,
};
