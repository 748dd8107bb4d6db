/*
 * elf_funcs.c — the function symbols of a guest ELF (.symtab, else
 * .dynsym), as seeds for vm-aot's code discovery.
 */
#include "elf_funcs.h"

#include <fcntl.h>
#include <gelf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

static bool add(uint64_t **v, unsigned *n, unsigned *cap, uint64_t pc)
{
    if (*n == *cap) {
        unsigned c = *cap * 2 + 256;
        uint64_t *p = realloc(*v, c * sizeof(*p));
        if (!p)
            return false;
        *v = p;
        *cap = c;
    }
    (*v)[(*n)++] = pc;
    return true;
}

int elf_function_addrs(const char *path, uint64_t **out, unsigned *n)
{
    *out = NULL;
    *n = 0;
    unsigned cap = 0;
    if (elf_version(EV_CURRENT) == EV_NONE)
        return -1;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    Elf *e = elf_begin(fd, ELF_C_READ, NULL);
    bool ok = e != NULL;
    for (int want = SHT_SYMTAB; ok && want && !*n;
         want = want == SHT_SYMTAB ? SHT_DYNSYM : 0) {
        Elf_Scn *scn = NULL;
        while (ok && (scn = elf_nextscn(e, scn))) {
            GElf_Shdr sh;
            Elf_Data *d;
            if (!gelf_getshdr(scn, &sh) || sh.sh_type != (unsigned)want ||
                !sh.sh_entsize || !(d = elf_getdata(scn, NULL)))
                continue;
            for (size_t i = 0; ok && i < sh.sh_size / sh.sh_entsize; i++) {
                GElf_Sym s;
                if (gelf_getsym(d, (int)i, &s) &&
                    GELF_ST_TYPE(s.st_info) == STT_FUNC &&
                    s.st_shndx != SHN_UNDEF && s.st_value)
                    ok = add(out, n, &cap, s.st_value);
            }
        }
    }
    if (e)
        elf_end(e);
    close(fd);
    if (!ok) {
        free(*out);
        *out = NULL;
        *n = 0;
        return -1;
    }
    return 0;
}
