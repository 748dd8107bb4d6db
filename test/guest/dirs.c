/* Directories in the scratch directory: mkdir, getdents64 through
 * opendir/readdir (names sorted, since order is filesystem-defined),
 * chdir/getcwd, rename and renameat2(RENAME_NOREPLACE), access/faccessat,
 * readlink (of /proc/self/exe: basename only), unlink/rmdir, errors. */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "guest_util.h"

static void touch(const char *path, mode_t mode)
{
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, mode);
    if (fd >= 0) {
        write(fd, path, strlen(path));
        close(fd);
    }
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_dir(const char *path)
{
    DIR *dir = opendir(path);
    if (!dir) {
        say_ret("opendir", -1);
        return;
    }
    char *names[64];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dir)) && n < 64) {
        char line[300];
        const char *type = e->d_type == DT_DIR ? "dir" : e->d_type == DT_REG ? "file" : "other";
        snprintf(line, sizeof line, "%s (%s)", e->d_name, type);
        names[n++] = strdup(line);
    }
    closedir(dir);
    qsort(names, n, sizeof names[0], by_name);
    printf("listing of %s: %zu entries\n", path, n);
    for (size_t i = 0; i < n; i++) {
        printf("  %s\n", names[i]);
        free(names[i]);
    }
}

static const char *tail(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static void cwd_moves(void)
{
    char start[PATH_MAX], now[PATH_MAX];
    say("getcwd absolute", getcwd(start, sizeof start) && start[0] == '/');
    say_ret("chdir tree", chdir("tree"));
    say("getcwd ends in /tree", getcwd(now, sizeof now) && strcmp(tail(now), "tree") == 0);
    say("getcwd is start + /tree",
        strncmp(now, start, strlen(start)) == 0 && strcmp(now + strlen(start), "/tree") == 0);
    say_ret("open relative after chdir", open("b.txt", O_RDONLY) >= 0 ? 0 : -1);
    say_ret("chdir ..", chdir(".."));
    say("back at start", getcwd(now, sizeof now) && strcmp(now, start) == 0);
    say_ret("chdir missing", chdir("no-such-dir"));
    say_ret("chdir to file", chdir("tree/b.txt"));
    char tiny[2];
    say("getcwd tiny buffer fails with ERANGE", getcwd(tiny, sizeof tiny) == NULL && errno == ERANGE);
}

static void renames_and_access(void)
{
    say_ret("rename a->z", rename("tree/a.txt", "tree/z.txt"));
    say_ret("rename missing", rename("tree/a.txt", "tree/y.txt"));
    say_ret("renameat2 NOREPLACE onto existing",
            syscall(SYS_renameat2, AT_FDCWD, "tree/z.txt", AT_FDCWD, "tree/b.txt", 1 /* RENAME_NOREPLACE */));
    say_ret("renameat2 NOREPLACE to new",
            syscall(SYS_renameat2, AT_FDCWD, "tree/z.txt", AT_FDCWD, "tree/w.txt", 1));
    say_ret("rename dir", rename("tree/sub", "tree/sub2"));
    say_ret("access F_OK", access("tree/w.txt", F_OK));
    say_ret("access R_OK|W_OK", access("tree/w.txt", R_OK | W_OK));
    say_ret("access X_OK on 0644 file", access("tree/w.txt", X_OK));
    say_ret("access X_OK on 0755 file", access("tree/run.sh", X_OK));
    say_ret("access missing", access("tree/a.txt", F_OK));
    int dirfd = open("tree", O_RDONLY | O_DIRECTORY);
    say("open O_DIRECTORY", dirfd >= 0);
    say_ret("faccessat via dirfd", faccessat(dirfd, "w.txt", R_OK, 0));
    say_ret("faccessat via dirfd missing", faccessat(dirfd, "a.txt", R_OK, 0));
    say_ret("raw faccessat", syscall(SYS_faccessat, AT_FDCWD, "tree/sub2", X_OK));
    say_ret("mkdirat via dirfd", mkdirat(dirfd, "made", 0755));
    say_ret("unlinkat dir via dirfd", unlinkat(dirfd, "made", AT_REMOVEDIR));
    say_ret("open O_DIRECTORY on file", open("tree/w.txt", O_RDONLY | O_DIRECTORY));
    close(dirfd);
}

static void links(void)
{
    char buf[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
    if (n > 0) {
        buf[n] = '\0';
        printf("/proc/self/exe basename: %s\n", tail(buf));
    } else {
        say_ret("readlink /proc/self/exe", n);
    }
    say_ret("readlink on regular file", readlink("tree/w.txt", buf, sizeof buf));
    say_ret("symlink", symlink("w.txt", "tree/link"));
    n = readlinkat(AT_FDCWD, "tree/link", buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = '\0';
    printf("readlinkat link -> %s (%zd)\n", buf, n);
    n = readlink("tree/link", buf, 3);
    printf("readlink truncated to 3: %zd %.3s\n", n, buf);
}

int main(void)
{
    umask(022);
    say_ret("mkdir tree", mkdir("tree", 0755));
    say_ret("mkdir tree again", mkdir("tree", 0755));
    say_ret("mkdir nested missing parent", mkdir("nope/deeper", 0755));
    touch("tree/c.txt", 0644);
    touch("tree/a.txt", 0644);
    touch("tree/b.txt", 0644);
    touch("tree/run.sh", 0755);
    say_ret("mkdir tree/sub", mkdir("tree/sub", 0700));
    touch("tree/sub/inner", 0600);
    list_dir("tree");
    cwd_moves();
    renames_and_access();
    links();
    list_dir("tree");
    say_ret("rmdir non-empty", rmdir("tree"));
    say_ret("rmdir file", rmdir("tree/w.txt"));
    say_ret("unlink dir", unlink("tree/sub2"));
    const char *files[] = {"tree/b.txt", "tree/c.txt", "tree/w.txt", "tree/run.sh",
                           "tree/link", "tree/sub2/inner"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        say_ret(files[i], unlink(files[i]));
    say_ret("rmdir tree/sub2", rmdir("tree/sub2"));
    list_dir("tree");
    say_ret("rmdir tree", rmdir("tree"));
    say_ret("opendir removed dir", opendir("tree") ? 0 : -1);
    return 0;
}
