/*
 * mmu.h — the user-mode guest address space: one reserved host arena.
 *
 * Guest address g lives at host address base + g for every g < limit.
 * The whole arena (plus a guard zone past its end) is reserved PROT_NONE
 * at creation; mapping a guest range makes those host pages accessible
 * with the guest's protection, so an access to an unmapped guest page
 * faults on the host and is turned into a guest SIGSEGV by the runtime.
 * Back ends check every access with one compare against the limit (never
 * a mask: a wrapped address must fault, as on Linux).
 *
 * The mmu also keeps the list of guest mappings (for mmap placement and
 * /proc/self/maps) and one protection byte per page (for EFAULT checks on
 * system call pointers and execute permission when fetching code).
 */
#ifndef VM_MMU_H
#define VM_MMU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MMU_PAGE_SIZE 4096ull
#define MMU_PAGE_MASK (MMU_PAGE_SIZE - 1)

/* Guest protections, same bits as PROT_READ/WRITE/EXEC. */
enum { MMU_READ = 1, MMU_WRITE = 2, MMU_EXEC = 4 };

/* Host bytes reserved past the limit, so a wide access at the edge faults. */
#define MMU_GUARD_SIZE (1ull << 20)

struct mmu;

struct mmu_region {
    uint64_t start, end; /* [start, end) page aligned */
    int prot;
    char name[256];      /* "[heap]", "[stack]", a file path, or "" */
};

/* Reserves a guest address space of `size` bytes (page multiple). NULL on
 * failure (errno set). */
struct mmu *mmu_create(uint64_t size);
void mmu_destroy(struct mmu *m);

uint8_t *mmu_base(const struct mmu *m);
uint64_t mmu_limit(const struct mmu *m);

/* Host address of guest address g (no check). */
static inline void *mmu_host(const struct mmu *m, uint64_t g)
{
    return (void *)(mmu_base(m) + g);
}

/*
 * Maps [addr, addr+len) with prot, replacing what was there (MAP_FIXED
 * semantics); the pages read as zero. Returns 0 or -errno.
 */
int mmu_map_fixed(struct mmu *m, uint64_t addr, uint64_t len, int prot,
                  const char *name);

/*
 * Maps [addr, addr+len) onto host file descriptor fd from offset (page
 * aligned), shared or private as the guest asked, replacing what was
 * there; the host kernel keeps a shared mapping coherent with the file and
 * raises SIGBUS on pages wholly past its end, as Linux does for the guest.
 * Returns 0 or -errno (the range is then unmapped).
 */
int mmu_map_file(struct mmu *m, uint64_t addr, uint64_t len, int prot, int fd,
                 uint64_t offset, bool shared, const char *name);

/*
 * Finds a free range of len bytes, searching down from the top of the
 * mmap area (see mmu_set_mmap_top), or exactly at `hint` when that is
 * free and not below Linux's mmap_min_addr (64 KiB), then maps it.
 * Returns the guest address or -errno.
 */
int64_t mmu_map_anywhere(struct mmu *m, uint64_t hint, uint64_t len, int prot,
                         const char *name);

/* Returns true when [addr, addr+len) contains no mapping. */
bool mmu_range_free(const struct mmu *m, uint64_t addr, uint64_t len);

int mmu_unmap(struct mmu *m, uint64_t addr, uint64_t len);
int mmu_protect(struct mmu *m, uint64_t addr, uint64_t len, int prot);

/*
 * mremap's move: the pages of [old, old+old_len), which must share one
 * protection (else -EFAULT), go to new_addr resized to new_len, keeping
 * their backing (zero pages past old_len for anonymous memory, the file's
 * pages for a file mapping); the old range becomes unmapped and whatever
 * new_addr held is replaced. The ranges must not overlap. 0 or -errno.
 */
int mmu_move(struct mmu *m, uint64_t old, uint64_t old_len, uint64_t new_addr,
             uint64_t new_len);

/* Sets the top of the area mmu_map_anywhere searches below. */
void mmu_set_mmap_top(struct mmu *m, uint64_t top);

/* Protection of the page holding addr (0 when unmapped or out of range). */
int mmu_prot_at(const struct mmu *m, uint64_t addr);

/* True when the page holding addr is mapped, even with PROT_NONE. */
bool mmu_is_mapped(const struct mmu *m, uint64_t addr);

/* True when every byte of [addr, addr+len) is mapped with all of prot. */
bool mmu_check(const struct mmu *m, uint64_t addr, uint64_t len, int prot);

/*
 * Self-modifying code. Tier 1 marks each guest page it translates code
 * from; a guest-writable page is then write-protected on the host, so the
 * guest's next store to it faults: the runtime calls mmu_unprotect_code
 * (true when the page was marked: drop the translations, redo the store).
 * Host writes on the guest's behalf go through mmu_check(..., MMU_WRITE),
 * which unprotects the pages and calls the hook (the runtime then drops
 * its translations). Mapping, unmapping or protecting a page clears its
 * mark (the runtime flushes for those anyway).
 */
void mmu_protect_code(struct mmu *m, uint64_t addr);
bool mmu_unprotect_code(const struct mmu *m, uint64_t addr);
void mmu_set_code_write_hook(struct mmu *m, void (*hook)(void *), void *arg);

/*
 * Write tracking (a vfork child: its writes must reach the parent). After
 * mmu_track_writes every guest-writable page is read-only on the host;
 * the first store to one faults, and mmu_track_fault (true when the page
 * was tracked) marks it dirty and makes it writable again, so the store
 * can run again. Host writes for system calls go through mmu_check, which
 * does the same. mmu_for_each_dirty lists the pages written since.
 */
void mmu_track_writes(struct mmu *m);
bool mmu_track_fault(const struct mmu *m, uint64_t addr);
void mmu_for_each_dirty(const struct mmu *m, void (*fn)(void *, uint64_t),
                        void *arg);

/* Caps the bytes of all mappings together (--max-memory): a mapping that
 * would pass the cap fails with -ENOMEM. 0 removes the cap. */
void mmu_set_max_mapped(struct mmu *m, uint64_t bytes);

/*
 * Length of the NUL-terminated string at addr if it is wholly readable and
 * shorter than max; -1 otherwise (also when the host faults on it).
 */
int64_t mmu_strlen(const struct mmu *m, uint64_t addr, uint64_t max);

/* Copies between guest and host; -EFAULT unless the guest range is mapped
 * with the needed protection, or when the host faults on it (a file page
 * past the end of its file; needs mmu_fault_init()). */
int mmu_read(const struct mmu *m, uint64_t addr, void *dst, uint64_t len);
int mmu_write(struct mmu *m, uint64_t addr, const void *src, uint64_t len);

/* Iterates mappings in address order: returns the number of regions and
 * a pointer valid until the next change. Other guest threads change the
 * map concurrently: hold mmu_lock while using the result. */
const struct mmu_region *mmu_regions(const struct mmu *m, size_t *count);

/* The page table: one byte per guest page (ir.h's IR_PAGE_* contract),
 * for compiled code's inline access checks (ctx->mem_pages). */
const uint8_t *mmu_page_table(const struct mmu *m);

/* The arena's lock. Every entry point that changes the map (or reads its
 * region list) takes it itself; a caller holds it across a sequence that
 * must look atomic to other guest threads (brk, mremap, reading the
 * region list). Recursive. Lock order: code cache, then this. A forked
 * child (one thread left) calls mmu_after_fork_child to free it. */
void mmu_lock(const struct mmu *m);
void mmu_unlock(const struct mmu *m);
void mmu_after_fork_child(struct mmu *m);

/* True when host address h falls in the arena or its guard zone; stores
 * the guest address in *g. Async-signal-safe. */
bool mmu_host_to_guest(const struct mmu *m, const void *h, uint64_t *g);

#endif
