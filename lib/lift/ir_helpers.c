/*
 * ir_helpers.c — the helper table (id -> function, from IR_HELPERS) and
 * the counter helpers. The floating-point helpers live in ir_fp.c.
 */
#include <time.h>

#include "ir.h"

const ir_helper_fn ir_helper_table[IR_NUM_HELPERS] = {
#define IR_HELPER_ENTRY(name, nargs, state) [IR_H_##name] = ir_helper_##name,
    IR_HELPERS(IR_HELPER_ENTRY)
#undef IR_HELPER_ENTRY
};

static uint64_t monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Linux on QEMU's virt board reports timebase-frequency = 10 MHz, so
 * guests scale the time CSR by that: one tick is 100 ns. */
uint64_t ir_helper_rdtime(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                          uint64_t c, uint64_t imm)
{
    (void)ctx, (void)a, (void)b, (void)c, (void)imm;
    return monotonic_ns() / 100;
}

/* No cycle counter to imitate: nanoseconds are monotonic and cycle-like. */
uint64_t ir_helper_rdcycle(struct ir_ctx *ctx, uint64_t a, uint64_t b,
                           uint64_t c, uint64_t imm)
{
    (void)ctx, (void)a, (void)b, (void)c, (void)imm;
    return monotonic_ns();
}
