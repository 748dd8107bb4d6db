/*
 * ir_host_sse.h — helper calls that one host SSE instruction can stand in
 * for, so the back ends emit that instruction inline instead of the call.
 *
 * The host is x86-64, so a guest whose vector or floating-point op is
 * exactly a host SSE instruction (same rounding, NaN propagation and
 * exception flags under the same control word) describes it here; tier 1
 * emits the instruction on the state slots (t1_vec.c), tier 2 as inline
 * assembly (ll_vec.c). The description is guest-neutral: state offsets,
 * the host opcode, and a guard on one 32-bit state word. While the guard
 * fails (the guest's control word differs from the host's), the back ends
 * call the helper as before; exception flags the inline instruction
 * raises stay in the host's MXCSR until the guest reads its own (the
 * guest folds them in: lib/lift/x86_64/README.md, "SSE inline").
 */
#ifndef VM_IR_HOST_SSE_H
#define VM_IR_HOST_SSE_H

#include <stdbool.h>
#include <stdint.h>

#include "ir.h"

/* What the instruction reads and writes. xmm "dst" and "src" are state
 * slots; `width` bytes of dst are written, `src_width` bytes of src read. */
enum ir_host_sse_kind {
    IR_HOST_SSE_BINARY,   /* dst = dst OP src (dst's first width bytes) */
    IR_HOST_SSE_UNARY,    /* dst = OP src */
    IR_HOST_SSE_COMPARE,  /* (u)comis: result = the host RFLAGS bits CF
                             (0x01) | PF (0x04) | ZF (0x40) of dst vs src */
    IR_HOST_SSE_FROM_INT, /* dst = cvt(integer operand a, int_size bytes) */
    IR_HOST_SSE_TO_INT,   /* result = cvt(src), int_size bytes, zero-extended */
};

struct ir_host_sse {
    uint8_t kind;      /* enum ir_host_sse_kind */
    uint8_t prefix;    /* mandatory prefix: 0, 0x66, 0xf2 or 0xf3 */
    uint8_t opcode;    /* the byte after 0x0f */
    uint8_t width;     /* dst bytes written (compare: read): 4, 8 or 16 */
    uint8_t src_width; /* src bytes read: 4, 8 or 16 */
    uint8_t int_size;  /* FROM_INT / TO_INT: 4 or 8 */
    const char *mnemonic; /* AT&T, for tier 2's inline assembly */
    uint32_t dst_off, src_off;
    /* Runs inline only while (state32[guard_off] & guard_mask) ==
     * guard_value; otherwise the helper call. */
    uint32_t guard_off, guard_mask, guard_value;
};

/* True, with *f filled, when CALL `in` has a host SSE form. */
bool ir_host_sse_form(const struct ir_insn *in, struct ir_host_sse *f);

#endif
