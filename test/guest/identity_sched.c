/* Credentials, scheduling and memory residency: set*id (unchanged ids,
 * and as root a changed egid that glibc's broadcast carries to another
 * thread), setgroups, setfsuid/setfsgid, capget's version probe and
 * capset of the same sets, personality, getpriority/setpriority and
 * sched_setattr's nice, scheduler policy/param/priority range/rr
 * interval/attr, affinity and getcpu, mlock/munlock/mlock2, mincore,
 * process_madvise,
 * process descriptors (pidfd_open, pidfd_send_signal to ourselves and to
 * a child right after its fork, pidfd_getfd) and their error cases. Output depends on being
 * root only through facts printed as such. */
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest_util.h"

/* argv[1] == "linux": the reference is Linux, not qemu. */
static int on_linux;

static void *egid_of_thread(void *arg)
{
    *(long *)arg = syscall(SYS_getegid);
    return NULL;
}

static void ids(void)
{
    uid_t uid = getuid();
    gid_t gid = getgid();
    int root = geteuid() == 0;
    printf("root: %s\n", root ? "yes" : "no");
    say_ret("setuid(own)", setuid(uid));
    say_ret("setgid(own)", setgid(gid));
    say_ret("setreuid(-1,-1)", setreuid(-1, -1));
    say_ret("setregid(-1,-1)", setregid(-1, -1));
    say_ret("setresuid(-1,-1,-1)", setresuid(-1, -1, -1));
    say_ret("setresgid(-1,-1,-1)", setresgid(-1, -1, -1));
    say("setfsuid returns the old fsuid", setfsuid(uid) == (int)uid);
    say("setfsgid returns the old fsgid", setfsgid(gid) == (int)gid);
    gid_t groups[64];
    int n = getgroups(64, groups);
    say_ret("setgroups(current)", setgroups(n, groups) == 0 ? 0 : -1);
    say_ret("setgroups bad pointer", syscall(SYS_setgroups, 1, (void *)8));
    say_ret("setgroups negative", syscall(SYS_setgroups, -1, groups));
    if (root) {
        /* glibc changes every thread (signal 33 to each): a thread
         * started before the change sees it. */
        pthread_t th;
        long seen = -1;
        say_ret("setegid(4321)", setegid(4321));
        pthread_create(&th, NULL, egid_of_thread, &seen);
        pthread_join(th, NULL);
        say("new thread has egid 4321", seen == 4321);
        say_ret("setegid(back)", setegid(gid));
        say_ret("setresuid(-1, 4321, -1)", setresuid(-1, 4321, -1));
        say("euid now 4321", geteuid() == 4321);
        say_ret("setresuid(-1, 0, -1)", setresuid(-1, 0, -1));
    } else {
        say_ret("setuid(0) unprivileged", setuid(0));
        say_ret("setgroups unprivileged", setgroups(n, groups));
    }
    struct __user_cap_header_struct h = {0, 0};
    struct __user_cap_data_struct d[2];
    say_ret("capget version 0", syscall(SYS_capget, &h, NULL));
    printf("kernel's version: 0x%x\n", h.version);
    h.version = _LINUX_CAPABILITY_VERSION_3;
    say_ret("capget v3", syscall(SYS_capget, &h, d));
    say("effective caps iff root", (d[0].effective != 0) == root);
    say_ret("capset the same", syscall(SYS_capset, &h, d));
    say_ret("capget bad data", syscall(SYS_capget, &h, (void *)8));
    say_ret("personality query", personality(0xffffffff));
    say_ret("personality ADDR_NO_RANDOMIZE", personality(ADDR_NO_RANDOMIZE));
    say("personality kept", personality(0xffffffff) == ADDR_NO_RANDOMIZE);
    personality(PER_LINUX);
}

struct attr {
    uint32_t size, policy;
    uint64_t flags;
    int32_t nice;
    uint32_t priority;
    uint64_t runtime, deadline, period;
    uint32_t util_min, util_max;
};

static void sched(void)
{
    say_ret("getpriority", getpriority(PRIO_PROCESS, 0));
    say_ret("raw getpriority (20 - nice)", syscall(SYS_getpriority, PRIO_PROCESS, 0));
    say_ret("setpriority 3", setpriority(PRIO_PROCESS, 0, 3));
    say_ret("getpriority", getpriority(PRIO_PROCESS, 0));
    say_ret("getpriority bad which", getpriority(99, 0));
    say_ret("sched_getscheduler", sched_getscheduler(0));
    struct sched_param sp;
    say_ret("sched_getparam", sched_getparam(0, &sp));
    printf("priority %d\n", sp.sched_priority);
    say_ret("sched_setscheduler OTHER", sched_setscheduler(0, SCHED_OTHER, &sp));
    say_ret("sched_setparam", sched_setparam(0, &sp));
    sp.sched_priority = 5;
    say_ret("SCHED_OTHER priority 5", sched_setscheduler(0, SCHED_OTHER, &sp));
    say_ret("bad policy", sched_setscheduler(0, 99, &sp));
    say_ret("NULL param", syscall(SYS_sched_setscheduler, 0, SCHED_OTHER, NULL));
    say_ret("negative pid", sched_getscheduler(-1));
    say_ret("missing pid", sched_getscheduler(0x3ffffff));
    say_ret("FIFO max", sched_get_priority_max(SCHED_FIFO));
    say_ret("FIFO min", sched_get_priority_min(SCHED_FIFO));
    say_ret("OTHER max", sched_get_priority_max(SCHED_OTHER));
    say_ret("bad policy max", sched_get_priority_max(77));
    struct timespec ts;
    say_ret("sched_rr_get_interval", sched_rr_get_interval(0, &ts));
    say("interval non-negative", ts.tv_sec >= 0 && ts.tv_nsec >= 0);
    struct attr at;
    memset(&at, 0, sizeof at);
    say_ret("sched_getattr", syscall(SYS_sched_getattr, 0, &at, sizeof at, 0));
    printf("size %u policy %u nice %d\n", at.size, at.policy, at.nice);
    at.nice = 4;
    say_ret("sched_setattr nice 4", syscall(SYS_sched_setattr, 0, &at, 0));
    say_ret("getpriority", getpriority(PRIO_PROCESS, 0));
    say_ret("sched_getattr small size", syscall(SYS_sched_getattr, 0, &at, 8, 0));
    say_ret("sched_setattr bad pointer", syscall(SYS_sched_setattr, 0, (void *)8, 0));
    cpu_set_t set;
    CPU_ZERO(&set);
    say_ret("sched_getaffinity", sched_getaffinity(0, sizeof set, &set) == 0 ? 0 : -1);
    say_ret("sched_setaffinity same", sched_setaffinity(0, sizeof set, &set));
    unsigned cpu = ~0u;
    say_ret("getcpu", syscall(SYS_getcpu, &cpu, NULL, NULL));
    say("cpu in our mask", cpu < CPU_SETSIZE && CPU_ISSET(cpu, &set));
    CPU_ZERO(&set);
    say_ret("empty affinity", sched_setaffinity(0, sizeof set, &set));
}

static void memory(void)
{
    char *p = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    p[0] = 1;
    say_ret("mlock", mlock(p, 4096));
    say_ret("munlock", munlock(p, 4096));
    if (on_linux) { /* qemu 7.2 has no mlock2 */
        say_ret("mlock2 ONFAULT", mlock2(p, 8192, MLOCK_ONFAULT));
        say_ret("munlock", munlock(p, 8192));
        say_ret("mlock2 bad flags", mlock2(p, 4096, 8));
    }
    say_ret("mlockall bad flags", mlockall(0));
    unsigned char vec[4];
    say_ret("mincore", mincore(p, 4 * 4096, vec));
    say("first page resident", vec[0] & 1);
    say_ret("mincore unaligned", mincore(p + 1, 4096, vec));
    if (on_linux) { /* qemu 7.2 has no process_madvise */
        int self = (int)syscall(SYS_pidfd_open, getpid(), 0);
        struct iovec v = {p, 2 * 4096};
        say_ret("process_madvise MADV_COLD",
                syscall(SYS_process_madvise, self, &v, 1, MADV_COLD, 0));
        say_ret("process_madvise bad flags",
                syscall(SYS_process_madvise, self, &v, 1, MADV_COLD, 1));
        v.iov_len = 4 * 4096;
        munmap(p + 2 * 4096, 4096);
        say_ret("process_madvise over a hole",
                syscall(SYS_process_madvise, self, &v, 1, MADV_COLD, 0));
        close(self);
    } else {
        munmap(p + 2 * 4096, 4096);
    }
    say_ret("mincore over a hole", mincore(p, 4 * 4096, vec));
    say_ret("mlock over a hole", mlock(p, 4 * 4096));
    say_ret("mincore bad vector", mincore(p, 4096, (void *)8));
    munmap(p, 4 * 4096);
}

static uint32_t fword[2];

static void *waker(void *arg)
{
    (void)arg;
    struct timespec nap = {0, 20 * 1000 * 1000};
    nanosleep(&nap, NULL);
    __atomic_store_n(&fword[1], 1, __ATOMIC_SEQ_CST);
    syscall(SYS_futex, &fword[1], FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
    return NULL;
}

/* futex_waitv (Linux 5.16; qemu 7.2 lacks it). */
static void waitv(void)
{
    struct futex_waitv w[2] = {
        {.val = 5, .uaddr = (uintptr_t)&fword[0], .flags = FUTEX_32 | FUTEX_PRIVATE_FLAG},
        {.val = 0, .uaddr = (uintptr_t)&fword[1], .flags = FUTEX_32 | FUTEX_PRIVATE_FLAG},
    };
    say_ret("futex_waitv value differs", syscall(SYS_futex_waitv, w, 1, 0, NULL, 0));
    w[0].val = 0;
    struct timespec end;
    clock_gettime(CLOCK_MONOTONIC, &end);
    end.tv_nsec += 10 * 1000 * 1000;
    if (end.tv_nsec >= 1000000000) {
        end.tv_sec++;
        end.tv_nsec -= 1000000000;
    }
    say_ret("futex_waitv times out",
            syscall(SYS_futex_waitv, w, 2, 0, &end, CLOCK_MONOTONIC));
    pthread_t th;
    pthread_create(&th, NULL, waker, NULL);
    say_ret("futex_waitv woken (index)", syscall(SYS_futex_waitv, w, 2, 0, NULL, 0));
    pthread_join(th, NULL);
    say_ret("futex_waitv none", syscall(SYS_futex_waitv, w, 0, 0, NULL, 0));
    w[0].uaddr = 8;
    say_ret("futex_waitv bad address", syscall(SYS_futex_waitv, w, 1, 0, NULL, 0));
}

static volatile sig_atomic_t got_usr1;
static void on_usr1(int sig)
{
    (void)sig;
    got_usr1++;
}

static void pidfds(void)
{
    signal(SIGUSR1, on_usr1);
    int self = (int)syscall(SYS_pidfd_open, getpid(), 0);
    say("pidfd_open self", self >= 0);
    say_ret("pidfd_send_signal self SIGUSR1",
            syscall(SYS_pidfd_send_signal, self, SIGUSR1, NULL, 0));
    say("handler ran", got_usr1 == 1);
    say_ret("pidfd_send_signal signal 0", syscall(SYS_pidfd_send_signal, self, 0, NULL, 0));
    say_ret("pidfd_send_signal bad flags", syscall(SYS_pidfd_send_signal, self, 0, NULL, 1));
    int dup = (int)syscall(SYS_pidfd_getfd, self, 1, 0);
    say("pidfd_getfd stdout", dup > 2);
    say_ret("write through it", write(dup, "", 0));
    close(dup);
    say_ret("pidfd_getfd bad target", syscall(SYS_pidfd_getfd, self, 987, 0));
    pid_t pid = fork();
    if (pid == 0) {
        pause();
        _exit(0);
    }
    int child = (int)syscall(SYS_pidfd_open, pid, 0);
    say_ret("pidfd_send_signal child SIGTERM",
            syscall(SYS_pidfd_send_signal, child, SIGTERM, NULL, 0));
    int st;
    waitpid(pid, &st, 0);
    say("child killed by SIGTERM", WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
    say_ret("signal to the reaped child", syscall(SYS_pidfd_send_signal, child, SIGTERM, NULL, 0));
    say_ret("pidfd_open missing pid", syscall(SYS_pidfd_open, 0x3ffffff, 0));
    say_ret("pidfd_open bad flags", syscall(SYS_pidfd_open, getpid(), 1));
    say_ret("pidfd_send_signal not a pidfd", syscall(SYS_pidfd_send_signal, 0, SIGUSR1, NULL, 0));
    close(child);
    close(self);
    signal(SIGUSR1, SIG_DFL);
}

int main(int argc, char **argv)
{
    on_linux = argc > 1 && !strcmp(argv[1], "linux");
    setvbuf(stdout, NULL, _IOLBF, 0);
    ids();
    sched();
    memory();
    pidfds();
    if (on_linux)
        waitv();
    return 0;
}
