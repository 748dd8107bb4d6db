/* A guest hunting for host memory (arena_edges.c covers the arena's own
 * edges; this spreads wider): loads, stores and calls at addresses where
 * an emulator's host process typically keeps things (x86-64 PIE and
 * library bases, the host stack's region, 2^46..2^63), at addresses
 * derived from the stack pointer, in the guard zone past a 2^38 arena, and
 * just outside every mapping /proc/self/maps lists must all raise SIGSEGV
 * (si_addr = the address below 2^47), an 8-byte load straddling into an
 * unmapped page too; the same addresses given to system calls as buffers,
 * paths, iovecs, output structures and poll sets give EFAULT without
 * reading, writing or leaking a descriptor, and so does a path running off
 * the end of a mapping. With the argument "linux", also two calls where
 * qemu-riscv64 7.2 differs from Linux (only the native comparison passes
 * it). An address /proc/self/maps lists counts as passing
 * (the reference and vm-run place memory differently); only failures are
 * printed one by one, so the outputs agree whatever the layout. */
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "guest_util.h"

static const uintptr_t fixed[] = {
    0x555555554000ull, 0x555555560000ull, 0x7f0000000000ull,
    0x7ff000000000ull, 0x7fff00000000ull, 0x7ffff7fc0000ull,
    0x7ffffffde000ull, 0x600000000000ull, 0x100000000000ull,
    0x1000000000ull,   0x2000000000ull,   0x3ffffff000ull,
    0x40000ffff8ull,   0x4000100000ull,   0x8000000000ull,
    1ull << 46,        1ull << 47,        1ull << 48,
    1ull << 56,        1ull << 63,        0xffff800000000000ull,
};
#define NFIXED (sizeof(fixed) / sizeof(fixed[0]))
#define NSTACK 5
#define NPROBES (NFIXED + NSTACK)

static uintptr_t probes[NPROBES];
static sigjmp_buf env;
static volatile uintptr_t fault_addr;
static volatile int fault_sig;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    fault_sig = sig;
    fault_addr = (uintptr_t)si->si_addr;
    siglongjmp(env, 1);
}

/* Whether [a, a+len) touches a mapping /proc/self/maps lists. */
static int listed(uintptr_t a, uintptr_t len)
{
    int fd = open("/proc/self/maps", O_RDONLY);
    static char text[1 << 16];
    ssize_t n = fd < 0 ? 0 : read(fd, text, sizeof(text) - 1);
    if (fd >= 0)
        close(fd);
    text[n > 0 ? n : 0] = '\0';
    for (char *line = text; *line;) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && a < hi && a + len > lo)
            return 1;
        char *nl = strchr(line, '\n');
        line = nl ? nl + 1 : line + strlen(line);
    }
    return 0;
}

enum access { LOAD1, LOAD8, STORE1, CALL };
static const char *const access_name[] = {"load", "8-byte load", "store",
                                          "call"};

/* Whether the access faulted as Linux makes it: SIGSEGV, at the address
 * when it is below 2^47 (beyond, x86-64 reports 0 for a non-canonical
 * address) and for data accesses. */
static int faults(uintptr_t a, enum access kind)
{
    if (listed(a, 8))
        return 1;
    fault_sig = 0;
    if (sigsetjmp(env, 1) == 0) {
        if (kind == LOAD1)
            (void)*(volatile uint8_t *)a;
        else if (kind == LOAD8)
            (void)*(volatile uint64_t *)a;
        else if (kind == STORE1)
            *(volatile uint8_t *)a = 0x5a;
        else
            ((void (*volatile)(void))a)();
    }
    int ok = fault_sig == SIGSEGV &&
             (kind == CALL || a >= 1ull << 47 || fault_addr == a);
    if (!ok)
        printf("unexpected: %s at %#lx: signal %d, si_addr %#lx\n",
               access_name[kind], (unsigned long)a, fault_sig,
               (unsigned long)fault_addr);
    return ok;
}

static void direct_probes(void)
{
    int total = 0, good = 0;
    for (size_t i = 0; i < NPROBES; i++)
        for (int kind = LOAD1; kind <= CALL; kind++, total++)
            good += faults(probes[i], (enum access)kind);
    printf("loads, stores and calls at %d spread addresses: %d of %d "
           "raised SIGSEGV\n",
           (int)NPROBES, good, total);
}

/* The page below and the page above every listed mapping; not below
 * [stack], which Linux grows on such an access. */
static void around_mappings(void)
{
    static char text[1 << 16];
    int fd = open("/proc/self/maps", O_RDONLY);
    ssize_t n = fd < 0 ? 0 : read(fd, text, sizeof(text) - 1);
    if (fd >= 0)
        close(fd);
    text[n > 0 ? n : 0] = '\0';
    int all = n > 0, lines = 0;
    for (char *line = text; *line; lines++) {
        unsigned long lo, hi;
        if (sscanf(line, "%lx-%lx", &lo, &hi) == 2) {
            if (lo >= 4096 && !strstr(line, "[stack]"))
                all &= faults(lo - 8, LOAD8) & faults(lo - 1, STORE1);
            if (hi < 1ull << 47)
                all &= faults(hi, LOAD1) & faults(hi, STORE1);
        }
        char *nl = strchr(line, '\n');
        line = nl ? nl + 1 : line + strlen(line);
    }
    say("just outside every mapping: SIGSEGV", all && lines > 3);
}

static void straddling_load(void)
{
    uint8_t *p = mmap(NULL, 2 * 4096, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(p + 4096, 4096);
    fault_sig = 0;
    if (sigsetjmp(env, 1) == 0)
        (void)*(volatile uint64_t *)(p + 4096 - 4);
    say("8-byte load straddling into an unmapped page: SIGSEGV",
        fault_sig == SIGSEGV);
    /* A path whose bytes run off the mapping without a NUL. */
    memcpy(p + 4096 - 3, "abc", 3);
    say_ret("stat of a path running off its mapping",
            syscall(SYS_newfstatat, AT_FDCWD, p + 4096 - 3, p, 0));
    p[4095] = '\0';
    memcpy(p + 4096 - 4, "abc", 3);
    say_ret("stat of one that ends in time",
            syscall(SYS_newfstatat, AT_FDCWD, p + 4096 - 4, p, 0));
    munmap(p, 4096);
}

/* Every call gets the address in one pointer argument. */
static int rpipe[2], wpipe[2], dgram[2];

static long call_with(int which, void *a)
{
    struct iovec iov = {a, 8};
    struct msghdr mh = {.msg_iov = a, .msg_iovlen = 1};
    struct msghdr mh_buf = {.msg_iov = &iov, .msg_iovlen = 1};
    switch (which) {
    case 0: return write(wpipe[1], a, 8);
    case 1: return read(rpipe[0], a, 8);
    case 2: return writev(wpipe[1], a, 1);
    case 3: return writev(wpipe[1], &iov, 1);
    case 4: return readv(rpipe[0], a, 1);
    case 5: return readv(rpipe[0], &iov, 1);
    case 6: return syscall(SYS_newfstatat, AT_FDCWD, a, NULL, 0);
    case 7: return syscall(SYS_newfstatat, AT_FDCWD, ".", a, 0);
    case 8: return syscall(SYS_fstat, 1, a);
    case 9: return syscall(SYS_openat, AT_FDCWD, a, O_RDONLY);
    case 10: return syscall(SYS_mkdirat, AT_FDCWD, a, 0755);
    case 11: return syscall(SYS_unlinkat, AT_FDCWD, a, 0);
    case 12: return syscall(SYS_chdir, a);
    case 13: return syscall(SYS_clock_gettime, CLOCK_MONOTONIC, a);
    case 14: return syscall(SYS_getcwd, a, 64);
    case 15: return syscall(SYS_uname, a);
    case 16: return syscall(SYS_rt_sigaction, SIGUSR1, a, NULL, 8);
    case 17: return syscall(SYS_rt_sigprocmask, SIG_BLOCK, a, NULL, 8);
    case 18: return syscall(SYS_rt_sigtimedwait, a, NULL, NULL, 8);
    case 19: return syscall(SYS_getrandom, a, 8, 0);
    case 20: return poll(a, 1, 0);
    case 21: return sendmsg(dgram[0], a, 0);
    case 22: return sendmsg(dgram[0], &mh, 0);
    case 23: return sendmsg(dgram[0], &mh_buf, 0);
    /* qemu-riscv64 7.2 gives EINVAL for the first and leaks the pipe
     * that the second creates: checked against Linux only. */
    case 24: return syscall(SYS_nanosleep, a, NULL);
    case 25: return syscall(SYS_pipe2, a, 0);
    default: return 0;
    }
}
#define NCALLS_QEMU 24
#define NCALLS_LINUX 26

static long pipe_bytes(int fd)
{
    int n = -1;
    ioctl(fd, FIONREAD, &n);
    return n;
}

static void through_system_calls(int ncalls)
{
    if (pipe(rpipe) || pipe(wpipe) ||
        socketpair(AF_UNIX, SOCK_DGRAM, 0, dgram) ||
        write(rpipe[1], "12345678", 8) != 8)
        return;
    int next_fd = dup(0);
    close(next_fd);
    int total = 0, good = 0;
    for (size_t i = 0; i < NPROBES; i++) {
        if (listed(probes[i], 64)) {
            total += ncalls;
            good += ncalls;
            continue;
        }
        for (int c = 0; c < ncalls; c++, total++) {
            errno = 0;
            long r = call_with(c, (void *)probes[i]);
            if (r == -1 && errno == EFAULT)
                good++;
            else
                printf("unexpected: call %d with %#lx: %ld %s\n", c,
                       (unsigned long)probes[i], r,
                       strerrorname_np(errno) ? strerrorname_np(errno) : "");
        }
    }
    printf("%d system calls given those addresses as buffers, paths, "
           "iovecs, msghdrs, outputs: %d of %d EFAULT\n",
           ncalls, good, total);
    say("  nothing written to the pipe", pipe_bytes(wpipe[0]) == 0);
    say("  nothing read from the pipe", pipe_bytes(rpipe[0]) == 8);
    char drain[8];
    say("  no datagram sent",
        recv(dgram[1], drain, sizeof(drain), MSG_DONTWAIT) == -1 &&
            errno == EAGAIN);
    int fd = dup(0);
    say("  no descriptor leaked", fd == next_fd);
    close(fd);
}

int main(int argc, char **argv)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);

    uintptr_t sp = (uintptr_t)__builtin_frame_address(0) & ~(uintptr_t)7;
    memcpy(probes, fixed, sizeof(fixed));
    const uintptr_t up[] = {1ull << 24, 1ull << 32, 1ull << 40};
    const uintptr_t down[] = {1ull << 30, 1ull << 36};
    for (int i = 0; i < 3; i++)
        probes[NFIXED + i] = sp + up[i];
    for (int i = 0; i < 2; i++)
        probes[NFIXED + 3 + i] = sp - down[i];

    direct_probes();
    around_mappings();
    straddling_load();
    int linux_only = argc > 1 && strcmp(argv[1], "linux") == 0;
    through_system_calls(linux_only ? NCALLS_LINUX : NCALLS_QEMU);
    return 0;
}
