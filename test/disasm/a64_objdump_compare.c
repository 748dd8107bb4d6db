/*
 * a64_objdump_compare — reads `aarch64-linux-gnu-objdump -d` output on
 * stdin, re-decodes each instruction word with a64_decode, disassembles it
 * with a64_disasm and compares with objdump's text (its "// ..." comments
 * and "<symbol>" names dropped). A word we decode must print exactly as
 * objdump prints it; a word we do not know (FP/AdvSIMD, LSE, ...) is
 * counted as not implemented, and agrees when objdump finds it undefined
 * too. Exits 1 on any mismatch, or when nothing was compared. With -u it
 * also lists the words it does not implement.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aarch64.h"
#include "aarch64_tables.h"

/* Collapses whitespace runs to one space, trims, drops comments. */
static void normalise(const char *in, char *out, size_t size)
{
    size_t n = 0;
    bool space = false;
    for (const char *p = in; *p && n + 1 < size; p++) {
        if (*p == '<' || (p[0] == '/' && p[1] == '/'))
            break;
        if (isspace((unsigned char)*p)) {
            space = n > 0;
            continue;
        }
        if (space)
            out[n++] = ' ';
        space = false;
        if (n + 1 < size)
            out[n++] = *p;
    }
    out[n] = '\0';
}

/* "   addr:\tHEXWORD \ttext"; false for any other line. */
static bool parse_line(const char *line, uint64_t *pc, uint32_t *word,
                       const char **text)
{
    char *end;
    *pc = strtoull(line, &end, 16);
    if (end == line || end[0] != ':' || end[1] != '\t')
        return false;
    const char *hex = end + 2;
    if (strspn(hex, "0123456789abcdef") != 8 || hex[8] != ' ')
        return false;
    *word = (uint32_t)strtoul(hex, NULL, 16);
    const char *tab = strchr(hex + 8, '\t');
    if (!tab)
        return false;
    *text = tab + 1;
    return true;
}

static bool has_target(unsigned form)
{
    for (const uint8_t *k = a64_opinfo[form].operands; *k != A64_OPND_END; k++)
        if (*k == A64_OPND_PCREL26 || *k == A64_OPND_PCREL19 ||
            *k == A64_OPND_PCREL14 || *k == A64_OPND_ADR ||
            *k == A64_OPND_ADRP)
            return true;
    return false;
}

/* Without a symbol objdump prints a target as "0x1234": drop the "0x". */
static void unprefix_target(char *text)
{
    char *last = strrchr(text, ',');
    last = last ? last + 1 : strchr(text, ' ');
    if (last && *last == ' ')
        last++;
    if (last && strncmp(last, "0x", 2) == 0)
        memmove(last, last + 2, strlen(last + 2) + 1);
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
        if (!parse_line(line, &pc, &word, &text))
            continue;
        uint8_t bytes[4] = {(uint8_t)word, (uint8_t)(word >> 8),
                            (uint8_t)(word >> 16), (uint8_t)(word >> 24)};
        struct a64_insn in;
        a64_decode(bytes, &in);
        normalise(text, want, sizeof(want));
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
            unprefix_target(want);
        normalise(got_raw, got, sizeof(got));
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
