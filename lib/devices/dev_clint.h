/*
 * dev_clint.h — the SiFive CLINT (ACLINT MSWI + MTIMER) of a board's
 * harts: hart h's msip at 0x0 + 4h, its mtimecmp at 0x4000 + 8h, the
 * shared mtime at 0xbff8. mtime counts at
 * DEV_CLINT_FREQ from the host's monotonic clock (QEMU virt's timebase),
 * starting at 0 when the board is made. The timer interrupt is level
 * triggered: dev_clint_poll recomputes a hart's (its run loop calls it
 * between blocks; there is no host timer thread). With several harts on
 * their own threads, register accesses come under the board's device
 * lock while each hart polls its own timer without it.
 */
#ifndef VM_DEV_CLINT_H
#define VM_DEV_CLINT_H

#include "dev.h"
#include "dev_state.h"

#define DEV_CLINT_FREQ 10000000ull
#define DEV_CLINT_SIZE 0x10000
#define DEV_CLINT_HARTS_MAX 4095 /* msip words below mtimecmp */

struct dev_clint;

/* msip[h], mtip[h]: hart h's software and timer interrupt lines. */
struct dev_clint *dev_clint_new(unsigned harts, const struct dev_irq *msip,
                                const struct dev_irq *mtip);
void dev_clint_free(struct dev_clint *c);
extern const struct mmu_io_ops dev_clint_ops;

/* mtime now (also the `time` CSR). */
uint64_t dev_clint_mtime(void *clint);
/* Updates hart's timer line. Returns ns until mtime reaches its
 * mtimecmp (0 if it has), for a wfi that sleeps. */
uint64_t dev_clint_poll(struct dev_clint *c, unsigned hart);
/* ns until mtime reaches t (0 if past). */
uint64_t dev_clint_ns_until(struct dev_clint *c, uint64_t t);

/* The monitor's stop/cont: mtime stands still while paused, as QEMU's
 * virtual clock does, and does not jump forward at cont. */
void dev_clint_pause(struct dev_clint *c, bool pause);
/* Saves or restores msip, mtimecmp and mtime (dev_state.h); a restored
 * mtime goes on counting from the saved value. */
void dev_clint_state(struct dev_clint *c, struct dev_state *s);

#endif
