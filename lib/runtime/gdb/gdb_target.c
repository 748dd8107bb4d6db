/*
 * gdb_target.c — the guest-neutral half of a target description: finding
 * registers, reading and writing them, and writing target.xml from the
 * register table (so the XML and the register map cannot disagree).
 */
#include "gdb_target.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct gdb_reg *gdb_target_reg(const struct gdb_target *t,
                                     unsigned regnum)
{
    for (unsigned i = 0; i < t->nregs; i++)
        if (t->regs[i].regnum == regnum)
            return &t->regs[i];
    return NULL;
}

void gdb_target_read(const struct gdb_target *t, const struct ir_ctx *cpu,
                     const struct gdb_reg *r, uint8_t *out)
{
    if (r->offset >= 0)
        memcpy(out, (const uint8_t *)cpu + r->offset, r->bytes);
    else
        t->read_special(cpu, r, out);
}

void gdb_target_write(const struct gdb_target *t, struct ir_ctx *cpu,
                      const struct gdb_reg *r, const uint8_t *in)
{
    if (r->offset >= 0)
        memcpy((uint8_t *)cpu + r->offset, in, r->bytes);
    else
        t->write_special(cpu, r, in);
}

size_t gdb_target_g_bytes(const struct gdb_target *t)
{
    size_t n = 0;
    for (unsigned i = 0; i < t->nregs; i++)
        n += t->regs[i].bytes;
    return n;
}

/* A growing string; on failure it stays failed (data NULL). */
struct xml_buf {
    char *data;
    size_t len, cap;
};

__attribute__((format(printf, 2, 3)))
static void put(struct xml_buf *b, const char *fmt, ...)
{
    if (!b->data)
        return;
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
        va_end(ap);
        if (n < 0) {
            free(b->data);
            b->data = NULL;
            return;
        }
        if ((size_t)n < b->cap - b->len) {
            b->len += (size_t)n;
            return;
        }
        char *p = realloc(b->data, 2 * b->cap + (size_t)n);
        if (!p) {
            free(b->data);
            b->data = NULL;
            return;
        }
        b->data = p;
        b->cap = 2 * b->cap + (size_t)n;
    }
}

static void put_reg(struct xml_buf *b, const struct gdb_reg *r)
{
    put(b, "  <reg name=\"%s\" bitsize=\"%u\" type=\"%s\" regnum=\"%u\"",
        r->name, r->bytes * 8u, r->type, r->regnum);
    if (r->group)
        put(b, " group=\"%s\"", r->group);
    put(b, "/>\n");
}

char *gdb_target_xml(const struct gdb_target *t)
{
    struct xml_buf b = {.data = malloc(4096), .cap = 4096};
    put(&b, "<?xml version=\"1.0\"?>\n"
            "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
            "<target version=\"1.0\">\n"
            "<architecture>%s</architecture>\n",
        t->arch);
    if (t->osabi)
        put(&b, "<osabi>%s</osabi>\n", t->osabi);
    for (unsigned f = 0; f < t->nfeatures; f++) {
        put(&b, "<feature name=\"%s\">\n%s", t->features[f].name,
            t->features[f].types);
        for (unsigned i = 0; i < t->nregs; i++)
            if (t->regs[i].feature == f)
                put_reg(&b, &t->regs[i]);
        put(&b, "</feature>\n");
    }
    put(&b, "</target>\n");
    return b.data;
}
