/* Regular files in the current (scratch) directory: open/create, write,
 * read, lseek in every whence, pread/pwrite, readv/writev, fstat (the raw
 * fstat syscall), stat (newfstatat), statx, O_APPEND, error paths. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#include "guest_util.h"

static void show_stat(const char *how, const struct stat *st)
{
    printf("%s: size=%lld regular=%d mode=%o nlink=%lu uid-matches=%d\n", how,
           (long long)st->st_size, S_ISREG(st->st_mode), st->st_mode & 07777,
           (unsigned long)st->st_nlink, st->st_uid == getuid());
}

static void basic_io(void)
{
    int fd = open("data.bin", O_CREAT | O_EXCL | O_RDWR, 0640);
    say("open O_CREAT|O_EXCL", fd >= 0);
    say_ret("open O_EXCL again", open("data.bin", O_CREAT | O_EXCL | O_RDWR, 0640));
    say_ret("write", write(fd, "0123456789abcdef", 16));
    say_ret("lseek SEEK_CUR 0", lseek(fd, 0, SEEK_CUR));
    say_ret("lseek SEEK_SET 4", lseek(fd, 4, SEEK_SET));
    char buf[32] = "";
    say_ret("read 6", read(fd, buf, 6));
    printf("read data: %s\n", buf);
    say_ret("lseek SEEK_END -3", lseek(fd, -3, SEEK_END));
    memset(buf, 0, sizeof buf);
    say_ret("read past end asks 10", read(fd, buf, 10));
    printf("tail: %s\n", buf);
    say_ret("read at EOF", read(fd, buf, 10));
    say_ret("lseek negative", lseek(fd, -100, SEEK_SET));

    say_ret("pwrite at 2", pwrite(fd, "XY", 2, 2));
    say_ret("file offset unchanged by pwrite", lseek(fd, 0, SEEK_CUR));
    memset(buf, 0, sizeof buf);
    say_ret("pread 8 at 0", pread(fd, buf, 8, 0));
    printf("pread data: %s\n", buf);
    say_ret("pwrite beyond end at 20", pwrite(fd, "Z", 1, 20));

    struct stat st;
    say_ret("fstat syscall", syscall(SYS_fstat, fd, &st));
    show_stat("fstat", &st);
    say_ret("pread hole byte", pread(fd, buf, 1, 17));
    printf("hole byte is zero: %s\n", buf[0] == 0 ? "yes" : "no");
    say_ret("close", close(fd));
    say_ret("close again", close(fd));
    say_ret("read closed fd", read(fd, buf, 1));
}

static void vectored_io(void)
{
    int fd = open("vec.txt", O_CREAT | O_TRUNC | O_WRONLY, 0600);
    struct iovec out[3] = {
        {.iov_base = "alpha-", .iov_len = 6},
        {.iov_base = "", .iov_len = 0},
        {.iov_base = "beta-gamma", .iov_len = 10},
    };
    say_ret("writev", writev(fd, out, 3));
    close(fd);

    fd = open("vec.txt", O_RDONLY);
    char a[4] = "", b[5] = "", c[32] = "";
    struct iovec in[3] = {
        {.iov_base = a, .iov_len = 3}, {.iov_base = b, .iov_len = 4}, {.iov_base = c, .iov_len = 31}};
    say_ret("readv", readv(fd, in, 3));
    printf("readv pieces: [%s] [%s] [%s]\n", a, b, c);
    say_ret("write to O_RDONLY fd", write(fd, "x", 1));
    close(fd);

    fd = open("vec.txt", O_WRONLY | O_APPEND);
    lseek(fd, 0, SEEK_SET);
    say_ret("append write", write(fd, "+tail", 5));
    say_ret("offset after append", lseek(fd, 0, SEEK_CUR));
    close(fd);
}

static void stats(void)
{
    struct stat st;
    say_ret("stat vec.txt", stat("vec.txt", &st));
    show_stat("stat", &st);
    say_ret("stat missing", stat("missing.txt", &st));
    say_ret("open missing", open("missing.txt", O_RDONLY));
    say_ret("chmod 0444", chmod("vec.txt", 0444));
    say_ret("fstatat AT_FDCWD", fstatat(AT_FDCWD, "vec.txt", &st, 0));
    show_stat("fstatat", &st);

    struct statx sx;
    say_ret("statx", statx(AT_FDCWD, "vec.txt", 0, STATX_SIZE | STATX_MODE | STATX_TYPE, &sx));
    printf("statx: mask has size+mode=%d size=%llu regular=%d mode=%o\n",
           (sx.stx_mask & (STATX_SIZE | STATX_MODE)) == (STATX_SIZE | STATX_MODE),
           (unsigned long long)sx.stx_size, S_ISREG(sx.stx_mode), sx.stx_mode & 07777);
    say_ret("statx empty path on cwd fd", statx(AT_FDCWD, "", AT_EMPTY_PATH, STATX_TYPE, &sx));
    printf("cwd is a directory: %s\n", S_ISDIR(sx.stx_mode) ? "yes" : "no");
    say_ret("statx missing", statx(AT_FDCWD, "nope", 0, STATX_SIZE, &sx));
}

int main(void)
{
    umask(022);
    basic_io();
    vectored_io();
    stats();
    say_ret("unlink data.bin", unlink("data.bin"));
    say_ret("unlink vec.txt", unlink("vec.txt"));
    say_ret("unlink again", unlink("vec.txt"));
    return 0;
}
