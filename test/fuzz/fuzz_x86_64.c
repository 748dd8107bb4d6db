/*
 * fuzz_x86_64.c — libFuzzer target: the x86-64 decoder (Zydis), its
 * formatter, the lifter and the IR interpreter on arbitrary bytes.
 *
 * Input: 8 bytes of register seed, then guest code. The instructions from
 * its start are each probed (decoded and lifted alone) and disassembled
 * (every byte offset would cost 4x the time for what mutations reach
 * anyway), then the code runs
 * from its start in the sealed arena (fuzz_arena.h) for a bounded number
 * of blocks; every lifted block must pass ir_validate.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_arena.h"
#include "x86_64.h"
#include "x86_64_sse.h"

static void check_probe(const uint8_t *code, size_t len)
{
    size_t off = 0;
    while (off < len) {
        const char *mnemonic = NULL;
        unsigned n = 0;
        enum x86_probe p = x86_lift_probe(code + off, len - off,
                                          FUZZ_CODE + off, &n, &mnemonic);
        char text[160];
        unsigned dn = x86_disasm(code + off, len - off, FUZZ_CODE + off, text,
                                 sizeof text);
        /* x86 instructions are 1..15 bytes; the formatter agrees with the
         * prober on whether the bytes decode. */
        if (n < 1 || n > 15 || n > len - off ||
            (p == X86_PROBE_UNDECODABLE) != (dn == 0) ||
            (dn && (dn != n || strlen(text) >= sizeof text))) {
            fprintf(stderr, "fuzz: probe %d length %u, disasm length %u\n",
                    (int)p, n, dn);
            abort();
        }
        off += n;
    }
}

/* Inline SSE leaves the guest's MXCSR flags in the host's MXCSR until the
 * guest reads MXCSR; the interpreter's helper sets them in cpu->mxcsr. */
static void settle_mxcsr(struct ir_ctx *ctx)
{
    x86_mxcsr_sync((struct x86_cpu *)ctx);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint64_t seed;
    const uint8_t *code;
    size_t len;
    if (!fuzz_split_input(data, size, 1, &seed, &code, &len))
        return 0;
    check_probe(code, len);

    static struct x86_cpu cpu;
    memset(&cpu, 0, sizeof cpu);
    fuzz_arena_reset(&cpu.ctx, code, len);
    for (int i = 0; i < 16; i++)
        cpu.gpr[i] = fuzz_reg_value(&seed);
    for (int i = 0; i < 16; i++)
        for (int half = 0; half < 2; half++) {
            uint64_t v = fuzz_reg_value(&seed);
            memcpy(cpu.xmm[i] + 8 * half, &v, 8);
        }
    /* Flag words as any flags value encodes them (x86_64_state.h). */
    x86_set_rflags(&cpu, fuzz_reg_value(&seed));
    cpu.mxcsr = X86_MXCSR_DEFAULT;
    cpu.fcw = X86_FCW_DEFAULT;
    cpu.ftw = 0xffff;
    fuzz_run_blocks(&cpu.ctx, sizeof cpu, x86_lift_block, settle_mxcsr, 64);
    return 0;
}
