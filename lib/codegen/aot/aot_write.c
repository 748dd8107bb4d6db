/*
 * aot_write.c — the image file (aot_format.h): the object linked into a
 * shared object by ld.lld (LLVM's linker, deterministic, no build-id of
 * its own so that the same input gives the same bytes), then header and
 * shared object written to a temporary name and renamed into place (a
 * crash never leaves a half-written image under the final name).
 */
#define _GNU_SOURCE
#include "aot_format.h"

#include <stdbool.h>

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ir.h"

extern char **environ;

/* The linker's names, tried in order (Debian's lld-19 installs the
 * versioned one). */
static const char *const linkers[] = {"ld.lld-19", "ld.lld"};

static int write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

static int write_file(const char *path, const void *p, size_t n)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return -1;
    int rc = write_all(fd, p, n);
    return close(fd) || rc ? -1 : 0;
}

/* The whole file at path in a malloc'd buffer. */
static void *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    void *buf = NULL;
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && st.st_size > 0 &&
        (buf = malloc((size_t)st.st_size)) &&
        fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = buf ? (size_t)st.st_size : 0;
    return buf;
}

static int run_linker(const char *obj, const char *so, char *err,
                      size_t errlen)
{
    char *argv[] = {NULL, "-shared", "--build-id=none", "-z", "now",
                    "-z", "noexecstack", "--hash-style=gnu",
                    "-soname", "vm-aot-image", "-o", (char *)so,
                    (char *)obj, NULL};
    for (size_t i = 0; i < sizeof(linkers) / sizeof(*linkers); i++) {
        pid_t pid;
        argv[0] = (char *)linkers[i];
        if (posix_spawnp(&pid, linkers[i], NULL, NULL, argv, environ) != 0)
            continue;
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
            return 0;
        snprintf(err, errlen, "%s failed (status %d)", linkers[i], status);
        return -1;
    }
    snprintf(err, errlen, "no ld.lld-19 or ld.lld on PATH (apt lld-19)");
    return -1;
}

static void fill_header(struct aot_file_header *h, const struct aot_identity *id,
                        const void *so, size_t so_len, uint32_t n_entries,
                        uint32_t n_ranges)
{
    memset(h, 0, sizeof(*h));
    memcpy(h->magic, AOT_MAGIC, sizeof(h->magic));
    h->format = AOT_FORMAT_VERSION;
    h->header_size = sizeof(*h);
    strncpy(h->vm_version, VM_VERSION, sizeof(h->vm_version) - 1);
    memcpy(h->build_id, id->build_id, sizeof(h->build_id));
    h->build_id_len = id->build_id_len;
    h->elf_machine = id->machine;
    h->elf_size = id->size;
    h->elf_hash = id->hash;
    h->payload_size = so_len;
    h->payload_hash = aot_hash_file(so, so_len);
    h->n_entries = n_entries;
    h->n_ranges = n_ranges;
    h->n_helpers = IR_NUM_HELPERS;
}

int aot_write_image(const char *out_path, const void *obj, size_t obj_len,
                    const struct aot_identity *id, uint32_t n_entries,
                    uint32_t n_ranges, char *err, size_t errlen)
{
    const char *tmp = getenv("TMPDIR");
    char dir[4096], o[4200], so[4200], part[4200];
    snprintf(dir, sizeof(dir), "%s/vm-aot.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        snprintf(err, errlen, "cannot make a temporary directory: %s",
                 strerror(errno));
        return -1;
    }
    snprintf(o, sizeof(o), "%s/image.o", dir);
    snprintf(so, sizeof(so), "%s/image.so", dir);
    snprintf(part, sizeof(part), "%s.part", out_path);
    int rc = -1;
    size_t so_len = 0;
    void *so_buf = NULL;
    if (write_file(o, obj, obj_len) != 0)
        snprintf(err, errlen, "%s: %s", o, strerror(errno));
    else if (run_linker(o, so, err, errlen) == 0 &&
             !(so_buf = read_file(so, &so_len)))
        snprintf(err, errlen, "cannot read the linked image %s", so);
    if (so_buf) {
        struct aot_file_header h;
        fill_header(&h, id, so_buf, so_len, n_entries, n_ranges);
        int fd = open(part, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        bool written = fd >= 0 && !write_all(fd, &h, sizeof(h)) &&
                       !write_all(fd, so_buf, so_len);
        if (fd >= 0 && close(fd))
            written = false;
        if (!written || rename(part, out_path))
            snprintf(err, errlen, "%s: %s", out_path, strerror(errno));
        else
            rc = 0;
        if (rc)
            unlink(part);
    }
    free(so_buf);
    unlink(o);
    unlink(so);
    rmdir(dir);
    return rc;
}
