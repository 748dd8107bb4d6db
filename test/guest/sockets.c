/* Sockets: socketpair ping-pong (stream and datagram), a descriptor passed
 * with SCM_RIGHTS, TCP on loopback port 0 (bind, listen, getsockname,
 * connect, accept4, getpeername, shutdown), UDP sendto/recvfrom with the
 * sender's address, a Unix socket bound in the scratch directory, socket
 * options, and EFAULT for bad nested msghdr pointers. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <unistd.h>

#include "guest_util.h"

static void check_socketpair(void)
{
    int sv[2];
    say_ret("socketpair stream", socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
    int sum = 0;
    for (int i = 0; i < 5; i++) {
        char ping = (char)('a' + i), got = 0;
        write(sv[0], &ping, 1);
        read(sv[1], &got, 1);
        got = (char)(got + 1);
        write(sv[1], &got, 1);
        read(sv[0], &got, 1);
        sum += got;
    }
    printf("  ping-pong sum %d\n", sum);
    say_ret("shutdown write side", shutdown(sv[0], SHUT_WR));
    char c;
    say_ret("  peer reads end of file", read(sv[1], &c, 1));
    close(sv[0]);
    close(sv[1]);
    say_ret("socketpair datagram, cloexec",
            socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv));
    say("  close-on-exec", fcntl(sv[0], F_GETFD) == FD_CLOEXEC);
    send(sv[0], "one", 3, 0);
    send(sv[0], "three", 5, 0);
    char buf[16];
    say_ret("  first datagram", recv(sv[1], buf, sizeof(buf), 0));
    say_ret("  second, truncated to 2", recv(sv[1], buf, 2, 0));
    close(sv[0]);
    close(sv[1]);
    say_ret("socketpair bad pointer",
            syscall(SYS_socketpair, AF_UNIX, SOCK_STREAM, 0, (void *)8));
}

static void check_scm_rights(void)
{
    int sv[2], p[2];
    socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
    pipe(p);
    char data = 'D';
    struct iovec iov = {&data, 1};
    union {
        struct cmsghdr h;
        char buf[CMSG_SPACE(sizeof(int))];
    } ctl;
    struct msghdr m = {0};
    m.msg_iov = &iov;
    m.msg_iovlen = 1;
    m.msg_control = ctl.buf;
    m.msg_controllen = sizeof(ctl.buf);
    struct cmsghdr *c = CMSG_FIRSTHDR(&m);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(c), &p[1], sizeof(int));
    say_ret("sendmsg with SCM_RIGHTS", sendmsg(sv[0], &m, 0));
    close(p[1]);
    char got = 0;
    iov.iov_base = &got;
    memset(ctl.buf, 0, sizeof(ctl.buf));
    m.msg_controllen = sizeof(ctl.buf);
    say_ret("recvmsg", recvmsg(sv[1], &m, MSG_CMSG_CLOEXEC));
    c = CMSG_FIRSTHDR(&m);
    int fd = -1;
    if (c && c->cmsg_type == SCM_RIGHTS)
        memcpy(&fd, CMSG_DATA(c), sizeof(int));
    say("  one descriptor received, data intact",
        fd >= 0 && got == 'D' && m.msg_controllen == CMSG_SPACE(sizeof(int)));
    say("  received close-on-exec", fcntl(fd, F_GETFD) == FD_CLOEXEC);
    write(fd, "via passed fd", 13);
    close(fd);
    char buf[32] = "";
    say_ret("  the pipe got it", read(p[0], buf, sizeof(buf)));
    printf("  '%s'\n", buf);
    close(p[0]);
    /* Nested pointers outside guest memory. */
    m.msg_iov = (struct iovec *)8;
    say_ret("sendmsg bad iov array", sendmsg(sv[0], &m, 0));
    struct iovec bad = {(void *)8, 1};
    m.msg_iov = &bad;
    m.msg_control = NULL;
    m.msg_controllen = 0;
    say_ret("sendmsg bad iov buffer", sendmsg(sv[0], &m, 0));
    iov.iov_base = &data;
    m.msg_iov = &iov;
    m.msg_control = (void *)8;
    m.msg_controllen = 64;
    say_ret("sendmsg bad control", sendmsg(sv[0], &m, 0));
    say_ret("sendmsg bad msghdr", sendmsg(sv[0], (struct msghdr *)8, 0));
    close(sv[0]);
    close(sv[1]);
}

static void check_tcp(void)
{
    int l = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    say_ret("setsockopt SO_REUSEADDR",
            setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)));
    int v = 0;
    socklen_t vl = sizeof(v);
    say_ret("getsockopt SO_REUSEADDR",
            getsockopt(l, SOL_SOCKET, SO_REUSEADDR, &v, &vl));
    printf("  value %d len %u\n", v != 0, (unsigned)vl);
    vl = sizeof(v);
    getsockopt(l, SOL_SOCKET, SO_TYPE, &v, &vl);
    say("  SO_TYPE is SOCK_STREAM", v == SOCK_STREAM);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = 0,
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    say_ret("bind 127.0.0.1:0", bind(l, (struct sockaddr *)&a, sizeof(a)));
    say_ret("listen", listen(l, 4));
    socklen_t al = sizeof(a);
    say_ret("getsockname", getsockname(l, (struct sockaddr *)&a, &al));
    say("  a port was chosen", ntohs(a.sin_port) != 0 && al == sizeof(a));
    int c = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    say_ret("connect", connect(c, (struct sockaddr *)&a, sizeof(a)));
    struct sockaddr_in peer;
    socklen_t pl = sizeof(peer);
    int s = accept4(l, (struct sockaddr *)&peer, &pl, SOCK_NONBLOCK);
    say("accept4", s >= 0);
    say("  non-blocking", (fcntl(s, F_GETFL) & O_NONBLOCK) != 0);
    struct sockaddr_in mine;
    socklen_t ml = sizeof(mine);
    getsockname(c, (struct sockaddr *)&mine, &ml);
    say("  peer address is the client's",
        pl == sizeof(peer) && peer.sin_port == mine.sin_port &&
            peer.sin_addr.s_addr == htonl(INADDR_LOOPBACK));
    struct sockaddr_in gp;
    socklen_t gl = 4; /* too short: cut, full length reported */
    say_ret("getpeername into 4 bytes",
            getpeername(c, (struct sockaddr *)&gp, &gl));
    printf("  length reported %u\n", (unsigned)gl);
    say_ret("TCP_NODELAY",
            setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one)));
    say_ret("send", send(c, "over tcp", 8, 0));
    char buf[16] = "";
    say_ret("recv", recv(s, buf, sizeof(buf), MSG_WAITALL | MSG_DONTWAIT) >= 0
                        ? 8
                        : -1);
    printf("  '%s'\n", buf);
    say_ret("recv on empty non-blocking", recv(s, buf, sizeof(buf), 0));
    say_ret("shutdown both", shutdown(c, SHUT_RDWR));
    /* Linux reads the length pointer only once a connection is accepted
     * (with none pending this accept would block), so one is pending. */
    int pending = socket(AF_INET, SOCK_STREAM, 0);
    connect(pending, (struct sockaddr *)&a, sizeof(a));
    say_ret("accept with a bad address length pointer",
            accept(l, (struct sockaddr *)&peer, (socklen_t *)8));
    close(pending);
    close(s);
    close(c);
    close(l);
    say_ret("connect with a bad address",
            connect(socket(AF_INET, SOCK_STREAM, 0), (void *)8, 16));
    l = socket(AF_INET, SOCK_STREAM, 0);
    say_ret("bind with a too long address",
            bind(l, (struct sockaddr *)&a, 200));
    close(l);
}

static void check_udp(void)
{
    int r = socket(AF_INET, SOCK_DGRAM, 0), s = socket(AF_INET, SOCK_DGRAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    bind(r, (struct sockaddr *)&a, sizeof(a));
    socklen_t al = sizeof(a);
    getsockname(r, (struct sockaddr *)&a, &al);
    say_ret("sendto",
            sendto(s, "datagram", 8, 0, (struct sockaddr *)&a, sizeof(a)));
    char buf[16] = "";
    struct sockaddr_in from;
    socklen_t fl = sizeof(from);
    say_ret("recvfrom",
            recvfrom(r, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fl));
    struct sockaddr_in sa;
    socklen_t sl = sizeof(sa);
    getsockname(s, (struct sockaddr *)&sa, &sl);
    say("  from the sender's port",
        fl == sizeof(from) && from.sin_port == sa.sin_port);
    printf("  '%s'\n", buf);
    /* Linux copies out only a datagram it has (EAGAIN with none queued). */
    sendto(s, "datagram", 8, 0, (struct sockaddr *)&a, sizeof(a));
    say_ret("recvfrom into a bad buffer",
            recvfrom(r, (void *)8, 4, MSG_DONTWAIT, NULL, NULL));
    close(r);
    close(s);
}

static void check_unix_path(void)
{
    int l = socket(AF_UNIX, SOCK_STREAM, 0);
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    strcpy(a.sun_path, "test.sock");
    say_ret("bind a Unix socket in the scratch directory",
            bind(l, (struct sockaddr *)&a, sizeof(a)));
    listen(l, 1);
    int c = socket(AF_UNIX, SOCK_STREAM, 0);
    say_ret("connect to it", connect(c, (struct sockaddr *)&a, sizeof(a)));
    struct sockaddr_un got;
    socklen_t gl = sizeof(got);
    int s = accept(l, (struct sockaddr *)&got, &gl);
    say("accept", s >= 0);
    socklen_t nl = sizeof(got);
    getsockname(l, (struct sockaddr *)&got, &nl);
    printf("  bound name '%s'\n", got.sun_path);
    close(s);
    close(c);
    close(l);
    say_ret("unlink it", unlink("test.sock"));
}

int main(void)
{
    check_socketpair();
    check_scm_rights();
    check_tcp();
    check_udp();
    check_unix_path();
    return 0;
}
