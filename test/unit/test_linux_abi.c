/*
 * test_linux_abi.c — the Linux system-call layer through its real entry
 * point: registers in a riscv64 CPU, linux_syscall, the result in a0, on a
 * real mmu arena. Covers ABI conversions, EFAULT on bad guest pointers,
 * brk, mmap placement, shared and private file mappings, signal frames and
 * sigreturn, queued real-time signals, SIGPIPE, fatal signals, vm-run's
 * hidden descriptors, the synthesized /proc files, riscv_hwprobe, the
 * riscv64 epoll_event layout, prctl and rseq.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "linux/linux_init.h"
#include "linux/linux_internal.h"
#include "mmu_fault.h"
#include "process.h"
#include "riscv64.h"

/* Guest layout of the fixture. */
#define ARENA (1ull << 32)
#define RW 0x10000000ull    /* 64 KiB read-write scratch */
#define RW_SIZE 0x10000ull
#define RO 0x20000000ull    /* one read-only page */
#define UNMAPPED 0x30000000ull
#define STACK_TOP 0x40000000ull /* 64 KiB stack below */
#define HEAP 0x50000800ull  /* brk start, inside a mapped bss page */

/* asm-generic syscall numbers used below. */
enum {
    NR_GETCWD = 17, NR_IOCTL = 29, NR_OPENAT = 56, NR_CLOSE = 57,
    NR_PIPE2 = 59, NR_READ = 63, NR_WRITE = 64, NR_READLINKAT = 78,
    NR_NEWFSTATAT = 79, NR_FSTAT = 80, NR_EXIT_GROUP = 94, NR_FUTEX = 98,
    NR_CLOCK_GETTIME = 113, NR_KILL = 129, NR_SIGALTSTACK = 132,
    NR_RT_SIGACTION = 134, NR_RT_SIGPROCMASK = 135, NR_RT_SIGRETURN = 139,
    NR_UNAME = 160, NR_GETPID = 172, NR_BRK = 214, NR_MUNMAP = 215,
    NR_MREMAP = 216, NR_MMAP = 222, NR_MPROTECT = 226, NR_MADVISE = 233,
    NR_RISCV_FLUSH_ICACHE = 259, NR_RENAMEAT = 38, NR_SYMLINKAT = 36,
    NR_FTRUNCATE = 46, NR_FCHMODAT = 53, NR_WRITEV = 66,
    NR_RT_SIGTIMEDWAIT = 137, NR_RT_SIGQUEUEINFO = 138, NR_GETRESUID = 148,
    NR_GETPGID = 155, NR_MSYNC = 227, NR_RT_TGSIGQUEUEINFO = 240,
    NR_PTRACE = 117, NR_PROCESS_VM_READV = 270, NR_PROCESS_VM_WRITEV = 271,
    NR_CLONE = 220, NR_CLONE3 = 435, NR_TKILL = 130,
};

static struct rv_cpu cpu;
static struct rt_process proc;
static struct rt_thread thread;

static void setup(void)
{
    memset(&cpu, 0, sizeof(cpu));
    memset(&proc, 0, sizeof(proc));
    memset(&thread, 0, sizeof(thread));
    /* As rt_run: host faults on the arena are caught, SIGPIPE ignored. */
    cr_assert_eq(mmu_fault_init(), 0);
    cr_assert_eq(linux_host_init(), 0);
    proc.guest = &rt_guest_riscv64;
    proc.mmu = mmu_create(ARENA);
    cr_assert_not_null(proc.mmu);
    proc.exe_path = "/opt/guest/prog";
    cr_assert_eq(mmu_map_fixed(proc.mmu, RW, RW_SIZE, MMU_READ | MMU_WRITE,
                               ""), 0);
    cr_assert_eq(mmu_map_fixed(proc.mmu, RO, MMU_PAGE_SIZE, MMU_READ, ""), 0);
    cr_assert_eq(mmu_map_fixed(proc.mmu, STACK_TOP - 0x10000, 0x10000,
                               MMU_READ | MMU_WRITE, "[stack]"), 0);
    cr_assert_eq(mmu_map_fixed(proc.mmu, HEAP & ~MMU_PAGE_MASK, MMU_PAGE_SIZE,
                               MMU_READ | MMU_WRITE, ""), 0);
    proc.brk_start = proc.brk_cur = HEAP;
    thread.proc = &proc;
    thread.cpu = &cpu.ctx;
    thread.tid = getpid();
    rt_process_init(&proc);
    rt_thread_attach(&proc, &thread);
    rt_set_current_thread(&thread);
    cpu.x[2] = STACK_TOP - 256;
    cpu.ctx.resv_addr = IR_NO_RESERVATION;
}

static void teardown(void)
{
    rt_set_current_thread(NULL);
    mmu_destroy(proc.mmu);
}

TestSuite(linux_abi, .init = setup, .fini = teardown);

/* Runs system call nr with up to six arguments; returns a0. */
static int64_t call(uint64_t nr, const uint64_t args[6])
{
    cpu.x[17] = nr;
    memcpy(&cpu.x[10], args, 6 * sizeof(uint64_t));
    linux_syscall(&thread);
    return (int64_t)cpu.x[10];
}

#define ARGS(...) ((const uint64_t[6]){__VA_ARGS__})

static void put_string(uint64_t addr, const char *s)
{
    cr_assert_eq(mmu_write(proc.mmu, addr, s, strlen(s) + 1), 0);
}

Test(linux_abi, unknown_and_non_riscv_syscalls_are_enosys)
{
    cr_expect_eq(call(1000, ARGS(0)), -ENOSYS);
    /* renameat exists on x86-64 but not in riscv64's table. */
    cr_expect_eq(call(NR_RENAMEAT, ARGS(0)), -ENOSYS);
    cr_expect_str_eq(linux_syscall_name(&rt_guest_riscv64, NR_MMAP), "mmap");
    cr_expect_null(linux_syscall_name(&rt_guest_riscv64, NR_RENAMEAT));
}

Test(linux_abi, uname_reports_riscv64)
{
    cr_assert_eq(call(NR_UNAME, ARGS(RW)), 0);
    struct lx_utsname u;
    cr_assert_eq(mmu_read(proc.mmu, RW, &u, sizeof(u)), 0);
    cr_expect_str_eq(u.machine, "riscv64");
    cr_expect_str_eq(u.sysname, "Linux");
    cr_expect_eq(call(NR_UNAME, ARGS(RO)), -EFAULT);
}

Test(linux_abi, stat_conversion_field_by_field)
{
    struct stat in;
    memset(&in, 0, sizeof(in));
    in.st_dev = 0x0102030405060708ull;
    in.st_ino = 77;
    in.st_mode = S_IFREG | 0640;
    in.st_nlink = 3;
    in.st_uid = 1001;
    in.st_gid = 1002;
    in.st_rdev = 0x1234;
    in.st_size = 1ll << 40;
    in.st_blksize = 4096;
    in.st_blocks = 99;
    in.st_atim = (struct timespec){11, 12};
    in.st_mtim = (struct timespec){21, 22};
    in.st_ctim = (struct timespec){31, 32};
    struct lx_stat out;
    memset(&out, 0xff, sizeof(out));
    lx_stat_from_host(&out, &in);
    cr_expect_eq(out.st_dev, 0x0102030405060708ull);
    cr_expect_eq(out.st_ino, 77);
    cr_expect_eq(out.st_mode, S_IFREG | 0640);
    cr_expect_eq(out.st_nlink, 3);
    cr_expect_eq(out.st_uid, 1001);
    cr_expect_eq(out.st_gid, 1002);
    cr_expect_eq(out.st_rdev, 0x1234);
    cr_expect_eq(out.pad1, 0);
    cr_expect_eq(out.st_size, 1ll << 40);
    cr_expect_eq(out.st_blksize, 4096);
    cr_expect_eq(out.pad2, 0);
    cr_expect_eq(out.st_blocks, 99);
    cr_expect_eq(out.st_atime_sec, 11);
    cr_expect_eq(out.st_atime_nsec, 12);
    cr_expect_eq(out.st_mtime_sec, 21);
    cr_expect_eq(out.st_mtime_nsec, 22);
    cr_expect_eq(out.st_ctime_sec, 31);
    cr_expect_eq(out.st_ctime_nsec, 32);
    cr_expect_eq(out.unused4, 0);
    cr_expect_eq(out.unused5, 0);
}

Test(linux_abi, fstat_writes_the_riscv64_layout)
{
    char path[] = "/tmp/vm_linux_abi_XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(write(fd, "0123456789", 10), 10);
    struct stat host;
    cr_assert_eq(fstat(fd, &host), 0);
    cr_assert_eq(call(NR_FSTAT, ARGS((uint64_t)fd, RW)), 0);
    struct lx_stat st;
    cr_assert_eq(mmu_read(proc.mmu, RW, &st, sizeof(st)), 0);
    cr_expect_eq(st.st_size, 10);
    cr_expect_eq(st.st_mode, host.st_mode);
    cr_expect_eq(st.st_ino, host.st_ino);
    cr_expect_eq(st.st_nlink, 1);
    cr_expect_eq(st.st_mtime_nsec, (uint64_t)host.st_mtim.tv_nsec);
    put_string(RW + 512, path);
    cr_assert_eq(call(NR_NEWFSTATAT,
                      ARGS((uint64_t)LX_AT_FDCWD, RW + 512, RW + 1024, 0)),
                 0);
    struct lx_stat by_name;
    cr_assert_eq(mmu_read(proc.mmu, RW + 1024, &by_name, sizeof(by_name)), 0);
    cr_expect_eq(by_name.st_ino, host.st_ino);
    cr_expect_eq(call(NR_FSTAT, ARGS((uint64_t)fd, RO)), -EFAULT);
    close(fd);
    unlink(path);
}

Test(linux_abi, bad_pointers_are_efault)
{
    cr_expect_eq(call(NR_READ, ARGS(0, UNMAPPED, 16)), -EFAULT);
    cr_expect_eq(call(NR_READ, ARGS(0, RO, 16)), -EFAULT);
    /* A buffer that runs off the end of its mapping. */
    cr_expect_eq(call(NR_WRITE, ARGS(1, RW + RW_SIZE - 8, 16)), -EFAULT);
    cr_expect_eq(call(NR_OPENAT,
                      ARGS((uint64_t)LX_AT_FDCWD, UNMAPPED, O_RDONLY)),
                 -EFAULT);
    cr_expect_eq(call(NR_CLOCK_GETTIME, ARGS(CLOCK_MONOTONIC, RO)), -EFAULT);
    cr_expect_eq(call(NR_RT_SIGACTION, ARGS(SIGUSR1, UNMAPPED, 0, 8)),
                 -EFAULT);
    cr_expect_eq(call(NR_GETCWD, ARGS(UNMAPPED, 4096)), -EFAULT);
    /* Linux checks the descriptor before the buffer. */
    cr_expect_eq(call(NR_READ, ARGS(9999, UNMAPPED, 16)), -EBADF);
    cr_expect_eq(call(NR_WRITE, ARGS((uint64_t)-1, 0, 16)), -EBADF);
}

Test(linux_abi, path_strings_are_checked)
{
    /* No NUL before the mapping ends: EFAULT. */
    uint8_t fill[64];
    memset(fill, 'a', sizeof(fill));
    cr_assert_eq(mmu_write(proc.mmu, RW + RW_SIZE - 64, fill, 64), 0);
    cr_expect_eq(call(NR_OPENAT, ARGS((uint64_t)LX_AT_FDCWD,
                                      RW + RW_SIZE - 64, O_RDONLY)),
                 -EFAULT);
    /* PATH_MAX readable bytes without a NUL: ENAMETOOLONG. */
    for (uint64_t off = 0; off < 8192; off += sizeof(fill))
        cr_assert_eq(mmu_write(proc.mmu, RW + off, fill, sizeof(fill)), 0);
    cr_expect_eq(call(NR_OPENAT,
                      ARGS((uint64_t)LX_AT_FDCWD, RW, O_RDONLY)),
                 -ENAMETOOLONG);
}

Test(linux_abi, pipe2_with_bad_pointer_leaks_no_descriptor)
{
    int probe = dup(0);
    close(probe);
    cr_expect_eq(call(NR_PIPE2, ARGS(RO, 0)), -EFAULT);
    int next = dup(0);
    cr_expect_eq(next, probe);
    close(next);
    cr_assert_eq(call(NR_PIPE2, ARGS(RW, 0)), 0);
    int fds[2];
    cr_assert_eq(mmu_read(proc.mmu, RW, fds, sizeof(fds)), 0);
    cr_expect_eq(write(fds[1], "x", 1), 1);
    close(fds[0]);
    close(fds[1]);
}

Test(linux_abi, readlink_proc_self_exe_names_the_guest)
{
    put_string(RW, "/proc/self/exe");
    int64_t n = call(NR_READLINKAT,
                     ARGS((uint64_t)LX_AT_FDCWD, RW, RW + 256, 200));
    cr_assert_eq(n, (int64_t)strlen(proc.exe_path));
    char buf[64] = {0};
    cr_assert_eq(mmu_read(proc.mmu, RW + 256, buf, (uint64_t)n), 0);
    cr_expect_str_eq(buf, proc.exe_path);
    /* Truncated like readlink: no NUL, length = buffer size. */
    cr_expect_eq(call(NR_READLINKAT,
                      ARGS((uint64_t)LX_AT_FDCWD, RW, RW + 256, 4)),
                 4);
    cr_expect_eq(call(NR_READLINKAT,
                      ARGS((uint64_t)LX_AT_FDCWD, RW, RW + 256, 0)),
                 -EINVAL);
}

Test(linux_abi, ioctl_filters_requests)
{
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    cr_expect_eq(call(NR_IOCTL, ARGS((uint64_t)fds[0], LX_TCGETS, RW)),
                 -ENOTTY);
    cr_assert_eq(write(fds[1], "abc", 3), 3);
    cr_expect_eq(call(NR_IOCTL, ARGS((uint64_t)fds[0], LX_FIONREAD, RW)), 0);
    uint32_t avail = 0;
    cr_assert_eq(mmu_read(proc.mmu, RW, &avail, 4), 0);
    cr_expect_eq(avail, 3);
    cr_expect_eq(call(NR_IOCTL, ARGS((uint64_t)fds[0], LX_FIONREAD, RO)),
                 -EFAULT);
    cr_expect_eq(call(NR_IOCTL, ARGS((uint64_t)fds[0], 0x12345678, RW)),
                 -ENOTTY);
    cr_expect_eq(call(NR_IOCTL, ARGS(9999, 0x12345678, RW)), -EBADF);
    close(fds[0]);
    close(fds[1]);
}

Test(linux_abi, brk_grows_and_shrinks)
{
    cr_expect_eq(call(NR_BRK, ARGS(0)), (int64_t)HEAP);
    uint64_t top = HEAP + 0x5000;
    cr_assert_eq(call(NR_BRK, ARGS(top)), (int64_t)top);
    cr_expect(mmu_check(proc.mmu, HEAP, top - HEAP, MMU_READ | MMU_WRITE));
    cr_expect_eq(mmu_prot_at(proc.mmu, (top + MMU_PAGE_MASK) & ~MMU_PAGE_MASK),
                 0);
    cr_assert_eq(call(NR_BRK, ARGS(HEAP + 0x100)), (int64_t)(HEAP + 0x100));
    cr_expect_eq(mmu_prot_at(proc.mmu, HEAP + 0x2000), 0);
    cr_expect_neq(mmu_prot_at(proc.mmu, HEAP), 0);
    /* Below the start, or into another mapping: the break stays. */
    cr_expect_eq(call(NR_BRK, ARGS(HEAP - 0x1000)), (int64_t)(HEAP + 0x100));
    cr_assert_eq(mmu_map_fixed(proc.mmu, HEAP + 0x10000 - 0x800, 0x1000,
                               MMU_READ, ""), 0);
    cr_expect_eq(call(NR_BRK, ARGS(HEAP + 0x20000)), (int64_t)(HEAP + 0x100));
}

static int64_t mmap6(uint64_t addr, uint64_t len, uint64_t prot,
                     uint64_t flags, int64_t fd, uint64_t off)
{
    return call(NR_MMAP, ARGS(addr, len, prot, flags, (uint64_t)fd, off));
}

#define PROT_RW (LX_PROT_READ | LX_PROT_WRITE)
#define ANON_PRIVATE (LX_MAP_PRIVATE | LX_MAP_ANONYMOUS)

Test(linux_abi, mmap_anonymous_placement)
{
    int64_t a = mmap6(0, 10000, PROT_RW, ANON_PRIVATE, -1, 0);
    cr_assert_gt(a, 0);
    cr_expect_eq(a & (int64_t)MMU_PAGE_MASK, 0);
    cr_expect(mmu_check(proc.mmu, (uint64_t)a, 3 * MMU_PAGE_SIZE,
                        MMU_READ | MMU_WRITE));
    /* A free hint is honoured. */
    cr_expect_eq(mmap6(0x60000000, 4096, PROT_RW, ANON_PRIVATE, -1, 0),
                 0x60000000);
    cr_expect_eq(mmap6(0, 0, PROT_RW, ANON_PRIVATE, -1, 0), -EINVAL);
    cr_expect_eq(mmap6(0, 4096, PROT_RW, LX_MAP_ANONYMOUS, -1, 0), -EINVAL);
    cr_expect_eq(mmap6(0, 4096, PROT_RW, ANON_PRIVATE, -1, 123), -EINVAL);
}

Test(linux_abi, mmap_fixed_and_noreplace)
{
    cr_expect_eq(mmap6(RW, 4096, LX_PROT_READ, ANON_PRIVATE | LX_MAP_FIXED,
                       -1, 0),
                 (int64_t)RW);
    cr_expect_eq(mmu_prot_at(proc.mmu, RW), MMU_READ);
    cr_expect_eq(mmap6(RO, 4096, PROT_RW,
                       ANON_PRIVATE | LX_MAP_FIXED_NOREPLACE, -1, 0),
                 -EEXIST);
    cr_expect_eq(mmap6(0x70000000, 4096, PROT_RW,
                       ANON_PRIVATE | LX_MAP_FIXED_NOREPLACE, -1, 0),
                 0x70000000);
    cr_expect_eq(mmap6(0x70000001, 4096, PROT_RW, ANON_PRIVATE | LX_MAP_FIXED,
                       -1, 0),
                 -EINVAL);
    cr_expect_eq(mmap6(ARENA - 4096, 8192, PROT_RW,
                       ANON_PRIVATE | LX_MAP_FIXED, -1, 0),
                 -ENOMEM);
}

Test(linux_abi, mmap_file_reads_contents)
{
    char path[] = "/tmp/vm_linux_abi_XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    char data[6000];
    for (size_t i = 0; i < sizeof(data); i++)
        data[i] = (char)(i * 7);
    cr_assert_eq(write(fd, data, sizeof(data)), (ssize_t)sizeof(data));
    int64_t a = mmap6(0, 8192, LX_PROT_READ, LX_MAP_PRIVATE, fd, 4096);
    cr_assert_gt(a, 0);
    char back[4096];
    cr_assert_eq(mmu_read(proc.mmu, (uint64_t)a, back, sizeof(back)), 0);
    cr_expect_eq(memcmp(back, data + 4096, sizeof(data) - 4096), 0);
    cr_expect_eq(back[sizeof(data) - 4096], 0); /* past EOF: zero */
    /* The next page lies wholly past EOF: the host raises SIGBUS there,
     * which a system call's copy turns into EFAULT, as Linux does. */
    cr_expect_eq(mmu_read(proc.mmu, (uint64_t)a + 4096, back, 1), -EFAULT);
    cr_expect_eq(mmu_prot_at(proc.mmu, (uint64_t)a), MMU_READ);
    close(fd);
    int wr = open(path, O_WRONLY);
    cr_expect_eq(mmap6(0, 4096, LX_PROT_READ, LX_MAP_PRIVATE, wr, 0), -EACCES);
    close(wr);
    cr_expect_eq(mmap6(0, 4096, LX_PROT_READ, LX_MAP_PRIVATE, 9999, 0), -EBADF);
    unlink(path);
}

Test(linux_abi, munmap_mprotect_madvise)
{
    int64_t a = mmap6(0, 3 * 4096, PROT_RW, ANON_PRIVATE, -1, 0);
    cr_assert_gt(a, 0);
    uint64_t g = (uint64_t)a;
    cr_assert_eq(mmu_write(proc.mmu, g, "data", 4), 0);
    cr_expect_eq(call(NR_MADVISE, ARGS(g, 4096, LX_MADV_DONTNEED)), 0);
    char back[4] = {1, 1, 1, 1};
    cr_assert_eq(mmu_read(proc.mmu, g, back, 4), 0);
    cr_expect_eq(back[0], 0);
    cr_expect_eq(call(NR_MPROTECT, ARGS(g, 4096, LX_PROT_READ)), 0);
    cr_expect_eq(mmu_prot_at(proc.mmu, g), MMU_READ);
    cr_expect_eq(call(NR_MUNMAP, ARGS(g + 4096, 4096)), 0);
    cr_expect_eq(mmu_prot_at(proc.mmu, g + 4096), 0);
    cr_expect_eq(call(NR_MPROTECT, ARGS(g, 3 * 4096, LX_PROT_READ)), -ENOMEM);
    cr_expect_eq(call(NR_MADVISE, ARGS(g, 3 * 4096, LX_MADV_DONTNEED)),
                 -ENOMEM);
    cr_expect_eq(call(NR_MUNMAP, ARGS(g + 1, 4096)), -EINVAL);
}

Test(linux_abi, mremap_grows_in_place_or_moves)
{
    cr_assert_eq(mmap6(0x61000000, 4096, PROT_RW,
                       ANON_PRIVATE | LX_MAP_FIXED, -1, 0),
                 0x61000000);
    cr_assert_eq(mmu_write(proc.mmu, 0x61000000, "keep", 5), 0);
    cr_expect_eq(call(NR_MREMAP, ARGS(0x61000000, 4096, 8192, 0, 0)),
                 0x61000000);
    cr_expect_neq(mmu_prot_at(proc.mmu, 0x61001000), 0);
    /* Blocked above: without MAYMOVE it fails, with it the data moves. */
    cr_assert_eq(mmap6(0x61002000, 4096, PROT_RW,
                       ANON_PRIVATE | LX_MAP_FIXED, -1, 0),
                 0x61002000);
    cr_expect_eq(call(NR_MREMAP, ARGS(0x61000000, 8192, 16384, 0, 0)),
                 -ENOMEM);
    int64_t moved = call(NR_MREMAP, ARGS(0x61000000, 8192, 16384,
                                         LX_MREMAP_MAYMOVE, 0));
    cr_assert_gt(moved, 0);
    cr_expect_neq(moved, 0x61000000);
    char back[5];
    cr_assert_eq(mmu_read(proc.mmu, (uint64_t)moved, back, 5), 0);
    cr_expect_str_eq(back, "keep");
    cr_expect_eq(mmu_prot_at(proc.mmu, 0x61000000), 0);
}

Test(linux_abi, flush_icache_and_exit_group)
{
    cr_expect_eq(call(NR_RISCV_FLUSH_ICACHE, ARGS(0, 0, 0)), 0);
    cr_expect(thread.flush_icache);
    cr_expect_eq(call(NR_RISCV_FLUSH_ICACHE, ARGS(0, 0, 2)), -EINVAL);
    call(NR_EXIT_GROUP, ARGS(300));
    cr_expect(proc.exited);
    cr_expect_eq(proc.exit_status, 300 & 0xff);
}

Test(linux_abi, futex_single_thread)
{
    uint32_t word = 5;
    cr_assert_eq(mmu_write(proc.mmu, RW, &word, 4), 0);
    cr_expect_eq(call(NR_FUTEX, ARGS(RW, LX_FUTEX_WAIT, 4, 0)), -EAGAIN);
    struct lx_timespec ts = {0, 1000000};
    cr_assert_eq(mmu_write(proc.mmu, RW + 16, &ts, sizeof(ts)), 0);
    cr_expect_eq(call(NR_FUTEX, ARGS(RW, LX_FUTEX_WAIT, 5, RW + 16)),
                 -ETIMEDOUT);
    cr_expect_eq(call(NR_FUTEX, ARGS(RW, LX_FUTEX_WAKE | LX_FUTEX_PRIVATE_FLAG,
                                     1)),
                 0);
    cr_expect_eq(call(NR_FUTEX, ARGS(UNMAPPED, LX_FUTEX_WAIT, 5, 0)),
                 -EFAULT);
}

/* Installs a guest handler for sig with the given flags and mask. */
static void set_handler(int sig, uint64_t handler, uint64_t flags,
                        uint64_t mask)
{
    struct lx_sigaction act = {handler, flags, mask};
    cr_assert_eq(mmu_write(proc.mmu, RW + 0x8000, &act, sizeof(act)), 0);
    cr_assert_eq(call(NR_RT_SIGACTION, ARGS((uint64_t)sig, RW + 0x8000, 0, 8)),
                 0);
}

Test(linux_abi, signal_frame_and_sigreturn_round_trip)
{
    const uint64_t handler = 0x12340;
    set_handler(SIGUSR1, handler, LX_SA_SIGINFO, lx_sigbit(SIGUSR2));
    for (int i = 1; i < 32; i++)
        cpu.x[i] = 0x1000 + (uint64_t)i;
    cpu.x[2] = STACK_TOP - 264; /* deliberately not 16-byte aligned */
    cpu.f[7] = 0x4000000000000000ull;
    cpu.ctx.fflags = IR_FF_NX;
    cpu.ctx.frm = IR_RM_RTZ;
    cpu.ctx.pc = 0x5550;
    cr_assert_eq(call(NR_KILL, ARGS((uint64_t)getpid(), SIGUSR1)), 0);
    cr_assert_eq(lx_signal_pending_set(&thread), lx_sigbit(SIGUSR1));
    uint64_t before[32]; /* the registers as kill left them */
    memcpy(before, cpu.x, sizeof(before));
    linux_deliver_signals(&thread);

    uint64_t sp = cpu.x[2];
    cr_expect_eq(cpu.ctx.pc, handler);
    cr_expect_eq(sp % 16, 0);
    cr_expect_leq(sp + sizeof(struct lx_rv_rt_sigframe), STACK_TOP - 264);
    cr_expect_eq(cpu.x[10], SIGUSR1);
    cr_expect_eq(cpu.x[11], sp);
    cr_expect_eq(cpu.x[12], sp + 128);
    cr_expect_eq(thread.sig_mask, lx_sigbit(SIGUSR1) | lx_sigbit(SIGUSR2));
    cr_expect_eq(lx_signal_pending_set(&thread), 0);

    struct lx_rv_rt_sigframe f;
    cr_assert_eq(mmu_read(proc.mmu, sp, &f, sizeof(f)), 0);
    cr_expect_eq(f.info.si_signo, SIGUSR1);
    cr_expect_eq(f.info.si_code, LX_SI_USER);
    cr_expect_eq(f.info.fields.kill.pid, getpid());
    cr_expect_eq(f.uc.uc_mcontext.sc_regs.pc, 0x5550);
    cr_expect_eq(f.uc.uc_mcontext.sc_regs.x[0], 0x1001); /* ra */
    cr_expect_eq(f.uc.uc_mcontext.sc_regs.x[1], STACK_TOP - 264);
    cr_expect_eq(f.uc.uc_mcontext.sc_fpregs.f[7], 0x4000000000000000ull);
    cr_expect_eq(f.uc.uc_mcontext.sc_fpregs.fcsr, (IR_RM_RTZ << 5) | IR_FF_NX);
    cr_expect_eq(f.uc.uc_stack.ss_flags, LX_SS_DISABLE);

    /* ra points at `li a7, 139; ecall` in an executable page. */
    uint64_t ra = cpu.x[1];
    cr_expect_eq(ra, proc.sigreturn_trampoline);
    cr_expect_eq(mmu_prot_at(proc.mmu, ra), MMU_READ | MMU_EXEC);
    uint32_t code[2];
    cr_assert_eq(mmu_read(proc.mmu, ra, code, sizeof(code)), 0);
    cr_expect_eq(code[0], 0x08b00893);
    cr_expect_eq(code[1], 0x00000073);

    /* The handler clobbers registers; sigreturn brings everything back. */
    for (int i = 1; i < 32; i++)
        if (i != 2) /* sp must stay at the frame */
            cpu.x[i] = 0xdead;
    cpu.f[7] = 0;
    cpu.ctx.fflags = 0;
    cpu.ctx.pc = ra + 8;
    call(NR_RT_SIGRETURN, ARGS(0));
    cr_expect_eq(cpu.ctx.pc, 0x5550);
    cr_expect_eq(cpu.x[2], STACK_TOP - 264);
    /* All of them, a0 included: sigreturn's own result must not land. */
    for (int i = 1; i < 32; i++)
        cr_expect_eq(cpu.x[i], before[i], "x%d", i);
    cr_expect_eq(cpu.x[5], 0x1005);
    cr_expect_eq(cpu.f[7], 0x4000000000000000ull);
    cr_expect_eq(cpu.ctx.fflags, IR_FF_NX);
    cr_expect_eq(cpu.ctx.frm, IR_RM_RTZ);
    cr_expect_eq(thread.sig_mask, 0);
}

Test(linux_abi, altstack_frames_and_queries)
{
    struct lx_stack ss = {RW + 0x4000, 0, 0, 0x4000};
    cr_assert_eq(mmu_write(proc.mmu, RW, &ss, sizeof(ss)), 0);
    cr_assert_eq(call(NR_SIGALTSTACK, ARGS(RW, 0)), 0);
    set_handler(SIGUSR2, 0x22220, LX_SA_ONSTACK, 0);
    cr_assert_eq(call(NR_KILL, ARGS(0, SIGUSR2)), 0);
    linux_deliver_signals(&thread);
    uint64_t sp = cpu.x[2];
    cr_expect_gt(sp, RW + 0x4000);
    cr_expect_leq(sp + sizeof(struct lx_rv_rt_sigframe), RW + 0x8000);
    /* On the altstack: the query says so and changing it is EPERM. */
    cr_assert_eq(call(NR_SIGALTSTACK, ARGS(0, RW + 64)), 0);
    struct lx_stack now;
    cr_assert_eq(mmu_read(proc.mmu, RW + 64, &now, sizeof(now)), 0);
    cr_expect_eq(now.ss_flags, LX_SS_ONSTACK);
    cr_expect_eq(now.ss_size, 0x4000);
    cr_expect_eq(call(NR_SIGALTSTACK, ARGS(RW, 0)), -EPERM);
    /* Too small a stack. */
    cpu.x[2] = STACK_TOP - 256;
    ss.ss_size = 100;
    cr_assert_eq(mmu_write(proc.mmu, RW, &ss, sizeof(ss)), 0);
    cr_expect_eq(call(NR_SIGALTSTACK, ARGS(RW, 0)), -ENOMEM);
}

Test(linux_abi, ignored_and_blocked_signals)
{
    /* SIGCHLD's default is to ignore it: nothing happens. */
    cr_assert_eq(call(NR_KILL, ARGS((uint64_t)getpid(), SIGCHLD)), 0);
    cr_expect_eq(lx_signal_pending_set(&thread), 0);
    /* A blocked signal stays pending. */
    uint64_t set = lx_sigbit(SIGUSR1) | lx_sigbit(SIGKILL);
    cr_assert_eq(mmu_write(proc.mmu, RW, &set, 8), 0);
    cr_assert_eq(call(NR_RT_SIGPROCMASK, ARGS(LX_SIG_BLOCK, RW, RW + 8, 8)),
                 0);
    cr_expect_eq(thread.sig_mask, lx_sigbit(SIGUSR1)); /* SIGKILL refused */
    cr_assert_eq(call(NR_KILL, ARGS(0, SIGUSR1)), 0);
    cr_expect_eq(lx_signal_pending_set(&thread), lx_sigbit(SIGUSR1));
    /* Setting SIG_IGN discards it even though it is blocked. */
    set_handler(SIGUSR1, LX_SIG_IGN, 0, 0);
    cr_expect_eq(lx_signal_pending_set(&thread), 0);
    cr_expect_eq(call(NR_RT_SIGACTION, ARGS(SIGKILL, RW + 0x8000, 0, 8)),
                 -EINVAL);
    cr_expect_eq(call(NR_RT_SIGACTION, ARGS(SIGUSR1, 0, 0, 16)), -EINVAL);
    cr_expect_eq(call(NR_KILL, ARGS(1, SIGTERM)), -EPERM);
}

Test(linux_abi, default_action_terminates, .signal = SIGTERM)
{
    cr_assert_eq(call(NR_KILL, ARGS(0, SIGTERM)), 0);
    linux_deliver_signals(&thread);
}

Test(linux_abi, unhandled_fault_dies_by_sigsegv, .signal = SIGSEGV)
{
    linux_raise_fault(&thread, SIGSEGV, 1 /* SEGV_MAPERR */, UNMAPPED);
}

Test(linux_abi, fault_goes_to_guest_handler)
{
    set_handler(SIGSEGV, 0x33330, LX_SA_SIGINFO, 0);
    cpu.ctx.pc = 0x4440;
    linux_raise_fault(&thread, SIGSEGV, 2 /* SEGV_ACCERR */, RO + 8);
    cr_expect_eq(cpu.ctx.pc, 0x33330);
    struct lx_siginfo info;
    cr_assert_eq(mmu_read(proc.mmu, cpu.x[11], &info, sizeof(info)), 0);
    cr_expect_eq(info.si_signo, SIGSEGV);
    cr_expect_eq(info.si_code, 2);
    cr_expect_eq(info.fields.fault.addr, RO + 8);
}

Test(linux_abi, frame_on_bad_stack_kills, .signal = SIGSEGV)
{
    set_handler(SIGUSR1, 0x12340, 0, 0);
    cpu.x[2] = UNMAPPED + 0x1000;
    cr_assert_eq(call(NR_KILL, ARGS(0, SIGUSR1)), 0);
    linux_deliver_signals(&thread);
}

Test(linux_abi, shared_file_mapping_is_coherent_with_the_file)
{
    char path[] = "/tmp/vm_linux_abi_XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(ftruncate(fd, 8192), 0);
    int64_t a = mmap6(0, 8192, PROT_RW, LX_MAP_SHARED, fd, 0);
    cr_assert_gt(a, 0);
    uint64_t g = (uint64_t)a;
    /* A store through the mapping reaches the file... */
    cr_assert_eq(mmu_write(proc.mmu, g + 100, "guest", 5), 0);
    cr_expect_eq(call(NR_MSYNC, ARGS(g, 8192, LX_MS_SYNC)), 0);
    char back[6] = "";
    cr_assert_eq(pread(fd, back, 5, 100), 5);
    cr_expect_str_eq(back, "guest");
    /* ...and a write to the file shows through the mapping. */
    cr_assert_eq(pwrite(fd, "host!", 5, 5000), 5);
    cr_assert_eq(mmu_read(proc.mmu, g + 5000, back, 5), 0);
    cr_expect_str_eq(back, "host!");
    /* mremap moves the pages themselves: still the file, same access. */
    const uint64_t to = 0x62000000;
    cr_assert_eq(call(NR_MREMAP, ARGS(g, 8192, 8192,
                                      LX_MREMAP_MAYMOVE | LX_MREMAP_FIXED,
                                      to)),
                 (int64_t)to);
    cr_expect_not(mmu_is_mapped(proc.mmu, g));
    cr_expect_eq(mmu_prot_at(proc.mmu, to + 4096), MMU_READ | MMU_WRITE);
    cr_assert_eq(mmu_write(proc.mmu, to + 200, "moved", 5), 0);
    cr_assert_eq(pread(fd, back, 5, 200), 5);
    cr_expect_str_eq(back, "moved");
    cr_expect_eq(call(NR_MSYNC, ARGS(to, 4096, LX_MS_SYNC | LX_MS_ASYNC)),
                 -EINVAL);
    cr_expect_eq(call(NR_MSYNC, ARGS(to + 1, 4096, LX_MS_SYNC)), -EINVAL);
    cr_expect_eq(call(NR_MSYNC, ARGS(UNMAPPED, 4096, LX_MS_SYNC)), -ENOMEM);
    cr_expect_eq(call(NR_MUNMAP, ARGS(to, 8192)), 0);
    cr_expect_not(mmu_is_mapped(proc.mmu, to));
    /* Shared and writable needs a descriptor open for writing. */
    int ro = open(path, O_RDONLY);
    cr_expect_eq(mmap6(0, 4096, PROT_RW, LX_MAP_SHARED, ro, 0), -EACCES);
    close(ro);
    close(fd);
    unlink(path);
}

Test(linux_abi, private_file_mapping_keeps_writes_to_itself)
{
    char path[] = "/tmp/vm_linux_abi_XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    cr_assert_eq(pwrite(fd, "file", 4, 0), 4);
    int64_t a = mmap6(0, 4096, PROT_RW, LX_MAP_PRIVATE, fd, 0);
    cr_assert_gt(a, 0);
    cr_assert_eq(mmu_write(proc.mmu, (uint64_t)a, "mine", 4), 0);
    char back[5] = "";
    cr_assert_eq(pread(fd, back, 4, 0), 4);
    cr_expect_str_eq(back, "file");
    cr_assert_eq(mmu_read(proc.mmu, (uint64_t)a, back, 4), 0);
    cr_expect_str_eq(back, "mine");
    close(fd);
    unlink(path);
}

/* What glibc's sigqueue() passes: SI_QUEUE and si_value. */
static int64_t queue_signal(int sig, uint64_t value)
{
    struct lx_siginfo info;
    memset(&info, 0, sizeof(info));
    info.si_code = -1; /* SI_QUEUE */
    memcpy(info.fields.bytes + 8, &value, 8); /* si_value: offset 24 */
    cr_assert_eq(mmu_write(proc.mmu, RW + 0x9000, &info, sizeof(info)), 0);
    return call(NR_RT_SIGQUEUEINFO,
                ARGS((uint64_t)getpid(), (uint64_t)sig, RW + 0x9000));
}

/* rt_sigtimedwait for the signals in set, without waiting; stores the
 * siginfo's si_code and si_value. */
static int64_t take_signal(uint64_t set, int32_t *code, uint64_t *value)
{
    struct lx_timespec zero = {0, 0};
    cr_assert_eq(mmu_write(proc.mmu, RW + 0xa000, &set, 8), 0);
    cr_assert_eq(mmu_write(proc.mmu, RW + 0xa010, &zero, sizeof(zero)), 0);
    int64_t r = call(NR_RT_SIGTIMEDWAIT,
                     ARGS(RW + 0xa000, RW + 0xa100, RW + 0xa010, 8));
    struct lx_siginfo info;
    cr_assert_eq(mmu_read(proc.mmu, RW + 0xa100, &info, sizeof(info)), 0);
    *code = info.si_code;
    memcpy(value, info.fields.bytes + 8, 8);
    return r;
}

static void block(uint64_t set)
{
    cr_assert_eq(mmu_write(proc.mmu, RW, &set, 8), 0);
    cr_assert_eq(call(NR_RT_SIGPROCMASK, ARGS(LX_SIG_BLOCK, RW, 0, 8)), 0);
}

Test(linux_abi, realtime_signals_queue_in_order_standard_ones_coalesce)
{
    const int rt = 34; /* SIGRTMIN + 2 for glibc */
    uint64_t set = lx_sigbit(rt) | lx_sigbit(SIGUSR1);
    block(set);
    cr_expect_eq(queue_signal(rt, 111), 0);
    cr_expect_eq(queue_signal(SIGUSR1, 1), 0);
    cr_expect_eq(queue_signal(rt, 222), 0);
    cr_expect_eq(queue_signal(SIGUSR1, 2), 0); /* lost: one is pending */
    cr_expect_eq(call(NR_KILL, ARGS(0, (uint64_t)rt)), 0);
    cr_expect_eq(lx_signal_pending_set(&thread), set);
    /* Lowest signal first; each real-time instance in the order sent. */
    int32_t code;
    uint64_t value;
    cr_expect_eq(take_signal(set, &code, &value), SIGUSR1);
    cr_expect_eq(value, 1);
    cr_expect_eq(take_signal(set, &code, &value), rt);
    cr_expect_eq(code, -1);
    cr_expect_eq(value, 111);
    cr_expect_eq(take_signal(set, &code, &value), rt);
    cr_expect_eq(value, 222);
    cr_expect_eq(lx_signal_pending_set(&thread), lx_sigbit(rt));
    cr_expect_eq(take_signal(set, &code, &value), rt);
    cr_expect_eq(code, LX_SI_USER);
    cr_expect_eq(lx_signal_pending_set(&thread), 0);
    cr_expect_eq(take_signal(set, &code, &value), -EAGAIN);
}

Test(linux_abi, realtime_queue_overflow_and_foreign_targets)
{
    const int rt = 40;
    block(lx_sigbit(rt));
    uint64_t cap = sizeof(proc.sigq.q) / sizeof(proc.sigq.q[0]);
    for (uint64_t i = 0; i < cap; i++)
        cr_assert_eq(queue_signal(rt, i), 0);
    cr_expect_eq(queue_signal(rt, cap), -EAGAIN);
    /* kill() still makes the signal pending, without its own siginfo. */
    cr_expect_eq(call(NR_KILL, ARGS(0, (uint64_t)rt)), 0);
    cr_expect_eq(proc.sigq.len, cap);
    /* Forged codes only to ourselves; the guest reaches no one else. */
    struct lx_siginfo info;
    memset(&info, 0, sizeof(info));
    info.si_code = LX_SI_USER;
    cr_assert_eq(mmu_write(proc.mmu, RW, &info, sizeof(info)), 0);
    cr_expect_eq(call(NR_RT_SIGQUEUEINFO, ARGS(1, (uint64_t)rt, RW)), -EPERM);
    cr_expect_eq(call(NR_RT_SIGQUEUEINFO, ARGS((uint64_t)getpid(), 65, RW)),
                 -EINVAL);
    cr_expect_eq(call(NR_RT_SIGQUEUEINFO,
                      ARGS((uint64_t)getpid(), (uint64_t)rt, UNMAPPED)),
                 -EFAULT);
    cr_expect_eq(call(NR_RT_TGSIGQUEUEINFO,
                      ARGS((uint64_t)getpid(), (uint64_t)thread.tid + 1,
                           (uint64_t)rt, RW)),
                 -EPERM);
}

Test(linux_abi, queued_value_reaches_the_handler_one_at_a_time)
{
    const int rt = 35;
    block(lx_sigbit(rt));
    set_handler(rt, 0x1000, LX_SA_SIGINFO, 0);
    cr_assert_eq(queue_signal(rt, 7), 0);
    cr_assert_eq(queue_signal(rt, 8), 0);
    uint64_t set = lx_sigbit(rt);
    cr_assert_eq(mmu_write(proc.mmu, RW, &set, 8), 0);
    cr_assert_eq(call(NR_RT_SIGPROCMASK, ARGS(LX_SIG_UNBLOCK, RW, 0, 8)), 0);
    linux_deliver_signals(&thread);
    /* The handler blocks its signal: the second instance waits for
     * sigreturn, as on Linux. */
    cr_expect_eq(cpu.ctx.pc, 0x1000);
    struct lx_siginfo info;
    cr_assert_eq(mmu_read(proc.mmu, cpu.x[11], &info, sizeof(info)), 0);
    uint64_t value;
    memcpy(&value, info.fields.bytes + 8, 8);
    cr_expect_eq(info.si_signo, rt);
    cr_expect_eq(value, 7);
    cr_expect_eq(lx_signal_pending_set(&thread), lx_sigbit(rt));
}

Test(linux_abi, write_to_a_pipe_without_reader_raises_sigpipe)
{
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    close(fds[0]);
    cr_assert_eq(mmu_write(proc.mmu, RW, "x", 1), 0);
    cr_expect_eq(call(NR_WRITE, ARGS((uint64_t)fds[1], RW, 1)), -EPIPE);
    cr_expect_eq(lx_signal_pending_set(&thread), lx_sigbit(SIGPIPE));
    /* Ignored by the guest: only the error remains. */
    set_handler(SIGPIPE, LX_SIG_IGN, 0, 0);
    cr_expect_eq(lx_signal_pending_set(&thread), 0);
    struct lx_iovec iov = {RW, 1};
    cr_assert_eq(mmu_write(proc.mmu, RW + 16, &iov, sizeof(iov)), 0);
    cr_expect_eq(call(NR_WRITEV, ARGS((uint64_t)fds[1], RW + 16, 1)), -EPIPE);
    cr_expect_eq(lx_signal_pending_set(&thread), 0);
    close(fds[1]);
}

Test(linux_abi, sigpipe_default_action_kills, .signal = SIGPIPE)
{
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    close(fds[0]);
    cr_assert_eq(mmu_write(proc.mmu, RW, "x", 1), 0);
    cr_assert_eq(call(NR_WRITE, ARGS((uint64_t)fds[1], RW, 1)), -EPIPE);
    linux_deliver_signals(&thread);
}

Test(linux_abi, links_modes_and_sizes)
{
    char dir[] = "/tmp/vm_linux_abi_dXXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char file[PATH_MAX], link[PATH_MAX];
    snprintf(file, sizeof(file), "%s/f", dir);
    snprintf(link, sizeof(link), "%s/l", dir);
    int fd = open(file, O_CREAT | O_RDWR, 0600);
    cr_assert_geq(fd, 0);
    const uint64_t cwd = (uint64_t)(int64_t)LX_AT_FDCWD;
    put_string(RW, "target-name");
    put_string(RW + 0x1000, link);
    put_string(RW + 0x2000, file);
    cr_expect_eq(call(NR_SYMLINKAT, ARGS(RW, cwd, RW + 0x1000)), 0);
    cr_expect_eq(call(NR_SYMLINKAT, ARGS(RW, cwd, RW + 0x1000)), -EEXIST);
    cr_expect_eq(call(NR_READLINKAT, ARGS(cwd, RW + 0x1000, RW + 0x3000, 64)),
                 11);
    char back[12] = "";
    cr_assert_eq(mmu_read(proc.mmu, RW + 0x3000, back, 11), 0);
    cr_expect_str_eq(back, "target-name");
    cr_expect_eq(call(NR_FCHMODAT, ARGS(cwd, RW + 0x2000, 0444)), 0);
    cr_expect_eq(call(NR_FTRUNCATE, ARGS((uint64_t)fd, 12345)), 0);
    struct stat st;
    cr_assert_eq(stat(file, &st), 0);
    cr_expect_eq(st.st_mode & 07777, 0444);
    cr_expect_eq(st.st_size, 12345);
    cr_expect_eq(call(NR_FCHMODAT, ARGS(cwd, UNMAPPED, 0444)), -EFAULT);
    close(fd);
    unlink(link);
    unlink(file);
    rmdir(dir);
}

Test(linux_abi, process_group_and_credentials)
{
    cr_expect_eq(call(NR_GETPGID, ARGS(0)), getpgrp());
    cr_expect_eq(call(NR_GETRESUID, ARGS(RW, RW + 4, RW + 8)), 0);
    uint32_t ids[3];
    cr_assert_eq(mmu_read(proc.mmu, RW, ids, sizeof(ids)), 0);
    cr_expect_eq(ids[0], getuid());
    cr_expect_eq(ids[1], geteuid());
    cr_expect_eq(call(NR_GETRESUID, ARGS(RW, RO, RW + 8)), -EFAULT);
}

/* ---- P5: hidden descriptors, synthesized /proc files, newer calls ---- */

enum {
    NR_EPOLL_CREATE1 = 20, NR_EPOLL_CTL = 21, NR_EPOLL_PWAIT = 22,
    NR_DUP3 = 24, NR_FCNTL = 25, NR_GETDENTS64 = 61, NR_PPOLL = 73,
    NR_PRCTL = 167, NR_SOCKETPAIR = 199, NR_SENDMSG = 211,
    NR_RISCV_HWPROBE = 258, NR_RSEQ = 293, NR_CLOSE_RANGE = 436,
};

/* Reads a whole guest-visible file through openat/read; NUL-terminated. */
static size_t read_guest_file(const char *path, char *out, size_t cap)
{
    put_string(RW, path);
    int64_t fd = call(NR_OPENAT, ARGS((uint64_t)LX_AT_FDCWD, RW, O_RDONLY));
    cr_assert_geq(fd, 0, "openat %s: %lld", path, (long long)fd);
    size_t n = 0;
    int64_t r;
    while (n < cap - 1 &&
           (r = call(NR_READ, ARGS((uint64_t)fd, RW + 4096, 4096))) > 0) {
        size_t take = (size_t)r < cap - 1 - n ? (size_t)r : cap - 1 - n;
        cr_assert_eq(mmu_read(proc.mmu, RW + 4096, out + n, take), 0);
        n += take;
    }
    out[n] = '\0';
    cr_assert_eq(call(NR_CLOSE, ARGS((uint64_t)fd)), 0);
    return n;
}

Test(linux_abi, hidden_descriptor_is_ebadf_to_every_call)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    int h = linux_hide_fd(p[1]);
    cr_assert_geq(h, 1000, "moved into the reserved range");
    cr_expect_eq(fcntl(p[1], F_GETFD), -1, "the old number is closed");
    cr_expect_eq(call(NR_CLOSE, ARGS((uint64_t)h)), -EBADF);
    cr_expect_eq(call(NR_WRITE, ARGS((uint64_t)h, RW, 1)), -EBADF);
    cr_expect_eq(call(NR_FCNTL, ARGS((uint64_t)h, F_GETFD)), -EBADF);
    cr_expect_eq(call(NR_DUP3, ARGS((uint64_t)p[0], (uint64_t)h, 0)), -EBADF);
    cr_expect_eq(call(NR_DUP3, ARGS((uint64_t)h, 20, 0)), -EBADF);
    /* An absolute path ignores the dirfd, as on Linux. */
    put_string(RW, "/dev/null");
    int64_t fd = call(NR_OPENAT, ARGS((uint64_t)h, RW, O_RDONLY));
    cr_expect_geq(fd, 0);
    put_string(RW, "relative");
    cr_expect_eq(call(NR_OPENAT, ARGS((uint64_t)h, RW, O_RDONLY)), -EBADF);
    /* Still ours, and working. */
    cr_expect_eq(write(h, "k", 1), 1);
    char c = 0;
    cr_expect_eq(read(p[0], &c, 1), 1);
    cr_expect_eq(c, 'k');
    /* close_range steps over it and closes the rest (a range around it:
     * the test runner's own descriptors lie below). */
    cr_assert_eq(dup2(p[0], h - 5), h - 5);
    cr_assert_eq(dup2((int)fd, h + 5), h + 5);
    cr_expect_eq(call(NR_CLOSE_RANGE, ARGS((uint64_t)h - 9, (uint64_t)h + 9,
                                           0)), 0);
    cr_expect_eq(fcntl(h - 5, F_GETFD), -1);
    cr_expect_eq(fcntl(h + 5, F_GETFD), -1);
    cr_expect_geq(fcntl(h, F_GETFD), 0);
    cr_expect_eq(call(NR_CLOSE_RANGE, ARGS((uint64_t)h, (uint64_t)h, 0)), 0);
    cr_expect_geq(fcntl(h, F_GETFD), 0);
    cr_expect_eq(call(NR_CLOSE_RANGE, ARGS(5, 4, 0)), -EINVAL);
}

Test(linux_abi, hidden_descriptor_is_not_in_proc_self_fd)
{
    int h = linux_hide_fd(dup(1));
    cr_assert_geq(h, 0);
    char path[64];
    snprintf(path, sizeof(path), "/proc/self/fd/%d", h);
    put_string(RW, path);
    cr_expect_eq(call(NR_OPENAT, ARGS((uint64_t)LX_AT_FDCWD, RW, O_RDONLY)),
                 -ENOENT);
    cr_expect_eq(call(NR_READLINKAT,
                      ARGS((uint64_t)LX_AT_FDCWD, RW, RW + 512, 256)),
                 -ENOENT);
    put_string(RW, "/proc/self/fd");
    int64_t dir = call(NR_OPENAT, ARGS((uint64_t)LX_AT_FDCWD, RW,
                                       O_RDONLY | O_DIRECTORY));
    cr_assert_geq(dir, 0);
    char want[16];
    snprintf(want, sizeof(want), "%d", h);
    bool saw_hidden = false, saw_dir = false;
    int64_t n;
    while ((n = call(NR_GETDENTS64, ARGS((uint64_t)dir, RW + 4096, 512))) > 0) {
        uint8_t buf[512];
        cr_assert_eq(mmu_read(proc.mmu, RW + 4096, buf, (uint64_t)n), 0);
        for (int64_t at = 0; at < n;) {
            struct lx_dirent64 *d = (struct lx_dirent64 *)(buf + at);
            const char *name = (const char *)d + LX_DIRENT64_NAME_OFFSET;
            saw_hidden |= strcmp(name, want) == 0;
            saw_dir |= atoi(name) == (int)dir && name[0] != '.';
            at += d->d_reclen;
        }
    }
    cr_expect_eq(n, 0);
    cr_expect(!saw_hidden, "fd %d listed", h);
    cr_expect(saw_dir, "the listing itself is shown");
    call(NR_CLOSE, ARGS((uint64_t)dir));
}

Test(linux_abi, hidden_descriptor_polls_as_closed_and_cannot_be_sent)
{
    int h = linux_hide_fd(dup(0));
    cr_assert_geq(h, 0);
    int32_t pfd[2] = {h, 1 /* POLLIN */};
    cr_assert_eq(mmu_write(proc.mmu, RW, pfd, sizeof(pfd)), 0);
    cr_expect_eq(call(NR_PPOLL, ARGS(RW, 1, 0, 0, 8)), 1);
    int16_t ev[4];
    cr_assert_eq(mmu_read(proc.mmu, RW, ev, sizeof(ev)), 0);
    cr_expect_eq(ev[3], 0x20, "POLLNVAL, got %#x", ev[3]);
    cr_expect_eq(ev[0] | ev[1] << 16, h, "the fd field is unchanged");
    /* sendmsg of an SCM_RIGHTS message naming it. */
    cr_assert_eq(call(NR_SOCKETPAIR, ARGS(AF_UNIX, SOCK_STREAM, 0, RW)), 0);
    int sv[2];
    cr_assert_eq(mmu_read(proc.mmu, RW, sv, sizeof(sv)), 0);
    uint64_t iov[2] = {RW + 256, 1};
    struct {
        uint64_t len;
        int32_t level, type;
        int32_t fd, pad;
    } cmsg = {20, SOL_SOCKET, SCM_RIGHTS, h, 0};
    uint64_t msg[7] = {0, 0, RW + 64, 1, RW + 128, sizeof(cmsg), 0};
    cr_assert_eq(mmu_write(proc.mmu, RW + 64, iov, sizeof(iov)), 0);
    cr_assert_eq(mmu_write(proc.mmu, RW + 128, &cmsg, sizeof(cmsg)), 0);
    cr_assert_eq(mmu_write(proc.mmu, RW + 512, msg, sizeof(msg)), 0);
    cr_expect_eq(call(NR_SENDMSG, ARGS((uint64_t)sv[0], RW + 512, 0)), -EBADF);
    cmsg.fd = 0;
    cr_assert_eq(mmu_write(proc.mmu, RW + 128, &cmsg, sizeof(cmsg)), 0);
    cr_expect_eq(call(NR_SENDMSG, ARGS((uint64_t)sv[0], RW + 512, 0)), 1);
    close(sv[0]);
    close(sv[1]);
}

Test(linux_abi, process_start_hides_log_and_records_argv)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    struct rt_options opts = {.prog = "/some/dir/myprog", .log_fd = p[1]};
    proc.opts = &opts;
    /* A stack as the loader builds it: strings, then argc, argv, envp. */
    uint64_t strings = STACK_TOP - 64;
    put_string(strings, "myprog");
    put_string(strings + 7, "arg1");
    put_string(strings + 12, "K=V");
    uint64_t sp = STACK_TOP - 256;
    uint64_t words[6] = {2, strings, strings + 7, 0, strings + 12, 0};
    cr_assert_eq(mmu_write(proc.mmu, sp, words, sizeof(words)), 0);
    linux_process_start(&proc, sp);
    cr_expect_geq(proc.log_fd, 1000);
    cr_expect_eq(call(NR_CLOSE, ARGS((uint64_t)proc.log_fd)), -EBADF);
    cr_expect_eq(proc.arg_start, strings);
    cr_expect_eq(proc.arg_end, strings + 12);
    cr_expect_eq(proc.env_start, strings + 12);
    cr_expect_eq(proc.env_end, strings + 16);
    cr_expect_eq(proc.start_stack, sp);
    char text[256];
    size_t n = read_guest_file("/proc/self/cmdline", text, sizeof(text));
    cr_expect_eq(n, 12);
    cr_expect(memcmp(text, "myprog\0arg1\0", 12) == 0);
    char comm[16] = "";
    prctl(PR_GET_NAME, comm);
    cr_expect_str_eq(comm, "myprog");
    read_guest_file("/proc/self/stat", text, sizeof(text));
    cr_expect(strstr(text, "(myprog) ") != NULL, "stat: %s", text);
    proc.opts = NULL;
}

Test(linux_abi, proc_self_maps_in_linux_format)
{
    static char text[8192];
    read_guest_file("/proc/self/maps", text, sizeof(text));
    /* Address, perms, offset, dev, inode, then the name at column 73. */
    cr_expect(strstr(text, "10000000-10010000 rw-p 00000000 00:00 0 \n") != NULL,
              "%s", text);
    cr_expect(strstr(text, "20000000-20001000 r--p 00000000 00:00 0 \n") != NULL);
    char stack[128];
    snprintf(stack, sizeof(stack), "%-72s [stack]\n",
             "3fff0000-40000000 rw-p 00000000 00:00 0");
    cr_expect(strstr(text, stack) != NULL, "want '%s' in\n%s", stack, text);
    cr_expect(strstr(text, "30000000") == NULL, "unmapped range listed");
    /* Lines in address order, one per region here. */
    int lines = 0;
    for (const char *c = text; *c; c++)
        lines += *c == '\n';
    cr_expect_eq(lines, 4);
}

Test(linux_abi, proc_auxv_and_cpuinfo)
{
    uint64_t auxv[4] = {6 /* AT_PAGESZ */, 4096, 0, 0};
    cr_assert_eq(mmu_write(proc.mmu, RW + 0x8000, auxv, sizeof(auxv)), 0);
    proc.auxv_addr = RW + 0x8000;
    proc.auxv_len = sizeof(auxv);
    char text[8192];
    cr_expect_eq(read_guest_file("/proc/self/auxv", text, sizeof(text)),
                 sizeof(auxv));
    cr_expect(memcmp(text, auxv, sizeof(auxv)) == 0);
    read_guest_file("/proc/cpuinfo", text, sizeof(text));
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    int procs = 0;
    for (const char *at = text; (at = strstr(at, "processor\t: ")); at++)
        procs++;
    cr_expect_eq(procs, cpus);
    cr_expect(strstr(text, "hart\t\t: 0\nisa\t\t: rv64imafdc\nmmu\t\t: sv39\n"));
    /* Synthesized files are read-only for a read-only open. */
    put_string(RW, "/proc/cpuinfo");
    int64_t fd = call(NR_OPENAT, ARGS((uint64_t)LX_AT_FDCWD, RW, O_RDONLY));
    cr_assert_geq(fd, 0);
    cr_expect_eq(call(NR_WRITE, ARGS((uint64_t)fd, RW, 1)), -EBADF);
    call(NR_CLOSE, ARGS((uint64_t)fd));
}

Test(linux_abi, riscv_hwprobe_describes_rv64gc)
{
    int64_t pairs[2 * 7] = {0, 7, 1, 7, 2, 7, 3, 0, 4, 0, 5, 7, 1234, 7};
    cr_assert_eq(mmu_write(proc.mmu, RW, pairs, sizeof(pairs)), 0);
    cr_assert_eq(call(NR_RISCV_HWPROBE, ARGS(RW, 7, 0, 0, 0)), 0);
    cr_assert_eq(mmu_read(proc.mmu, RW, pairs, sizeof(pairs)), 0);
    const int64_t want[2 * 7] = {0, 0, 1, 0, 2, 0, 3, 1, 4, 3, 5, 0, -1, 0};
    for (int i = 0; i < 14; i++)
        cr_expect_eq(pairs[i], want[i], "word %d: %lld", i, (long long)pairs[i]);
    cr_expect_eq(call(NR_RISCV_HWPROBE, ARGS(RW, 1, 0, 0, 1)), -EINVAL);
    cr_expect_eq(call(NR_RISCV_HWPROBE, ARGS(UNMAPPED, 1, 0, 0, 0)), -EFAULT);
    uint64_t none = 0, cpu0 = 1;
    cr_assert_eq(mmu_write(proc.mmu, RW + 512, &none, 8), 0);
    cr_expect_eq(call(NR_RISCV_HWPROBE, ARGS(RW, 1, 8, RW + 512, 0)), -EINVAL);
    cr_assert_eq(mmu_write(proc.mmu, RW + 512, &cpu0, 8), 0);
    cr_expect_eq(call(NR_RISCV_HWPROBE, ARGS(RW, 1, 8, RW + 512, 0)), 0);
}

Test(linux_abi, epoll_event_uses_the_16_byte_layout)
{
    int p[2];
    cr_assert_eq(pipe(p), 0);
    int64_t ep = call(NR_EPOLL_CREATE1, ARGS(0));
    cr_assert_geq(ep, 0);
    /* events at 0, 4 bytes of padding, data at 8. */
    uint64_t ev[2] = {1 /* EPOLLIN */ | 0xdeadbeef00000000ull,
                      0x1122334455667788ull};
    cr_assert_eq(mmu_write(proc.mmu, RW, ev, sizeof(ev)), 0);
    cr_assert_eq(call(NR_EPOLL_CTL, ARGS((uint64_t)ep, 1, (uint64_t)p[0], RW)), 0);
    cr_assert_eq(write(p[1], "x", 1), 1);
    uint64_t out[4];
    memset(out, 0xff, sizeof(out));
    cr_assert_eq(mmu_write(proc.mmu, RW + 64, out, sizeof(out)), 0);
    cr_assert_eq(call(NR_EPOLL_PWAIT, ARGS((uint64_t)ep, RW + 64, 2, 0, 0, 8)), 1);
    cr_assert_eq(mmu_read(proc.mmu, RW + 64, out, sizeof(out)), 0);
    cr_expect_eq(out[0], 1, "events and zeroed padding");
    cr_expect_eq(out[1], 0x1122334455667788ull);
    cr_expect_eq(out[2], ~0ull, "nothing written past the one event");
    cr_expect_eq(call(NR_EPOLL_PWAIT, ARGS((uint64_t)ep, RW + 64, 0, 0, 0, 8)),
                 -EINVAL);
    cr_expect_eq(call(NR_EPOLL_PWAIT, ARGS((uint64_t)ep, RW + 64, 1, 0, RW, 4)),
                 -EINVAL);
    close(p[0]);
    close(p[1]);
    close((int)ep);
}

Test(linux_abi, prctl_and_rseq)
{
    put_string(RW, "0123456789abcdefghij");
    cr_expect_eq(call(NR_PRCTL, ARGS(PR_SET_NAME, RW)), 0);
    cr_expect_eq(call(NR_PRCTL, ARGS(PR_GET_NAME, RW + 64)), 0);
    char name[16];
    cr_assert_eq(mmu_read(proc.mmu, RW + 64, name, 16), 0);
    cr_expect_str_eq(name, "0123456789abcde");
    cr_expect_eq(call(NR_PRCTL, ARGS(PR_GET_NAME, RO)), -EFAULT);
    cr_expect_eq(call(NR_PRCTL, ARGS(22 /* PR_SET_SECCOMP */, 2, RW)), -EINVAL);
    cr_expect_eq(call(NR_RSEQ, ARGS(RW, 32, 0, 0)), -ENOSYS);
}

Test(linux_abi, host_memory_stays_out_of_reach)
{
    cr_expect_eq(call(NR_PTRACE, ARGS(0, 0, 0, 0)), -EPERM);
    cr_expect_eq(call(NR_PROCESS_VM_READV, ARGS((uint64_t)getpid(), RW, 1, RW,
                                                1, 0)),
                 -EPERM);
    cr_expect_eq(call(NR_PROCESS_VM_WRITEV, ARGS((uint64_t)getpid(), RW, 1,
                                                 RW, 1, 0)),
                 -EPERM);
    put_string(RW, "/proc/self/mem");
    cr_expect_eq(call(NR_OPENAT, ARGS((uint64_t)AT_FDCWD, RW, O_RDONLY)),
                 -EACCES);
    put_string(RW, "/proc/thread-self/mem");
    cr_expect_eq(call(NR_OPENAT, ARGS((uint64_t)AT_FDCWD, RW, O_RDWR)),
                 -EACCES);
}

Test(linux_abi, clone_refuses_what_host_processes_cannot_be)
{
    /* A process sharing our memory, or our descriptor table. */
    cr_expect_eq(call(NR_CLONE, ARGS(0x100 /* CLONE_VM */ | SIGCHLD, 0, 0, 0,
                                     0)),
                 -EINVAL);
    cr_expect_eq(call(NR_CLONE, ARGS(0x400 /* CLONE_FILES */ | SIGCHLD, 0, 0,
                                     0, 0)),
                 -EINVAL);
    /* CLONE_THREAD needs CLONE_SIGHAND, which needs CLONE_VM. */
    cr_expect_eq(call(NR_CLONE, ARGS(0x10000 | 0x100, 0, 0, 0, 0)), -EINVAL);
    cr_expect_eq(call(NR_CLONE, ARGS(0x800, 0, 0, 0, 0)), -EINVAL);
    uint64_t args[8] = {0};
    cr_assert_eq(mmu_write(proc.mmu, RW, args, sizeof(args)), 0);
    cr_expect_eq(call(NR_CLONE3, ARGS(RW, 32)), -EINVAL);
    cr_expect_eq(call(NR_CLONE3, ARGS(UNMAPPED, 64)), -EFAULT);
    args[0] = 0x1000; /* CLONE_PIDFD */
    cr_assert_eq(mmu_write(proc.mmu, RW, args, sizeof(args)), 0);
    cr_expect_eq(call(NR_CLONE3, ARGS(RW, 64)), -EINVAL);
}

Test(linux_abi, tkill_to_a_thread_that_is_not_there)
{
    cr_expect_eq(call(NR_TKILL, ARGS((uint64_t)thread.tid + 12345, SIGUSR1)),
                 -ESRCH);
    cr_expect_eq(call(NR_TKILL, ARGS((uint64_t)thread.tid, 0)), 0);
}

/* A blocking call with a signal the guest takes pending: -EINTR without
 * SA_RESTART; with it, the pc goes back onto the ecall and a0 keeps the
 * first argument, so the call runs again after the handler. */
Test(linux_abi, interrupted_call_restarts_only_with_sa_restart)
{
    int fds[2];
    cr_assert_eq(pipe(fds), 0);
    set_handler(SIGUSR1, 0x1000, 0, 0);
    cpu.ctx.pc = 0x5004;
    cr_assert_eq(call(NR_KILL, ARGS((uint64_t)getpid(), SIGUSR1)), 0);
    cpu.ctx.poll = 1; /* what the host handler leaves for the thread */
    cr_expect_eq(call(NR_READ, ARGS((uint64_t)fds[0], RW, 1)), -EINTR);
    cr_expect_eq(cpu.ctx.pc, 0x5004);
    linux_deliver_signals(&thread);

    set_handler(SIGUSR2, 0x2000, LX_SA_RESTART, 0);
    cpu.ctx.pc = 0x5004;
    cr_assert_eq(call(NR_KILL, ARGS((uint64_t)getpid(), SIGUSR2)), 0);
    cpu.ctx.poll = 1;
    cr_expect_eq(call(NR_READ, ARGS((uint64_t)fds[0], RW, 1)),
                 (int64_t)fds[0]);
    cr_expect_eq(cpu.ctx.pc, 0x5000);
    close(fds[0]);
    close(fds[1]);
}

/* ---- /proc judged by the file reached, not by the path's spelling ---- */

enum { NR_FACCESSAT = 48, NR_CHDIR = 49, NR_STATX = 291 };

#define CWD ((uint64_t)(int64_t)LX_AT_FDCWD)

/* openat(dirfd, path, flags) as the guest makes it. */
static int64_t guest_open(uint64_t dirfd, const char *path, int flags)
{
    put_string(RW, path);
    return call(NR_OPENAT, ARGS(dirfd, RW, (uint64_t)flags, 0));
}

/* The first bytes of guest descriptor fd (closed afterwards). */
static void guest_read_head(int64_t fd, char *out, size_t cap)
{
    cr_assert_geq(fd, 0, "open failed: %lld", (long long)fd);
    int64_t n = call(NR_READ, ARGS((uint64_t)fd, RW + 0x4000, cap - 1));
    cr_assert_geq(n, 0);
    cr_assert_eq(mmu_read(proc.mmu, RW + 0x4000, out, (uint64_t)n), 0);
    out[n] = '\0';
    call(NR_CLOSE, ARGS((uint64_t)fd));
}

/* Whether fd shows the guest's maps (the fixture's RW region first). */
static bool is_guest_maps(int64_t fd)
{
    char text[256];
    guest_read_head(fd, text, sizeof(text));
    return strncmp(text, "10000000-10010000 rw-p", 22) == 0;
}

static int64_t guest_readlink(uint64_t dirfd, const char *path, char *out)
{
    put_string(RW, path);
    int64_t n = call(NR_READLINKAT, ARGS(dirfd, RW, RW + 0x3000, 200));
    out[0] = '\0';
    if (n > 0) {
        cr_assert_eq(mmu_read(proc.mmu, RW + 0x3000, out, (uint64_t)n), 0);
        out[n] = '\0';
    }
    return n;
}

Test(linux_abi, proc_maps_however_reached_is_the_guests)
{
    cr_expect(is_guest_maps(guest_open(CWD, "/proc//self/maps", O_RDONLY)));
    cr_expect(is_guest_maps(guest_open(CWD, "/proc/./self/maps", O_RDONLY)));
    char own[64];
    snprintf(own, sizeof(own), "/proc/%d/task/%d/maps", getpid(), getpid());
    cr_expect(is_guest_maps(guest_open(CWD, own, O_RDONLY)));
    int64_t procdir = guest_open(CWD, "/proc", O_RDONLY | O_DIRECTORY);
    cr_assert_geq(procdir, 0);
    cr_expect(is_guest_maps(guest_open((uint64_t)procdir, "self/maps",
                                       O_RDONLY)));
    int64_t self = guest_open(CWD, "/proc/self", O_RDONLY | O_DIRECTORY);
    cr_assert_geq(self, 0);
    cr_expect(is_guest_maps(guest_open((uint64_t)self, "maps", O_RDONLY)));
    /* Through a magic link in the middle: /proc/self/fd/<dir>/maps. */
    snprintf(own, sizeof(own), "/proc/self/fd/%d/maps", (int)self);
    cr_expect(is_guest_maps(guest_open(CWD, own, O_RDONLY)));
    /* A symlink of the guest's, and a relative name after chdir. */
    char dir[] = "/tmp/vm_linux_abi_pXXXXXX", link[PATH_MAX];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(link, sizeof(link), "%s/maps", dir);
    cr_assert_eq(symlink("/proc/self/maps", link), 0);
    cr_expect(is_guest_maps(guest_open(CWD, link, O_RDONLY)));
    char back[PATH_MAX];
    cr_assert_not_null(getcwd(back, sizeof(back)));
    put_string(RW, "/proc/self");
    cr_assert_eq(call(NR_CHDIR, ARGS(RW)), 0);
    cr_expect(is_guest_maps(guest_open(CWD, "maps", O_RDONLY)));
    cr_assert_eq(chdir(back), 0);
    unlink(link);
    rmdir(dir);
    call(NR_CLOSE, ARGS((uint64_t)procdir));
    call(NR_CLOSE, ARGS((uint64_t)self));
}

Test(linux_abi, host_memory_files_refused_however_named)
{
    const char *names[] = {"/proc//self/mem", "/proc/./self/mem",
                           "/proc/self/task/%d/mem", "/proc/%d/pagemap",
                           "/proc//thread-self/mem", "/proc/self//smaps",
                           "/proc//self/map_files"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        char path[64];
        snprintf(path, sizeof(path), names[i], getpid());
        cr_expect_eq(guest_open(CWD, path, O_RDONLY), -EACCES, "%s", path);
        if (!strstr(path, "map_files")) /* a directory: EISDIR first */
            cr_expect_eq(guest_open(CWD, path, O_RDWR), -EACCES, "%s", path);
    }
    int64_t procdir = guest_open(CWD, "/proc", O_RDONLY | O_DIRECTORY);
    int64_t self = guest_open(CWD, "/proc/self", O_RDONLY | O_DIRECTORY);
    cr_assert_geq(procdir, 0);
    cr_assert_geq(self, 0);
    cr_expect_eq(guest_open((uint64_t)procdir, "self/mem", O_RDWR), -EACCES);
    cr_expect_eq(guest_open((uint64_t)self, "mem", O_RDWR), -EACCES);
    cr_expect_eq(guest_open((uint64_t)self, "pagemap", O_RDONLY), -EACCES);
    char dir[] = "/tmp/vm_linux_abi_mXXXXXX", link[PATH_MAX];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(link, sizeof(link), "%s/mem", dir);
    cr_assert_eq(symlink("/proc/self/mem", link), 0);
    cr_expect_eq(guest_open(CWD, link, O_RDWR), -EACCES);
    /* The names are still there (stat), but not readable (access). */
    put_string(RW, "/proc//self/mem");
    cr_expect_eq(call(NR_NEWFSTATAT, ARGS(CWD, RW, RW + 0x3000, 0)), 0);
    cr_expect_eq(call(NR_FACCESSAT, ARGS(CWD, RW, R_OK)), -EACCES);
    cr_expect_eq(call(NR_FACCESSAT, ARGS(CWD, RW, F_OK)), 0);
    /* A map_files entry is a magic link to what is mapped there. */
    char entry[64] = "";
    FILE *maps = fopen("/proc/self/maps", "r");
    cr_assert_not_null(maps);
    /* A file-backed mapping: anonymous ones (ASan's shadow, say) have no
     * map_files entry at all. */
    unsigned long lo = 0, hi = 0;
    char line[512];
    while (fgets(line, sizeof(line), maps))
        if (strchr(line, '/') && sscanf(line, "%lx-%lx", &lo, &hi) == 2)
            break;
    fclose(maps);
    cr_assert_neq(hi, 0);
    snprintf(entry, sizeof(entry), "/proc//self/map_files/%lx-%lx", lo, hi);
    cr_expect_eq(guest_open(CWD, entry, O_RDONLY), -EACCES);
    char text[256];
    cr_expect_eq(guest_readlink(CWD, entry, text), -EACCES);
    unlink(link);
    rmdir(dir);
    call(NR_CLOSE, ARGS((uint64_t)procdir));
    call(NR_CLOSE, ARGS((uint64_t)self));
}

Test(linux_abi, our_executable_however_named_is_the_guests)
{
    char exe[] = "/tmp/vm_linux_abi_eXXXXXX";
    int efd = mkstemp(exe);
    cr_assert_geq(efd, 0);
    cr_assert_eq(write(efd, "GUEST-PROGRAM", 13), 13);
    close(efd);
    proc.exe_path = exe;
    char text[256];
    const char *names[] = {"/proc//self/exe", "/proc/./self/exe",
                           "/proc/self/task/%d/exe", "/proc/%d//exe"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        char path[64];
        snprintf(path, sizeof(path), names[i], getpid());
        cr_expect_eq(guest_readlink(CWD, path, text), (int64_t)strlen(exe),
                     "%s", path);
        cr_expect_str_eq(text, exe);
        guest_read_head(guest_open(CWD, path, O_RDONLY), text, sizeof(text));
        cr_expect_str_eq(text, "GUEST-PROGRAM", "%s", path);
    }
    int64_t self = guest_open(CWD, "/proc/self", O_RDONLY | O_DIRECTORY);
    cr_assert_geq(self, 0);
    cr_expect_eq(guest_readlink((uint64_t)self, "exe", text),
                 (int64_t)strlen(exe));
    guest_read_head(guest_open((uint64_t)self, "exe", O_RDONLY), text,
                    sizeof(text));
    cr_expect_str_eq(text, "GUEST-PROGRAM");
    /* vm-run's own file by its real name, and a symlink to the magic one. */
    char host_exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", host_exe, sizeof(host_exe) - 1);
    cr_assert_gt(n, 0);
    host_exe[n] = '\0';
    guest_read_head(guest_open(CWD, host_exe, O_RDONLY), text, sizeof(text));
    cr_expect_str_eq(text, "GUEST-PROGRAM");
    char link[PATH_MAX];
    snprintf(link, sizeof(link), "%s.link", exe);
    cr_assert_eq(symlink("/proc/self/exe", link), 0);
    guest_read_head(guest_open(CWD, link, O_RDONLY), text, sizeof(text));
    cr_expect_str_eq(text, "GUEST-PROGRAM");
    /* stat and statx see the guest's file too. */
    put_string(RW, "/proc//self/exe");
    cr_expect_eq(call(NR_NEWFSTATAT, ARGS(CWD, RW, RW + 0x3000, 0)), 0);
    struct lx_stat st;
    cr_assert_eq(mmu_read(proc.mmu, RW + 0x3000, &st, sizeof(st)), 0);
    cr_expect_eq(st.st_size, 13);
    cr_expect_eq(call(NR_STATX, ARGS(CWD, RW, 0, 0x7ff, RW + 0x3000)), 0);
    uint64_t size;
    cr_assert_eq(mmu_read(proc.mmu, RW + 0x3000 + 40, &size, 8), 0);
    cr_expect_eq(size, 13);
    unlink(link);
    unlink(exe);
    call(NR_CLOSE, ARGS((uint64_t)self));
    proc.exe_path = "/opt/guest/prog";
}

Test(linux_abi, hidden_descriptor_unreachable_however_named)
{
    int h = linux_hide_fd(dup(1));
    cr_assert_geq(h, 0);
    char path[64], text[256];
    snprintf(path, sizeof(path), "/proc//self/fd/%d", h);
    cr_expect_eq(guest_open(CWD, path, O_RDONLY), -ENOENT);
    cr_expect_eq(guest_readlink(CWD, path, text), -ENOENT);
    put_string(RW, path);
    cr_expect_eq(call(NR_NEWFSTATAT, ARGS(CWD, RW, RW + 0x3000, 0)), -ENOENT);
    snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", getpid(), h);
    cr_expect_eq(guest_open(CWD, path, O_RDONLY), -ENOENT);
    int64_t fds = guest_open(CWD, "/proc/self/fd", O_RDONLY | O_DIRECTORY);
    cr_assert_geq(fds, 0);
    snprintf(path, sizeof(path), "%d", h);
    cr_expect_eq(guest_open((uint64_t)fds, path, O_WRONLY), -ENOENT);
    /* A guest descriptor's entry still works. */
    snprintf(path, sizeof(path), "%d", (int)fds);
    cr_expect_gt(guest_readlink((uint64_t)fds, path, text), 0);
    snprintf(path, sizeof(path), "/proc/%d/fd", getpid());
    cr_expect_str_eq(text, path);
    call(NR_CLOSE, ARGS((uint64_t)fds));
}

/* ---- sockets: the call first, then the copy-out (as Linux) ---- */

enum { NR_ACCEPT = 202, NR_RECVFROM = 207 };

Test(linux_abi, recvfrom_into_a_bad_buffer_waits_then_faults)
{
    int sv[2];
    cr_assert_eq(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0, sv), 0);
    cr_expect_eq(call(NR_RECVFROM, ARGS((uint64_t)sv[0], UNMAPPED, 4, 0, 0,
                                        0)),
                 -EAGAIN, "nothing queued: EAGAIN before any EFAULT");
    cr_assert_eq(send(sv[1], "abc", 3, 0), 3);
    cr_expect_eq(call(NR_RECVFROM, ARGS((uint64_t)sv[0], UNMAPPED, 4, 0, 0,
                                        0)),
                 -EFAULT);
    cr_expect_eq(call(NR_RECVFROM, ARGS((uint64_t)sv[0], RW, 4, 0, 0, 0)),
                 -EAGAIN, "the datagram is dropped, as Linux drops it");
    /* One that fits in the mapped start of a buffer running off the end
     * of the mapping is received whole. */
    cr_assert_eq(send(sv[1], "xyz", 3, 0), 3);
    cr_expect_eq(call(NR_RECVFROM, ARGS((uint64_t)sv[0], RW + RW_SIZE - 3, 16, 0, 0,
                                        0)),
                 3);
    close(sv[0]);
    close(sv[1]);
    cr_assert_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv), 0);
    cr_expect_eq(call(NR_RECVFROM, ARGS((uint64_t)sv[0], UNMAPPED, 4, 0, 0,
                                        0)),
                 -EAGAIN);
    cr_assert_eq(send(sv[1], "abc", 3, 0), 3);
    cr_expect_eq(call(NR_RECVFROM, ARGS((uint64_t)sv[0], UNMAPPED, 4, 0, 0,
                                        0)),
                 -EFAULT);
    cr_expect_eq(call(NR_RECVFROM, ARGS((uint64_t)sv[0], RW, 4, 0, 0, 0)), 3,
                 "a stream keeps its data");
    /* A bad address length: the data is taken, then EFAULT. */
    cr_assert_eq(send(sv[1], "d", 1, 0), 1);
    cr_expect_eq(call(NR_RECVFROM, ARGS((uint64_t)sv[0], RW, 4, 0, RW + 64,
                                        UNMAPPED)),
                 -EFAULT);
    cr_expect_eq(call(NR_RECVFROM, ARGS((uint64_t)sv[0], RW, 4, 0, 0, 0)),
                 -EAGAIN);
    close(sv[0]);
    close(sv[1]);
}

Test(linux_abi, accept_with_a_bad_length_waits_then_faults)
{
    int l = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    cr_assert_geq(l, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET,
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t sl = sizeof(sa);
    cr_assert_eq(bind(l, (struct sockaddr *)&sa, sizeof(sa)), 0);
    cr_assert_eq(listen(l, 4), 0);
    cr_assert_eq(getsockname(l, (struct sockaddr *)&sa, &sl), 0);
    cr_expect_eq(call(NR_ACCEPT, ARGS((uint64_t)l, RW, UNMAPPED)), -EAGAIN);
    int c = socket(AF_INET, SOCK_STREAM, 0);
    cr_assert_eq(connect(c, (struct sockaddr *)&sa, sizeof(sa)), 0);
    struct pollfd pfd = {.fd = l, .events = POLLIN};
    cr_assert_eq(poll(&pfd, 1, 5000), 1);
    cr_expect_eq(call(NR_ACCEPT, ARGS((uint64_t)l, RW, UNMAPPED)), -EFAULT);
    cr_expect_eq(call(NR_ACCEPT, ARGS((uint64_t)l, 0, 0)), -EAGAIN,
                 "the connection is gone, as on Linux");
    close(c);
    close(l);
}
