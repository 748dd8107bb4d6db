/*
 * dev_syscon.c — the SiFive test/poweroff device (see dev_syscon.h).
 */
#include "dev_syscon.h"

#define SYSCON_FAIL 0x3333

static uint64_t syscon_read(void *opaque, uint64_t offset, unsigned size)
{
    (void)opaque;
    (void)offset;
    (void)size;
    return 0;
}

static void syscon_write(void *opaque, uint64_t offset, unsigned size,
                         uint64_t value)
{
    struct dev_power *power = opaque;
    (void)size;
    if (offset != 0)
        return;
    switch (value & 0xffff) {
    case DEV_SYSCON_PASS: dev_power_off(power, 0); break;
    case DEV_SYSCON_RESET:
        power->reboot = true;
        dev_power_off(power, 0);
        break;
    case SYSCON_FAIL: dev_power_off(power, (int)((value >> 16) & 0xffff)); break;
    }
}

const struct mmu_io_ops dev_syscon_ops = {syscon_read, syscon_write};
