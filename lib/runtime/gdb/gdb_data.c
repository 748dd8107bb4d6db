/*
 * gdb_data.c — registers and memory packets (gdb_data.h). An address the
 * accessor refuses answers E14 (EFAULT); a malformed packet E16.
 */
#include "gdb_data.h"

#include <stdio.h>
#include <string.h>

#include "gdb_packet.h"

static void read_all_regs(const struct gdb_target *tg,
                          const struct ir_ctx *cpu, char *out)
{
    for (unsigned i = 0; i < tg->nregs; i++) {
        uint8_t buf[16];
        gdb_target_read(tg, cpu, &tg->regs[i], buf);
        gdb_hex_encode(out, buf, tg->regs[i].bytes);
        out += 2 * tg->regs[i].bytes;
    }
    *out = 0;
}

/* G: as many whole registers as the packet carries. */
static const char *write_all_regs(const struct gdb_target *tg,
                                  struct ir_ctx *cpu, const char *hex,
                                  size_t len)
{
    for (unsigned i = 0; i < tg->nregs; i++) {
        size_t n = tg->regs[i].bytes;
        uint8_t buf[16];
        if (len < 2 * n)
            break;
        if (gdb_hex_decode(buf, hex, n))
            return "E16";
        gdb_target_write(tg, cpu, &tg->regs[i], buf);
        hex += 2 * n;
        len -= 2 * n;
    }
    return "OK";
}

static const char *one_reg(const struct gdb_target *tg, struct ir_ctx *cpu,
                           const char *args, bool write, char *out)
{
    uint64_t regnum;
    const struct gdb_reg *r = NULL;
    if (gdb_parse_hex(&args, &regnum) == 0 && regnum < 8192)
        r = gdb_target_reg(tg, (unsigned)regnum);
    if (!r)
        return "E45";
    uint8_t buf[16];
    if (!write) {
        gdb_target_read(tg, cpu, r, buf);
        gdb_hex_encode(out, buf, r->bytes);
        out[2 * r->bytes] = 0;
        return NULL;
    }
    if (*args != '=' || strlen(args + 1) < 2u * r->bytes ||
        gdb_hex_decode(buf, args + 1, r->bytes))
        return "E16";
    gdb_target_write(tg, cpu, r, buf);
    return "OK";
}

void gdb_data_regs(const struct gdb_target *t, struct ir_ctx *cpu,
                   const char *pkt, size_t len, char *out)
{
    const char *r = NULL;
    switch (pkt[0]) {
    case 'g': read_all_regs(t, cpu, out); break;
    case 'G': r = write_all_regs(t, cpu, pkt + 1, len - 1); break;
    case 'p': r = one_reg(t, cpu, pkt + 1, false, out); break;
    default: r = one_reg(t, cpu, pkt + 1, true, out); break;
    }
    if (r)
        strcpy(out, r);
}

/* "ADDR,LEN" then the separator ':' for writes. */
static int parse_range(const char **s, uint64_t *addr, uint64_t *len)
{
    if (gdb_parse_hex(s, addr) || **s != ',')
        return -1;
    (*s)++;
    return gdb_parse_hex(s, len);
}

static void read_memory(const struct gdb_memory *m, const char *args,
                        char *out)
{
    uint64_t addr, len;
    if (parse_range(&args, &addr, &len) || *args) {
        strcpy(out, "E16");
        return;
    }
    if (len > GDB_PACKET_MAX / 2)
        len = GDB_PACKET_MAX / 2;
    uint8_t buf[GDB_PACKET_MAX / 2];
    uint64_t got = 0;
    if (m->read(m->opaque, addr, buf, len) == 0) {
        got = len;
    } else { /* the readable start of a range that runs off a mapping */
        while (got < len && addr + got >= addr &&
               m->read(m->opaque, addr + got, buf + got, 1) == 0)
            got++;
    }
    if (got == 0 && len > 0) {
        strcpy(out, "E14");
        return;
    }
    gdb_hex_encode(out, buf, got);
    out[2 * got] = 0;
}

static bool write_memory(const struct gdb_memory *m, const char *args,
                         size_t len, bool binary, char *out)
{
    const char *start = args;
    uint64_t addr, n;
    strcpy(out, "E16");
    if (parse_range(&args, &addr, &n) || *args != ':')
        return false;
    args++;
    size_t avail = len - (size_t)(args - start);
    uint8_t buf[GDB_PACKET_MAX];
    if (n > sizeof(buf) || (binary ? avail < n : avail < 2 * n))
        return false;
    if (binary)
        memcpy(buf, args, n);
    else if (gdb_hex_decode(buf, args, n))
        return false;
    if (n && m->write(m->opaque, addr, buf, n)) {
        strcpy(out, "E14");
        return false;
    }
    strcpy(out, "OK");
    return n > 0;
}

bool gdb_data_memory(const struct gdb_memory *m, const char *pkt, size_t len,
                     char *out)
{
    if (pkt[0] == 'm') {
        read_memory(m, pkt + 1, out);
        return false;
    }
    return write_memory(m, pkt + 1, len - 1, pkt[0] == 'X', out);
}
