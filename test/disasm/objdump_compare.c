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

#include "riscv64.h"
#include "riscv64_tables.h"

/*
 * Collapses whitespace runs to one space, trims, and drops objdump's
 * trailing comments (" <symbol>", " # computed address").
 */
static void normalise(const char *in, char *out, size_t size)
{
    size_t n = 0;
    bool space = false;
    for (const char *p = in; *p && n + 1 < size; p++) {
        if (*p == '#' || *p == '<')
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

/*
 * Parses "   addr:\tHEX   \ttext": HEX is the instruction as objdump
 * shows it, a 4- or 8-digit little-endian value. Returns false for any
 * other line (headers, labels, blank lines).
 */
static bool parse_line(const char *line, uint64_t *pc, uint32_t *word,
                       unsigned *len, const char **text)
{
    char *end;
    *pc = strtoull(line, &end, 16);
    if (end == line || end[0] != ':' || end[1] != '\t')
        return false;
    const char *hex = end + 2;
    size_t digits = strspn(hex, "0123456789abcdef");
    if ((digits != 4 && digits != 8) || hex[digits] != ' ')
        return false;
    *word = (uint32_t)strtoul(hex, NULL, 16);
    *len = (unsigned)digits / 2;
    const char *tab = strchr(hex + digits, '\t');
    if (!tab)
        return false;
    *text = tab + 1;
    return true;
}

static bool has_target(unsigned op)
{
    for (const uint8_t *k = rv_opinfo[op].operands; *k != RV_OPND_END; k++)
        if (*k == RV_OPND_TARGET)
            return true;
    return false;
}

/*
 * A branch target with no symbol to name it is printed as "0x1234" by
 * objdump, and as "1234 <sym>" when there is one (rv_disasm's style).
 * Drops the "0x" of the target (the last operand) in the first case.
 */
static void unprefix_target(char *text)
{
    char *last = strrchr(text, ',');
    last = last ? last + 1 : strchr(text, ' ');
    if (last && *last == ' ')
        last++;
    if (last && strncmp(last, "0x", 2) == 0)
        memmove(last, last + 2, strlen(last + 2) + 1);
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
        if (!parse_line(line, &pc, &word, &len, &text))
            continue;
        uint8_t bytes[4] = { (uint8_t)word, (uint8_t)(word >> 8),
                             (uint8_t)(word >> 16), (uint8_t)(word >> 24) };
        struct rv_insn in;
        unsigned decoded = rv_decode(bytes, len, &in);
        rv_disasm(&in, pc, got_raw, sizeof(got_raw));
        normalise(text, want, sizeof(want));
        if (in.op != RV_INVALID && has_target(in.op))
            unprefix_target(want);
        normalise(got_raw, got, sizeof(got));
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
