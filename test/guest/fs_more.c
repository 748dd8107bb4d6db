/* The second wave of file-system calls, in the current (scratch)
 * directory: fchdir, statfs/fstatfs, flock between two descriptions,
 * sync/syncfs/sync_file_range, preadv/pwritev and their "2" forms,
 * copy_file_range, sendfile, splice/tee/vmsplice through pipes, mknodat
 * (a FIFO), readahead/fadvise, the xattr family (when the file system
 * has user attributes), memfd_create with a shared mapping, and their
 * error cases (EBADF, ENOTDIR, EWOULDBLOCK, EINVAL, EFAULT, ENODATA). */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "guest_util.h"

/* argv[1] == "linux": the reference is Linux, not qemu (see the x86-64
 * suite's list). */
static int on_linux;

static const char *base(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static void dirs(void)
{
    char start[PATH_MAX], here[PATH_MAX];
    say("getcwd", getcwd(start, sizeof start) != NULL);
    int home = open(".", O_RDONLY | O_DIRECTORY);
    say_ret("mkdir sub", mkdir("sub", 0755));
    say_ret("chdir sub", chdir("sub"));
    say("in sub", getcwd(here, sizeof here) && !strcmp(base(here), "sub"));
    say_ret("fchdir back", fchdir(home));
    say("back at start", getcwd(here, sizeof here) && !strcmp(here, start));
    int file = open("plain.txt", O_CREAT | O_RDWR, 0644);
    say_ret("fchdir to a file", fchdir(file));
    say_ret("fchdir closed fd", fchdir(999));
    int opath = open("sub", O_PATH);
    say_ret("fchdir O_PATH dir", fchdir(opath));
    say("in sub again", getcwd(here, sizeof here) && !strcmp(base(here), "sub"));
    say_ret("fchdir home", fchdir(home));
    close(opath);
    close(file);
    close(home);
}

static void fs_stats(void)
{
    struct statfs a, b;
    say_ret("statfs .", statfs(".", &a));
    say("bsize > 0", a.f_bsize > 0);
    say("namelen > 0", a.f_namelen > 0);
    say("blocks >= bfree >= 0", a.f_blocks >= a.f_bfree);
    int fd = open(".", O_RDONLY);
    say_ret("fstatfs", fstatfs(fd, &b));
    say("same type", a.f_type == b.f_type);
    say("same bsize", a.f_bsize == b.f_bsize);
    close(fd);
    say_ret("statfs missing", statfs("no/such/dir", &a));
    say_ret("fstatfs bad fd", fstatfs(-1, &b));
    say_ret("statfs bad buffer", syscall(SYS_statfs, ".", (void *)8));
    say_ret("statfs bad path", syscall(SYS_statfs, (void *)8, &a));
    say_ret("statfs /proc", statfs("/proc", &a));
    say("/proc is procfs", a.f_type == 0x9fa0);
}

static void locks(void)
{
    int a = open("lock.txt", O_CREAT | O_RDWR, 0644);
    int b = open("lock.txt", O_RDWR);
    say_ret("flock a LOCK_EX", flock(a, LOCK_EX));
    say_ret("flock b LOCK_EX|LOCK_NB", flock(b, LOCK_EX | LOCK_NB));
    say_ret("flock b LOCK_SH|LOCK_NB", flock(b, LOCK_SH | LOCK_NB));
    say_ret("flock a LOCK_UN", flock(a, LOCK_UN));
    say_ret("flock b LOCK_SH|LOCK_NB now", flock(b, LOCK_SH | LOCK_NB));
    say_ret("flock a LOCK_SH|LOCK_NB too", flock(a, LOCK_SH | LOCK_NB));
    say_ret("flock a LOCK_EX|LOCK_NB", flock(a, LOCK_EX | LOCK_NB));
    say_ret("flock bad op", flock(a, 0));
    say_ret("flock bad fd", flock(-1, LOCK_SH));
    sync();
    say_ret("syncfs", syncfs(a));
    say_ret("syncfs bad fd", syncfs(-1));
    say_ret("sync_file_range", sync_file_range(a, 0, 0, SYNC_FILE_RANGE_WRITE));
    say_ret("sync_file_range bad flags", sync_file_range(a, 0, 0, 0x100));
    say_ret("fdatasync", fdatasync(a));
    close(a);
    close(b);
}

static void vectors(void)
{
    int fd = open("vec.bin", O_CREAT | O_RDWR | O_TRUNC, 0644);
    struct iovec out[2] = {{"hello ", 6}, {"world", 5}};
    say_ret("pwritev at 3", pwritev(fd, out, 2, 3));
    say_ret("offset still 0", lseek(fd, 0, SEEK_CUR));
    char x[4] = "", y[8] = "";
    struct iovec in[2] = {{x, 3}, {y, 8}};
    say_ret("preadv at 3", preadv(fd, in, 2, 3));
    printf("preadv: [%.3s][%.8s]\n", x, y);
    say_ret("preadv at 0 (hole)", preadv(fd, in, 1, 0));
    say("hole is zeros", !x[0] && !x[1] && !x[2]);
    say_ret("lseek 9", lseek(fd, 9, SEEK_SET));
    memset(y, 0, sizeof y);
    struct iovec one = {y, 5};
    say_ret("preadv2 at -1 (file position)", preadv2(fd, &one, 1, -1, 0));
    printf("preadv2: %.5s\n", y);
    say_ret("offset moved to", lseek(fd, 0, SEEK_CUR));
    if (on_linux) {
        /* qemu 7.2 refuses RWF_APPEND (EOPNOTSUPP); Linux appends. */
        struct iovec tail = {"!", 1};
        say_ret("pwritev2 RWF_APPEND", pwritev2(fd, &tail, 1, 0, RWF_APPEND));
        struct stat st;
        fstat(fd, &st);
        printf("size now %lld\n", (long long)st.st_size);
    }
    say_ret("preadv negative offset", preadv(fd, in, 2, -5));
    say_ret("preadv2 bad flags", preadv2(fd, in, 2, 0, 0x4000));
    say_ret("pwritev bad fd", pwritev(-1, out, 2, 0));
    struct iovec bad = {(void *)8, 4};
    say_ret("preadv bad buffer", preadv(fd, &bad, 1, 3));
    close(fd);
}

static void copies(void)
{
    int src = open("src.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
    write(src, "0123456789abcdefghij", 20);
    int dst = open("dst.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
    loff_t in = 5, out = 2;
    say_ret("copy_file_range 8", copy_file_range(src, &in, dst, &out, 8, 0));
    printf("offsets after: in=%lld out=%lld\n", (long long)in, (long long)out);
    say_ret("dst position unchanged", lseek(dst, 0, SEEK_CUR));
    char buf[32] = "";
    say_ret("pread dst", pread(dst, buf, sizeof buf - 1, 0));
    printf("dst bytes 2..9: %.8s\n", buf + 2);
    say_ret("copy_file_range bad flags", copy_file_range(src, &in, dst, &out, 8, 1));
    say_ret("copy_file_range bad fd", copy_file_range(-1, NULL, dst, NULL, 8, 0));
    say_ret("copy_file_range bad offset pointer",
            syscall(SYS_copy_file_range, src, (void *)8, dst, NULL, 4, 0));
    off_t off = 10;
    int snd = open("sent.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
    say_ret("sendfile 6 from 10", sendfile(snd, src, &off, 6));
    printf("sendfile offset now %lld\n", (long long)off);
    memset(buf, 0, sizeof buf);
    pread(snd, buf, 16, 0);
    printf("sent: %s\n", buf);
    close(snd);

    int p[2], q[2];
    pipe(p);
    pipe(q);
    loff_t from = 3;
    say_ret("splice file->pipe", splice(src, &from, p[1], NULL, 7, 0));
    printf("splice offset now %lld\n", (long long)from);
    say_ret("tee pipe->pipe", tee(p[0], q[1], 7, 0));
    memset(buf, 0, sizeof buf);
    say_ret("read p", read(p[0], buf, sizeof buf));
    printf("p: %s\n", buf);
    memset(buf, 0, sizeof buf);
    say_ret("read q", read(q[0], buf, sizeof buf));
    printf("q: %s\n", buf);
    char msg[] = "vmspliced";
    struct iovec v = {msg, 9};
    say_ret("vmsplice into pipe", vmsplice(p[1], &v, 1, 0));
    loff_t to = 0;
    int sp = open("spliced.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
    say_ret("splice pipe->file", splice(p[0], NULL, sp, &to, 9, 0));
    memset(buf, 0, sizeof buf);
    pread(sp, buf, sizeof buf, 0);
    printf("spliced: %s\n", buf);
    say_ret("splice file->file", splice(src, NULL, sp, NULL, 4, 0));
    say_ret("tee non-pipe", tee(src, q[1], 4, 0));
    char got[8] = "";
    write(q[1], "abc", 3);
    struct iovec r = {got, 8};
    say_ret("vmsplice from read end", vmsplice(q[0], &r, 1, 0));
    printf("vmsplice got: %.3s\n", got);
    close(sp);
    close(p[0]); close(p[1]); close(q[0]); close(q[1]);
    close(src);
    close(dst);
}

static void nodes(void)
{
    say_ret("mknodat fifo", mknodat(AT_FDCWD, "fifo", S_IFIFO | 0600, 0));
    struct stat st;
    say_ret("stat fifo", stat("fifo", &st));
    say("is a fifo", S_ISFIFO(st.st_mode));
    say_ret("mknodat exists", mknodat(AT_FDCWD, "fifo", S_IFIFO | 0600, 0));
    say_ret("mknodat regular", mknodat(AT_FDCWD, "reg", S_IFREG | 0600, 0));
    say("regular made", stat("reg", &st) == 0 && S_ISREG(st.st_mode));
    say_ret("mknodat bad type", mknodat(AT_FDCWD, "odd", 0170000 | 0600, 0));
    int fd = open("src.txt", O_RDONLY);
    say_ret("readahead", readahead(fd, 0, 4096));
    say_ret("readahead bad fd", readahead(-1, 0, 4096));
    errno = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    say_ret("fadvise sequential", errno ? -1 : 0);
    errno = posix_fadvise(fd, 0, 0, 99);
    say_ret("fadvise bad advice", errno ? -1 : 0);
    errno = posix_fadvise(-1, 0, 0, POSIX_FADV_NORMAL);
    say_ret("fadvise bad fd", errno ? -1 : 0);
    close(fd);
    unlink("fifo");
    unlink("reg");
}

static void xattrs(void)
{
    int fd = open("attr.txt", O_CREAT | O_RDWR, 0644);
    symlink("attr.txt", "attr.link");
    if (setxattr("attr.txt", "user.color", "blue", 4, 0) < 0) {
        /* Same file system under both runs: only its support differs
         * between machines. */
        printf("user xattrs unsupported here: %s\n",
               errno == ENOTSUP ? "ENOTSUP" : strerrorname_np(errno));
    } else {
        puts("setxattr user.color: 0");
        say_ret("setxattr XATTR_CREATE again",
                setxattr("attr.txt", "user.color", "red", 3, XATTR_CREATE));
        say_ret("setxattr XATTR_REPLACE missing",
                setxattr("attr.txt", "user.size", "1", 1, XATTR_REPLACE));
        say_ret("fsetxattr user.size", fsetxattr(fd, "user.size", "12", 2, 0));
        char v[16] = "";
        say_ret("getxattr size only", getxattr("attr.txt", "user.color", NULL, 0));
        say_ret("getxattr", getxattr("attr.txt", "user.color", v, sizeof v));
        printf("value: %.4s\n", v);
        say_ret("getxattr small buffer", getxattr("attr.txt", "user.color", v, 2));
        memset(v, 0, sizeof v);
        say_ret("lgetxattr through link target",
                lgetxattr("attr.txt", "user.size", v, sizeof v));
        printf("value: %s\n", v);
        say_ret("fgetxattr", fgetxattr(fd, "user.color", v, sizeof v));
        char list[64];
        ssize_t n = listxattr("attr.txt", list, sizeof list);
        int color = 0, size = 0;
        for (ssize_t i = 0; i < n; i += (ssize_t)strlen(list + i) + 1) {
            color |= !strcmp(list + i, "user.color");
            size |= !strcmp(list + i, "user.size");
        }
        say("listxattr has both", n > 0 && color && size);
        say("flistxattr same size", flistxattr(fd, NULL, 0) == n);
        say_ret("llistxattr of the link",
                llistxattr("attr.link", list, sizeof list) >= 0);
        say_ret("removexattr", removexattr("attr.txt", "user.color"));
        say_ret("getxattr removed", getxattr("attr.txt", "user.color", v, sizeof v));
        say_ret("fremovexattr", fremovexattr(fd, "user.size"));
        say_ret("lremovexattr missing", lremovexattr("attr.txt", "user.size"));
    }
    char v[4];
    say_ret("getxattr missing file", getxattr("nofile", "user.x", v, 4));
    say_ret("getxattr empty name", getxattr("attr.txt", "", v, 4));
    say_ret("fgetxattr bad fd", fgetxattr(-1, "user.x", v, 4));
    say_ret("getxattr bad name pointer",
            syscall(SYS_getxattr, "attr.txt", (void *)8, v, 4));
    say_ret("setxattr bad namespace", setxattr("attr.txt", "bogus.x", "1", 1, 0));
    close(fd);
}

static void memfd(void)
{
    int fd = memfd_create("guest-memfd", MFD_CLOEXEC);
    say("memfd_create", fd >= 0);
    say_ret("ftruncate 8192", ftruncate(fd, 8192));
    struct stat st;
    fstat(fd, &st);
    say("memfd is regular, 8192 bytes", S_ISREG(st.st_mode) && st.st_size == 8192);
    char *m = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    say("mmap shared", m != MAP_FAILED);
    strcpy(m + 4096, "through the mapping");
    char buf[32] = "";
    pread(fd, buf, sizeof buf - 1, 4096);
    printf("pread sees: %s\n", buf);
    pwrite(fd, "file", 4, 0);
    printf("mapping sees: %.4s\n", m);
    munmap(m, 8192);
    say("fd cloexec", fcntl(fd, F_GETFD) == FD_CLOEXEC);
    say_ret("memfd_create bad flags", memfd_create("x", 0x100));
    char longname[300];
    memset(longname, 'n', sizeof longname - 1);
    longname[sizeof longname - 1] = 0;
    say_ret("memfd_create long name", memfd_create(longname, 0));
    int sealed = memfd_create("sealed", MFD_ALLOW_SEALING);
    say_ret("add seal", fcntl(sealed, F_ADD_SEALS, F_SEAL_GROW));
    say_ret("grow sealed", ftruncate(sealed, 100));
    close(sealed);
    close(fd);
}

int main(int argc, char **argv)
{
    on_linux = argc > 1 && !strcmp(argv[1], "linux");
    dirs();
    fs_stats();
    locks();
    vectors();
    copies();
    nodes();
    xattrs();
    memfd();
    return 0;
}
