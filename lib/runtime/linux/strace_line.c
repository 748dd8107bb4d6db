/*
 * strace_line.c — the bounded text buffer one trace line is built in.
 * One byte is always kept free for the final newline, so a line cut short
 * by a huge argument still ends where it should.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "strace.h"

/* Room left for text, the newline's byte excluded. */
static size_t room(const struct lx_line *l)
{
    return sizeof(l->text) - 1 - l->len;
}

void lx_line_puts(struct lx_line *l, const char *s)
{
    size_t n = strlen(s);
    if (n > room(l))
        n = room(l);
    memcpy(l->text + l->len, s, n);
    l->len += n;
}

void lx_line_printf(struct lx_line *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    /* vsnprintf counts the NUL in its size: room + 1 lets it use all. */
    int n = vsnprintf(l->text + l->len, room(l) + 1, fmt, ap);
    va_end(ap);
    if (n > 0)
        l->len += (size_t)n < room(l) ? (size_t)n : room(l);
}

/* Escapes for the characters C writes with a letter. */
static const char *const letter_escapes[256] = {
    ['\a'] = "\\a", ['\b'] = "\\b", ['\t'] = "\\t", ['\n'] = "\\n",
    ['\v'] = "\\v", ['\f'] = "\\f", ['\r'] = "\\r", ['"'] = "\\\"",
    ['\\'] = "\\\\",
};

void lx_line_quote(struct lx_line *l, const uint8_t *s, size_t n, bool more)
{
    lx_line_puts(l, "\"");
    for (size_t i = 0; i < n; i++) {
        uint8_t c = s[i];
        if (letter_escapes[c])
            lx_line_puts(l, letter_escapes[c]);
        else if (c < 0x20 || c >= 0x7f)
            /* Three octal digits: an escape a following digit cannot
             * extend. */
            lx_line_printf(l, "\\%03o", c);
        else
            lx_line_printf(l, "%c", c);
    }
    lx_line_puts(l, more ? "\"..." : "\"");
}
