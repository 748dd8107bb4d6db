/* Probing for memory outside the guest: loads and stores at the top of
 * the Sv39 user space and past it (0x3fffffffff, 0x4000000000), at 2^47-1
 * and at a high canonical address each raise SIGSEGV with si_addr = the
 * address (recovered with siglongjmp); the same addresses given to system
 * calls (write's buffer, read's buffer, a path, an iovec and a nested
 * iovec buffer) fail with EFAULT instead of touching anything. A load
 * from a file mapping's page wholly past the end of its file is SIGBUS
 * (BUS_ADRERR) at that address.
 *
 * qemu-riscv64 is not limited to Sv39 and loads the dynamic linker at
 * 0x4000000000, so an address that /proc/self/maps lists counts as
 * passing every check: the lines stay the same under both. */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <stdlib.h>
#include <unistd.h>

#include "guest_util.h"

static const uintptr_t probes[] = {
    0x3fffffffffull, 0x4000000000ull, (1ull << 47) - 1, 0xffffffff80000000ull,
    0xfffffffffffff000ull,
};

static sigjmp_buf env;
static volatile uintptr_t fault_addr;
static volatile int fault_sig, fault_code;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    fault_sig = sig;
    fault_code = si->si_code;
    fault_addr = (uintptr_t)si->si_addr;
    siglongjmp(env, 1);
}

/* Whether a lies in a mapping /proc/self/maps lists. */
static int listed(uintptr_t a)
{
    FILE *f = fopen("/proc/self/maps", "r");
    unsigned long lo, hi;
    int found = 0;
    char line[512];
    while (f && fgets(line, sizeof(line), f))
        if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && a >= lo && a < hi)
            found = 1;
    if (f)
        fclose(f);
    return found;
}

static void probe(uintptr_t a, int store)
{
    int mapped = listed(a);
    fault_sig = 0;
    if (!mapped && sigsetjmp(env, 1) == 0) {
        if (store)
            *(volatile uint8_t *)a = 1;
        else
            (void)*(volatile uint8_t *)a;
    }
    printf("%s %#lx: SIGSEGV with si_addr = the address: %s\n",
           store ? "store" : "load", (unsigned long)a,
           mapped || (fault_sig == SIGSEGV && fault_addr == a) ? "yes" : "no");
}

static void efault(const char *what, uintptr_t a, long r)
{
    say(what, listed(a) || (r == -1 && errno == EFAULT));
}

static void past_end_of_file(void)
{
    char name[] = "arena_edges.XXXXXX";
    int fd = mkstemp(name);
    if (fd < 0 || write(fd, "short file", 10) != 10)
        return;
    unlink(name);
    uint8_t *p = mmap(NULL, 2 * 4096, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    if (p == MAP_FAILED)
        return;
    fault_sig = 0;
    volatile uint8_t first = p[3];
    if (sigsetjmp(env, 1) == 0)
        (void)*(volatile uint8_t *)(p + 4096 + 5);
    say("file page readable", first == 'r');
    say("past the end of the file: SIGBUS, BUS_ADRERR, at the address",
        fault_sig == SIGBUS && fault_code == BUS_ADRERR &&
            fault_addr == (uintptr_t)(p + 4096 + 5));
    munmap(p, 2 * 4096);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_fault;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
        probe(probes[i], 0);
        probe(probes[i], 1);
    }
    past_end_of_file();
    int fds[2];
    if (pipe(fds))
        return 2;
    for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
        uintptr_t a = probes[i];
        void *p = (void *)a;
        printf("%#lx, EFAULT:\n", (unsigned long)a);
        efault("  write from it", a, write(fds[1], p, 8));
        if (write(fds[1], "12345678", 8) != 8)
            return 3;
        efault("  read into it", a, read(fds[0], p, 8));
        efault("  open it as a path", a, open((const char *)p, O_RDONLY));
        efault("  writev with the iovec there", a, writev(fds[1], p, 1));
        struct iovec iov = {p, 4};
        efault("  writev of a buffer there", a, writev(fds[1], &iov, 1));
        char drain[64];
        long n = read(fds[0], drain, sizeof(drain));
        say("  nothing was written", listed(a) || n == 8);
    }
    return 0;
}
