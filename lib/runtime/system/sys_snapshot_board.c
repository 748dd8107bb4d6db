/*
 * sys_snapshot_board.c — the parts of a snapshot that follow from the
 * command line: the board's shape ("BORD", compared on restore) and its
 * RAM ("RAM ", sparse), see SNAPSHOT.md.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dev_virt.h"
#include "sys_snapshot.h"

#define PAGE 4096u

/* A string: its length (u32), then its bytes. */
static void save_string(struct dev_state *s, const char *str)
{
    uint32_t n = (uint32_t)strlen(str);
    dev_state_u32(s, &n);
    dev_state_bytes(s, (void *)str, n);
}

/* A disk: its absolute path (where the file is, whatever the spelling)
 * and its size now. */
static void save_drive(struct dev_state *s, const struct sys_virtio *d)
{
    char *abs = realpath(d->file, NULL);
    struct stat st;
    uint64_t size = stat(d->file, &st) == 0 ? (uint64_t)st.st_size : 0;
    save_string(s, abs ? abs : d->file);
    free(abs);
    dev_state_u64(s, &size);
}

void sys_snapshot_board(const struct sys_options *o, struct dev_state *s)
{
    uint32_t machine = o->machine, harts = 1, count = o->virtio_count;
    uint64_t ram_base = DEV_VIRT_DRAM, ram_size = o->ram_size;
    dev_state_u32(s, &machine);
    dev_state_u64(s, &ram_base);
    dev_state_u64(s, &ram_size);
    dev_state_u32(s, &harts);
    dev_state_u32(s, &count);
    for (unsigned i = 0; i < o->virtio_count; i++) {
        const struct sys_virtio *d = &o->virtio[i];
        uint32_t kind = d->kind;
        bool ro = d->readonly;
        dev_state_u32(s, &kind);
        if (d->kind == SYS_VIRTIO_BLK) {
            save_drive(s, d);
            dev_state_bool(s, &ro);
        }
    }
}

const char *sys_snapshot_board_differs(const struct sys_options *o,
                                       const void *rec, size_t len)
{
    static char why[160];
    struct dev_state want, got;
    dev_state_save_init(&want);
    sys_snapshot_board(o, &want);
    bool same = !want.bad && want.len == len && memcmp(want.buf, rec, len) == 0;
    dev_state_free(&want);
    if (same)
        return NULL;
    uint32_t machine = 0;
    uint64_t base = 0, size = 0;
    dev_state_load_init(&got, rec, len);
    dev_state_u32(&got, &machine);
    dev_state_u64(&got, &base);
    dev_state_u64(&got, &size);
    if (got.bad || machine != (uint32_t)o->machine)
        return "saved from another machine (-M)";
    if (size != o->ram_size) {
        snprintf(why, sizeof(why),
                 "saved with %llu MiB of RAM, -m gives %llu MiB",
                 (unsigned long long)(size >> 20),
                 (unsigned long long)(o->ram_size >> 20));
        return why;
    }
    return "saved with other devices (-drive, -device: type, order, disk "
           "path or size)";
}

const char *sys_snapshot_unsupported(const struct sys_hart *h,
                                     const struct sys_options *o)
{
    if (o->machine != SYS_MACHINE_VIRT || h->board->htif)
        return "snapshots need -M virt";
    if (o->has_netdev)
        return "not with -netdev (the user network's connections cannot "
               "be saved)";
    return NULL;
}

static const uint8_t *ram_page(const struct sys_hart *h, uint64_t off)
{
    bool writable;
    return mmu_phys_page(h->board->phys, DEV_VIRT_DRAM + off, &writable);
}

static bool is_zero(const uint8_t *p)
{
    static const uint8_t zero[PAGE];
    return memcmp(p, zero, PAGE) == 0;
}

static int put_u64(FILE *f, uint64_t v)
{
    uint8_t b[8];
    sys_snap_put_le(b, v, 8);
    return fwrite(b, 8, 1, f) == 1 ? 0 : -1;
}

static int get_u64(FILE *f, uint64_t *v)
{
    uint8_t b[8];
    if (fread(b, 8, 1, f) != 1)
        return -1;
    *v = sys_snap_get_le(b, 8);
    return 0;
}

/* Header: tag, version 1, payload length; then base, size, page count,
 * and each non-zero page as its offset and 4096 bytes. */
int sys_snapshot_ram_write(FILE *f, const struct sys_hart *h,
                           const struct sys_options *o)
{
    uint64_t pages = 0;
    for (uint64_t off = 0; off < o->ram_size; off += PAGE) {
        const uint8_t *p = ram_page(h, off);
        pages += p && !is_zero(p);
    }
    uint8_t head[8] = {'R', 'A', 'M', ' ', 1, 0, 0, 0};
    if (fwrite(head, 8, 1, f) != 1 || put_u64(f, 24 + pages * (8 + PAGE)) ||
        put_u64(f, DEV_VIRT_DRAM) || put_u64(f, o->ram_size) ||
        put_u64(f, pages))
        return -1;
    for (uint64_t off = 0; off < o->ram_size; off += PAGE) {
        const uint8_t *p = ram_page(h, off);
        if (p && !is_zero(p) &&
            (put_u64(f, off) || fwrite(p, PAGE, 1, f) != 1))
            return -1;
    }
    return 0;
}

/* Zeroes RAM pages [from, to): what the board's build loaded there is
 * not the saved guest's. */
static void zero_pages(struct sys_hart *h, uint64_t from, uint64_t to)
{
    for (uint64_t off = from; off < to; off += PAGE) {
        uint8_t *p = (uint8_t *)ram_page(h, off);
        if (p && !is_zero(p))
            memset(p, 0, PAGE);
    }
}

int sys_snapshot_ram_read(FILE *f, uint64_t len, struct sys_hart *h,
                          const struct sys_options *o, const char **why)
{
    uint64_t base, size, pages, next = 0;
    *why = "truncated (in RAM)";
    if (len < 24 || get_u64(f, &base) || get_u64(f, &size) ||
        get_u64(f, &pages))
        return -1;
    *why = "RAM section does not match the board";
    if (base != DEV_VIRT_DRAM || size != o->ram_size ||
        pages > size / PAGE || len != 24 + pages * (8 + PAGE))
        return -1;
    for (uint64_t i = 0; i < pages; i++) {
        uint64_t off;
        *why = "truncated (in RAM)";
        if (get_u64(f, &off))
            return -1;
        *why = "RAM pages out of order or out of range";
        uint8_t *p = off % PAGE == 0 && off >= next && off < size
                         ? (uint8_t *)ram_page(h, off) : NULL;
        if (!p)
            return -1;
        zero_pages(h, next, off);
        *why = "truncated (in RAM)";
        if (fread(p, PAGE, 1, f) != 1)
            return -1;
        next = off + PAGE;
    }
    zero_pages(h, next, size);
    return 0;
}
