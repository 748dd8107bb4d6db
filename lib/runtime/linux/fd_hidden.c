/*
 * fd_hidden.c — vm-run's own host descriptors (the --log file, and any
 * other a component registers) kept out of the guest's sight.
 *
 * Guest descriptors are host descriptors, so ours share their table. They
 * are moved up to LX_FD_HIDDEN_MIN, out of the way of the numbers programs
 * pick, and from then on every guest call treats them as numbers nobody
 * opened: a call naming one as a descriptor argument (close, read, fcntl,
 * dup3 onto one...) is EBADF, close_range steps over them, a listing of
 * /proc/self/fd leaves them out and /proc/self/fd/N does not exist.
 * F_DUPFD never returns one because the host sees them in use.
 *
 * The list is filled before the guest starts and only read afterwards.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux_init.h"
#include "linux_internal.h"
#include "strace.h"

#define LX_FD_HIDDEN_MIN 1000
#define LX_MAX_HIDDEN 8
#define LX_AT_FDCWD (-100)

static int hidden[LX_MAX_HIDDEN]; /* ascending */
static size_t n_hidden;

int linux_hide_fd(int fd)
{
    if (fd < 0)
        return -EBADF;
    if (n_hidden == LX_MAX_HIDDEN)
        return -ENFILE;
    /* Below the limit only when RLIMIT_NOFILE is under 1001: then the
     * descriptor stays where it is, still hidden. */
    int high = fcntl(fd, F_DUPFD_CLOEXEC, LX_FD_HIDDEN_MIN);
    if (high >= 0) {
        close(fd);
        fd = high;
    }
    size_t i = n_hidden++;
    for (; i > 0 && hidden[i - 1] > fd; i--)
        hidden[i] = hidden[i - 1];
    hidden[i] = fd;
    return fd;
}

bool lx_fd_hidden(int64_t fd)
{
    for (size_t i = 0; i < n_hidden; i++)
        if (hidden[i] == fd)
            return true;
    return false;
}

bool lx_any_fd_hidden(void)
{
    return n_hidden != 0;
}

/* A dirfd is only looked at for a relative path (or an empty one). */
static bool path_is_absolute(struct rt_thread *t, uint64_t addr)
{
    char c;
    return mmu_read(t->proc->mmu, addr, &c, 1) == 0 && c == '/';
}

int64_t lx_check_fd_args(struct rt_thread *t, const uint8_t *kinds,
                         const uint64_t a[6])
{
    for (int i = 0; kinds && i < LX_STRACE_MAX_ARGS; i++) {
        if (kinds[i] == LXA_END || kinds[i] >= LXA_COUNT)
            break;
        bool dirfd = kinds[i] == LXA_DIRFD;
        if ((kinds[i] != LXA_FD && !dirfd) || !lx_fd_hidden((int)a[i]))
            continue;
        if (dirfd && i + 1 < LX_STRACE_MAX_ARGS &&
            kinds[i + 1] == LXA_PATH && path_is_absolute(t, a[i + 1]))
            continue;
        return -EBADF;
    }
    return 0;
}

/* "12" as a descriptor number, or -1 when s is not all digits. */
static int64_t parse_fd(const char *s)
{
    if (!*s || strlen(s) > 9)
        return -1;
    int64_t n = 0;
    for (; *s; s++) {
        if (*s < '0' || *s > '9')
            return -1;
        n = n * 10 + (*s - '0');
    }
    return n;
}

bool lx_path_names_hidden_fd(const char *path)
{
    const char *rest = lx_proc_self_rest(path);
    if (!rest || !lx_any_fd_hidden())
        return false;
    if (strncmp(rest, "fd/", 3) == 0)
        rest += 3;
    else if (strncmp(rest, "fdinfo/", 7) == 0)
        rest += 7;
    else
        return false;
    char num[16];
    size_t n = strcspn(rest, "/");
    if (n >= sizeof(num))
        return false;
    memcpy(num, rest, n);
    num[n] = '\0';
    return lx_fd_hidden(parse_fd(num));
}

/* Whether host descriptor fd is an open /proc/self/fd or fdinfo directory
 * of this process. */
static bool is_own_fd_dir(int fd)
{
    char link[64], target[PATH_MAX];
    snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof(target) - 1);
    if (n <= 0)
        return false;
    target[n] = '\0';
    const char *rest = lx_proc_self_rest(target);
    return rest && (strcmp(rest, "fd") == 0 || strcmp(rest, "fdinfo") == 0);
}

/* Drops the records naming hidden descriptors from buf[0, len); the
 * record before a dropped one takes over its d_off, so telldir/seekdir
 * still skip it. Returns the new length. */
static int64_t drop_hidden_records(uint8_t *buf, int64_t len)
{
    int64_t at = 0, prev = -1;
    while (at < len) {
        struct lx_dirent64 *d = (struct lx_dirent64 *)(buf + at);
        uint16_t reclen = d->d_reclen;
        if (!lx_fd_hidden(parse_fd((char *)d + LX_DIRENT64_NAME_OFFSET))) {
            prev = at;
            at += reclen;
            continue;
        }
        if (prev >= 0)
            ((struct lx_dirent64 *)(buf + prev))->d_off = d->d_off;
        memmove(buf + at, buf + at + reclen, (size_t)(len - at - reclen));
        len -= reclen;
    }
    return len;
}

int64_t lx_getdents_hiding(int fd, void *buf, unsigned count)
{
    bool filter = lx_any_fd_hidden() && is_own_fd_dir(fd);
    for (;;) {
        int64_t n = lx_result(syscall(SYS_getdents64, fd, buf, count));
        if (n <= 0 || !filter)
            return n;
        n = drop_hidden_records(buf, n);
        if (n > 0)
            return n; /* else everything read was hidden: read on */
    }
}

/* close_range(first, last, flags) over the guest's descriptors only: the
 * range is cut around the hidden ones. */
int64_t sys_close_range(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    unsigned first = (unsigned)a[0], last = (unsigned)a[1];
    unsigned flags = (unsigned)a[2];
    const unsigned known = 2 | 4; /* CLOSE_RANGE_UNSHARE, _CLOEXEC */
    if (first > last || (flags & ~known))
        return -EINVAL;
    for (size_t i = 0; i < n_hidden && first <= last; i++) {
        unsigned h = (unsigned)hidden[i];
        if (h < first || h > last)
            continue;
        if (h > first &&
            syscall(SYS_close_range, first, h - 1, flags) < 0)
            return -errno;
        if (h == last)
            return 0;
        first = h + 1;
    }
    return lx_result(syscall(SYS_close_range, first, last, flags));
}
