/*
 * sys_xattr.c — extended attributes: get, set, list and remove, each by
 * path (following symlinks), by path without following (the "l" forms)
 * and by descriptor (the "f" forms). Names and values are plain bytes
 * on every architecture.
 *
 * Reading calls (get, list) look the path up through the sysroot (-L)
 * as stat does; changing calls (set, remove) use it as given, as the
 * other calls that change the file system.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "linux_internal.h"

#define LX_XATTR_NAME_MAX 255
#define LX_XATTR_SIZE_MAX 65536u
#define LX_XATTR_LIST_MAX 65536u

enum target { BY_PATH, BY_LINK, BY_FD };

/* The attribute name: 0, -EFAULT, or -ERANGE (empty or too long). */
static int get_name(struct rt_thread *t, uint64_t addr,
                    char name[LX_XATTR_NAME_MAX + 1])
{
    const struct mmu *m = t->proc->mmu;
    int64_t n = mmu_strlen(m, addr, LX_XATTR_NAME_MAX + 1);
    if (n < 0)
        return mmu_check(m, addr, LX_XATTR_NAME_MAX + 1, MMU_READ) ? -ERANGE
                                                                   : -EFAULT;
    if (n == 0)
        return -ERANGE;
    return mmu_read(m, addr, name, (uint64_t)n + 1);
}

/* The host path (or "" for BY_FD) of the object a[0] names. */
static int get_target(struct rt_thread *t, enum target how, bool lookup,
                      uint64_t addr, char path[PATH_MAX], char host[PATH_MAX],
                      const char **out)
{
    *out = "";
    if (how == BY_FD)
        return 0;
    int err = lx_get_path(t, addr, path);
    if (err)
        return err;
    *out = lookup ? lx_translate_path(t, path, host) : path;
    return 0;
}

/* getxattr(target, name, value, size) */
static int64_t do_get(struct rt_thread *t, const uint64_t a[6],
                      enum target how)
{
    char path[PATH_MAX], host[PATH_MAX], name[LX_XATTR_NAME_MAX + 1];
    const char *p;
    int err = get_target(t, how, true, a[0], path, host, &p);
    if (!err)
        err = get_name(t, a[1], name);
    if (err)
        return err;
    uint64_t size = a[3] > LX_XATTR_SIZE_MAX ? LX_XATTR_SIZE_MAX : a[3];
    void *buf = NULL;
    if (size) {
        buf = lx_guest_ptr(t, a[2], size, MMU_WRITE);
        if (!buf)
            return -EFAULT;
    }
    switch (how) {
    case BY_PATH: return lx_result(getxattr(p, name, buf, size));
    case BY_LINK: return lx_result(lgetxattr(p, name, buf, size));
    default: return lx_result(fgetxattr((int)a[0], name, buf, size));
    }
}

/* setxattr(target, name, value, size, flags) */
static int64_t do_set(struct rt_thread *t, const uint64_t a[6],
                      enum target how)
{
    char path[PATH_MAX], host[PATH_MAX], name[LX_XATTR_NAME_MAX + 1];
    const char *p;
    int err = get_target(t, how, false, a[0], path, host, &p);
    if (!err)
        err = get_name(t, a[1], name);
    if (err)
        return err;
    if (a[3] > LX_XATTR_SIZE_MAX)
        return -E2BIG;
    const void *val = lx_guest_ptr(t, a[2], a[3], MMU_READ);
    if (!val)
        return -EFAULT;
    int flags = (int)a[4];
    switch (how) {
    case BY_PATH: return lx_result(setxattr(p, name, val, a[3], flags));
    case BY_LINK: return lx_result(lsetxattr(p, name, val, a[3], flags));
    default: return lx_result(fsetxattr((int)a[0], name, val, a[3], flags));
    }
}

/* listxattr(target, list, size) */
static int64_t do_list(struct rt_thread *t, const uint64_t a[6],
                       enum target how)
{
    char path[PATH_MAX], host[PATH_MAX];
    const char *p;
    int err = get_target(t, how, true, a[0], path, host, &p);
    if (err)
        return err;
    uint64_t size = a[2] > LX_XATTR_LIST_MAX ? LX_XATTR_LIST_MAX : a[2];
    char *buf = NULL;
    if (size) {
        buf = lx_guest_ptr(t, a[1], size, MMU_WRITE);
        if (!buf)
            return -EFAULT;
    }
    switch (how) {
    case BY_PATH: return lx_result(listxattr(p, buf, size));
    case BY_LINK: return lx_result(llistxattr(p, buf, size));
    default: return lx_result(flistxattr((int)a[0], buf, size));
    }
}

/* removexattr(target, name) */
static int64_t do_remove(struct rt_thread *t, const uint64_t a[6],
                         enum target how)
{
    char path[PATH_MAX], host[PATH_MAX], name[LX_XATTR_NAME_MAX + 1];
    const char *p;
    int err = get_target(t, how, false, a[0], path, host, &p);
    if (!err)
        err = get_name(t, a[1], name);
    if (err)
        return err;
    switch (how) {
    case BY_PATH: return lx_result(removexattr(p, name));
    case BY_LINK: return lx_result(lremovexattr(p, name));
    default: return lx_result(fremovexattr((int)a[0], name));
    }
}

#define XATTR_HANDLERS(op, fn)                                                 \
    int64_t sys_##op(struct rt_thread *t, const uint64_t a[6])                 \
    {                                                                          \
        return fn(t, a, BY_PATH);                                              \
    }                                                                          \
    int64_t sys_l##op(struct rt_thread *t, const uint64_t a[6])                \
    {                                                                          \
        return fn(t, a, BY_LINK);                                              \
    }                                                                          \
    int64_t sys_f##op(struct rt_thread *t, const uint64_t a[6])                \
    {                                                                          \
        return fn(t, a, BY_FD);                                                \
    }

XATTR_HANDLERS(getxattr, do_get)
XATTR_HANDLERS(setxattr, do_set)
XATTR_HANDLERS(listxattr, do_list)
XATTR_HANDLERS(removexattr, do_remove)
