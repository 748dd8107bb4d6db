/* Child processes: fork with wait4 statuses (exit codes, death by a
 * signal the parent sends, death by the child's own fault), fork + pipe,
 * a SIGCHLD handler, waitid, vfork, execve of a missing program, and
 * system(), whose /bin/sh runs natively. (Running a riscv64 program by
 * execve or posix_spawn is spawn_exec.c's: qemu-riscv64 cannot run one
 * here without binfmt_misc, so it has its own test.) */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest_util.h"

extern char **environ;
static volatile sig_atomic_t sigchld_seen;
static volatile uintptr_t bad_address = 0x20;

static void on_sigchld(int sig)
{
    (void)sig;
    sigchld_seen++;
}

static void describe(const char *what, int status)
{
    if (WIFEXITED(status))
        printf("%s: exited %d\n", what, WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        printf("%s: killed by signal %d\n", what, WTERMSIG(status));
    else
        printf("%s: status %#x\n", what, status);
}

static void fork_statuses(void)
{
    static const int codes[] = {0, 7, 255};
    for (int i = 0; i < 3; i++) {
        pid_t pid = fork();
        if (pid == 0)
            _exit(codes[i]);
        int status;
        pid_t got = wait4(pid, &status, 0, NULL);
        say("wait4 returned the child", got == pid);
        describe("child", status);
    }
    /* A child blocked in pause, killed by the parent. */
    int ready[2];
    if (pipe(ready))
        exit(2);
    pid_t pid = fork();
    if (pid == 0) {
        close(ready[0]);
        if (write(ready[1], "x", 1) != 1)
            _exit(1);
        for (;;)
            pause();
    }
    char c;
    close(ready[1]);
    if (read(ready[0], &c, 1) != 1)
        exit(2);
    close(ready[0]);
    say_ret("kill(child, SIGTERM)", kill(pid, SIGTERM));
    int status;
    waitpid(pid, &status, 0);
    describe("paused child", status);
    /* A child that faults. */
    pid = fork();
    if (pid == 0) {
        signal(SIGSEGV, SIG_DFL);
        *(volatile int *)bad_address = 1;
        _exit(1);
    }
    waitpid(pid, &status, 0);
    describe("faulting child", status);
    say_ret("wait4 with no children left", wait4(-1, &status, WNOHANG, NULL));
}

static void fork_pipe(void)
{
    int fds[2];
    if (pipe(fds))
        exit(2);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        const char msg[] = "hello from the child";
        ssize_t n = write(fds[1], msg, sizeof(msg));
        _exit(n == sizeof(msg) ? 0 : 1);
    }
    close(fds[1]);
    char buf[64] = {0};
    ssize_t n = read(fds[0], buf, sizeof(buf));
    close(fds[0]);
    printf("parent read %zd bytes: %s\n", n, buf);
    int status;
    waitpid(pid, &status, 0);
    describe("writer child", status);
    /* The child has its own copy of memory. */
    static int shared = 1;
    pid = fork();
    if (pid == 0) {
        shared = 2;
        _exit(shared);
    }
    waitpid(pid, &status, 0);
    printf("after fork the parent still sees %d, the child exited %d\n",
           shared, WEXITSTATUS(status));
}

static void sigchld_and_waitid(void)
{
    signal(SIGCHLD, on_sigchld);
    pid_t pid = fork();
    if (pid == 0)
        _exit(12);
    siginfo_t si;
    memset(&si, 0, sizeof(si));
    int r = waitid(P_PID, (id_t)pid, &si, WEXITED);
    say_ret("waitid", r);
    say("waitid names the child", si.si_pid == pid);
    printf("waitid: si_signo %d si_code %d si_status %d\n", si.si_signo,
           si.si_code, si.si_status);
    say("SIGCHLD handler ran", sigchld_seen > 0);
    signal(SIGCHLD, SIG_DFL);
}

static void vfork_exit(void)
{
    pid_t pid = vfork();
    if (pid == 0)
        _exit(33);
    int status;
    waitpid(pid, &status, 0);
    describe("vfork child", status);
}

static void exec_missing(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        char *argv[] = {"missing", NULL};
        execve("/nonexistent/program", argv, environ);
        _exit(errno == ENOENT ? 40 : 41);
    }
    int status;
    waitpid(pid, &status, 0);
    describe("execve of a missing program", status);
}

static void run_system(void)
{
    fflush(stdout);
    int rc = system("echo hi from sh; exit 3");
    describe("system()", rc);
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    fork_statuses();
    fork_pipe();
    sigchld_and_waitid();
    vfork_exit();
    exec_missing();
    run_system();
    return 0;
}
