/*
 * aot_identity.c — what ties an image to the guest ELF it was built from:
 * the GNU build-id note (when there is one), e_machine, and the size and
 * hash of the whole file (a rebuilt program with the same build-id, or a
 * patched one, is still told apart). Read with plain bounds-checked
 * parsing: the file may be anything.
 */
#include "aot_format.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* The build-id note among the notes [p, p + n), if any. */
static void find_build_id(const uint8_t *p, uint64_t n, struct aot_identity *id)
{
    uint64_t off = 0;
    while (off + sizeof(Elf64_Nhdr) <= n) {
        Elf64_Nhdr nh;
        memcpy(&nh, p + off, sizeof(nh));
        uint64_t name_at = off + sizeof(nh);
        uint64_t desc_at = name_at + ((nh.n_namesz + 3u) & ~3u);
        uint64_t next = desc_at + ((nh.n_descsz + 3u) & ~3u);
        if (next > n || desc_at + nh.n_descsz > n)
            return;
        if (nh.n_type == NT_GNU_BUILD_ID && nh.n_namesz == 4 &&
            memcmp(p + name_at, "GNU", 4) == 0 && nh.n_descsz &&
            nh.n_descsz <= AOT_BUILD_ID_MAX) {
            memcpy(id->build_id, p + desc_at, nh.n_descsz);
            id->build_id_len = nh.n_descsz;
            return;
        }
        off = next;
    }
}

static int parse(const uint8_t *f, uint64_t size, struct aot_identity *id,
                 char *err, size_t errlen)
{
    Elf64_Ehdr eh;
    if (size < sizeof(eh) || memcmp(f, ELFMAG, SELFMAG) != 0 ||
        f[EI_CLASS] != ELFCLASS64 || f[EI_DATA] != ELFDATA2LSB) {
        snprintf(err, errlen, "not a 64-bit little-endian ELF file");
        return -1;
    }
    memcpy(&eh, f, sizeof(eh));
    id->machine = eh.e_machine;
    id->exec = eh.e_type == ET_EXEC;
    if (eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phoff > size ||
        (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr) > size - eh.e_phoff) {
        snprintf(err, errlen, "bad program headers");
        return -1;
    }
    for (unsigned i = 0; i < eh.e_phnum && !id->build_id_len; i++) {
        Elf64_Phdr ph;
        memcpy(&ph, f + eh.e_phoff + i * sizeof(ph), sizeof(ph));
        if (ph.p_type == PT_NOTE && ph.p_offset <= size &&
            ph.p_filesz <= size - ph.p_offset)
            find_build_id(f + ph.p_offset, ph.p_filesz, id);
    }
    return 0;
}

const void *aot_map_file(const char *path, uint64_t *size, char *err,
                         size_t errlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) {
        snprintf(err, errlen, "%s", strerror(errno));
        if (fd >= 0)
            close(fd);
        return NULL;
    }
    if (!S_ISREG(st.st_mode) || st.st_size == 0) {
        snprintf(err, errlen, "not a regular non-empty file");
        close(fd);
        return NULL;
    }
    *size = (uint64_t)st.st_size;
    void *m = mmap(NULL, *size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (m == MAP_FAILED) {
        snprintf(err, errlen, "%s", strerror(errno));
        return NULL;
    }
    return m;
}

int aot_identify(const char *path, struct aot_identity *id, char *err,
                 size_t errlen)
{
    memset(id, 0, sizeof(*id));
    char why[128];
    const void *m = aot_map_file(path, &id->size, why, sizeof(why));
    if (!m) {
        snprintf(err, errlen, "%s: %s", path, why);
        return -1;
    }
    id->hash = aot_hash_file(m, id->size);
    int rc = parse(m, id->size, id, err, errlen);
    munmap((void *)m, id->size);
    return rc;
}

uint64_t aot_hash_code(const struct aot_range *r, unsigned n,
                       const uint8_t *(*fetch)(void *, uint64_t, uint64_t *),
                       void *arg, bool *ok)
{
    uint64_t h = AOT_HASH_INIT;
    *ok = true;
    for (unsigned i = 0; i < n; i++)
        for (uint64_t pc = r[i].lo; pc < r[i].hi;) {
            uint64_t avail = 0;
            const uint8_t *p = fetch(arg, pc, &avail);
            if (!p || !avail) {
                *ok = false;
                return 0;
            }
            uint64_t take = r[i].hi - pc < avail ? r[i].hi - pc : avail;
            h = aot_hash(h, p, take);
            pc += take;
        }
    return h;
}
