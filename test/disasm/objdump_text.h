/*
 * objdump_text.h — reading objdump -d lines, shared by the riscv64 and
 * aarch64 comparison tools: the instruction line's fields, its text with
 * whitespace collapsed and comments dropped, a bare "0x" target.
 */
#ifndef VM_TEST_OBJDUMP_TEXT_H
#define VM_TEST_OBJDUMP_TEXT_H

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Collapses whitespace runs to one space, trims, and stops at a comment
 * (`comment`, e.g. "#" or "//") or a " <symbol>". */
static inline void objdump_normalise(const char *in, char *out, size_t size,
                                     const char *comment)
{
    size_t n = 0, clen = strlen(comment);
    bool space = false;
    for (const char *p = in; *p && n + 1 < size; p++) {
        if (*p == '<' || strncmp(p, comment, clen) == 0)
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

/* "   addr:\tHEX \ttext" with HEX of 4 or 8 digits (as allowed by
 * digits4); false for any other line. */
static inline bool objdump_parse_line(const char *line, bool digits4,
                                      uint64_t *pc, uint32_t *word,
                                      unsigned *len, const char **text)
{
    char *end;
    *pc = strtoull(line, &end, 16);
    if (end == line || end[0] != ':' || end[1] != '\t')
        return false;
    const char *hex = end + 2;
    size_t digits = strspn(hex, "0123456789abcdef");
    if ((digits != 8 && !(digits4 && digits == 4)) || hex[digits] != ' ')
        return false;
    *word = (uint32_t)strtoul(hex, NULL, 16);
    *len = (unsigned)digits / 2;
    const char *tab = strchr(hex + digits, '\t');
    if (!tab)
        return false;
    *text = tab + 1;
    return true;
}

/* A branch target with no symbol to name it is printed as "0x1234", and
 * as "1234 <sym>" when there is one (our disassemblers' style): drops the
 * "0x" of the last operand in the first case. */
static inline void objdump_unprefix_target(char *text)
{
    char *last = strrchr(text, ',');
    last = last ? last + 1 : strchr(text, ' ');
    if (last && *last == ' ')
        last++;
    if (last && strncmp(last, "0x", 2) == 0)
        memmove(last, last + 2, strlen(last + 2) + 1);
}

#endif
