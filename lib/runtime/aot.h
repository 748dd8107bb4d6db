/*
 * aot.h — vm-run --aot IMAGE: ahead-of-time code from vm-aot
 * (lib/codegen/aot/README.md) in the tier-1 dispatcher.
 *
 * Loading (aot_image.c): the image's header is checked against the
 * program (build-id, size and hash of the file), vm's version and the
 * payload's own hash before anything else; a refused image gives one
 * "vm-run: aot: ..." line and the run goes on in the JIT. The payload is
 * a shared object dlopened from a memfd; libLLVM is not involved.
 *
 * Use (aot_runtime.c): when tier 1 translates a block whose pc is an
 * image entry, the guest bytes the entry was compiled from are compared
 * with guest memory (hash), their pages are protected like tier 1's, and
 * the block's entry is patched to a tier-2 trampoline calling the image's
 * function, exactly as an installed tier-2 region: same exits, precise
 * faults (explicit checks, the "in tier 2" byte), polls for signals. A
 * write to its code drops the entry for good; a cache flush only removes
 * the patch, put back when the block is translated again.
 */
#ifndef VM_RT_AOT_H
#define VM_RT_AOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "aot_format.h"

struct rt_process;
struct rt_thread;
struct cg_cache;

/* ---- aot_image.c ---- */

struct rt_aot_image {
    void *dl;                        /* dlopen handle */
    const struct aot_entry *entries; /* sorted by guest_pc */
    const struct aot_range *ranges;
    unsigned n_entries, n_ranges;
};

/* The image at path for the program at prog, or NULL with err (why it
 * was refused). */
struct rt_aot_image *rt_aot_image_open(const char *path, const char *prog,
                                       char *err, size_t errlen);
void rt_aot_image_close(struct rt_aot_image *img);

/* ---- aot_runtime.c ---- */

/* With --aot: loads the image into p->aot (or says why not, and leaves it
 * NULL). Never fails the run. */
void rt_aot_process_init(struct rt_process *p);
/* Adds the counters to p->stats, frees everything (no guest thread left). */
void rt_aot_process_fini(struct rt_process *p);

/* Tier 1 translated the block at pc to entry (cache lock held): patches
 * it to the image's code when the image has an entry for pc. */
void rt_aot_block_translated(struct rt_thread *t, struct cg_cache *c,
                             uint64_t pc, void *entry);

/* Guest code [lo, hi) was written (cache lock held). */
void rt_aot_code_written(struct rt_thread *t, struct cg_cache *c, uint64_t lo,
                         uint64_t hi);

/* Whether the image has a usable entry for pc (tier 2 then leaves it). */
bool rt_aot_covers(const struct rt_process *p, uint64_t pc);

#endif
