/*
 * sysroot.h — qemu-user's -L: absolute guest paths that exist under the
 * sysroot are opened there, so the guest's dynamic linker finds the
 * guest's libraries instead of the host's.
 */
#ifndef VM_SYSROOT_H
#define VM_SYSROOT_H

#include <stddef.h>

/*
 * Returns the host path for guest path `path`: sysroot + path when path is
 * absolute and that file exists (buf holds it), else path itself.
 * sysroot may be NULL or "" (no remapping).
 */
const char *rt_sysroot_path(const char *sysroot, const char *path, char *buf,
                            size_t len);

/* The sysroot to use when none is given (-L): VM_LD_PREFIX, then the
 * guest's Debian cross sysroot when it has one and it exists; NULL (no
 * remapping) otherwise, as for an x86-64 guest on an x86-64 host. */
struct rt_guest;
const char *rt_default_sysroot(const struct rt_guest *g);

#endif
