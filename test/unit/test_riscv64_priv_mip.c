/*
 * test_riscv64_priv_mip.c — mip's read-modify-write rule (the privileged
 * spec, on SEIP): csrr mip reads the written bits ORed with the device
 * lines, but csrrs/csrrc modify only the written bits. OpenSBI sets SSIP
 * with `csrs mip` to pass an IPI to S mode; done over the read value,
 * a PLIC line high at that moment stayed latched as SEIP after the line
 * dropped, and Linux took SEI forever (found with -smp 4).
 */
#include <criterion/criterion.h>
#include <string.h>

#include "riscv64.h"
#include "riscv64_priv.h"

static struct rv_hart hart;

/* Runs one 32-bit CSR instruction in M mode. */
static void exec(uint32_t word)
{
    struct rv_insn in;
    uint8_t bytes[4];
    memcpy(bytes, &word, 4);
    cr_assert_eq(rv_decode(bytes, 4, &in), 4);
    rv_priv_exec(&hart, &in);
}

#define CSR_MIP 0x344
/* csrrs/csrrc/csrrw rd, csr, rs1 */
static uint32_t csr_op(unsigned funct3, unsigned rd, unsigned csr,
                       unsigned rs1)
{
    return (csr << 20) | (rs1 << 15) | (funct3 << 12) | (rd << 7) | 0x73;
}

Test(riscv64_priv, csrs_mip_does_not_latch_device_lines)
{
    rv_priv_reset(&hart, 0, 0x80000000);
    rv_priv_set_irq(&hart, RV_IRQ_SEI, true); /* the PLIC's S line high */
    rv_priv_set_irq(&hart, RV_IRQ_MSI, true); /* and an IPI pending */
    hart.cpu.x[5] = 1ull << RV_IRQ_SSI;
    exec(csr_op(2, 6, CSR_MIP, 5));            /* csrrs t1, mip, t0 */
    cr_assert_eq(hart.cpu.x[6] & (1ull << RV_IRQ_SEI), 1ull << RV_IRQ_SEI,
                 "the read sees the line");
    rv_priv_set_irq(&hart, RV_IRQ_SEI, false);
    rv_priv_set_irq(&hart, RV_IRQ_MSI, false);
    exec(csr_op(2, 7, CSR_MIP, 0));            /* csrr t2, mip */
    cr_assert_eq(hart.cpu.x[7] & ((1ull << RV_IRQ_SEI) | (1ull << RV_IRQ_MSI)),
                 0, "no line latched: mip = %#llx",
                 (unsigned long long)hart.cpu.x[7]);
    cr_assert_eq(hart.cpu.x[7] & (1ull << RV_IRQ_SSI), 1ull << RV_IRQ_SSI);
    /* csrc of SSIP with the line high again leaves SEIP to the line. */
    rv_priv_set_irq(&hart, RV_IRQ_SEI, true);
    exec(csr_op(3, 0, CSR_MIP, 5));            /* csrc mip, t0 */
    rv_priv_set_irq(&hart, RV_IRQ_SEI, false);
    exec(csr_op(2, 7, CSR_MIP, 0));
    cr_assert_eq(hart.cpu.x[7] & ((1ull << RV_IRQ_SEI) | (1ull << RV_IRQ_SSI)),
                 0);
    /* A written SEIP (csrw by M mode) stays until written again. */
    hart.cpu.x[5] = 1ull << RV_IRQ_SEI;
    exec(csr_op(2, 0, CSR_MIP, 5));            /* csrs mip, t0 */
    exec(csr_op(2, 7, CSR_MIP, 0));
    cr_assert_eq(hart.cpu.x[7] & (1ull << RV_IRQ_SEI), 1ull << RV_IRQ_SEI);
}
