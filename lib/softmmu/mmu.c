/*
 * mmu.c — the user-mode guest arena: host reservation, guest mappings,
 * per-page protections, and checked copies for system calls.
 */
#define _GNU_SOURCE /* mremap */
#include "mmu.h"

#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "ir.h"
#include "mmu_fault.h"

struct mmu {
    uint8_t *base;            /* host address of guest 0 */
    uint64_t limit;           /* guest address space size */
    uint8_t *page_prot;       /* one byte per guest page, 0 = unmapped */
    uint64_t mmap_top;        /* mmap_anywhere searches below this */
    struct mmu_region *regions; /* sorted, non-overlapping */
    size_t n_regions, cap_regions;
    void (*code_write_hook)(void *); /* see mmu_set_code_write_hook */
    void *code_write_arg;
    uint64_t max_mapped;      /* --max-memory, 0 = none */
    /* Guest threads map, unmap and protect concurrently (glibc's malloc
     * arenas do at every thread start): the region list and the
     * read-modify-writes of page_prot are serialized. Recursive, so that
     * a caller holding it (mmu_lock) can still call the entry points. */
    pthread_mutex_t lock;
};

static void lock_arena(const struct mmu *m)
{
    pthread_mutex_lock((pthread_mutex_t *)&m->lock);
}

static void unlock_arena(const struct mmu *m)
{
    pthread_mutex_unlock((pthread_mutex_t *)&m->lock);
}

static void init_lock(struct mmu *m)
{
    pthread_mutexattr_t a;
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&m->lock, &a);
    pthread_mutexattr_destroy(&a);
}

void mmu_lock(const struct mmu *m)
{
    lock_arena(m);
}

void mmu_unlock(const struct mmu *m)
{
    unlock_arena(m);
}

void mmu_after_fork_child(struct mmu *m)
{
    init_lock(m);
}

/* page_prot bit: the page holds translated code and, being guest-writable,
 * is write-protected on the host (see mmu_protect_code). */
#define PAGE_CODE 0x40
/* page_prot bits of write tracking: the page is watched (read-only on the
 * host until written), and it was written. */
#define PAGE_TRACK 0x10
#define PAGE_DIRTY 0x20

/* Compiled code reads the table (ir.h): a page is written directly only
 * when writable, holding no translated code and not write-tracked. */
_Static_assert(IR_PAGE_READABLE == (MMU_READ | MMU_WRITE | MMU_EXEC) &&
                   IR_PAGE_WRITE_MASK == (MMU_WRITE | PAGE_CODE | PAGE_TRACK) &&
                   IR_PAGE_WRITE_OK == MMU_WRITE &&
                   MMU_PAGE_SIZE == 1u << IR_PAGE_SHIFT,
               "the page table is what ir.h says");

const uint8_t *mmu_page_table(const struct mmu *m)
{
    return m->page_prot;
}

/* Linux's default vm.mmap_min_addr: nothing is placed below it. */
#define MMU_MIN_ADDR 0x10000ull

static uint64_t page_down(uint64_t a)
{
    return a & ~MMU_PAGE_MASK;
}

static uint64_t page_up(uint64_t a)
{
    return (a + MMU_PAGE_MASK) & ~MMU_PAGE_MASK;
}

/* Host protection for a guest protection: guest code is never executed
 * directly by the host, so EXEC only needs to be readable by the fetcher. */
static int host_prot(int prot)
{
    int p = 0;
    if (prot & (MMU_READ | MMU_EXEC))
        p |= PROT_READ;
    if (prot & MMU_WRITE)
        p |= PROT_READ | PROT_WRITE;
    return p;
}

/* The host protection of a page from its page_prot byte: write access
 * stays off while the page holds translated code or is tracked and not
 * yet written. */
static int page_host_prot(uint8_t pp)
{
    int prot = pp & 7;
    if ((pp & PAGE_CODE) || ((pp & PAGE_TRACK) && !(pp & PAGE_DIRTY)))
        prot &= ~MMU_WRITE;
    return host_prot(prot);
}

struct mmu *mmu_create(uint64_t size)
{
    if (size == 0 || (size & MMU_PAGE_MASK)) {
        errno = EINVAL;
        return NULL;
    }
    struct mmu *m = calloc(1, sizeof(*m));
    if (!m)
        return NULL;
    void *arena = mmap(NULL, size + MMU_GUARD_SIZE, PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    void *prot = mmap(NULL, size / MMU_PAGE_SIZE, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (arena == MAP_FAILED || prot == MAP_FAILED) {
        int e = errno;
        if (arena != MAP_FAILED)
            munmap(arena, size + MMU_GUARD_SIZE);
        if (prot != MAP_FAILED)
            munmap(prot, size / MMU_PAGE_SIZE);
        free(m);
        errno = e;
        return NULL;
    }
    m->base = arena;
    m->limit = size;
    m->page_prot = prot;
    m->mmap_top = size;
    init_lock(m);
    return m;
}

void mmu_destroy(struct mmu *m)
{
    if (!m)
        return;
    munmap(m->base, m->limit + MMU_GUARD_SIZE);
    munmap(m->page_prot, m->limit / MMU_PAGE_SIZE);
    free(m->regions);
    pthread_mutex_destroy(&m->lock);
    free(m);
}

uint8_t *mmu_base(const struct mmu *m)
{
    return m->base;
}

uint64_t mmu_limit(const struct mmu *m)
{
    return m->limit;
}

static void set_mmap_top_unlocked(struct mmu *m, uint64_t top)
{
    m->mmap_top = page_down(top < m->limit ? top : m->limit);
}

static bool range_valid(const struct mmu *m, uint64_t addr, uint64_t len)
{
    return len > 0 && addr < m->limit && len <= m->limit - addr;
}

/* Removes [start, end) from the region list, splitting as needed. */
static int regions_cut(struct mmu *m, uint64_t start, uint64_t end)
{
    for (size_t i = 0; i < m->n_regions; i++) {
        struct mmu_region *r = &m->regions[i];
        if (r->end <= start || r->start >= end)
            continue;
        if (r->start < start && r->end > end) {
            /* split in two: needs one more slot */
            if (m->n_regions == m->cap_regions) {
                size_t cap = m->cap_regions ? m->cap_regions * 2 : 16;
                struct mmu_region *p =
                    realloc(m->regions, cap * sizeof(*p));
                if (!p)
                    return -ENOMEM;
                m->regions = p;
                m->cap_regions = cap;
                r = &m->regions[i];
            }
            memmove(r + 1, r, (m->n_regions - i) * sizeof(*r));
            m->n_regions++;
            r[0].end = start;
            r[1].start = end;
            return 0;
        }
        if (r->start < start) {
            r->end = start;
        } else if (r->end > end) {
            r->start = end;
        } else {
            memmove(r, r + 1, (m->n_regions - i - 1) * sizeof(*r));
            m->n_regions--;
            i--;
        }
    }
    return 0;
}

static int regions_insert(struct mmu *m, uint64_t start, uint64_t end,
                          int prot, const char *name)
{
    if (m->n_regions == m->cap_regions) {
        size_t cap = m->cap_regions ? m->cap_regions * 2 : 16;
        struct mmu_region *p = realloc(m->regions, cap * sizeof(*p));
        if (!p)
            return -ENOMEM;
        m->regions = p;
        m->cap_regions = cap;
    }
    size_t i = 0;
    while (i < m->n_regions && m->regions[i].start < start)
        i++;
    memmove(&m->regions[i + 1], &m->regions[i],
            (m->n_regions - i) * sizeof(m->regions[0]));
    m->n_regions++;
    struct mmu_region *r = &m->regions[i];
    r->start = start;
    r->end = end;
    r->prot = prot;
    snprintf(r->name, sizeof(r->name), "%s", name ? name : "");
    return 0;
}

/* Records [addr, addr+len), just mapped on the host, in the region list
 * and the page protections. */
/* Bytes of mappings within [addr, addr+len). */
static uint64_t mapped_within(const struct mmu *m, uint64_t addr, uint64_t len)
{
    uint64_t n = 0, end = addr + len;
    for (size_t i = 0; i < m->n_regions; i++) {
        const struct mmu_region *r = &m->regions[i];
        uint64_t s = r->start > addr ? r->start : addr;
        uint64_t e = r->end < end ? r->end : end;
        if (s < e)
            n += e - s;
    }
    return n;
}

/* -ENOMEM when mapping [addr, addr+len) afresh would pass the cap. */
static int check_cap(const struct mmu *m, uint64_t addr, uint64_t len)
{
    if (!m->max_mapped)
        return 0;
    uint64_t total = mapped_within(m, 0, m->limit);
    uint64_t after = total - mapped_within(m, addr, len) + len;
    return after > m->max_mapped ? -ENOMEM : 0;
}

static void set_max_mapped_unlocked(struct mmu *m, uint64_t bytes)
{
    m->max_mapped = bytes;
}

static int record_mapping(struct mmu *m, uint64_t addr, uint64_t len, int prot,
                          const char *name)
{
    int err = regions_cut(m, addr, addr + len);
    if (!err)
        err = regions_insert(m, addr, addr + len, prot, name);
    if (err)
        return err;
    memset(m->page_prot + addr / MMU_PAGE_SIZE, prot | 0x80,
           len / MMU_PAGE_SIZE);
    return 0;
}

static int map_fixed_unlocked(struct mmu *m, uint64_t addr, uint64_t len, int prot,
                  const char *name)
{
    if ((addr & MMU_PAGE_MASK) || !range_valid(m, addr, len))
        return -EINVAL;
    len = page_up(len);
    if (len > m->limit - addr)
        return -ENOMEM;
    int cap = check_cap(m, addr, len);
    if (cap)
        return cap;
    /* A fresh anonymous mapping over the range gives zero pages and frees
     * whatever the range held before. */
    void *h = mmap(m->base + addr, len, host_prot(prot),
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE,
                   -1, 0);
    if (h == MAP_FAILED)
        return -errno;
    return record_mapping(m, addr, len, prot, name);
}

static int map_file_unlocked(struct mmu *m, uint64_t addr, uint64_t len, int prot, int fd,
                 uint64_t offset, bool shared, const char *name)
{
    if ((addr & MMU_PAGE_MASK) || (offset & MMU_PAGE_MASK) ||
        !range_valid(m, addr, len))
        return -EINVAL;
    len = page_up(len);
    if (len > m->limit - addr)
        return -ENOMEM;
    int cap = check_cap(m, addr, len);
    if (cap)
        return cap;
    void *h = mmap(m->base + addr, len, host_prot(prot),
                   (shared ? MAP_SHARED : MAP_PRIVATE) | MAP_FIXED, fd,
                   (off_t)offset);
    if (h == MAP_FAILED) {
        int err = -errno;
        /* A failed MAP_FIXED may have dropped the old pages: keep the
         * range reserved and forget it, as a failed Linux mmap does. */
        mmu_unmap(m, addr, len);
        return err;
    }
    return record_mapping(m, addr, len, prot, name);
}

static bool range_free_unlocked(const struct mmu *m, uint64_t addr, uint64_t len)
{
    if (!range_valid(m, addr, len))
        return false;
    uint64_t end = addr + len;
    for (size_t i = 0; i < m->n_regions; i++) {
        const struct mmu_region *r = &m->regions[i];
        if (r->start < end && r->end > addr)
            return false;
    }
    return true;
}

static int64_t map_anywhere_unlocked(struct mmu *m, uint64_t hint, uint64_t len, int prot,
                         const char *name)
{
    if (len == 0)
        return -EINVAL;
    len = page_up(len);
    hint = page_down(hint);
    if (hint >= MMU_MIN_ADDR && mmu_range_free(m, hint, len)) {
        int err = mmu_map_fixed(m, hint, len, prot, name);
        return err ? err : (int64_t)hint;
    }
    /* Top-down first fit below mmap_top, walking the gaps between regions
     * from the highest down, as Linux's default mmap layout does. */
    uint64_t end = m->mmap_top;
    for (size_t i = m->n_regions; i-- > 0;) {
        const struct mmu_region *r = &m->regions[i];
        if (r->start >= end)
            continue;
        if (r->end <= end && end - r->end >= len)
            break;
        end = r->start;
    }
    if (end < MMU_MIN_ADDR + len)
        return -ENOMEM;
    int err = mmu_map_fixed(m, end - len, len, prot, name);
    return err ? err : (int64_t)(end - len);
}

static int unmap_unlocked(struct mmu *m, uint64_t addr, uint64_t len)
{
    if ((addr & MMU_PAGE_MASK) || !range_valid(m, addr, len))
        return -EINVAL;
    len = page_up(len);
    if (len > m->limit - addr)
        len = m->limit - addr;
    void *h = mmap(m->base + addr, len, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_NORESERVE,
                   -1, 0);
    if (h == MAP_FAILED)
        return -errno;
    memset(m->page_prot + addr / MMU_PAGE_SIZE, 0, len / MMU_PAGE_SIZE);
    return regions_cut(m, addr, addr + len);
}

static const char *region_name_at(const struct mmu *m, uint64_t addr)
{
    for (size_t i = 0; i < m->n_regions; i++)
        if (m->regions[i].start <= addr && addr < m->regions[i].end)
            return m->regions[i].name;
    return "";
}

static int move_unlocked(struct mmu *m, uint64_t old, uint64_t old_len, uint64_t new_addr,
             uint64_t new_len)
{
    if (((old | new_addr) & MMU_PAGE_MASK) || !range_valid(m, old, old_len) ||
        !range_valid(m, new_addr, new_len))
        return -EINVAL;
    old_len = page_up(old_len);
    new_len = page_up(new_len);
    if (old_len > m->limit - old || new_len > m->limit - new_addr)
        return -ENOMEM;
    if (new_addr < old + old_len && old < new_addr + new_len)
        return -EINVAL;
    if (m->max_mapped &&
        mapped_within(m, 0, m->limit) - mapped_within(m, old, old_len) -
                mapped_within(m, new_addr, new_len) + new_len >
            m->max_mapped)
        return -ENOMEM;
    /* Linux moves one mapping of one protection (else EFAULT). */
    uint8_t prot = m->page_prot[old / MMU_PAGE_SIZE];
    for (uint64_t p = old; p < old + old_len; p += MMU_PAGE_SIZE)
        if (m->page_prot[p / MMU_PAGE_SIZE] != prot || !prot)
            return -EFAULT;
    char name[sizeof(m->regions[0].name)];
    snprintf(name, sizeof(name), "%s", region_name_at(m, old));
    /* The host moves the pages themselves, so a file mapping stays one. */
    void *h = mremap(m->base + old, old_len, new_len,
                     MREMAP_MAYMOVE | MREMAP_FIXED, m->base + new_addr);
    if (h == MAP_FAILED)
        return -errno;
    /* The old range is now a host hole: reserve it again at once, so no
     * host allocation can land inside the arena. */
    int err = mmu_unmap(m, old, old_len);
    if (!err)
        err = record_mapping(m, new_addr, new_len, prot & 7, name);
    return err;
}

static int protect_unlocked(struct mmu *m, uint64_t addr, uint64_t len, int prot)
{
    if ((addr & MMU_PAGE_MASK) || !range_valid(m, addr, len))
        return -EINVAL;
    len = page_up(len);
    if (len > m->limit - addr)
        return -ENOMEM;
    /* Linux fails with ENOMEM when part of the range is unmapped. */
    for (uint64_t p = addr; p < addr + len; p += MMU_PAGE_SIZE)
        if (!m->page_prot[p / MMU_PAGE_SIZE])
            return -ENOMEM;
    if (mprotect(m->base + addr, len, host_prot(prot)) != 0)
        return -errno;
    memset(m->page_prot + addr / MMU_PAGE_SIZE, prot | 0x80,
           len / MMU_PAGE_SIZE);
    /* Re-label the covered parts of each region with the new protection. */
    for (size_t i = 0; i < m->n_regions; i++) {
        struct mmu_region r = m->regions[i];
        if (r.end <= addr || r.start >= addr + len || r.prot == prot)
            continue;
        uint64_t s = r.start > addr ? r.start : addr;
        uint64_t e = r.end < addr + len ? r.end : addr + len;
        int err = regions_cut(m, s, e);
        if (!err)
            err = regions_insert(m, s, e, prot, r.name);
        if (err)
            return err;
        i = (size_t)-1; /* the list changed: rescan (lists are short) */
    }
    return 0;
}

int mmu_prot_at(const struct mmu *m, uint64_t addr)
{
    if (addr >= m->limit)
        return 0;
    return m->page_prot[addr / MMU_PAGE_SIZE] & 7;
}

bool mmu_is_mapped(const struct mmu *m, uint64_t addr)
{
    return addr < m->limit && m->page_prot[addr / MMU_PAGE_SIZE] != 0;
}

bool mmu_check(const struct mmu *m, uint64_t addr, uint64_t len, int prot)
{
    if (len == 0)
        return true;
    if (!range_valid(m, addr, len))
        return false;
    for (uint64_t p = page_down(addr); p < addr + len; p += MMU_PAGE_SIZE) {
        uint8_t pp = m->page_prot[p / MMU_PAGE_SIZE];
        if (!pp || (pp & prot) != prot)
            return false;
    }
    /* The host is about to write there for the guest (a system call's
     * buffer): translated code on those pages goes stale, and a tracked
     * page is written. */
    if (prot & MMU_WRITE)
        for (uint64_t p = page_down(addr); p < addr + len; p += MMU_PAGE_SIZE) {
            mmu_track_fault(m, p);
            if (mmu_unprotect_code(m, p) && m->code_write_hook)
                m->code_write_hook(m->code_write_arg);
        }
    return true;
}

void mmu_set_code_write_hook(struct mmu *m, void (*hook)(void *), void *arg)
{
    m->code_write_hook = hook;
    m->code_write_arg = arg;
}

static void protect_code_unlocked(struct mmu *m, uint64_t addr)
{
    if (addr >= m->limit)
        return;
    uint8_t *pp = &m->page_prot[addr / MMU_PAGE_SIZE];
    if (!(*pp & MMU_WRITE) || (*pp & PAGE_CODE))
        return;
    if (mprotect(m->base + page_down(addr), MMU_PAGE_SIZE,
                 host_prot(*pp & (MMU_READ | MMU_EXEC))) == 0)
        *pp |= PAGE_CODE;
}

static bool unprotect_code_unlocked(const struct mmu *m, uint64_t addr)
{
    if (addr >= m->limit)
        return false;
    uint8_t *pp = &m->page_prot[addr / MMU_PAGE_SIZE];
    if (!(*pp & PAGE_CODE))
        return false;
    *pp &= (uint8_t)~PAGE_CODE;
    mprotect(m->base + page_down(addr), MMU_PAGE_SIZE, page_host_prot(*pp));
    return true;
}

static void track_writes_unlocked(struct mmu *m)
{
    for (size_t i = 0; i < m->n_regions; i++) {
        const struct mmu_region *r = &m->regions[i];
        if (!(r->prot & MMU_WRITE))
            continue;
        for (uint64_t a = r->start; a < r->end; a += MMU_PAGE_SIZE)
            m->page_prot[a / MMU_PAGE_SIZE] =
                (uint8_t)((m->page_prot[a / MMU_PAGE_SIZE] | PAGE_TRACK) &
                          ~PAGE_DIRTY);
        mprotect(m->base + r->start, r->end - r->start,
                 host_prot(r->prot & ~MMU_WRITE));
    }
}

static bool track_fault_unlocked(const struct mmu *m, uint64_t addr)
{
    if (addr >= m->limit)
        return false;
    uint8_t *pp = &m->page_prot[addr / MMU_PAGE_SIZE];
    if (!(*pp & PAGE_TRACK) || (*pp & PAGE_DIRTY) || !(*pp & MMU_WRITE))
        return false;
    *pp |= PAGE_DIRTY;
    mprotect(m->base + page_down(addr), MMU_PAGE_SIZE, page_host_prot(*pp));
    return true;
}

void mmu_for_each_dirty(const struct mmu *m, void (*fn)(void *, uint64_t),
                        void *arg)
{
    for (size_t i = 0; i < m->n_regions; i++)
        for (uint64_t a = m->regions[i].start; a < m->regions[i].end;
             a += MMU_PAGE_SIZE)
            if (m->page_prot[a / MMU_PAGE_SIZE] & PAGE_DIRTY)
                fn(arg, a);
}

/*
 * The copies below run in a catch scope: a host fault on the arena (SIGBUS
 * on a file page wholly past the end of its file) makes them fail with
 * -EFAULT, as Linux's copies from and to user memory do, instead of
 * killing vm-run. That needs mmu_fault_init().
 */
static void catch_arena(const struct mmu *m, struct mmu_catch *c)
{
    c->lo = (uintptr_t)m->base;
    c->hi = c->lo + m->limit + MMU_GUARD_SIZE;
}

static int64_t strlen_unguarded(const struct mmu *m, uint64_t addr,
                                uint64_t max)
{
    uint64_t n = 0;
    while (n < max) {
        uint64_t a = addr + n;
        if (a < addr || !mmu_check(m, a, 1, MMU_READ))
            return -1;
        /* Scan to the end of this page in one go. */
        uint64_t chunk = MMU_PAGE_SIZE - (a & MMU_PAGE_MASK);
        if (chunk > max - n)
            chunk = max - n;
        const uint8_t *p = m->base + a;
        const uint8_t *z = memchr(p, 0, chunk);
        if (z)
            return (int64_t)(n + (uint64_t)(z - p));
        n += chunk;
    }
    return -1;
}

int64_t mmu_strlen(const struct mmu *m, uint64_t addr, uint64_t max)
{
    struct mmu_catch c;
    catch_arena(m, &c);
    if (sigsetjmp(c.env, 0))
        return -1;
    mmu_catch_enter(&c);
    int64_t n = strlen_unguarded(m, addr, max);
    mmu_catch_leave();
    return n;
}

int mmu_read(const struct mmu *m, uint64_t addr, void *dst, uint64_t len)
{
    if (!mmu_check(m, addr, len, MMU_READ))
        return -EFAULT;
    struct mmu_catch c;
    catch_arena(m, &c);
    if (sigsetjmp(c.env, 0))
        return -EFAULT;
    mmu_catch_enter(&c);
    memcpy(dst, m->base + addr, len);
    mmu_catch_leave();
    return 0;
}

int mmu_write(struct mmu *m, uint64_t addr, const void *src, uint64_t len)
{
    if (!mmu_check(m, addr, len, MMU_WRITE))
        return -EFAULT;
    struct mmu_catch c;
    catch_arena(m, &c);
    if (sigsetjmp(c.env, 0))
        return -EFAULT;
    mmu_catch_enter(&c);
    memcpy(m->base + addr, src, len);
    mmu_catch_leave();
    return 0;
}

const struct mmu_region *mmu_regions(const struct mmu *m, size_t *count)
{
    *count = m->n_regions;
    return m->regions;
}

bool mmu_host_to_guest(const struct mmu *m, const void *h, uint64_t *g)
{
    uintptr_t a = (uintptr_t)h, b = (uintptr_t)m->base;
    if (a < b || a - b >= m->limit + MMU_GUARD_SIZE)
        return false;
    *g = a - b;
    return true;
}

/* ---- the locked entry points (see mmu.h: one lock per arena) ---- */

void mmu_set_mmap_top(struct mmu *m, uint64_t top)
{
    lock_arena(m);
    set_mmap_top_unlocked(m, top);
    unlock_arena(m);
}

int mmu_map_fixed(struct mmu *m, uint64_t addr, uint64_t len, int prot,
                  const char *name)
{
    lock_arena(m);
    int r = map_fixed_unlocked(m, addr, len, prot, name);
    unlock_arena(m);
    return r;
}

int mmu_map_file(struct mmu *m, uint64_t addr, uint64_t len, int prot, int fd,
                 uint64_t offset, bool shared, const char *name)
{
    lock_arena(m);
    int r = map_file_unlocked(m, addr, len, prot, fd, offset, shared, name);
    unlock_arena(m);
    return r;
}

bool mmu_range_free(const struct mmu *m, uint64_t addr, uint64_t len)
{
    lock_arena(m);
    bool r = range_free_unlocked(m, addr, len);
    unlock_arena(m);
    return r;
}

int64_t mmu_map_anywhere(struct mmu *m, uint64_t hint, uint64_t len, int prot,
                         const char *name)
{
    lock_arena(m);
    int64_t r = map_anywhere_unlocked(m, hint, len, prot, name);
    unlock_arena(m);
    return r;
}

int mmu_unmap(struct mmu *m, uint64_t addr, uint64_t len)
{
    lock_arena(m);
    int r = unmap_unlocked(m, addr, len);
    unlock_arena(m);
    return r;
}

int mmu_move(struct mmu *m, uint64_t old, uint64_t old_len, uint64_t new_addr,
             uint64_t new_len)
{
    lock_arena(m);
    int r = move_unlocked(m, old, old_len, new_addr, new_len);
    unlock_arena(m);
    return r;
}

int mmu_protect(struct mmu *m, uint64_t addr, uint64_t len, int prot)
{
    lock_arena(m);
    int r = protect_unlocked(m, addr, len, prot);
    unlock_arena(m);
    return r;
}

void mmu_protect_code(struct mmu *m, uint64_t addr)
{
    lock_arena(m);
    protect_code_unlocked(m, addr);
    unlock_arena(m);
}

bool mmu_unprotect_code(const struct mmu *m, uint64_t addr)
{
    lock_arena(m);
    bool r = unprotect_code_unlocked(m, addr);
    unlock_arena(m);
    return r;
}

void mmu_track_writes(struct mmu *m)
{
    lock_arena(m);
    track_writes_unlocked(m);
    unlock_arena(m);
}

bool mmu_track_fault(const struct mmu *m, uint64_t addr)
{
    lock_arena(m);
    bool r = track_fault_unlocked(m, addr);
    unlock_arena(m);
    return r;
}

void mmu_set_max_mapped(struct mmu *m, uint64_t bytes)
{
    lock_arena(m);
    set_max_mapped_unlocked(m, bytes);
    unlock_arena(m);
}
