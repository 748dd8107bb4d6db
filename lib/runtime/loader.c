/*
 * loader.c — loads an ELF executable or shared object (the dynamic
 * linker) into the arena.
 *
 * Every header field is checked before use: the file is untrusted input.
 * Segments are mapped writable, filled from the file, then given their
 * final protection (pages shared by two segments get the union).
 */
#include "loader.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_PHDRS 64

struct elf_file {
    int fd;
    Elf *elf;
    uint64_t size;
    GElf_Ehdr ehdr;
    GElf_Phdr phdrs[MAX_PHDRS];
    size_t phnum;
};

static int fail(char *err, size_t errlen, int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return status;
}

static int seg_prot(uint32_t flags)
{
    return ((flags & PF_R) ? MMU_READ : 0) | ((flags & PF_W) ? MMU_WRITE : 0) |
           ((flags & PF_X) ? MMU_EXEC : 0);
}

static int open_elf(struct elf_file *f, const char *path,
                    const struct rt_guest *g, char *err, size_t errlen)
{
    f->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (f->fd < 0)
        return fail(err, errlen,
                    errno == ENOENT || errno == ENOTDIR ? RT_STATUS_NOT_FOUND
                                                        : RT_STATUS_CANNOT_EXEC,
                    "%s", strerror(errno));
    struct stat st;
    if (fstat(f->fd, &st) != 0 || !S_ISREG(st.st_mode))
        return fail(err, errlen, RT_STATUS_CANNOT_EXEC, "not a regular file");
    f->size = (uint64_t)st.st_size;
    char magic[SELFMAG];
    if (pread(f->fd, magic, SELFMAG, 0) != SELFMAG ||
        memcmp(magic, ELFMAG, SELFMAG) != 0)
        return fail(err, errlen, RT_STATUS_CANNOT_EXEC, "not an ELF file");
    f->elf = elf_begin(f->fd, ELF_C_READ, NULL);
    if (!f->elf || elf_kind(f->elf) != ELF_K_ELF)
        return fail(err, errlen, RT_STATUS_CANNOT_EXEC,
                    "corrupt ELF header (truncated file?)");
    if (gelf_getclass(f->elf) != ELFCLASS64)
        return fail(err, errlen, RT_STATUS_CANNOT_EXEC, "not a 64-bit ELF file");
    if (!gelf_getehdr(f->elf, &f->ehdr))
        return fail(err, errlen, RT_STATUS_CANNOT_EXEC, "corrupt ELF header");
    if (f->ehdr.e_ident[EI_DATA] != ELFDATA2LSB)
        return fail(err, errlen, RT_STATUS_CANNOT_EXEC, "not a little-endian ELF");
    if (f->ehdr.e_machine != g->elf_machine)
        return fail(err, errlen, RT_STATUS_CANNOT_EXEC,
                    "ELF machine %u is not %s", f->ehdr.e_machine, g->name);
    if (f->ehdr.e_type != ET_EXEC && f->ehdr.e_type != ET_DYN)
        return fail(err, errlen, RT_STATUS_CANNOT_EXEC, "not an executable");
    if (elf_getphdrnum(f->elf, &f->phnum) != 0 || f->phnum == 0 ||
        f->phnum > MAX_PHDRS || f->ehdr.e_phentsize != sizeof(Elf64_Phdr) ||
        f->ehdr.e_phoff > f->size ||
        f->phnum * sizeof(Elf64_Phdr) > f->size - f->ehdr.e_phoff)
        return fail(err, errlen, RT_STATUS_CANNOT_EXEC,
                    "bad program header table");
    for (size_t i = 0; i < f->phnum; i++)
        if (!gelf_getphdr(f->elf, (int)i, &f->phdrs[i]))
            return fail(err, errlen, RT_STATUS_CANNOT_EXEC,
                        "bad program header %zu", i);
    return 0;
}

/* Checks one PT_LOAD against the file and the address space. */
static int check_segment(const GElf_Phdr *p, uint64_t bias, uint64_t fsize,
                         uint64_t limit)
{
    if (p->p_filesz > p->p_memsz)
        return -1;
    /* A segment without file bytes reads nothing of the file: Linux maps
     * none of it and ignores its offset (some linkers put it past the end). */
    if (p->p_filesz &&
        (p->p_offset > fsize || p->p_filesz > fsize - p->p_offset))
        return -1;
    if (p->p_align > 1 && (p->p_vaddr - p->p_offset) % MMU_PAGE_SIZE)
        return -1;
    uint64_t start = p->p_vaddr + bias;
    if (start < p->p_vaddr || start >= limit || p->p_memsz > limit - start)
        return -1;
    return 0;
}

static uint64_t page_down(uint64_t a) { return a & ~MMU_PAGE_MASK; }
static uint64_t page_up(uint64_t a) { return (a + MMU_PAGE_MASK) & ~MMU_PAGE_MASK; }

/* Union of the protections of every PT_LOAD touching the page at addr. */
static int page_prot_union(const struct elf_file *f, uint64_t bias,
                           uint64_t addr)
{
    int prot = 0;
    for (size_t i = 0; i < f->phnum; i++) {
        const GElf_Phdr *p = &f->phdrs[i];
        if (p->p_type != PT_LOAD || p->p_memsz == 0)
            continue;
        uint64_t s = page_down(p->p_vaddr + bias);
        uint64_t e = page_up(p->p_vaddr + bias + p->p_memsz);
        if (addr >= s && addr < e)
            prot |= seg_prot(p->p_flags);
    }
    return prot;
}

/* Page range [*s, *e) of PT_LOAD i; false when it has none. */
static bool load_range(const struct elf_file *f, uint64_t bias, size_t i,
                       uint64_t *s, uint64_t *e)
{
    const GElf_Phdr *p = &f->phdrs[i];
    if (p->p_type != PT_LOAD || p->p_memsz == 0)
        return false;
    *s = page_down(p->p_vaddr + bias);
    *e = page_up(p->p_vaddr + bias + p->p_memsz);
    return true;
}

/* Where the pages that the PT_LOADs before index `upto` cover from addr on
 * end (addr when none covers addr). */
static uint64_t covered_before(const struct elf_file *f, uint64_t bias,
                               size_t upto, uint64_t addr)
{
    uint64_t end = addr;
    for (bool grew = true; grew;) {
        grew = false;
        for (size_t i = 0; i < upto; i++) {
            uint64_t s, e;
            if (load_range(f, bias, i, &s, &e) && s <= end && end < e) {
                end = e;
                grew = true;
            }
        }
    }
    return end;
}

/* The first page after addr (and at most limit) where a PT_LOAD before
 * index `upto` (every one: upto = phnum) starts or ends: the protections
 * and coverage of [addr, result) are those of addr. Runs of pages, not
 * single pages, keep a large .bss as cheap to load as a small one. */
static uint64_t next_boundary(const struct elf_file *f, uint64_t bias,
                              size_t upto, uint64_t addr, uint64_t limit)
{
    uint64_t next = limit;
    for (size_t i = 0; i < upto; i++) {
        uint64_t s, e;
        if (!load_range(f, bias, i, &s, &e))
            continue;
        if (s > addr && s < next)
            next = s;
        if (e > addr && e < next)
            next = e;
    }
    return next;
}

static int map_segments(struct mmu *m, const struct elf_file *f, uint64_t bias,
                        const char *name, char *err, size_t errlen)
{
    /* Pass 1: check, and map every page writable (once). A segment with
     * file bytes and no memory is refused here: pass 2 would copy them
     * to an address nothing checked. */
    for (size_t i = 0; i < f->phnum; i++) {
        const GElf_Phdr *p = &f->phdrs[i];
        if (p->p_type != PT_LOAD || (p->p_memsz == 0 && p->p_filesz == 0))
            continue;
        if (check_segment(p, bias, f->size, mmu_limit(m)) != 0)
            return fail(err, errlen, RT_STATUS_CANNOT_EXEC,
                        "corrupt ELF: bad segment %zu", i);
        uint64_t s = 0, e = 0;
        load_range(f, bias, i, &s, &e);
        for (uint64_t a = s; a < e;) {
            uint64_t covered = covered_before(f, bias, i, a);
            if (covered > a) {
                a = covered;
                continue;
            }
            uint64_t run = next_boundary(f, bias, i, a, e);
            int rc = mmu_map_fixed(m, a, run - a, MMU_READ | MMU_WRITE, name);
            if (rc)
                return fail(err, errlen, RT_STATUS_CANNOT_EXEC,
                            "cannot map segment: %s", strerror(-rc));
            a = run;
        }
    }
    /* Pass 2: file contents (the rest of each segment stays zero). */
    for (size_t i = 0; i < f->phnum; i++) {
        const GElf_Phdr *p = &f->phdrs[i];
        if (p->p_type != PT_LOAD || p->p_filesz == 0)
            continue;
        uint8_t *dst = mmu_host(m, p->p_vaddr + bias);
        uint64_t done = 0;
        while (done < p->p_filesz) {
            ssize_t n = pread(f->fd, dst + done, p->p_filesz - done,
                              (off_t)(p->p_offset + done));
            if (n <= 0)
                return fail(err, errlen, RT_STATUS_CANNOT_EXEC,
                            "cannot read segment %zu", i);
            done += (uint64_t)n;
        }
    }
    /* Pass 3: final protections, page by page. */
    for (size_t i = 0; i < f->phnum; i++) {
        const GElf_Phdr *p = &f->phdrs[i];
        if (p->p_type != PT_LOAD || p->p_memsz == 0)
            continue;
        uint64_t s = 0, e = 0;
        load_range(f, bias, i, &s, &e);
        for (uint64_t a = s; a < e;) {
            uint64_t run = next_boundary(f, bias, f->phnum, a, e);
            mmu_protect(m, a, run - a, page_prot_union(f, bias, a));
            a = run;
        }
    }
    return 0;
}

static int read_interp(const struct elf_file *f, const GElf_Phdr *p,
                       struct elf_image *img, char *err, size_t errlen)
{
    if (p->p_filesz == 0 || p->p_filesz >= sizeof(img->interp) ||
        p->p_offset > f->size || p->p_filesz > f->size - p->p_offset)
        return fail(err, errlen, RT_STATUS_CANNOT_EXEC,
                    "corrupt ELF: bad PT_INTERP");
    if (pread(f->fd, img->interp, p->p_filesz, (off_t)p->p_offset) !=
        (ssize_t)p->p_filesz)
        return fail(err, errlen, RT_STATUS_CANNOT_EXEC, "cannot read PT_INTERP");
    img->interp[p->p_filesz] = '\0';
    return 0;
}

/* Finds the guest address of the program header table. */
static uint64_t phdr_address(const struct elf_file *f, uint64_t bias)
{
    for (size_t i = 0; i < f->phnum; i++)
        if (f->phdrs[i].p_type == PT_PHDR)
            return f->phdrs[i].p_vaddr + bias;
    uint64_t off = f->ehdr.e_phoff;
    for (size_t i = 0; i < f->phnum; i++) {
        const GElf_Phdr *p = &f->phdrs[i];
        if (p->p_type == PT_LOAD && off >= p->p_offset &&
            off - p->p_offset < p->p_filesz)
            return p->p_vaddr + (off - p->p_offset) + bias;
    }
    return 0;
}

static int load(struct mmu *m, struct elf_file *f, const char *path,
                uint64_t dyn_base, struct elf_image *img, char *err,
                size_t errlen)
{
    memset(img, 0, sizeof(*img));
    uint64_t lo = UINT64_MAX, hi = 0;
    for (size_t i = 0; i < f->phnum; i++) {
        const GElf_Phdr *p = &f->phdrs[i];
        if (p->p_type == PT_INTERP) {
            int rc = read_interp(f, p, img, err, errlen);
            if (rc)
                return rc;
        }
        if (p->p_type != PT_LOAD || p->p_memsz == 0)
            continue;
        if (p->p_vaddr + p->p_memsz < p->p_vaddr)
            return fail(err, errlen, RT_STATUS_CANNOT_EXEC,
                        "corrupt ELF: segment wraps");
        lo = p->p_vaddr < lo ? p->p_vaddr : lo;
        hi = p->p_vaddr + p->p_memsz > hi ? p->p_vaddr + p->p_memsz : hi;
    }
    if (hi == 0)
        return fail(err, errlen, RT_STATUS_CANNOT_EXEC, "no loadable segment");
    /* Segments must not overlap each other (page sharing is fine). */
    for (size_t i = 0; i < f->phnum; i++)
        for (size_t j = i + 1; j < f->phnum; j++) {
            const GElf_Phdr *a = &f->phdrs[i], *b = &f->phdrs[j];
            if (a->p_type != PT_LOAD || b->p_type != PT_LOAD)
                continue;
            if (a->p_vaddr < b->p_vaddr + b->p_memsz &&
                b->p_vaddr < a->p_vaddr + a->p_memsz)
                return fail(err, errlen, RT_STATUS_CANNOT_EXEC,
                            "corrupt ELF: overlapping segments");
        }
    uint64_t bias = 0;
    if (f->ehdr.e_type == ET_DYN) {
        if (dyn_base) {
            bias = dyn_base - page_down(lo);
        } else {
            /* Placed like an mmap: the top-down search picks the spot. */
            int64_t at = mmu_map_anywhere(m, 0, page_up(hi) - page_down(lo),
                                          MMU_READ, path);
            if (at < 0)
                return fail(err, errlen, RT_STATUS_CANNOT_EXEC,
                            "no room for the program in the address space");
            bias = (uint64_t)at - page_down(lo);
        }
    }
    int rc = map_segments(m, f, bias, path, err, errlen);
    if (rc)
        return rc;
    img->load_bias = bias;
    img->entry = f->ehdr.e_entry + bias;
    img->phdr = phdr_address(f, bias);
    img->phnum = f->phnum;
    img->phent = f->ehdr.e_phentsize;
    img->brk = page_up(hi + bias);
    if (mmu_prot_at(m, img->entry) == 0 ||
        !(mmu_prot_at(m, img->entry) & MMU_EXEC))
        return fail(err, errlen, RT_STATUS_CANNOT_EXEC,
                    "corrupt ELF: entry point outside executable segments");
    return 0;
}

int loader_load_elf(struct mmu *m, const struct rt_guest *g, const char *path,
                    uint64_t dyn_base, struct elf_image *img, char *err,
                    size_t errlen)
{
    if (elf_version(EV_CURRENT) == EV_NONE)
        return fail(err, errlen, RT_STATUS_USAGE, "libelf is unusable");
    struct elf_file f;
    memset(&f, 0, sizeof(f));
    int rc = open_elf(&f, path, g, err, errlen);
    if (rc == 0)
        rc = load(m, &f, path, dyn_base, img, err, errlen);
    if (f.elf)
        elf_end(f.elf);
    if (f.fd >= 0)
        close(f.fd);
    return rc;
}
