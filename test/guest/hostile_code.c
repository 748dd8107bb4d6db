/* A guest attacking the translator through its own code pages (issue 2.9,
 * the hostile-guest suite):
 *  - one thread, no race: a call that faulted on a page without PROT_EXEC
 *    runs once mprotect adds it, and faults once it is taken away again;
 *  - one thread calls a function in a page another thread keeps rewriting,
 *    unmapping, remapping and write/exec-toggling: every call must return
 *    one of the two versions or raise SIGSEGV (never a stale mix, a host
 *    crash or a hang), and each version must be seen after its rewrite;
 *  - rt_sigreturn on crafted frames (all bytes 0x41, all 0xff, an unmapped
 *    stack), in forked children: Linux kills the child with SIGSEGV (its
 *    garbage pc or its unreadable frame), and so must the emulator, which
 *    survives to report it.
 * The output is a fixed list of facts, the same under Linux and QEMU. */
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest_util.h"

static int rounds = 400; /* argv[1]: fewer where every block is compiled by LLVM */

/* "return N" as machine code of the architecture this is built for. */
static size_t return_n(uint8_t *p, int n)
{
#if defined(__riscv)
    uint32_t insn[2] = {0x00000513u | (uint32_t)n << 20, /* li a0, n */
                        0x00008067u};                   /* ret */
#elif defined(__aarch64__)
    uint32_t insn[2] = {0x52800000u | (uint32_t)n << 5, /* mov w0, #n */
                        0xd65f03c0u};                   /* ret */
#elif defined(__x86_64__)
    uint8_t insn[6] = {0xb8, (uint8_t)n, 0, 0, 0, 0xc3}; /* mov eax, n; ret */
#else
#error "return_n: unknown architecture"
#endif
    memcpy(p, insn, sizeof(insn));
    return sizeof(insn);
}

static uint8_t *page;
static long page_size;
static atomic_int stop;
static atomic_int phase; /* the version last written: 1 or 2 */
static __thread sigjmp_buf caller_jump;
static __thread volatile int in_call;

static void on_segv(int sig)
{
    (void)sig;
    if (in_call)
        siglongjmp(caller_jump, 1);
    _exit(99);
}

/* Writes version v (returns 41 + v) into the page, made writable first. */
static void write_version(int v)
{
    mprotect(page, (size_t)page_size, PROT_READ | PROT_WRITE);
    size_t n = return_n(page, 41 + v);
    __builtin___clear_cache((char *)page, (char *)page + n);
    mprotect(page, (size_t)page_size, PROT_READ | PROT_EXEC);
    atomic_store(&phase, v);
}

static void *attacker(void *arg)
{
    (void)arg;
    for (int i = 0; i < rounds; i++) {
        write_version(1 + (i & 1));
        if (i % 7 == 3) { /* gone, then back at the same address */
            munmap(page, (size_t)page_size);
            void *again = mmap(page, (size_t)page_size,
                               PROT_READ | PROT_WRITE,
                               MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
            if (again != page)
                _exit(98);
        }
        for (volatile int spin = 0; spin < 2000; spin++)
            ;
    }
    write_version(1);
    atomic_store(&stop, 1);
    return NULL;
}

/* Calls fn; its result, or -1 when the call raised SIGSEGV. */
static int call_guarded(int (*fn)(void))
{
    int r = -1;
    in_call = 1;
    if (sigsetjmp(caller_jump, 1) == 0)
        r = fn();
    in_call = 0;
    return r;
}

/* One thread, no race: a call into a page that is not executable faults,
 * and once mprotect makes it executable the same call runs (a translator
 * that remembered the fault would fault again); taking PROT_EXEC away
 * again makes the next call fault (a remembered translation would run). */
static void exec_after_fault(void)
{
    page_size = sysconf(_SC_PAGESIZE);
    page = mmap(NULL, (size_t)page_size, PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return_n(page, 44);
    struct sigaction sa = {.sa_handler = on_segv, .sa_flags = SA_NODEFER};
    sigaction(SIGSEGV, &sa, NULL);
    int (*fn)(void) = (int (*)(void))(uintptr_t)page;
    int before = call_guarded(fn);
    /* No cache flush: the bytes did not change, and Linux makes a page
     * coherent for fetch when it maps it executable. */
    mprotect(page, (size_t)page_size, PROT_READ | PROT_EXEC);
    int after = call_guarded(fn);
    mprotect(page, (size_t)page_size, PROT_READ);
    int revoked = call_guarded(fn);
    say("fetch from a page without PROT_EXEC: SIGSEGV", before == -1);
    say("the same page after mprotect(PROT_EXEC): runs", after == 44);
    say("after PROT_EXEC is taken away: SIGSEGV", revoked == -1);
    signal(SIGSEGV, SIG_DFL);
    munmap(page, (size_t)page_size);
}

static void code_race(void)
{
    page_size = sysconf(_SC_PAGESIZE);
    page = mmap(NULL, (size_t)page_size, PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    write_version(1);
    struct sigaction sa = {.sa_handler = on_segv, .sa_flags = SA_NODEFER};
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    pthread_t t;
    pthread_create(&t, NULL, attacker, NULL);
    long seen[3] = {0}, other = 0;
    int (*fn)(void) = (int (*)(void))(uintptr_t)page;
    while (!atomic_load(&stop)) {
        in_call = 1;
        if (sigsetjmp(caller_jump, 1) == 0) {
            int r = fn();
            in_call = 0;
            if (r == 42 || r == 43)
                seen[r - 42]++;
            else
                other++;
        } else {
            in_call = 0;
            seen[2]++;
        }
    }
    pthread_join(t, NULL);
    /* After the join the page holds version 1 for good: a translation of
     * version 2 still in use would show here. */
    int last = fn();
    say("code race: every call returned a written version or faulted",
        other == 0);
    say("code race: the final version runs after the rewrites", last == 42);
    say("code race: the caller ran", seen[0] + seen[1] + seen[2] > 0);
    signal(SIGSEGV, SIG_DFL);
    signal(SIGBUS, SIG_DFL);
}

/* A child that calls rt_sigreturn with its stack pointer at frame. */
static void sigreturn_child(const char *what, uint8_t *frame)
{
    pid_t pid = fork();
    if (pid == 0) {
#if defined(__riscv)
        register long a7 __asm__("a7") = SYS_rt_sigreturn;
        __asm__ volatile("mv sp, %1\n\tecall" : : "r"(a7), "r"(frame) : "memory");
#elif defined(__aarch64__)
        register long x8 __asm__("x8") = SYS_rt_sigreturn;
        __asm__ volatile("mov sp, %1\n\tsvc #0" : : "r"(x8), "r"(frame) : "memory");
#elif defined(__x86_64__)
        __asm__ volatile("mov %1, %%rsp\n\tsyscall"
                         : : "a"((long)SYS_rt_sigreturn), "r"(frame)
                         : "memory", "rcx", "r11");
#endif
        _exit(0); /* not reached: the frame was taken */
    }
    int status = 0;
    waitpid(pid, &status, 0);
    char label[96];
    snprintf(label, sizeof(label), "sigreturn on %s: killed by SIGSEGV", what);
    say(label, WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
}

static void crafted_sigreturns(void)
{
    size_t size = 64 * 1024;
    uint8_t *buf = mmap(NULL, size, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    /* The frame sits at the middle: the kernel reads above sp. */
    memset(buf, 0x41, size);
    sigreturn_child("a frame of 0x41 bytes", buf + size / 2);
    memset(buf, 0xff, size);
    sigreturn_child("a frame of 0xff bytes", buf + size / 2);
    uint8_t *gone = mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
                         -1, 0);
    munmap(gone, size);
    sigreturn_child("an unmapped stack", gone + size / 2);
    munmap(buf, size);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        rounds = atoi(argv[1]);
    exec_after_fault();
    code_race();
    crafted_sigreturns();
    puts("hostile_code: survived");
    return 0;
}
