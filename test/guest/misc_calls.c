/* Smaller calls common tools make: prctl names and harmless options,
 * membarrier, rseq, riscv_hwprobe, sched_yield/getaffinity, umask, times,
 * getrusage, clock_getres, and the file-attribute calls (utimensat,
 * fchmodat, fchownat, symlinkat, linkat, ftruncate, fallocate, fsync). */
#include <errno.h>
#include <fcntl.h>
#include <linux/membarrier.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include "guest_util.h"

#define NR_RISCV_HWPROBE 258

static void check_prctl(void)
{
    char name[16] = "";
    say_ret("PR_SET_NAME",
            prctl(PR_SET_NAME, "guest-worker-name-long", 0, 0, 0));
    say_ret("PR_GET_NAME", prctl(PR_GET_NAME, name, 0, 0, 0));
    printf("  name '%s'\n", name);
    int sig = -1;
    say_ret("PR_SET_PDEATHSIG", prctl(PR_SET_PDEATHSIG, SIGUSR2, 0, 0, 0));
    say_ret("PR_GET_PDEATHSIG", prctl(PR_GET_PDEATHSIG, &sig, 0, 0, 0));
    say("  SIGUSR2", sig == 12);
    prctl(PR_SET_PDEATHSIG, 0, 0, 0, 0);
    say_ret("PR_GET_DUMPABLE", prctl(PR_GET_DUMPABLE, 0, 0, 0, 0));
    say_ret("PR_GET_NO_NEW_PRIVS", prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0));
    say_ret("PR_GET_NAME into a bad buffer",
            prctl(PR_GET_NAME, (char *)8, 0, 0, 0));
    say_ret("unknown option", prctl(0x7fff0000, 0, 0, 0, 0));
}

static void check_membarrier_rseq(void)
{
    long q = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
    say("membarrier query offers GLOBAL and PRIVATE_EXPEDITED",
        q > 0 && (q & MEMBARRIER_CMD_GLOBAL) &&
            (q & MEMBARRIER_CMD_PRIVATE_EXPEDITED) &&
            (q & MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED));
    say_ret("PRIVATE_EXPEDITED before registering",
            syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0));
    say_ret("REGISTER_PRIVATE_EXPEDITED",
            syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED,
                    0, 0));
    say_ret("PRIVATE_EXPEDITED",
            syscall(SYS_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0));
    say_ret("query with flags",
            syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 1, 0));
    say_ret("unknown command", syscall(SYS_membarrier, 1 << 20, 0, 0));
    static char area[32] __attribute__((aligned(32)));
    say_ret("rseq", syscall(SYS_rseq, area, 32, 0, 0x53053053));
}

/* qemu 7.2 predates riscv_hwprobe (ENOSYS); where it exists, the answer
 * must describe an RV64GC hart. */
static void check_hwprobe(void)
{
    struct {
        int64_t key;
        uint64_t value;
    } p[7] = {{0, 9}, {1, 9}, {2, 9}, {3, 0}, {4, 0}, {5, 9}, {99, 9}};
    long r = syscall(NR_RISCV_HWPROBE, p, 7, 0, NULL, 0);
    int ok = r == 0 && p[0].value == 0 && p[1].value == 0 && p[2].value == 0 &&
             p[3].value == 1 && (p[4].value & 3) == 3 && p[6].key == -1 &&
             p[6].value == 0;
    say("riscv_hwprobe describes RV64GC or is absent",
        ok || (r < 0 && errno == ENOSYS));
    r = syscall(NR_RISCV_HWPROBE, p, 1, 0, NULL, 1);
    say("  flags are refused or absent",
        r < 0 && (errno == EINVAL || errno == ENOSYS));
    r = syscall(NR_RISCV_HWPROBE, (void *)8, 1, 0, NULL, 0);
    say("  a bad pointer faults or absent",
        r < 0 && (errno == EFAULT || errno == ENOSYS));
}

static void check_process_calls(void)
{
    say_ret("sched_yield", sched_yield());
    cpu_set_t set;
    say("sched_getaffinity",
        sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0);
    mode_t old = umask(027);
    say_ret("umask returns the previous mask", umask(old) == 027 ? 027 : -1);
    struct tms tm;
    say("times", times(&tm) != (clock_t)-1 && tm.tms_utime >= 0);
    struct rusage ru;
    say_ret("getrusage", getrusage(RUSAGE_SELF, &ru));
    say("  max RSS > 0", ru.ru_maxrss > 0);
    say_ret("getrusage bad who", getrusage(42, &ru));
    struct timespec res;
    say_ret("clock_getres MONOTONIC", clock_getres(CLOCK_MONOTONIC, &res));
    say("  at most 1 ms",
        res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 1000000);
    say_ret("clock_getres NULL", clock_getres(CLOCK_REALTIME, NULL));
    say_ret("clock_getres bad clock", clock_getres(12345, &res));
}

static void check_file_attrs(void)
{
    int fd = open("attrs.txt", O_CREAT | O_RDWR | O_TRUNC, 0600);
    say_ret("write", write(fd, "0123456789", 10));
    say_ret("ftruncate to 4", ftruncate(fd, 4));
    struct stat st;
    fstat(fd, &st);
    printf("  size %lld\n", (long long)st.st_size);
    say_ret("fallocate 8192", fallocate(fd, 0, 0, 8192));
    fstat(fd, &st);
    printf("  size %lld\n", (long long)st.st_size);
    say_ret("fsync", fsync(fd));
    say_ret("fdatasync", fdatasync(fd));
    say_ret("fchmodat 0640", fchmodat(AT_FDCWD, "attrs.txt", 0640, 0));
    stat("attrs.txt", &st);
    printf("  mode %o\n", st.st_mode & 07777);
    say_ret("fchownat to own ids",
            fchownat(AT_FDCWD, "attrs.txt", getuid(), getgid(), 0));
    struct timespec t[2] = {{1000000000, 5}, {1234567890, 123456789}};
    say_ret("utimensat", utimensat(AT_FDCWD, "attrs.txt", t, 0));
    stat("attrs.txt", &st);
    printf("  mtime %lld.%09ld\n", (long long)st.st_mtim.tv_sec,
           st.st_mtim.tv_nsec);
    struct timespec omit[2] = {{0, UTIME_OMIT}, {0, UTIME_OMIT}};
    say_ret("utimensat UTIME_OMIT on the fd", futimens(fd, omit));
    say_ret("utimensat bad nsec",
            utimensat(AT_FDCWD, "attrs.txt",
                      (struct timespec[2]){{0, 2000000000}, {0, 0}}, 0));
    say_ret("symlinkat", symlinkat("attrs.txt", AT_FDCWD, "attrs.link"));
    say_ret("linkat", linkat(AT_FDCWD, "attrs.txt", AT_FDCWD, "attrs.hard", 0));
    stat("attrs.txt", &st);
    printf("  links %lu\n", (unsigned long)st.st_nlink);
    say_ret("linkat following the symlink",
            linkat(AT_FDCWD, "attrs.link", AT_FDCWD, "attrs.hard2",
                   AT_SYMLINK_FOLLOW));
    lstat("attrs.hard2", &st);
    say("  a regular file", S_ISREG(st.st_mode));
    say_ret("linkat onto an existing name",
            linkat(AT_FDCWD, "attrs.txt", AT_FDCWD, "attrs.hard", 0));
    close(fd);
    unlink("attrs.hard2");
    unlink("attrs.hard");
    unlink("attrs.link");
    unlink("attrs.txt");
}

int main(void)
{
    check_prctl();
    check_membarrier_rseq();
    check_hwprobe();
    check_process_calls();
    check_file_attrs();
    return 0;
}
