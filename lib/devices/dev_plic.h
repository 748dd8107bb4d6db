/*
 * dev_plic.h — the SiFive PLIC of QEMU's virt board: two contexts per
 * hart (2h: hart h's M mode -> MEIP, 2h + 1: its S mode -> SEIP). Sources 1..95 are
 * level-triggered inputs (struct dev_irq with opaque = the PLIC, line =
 * source). Registers: priority (0x0 + 4*src), pending bits (0x1000),
 * enable bits (0x2000 + 0x80*ctx), threshold and claim/complete
 * (0x200000 + 0x1000*ctx, +4).
 */
#ifndef VM_DEV_PLIC_H
#define VM_DEV_PLIC_H

#include "dev.h"
#include "dev_state.h"

#define DEV_PLIC_SIZE 0x600000
#define DEV_PLIC_SOURCES 96 /* source 0 is "no interrupt" */
#define DEV_PLIC_CONTEXTS_PER_HART 2
#define DEV_PLIC_CONTEXTS_MAX 15872 /* what the register map has room for */

struct dev_plic;

/* ctx_lines[c] (contexts of them): the line context c drives into its
 * hart. NULL for 0 or too many contexts, or out of memory. */
struct dev_plic *dev_plic_new(unsigned contexts,
                              const struct dev_irq *ctx_lines);
void dev_plic_free(struct dev_plic *p);
extern const struct mmu_io_ops dev_plic_ops;
/* A source's input line (struct dev_irq's set; opaque = the PLIC). */
void dev_plic_set(void *plic, unsigned source, bool level);

/* Saves or restores priorities, pending, claimed, line levels, and each
 * context's enables and threshold (dev_state.h). */
void dev_plic_state(struct dev_plic *p, struct dev_state *s);

#endif
