/* Datagram batches and file-system watches: sendmmsg of three datagrams
 * (msg_len of each), recvmmsg taking them in order (lengths, contents,
 * MSG_DONTWAIT on an empty socket, MSG_WAITFORONE stopping at what is
 * there, a timeout checked after a datagram), sendmmsg stopping at a bad
 * buffer; then inotify on the scratch directory: create, modify,
 * close-after-write, rename, delete and the watch's removal (IN_IGNORED)
 * reported with the guest's names, poll readiness, EAGAIN, and the error
 * cases of inotify_add_watch/rm_watch. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "guest_util.h"

/* argv[1] == "linux": the reference is Linux, not qemu. */
static int on_linux;

static void mmsg(void)
{
    int sv[2];
    say_ret("socketpair", socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
    const char *words[3] = {"alpha", "be", "gamma-delta"};
    struct iovec iov[3];
    struct mmsghdr out[3];
    memset(out, 0, sizeof out);
    for (int i = 0; i < 3; i++) {
        iov[i].iov_base = (void *)words[i];
        iov[i].iov_len = strlen(words[i]);
        out[i].msg_hdr.msg_iov = &iov[i];
        out[i].msg_hdr.msg_iovlen = 1;
    }
    say_ret("sendmmsg 3", sendmmsg(sv[0], out, 3, 0));
    printf("msg_len: %u %u %u\n", out[0].msg_len, out[1].msg_len, out[2].msg_len);
    char bufs[5][32];
    struct iovec in_iov[5];
    struct mmsghdr in[5];
    memset(in, 0, sizeof in);
    memset(bufs, 0, sizeof bufs);
    for (int i = 0; i < 5; i++) {
        in_iov[i].iov_base = bufs[i];
        in_iov[i].iov_len = sizeof bufs[i];
        in[i].msg_hdr.msg_iov = &in_iov[i];
        in[i].msg_hdr.msg_iovlen = 1;
    }
    say_ret("recvmmsg 5 MSG_DONTWAIT", recvmmsg(sv[1], in, 5, MSG_DONTWAIT, NULL));
    for (int i = 0; i < 3; i++)
        printf("got %u: %s\n", in[i].msg_len, bufs[i]);
    say_ret("recvmmsg empty", recvmmsg(sv[1], in, 5, MSG_DONTWAIT, NULL));
    sendmmsg(sv[0], out, 2, 0);
    say_ret("recvmmsg MSG_WAITFORONE", recvmmsg(sv[1], in, 5, MSG_WAITFORONE, NULL));
    if (on_linux) { /* qemu 7.2 waits on past the timeout */
        sendmmsg(sv[0], out, 3, 0);
        struct timespec zero = {0, 0};
        say_ret("recvmmsg timeout after the first", recvmmsg(sv[1], in, 5, 0, &zero));
        say_ret("recvmmsg the rest", recvmmsg(sv[1], in, 5, MSG_DONTWAIT, NULL));
    }
    out[1].msg_hdr.msg_iov = (void *)8;
    say_ret("sendmmsg bad second", sendmmsg(sv[0], out, 3, 0));
    say_ret("sendmmsg bad first", sendmmsg(sv[0], out + 1, 2, 0));
    say_ret("recvmmsg bad vector", syscall(SYS_recvmmsg, sv[1], (void *)8, 2, MSG_DONTWAIT, NULL));
    say_ret("sendmmsg not a socket", sendmmsg(0, out, 1, 0));
    close(sv[0]);
    close(sv[1]);
}

static void show_events(int fd)
{
    char buf[4096] __attribute__((aligned(8)));
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0) {
        say_ret("read events", n);
        return;
    }
    for (ssize_t off = 0; off < n;) {
        struct inotify_event *e = (struct inotify_event *)(buf + off);
        const char *what = "other";
        uint32_t m = e->mask & ~IN_ISDIR;
        if (m == IN_CREATE) what = "IN_CREATE";
        else if (m == IN_MODIFY) what = "IN_MODIFY";
        else if (m == IN_CLOSE_WRITE) what = "IN_CLOSE_WRITE";
        else if (m == IN_MOVED_FROM) what = "IN_MOVED_FROM";
        else if (m == IN_MOVED_TO) what = "IN_MOVED_TO";
        else if (m == IN_DELETE) what = "IN_DELETE";
        else if (m == IN_IGNORED) what = "IN_IGNORED";
        printf("event %s%s name '%s' cookie-set %d\n", what,
               (e->mask & IN_ISDIR) ? "|IN_ISDIR" : "",
               e->len ? e->name : "", e->cookie != 0);
        off += (ssize_t)sizeof(*e) + e->len;
    }
}

static void watches(void)
{
    int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    say("inotify_init1", fd >= 0);
    int wd = inotify_add_watch(fd, ".", IN_CREATE | IN_MODIFY | IN_CLOSE_WRITE |
                                            IN_MOVE | IN_DELETE);
    say("inotify_add_watch", wd >= 0);
    char buf[16];
    say_ret("read with no events", read(fd, buf, sizeof buf));
    struct pollfd p = {fd, POLLIN, 0};
    say_ret("poll idle", poll(&p, 1, 0));
    int f = open("watched.txt", O_CREAT | O_WRONLY, 0644);
    write(f, "x", 1);
    close(f);
    rename("watched.txt", "renamed.txt");
    mkdir("subdir", 0755);
    unlink("renamed.txt");
    rmdir("subdir");
    say_ret("poll ready", poll(&p, 1, 0));
    show_events(fd);
    say_ret("inotify_rm_watch", inotify_rm_watch(fd, wd));
    show_events(fd);
    say_ret("rm_watch again", inotify_rm_watch(fd, wd));
    say_ret("add_watch missing", inotify_add_watch(fd, "no/such", IN_CREATE));
    say_ret("add_watch no events", inotify_add_watch(fd, ".", 0));
    say_ret("add_watch bad fd", inotify_add_watch(-1, ".", IN_CREATE));
    say_ret("add_watch not inotify", inotify_add_watch(0, ".", IN_CREATE));
    say_ret("add_watch bad path", syscall(SYS_inotify_add_watch, fd, (void *)8, IN_CREATE));
    say_ret("inotify_init1 bad flags", inotify_init1(1));
    close(fd);
}

int main(int argc, char **argv)
{
    on_linux = argc > 1 && !strcmp(argv[1], "linux");
    setvbuf(stdout, NULL, _IOLBF, 0);
    mmsg();
    watches();
    return 0;
}
