/*
 * sys_snapshot.c — writing and reading snapshot files (sys_snapshot.h,
 * format in SNAPSHOT.md): a header, then sections of tag, version and
 * length, each device's written and read by the device's own
 * dev_<name>_state visitor. The reader checks every length against the
 * file and every record against what the visitor consumed, so a
 * truncated, foreign or mismatched file is refused with one line.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sys_snapshot.h"

#define SECTION_VERSION 1u
#define HEADER_SIZE 16
#define SECTION_HEAD 16
#define RECORD_MAX (1u << 20) /* any device's record is far smaller */

/* A device section: tag, how many the board has, and its visitor (the
 * record starts with the instance's index, 0 .. count-1). */
struct section {
    const char *tag;
    unsigned (*count)(const struct sys_hart *h);
    void (*visit)(struct sys_hart *h, unsigned i, struct dev_state *s);
};

static unsigned one(const struct sys_hart *h)
{
    (void)h;
    return 1;
}

static unsigned virtio_count(const struct sys_hart *h)
{
    unsigned n = 0;
    while (n < SYS_VIRTIO_MAX && h->board->virtio[n])
        n++;
    return n;
}

static void visit_hart(struct sys_hart *h, unsigned i, struct dev_state *s)
{
    (void)i; /* one hart for now: the lead's -smp passes hart i here */
    sys_snapshot_hart(h, s);
}

static void visit_clint(struct sys_hart *h, unsigned i, struct dev_state *s)
{
    (void)i;
    dev_clint_state(h->board->clint, s);
}

static void visit_plic(struct sys_hart *h, unsigned i, struct dev_state *s)
{
    (void)i;
    dev_plic_state(h->board->plic, s);
}

static void visit_uart(struct sys_hart *h, unsigned i, struct dev_state *s)
{
    (void)i;
    dev_uart_state(h->board->uart, s);
}

static void visit_virtio(struct sys_hart *h, unsigned i, struct dev_state *s)
{
    dev_virtio_state(h->board->virtio[i], s);
}

/* In file order; the hart before the devices, whose restored interrupt
 * lines then land on the restored mip. */
static const struct section sections[] = {
    {SYS_SNAP_HART, one, visit_hart},
    {SYS_SNAP_CLINT, one, visit_clint},
    {SYS_SNAP_PLIC, one, visit_plic},
    {SYS_SNAP_UART, one, visit_uart},
    {SYS_SNAP_VIRTIO, virtio_count, visit_virtio},
};
#define SECTIONS (sizeof(sections) / sizeof(sections[0]))

void sys_snap_put_le(uint8_t *p, uint64_t v, unsigned bytes)
{
    for (unsigned i = 0; i < bytes; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

uint64_t sys_snap_get_le(const uint8_t *p, unsigned bytes)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < bytes; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static int put_section(FILE *f, const char *tag, const struct dev_state *s)
{
    uint8_t head[SECTION_HEAD];
    memcpy(head, tag, 4);
    sys_snap_put_le(head + 4, SECTION_VERSION, 4);
    sys_snap_put_le(head + 8, s->len, 8);
    if (s->bad || fwrite(head, sizeof(head), 1, f) != 1)
        return -1;
    return s->len && fwrite(s->buf, s->len, 1, f) != 1 ? -1 : 0;
}

static int write_devices(FILE *f, struct sys_hart *h)
{
    for (unsigned k = 0; k < SECTIONS; k++)
        for (unsigned i = 0; i < sections[k].count(h); i++) {
            struct dev_state s;
            dev_state_save_init(&s);
            uint32_t index = i;
            dev_state_u32(&s, &index);
            sections[k].visit(h, i, &s);
            int r = put_section(f, sections[k].tag, &s);
            dev_state_free(&s);
            if (r)
                return -1;
        }
    return 0;
}

static int write_all(FILE *f, struct sys_hart *h, const struct sys_options *o)
{
    uint8_t head[HEADER_SIZE] = {0};
    memcpy(head, SYS_SNAPSHOT_MAGIC, 8);
    sys_snap_put_le(head + 8, SYS_SNAPSHOT_VERSION, 4);
    struct dev_state board, end;
    dev_state_save_init(&board);
    dev_state_save_init(&end);
    sys_snapshot_board(o, &board);
    int r = fwrite(head, sizeof(head), 1, f) != 1 ||
            put_section(f, SYS_SNAP_BOARD, &board) || write_devices(f, h) ||
            sys_snapshot_ram_write(f, h, o) ||
            put_section(f, SYS_SNAP_END, &end) ? -1 : 0;
    dev_state_free(&board);
    return r;
}

int sys_snapshot_save(struct sys_hart *h, const struct sys_options *o,
                      const char *path, char *err, size_t err_size)
{
    const char *why = sys_snapshot_unsupported(h, o);
    if (why) {
        snprintf(err, err_size, "%s", why);
        return -1;
    }
    FILE *f = fopen(path, "wb");
    if (!f) {
        snprintf(err, err_size, "%s: %s", path, strerror(errno));
        return -1;
    }
    int r = write_all(f, h, o);
    int e = errno;
    if (fclose(f) && !r) {
        e = errno;
        r = -1;
    }
    if (r) {
        snprintf(err, err_size, "%s: cannot write: %s", path, strerror(e));
        unlink(path); /* no half snapshot left to load */
    }
    return r;
}

/* ---- reading ---- */

struct reader {
    FILE *f;
    struct sys_hart *h;
    const struct sys_options *o;
    uint32_t seen[SECTIONS]; /* bit i: instance i restored */
    bool board, ram;
    char why[160];
};

static int fail(struct reader *r, const char *fmt, const char *arg)
{
    snprintf(r->why, sizeof(r->why), fmt, arg);
    return -1;
}

static int device_section(struct reader *r, unsigned k, const uint8_t *rec,
                          uint64_t len)
{
    const struct section *sec = &sections[k];
    uint64_t i = len >= 4 ? sys_snap_get_le(rec, 4) : ~0ull;
    if (i >= sec->count(r->h))
        return fail(r, "section '%s' for a device this board lacks",
                    sec->tag);
    if (r->seen[k] & (1u << i))
        return fail(r, "section '%s' twice", sec->tag);
    r->seen[k] |= 1u << i;
    struct dev_state s;
    dev_state_load_init(&s, rec + 4, len - 4);
    sec->visit(r->h, (unsigned)i, &s);
    if (s.bad) {
        snprintf(r->why, sizeof(r->why), "section '%s': %s", sec->tag, s.why);
        return -1;
    }
    return s.pos == s.in_len ? 0
                             : fail(r, "section '%s' longer than this "
                                       "vm-run writes", sec->tag);
}

/* A section other than RAM and END: read whole, then handed over. */
static int record_section(struct reader *r, const char *tag, uint64_t len)
{
    if (len > RECORD_MAX)
        return fail(r, "section '%s' too large", tag);
    uint8_t *rec = malloc(len ? len : 1);
    if (!rec)
        return fail(r, "out of memory%s", "");
    int res = -1;
    if (len && fread(rec, len, 1, r->f) != 1) {
        fail(r, "truncated (in section '%s')", tag);
    } else if (strcmp(tag, SYS_SNAP_BOARD) == 0) {
        const char *why = sys_snapshot_board_differs(r->o, rec, len);
        res = why ? fail(r, "%s", why) : 0;
        r->board = true;
    } else {
        for (unsigned k = 0; k < SECTIONS; k++)
            if (strcmp(tag, sections[k].tag) == 0)
                res = device_section(r, k, rec, len);
        if (res && !r->why[0])
            fail(r, "unknown section '%s' (from a newer vm-run?)", tag);
    }
    free(rec);
    return res;
}

/* Every device of the board restored, RAM too. */
static int complete(struct reader *r)
{
    if (!r->ram)
        return fail(r, "no RAM section%s", "");
    for (unsigned k = 0; k < SECTIONS; k++) {
        unsigned n = sections[k].count(r->h);
        if (r->seen[k] != (n >= 32 ? ~0u : (1u << n) - 1))
            return fail(r, "section '%s' missing", sections[k].tag);
    }
    return 0;
}

static int read_sections(struct reader *r)
{
    for (;;) {
        uint8_t head[SECTION_HEAD];
        if (fread(head, sizeof(head), 1, r->f) != 1)
            return fail(r, "truncated (no end section)%s", "");
        char tag[5] = {0};
        memcpy(tag, head, 4);
        for (unsigned i = 0; i < 4; i++)
            if (tag[i] < ' ' || tag[i] > '~')
                tag[i] = '?';
        uint64_t version = sys_snap_get_le(head + 4, 4);
        uint64_t len = sys_snap_get_le(head + 8, 8);
        if (version != SECTION_VERSION)
            return fail(r, "section '%s' of another version", tag);
        if (!r->board && strcmp(tag, SYS_SNAP_BOARD) != 0)
            return fail(r, "no board section first%s", "");
        if (strcmp(tag, SYS_SNAP_END) == 0)
            return complete(r);
        if (strcmp(tag, SYS_SNAP_RAM) == 0) {
            const char *why;
            if (r->ram || sys_snapshot_ram_read(r->f, len, r->h, r->o, &why))
                return fail(r, "%s", r->ram ? "section 'RAM ' twice" : why);
            r->ram = true;
        } else if (record_section(r, tag, len)) {
            return -1;
        }
    }
}

static int read_file(struct reader *r)
{
    uint8_t head[HEADER_SIZE];
    if (fread(head, sizeof(head), 1, r->f) != 1 ||
        memcmp(head, SYS_SNAPSHOT_MAGIC, 8) != 0)
        return fail(r, "not a vm-run snapshot%s", "");
    uint64_t version = sys_snap_get_le(head + 8, 4);
    if (version != SYS_SNAPSHOT_VERSION) {
        snprintf(r->why, sizeof(r->why),
                 "snapshot format version %llu, this vm-run reads %u",
                 (unsigned long long)version, SYS_SNAPSHOT_VERSION);
        return -1;
    }
    return read_sections(r);
}

int sys_snapshot_load(struct sys_hart *h, const struct sys_options *o,
                      const char *path)
{
    struct reader r = {.h = h, .o = o};
    r.f = fopen(path, "rb");
    if (!r.f) {
        int e = errno;
        fprintf(stderr, "vm-run: %s: %s\n", path, strerror(e));
        return e == ENOENT ? RT_STATUS_NOT_FOUND : RT_STATUS_CANNOT_EXEC;
    }
    const char *why = sys_snapshot_unsupported(h, o);
    int res = why ? fail(&r, "%s", why) : read_file(&r);
    fclose(r.f);
    if (res) {
        fprintf(stderr, "vm-run: %s: %s\n", path, r.why);
        return RT_STATUS_CANNOT_EXEC;
    }
    return 0;
}
