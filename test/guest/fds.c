/* File descriptors: dup, dup2 (dup3 on riscv64), dup3 with O_CLOEXEC,
 * fcntl get/set of fd and status flags and F_DUPFD, pipe2 data flow,
 * non-blocking EAGAIN, EOF and EPIPE, and ioctl on a pipe (FIONREAD works,
 * TCGETS and TIOCGWINSZ fail with ENOTTY). */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

#include "guest_util.h"

static void duplication(void)
{
    int fd = open("dup.txt", O_CREAT | O_RDWR | O_TRUNC, 0600);
    int copy = dup(fd);
    say("dup gives a new fd", copy >= 0 && copy != fd);
    write(fd, "shared-offset", 13);
    say_ret("dup shares the offset", lseek(copy, 0, SEEK_CUR));
    say_ret("dup2 onto 20", dup2(fd, 20));
    say("dup2 onto itself returns it", dup2(fd, fd) == fd);
    say_ret("dup3 onto 21 with O_CLOEXEC", dup3(fd, 21, O_CLOEXEC));
    say_ret("dup3 onto itself", dup3(fd, fd, 0));
    say_ret("dup3 bad flags", dup3(fd, 22, 0x1));
    say_ret("dup of bad fd", dup(999));
    say_ret("F_GETFD of dup3 O_CLOEXEC fd", fcntl(21, F_GETFD));
    say_ret("F_GETFD of dup2 fd", fcntl(20, F_GETFD));
    say_ret("F_SETFD FD_CLOEXEC", fcntl(20, F_SETFD, FD_CLOEXEC));
    say_ret("F_GETFD after set", fcntl(20, F_GETFD));
    int high = fcntl(fd, F_DUPFD, 30);
    say("F_DUPFD >= 30", high >= 30);
    int high_cloexec = fcntl(fd, F_DUPFD_CLOEXEC, 40);
    say("F_DUPFD_CLOEXEC >= 40", high_cloexec >= 40);
    say_ret("its F_GETFD", fcntl(high_cloexec, F_GETFD));
    say_ret("F_GETFL access mode is O_RDWR", (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR);
    say_ret("F_SETFL O_APPEND", fcntl(fd, F_SETFL, O_APPEND));
    say_ret("F_GETFL has O_APPEND (seen through dup too)", (fcntl(copy, F_GETFL) & O_APPEND) != 0);
    say_ret("fcntl bad cmd", fcntl(fd, 9999));
    say_ret("raw fcntl F_GETFD on bad fd", syscall(SYS_fcntl, 999, F_GETFD));
    int fds[] = {fd, copy, 20, 21, high, high_cloexec};
    for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++)
        close(fds[i]);
    unlink("dup.txt");
}

static void pipes(void)
{
    int p[2];
    say_ret("pipe2 O_CLOEXEC|O_NONBLOCK", pipe2(p, O_CLOEXEC | O_NONBLOCK));
    say_ret("read end F_GETFD", fcntl(p[0], F_GETFD));
    say_ret("read end O_NONBLOCK", (fcntl(p[0], F_GETFL) & O_NONBLOCK) != 0);
    say_ret("empty nonblocking read", read(p[0], (char[4]){0}, 4));
    say_ret("write 11 bytes", write(p[1], "hello pipe!", 11));
    int avail = -1;
    say_ret("ioctl FIONREAD", ioctl(p[0], FIONREAD, &avail));
    printf("FIONREAD bytes: %d\n", avail);
    struct termios tio;
    say_ret("ioctl TCGETS on pipe", ioctl(p[0], TCGETS, &tio));
    struct winsize ws;
    say_ret("ioctl TIOCGWINSZ on pipe", ioctl(p[1], TIOCGWINSZ, &ws));
    say_ret("isatty on pipe", isatty(p[0]));
    char buf[32] = "";
    say_ret("read 5", read(p[0], buf, 5));
    say_ret("read rest", read(p[0], buf + 5, sizeof buf - 6));
    printf("pipe data: %s\n", buf);
    say_ret("close write end", close(p[1]));
    say_ret("read at EOF", read(p[0], buf, 4));
    close(p[0]);

    say_ret("pipe2 flags 0", pipe2(p, 0));
    say_ret("F_GETFD without O_CLOEXEC", fcntl(p[0], F_GETFD));
    signal(SIGPIPE, SIG_IGN);
    close(p[0]);
    say_ret("write with no reader", write(p[1], "x", 1));
    close(p[1]);
    say_ret("ioctl on bad fd", ioctl(999, FIONREAD, &avail));
}

int main(void)
{
    duplication();
    pipes();
    return 0;
}
