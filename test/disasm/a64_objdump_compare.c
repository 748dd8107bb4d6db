/*
 * a64_objdump_compare — reads `aarch64-linux-gnu-objdump -d` output on
 * stdin, re-decodes each instruction word with a64_decode, disassembles it
 * with a64_disasm and compares with objdump's text (its "// ..." comments
 * and "<symbol>" names dropped). A word we decode must print exactly as
 * objdump prints it; a word we do not know (FP/AdvSIMD, ...) is counted
 * as not implemented, and agrees when objdump finds it undefined
 * too. Exits 1 on any mismatch, or when nothing was compared. With -u it
 * also lists the words it does not implement.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aarch64.h"
#include "aarch64_tables.h"
#include "objdump_text.h"

static bool has_target(unsigned form)
{
    for (const uint8_t *k = a64_opinfo[form].operands; *k != A64_OPND_END; k++)
        if (*k == A64_OPND_PCREL26 || *k == A64_OPND_PCREL19 ||
            *k == A64_OPND_PCREL14 || *k == A64_OPND_ADR ||
            *k == A64_OPND_ADRP)
            return true;
    return false;
}

int main(int argc, char **argv)
{
    bool list_unknown = argc > 1 && strcmp(argv[1], "-u") == 0;
    char line[1024], want[512], got_raw[512], got[512];
    unsigned long count = 0, mismatches = 0, unknown = 0;
    while (fgets(line, sizeof(line), stdin)) {
        uint64_t pc;
        uint32_t word;
        const char *text;
        unsigned len;
        if (!objdump_parse_line(line, false, &pc, &word, &len, &text))
            continue;
        uint8_t bytes[4] = {(uint8_t)word, (uint8_t)(word >> 8),
                            (uint8_t)(word >> 16), (uint8_t)(word >> 24)};
        struct a64_insn in;
        a64_decode(bytes, &in);
        objdump_normalise(text, want, sizeof(want), "//");
        count++;
        if (in.form == A64_INVALID) {
            if (strncmp(want, ".inst", 5) != 0 && strcmp(want, "udf") != 0 &&
                strncmp(want, "udf ", 4) != 0) {
                unknown++;
                if (list_unknown)
                    printf("not implemented: %08" PRIx32 " %s\n", word, want);
            }
            continue;
        }
        a64_disasm(&in, pc, got_raw, sizeof(got_raw));
        if (has_target(in.form))
            objdump_unprefix_target(want);
        objdump_normalise(got_raw, got, sizeof(got), "//");
        if (strcmp(want, got) != 0) {
            mismatches++;
            printf("%" PRIx64 ": %08" PRIx32 " objdump '%s' ours '%s'\n", pc,
                   word, want, got);
        }
    }
    printf("%lu instructions, %lu mismatches, %lu not implemented\n", count,
           mismatches, unknown);
    return count == 0 || mismatches != 0;
}
