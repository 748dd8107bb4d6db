/*
 * signal_abi.h — the guest-specific half of signal delivery: how a signal
 * frame is laid out on the guest stack and how registers enter and leave
 * a handler. One instance per guest (sigframe_riscv64.c), reached through
 * rt_guest.signal_abi; the generic half (which signal, which stack, the
 * masks) is signal_deliver.c.
 */
#ifndef VM_LINUX_SIGNAL_ABI_H
#define VM_LINUX_SIGNAL_ABI_H

#include <stddef.h>
#include <stdint.h>

#include "linux_abi.h"

struct rt_thread;
struct ir_ctx;

/* What the generic half hands the frame builder. */
struct lx_sigframe_args {
    int sig;
    const struct lx_siginfo *info;
    uint64_t handler;      /* guest address of the handler */
    uint64_t restorer;     /* return address: the sigreturn trampoline */
    uint64_t old_mask;     /* mask to restore on sigreturn */
    struct lx_stack stack; /* uc_stack: the altstack as it was */
};

struct linux_signal_abi {
    uint64_t frame_size;   /* bytes the frame takes on the stack (at most) */
    uint64_t frame_align;  /* the frame's start is aligned down to this */
    uint64_t red_zone;     /* bytes below sp left alone (x86-64: 128) */
    /* Where the frame starts below sp, when the generic rule (sp -
     * frame_size, aligned down) does not say it; NULL otherwise. */
    uint64_t (*frame_address)(uint64_t sp);
    uint64_t (*stack_pointer)(const struct ir_ctx *cpu);
    /* Writes the frame at guest address `frame` and points the registers
     * at the handler. 0, or -EFAULT when the frame is not writable. */
    int (*setup_frame)(struct rt_thread *t, uint64_t frame,
                       const struct lx_sigframe_args *args);
    /* rt_sigreturn: reads the frame at the stack pointer back into the
     * registers; returns the saved mask and uc_stack. 0 or -errno (a bad
     * frame). */
    int (*restore_frame)(struct rt_thread *t, uint64_t *mask,
                         struct lx_stack *stack);
    /* Guest code that calls rt_sigreturn, placed in a page of its own. */
    const uint8_t *sigreturn_code;
    size_t sigreturn_code_len;
};

extern const struct linux_signal_abi linux_signal_abi_riscv64;
extern const struct linux_signal_abi linux_signal_abi_x86_64;
extern const struct linux_signal_abi linux_signal_abi_aarch64;

#endif
