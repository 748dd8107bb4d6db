/*
 * sys_identity.c — changing credentials: set*uid, set*gid, setgroups,
 * setfsuid, setfsgid, and capabilities (capget, capset), plus the
 * execution domain (personality).
 *
 * Linux credentials belong to each thread; POSIX wants them per process,
 * so the guest's libc changes every thread itself (glibc signals each one
 * to make the call). Each guest thread is a host thread, so the call is
 * made with the raw host system call on the calling thread only: the
 * host libc's wrappers would broadcast to every host thread (vm-run's
 * own included) and then again for each guest thread. uid_t and gid_t
 * are 32 bits on both guests; -1 leaves an id unchanged.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux_internal.h"

#define ID(x) ((long)(uint32_t)(x))

int64_t sys_setuid(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(syscall(SYS_setuid, ID(a[0])));
}

int64_t sys_setgid(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(syscall(SYS_setgid, ID(a[0])));
}

int64_t sys_setreuid(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(syscall(SYS_setreuid, ID(a[0]), ID(a[1])));
}

int64_t sys_setregid(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(syscall(SYS_setregid, ID(a[0]), ID(a[1])));
}

int64_t sys_setresuid(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(syscall(SYS_setresuid, ID(a[0]), ID(a[1]), ID(a[2])));
}

int64_t sys_setresgid(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(syscall(SYS_setresgid, ID(a[0]), ID(a[1]), ID(a[2])));
}

/* setfsuid/setfsgid return the previous id whether or not they changed
 * it (never an error). */
int64_t sys_setfsuid(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return syscall(SYS_setfsuid, ID(a[0]));
}

int64_t sys_setfsgid(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return syscall(SYS_setfsgid, ID(a[0]));
}

#define LX_NGROUPS_MAX 65536

/* setgroups(size, list) */
int64_t sys_setgroups(struct rt_thread *t, const uint64_t a[6])
{
    int64_t n = (int64_t)(int)a[0];
    if (n < 0 || n > LX_NGROUPS_MAX)
        return -EINVAL;
    uint32_t *list = malloc(n ? (size_t)n * sizeof(*list) : 1);
    if (!list)
        return -ENOMEM;
    int64_t r;
    if (n && mmu_read(t->proc->mmu, a[1], list, (uint64_t)n * sizeof(*list)))
        r = -EFAULT;
    else
        r = lx_result(syscall(SYS_setgroups, (long)n, list));
    free(list);
    return r;
}

/* The capability header and data as Linux has them on every
 * architecture: version 1 has one data record, 2 and 3 have two. */
struct lx_cap_header {
    uint32_t version;
    int32_t pid;
};
struct lx_cap_data {
    uint32_t effective, permitted, inheritable;
};
#define LX_CAP_V1 0x19980330u

static unsigned cap_records(uint32_t version)
{
    return version == LX_CAP_V1 ? 1 : 2;
}

/* capget(hdr, data): an unknown version makes Linux write its own into
 * hdr and fail with EINVAL (data may then be NULL). */
int64_t sys_capget(struct rt_thread *t, const uint64_t a[6])
{
    struct lx_cap_header h;
    struct lx_cap_data d[2] = {{0}};
    if (mmu_read(t->proc->mmu, a[0], &h, sizeof(h)))
        return -EFAULT;
    uint32_t asked = h.version;
    int64_t r = lx_result(syscall(SYS_capget, &h, a[1] ? d : NULL));
    if (h.version != asked &&
        mmu_write(t->proc->mmu, a[0], &h, sizeof(h)))
        return -EFAULT;
    if (r < 0 || !a[1])
        return r;
    return mmu_write(t->proc->mmu, a[1], d,
                     cap_records(h.version) * sizeof(d[0]));
}

int64_t sys_capset(struct rt_thread *t, const uint64_t a[6])
{
    struct lx_cap_header h;
    struct lx_cap_data d[2] = {{0}};
    if (mmu_read(t->proc->mmu, a[0], &h, sizeof(h)))
        return -EFAULT;
    if (mmu_read(t->proc->mmu, a[1], d, cap_records(h.version) * sizeof(d[0])))
        return -EFAULT;
    return lx_result(syscall(SYS_capset, &h, d));
}

/*
 * personality(persona): the guest's own execution domain, kept here
 * rather than set on vm-run (whose address-space flags would otherwise
 * change under it); 0xffffffff only asks. Starts as PER_LINUX (0) and is
 * inherited by forks with the rest of our memory.
 */
static uint32_t persona;

int64_t sys_personality(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    uint32_t old = __atomic_load_n(&persona, __ATOMIC_RELAXED);
    if ((uint32_t)a[0] != 0xffffffffu)
        __atomic_store_n(&persona, (uint32_t)a[0], __ATOMIC_RELAXED);
    return old;
}
