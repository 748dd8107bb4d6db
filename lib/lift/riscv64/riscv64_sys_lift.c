/*
 * riscv64_sys_lift.c — the block lifter of system mode.
 *
 * Same blocks as rv_lift_block (at most 64 instructions, one page), with
 * two differences: the privileged instructions are not lifted but end the
 * block, to be run by rv_priv_exec between blocks (so every CSR access
 * sees up-to-date privilege and the run loop can check interrupts right
 * after it); and FP instructions lift as illegal while mstatus.FS is Off.
 */
#include "riscv64_lift.h"
#include "riscv64_priv.h"

#define SYS_BLOCK_MAX_INSNS 64
#define SYS_PAGE_MASK (~(uint64_t)0xfff)

static bool is_fp(unsigned op)
{
    return op < RV_OPCODE_COUNT &&
           (rv_lift_rvfd[op].fn || rv_lift_rvfd_move[op].fn);
}

static unsigned insn_length(const uint8_t *bytes)
{
    return (bytes[0] & 3) == 3 ? 4 : 2;
}

static uint32_t raw_bits(const uint8_t *bytes, unsigned len)
{
    uint32_t v = bytes[0] | (uint32_t)bytes[1] << 8;
    if (len == 4)
        v |= (uint32_t)bytes[2] << 16 | (uint32_t)bytes[3] << 24;
    return v;
}

void rv_sys_lift_block(struct ir_block *b, uint64_t pc, bool fp_off,
                       const uint8_t *(*fetch)(void *, uint64_t, uint64_t *),
                       void *arg, struct rv_sys_block_info *info)
{
    ir_block_reset(b, pc);
    info->uses_fp = false;
    info->last_raw = 0;
    const uint8_t *bytes = NULL;
    uint64_t avail = 0, cur = pc;
    for (unsigned count = 0;; count++) {
        if (count == SYS_BLOCK_MAX_INSNS ||
            (count > 0 && (cur & SYS_PAGE_MASK) != (pc & SYS_PAGE_MASK))) {
            ir_exit_jump(b, cur);
            return;
        }
        if (avail < 4) {
            bytes = fetch(arg, cur, &avail);
            if (!bytes)
                avail = 0;
        }
        unsigned need = avail >= 2 ? insn_length(bytes) : 2;
        if (avail < need) {
            if (count == 0)
                ir_exit_trap(b, IR_TRAP_FETCH_FAULT, cur + avail);
            else
                ir_exit_jump(b, cur);
            return;
        }
        struct rv_insn in;
        unsigned len = rv_decode(bytes, avail, &in);
        info->last_raw = raw_bits(bytes, len);
        if (rv_priv_is_system_insn(&in)) {
            if (count > 0) {
                ir_exit_jump(b, cur);
                return;
            }
            info->sys = in;
            ir_insn_start(b, cur, len);
            ir_exit_trap(b, IR_TRAP_PRIVILEGED, cur);
            return;
        }
        if (is_fp(in.op)) {
            if (fp_off) {
                ir_insn_start(b, cur, len);
                ir_exit_trap(b, IR_TRAP_ILLEGAL, cur);
                return;
            }
            info->uses_fp = true;
        }
        rv_lift_insn(b, &in, cur);
        if (ir_block_done(b))
            return;
        cur += len;
        bytes += len;
        avail -= len;
    }
}
