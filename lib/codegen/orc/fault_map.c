/*
 * fault_map.c — the .llvm_faultmaps section (LLVM's FaultMaps, version 1):
 *   u8 version (1), u8 0, u16 0, u32 functions;
 *   per function: u64 address (relocated; ignored: one function per
 *   object), u32 sites, u32 0; per site: u32 kind, u32 faulting offset,
 *   u32 handler offset (from the function's entry).
 */
#include "fault_map.h"

#include <elf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define FAULT_MAPS_SECTION ".llvm_faultmaps"

static uint32_t rd32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof(v));
    return v;
}

/* The section named name, or NULL (also for a malformed header table). */
static const Elf64_Shdr *find_section(const uint8_t *o, size_t len,
                                      const char *name)
{
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)o;
    if (eh->e_shentsize != sizeof(Elf64_Shdr) || eh->e_shoff > len ||
        (len - eh->e_shoff) / sizeof(Elf64_Shdr) < eh->e_shnum ||
        eh->e_shstrndx >= eh->e_shnum)
        return NULL;
    const Elf64_Shdr *sh = (const Elf64_Shdr *)(o + eh->e_shoff);
    const Elf64_Shdr *names = &sh[eh->e_shstrndx];
    if (names->sh_offset > len || names->sh_size > len - names->sh_offset)
        return NULL;
    size_t want = strlen(name) + 1;
    for (unsigned i = 0; i < eh->e_shnum; i++)
        if (sh[i].sh_name < names->sh_size &&
            names->sh_size - sh[i].sh_name >= want &&
            memcmp(o + names->sh_offset + sh[i].sh_name, name, want) == 0)
            return &sh[i];
    return NULL;
}

/* Section name's bytes of ELF object obj in *p, *size (NULL, 0 when it
 * has none); false when obj or the section is malformed. */
static bool section_bytes(const uint8_t *obj, size_t len, const char *name,
                          const uint8_t **p, size_t *size)
{
    *p = NULL;
    *size = 0;
    if (len < sizeof(Elf64_Ehdr) || memcmp(obj, ELFMAG, SELFMAG) != 0 ||
        obj[EI_CLASS] != ELFCLASS64)
        return false;
    const Elf64_Shdr *sh = find_section(obj, len, name);
    if (!sh)
        return true;
    if (sh->sh_offset > len || sh->sh_size > len - sh->sh_offset)
        return false;
    *p = obj + sh->sh_offset;
    *size = sh->sh_size;
    return true;
}

bool fault_map_read_careful(const uint8_t *obj, size_t len,
                            struct careful_marker **out, unsigned *n)
{
    *out = NULL;
    *n = 0;
    const uint8_t *p;
    size_t size;
    if (!section_bytes(obj, len, LL_CAREFUL_SECTION, &p, &size) || size % 8)
        return false;
    unsigned count = (unsigned)(size / 8);
    if (!count)
        return true;
    struct careful_marker *m = calloc(count, sizeof(*m));
    if (!m)
        return false;
    for (unsigned i = 0; i < count; i++) {
        m[i].id = rd32(p + 8 * i);
        m[i].off = rd32(p + 8 * i + 4);
    }
    *out = m;
    *n = count;
    return true;
}

bool fault_map_read(const uint8_t *obj, size_t len,
                    struct ll_fault_site **out, unsigned *n)
{
    *out = NULL;
    *n = 0;
    const uint8_t *p;
    size_t size;
    if (!section_bytes(obj, len, FAULT_MAPS_SECTION, &p, &size))
        return false;
    if (!p)
        return true; /* nothing was folded */
    const uint8_t *end = p + size;
    if (end - p < 8 || p[0] != 1)
        return false;
    uint32_t functions = rd32(p + 4);
    p += 8;
    if (functions > 1)
        return false; /* a region is one function */
    if (functions == 0)
        return true;
    if (end - p < 16)
        return false;
    uint32_t sites = rd32(p + 8);
    p += 16;
    if ((size_t)(end - p) / 12 < sites)
        return false;
    if (!sites)
        return true;
    struct ll_fault_site *s = calloc(sites, sizeof(*s));
    if (!s)
        return false;
    for (uint32_t i = 0; i < sites; i++, p += 12) {
        s[i].fault_off = rd32(p + 4);
        s[i].resume_off = rd32(p + 8);
    }
    *out = s;
    *n = sites;
    return true;
}
