/*
 * sys_admin.c — system administration: what an unprivileged process in a
 * container may try and Linux mostly refuses.
 *
 * Calls that change the process's own view (mount, umount2, pivot_root,
 * unshare, setns, the new mount API's open_tree, and the I/O priority
 * and kcmp queries) are carried out on the host, which answers them as
 * it answers vm-run: EPERM without the capability. Calls that would
 * change the machine itself (reboot, kexec, modules, swap, the clock,
 * host and domain names, process accounting, vhangup, bpf, userfaultfd,
 * opening by handle) are refused with EPERM here, whatever vm-run's own
 * privileges: a guest never reboots or re-clocks its host. Reading the
 * clock's adjustment (adjtimex with no mode bits) and the kernel log
 * size or contents are allowed as they are to any process.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/timex.h>
#include <unistd.h>

#include "linux_internal.h"

/* A refused call: EPERM, as Linux answers a process without the
 * capability it needs. */
int64_t lx_refuse_eperm(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    (void)a;
    return -EPERM;
}

#define REFUSED(name)                                                          \
    int64_t sys_##name(struct rt_thread *t, const uint64_t a[6])               \
    {                                                                          \
        return lx_refuse_eperm(t, a);                                          \
    }

REFUSED(reboot)
REFUSED(kexec_load)
REFUSED(kexec_file_load)
REFUSED(init_module)
REFUSED(finit_module)
REFUSED(delete_module)
REFUSED(swapon)
REFUSED(swapoff)
REFUSED(acct)
REFUSED(sethostname)
REFUSED(setdomainname)
REFUSED(settimeofday)
REFUSED(clock_settime)
REFUSED(vhangup)
REFUSED(bpf)
REFUSED(userfaultfd)
REFUSED(open_by_handle_at)
REFUSED(fanotify_init)
REFUSED(move_mount)
REFUSED(fsopen)
REFUSED(fsconfig)
REFUSED(fsmount)
REFUSED(fspick)
REFUSED(mount_setattr)
REFUSED(quotactl)
REFUSED(quotactl_fd)

/* An optional guest string: NULL stays NULL. */
static int opt_string(struct rt_thread *t, uint64_t addr, char buf[PATH_MAX],
                      const char **out)
{
    *out = NULL;
    if (!addr)
        return 0;
    int err = lx_get_path(t, addr, buf);
    if (!err)
        *out = buf;
    return err;
}

/* mount(source, target, fstype, flags, data): data is a page of options
 * for most file systems, read as a string here. */
int64_t sys_mount(struct rt_thread *t, const uint64_t a[6])
{
    char *bufs = malloc(4 * (size_t)PATH_MAX);
    if (!bufs)
        return -ENOMEM;
    const char *src, *target, *type, *data;
    int err = opt_string(t, a[0], bufs, &src);
    if (!err)
        err = opt_string(t, a[1], bufs + PATH_MAX, &target);
    if (!err)
        err = opt_string(t, a[2], bufs + 2 * PATH_MAX, &type);
    if (!err)
        err = opt_string(t, a[4], bufs + 3 * PATH_MAX, &data);
    int64_t r = err ? err
                    : lx_result(syscall(SYS_mount, src, target, type,
                                        (unsigned long)a[3], data));
    free(bufs);
    return r;
}

int64_t sys_umount2(struct rt_thread *t, const uint64_t a[6])
{
    char path[PATH_MAX];
    int err = lx_get_path(t, a[0], path);
    return err ? err : lx_result(syscall(SYS_umount2, path, (int)a[1]));
}

int64_t sys_pivot_root(struct rt_thread *t, const uint64_t a[6])
{
    char new_root[PATH_MAX], put_old[PATH_MAX];
    int err = lx_get_path(t, a[0], new_root);
    if (!err)
        err = lx_get_path(t, a[1], put_old);
    return err ? err
               : lx_result(syscall(SYS_pivot_root, new_root, put_old));
}

int64_t sys_unshare(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(syscall(SYS_unshare, (unsigned long)a[0]));
}

int64_t sys_setns(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(syscall(SYS_setns, (int)a[0], (int)a[1]));
}

/* open_tree(dirfd, path, flags): a detached copy needs CAP_SYS_ADMIN; a
 * plain O_PATH-like descriptor of the tree does not. */
int64_t sys_open_tree(struct rt_thread *t, const uint64_t a[6])
{
    char path[PATH_MAX], host[PATH_MAX];
    int err = lx_get_path(t, a[1], path);
    if (err)
        return err;
    const char *p = lx_translate_path(t, path, host);
    return lx_result(syscall(SYS_open_tree, (int)a[0], p, (unsigned)a[2]));
}

int64_t sys_ioprio_get(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(syscall(SYS_ioprio_get, (int)a[0], (int)a[1]));
}

int64_t sys_ioprio_set(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(
        syscall(SYS_ioprio_set, (int)a[0], (int)a[1], (int)a[2]));
}

/* kcmp(pid1, pid2, type, idx1, idx2): guest pids and descriptors are the
 * host's. */
int64_t sys_kcmp(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(syscall(SYS_kcmp, (int)a[0], (int)a[1], (int)a[2],
                             (unsigned long)a[3], (unsigned long)a[4]));
}

/* struct timex is the same on both 64-bit guests and the host. */
_Static_assert(sizeof(struct timex) == 208, "host struct timex");

/* clock_adjtime(clock, timex): with no mode bits a read of the clock's
 * state; any change is refused (EPERM, CAP_SYS_TIME). */
static int64_t adjtime_on(struct rt_thread *t, int clock, uint64_t addr)
{
    struct timex tx;
    if (mmu_read(t->proc->mmu, addr, &tx, sizeof(tx)))
        return -EFAULT;
    if (tx.modes)
        return -EPERM;
    int64_t r = lx_result(syscall(SYS_clock_adjtime, clock, &tx));
    if (r < 0)
        return r;
    return mmu_write(t->proc->mmu, addr, &tx, sizeof(tx)) ? -EFAULT : r;
}

int64_t sys_clock_adjtime(struct rt_thread *t, const uint64_t a[6])
{
    return adjtime_on(t, (int)a[0], a[1]);
}

int64_t sys_adjtimex(struct rt_thread *t, const uint64_t a[6])
{
    return adjtime_on(t, CLOCK_REALTIME, a[0]);
}

/* syslog(type, buf, len): reading the log and its sizes is the host's to
 * allow (dmesg_restrict); every other action is refused. */
int64_t sys_syslog(struct rt_thread *t, const uint64_t a[6])
{
    enum { READ_ALL = 3, SIZE_UNREAD = 9, SIZE_BUFFER = 10 };
    int type = (int)a[0];
    if (type == SIZE_UNREAD || type == SIZE_BUFFER)
        return lx_result(syscall(SYS_syslog, type, NULL, 0));
    if (type != READ_ALL)
        return -EPERM;
    int len = (int)a[2];
    if (len < 0)
        return -EINVAL;
    char *buf = lx_guest_ptr(t, a[1], (uint64_t)len, MMU_WRITE);
    if (!buf)
        return -EFAULT;
    return lx_result(syscall(SYS_syslog, type, buf, len));
}

/* process_mrelease(pidfd, flags): reaping a killed process's memory
 * early is the host's business (ESRCH unless it is dying). */
int64_t sys_process_mrelease(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(syscall(SYS_process_mrelease, (int)a[0], (unsigned)a[1]));
}

/* Only reached after a restart Linux itself set up; none is pending. */
int64_t sys_restart_syscall(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    (void)a;
    return -EINTR;
}
