/*
 * fuzz_riscv64.c — libFuzzer target: the RISC-V 64 decoder, disassembler,
 * lifter and the IR interpreter on arbitrary bytes.
 *
 * Input: 8 bytes of register seed, then guest code. Every instruction
 * position is decoded and disassembled (the text must fit and end), then
 * the code runs from its start in the sealed arena (fuzz_arena.h) for a
 * bounded number of blocks; every lifted block must pass ir_validate.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_arena.h"
#include "riscv64.h"

static void check_disasm(const uint8_t *code, size_t len)
{
    for (size_t off = 0; off + 2 <= len; off += 2) {
        struct rv_insn in;
        unsigned n = rv_decode(code + off, len - off, &in);
        if (n != 2 && n != 4) {
            fprintf(stderr, "fuzz: rv_decode returned length %u\n", n);
            abort();
        }
        char text[96];
        memset(text, 0x55, sizeof text);
        int w = rv_disasm(&in, FUZZ_CODE + off, text, sizeof text);
        if (w < 0 || (size_t)w >= sizeof text || strlen(text) != (size_t)w) {
            fprintf(stderr, "fuzz: rv_disasm wrote %d characters\n", w);
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint64_t seed;
    const uint8_t *code;
    size_t len;
    if (!fuzz_split_input(data, size, 2, &seed, &code, &len))
        return 0;
    check_disasm(code, len);

    static struct rv_cpu cpu;
    memset(&cpu, 0, sizeof cpu);
    fuzz_arena_reset(&cpu.ctx, code, len);
    for (int i = 1; i < 32; i++)
        cpu.x[i] = fuzz_reg_value(&seed);
    for (int i = 0; i < 32; i++)
        cpu.f[i] = fuzz_reg_value(&seed);
    cpu.ctx.frm = (uint32_t)(seed & 7);
    fuzz_run_blocks(&cpu.ctx, sizeof cpu, rv_lift_block, NULL, 64);
    return 0;
}
