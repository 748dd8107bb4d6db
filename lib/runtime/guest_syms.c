/*
 * guest_syms.c — naming guest pcs from ELF symbol tables (guest_syms.h).
 *
 * The mmu's region list says which file a pc was mapped from (the loader
 * and mmap name regions by host path) and where that image starts (its
 * lowest region); the file's own addresses are found from its first
 * PT_LOAD segment. Each file's function symbols (.symtab, else .dynsym)
 * are read once and kept sorted.
 */
#define _GNU_SOURCE
#include "guest_syms.h"

#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "process.h"

struct sym {
    uint64_t addr, size; /* file addresses */
    char *name;
};

struct sym_file {
    char path[256];
    uint64_t first_vaddr; /* page of the first PT_LOAD: the image start */
    struct sym *syms;     /* sorted by addr */
    size_t n;
    struct sym_file *next;
};

static pthread_mutex_t syms_lock = PTHREAD_MUTEX_INITIALIZER;
static struct sym_file *files;

static int by_addr(const void *a, const void *b)
{
    const struct sym *x = a, *y = b;
    return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* A function, or a label of assembly code (an untyped symbol in an
 * executable section; not a mapping symbol such as riscv's "$x"). */
static bool is_code(Elf *e, const GElf_Sym *s, const char *name)
{
    int type = GELF_ST_TYPE(s->st_info);
    if (!s->st_value || s->st_shndx == SHN_UNDEF || s->st_shndx >= SHN_LORESERVE)
        return false;
    if (type == STT_FUNC || type == STT_GNU_IFUNC)
        return true;
    GElf_Shdr sh;
    Elf_Scn *scn = elf_getscn(e, s->st_shndx);
    return type == STT_NOTYPE && name[0] != '$' && name[0] != '.' && scn &&
           gelf_getshdr(scn, &sh) && (sh.sh_flags & SHF_EXECINSTR);
}

/* Appends the function symbols of section scn. */
static void read_symbols(Elf *e, Elf_Scn *scn, const GElf_Shdr *sh,
                         struct sym_file *f)
{
    Elf_Data *d = elf_getdata(scn, NULL);
    size_t count = sh->sh_entsize ? sh->sh_size / sh->sh_entsize : 0;
    if (!d || !count)
        return;
    f->syms = calloc(count, sizeof(*f->syms));
    for (size_t i = 0; f->syms && i < count; i++) {
        GElf_Sym s;
        if (!gelf_getsym(d, (int)i, &s))
            continue;
        const char *name = elf_strptr(e, sh->sh_link, s.st_name);
        if (!name || !name[0] || !is_code(e, &s, name))
            continue;
        f->syms[f->n] = (struct sym){s.st_value, s.st_size, strdup(name)};
        if (f->syms[f->n].name)
            f->n++;
    }
    qsort(f->syms, f->n, sizeof(*f->syms), by_addr);
}

static void load_file(struct sym_file *f)
{
    int fd = open(f->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return;
    elf_version(EV_CURRENT);
    Elf *e = elf_begin(fd, ELF_C_READ, NULL);
    size_t nph = 0;
    if (e && elf_getphdrnum(e, &nph) == 0)
        for (size_t i = 0; i < nph; i++) {
            GElf_Phdr ph;
            if (gelf_getphdr(e, (int)i, &ph) && ph.p_type == PT_LOAD) {
                f->first_vaddr = ph.p_vaddr & ~(uint64_t)MMU_PAGE_MASK;
                break;
            }
        }
    /* .symtab when the file has one, else the dynamic symbols. */
    for (int want = SHT_SYMTAB; e && want && !f->n;
         want = want == SHT_SYMTAB ? SHT_DYNSYM : 0) {
        Elf_Scn *scn = NULL;
        while ((scn = elf_nextscn(e, scn)) && !f->n) {
            GElf_Shdr sh;
            if (gelf_getshdr(scn, &sh) && sh.sh_type == (unsigned)want) {
                free(f->syms);
                f->syms = NULL;
                read_symbols(e, scn, &sh, f);
            }
        }
    }
    if (e)
        elf_end(e);
    close(fd);
}

/* The file at path, read on first use (syms_lock held); NULL when out of
 * memory. */
static struct sym_file *file_of(const char *path)
{
    for (struct sym_file *f = files; f; f = f->next)
        if (strcmp(f->path, path) == 0)
            return f;
    struct sym_file *f = calloc(1, sizeof(*f));
    if (!f)
        return NULL;
    snprintf(f->path, sizeof(f->path), "%s", path);
    load_file(f);
    f->next = files;
    files = f;
    return f;
}

/* The symbol covering file address a, or NULL. A symbol without a size
 * covers up to the next one. */
static const struct sym *lookup(const struct sym_file *f, uint64_t a)
{
    size_t lo = 0, hi = f->n;
    while (lo < hi) { /* first symbol above a */
        size_t mid = (lo + hi) / 2;
        if (f->syms[mid].addr <= a)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return NULL;
    const struct sym *s = &f->syms[lo - 1];
    return !s->size || a < s->addr + s->size ? s : NULL;
}

/* The host path pc's code was loaded from and its image's start. */
static bool image_of(const struct rt_process *p, uint64_t pc, char *path,
                     size_t len, uint64_t *base)
{
    bool found = false;
    mmu_lock(p->mmu);
    size_t n;
    const struct mmu_region *r = mmu_regions(p->mmu, &n);
    for (size_t i = 0; i < n && !found; i++) {
        /* Named by path (the program by the path it was started with),
         * not "[heap]" or anonymous. */
        if (pc < r[i].start || pc >= r[i].end || !r[i].name[0] ||
            r[i].name[0] == '[')
            continue;
        found = true;
        snprintf(path, len, "%s", r[i].name);
        *base = r[i].start;
        for (size_t k = 0; k < n; k++)
            if (strcmp(r[k].name, r[i].name) == 0) {
                *base = r[k].start; /* the lowest: the image's header */
                break;
            }
    }
    mmu_unlock(p->mmu);
    return found;
}

bool rt_guest_symbol(const struct rt_process *p, uint64_t pc, char *buf,
                     size_t len)
{
    char path[256];
    uint64_t base = 0;
    /* The program's own regions carry the path it was started with. */
    const char *prog = p->opts ? p->opts->prog : NULL;
    bool ok = image_of(p, pc, path, sizeof(path), &base);
    if (ok && prog && p->exe_path && strcmp(path, prog) == 0)
        snprintf(path, sizeof(path), "%s", p->exe_path);
    pthread_mutex_lock(&syms_lock);
    const struct sym_file *f = ok ? file_of(path) : NULL;
    const struct sym *s =
        f ? lookup(f, pc - base + f->first_vaddr) : NULL;
    if (s && pc - base + f->first_vaddr == s->addr)
        snprintf(buf, len, "%s", s->name);
    else if (s)
        snprintf(buf, len, "%s+%#" PRIx64, s->name,
                 pc - base + f->first_vaddr - s->addr);
    else
        snprintf(buf, len, "%#" PRIx64, pc);
    pthread_mutex_unlock(&syms_lock);
    return s != NULL;
}

bool rt_guest_image(const struct rt_process *p, uint64_t pc, char *name,
                    size_t len, uint64_t *offset)
{
    char path[256];
    uint64_t base = 0;
    if (!image_of(p, pc, path, sizeof(path), &base))
        return false;
    const char *slash = strrchr(path, '/');
    snprintf(name, len, "%s", slash ? slash + 1 : path);
    *offset = pc - base;
    return true;
}

void rt_guest_syms_free(void)
{
    pthread_mutex_lock(&syms_lock);
    while (files) {
        struct sym_file *f = files;
        files = f->next;
        for (size_t i = 0; i < f->n; i++)
            free(f->syms[i].name);
        free(f->syms);
        free(f);
    }
    pthread_mutex_unlock(&syms_lock);
}
