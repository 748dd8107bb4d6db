/*
 * sys_load.c — loading firmware and kernel images into guest physical
 * memory: a RISC-V ELF64 by its program headers' physical addresses, or
 * a flat binary at a given address. The HTIF symbols (tohost, fromhost)
 * are looked up in the ELF's symbol table, as spike and QEMU do.
 */
#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sys_board.h"

#define MAX_IMAGE (1ull << 30)

static int bad(const char *path, const char *why)
{
    fprintf(stderr, "vm-run: %s: %s\n", path, why);
    return RT_STATUS_CANNOT_EXEC;
}

static int read_file(const char *path, uint8_t **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "vm-run: %s: %s\n", path, strerror(errno));
        return errno == ENOENT ? RT_STATUS_NOT_FOUND : RT_STATUS_CANNOT_EXEC;
    }
    uint8_t *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 1 << 16;
            uint8_t *nb = cap > MAX_IMAGE ? NULL : realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return bad(path, "image too large");
            }
            buf = nb;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    bool err = ferror(f);
    fclose(f);
    if (err) {
        free(buf);
        return bad(path, "read error");
    }
    *data = buf;
    *len = n;
    return 0;
}

static bool in_file(size_t len, uint64_t off, uint64_t size)
{
    return off <= len && size <= len - off;
}

static void find_htif(const uint8_t *d, size_t len, const Elf64_Ehdr *eh,
                      struct sys_image *out)
{
    if (!in_file(len, eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr)))
        return;
    const Elf64_Shdr *sh = (const Elf64_Shdr *)(d + eh->e_shoff);
    for (unsigned i = 0; i < eh->e_shnum; i++) {
        if (sh[i].sh_type != SHT_SYMTAB || sh[i].sh_link >= eh->e_shnum)
            continue;
        const Elf64_Shdr *strs = &sh[sh[i].sh_link];
        if (!in_file(len, sh[i].sh_offset, sh[i].sh_size) ||
            !in_file(len, strs->sh_offset, strs->sh_size))
            return;
        const Elf64_Sym *sym = (const Elf64_Sym *)(d + sh[i].sh_offset);
        for (size_t k = 0; k < sh[i].sh_size / sizeof(*sym); k++) {
            if (sym[k].st_name >= strs->sh_size)
                continue;
            const char *name = (const char *)d + strs->sh_offset +
                               sym[k].st_name;
            size_t max = strs->sh_size - sym[k].st_name;
            if (strnlen(name, max) == max)
                continue;
            if (strcmp(name, "tohost") == 0)
                out->tohost = sym[k].st_value;
            else if (strcmp(name, "fromhost") == 0)
                out->fromhost = sym[k].st_value;
        }
    }
}

static int load_elf(struct mmu_phys *p, const char *path, const uint8_t *d,
                    size_t len, struct sys_image *out)
{
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)d;
    if (len < sizeof(*eh) || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
        eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_machine != EM_RISCV)
        return bad(path, "not a RISC-V 64 ELF");
    if (eh->e_phentsize != sizeof(Elf64_Phdr) ||
        !in_file(len, eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr)))
        return bad(path, "corrupt program headers");
    const Elf64_Phdr *ph = (const Elf64_Phdr *)(d + eh->e_phoff);
    out->end = 0;
    for (unsigned i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type != PT_LOAD || ph[i].p_memsz == 0)
            continue;
        if (ph[i].p_filesz > ph[i].p_memsz ||
            !in_file(len, ph[i].p_offset, ph[i].p_filesz))
            return bad(path, "corrupt segment");
        /* Zero first (bss), then the file part. */
        uint8_t *zero = calloc(1, ph[i].p_memsz);
        if (!zero)
            return bad(path, "segment too large");
        memcpy(zero, d + ph[i].p_offset, ph[i].p_filesz);
        int r = mmu_phys_load(p, ph[i].p_paddr, zero, ph[i].p_memsz);
        free(zero);
        if (r)
            return bad(path, "segment outside guest RAM");
        if (ph[i].p_paddr + ph[i].p_memsz > out->end)
            out->end = ph[i].p_paddr + ph[i].p_memsz;
    }
    out->entry = eh->e_entry;
    find_htif(d, len, eh, out);
    return 0;
}

int sys_load_image(struct mmu_phys *p, const char *path, uint64_t flat_addr,
                   struct sys_image *out)
{
    uint8_t *d;
    size_t len;
    memset(out, 0, sizeof(*out));
    int r = read_file(path, &d, &len);
    if (r)
        return r;
    if (len >= 4 && memcmp(d, ELFMAG, SELFMAG) == 0) {
        r = load_elf(p, path, d, len, out);
    } else if (len == 0) {
        r = bad(path, "empty image");
    } else if (mmu_phys_load(p, flat_addr, d, len)) {
        r = bad(path, "image does not fit in guest RAM");
    } else {
        out->entry = flat_addr;
        out->end = flat_addr + len;
    }
    free(d);
    return r;
}

int sys_load_flat(struct mmu_phys *p, const char *path, uint64_t addr,
                  uint64_t *end)
{
    uint8_t *d;
    size_t len;
    int r = read_file(path, &d, &len);
    if (r)
        return r;
    if (len == 0)
        r = bad(path, "empty image");
    else if (mmu_phys_load(p, addr, d, len))
        r = bad(path, "does not fit in guest RAM");
    *end = addr + len;
    free(d);
    return r;
}
