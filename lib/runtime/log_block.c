/*
 * log_block.c — -d in_asm and -d op: each block translated, as guest
 * instructions (the guest's own disassembler: riscv64's objdump-like
 * one, Zydis's Intel syntax for x86-64) and as IR (ir_print).
 */
#include <elf.h>
#include <inttypes.h>

#include "dispatch_internal.h"
#include "guest_syms.h"
#include "log_hooks.h"
#include "aarch64.h"
#include "riscv64.h"
#include "x86_64.h"

/* One guest instruction's text at code (avail bytes) and its encoding as
 * objdump shows it (riscv64: the instruction word; x86-64: the bytes);
 * its length, 0 when it does not decode. */
static unsigned disasm_one(uint16_t machine, const uint8_t *code,
                           uint64_t avail, uint64_t pc, char *text,
                           size_t len, char hex[48])
{
    unsigned n = 0;
    hex[0] = 0;
    if (machine == EM_X86_64) {
        n = x86_disasm(code, avail, pc, text, len);
        for (unsigned i = 0; i < n && i < 15; i++)
            sprintf(hex + 3 * i, "%02x ", code[i]);
        return n;
    }
    if (machine == EM_AARCH64) {
        struct a64_insn ain;
        if (avail < 4)
            return 0;
        a64_decode(code, &ain);
        if (ain.op == A64_INVALID)
            return 0;
        a64_disasm(&ain, pc, text, len);
        sprintf(hex, "%08x", ain.raw);
        return 4;
    }
    struct rv_insn in;
    if (avail < 2)
        return 0;
    n = rv_decode(code, avail, &in);
    if (n > avail || in.op == RV_INVALID)
        return 0;
    rv_disasm(&in, pc, text, len);
    sprintf(hex, n == 2 ? "%04x" : "%08x", in.raw);
    return n;
}

static void put_in_asm(FILE *f, const struct rt_process *p,
                       const struct ir_block *b)
{
    uint64_t avail = 0;
    const uint8_t *code = rt_fetch_code(p->mmu, b->pc, &avail);
    uint64_t end = b->pc + b->guest_bytes;
    for (uint64_t pc = b->pc; code && pc < end;) {
        char text[128], hex[48];
        uint64_t off = pc - b->pc;
        unsigned n = off < avail
                         ? disasm_one(p->guest->elf_machine, code + off,
                                      avail - off, pc, text, sizeof(text),
                                      hex)
                         : 0;
        if (!n) {
            fprintf(f, "%#018" PRIx64 ":  (undecodable)\n", pc);
            break;
        }
        fprintf(f, "%#018" PRIx64 ":  %-20s  %s\n", pc, hex, text);
        pc += n;
    }
}

void rt_log_block(const struct rt_process *p, const struct ir_block *b)
{
    if (!rt_log_pc_wanted(b->pc))
        return;
    char sym[160];
    rt_guest_symbol(p, b->pc, sym, sizeof(sym));
    struct rt_log_rec r;
    FILE *f = rt_log_begin(&r);
    if (!f)
        return;
    if (rt_log_on(RT_LOG_in_asm)) {
        fprintf(f, "----------------\nIN: %s\n", sym);
        mmu_lock(p->mmu); /* another thread's munmap must not race it */
        put_in_asm(f, p, b);
        mmu_unlock(p->mmu);
        fputc('\n', f);
    }
    if (rt_log_on(RT_LOG_op)) {
        fprintf(f, "OP: %s\n", sym);
        ir_print(b, f);
        fputc('\n', f);
    }
    rt_log_end(&r);
}
