/*
 * sys_ipc_shm.c — System V shared memory: shmget, shmat, shmdt, shmctl.
 *
 * Segments are the host's (the same keys and ids, shared with every other
 * process, guest or native). shmat places the segment in the guest's
 * arena: the range is first claimed in the mmu like an anonymous mapping
 * (at the guest's address, rounded with SHM_RND, or where mmap would
 * put it), then the host attaches the segment over exactly those host
 * pages (SHM_REMAP), so the guest's loads and stores reach the shared
 * pages directly. shmdt unmaps that range again (which detaches it on the
 * host too, as an munmap of it would). The attachments are remembered
 * here (address and size) for shmdt; a fork's child inherits them with
 * our memory, as Linux's child inherits its attachments.
 *
 * struct shmid_ds (shmid64_ds), shminfo64 and shm_info are the same on
 * riscv64, x86-64 and the host, and are copied through.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux_internal.h"

_Static_assert(sizeof(struct shmid_ds) == 112, "host shmid_ds");

#define LX_SHMLBA MMU_PAGE_SIZE /* riscv64 and x86-64 */
#define MAX_ATTACH 256

struct attach {
    uint64_t addr, len; /* len 0: free */
};
static struct attach attached[MAX_ATTACH];
static pthread_mutex_t attach_lock = PTHREAD_MUTEX_INITIALIZER;

int64_t sys_shmget(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(syscall(SYS_shmget, (int)a[0], (size_t)a[1], (int)a[2]));
}

static uint64_t page_round(uint64_t len)
{
    uint64_t r = (len + MMU_PAGE_MASK) & ~MMU_PAGE_MASK;
    return r < len ? 0 : r;
}

static int remember(uint64_t addr, uint64_t len)
{
    pthread_mutex_lock(&attach_lock);
    int r = -ENOMEM;
    for (int i = 0; i < MAX_ATTACH; i++) {
        if (attached[i].len == 0 || attached[i].addr == addr) {
            attached[i] = (struct attach){addr, len};
            r = 0;
            break;
        }
    }
    pthread_mutex_unlock(&attach_lock);
    return r;
}

/* Forgets the attachment at addr: its length, or 0 when there is none. */
static uint64_t forget(uint64_t addr)
{
    uint64_t len = 0;
    pthread_mutex_lock(&attach_lock);
    for (int i = 0; i < MAX_ATTACH; i++) {
        if (attached[i].len && attached[i].addr == addr) {
            len = attached[i].len;
            attached[i].len = 0;
            break;
        }
    }
    pthread_mutex_unlock(&attach_lock);
    return len;
}

/* shmat with the map lock held. */
static int64_t attach_locked(struct rt_thread *t, int id, uint64_t addr,
                             int flags)
{
    struct mmu *m = t->proc->mmu;
    struct shmid_ds ds;
    if (shmctl(id, IPC_STAT, &ds) < 0)
        return errno == EACCES ? -EACCES : -EINVAL;
    uint64_t len = page_round(ds.shm_segsz);
    if (!len)
        return -EINVAL;
    int prot = (flags & SHM_RDONLY) ? MMU_READ : MMU_READ | MMU_WRITE;
    if (flags & SHM_EXEC)
        prot |= MMU_EXEC;
    char name[64];
    snprintf(name, sizeof(name), "/SYSV%08x", (unsigned)ds.shm_perm.__key);
    int64_t at;
    if (addr) {
        if (flags & SHM_RND)
            addr &= ~(LX_SHMLBA - 1);
        if (addr & MMU_PAGE_MASK)
            return -EINVAL;
        if (addr + len < addr || addr + len > mmu_limit(m))
            return -EINVAL;
        if (!(flags & SHM_REMAP) && !mmu_range_free(m, addr, len))
            return -EINVAL;
        if (lx_range_has_exec(m, addr, len))
            t->flush_icache = true;
        int err = mmu_map_fixed(m, addr, len, prot, name);
        if (err)
            return err;
        at = (int64_t)addr;
    } else {
        if (flags & SHM_REMAP)
            return -EINVAL;
        at = mmu_map_anywhere(m, 0, len, prot, name);
        if (at < 0)
            return at;
    }
    void *want = mmu_host(m, (uint64_t)at);
    int hflags = SHM_REMAP | (flags & (SHM_RDONLY | SHM_EXEC));
    void *got = shmat(id, want, hflags);
    if (got != want) {
        int err = got == (void *)-1 ? -errno : -EINVAL;
        if (got != (void *)-1)
            shmdt(got);
        mmu_unmap(m, (uint64_t)at, len);
        return err;
    }
    if (remember((uint64_t)at, len)) {
        mmu_unmap(m, (uint64_t)at, len);
        return -ENOMEM;
    }
    return at;
}

/* shmat(shmid, addr, flags) */
int64_t sys_shmat(struct rt_thread *t, const uint64_t a[6])
{
    if ((int)a[0] < 0)
        return -EINVAL;
    mmu_lock(t->proc->mmu);
    int64_t r = attach_locked(t, (int)a[0], a[1], (int)a[2]);
    mmu_unlock(t->proc->mmu);
    return r;
}

/* shmdt(addr): the attachment that starts at addr. */
int64_t sys_shmdt(struct rt_thread *t, const uint64_t a[6])
{
    if (a[0] & MMU_PAGE_MASK)
        return -EINVAL;
    mmu_lock(t->proc->mmu);
    uint64_t len = forget(a[0]);
    int64_t r = -EINVAL;
    if (len) {
        if (lx_range_has_exec(t->proc->mmu, a[0], len))
            t->flush_icache = true;
        r = mmu_unmap(t->proc->mmu, a[0], len);
    }
    mmu_unlock(t->proc->mmu);
    return r;
}

/* shmctl(shmid, cmd, buf): the size each command reads or writes. */
int64_t sys_shmctl(struct rt_thread *t, const uint64_t a[6])
{
    int cmd = (int)a[1];
    size_t in = 0, out = 0;
    switch (cmd) {
    case IPC_STAT: case SHM_STAT: case SHM_STAT_ANY:
        out = sizeof(struct shmid_ds);
        break;
    case IPC_SET:
        in = sizeof(struct shmid_ds);
        break;
    case IPC_INFO:
        out = sizeof(struct shminfo);
        break;
    case SHM_INFO:
        out = sizeof(struct shm_info);
        break;
    default:
        break;
    }
    uint8_t buf[sizeof(struct shmid_ds)];
    _Static_assert(sizeof(struct shminfo) <= sizeof(buf) &&
                       sizeof(struct shm_info) <= sizeof(buf),
                   "shmctl buffer");
    memset(buf, 0, sizeof(buf));
    if (in && mmu_read(t->proc->mmu, a[2], buf, in))
        return -EFAULT;
    if (out && !lx_guest_ptr(t, a[2], out, MMU_WRITE))
        return -EFAULT;
    int64_t r = lx_result(syscall(SYS_shmctl, (int)a[0], cmd,
                                  in || out ? buf : NULL));
    if (r >= 0 && out && mmu_write(t->proc->mmu, a[2], buf, out))
        return -EFAULT;
    return r;
}
