/*
 * dev.h — what every board device shares: its registers are reached
 * through the softmmu's device contract (struct mmu_io_ops in mmu_phys.h:
 * read/write by offset and size), it raises interrupts through a
 * struct dev_irq line, and a device that ends the run (poweroff, HTIF
 * exit) says so in struct dev_power. A new device implements these and
 * is mapped by the board; the run loop does not change.
 *
 * Each device has dev_<name>_new/_free and an `extern const struct
 * mmu_io_ops dev_<name>_ops` taking the device as its opaque pointer.
 */
#ifndef VM_DEV_H
#define VM_DEV_H

#include <stdbool.h>
#include <stdint.h>

#include "mmu_phys.h"

/* An interrupt line into a hart (mip bit) or an interrupt controller. */
struct dev_irq {
    void (*set)(void *opaque, unsigned line, bool level);
    void *opaque;
    unsigned line;
};

static inline void dev_irq_set(const struct dev_irq *l, bool level)
{
    if (l->set)
        l->set(l->opaque, l->line, level);
}

/* Set by a device to end the run with `status` (poweroff, test exit).
 * With several harts, every hart thread reads stop (dev_power_stopped)
 * while a device on another sets it: status is written first. */
struct dev_power {
    bool stop;
    int status;
    bool reboot;
    bool claimed;  /* dev_power_off's: the first caller's status wins */
};

static inline bool dev_power_stopped(const struct dev_power *p)
{
    return __atomic_load_n(&p->stop, __ATOMIC_ACQUIRE);
}

static inline void dev_power_off(struct dev_power *p, int status)
{
    if (!__atomic_exchange_n(&p->claimed, true, __ATOMIC_ACQ_REL)) {
        p->status = status;
        __atomic_store_n(&p->stop, true, __ATOMIC_RELEASE);
    }
}

/* Host monotonic time in ns (the timebase of mtime). */
uint64_t dev_clock_ns(void);

#endif
