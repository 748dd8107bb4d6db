/*
 * sysroot.c — guest path remapping under a sysroot (qemu-user's -L).
 */
#define _GNU_SOURCE /* secure_getenv */
#include "sysroot.h"

#include "process.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *rt_sysroot_path(const char *sysroot, const char *path, char *buf,
                            size_t len)
{
    if (!sysroot || !sysroot[0] || path[0] != '/')
        return path;
    int n = snprintf(buf, len, "%s%s", sysroot, path);
    if (n < 0 || (size_t)n >= len)
        return path;
    /* lstat-like existence test: a dangling symlink under the sysroot
     * still belongs to the sysroot. */
    if (faccessat(AT_FDCWD, buf, F_OK, AT_SYMLINK_NOFOLLOW) != 0)
        return path;
    return buf;
}

const char *rt_default_sysroot(const struct rt_guest *g)
{
    /* Not for a set-user-ID guest (binfmt_misc's C flag; AT_SECURE): the
     * caller's environment must not pick the libraries it runs with. */
    const char *env = secure_getenv("VM_LD_PREFIX");
    if (env && env[0])
        return env;
    const char *debian = g->default_sysroot;
    return debian && access(debian, F_OK) == 0 ? debian : NULL;
}
