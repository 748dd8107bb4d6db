/*
 * aot_image.c — opening a vm-aot image (aot.h): every check the header
 * allows before the payload reaches the dynamic linker, whose behaviour
 * on a damaged shared object is not ours to predict.
 */
#define _GNU_SOURCE
#include "aot.h"

#include <dlfcn.h>
#include <stdbool.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ir.h"

/* Whether the header says the image was built by this vm for prog. */
static bool header_ok(const struct aot_file_header *h, uint64_t file_size,
                      const char *prog, char *err, size_t errlen)
{
    if (memcmp(h->magic, AOT_MAGIC, sizeof(h->magic)) != 0) {
        snprintf(err, errlen, "not a vm-aot image");
        return false;
    }
    if (h->format != AOT_FORMAT_VERSION || h->header_size != sizeof(*h)) {
        snprintf(err, errlen, "image format %u, this vm reads %u", h->format,
                 AOT_FORMAT_VERSION);
        return false;
    }
    char version[AOT_VERSION_LEN + 1] = {0};
    memcpy(version, h->vm_version, AOT_VERSION_LEN);
    if (strcmp(version, VM_VERSION) != 0 || h->n_helpers != IR_NUM_HELPERS) {
        snprintf(err, errlen, "built by vm %.32s, this is vm %s", version,
                 VM_VERSION);
        return false;
    }
    if (file_size != sizeof(*h) + h->payload_size) {
        snprintf(err, errlen, "%s (%" PRIu64 " bytes, the header says %" PRIu64
                 ")", file_size < sizeof(*h) + h->payload_size ? "truncated"
                                                               : "trailing bytes",
                 file_size, sizeof(*h) + h->payload_size);
        return false;
    }
    struct aot_identity id;
    if (aot_identify(prog, &id, err, errlen))
        return false;
    bool same_id = id.build_id_len == h->build_id_len &&
                   memcmp(id.build_id, h->build_id, id.build_id_len) == 0;
    if (id.machine != h->elf_machine || (id.build_id_len && !same_id)) {
        snprintf(err, errlen, "image of another program");
        return false;
    }
    if (id.size != h->elf_size || id.hash != h->elf_hash) {
        snprintf(err, errlen, "stale image: the program changed since it "
                              "was built");
        return false;
    }
    return true;
}

/* dlopens the payload p (n bytes) through a memfd. */
static void *open_payload(const void *p, size_t n, char *err, size_t errlen)
{
    int fd = memfd_create("vm-aot-image", MFD_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "memfd_create: %s", strerror(errno));
        return NULL;
    }
    const char *c = p;
    for (size_t left = n; left;) {
        ssize_t w = write(fd, c, left);
        if (w <= 0) {
            snprintf(err, errlen, "memfd: %s", strerror(errno));
            close(fd);
            return NULL;
        }
        c += w;
        left -= (size_t)w;
    }
    char path[64];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
    void *dl = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!dl)
        snprintf(err, errlen, "%s", dlerror());
    close(fd);
    return dl;
}

/* Finds the tables in the loaded image and fills its helper table. */
static bool bind(struct rt_aot_image *img, const struct aot_file_header *h,
                 char *err, size_t errlen)
{
    ir_helper_fn *helpers = dlsym(img->dl, AOT_SYM_HELPERS);
    img->entries = dlsym(img->dl, AOT_SYM_ENTRIES);
    img->ranges = dlsym(img->dl, AOT_SYM_RANGES);
    img->n_entries = h->n_entries;
    img->n_ranges = h->n_ranges;
    if (!helpers || !img->entries || !img->ranges) {
        snprintf(err, errlen, "image without its tables");
        return false;
    }
    for (unsigned i = 0; i < img->n_entries; i++) {
        const struct aot_entry *e = &img->entries[i];
        if ((i && e->guest_pc <= img->entries[i - 1].guest_pc) ||
            e->first_range > img->n_ranges ||
            e->n_ranges > img->n_ranges - e->first_range || !e->host_fn) {
            snprintf(err, errlen, "inconsistent entry table");
            return false;
        }
    }
    memcpy(helpers, ir_helper_table, sizeof(ir_helper_table));
    return true;
}

struct rt_aot_image *rt_aot_image_open(const char *path, const char *prog,
                                       char *err, size_t errlen)
{
    uint64_t size;
    const uint8_t *map = aot_map_file(path, &size, err, errlen);
    if (!map)
        return NULL;
    struct aot_file_header h;
    struct rt_aot_image *img = NULL;
    if (size < sizeof(h)) {
        snprintf(err, errlen, "truncated (no complete header)");
        munmap((void *)map, size);
        return NULL;
    }
    memcpy(&h, map, sizeof(h));
    const uint8_t *payload = map + sizeof(h);
    bool ok = header_ok(&h, size, prog, err, errlen);
    if (ok && aot_hash_file(payload, h.payload_size) != h.payload_hash) {
        snprintf(err, errlen, "corrupt (payload hash differs)");
        ok = false;
    }
    if (ok && !(img = calloc(1, sizeof(*img))))
        snprintf(err, errlen, "out of memory");
    else if (ok &&
             (img->dl = open_payload(payload, h.payload_size, err, errlen)) &&
             !bind(img, &h, err, errlen)) {
        dlclose(img->dl);
        img->dl = NULL;
    }
    munmap((void *)map, size);
    if (img && !img->dl) {
        free(img);
        img = NULL;
    }
    return img;
}

void rt_aot_image_close(struct rt_aot_image *img)
{
    if (!img)
        return;
    dlclose(img->dl);
    free(img);
}
