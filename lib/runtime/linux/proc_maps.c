/*
 * proc_maps.c — /proc/self/maps for the guest: its mappings from the mmu's
 * region list, with guest addresses, in Linux's format
 *
 *   10000-71000 r-xp 00000000 fe:00 10958200       /path/to/prog
 *
 * Adjacent regions that Linux would show as one mapping (same protection,
 * same name, contiguous file offsets) are merged. The file offset of a
 * region of an ELF image (the program, the dynamic linker, libraries
 * mapped by it) is found from the image's program headers in guest
 * memory; other file mappings show offset 0, and every mapping shows 'p'
 * (private), because the region list keeps neither.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "linux_internal.h"

#define MAPS_PAD_WIDTH 72 /* Linux pads to 25 + 6 * sizeof(void *) - 1 */
#define MAX_PHNUM 64

struct map_line {
    uint64_t start, end, offset;
    int prot;
    const char *name;
};

static uint64_t page_down(uint64_t x)
{
    return x & ~MMU_PAGE_MASK;
}

static uint64_t page_up(uint64_t x)
{
    return (x + MMU_PAGE_MASK) & ~MMU_PAGE_MASK;
}

/* The name to show: the program's own regions carry the path it was
 * started with, which Linux shows absolute. */
static const char *shown_name(const struct rt_process *p,
                              const struct mmu_region *r)
{
    const char *prog = p->opts ? p->opts->prog : NULL;
    if (p->exe_path && prog && r->name[0] &&
        strncmp(r->name, prog, sizeof(r->name) - 1) == 0)
        return p->exe_path;
    return r->name;
}

/* The file offset of addr in the ELF image whose header lies at guest
 * address base, or 0 when base holds no readable ELF header. */
static uint64_t elf_offset(const struct mmu *m, uint64_t base, uint64_t addr)
{
    Elf64_Ehdr eh;
    Elf64_Phdr ph[MAX_PHNUM];
    if (mmu_read(m, base, &eh, sizeof(eh)) ||
        memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 || eh.e_phnum > MAX_PHNUM ||
        eh.e_phentsize != sizeof(Elf64_Phdr) ||
        mmu_read(m, base + eh.e_phoff, ph, eh.e_phnum * sizeof(ph[0])))
        return 0;
    uint64_t bias = 0;
    bool found = false;
    for (int i = 0; i < eh.e_phnum && !found; i++)
        if (ph[i].p_type == PT_LOAD && ph[i].p_offset == 0) {
            bias = base - page_down(ph[i].p_vaddr);
            found = true;
        }
    for (int i = 0; found && i < eh.e_phnum; i++) {
        if (ph[i].p_type != PT_LOAD)
            continue;
        uint64_t s = page_down(bias + ph[i].p_vaddr);
        uint64_t e = page_up(bias + ph[i].p_vaddr + ph[i].p_memsz);
        if (addr >= s && addr < e)
            return page_down(ph[i].p_offset) + (addr - s);
    }
    return 0;
}

/* The lowest region with the same name as r: where an image's header is. */
static uint64_t image_base(const struct mmu_region *regs, size_t n,
                           const struct mmu_region *r)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(regs[i].name, r->name) == 0)
            return regs[i].start;
    return r->start;
}

static void put_line(FILE *out, const struct map_line *l)
{
    struct stat st;
    bool file = l->name[0] == '/' && stat(l->name, &st) == 0;
    int len = fprintf(out, "%08llx-%08llx %c%c%cp %08llx %02x:%02x %llu ",
                      (unsigned long long)l->start, (unsigned long long)l->end,
                      l->prot & MMU_READ ? 'r' : '-',
                      l->prot & MMU_WRITE ? 'w' : '-',
                      l->prot & MMU_EXEC ? 'x' : '-',
                      (unsigned long long)l->offset,
                      file ? major(st.st_dev) : 0, file ? minor(st.st_dev) : 0,
                      file ? (unsigned long long)st.st_ino : 0ull);
    /* As Linux's seq_pad: spaces up to the column, then one more. */
    if (l->name[0])
        fprintf(out, "%*s %s", len < MAPS_PAD_WIDTH ? MAPS_PAD_WIDTH - len : 0,
                "", l->name);
    fputc('\n', out);
}

static void write_maps(const struct rt_process *p, FILE *out)
{
    size_t n;
    const struct mmu_region *regs = mmu_regions(p->mmu, &n);
    struct map_line cur = {0};
    bool have = false;
    for (size_t i = 0; i < n; i++) {
        const struct mmu_region *r = &regs[i];
        struct map_line l = {r->start, r->end, 0, r->prot, shown_name(p, r)};
        if (l.name[0] == '/')
            l.offset = elf_offset(p->mmu, image_base(regs, n, r), r->start);
        bool joins = have && cur.end == l.start && cur.prot == l.prot &&
                     strcmp(cur.name, l.name) == 0 &&
                     (!l.name[0] || l.name[0] == '[' ||
                      cur.offset + (cur.end - cur.start) == l.offset);
        if (joins) {
            cur.end = l.end;
            continue;
        }
        if (have)
            put_line(out, &cur);
        cur = l;
        have = true;
    }
    if (have)
        put_line(out, &cur);
}

void lx_proc_maps(struct rt_thread *t, FILE *out)
{
    /* Other threads may change the map meanwhile. */
    mmu_lock(t->proc->mmu);
    write_maps(t->proc, out);
    mmu_unlock(t->proc->mmu);
}
