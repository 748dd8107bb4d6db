/* Waiting on descriptors: poll/ppoll, select/pselect, epoll (the 16-byte
 * riscv64 epoll_event: a 64-bit data value must come back whole) on
 * pipes, with zero and short timeouts. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "guest_util.h"

static void check_poll(int r, int w)
{
    struct pollfd p[3] = {{r, POLLIN, 0}, {w, POLLOUT, 0}, {-1, POLLIN, 0}};
    say_ret("poll empty pipe, timeout 0", poll(p, 3, 0));
    printf("  revents: read %#x write %#x ignored %#x\n", p[0].revents,
           p[1].revents, p[2].revents);
    write(w, "ab", 2);
    say_ret("poll after a write", poll(p, 2, 0));
    printf("  revents: read %#x write %#x\n", p[0].revents, p[1].revents);
    struct timespec ts = {0, 2000000};
    sigset_t none;
    sigemptyset(&none);
    say_ret("ppoll with sigmask", ppoll(p, 1, &ts, &none));
    struct pollfd closed = {999, POLLIN, 0};
    say_ret("poll of a closed fd", poll(&closed, 1, 0));
    printf("  revents %#x (POLLNVAL %#x)\n", closed.revents, POLLNVAL);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct pollfd idle = {w, 0, 0};
    say_ret("poll with nothing to wait for, 20 ms", poll(&idle, 1, 20));
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long ms =
        (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
    say("  waited at least 19 ms", ms >= 19);
    struct timespec raw = {0, 5000000};
    long rr = syscall(SYS_ppoll, &idle, 1, &raw, NULL, 8);
    say_ret("raw ppoll times out", rr);
    say("  raw ppoll left no time", raw.tv_sec == 0 && raw.tv_nsec == 0);
    say_ret("raw ppoll bad sigsetsize",
            syscall(SYS_ppoll, &idle, 1, &raw, &none, 4));
    say_ret("ppoll bad fds pointer",
            syscall(SYS_ppoll, (void *)8, 1, &raw, NULL, 8));
    char buf[2];
    read(r, buf, 2);
}

static void check_select(int r, int w)
{
    fd_set rd, wr;
    FD_ZERO(&rd);
    FD_ZERO(&wr);
    FD_SET(r, &rd);
    FD_SET(w, &wr);
    struct timeval tv = {0, 0};
    say_ret("select empty pipe", select(w + 1, &rd, &wr, NULL, &tv));
    say("  read not ready", !FD_ISSET(r, &rd));
    say("  write ready", FD_ISSET(w, &wr));
    write(w, "x", 1);
    FD_SET(r, &rd);
    FD_ZERO(&wr);
    struct timespec ts = {1, 0};
    say_ret("pselect after a write",
            pselect(r + 1, &rd, NULL, NULL, &ts, NULL));
    say("  read ready", FD_ISSET(r, &rd));
    FD_ZERO(&rd);
    FD_SET(900, &rd);
    tv.tv_sec = 0;
    say_ret("select with a closed fd", select(901, &rd, NULL, NULL, &tv));
    say_ret("select nfds -1", select(-1, NULL, NULL, NULL, &tv));
    struct timespec bad = {0, 2000000000};
    say_ret("pselect bad nsec", pselect(1, NULL, NULL, NULL, &bad, NULL));
    char c;
    read(r, &c, 1);
}

static void check_epoll(int r, int w)
{
    int ep = epoll_create1(EPOLL_CLOEXEC);
    say("epoll_create1", ep >= 0);
    say("  close-on-exec", fcntl(ep, F_GETFD) == FD_CLOEXEC);
    struct epoll_event ev = {.events = EPOLLIN,
                             .data.u64 = 0x1122334455667788ull};
    say_ret("epoll_ctl ADD read end", epoll_ctl(ep, EPOLL_CTL_ADD, r, &ev));
    say_ret("epoll_ctl ADD again", epoll_ctl(ep, EPOLL_CTL_ADD, r, &ev));
    say_ret("epoll_ctl MOD of an unadded fd",
            epoll_ctl(ep, EPOLL_CTL_MOD, w, &ev));
    say_ret("epoll_ctl on a closed fd", epoll_ctl(ep, EPOLL_CTL_ADD, 950, &ev));
    say_ret("epoll_ctl ADD the epoll fd itself",
            epoll_ctl(ep, EPOLL_CTL_ADD, ep, &ev));
    struct epoll_event out[4];
    say_ret("epoll_wait nothing ready", epoll_wait(ep, out, 4, 0));
    write(w, "hello", 5);
    int n = epoll_wait(ep, out, 4, 100);
    say_ret("epoll_wait after a write", n);
    say("  events EPOLLIN", n == 1 && out[0].events == EPOLLIN);
    printf("  data %#llx\n",
           n == 1 ? (unsigned long long)out[0].data.u64 : 0ull);
    ev.events = EPOLLIN | EPOLLET;
    ev.data.u64 = 0xfedcba9876543210ull;
    say_ret("epoll_ctl MOD to edge-triggered",
            epoll_ctl(ep, EPOLL_CTL_MOD, r, &ev));
    n = epoll_wait(ep, out, 4, 0);
    say_ret("edge-triggered: first wait", n);
    printf("  data %#llx\n",
           n == 1 ? (unsigned long long)out[0].data.u64 : 0ull);
    say_ret("edge-triggered: second wait", epoll_wait(ep, out, 4, 0));
    ev.events = EPOLLOUT;
    ev.data.fd = w;
    say_ret("epoll_ctl ADD write end", epoll_ctl(ep, EPOLL_CTL_ADD, w, &ev));
    write(w, "!", 1);
    n = epoll_wait(ep, out, 1, 0);
    say_ret("maxevents 1 with two ready", n);
    sigset_t none;
    sigemptyset(&none);
    n = epoll_pwait(ep, out, 4, 10, &none);
    say_ret("epoll_pwait", n);
    int fds_seen = 0;
    for (int i = 0; i < n; i++)
        fds_seen |= out[i].data.fd == w ? 1 : 2;
    say("  the write end is among them", fds_seen & 1);
    say_ret("epoll_ctl DEL with NULL event",
            epoll_ctl(ep, EPOLL_CTL_DEL, w, NULL));
    say_ret("epoll_wait maxevents 0", epoll_wait(ep, out, 0, 0));
    say_ret("epoll_wait on a pipe", epoll_wait(r, out, 1, 0));
    write(w, "?", 1); /* a new edge for the read end */
    say_ret("epoll_wait into a bad buffer",
            syscall(SYS_epoll_pwait, ep, (void *)8, 4, 0, NULL, 8));
    char buf[8];
    read(r, buf, sizeof(buf));
    close(ep);
}

int main(void)
{
    int p[2];
    if (pipe2(p, O_NONBLOCK) < 0)
        return 1;
    check_poll(p[0], p[1]);
    check_select(p[0], p[1]);
    check_epoll(p[0], p[1]);
    return 0;
}
