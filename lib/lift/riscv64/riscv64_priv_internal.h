/*
 * riscv64_priv_internal.h — shared by riscv64_priv.c (traps, privileged
 * instructions) and riscv64_csr.c (the CSR file).
 */
#ifndef VM_RISCV64_PRIV_INTERNAL_H
#define VM_RISCV64_PRIV_INTERNAL_H

#include "riscv64_priv.h"

/* Reads CSR num as the current privilege may: 0, or -1 when the access
 * is illegal (unknown CSR, too little privilege, counter disabled). */
int rv_csr_read(struct rv_hart *h, unsigned num, uint64_t *out);
/* Writes it; may add RV_PRIV_FLUSH_TLB to *flags. -1 when illegal. */
int rv_csr_write(struct rv_hart *h, unsigned num, uint64_t v,
                 unsigned *flags);
/* mip as software sees it: written bits, device lines, Sstc's STIP. */
uint64_t rv_csr_mip(struct rv_hart *h);
/* What csrrs/csrrc modify: old (what was read) for most CSRs, but for
 * mip and sip only the software-written bits, so that setting SSIP does
 * not latch a device line (SEIP, MSIP) that happened to be high into
 * the written bit (the privileged spec's rule for SEIP). */
uint64_t rv_csr_rmw_base(const struct rv_hart *h, unsigned num, uint64_t old);
/* Checks the CSR list against the privilege encoded in each number. */
void rv_csr_check_table(void);

#endif
