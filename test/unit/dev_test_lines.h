/*
 * dev_test_lines.h — the device unit tests' interrupt lines: line n of
 * irq(n) drives lines[n], so a test reads what a device raised.
 * Included by one test file each (static definitions).
 */
#ifndef VM_DEV_TEST_LINES_H
#define VM_DEV_TEST_LINES_H

#include <stdbool.h>

#include "dev.h"

static bool lines[16];

static void set_line(void *opaque, unsigned line, bool level)
{
    (void)opaque;
    lines[line] = level;
}

static struct dev_irq irq(unsigned n)
{
    return (struct dev_irq){set_line, NULL, n};
}

#endif
