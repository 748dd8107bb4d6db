/*
 * sys_mem.c — the guest address space: brk, mmap, munmap, mprotect,
 * mremap, madvise, msync, all carried out on the mmu's arena.
 *
 * File mappings are host mappings of the same descriptor placed in the
 * arena (mmu_map_file), so MAP_SHARED writes reach the file, the file's
 * changes show through the mapping, and MADV_DONTNEED re-reads file pages,
 * all by the host kernel as Linux would for the guest. mremap moves pages
 * with the host's mremap (a moved file mapping stays one); growing a
 * mapping in place adds anonymous pages, even to a file mapping. Unmapping
 * or changing executable pages asks the dispatcher to drop its
 * translations (t->flush_icache).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "linux_internal.h"
#include "log_hooks.h"

_Static_assert(MS_ASYNC == LX_MS_ASYNC && MS_INVALIDATE == LX_MS_INVALIDATE &&
                   MS_SYNC == LX_MS_SYNC,
               "host msync flags differ from riscv64's");

static bool page_aligned(uint64_t a)
{
    return (a & MMU_PAGE_MASK) == 0;
}

/* Rounds len up to pages; 0 when that overflows. */
static uint64_t page_round(uint64_t len)
{
    uint64_t r = (len + MMU_PAGE_MASK) & ~MMU_PAGE_MASK;
    return r < len ? 0 : r;
}

/* riscv has no write-only pages: Linux maps PROT_WRITE readable too. */
static int guest_prot(uint64_t prot)
{
    int p = (int)(prot & (MMU_READ | MMU_WRITE | MMU_EXEC));
    return (p & MMU_WRITE) ? (p | MMU_READ) : p;
}

static void note_code_change(struct rt_thread *t, uint64_t addr, uint64_t len)
{
    if (lx_range_has_exec(t->proc->mmu, addr, len))
        t->flush_icache = true;
}

static int64_t brk_locked(struct rt_thread *t, const uint64_t a[6])
{
    struct rt_process *p = t->proc;
    uint64_t want = a[0];
    if (want < p->brk_start)
        return (int64_t)p->brk_cur;
    uint64_t old_top = page_round(p->brk_cur), new_top = page_round(want);
    if (!new_top)
        return (int64_t)p->brk_cur;
    if (new_top < old_top) {
        mmu_unmap(p->mmu, new_top, old_top - new_top);
    } else if (new_top > old_top) {
        /* Linux keeps a guard page between the heap and the next mapping. */
        if (!mmu_range_free(p->mmu, old_top, new_top - old_top + MMU_PAGE_SIZE))
            return (int64_t)p->brk_cur;
        if (mmu_map_fixed(p->mmu, old_top, new_top - old_top,
                          MMU_READ | MMU_WRITE, "[heap]"))
            return (int64_t)p->brk_cur;
    }
    p->brk_cur = want;
    return (int64_t)want;
}

/* Checks a file descriptor for mmap; *zero is set for /dev/zero, which
 * maps as anonymous memory. */
static int check_map_file(int fd, uint64_t flags, int prot, bool *zero)
{
    struct stat st;
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fstat(fd, &st) < 0)
        return -EBADF;
    if ((fl & O_ACCMODE) == O_WRONLY)
        return -EACCES;
    if ((flags & LX_MAP_TYPE) != LX_MAP_PRIVATE && (prot & MMU_WRITE) &&
        (fl & O_ACCMODE) != O_RDWR)
        return -EACCES;
    *zero = S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 5);
    if (!S_ISREG(st.st_mode) && !*zero)
        return -ENODEV;
    return 0;
}

/* The mapping's name for /proc/self/maps: the file's path. */
static void file_name(int fd, char name[PATH_MAX])
{
    char link[40];
    snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, name, PATH_MAX - 1);
    name[n < 0 ? 0 : n] = 0;
}

/* Maps len bytes where the flags say; returns the address or -errno. */
static int64_t place_mapping(struct rt_thread *t, uint64_t addr, uint64_t len,
                             uint64_t flags, int prot, const char *name)
{
    struct mmu *m = t->proc->mmu;
    if (flags & (LX_MAP_FIXED | LX_MAP_FIXED_NOREPLACE)) {
        if (!page_aligned(addr))
            return -EINVAL;
        if (addr + len < addr || addr + len > mmu_limit(m))
            return -ENOMEM;
        if ((flags & LX_MAP_FIXED_NOREPLACE) && !mmu_range_free(m, addr, len))
            return -EEXIST;
        note_code_change(t, addr, len);
        int err = mmu_map_fixed(m, addr, len, prot, name);
        return err ? err : (int64_t)addr;
    }
    /* The mmu ignores hints below vm.mmap_min_addr, as Linux does. */
    return mmu_map_anywhere(m, page_round(addr), len, prot, name);
}

static int64_t mmap_locked(struct rt_thread *t, const uint64_t a[6])
{
    uint64_t addr = a[0], flags = a[3], off = a[5];
    int prot = guest_prot(a[2]), fd = (int)a[4];
    uint64_t len = page_round(a[1]);
    uint64_t type = flags & LX_MAP_TYPE;
    if (!a[1] || !page_aligned(off) ||
        (type != LX_MAP_SHARED && type != LX_MAP_PRIVATE &&
         type != LX_MAP_SHARED_VALIDATE))
        return -EINVAL;
    if (!len)
        return -ENOMEM;
    bool anon = flags & LX_MAP_ANONYMOUS, zero = false;
    char name[PATH_MAX] = "";
    if (!anon) {
        int err = check_map_file(fd, flags, prot, &zero);
        if (err)
            return err;
        if (!zero)
            file_name(fd, name);
    }
    int64_t at = place_mapping(t, addr, len, flags, prot, name);
    if (at < 0 || anon || zero)
        return at;
    /* A file goes over the place just reserved as the flags said. */
    int err = mmu_map_file(t->proc->mmu, (uint64_t)at, len, prot, fd, off,
                           type != LX_MAP_PRIVATE, name);
    return err ? err : at;
}

static int64_t munmap_locked(struct rt_thread *t, const uint64_t a[6])
{
    uint64_t addr = a[0], len = page_round(a[1]);
    if (!page_aligned(addr) || !a[1] || !len || addr + len < addr)
        return -EINVAL;
    note_code_change(t, addr, len);
    return mmu_unmap(t->proc->mmu, addr, len);
}

static int64_t mprotect_locked(struct rt_thread *t, const uint64_t a[6])
{
    uint64_t addr = a[0], len = page_round(a[1]);
    /* PROT_GROWSDOWN/GROWSUP are accepted and ignored. */
    const uint64_t known = 7 | 0x01000000 | 0x02000000;
    if (!page_aligned(addr) || (a[2] & ~known) || (a[1] && !len))
        return -EINVAL;
    if (!len)
        return 0;
    if (!lx_range_mapped(t->proc->mmu, addr, len))
        return -ENOMEM;
    note_code_change(t, addr, len);
    return mmu_protect(t->proc->mmu, addr, len, guest_prot(a[2]));
}

/* Moves [old, old+old_len) to a new place of new_len bytes. */
static int64_t move_mapping(struct rt_thread *t, uint64_t old, uint64_t old_len,
                            uint64_t new_len, uint64_t flags, uint64_t new_addr)
{
    struct mmu *m = t->proc->mmu;
    uint64_t place = LX_MAP_PRIVATE;
    if (flags & LX_MREMAP_FIXED) {
        if (!page_aligned(new_addr))
            return -EINVAL;
        if (new_addr < old + old_len && old < new_addr + new_len)
            return -EINVAL; /* the ranges overlap */
        place |= LX_MAP_FIXED;
    }
    /* Claims the destination; mmu_move then puts the pages over it. */
    int64_t at = place_mapping(t, new_addr, new_len, place, 0, "");
    if (at < 0)
        return at;
    note_code_change(t, old, old_len);
    int err = mmu_move(m, old, old_len, (uint64_t)at, new_len);
    if (err) {
        mmu_unmap(m, (uint64_t)at, new_len);
        return err;
    }
    return at;
}

static int64_t mremap_locked(struct rt_thread *t, const uint64_t a[6])
{
    uint64_t old = a[0], flags = a[3], new_addr = a[4];
    uint64_t old_len = page_round(a[1]), new_len = page_round(a[2]);
    struct mmu *m = t->proc->mmu;
    if (!page_aligned(old) || (flags & ~7ull) || !new_len || !old_len ||
        ((flags & LX_MREMAP_FIXED) && !(flags & LX_MREMAP_MAYMOVE)) ||
        (flags & LX_MREMAP_DONTUNMAP))
        return -EINVAL;
    if (!lx_range_mapped(m, old, old_len))
        return -EFAULT;
    if (flags & LX_MREMAP_FIXED)
        return move_mapping(t, old, old_len, new_len, flags, new_addr);
    if (new_len <= old_len) {
        if (new_len < old_len) {
            note_code_change(t, old + new_len, old_len - new_len);
            mmu_unmap(m, old + new_len, old_len - new_len);
        }
        return (int64_t)old;
    }
    uint64_t grow_at = old + old_len, grow = new_len - old_len;
    if (old + new_len > old && old + new_len <= mmu_limit(m) &&
        mmu_range_free(m, grow_at, grow)) {
        int err = mmu_map_fixed(m, grow_at, grow, mmu_prot_at(m, grow_at - 1),
                                "");
        return err ? err : (int64_t)old;
    }
    if (!(flags & LX_MREMAP_MAYMOVE))
        return -ENOMEM;
    return move_mapping(t, old, old_len, new_len, flags, 0);
}

static bool advice_known(uint64_t advice)
{
    return advice <= 4 || (advice >= 8 && advice <= 25);
}

int64_t sys_madvise(struct rt_thread *t, const uint64_t a[6])
{
    uint64_t addr = a[0], len = page_round(a[1]);
    if (!page_aligned(addr) || !advice_known(a[2]) || (a[1] && !len))
        return -EINVAL;
    if (!len)
        return 0;
    if (!lx_range_mapped(t->proc->mmu, addr, len))
        return -ENOMEM;
    /* The arena holds the guest's mappings as host mappings of the same
     * kind: the host's DONTNEED zero-fills anonymous pages and re-reads
     * file pages, as Linux does for the guest. */
    if (a[2] == LX_MADV_DONTNEED &&
        madvise(mmu_host(t->proc->mmu, addr), len, MADV_DONTNEED) < 0)
        return -errno;
    return 0;
}

int64_t sys_msync(struct rt_thread *t, const uint64_t a[6])
{
    uint64_t addr = a[0], len = page_round(a[1]), flags = a[2];
    if (!page_aligned(addr) || (a[1] && !len) ||
        (flags & ~(uint64_t)(LX_MS_ASYNC | LX_MS_INVALIDATE | LX_MS_SYNC)) ||
        ((flags & LX_MS_ASYNC) && (flags & LX_MS_SYNC)))
        return -EINVAL;
    if (!len)
        return 0;
    if (addr + len < addr || !lx_range_mapped(t->proc->mmu, addr, len))
        return -ENOMEM;
    return lx_result(msync(mmu_host(t->proc->mmu, addr), len, (int)flags));
}

/* Each call changes the map as one step for the guest's other threads
 * (they map and unmap concurrently), as under Linux's mmap lock. */
int64_t sys_brk(struct rt_thread *t, const uint64_t a[6])
{
    mmu_lock(t->proc->mmu);
    int64_t r = brk_locked(t, a);
    mmu_unlock(t->proc->mmu);
    if (rt_log_on(RT_LOG_page) && r >= 0) /* -d page */
        rt_log_page(t, "brk");
    return r;
}

int64_t sys_mmap(struct rt_thread *t, const uint64_t a[6])
{
    mmu_lock(t->proc->mmu);
    int64_t r = mmap_locked(t, a);
    mmu_unlock(t->proc->mmu);
    if (rt_log_on(RT_LOG_page) && r >= 0) /* -d page */
        rt_log_page(t, "mmap");
    return r;
}

int64_t sys_munmap(struct rt_thread *t, const uint64_t a[6])
{
    mmu_lock(t->proc->mmu);
    int64_t r = munmap_locked(t, a);
    mmu_unlock(t->proc->mmu);
    if (rt_log_on(RT_LOG_page) && r >= 0) /* -d page */
        rt_log_page(t, "munmap");
    return r;
}

int64_t sys_mprotect(struct rt_thread *t, const uint64_t a[6])
{
    mmu_lock(t->proc->mmu);
    int64_t r = mprotect_locked(t, a);
    mmu_unlock(t->proc->mmu);
    if (rt_log_on(RT_LOG_page) && r >= 0) /* -d page */
        rt_log_page(t, "mprotect");
    return r;
}

int64_t sys_mremap(struct rt_thread *t, const uint64_t a[6])
{
    mmu_lock(t->proc->mmu);
    int64_t r = mremap_locked(t, a);
    mmu_unlock(t->proc->mmu);
    if (rt_log_on(RT_LOG_page) && r >= 0) /* -d page */
        rt_log_page(t, "mremap");
    return r;
}
