/*
 * aot_format.h — the image file vm-aot writes and vm-run --aot reads
 * (LLVM-free: the runtime includes it). Format described for users in
 * lib/codegen/aot/README.md.
 *
 * File = struct aot_file_header, then payload_size bytes of payload: an
 * x86-64 ELF shared object (linked by ld.lld) that the runtime writes to
 * a memfd and dlopens. The header is checked before the payload is
 * touched, so a foreign, stale, truncated or corrupt file is refused
 * without ever reaching the dynamic linker.
 *
 * The shared object defines (default visibility):
 *   AOT_SYM_HELPERS  ir_helper_fn[IR_NUM_HELPERS], zero: the loader fills
 *                    it; every helper call of the code goes through it;
 *   AOT_SYM_ENTRIES  struct aot_entry[n_entries], sorted by guest_pc;
 *   AOT_SYM_RANGES   struct aot_range[n_ranges]: the guest bytes each
 *                    entry's code was compiled from.
 * Guest addresses are the ELF's link-time addresses (this slice accepts
 * ET_EXEC programs only, whose load bias is 0).
 */
#ifndef VM_AOT_FORMAT_H
#define VM_AOT_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define AOT_MAGIC "VMAOTIM1" /* 8 bytes, no terminator in the file */
#define AOT_FORMAT_VERSION 1u
#define AOT_VERSION_LEN 32u  /* VM_VERSION, NUL-padded */
#define AOT_BUILD_ID_MAX 32u

#define AOT_SYM_HELPERS "vm_aot_helpers"
#define AOT_SYM_ENTRIES "vm_aot_entries"
#define AOT_SYM_RANGES "vm_aot_ranges"

struct aot_file_header {
    char magic[8];
    uint32_t format;          /* AOT_FORMAT_VERSION */
    uint32_t header_size;     /* sizeof(struct aot_file_header) */
    char vm_version[AOT_VERSION_LEN];
    /* The guest ELF it was built from: */
    uint8_t build_id[AOT_BUILD_ID_MAX];
    uint32_t build_id_len;    /* 0: the ELF has no NT_GNU_BUILD_ID */
    uint32_t elf_machine;     /* e_machine */
    uint64_t elf_size;        /* bytes of the file */
    uint64_t elf_hash;        /* aot_hash_file of the whole file */
    /* The payload: */
    uint64_t payload_size;
    uint64_t payload_hash;    /* aot_hash_file of the payload */
    uint32_t n_entries, n_ranges;
    uint32_t n_helpers;       /* IR_NUM_HELPERS it was built for */
    uint32_t reserved;
};

/* One region: entered when the guest reaches guest_pc. */
struct aot_entry {
    uint64_t guest_pc;
    const void *host_fn;      /* ll_region_fn (ll_region.h) */
    uint64_t code_hash;       /* aot_hash of the guest bytes of its ranges,
                                 in order: checked against guest memory
                                 before the entry is first used */
    uint32_t first_range, n_ranges;
};

struct aot_range {
    uint64_t lo, hi; /* guest bytes [lo, hi) */
};

/* FNV-1a, 64 bits: identity and corruption checks, not security. Start
 * with h = AOT_HASH_INIT and chain calls for several pieces. */
#define AOT_HASH_INIT 0xcbf29ce484222325ull
static inline uint64_t aot_hash(uint64_t h, const void *p, uint64_t n)
{
    const uint8_t *b = p;
    for (uint64_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ull;
    return h;
}

/* The same idea a word at a time (8x faster), for whole files (the ELF,
 * the payload: megabytes read at every start); not chainable. */
static inline uint64_t aot_hash_file(const void *p, uint64_t n)
{
    const uint8_t *b = p;
    uint64_t h = AOT_HASH_INIT, i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, b + i, 8);
        h = (h ^ w) * 0x100000001b3ull;
        h ^= h >> 29;
    }
    return aot_hash(h, b + i, n - i);
}

/* What identifies a guest ELF file. */
struct aot_identity {
    uint8_t build_id[AOT_BUILD_ID_MAX];
    uint32_t build_id_len;
    uint32_t machine;         /* e_machine */
    uint64_t size, hash;      /* of the whole file */
    bool exec;                /* ET_EXEC (load bias 0) */
};

/* Maps the regular non-empty file at path read-only (munmap it): its
 * bytes, *size of them; NULL with err (strerror's text). aot_identity.c */
const void *aot_map_file(const char *path, uint64_t *size, char *err,
                         size_t errlen);

/* Reads the ELF at path: 0, or -1 with one line in err ("not an ELF
 * file", strerror...). aot_identity.c */
int aot_identify(const char *path, struct aot_identity *id, char *err,
                 size_t errlen);

/* aot_hash of the guest bytes of ranges r[0..n) in order, read with
 * fetch (the lifter's callback: a host pointer to the bytes at pc and how
 * many follow). *ok false when some byte cannot be fetched. */
uint64_t aot_hash_code(const struct aot_range *r, unsigned n,
                       const uint8_t *(*fetch)(void *, uint64_t, uint64_t *),
                       void *arg, bool *ok);

/* Links obj (an object file from aot_build_emit) into a shared object
 * with ld.lld and writes the image file out_path: header for id, then
 * the shared object. 0, or -1 with err. aot_write.c */
int aot_write_image(const char *out_path, const void *obj, size_t obj_len,
                    const struct aot_identity *id, uint32_t n_entries,
                    uint32_t n_ranges, char *err, size_t errlen);

#endif
