/*
 * ir_x86_x87_host.c — each x87 op of X86_X87_HOST_OPS as the same
 * instruction run on the host's FPU, so rounding, precision control, NaN
 * choice, denormals, transcendental results and status bits are exactly
 * the hardware's.
 *
 * One template serves every op: save the host's FPU environment, load the
 * guest's control word, clear the status flags, push in1 then in0, run
 * the instruction, take the status word, store st0 and st1 (popping
 * whatever is or is not there), and restore the environment. fldenv puts
 * back the host's TOP and tags, so the op may leave the stack at any
 * depth; the x86-64 ABI keeps the host stack empty across calls.
 */
#include "x86_64/x86_64_x87.h"

#define X87_HOST_FN(name, form, cond, insn)                                   \
    static void host_##name(struct x86_x87_host_io *io)                      \
    {                                                                         \
        uint8_t env[28];                                                      \
        __asm__ volatile("fnstenv %[env]\n\t"                                 \
                         "fldcw %[cw]\n\t"                                    \
                         "fnclex\n\t"                                         \
                         "fldt %[in1]\n\t"                                    \
                         "fldt %[in0]\n\t" insn "\n\t"                        \
                         "fnstsw %[sw]\n\t"                                   \
                         "fstpt %[out0]\n\t"                                  \
                         "fstpt %[out1]\n\t"                                  \
                         "fldenv %[env]"                                      \
                         : [env] "=m"(env), [sw] "=m"(io->sw),                \
                           [out0] "=m"(io->out0), [out1] "=m"(io->out1)       \
                         : [cw] "m"(io->cw), [in0] "m"(io->in0),              \
                           [in1] "m"(io->in1), [p] "r"(io->mem)               \
                         : "memory", "st", "st(1)", "st(2)", "st(3)",         \
                           "st(4)", "st(5)", "st(6)", "st(7)");               \
    }
X86_X87_HOST_OPS(X87_HOST_FN)
#undef X87_HOST_FN

const x86_x87_host_fn x86_x87_host_ops[X86_X87_NUM_OPS] = {
#define X87_HOST_ENTRY(name, form, cond, insn) [X86_X87_##name] = host_##name,
    X86_X87_HOST_OPS(X87_HOST_ENTRY)
#undef X87_HOST_ENTRY
};
