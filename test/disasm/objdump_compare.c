/*
 * objdump_compare — reads `objdump -d -M no-aliases` output on stdin,
 * re-decodes each instruction's bytes with rv_decode, disassembles them
 * with rv_disasm and compares with objdump's text. Prints each mismatch
 * and a summary; exits 1 on any mismatch (or when nothing was compared).
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "objdump_text.h"
#include "riscv64.h"
#include "riscv64_tables.h"

static bool has_target(unsigned op)
{
    for (const uint8_t *k = rv_opinfo[op].operands; *k != RV_OPND_END; k++)
        if (*k == RV_OPND_TARGET)
            return true;
    return false;
}

int main(void)
{
    char line[1024], want[512], got_raw[512], got[512];
    unsigned long count = 0, mismatches = 0;
    while (fgets(line, sizeof(line), stdin)) {
        uint64_t pc;
        uint32_t word;
        unsigned len;
        const char *text;
        if (!objdump_parse_line(line, true, &pc, &word, &len, &text))
            continue;
        uint8_t bytes[4] = { (uint8_t)word, (uint8_t)(word >> 8),
                             (uint8_t)(word >> 16), (uint8_t)(word >> 24) };
        struct rv_insn in;
        unsigned decoded = rv_decode(bytes, len, &in);
        rv_disasm(&in, pc, got_raw, sizeof(got_raw));
        objdump_normalise(text, want, sizeof(want), "#");
        if (in.op != RV_INVALID && has_target(in.op))
            objdump_unprefix_target(want);
        objdump_normalise(got_raw, got, sizeof(got), "#");
        count++;
        if (decoded != len || strcmp(want, got) != 0) {
            mismatches++;
            printf("%" PRIx64 ": %0*" PRIx32 " objdump '%s' ours '%s'%s\n",
                   pc, (int)len * 2, word, want, got,
                   decoded != len ? " (length differs)" : "");
        }
    }
    printf("%lu instructions, %lu mismatches\n", count, mismatches);
    return count == 0 || mismatches != 0;
}
