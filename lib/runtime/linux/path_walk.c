/*
 * path_walk.c — opening a guest path without letting it reach, through a
 * procfs magic link, what the guest must not see: vm-run's hidden
 * descriptors (/proc/<pid>/fd/N) and the files behind its mappings
 * (/proc/<pid>/map_files/...). Magic links are judged by the link reached,
 * not by the path text, so neither "/proc//self/fd/N", a dirfd, a chdir
 * nor a symlink of the guest's gets past.
 *
 * The common case costs nothing extra: the open is made with openat2's
 * RESOLVE_NO_MAGICLINKS, which succeeds whenever no magic link is on the
 * way. Only when it fails with ELOOP (a magic link, or a real loop) is the
 * path walked one component at a time: every symlink is opened with
 * O_PATH|O_NOFOLLOW and looked at; the guest's own symlinks are expanded
 * here (their text is under its control), procfs ones are judged and then
 * followed by the kernel. The last component is opened relative to the
 * directory the walk resolved, so a guest thread that swaps a symlink
 * meanwhile cannot redirect it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux_internal.h"

#define MAX_LINKS 40          /* Linux's MAXSYMLINKS */
#define LX_O_LARGEFILE 0100000 /* glibc defines O_LARGEFILE as 0 here */

/* The flags Linux's openat accepts; the rest it ignores. */
#define OPEN_FLAGS                                                             \
    (O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND |            \
     O_NONBLOCK | O_DSYNC | O_SYNC | FASYNC | O_DIRECT | LX_O_LARGEFILE |      \
     O_DIRECTORY | O_NOFOLLOW | O_NOATIME | O_CLOEXEC | O_PATH | O_TMPFILE)
#define O_PATH_FLAGS (O_DIRECTORY | O_NOFOLLOW | O_PATH | O_CLOEXEC)

/* openat's arguments as openat2, which refuses what openat ignores
 * (unknown flags, a mode without O_CREAT), wants them: the kernel's own
 * filtering for openat, with O_LARGEFILE forced as on any 64-bit Linux. */
static struct open_how how_for(int flags, unsigned mode)
{
    uint64_t f = ((unsigned)flags | LX_O_LARGEFILE) & OPEN_FLAGS;
    if (f & O_PATH)
        f &= O_PATH_FLAGS;
    bool creates = (f & O_CREAT) || (f & O_TMPFILE) == O_TMPFILE;
    return (struct open_how){.flags = f, .mode = creates ? mode & 07777 : 0};
}

static int open_how_at(int dirfd, const char *path, struct open_how how)
{
    long r = syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
    return r < 0 ? -errno : (int)r;
}

/* Where the walk stands: the directory the next component is looked up
 * in (dirfd itself until the walk moves, then a descriptor of ours). */
struct walk {
    int dir;
    bool own;
    int links;
    char todo[PATH_MAX]; /* what is left of the path */
};

static void walk_enter(struct walk *w, int fd)
{
    if (w->own)
        close(w->dir);
    w->dir = fd;
    w->own = true;
}

/* Replaces the path left with link's text followed by after (the rest
 * after the link, starting with its '/'). */
static int expand_link(struct walk *w, int link, const char *after)
{
    char target[PATH_MAX];
    ssize_t n = readlinkat(link, "", target, sizeof(target));
    if (n < 0)
        return -errno;
    if (n == 0)
        return -ENOENT;
    size_t rest = strlen(after);
    if ((size_t)n + rest >= sizeof(w->todo))
        return -ENAMETOOLONG;
    memmove(w->todo + n, after, rest + 1); /* after may lie in todo */
    memcpy(w->todo, target, (size_t)n);
    return 0;
}

/* One step of the walk on component name, which is followed (not the
 * last component, or the last one to be followed). Returns 1 when the
 * walk moved into it, 2 when the path left was replaced (a symlink of the
 * guest's), 0 when name is the last component and must be opened as it
 * is (missing, not a symlink, or a procfs symlink that may be followed),
 * or -errno. *checked tells that it exists and is no symlink. */
static int step(struct walk *w, const char *name, const char *after,
                bool last, bool *checked)
{
    int n = openat(w->dir, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (n < 0)
        return last && errno == ENOENT ? 0 : -errno;
    struct stat st;
    if (fstat(n, &st) != 0) {
        int err = -errno;
        close(n);
        return err;
    }
    if (!S_ISLNK(st.st_mode)) {
        *checked = true;
        if (last) {
            close(n);
            return 0;
        }
        walk_enter(w, n);
        return 1;
    }
    if (++w->links > MAX_LINKS) {
        close(n);
        return -ELOOP;
    }
    struct lx_proc_verdict v = lx_proc_judge(n);
    if (v.action == LX_PROC_DENY) {
        close(n);
        return -v.err;
    }
    if (!v.procfs) {
        int err = expand_link(w, n, after);
        close(n);
        return err ? err : 2;
    }
    close(n);
    if (last)
        return 0;
    int next = openat(w->dir, name, O_PATH | O_CLOEXEC);
    if (next < 0)
        return -errno;
    walk_enter(w, next);
    return 1;
}

/* The open, one component at a time; the host descriptor or -errno. */
static int walk_open(int dirfd, const char *path, struct open_how how)
{
    if (!*path)
        return -ENOENT;
    if (strlen(path) >= PATH_MAX)
        return -ENAMETOOLONG;
    struct walk w = {.dir = dirfd};
    memcpy(w.todo, path, strlen(path) + 1);
    /* O_CREAT|O_EXCL never follows a last symlink, even a dangling one. */
    bool exclusive = (how.flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL);
    bool follow_last = !(how.flags & O_NOFOLLOW) && !exclusive;
    char name[NAME_MAX + 2];
    int r;
    for (;;) {
        const char *at = w.todo;
        if (*at == '/') {
            int root = open("/", O_PATH | O_CLOEXEC);
            if (root < 0) {
                r = -errno;
                break;
            }
            walk_enter(&w, root);
            at += strspn(at, "/");
        }
        size_t len = strcspn(at, "/");
        if (len > NAME_MAX) {
            r = -ENAMETOOLONG;
            break;
        }
        const char *after = at + len;
        bool last = after[strspn(after, "/")] == '\0';
        bool slash = last && *after == '/';
        /* "/" alone: the root itself. A trailing slash is kept: it asks
         * for a directory. */
        snprintf(name, sizeof(name), "%.*s%s", (int)len, len ? at : ".",
                 slash ? "/" : "");
        bool checked = false;
        if (last && !slash && !follow_last)
            r = 0;
        else {
            char base[NAME_MAX + 1];
            snprintf(base, sizeof(base), "%.*s", (int)len, len ? at : ".");
            r = step(&w, base, after, last, &checked);
        }
        if (r < 0)
            break;
        if (r == 1) {
            after += strspn(after, "/");
            memmove(w.todo, after, strlen(after) + 1);
            continue;
        }
        if (r == 2)
            continue;
        /* The last component: a swap to a symlink after it was seen to be
         * none makes the open fail rather than follow it. */
        if (checked && !slash)
            how.flags |= O_NOFOLLOW;
        r = open_how_at(w.dir, name, how);
        break;
    }
    if (w.own)
        close(w.dir);
    return r;
}

int lx_open_host_path(int dirfd, const char *path, int flags, unsigned mode)
{
    struct open_how how = how_for(flags, mode);
    struct open_how fast = how;
    fast.resolve = RESOLVE_NO_MAGICLINKS;
    int fd = open_how_at(dirfd, path, fast);
    return fd == -ELOOP || fd == -ENOSYS ? walk_open(dirfd, path, how) : fd;
}

int64_t lx_open_guest_path(struct rt_thread *t, int dirfd, const char *path,
                           int flags, unsigned mode)
{
    int fd = lx_open_host_path(dirfd, path, flags, mode);
    if (fd < 0)
        return fd;
    return lx_proc_finish_open(t, fd, (int)how_for(flags, mode).flags);
}
