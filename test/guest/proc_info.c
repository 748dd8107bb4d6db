/* Process and system queries printed as relations: ids (libc and raw
 * syscalls agree, gettid == getpid in a single-threaded process), uname,
 * getrandom lengths, sysinfo, resource limits via getrlimit/prlimit64
 * (lowering RLIMIT_NOFILE takes effect), set_tid_address and
 * set_robust_list return values. */
#include <linux/futex.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "guest_util.h"

static void ids(void)
{
    pid_t pid = getpid();
    say("getpid > 0", pid > 0);
    say("getppid > 0 and differs", getppid() > 0 && getppid() != pid);
    say("gettid == getpid", gettid() == pid);
    say("raw getpid agrees", syscall(SYS_getpid) == pid);
    say("raw gettid agrees", syscall(SYS_gettid) == pid);
    say("raw getppid agrees", syscall(SYS_getppid) == getppid());
    say("getuid == geteuid", getuid() == geteuid());
    say("getgid == getegid", getgid() == getegid());
    say("raw getuid/geteuid/getgid/getegid agree",
        syscall(SYS_getuid) == getuid() && syscall(SYS_geteuid) == geteuid() &&
            syscall(SYS_getgid) == getgid() && syscall(SYS_getegid) == getegid());
    say("getpgrp > 0", getpgrp() > 0);
}

static void system_names(void)
{
    struct utsname u;
    say_ret("uname", uname(&u));
    printf("sysname: %s\n", u.sysname);
    printf("machine: %s\n", u.machine);
    say("release non-empty", u.release[0] != '\0');
    say("release starts with a digit", u.release[0] >= '0' && u.release[0] <= '9');
    say("nodename non-empty", u.nodename[0] != '\0');
}

static void randomness(void)
{
    unsigned char a[64], b[64];
    say_ret("getrandom 64", getrandom(a, sizeof a, 0));
    say_ret("getrandom 64 GRND_NONBLOCK", getrandom(b, sizeof b, GRND_NONBLOCK));
    say("two draws differ", memcmp(a, b, sizeof a) != 0);
    say_ret("raw getrandom 16", syscall(SYS_getrandom, a, 16, 0));
    say_ret("getrandom 0 bytes", getrandom(a, 0, 0));
    say_ret("getrandom bad flags", getrandom(a, 8, 0x40000000));
}

static void system_info(void)
{
    struct sysinfo si;
    say_ret("sysinfo", sysinfo(&si));
    say("totalram > 0", si.totalram > 0);
    say("freeram <= totalram", si.freeram <= si.totalram);
    say("mem_unit > 0", si.mem_unit > 0);
    say("uptime > 0", si.uptime > 0);
    say("procs > 0", si.procs > 0);
    say("get_nprocs >= 1", get_nprocs() >= 1);
}

static void limits(void)
{
    struct rlimit rl;
    say_ret("getrlimit STACK", getrlimit(RLIMIT_STACK, &rl));
    say("stack soft limit > 0", rl.rlim_cur > 0);
    say("stack soft <= hard", rl.rlim_max == RLIM_INFINITY || rl.rlim_cur <= rl.rlim_max);
    struct rlimit nofile;
    say_ret("raw prlimit64 NOFILE query", syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &nofile));
    say("nofile soft >= 64", nofile.rlim_cur >= 64);
    struct rlimit lowered = {64, nofile.rlim_max};
    say_ret("setrlimit NOFILE 64", setrlimit(RLIMIT_NOFILE, &lowered));
    getrlimit(RLIMIT_NOFILE, &rl);
    printf("NOFILE soft now %lu\n", (unsigned long)rl.rlim_cur);
    say_ret("dup2 to fd 100 above the limit", dup2(1, 100));
    say_ret("dup2 to fd 63 within the limit", dup2(1, 63));
    close(63);
    say_ret("prlimit64 restores", prlimit(0, RLIMIT_NOFILE, &nofile, &rl));
    printf("old soft reported by prlimit: %lu\n", (unsigned long)rl.rlim_cur);
    say_ret("getrlimit bad resource", getrlimit(999, &rl));
    say_ret("prlimit64 on missing pid", prlimit(999999999, RLIMIT_STACK, NULL, &rl));
}

static void thread_registration(void)
{
    static int clear_tid_word;
    long r = syscall(SYS_set_tid_address, &clear_tid_word);
    say("set_tid_address returns the tid", r == gettid());
    static struct robust_list_head head = {.list = {&head.list}, .futex_offset = 0, .list_op_pending = NULL};
    /* Linux accepts the list; qemu-user refuses robust lists with ENOSYS
     * because the kernel would walk guest pointers. Either is correct for an
     * emulator; any other outcome is not. */
    long ok = syscall(SYS_set_robust_list, &head, sizeof head);
    say("set_robust_list valid: 0 or ENOSYS", ok == 0 || errno == ENOSYS);
    long bad = syscall(SYS_set_robust_list, &head, sizeof head + 8);
    say("set_robust_list bad length: EINVAL or ENOSYS", bad == -1 && (errno == EINVAL || errno == ENOSYS));
}

int main(void)
{
    ids();
    system_names();
    randomness();
    system_info();
    limits();
    thread_registration();
    return 0;
}
