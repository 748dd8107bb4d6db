/* Address-space calls: anonymous and file-backed mmap, mprotect making a
 * page read-only (a write then faults with SIGSEGV at the exact address,
 * caught and recovered with siglongjmp), munmap (access faults), mremap
 * growth keeping contents, madvise(DONTNEED) zeroing private pages, brk
 * through sbrk and the raw syscall, and argument errors. Fault addresses
 * are printed as offsets from the mapping, never as raw addresses. */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "guest_util.h"

static sigjmp_buf recover;
static volatile uintptr_t fault_addr;
static volatile int fault_code;

static void on_segv(int sig, siginfo_t *info, void *ctx)
{
    (void)sig;
    (void)ctx;
    fault_addr = (uintptr_t)info->si_addr;
    fault_code = info->si_code;
    siglongjmp(recover, 1);
}

/* Writes one byte at p; reports whether it faulted and where. */
static void try_write(const char *what, volatile char *p, uintptr_t base)
{
    fault_addr = 0;
    if (sigsetjmp(recover, 1) == 0) {
        *p = 'w';
        printf("%s: no fault\n", what);
    } else {
        printf("%s: SIGSEGV at base+%ld code=%s\n", what, (long)(fault_addr - base),
               fault_code == SEGV_ACCERR ? "SEGV_ACCERR" : fault_code == SEGV_MAPERR ? "SEGV_MAPERR" : "other");
    }
}

static int try_read(volatile char *p)
{
    if (sigsetjmp(recover, 1) == 0) {
        (void)*p;
        return 0;
    }
    return 1;
}

static void anonymous(long page)
{
    char *m = mmap(NULL, 3 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    say("mmap anon 3 pages", m != MAP_FAILED);
    say("page aligned", ((uintptr_t)m & (page - 1)) == 0);
    say("fresh memory is zero", m[0] == 0 && m[3 * page - 1] == 0);
    memset(m, 'a', 3 * page);
    say_ret("mprotect middle page read-only", mprotect(m + page, page, PROT_READ));
    say("read-only page still readable", m[page + 5] == 'a');
    try_write("write to read-only page", m + page + 123, (uintptr_t)m);
    try_write("write to writable page", m + 2 * page, (uintptr_t)m);
    say_ret("mprotect unaligned", mprotect(m + 1, page, PROT_READ));
    say_ret("mprotect back to rw", mprotect(m + page, page, PROT_READ | PROT_WRITE));
    try_write("write after restoring", m + page + 123, (uintptr_t)m);

    say_ret("madvise DONTNEED last page", madvise(m + 2 * page, page, MADV_DONTNEED));
    say("DONTNEED page reads as zero", m[2 * page] == 0 && m[3 * page - 1] == 0);
    say("other pages untouched", m[0] == 'a');
    say_ret("madvise WILLNEED", madvise(m, page, MADV_WILLNEED));

    char *grown = mremap(m, 3 * page, 8 * page, MREMAP_MAYMOVE);
    say("mremap grow", grown != MAP_FAILED);
    say("contents kept", grown[0] == 'a' && grown[page + 123] == 'w');
    say("new tail zero", grown[7 * page] == 0);
    grown[8 * page - 1] = 'z';
    char *shrunk = mremap(grown, 8 * page, 2 * page, 0);
    say("mremap shrink in place", shrunk == grown);
    say_ret("munmap", munmap(shrunk, 2 * page));
    say("read of unmapped page faults", try_read(shrunk));
    say_ret("munmap unaligned", munmap(shrunk + 1, page));
    say_ret("munmap length 0", munmap(shrunk, 0));

    char *none = mmap(NULL, page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    say("PROT_NONE read faults", try_read(none));
    try_write("PROT_NONE write", none + 8, (uintptr_t)none);
    munmap(none, page);

    void *bad = mmap(NULL, page, PROT_READ, MAP_ANONYMOUS, -1, 0);
    say("mmap without SHARED/PRIVATE fails with EINVAL", bad == MAP_FAILED && errno == EINVAL);
    bad = mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    say("mmap length 0 fails with EINVAL", bad == MAP_FAILED && errno == EINVAL);
    bad = mmap(NULL, page, PROT_READ, MAP_PRIVATE, 999, 0);
    say("mmap bad fd fails with EBADF", bad == MAP_FAILED && errno == EBADF);

    char *fixed_hint = mmap(NULL, 4 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(fixed_hint + page, page);
    char *fixed = mmap(fixed_hint + page, page, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    say("MAP_FIXED lands on the hint", fixed == fixed_hint + page);
    fixed[0] = 1;
    munmap(fixed_hint, 4 * page);
}

static void file_backed(long page)
{
    int fd = open("mapped.bin", O_CREAT | O_RDWR | O_TRUNC, 0600);
    char block[100];
    for (int i = 0; i < 100; i++)
        block[i] = (char)('A' + i % 26);
    for (int i = 0; i < 50; i++)
        write(fd, block, sizeof block);
    char *shared = mmap(NULL, 5000, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    say("mmap file MAP_SHARED", shared != MAP_FAILED);
    printf("mapped bytes 0..5: %.5s, byte 4999: %c\n", shared, shared[4999]);
    memcpy(shared + 10, "SHARED", 6);
    say_ret("msync", msync(shared, page, MS_SYNC));
    char back[7] = "";
    pread(fd, back, 6, 10);
    printf("read() sees shared write: %s\n", back);
    pwrite(fd, "pwrite", 6, 20);
    printf("mapping sees pwrite: %.6s\n", shared + 20);
    char *priv = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, page);
    say("mmap file MAP_PRIVATE at page offset", priv != MAP_FAILED);
    printf("private mapping starts with file byte %ld: %c\n", page, priv[0]);
    priv[0] = '!';
    pread(fd, back, 1, page);
    printf("private write invisible to file: %s\n", back[0] != '!' ? "yes" : "no");
    munmap(shared, 5000);
    munmap(priv, page);
    close(fd);
    unlink("mapped.bin");
}

static void program_break(void)
{
    char *start = sbrk(0);
    long raw = syscall(SYS_brk, 0);
    say("raw brk(0) equals sbrk(0)", (char *)raw == start);
    char *old = sbrk(65536);
    say("sbrk grows and returns old break", old == start && sbrk(0) == start + 65536);
    memset(old, 0x5a, 65536);
    say("new break memory usable", old[65535] == 0x5a);
    sbrk(-65536);
    say("sbrk shrinks back", sbrk(0) == start);
    long shrink_too_far = syscall(SYS_brk, 1);
    say("brk below start is refused (returns current)", (char *)shrink_too_far == start);
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSEGV, &sa, NULL);
    long page = sysconf(_SC_PAGESIZE);
    printf("page size %ld\n", page);
    anonymous(page);
    file_backed(page);
    program_break();
    return 0;
}
