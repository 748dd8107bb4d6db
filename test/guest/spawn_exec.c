/* Running riscv64 programs from a riscv64 program: execve of itself
 * (argv[0] as given), posix_spawn of itself and of a missing program
 * (ENOENT reported by posix_spawn, as Linux's vfork-based one does),
 * posix_spawn with file actions (the child's stdout goes to a pipe), and
 * a kill() of a process that is not ours (EPERM). Checked by
 * test/scripts/process_test.sh against Linux's results, not against
 * qemu-riscv64, which cannot run a riscv64 program by execve here. With
 * "child N" it prints its argv[0] and exits N; with "foreign PID" it tries
 * to signal PID. */
#include <errno.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest_util.h"

extern char **environ;

static void describe(const char *what, int status)
{
    if (WIFEXITED(status))
        printf("%s: exited %d\n", what, WEXITSTATUS(status));
    else if (WIFSIGNALED(status))
        printf("%s: killed by signal %d\n", what, WTERMSIG(status));
}

static void exec_self(const char *self)
{
    pid_t pid = fork();
    if (pid == 0) {
        char *argv[] = {"renamed-child", "child", "9", NULL};
        execve(self, argv, environ);
        _exit(127);
    }
    int status;
    waitpid(pid, &status, 0);
    describe("execve'd child", status);
}

static void spawn(const char *self)
{
    pid_t pid;
    char *argv[] = {"spawned", "child", "5", NULL};
    int r = posix_spawn(&pid, self, NULL, NULL, argv, environ);
    /* The child prints too: report only once it is done, so the order of
     * the lines does not depend on scheduling. */
    int status;
    waitpid(pid, &status, 0);
    printf("posix_spawn of a guest program: %s\n", r ? strerrorname_np(r) : "0");
    describe("spawned child", status);

    char *missing[] = {"missing", NULL};
    r = posix_spawn(&pid, "/nonexistent/program", NULL, NULL, missing, environ);
    printf("posix_spawn of a missing program: %s\n",
           r ? strerrorname_np(r) : "0");

    int fds[2];
    if (pipe(fds))
        exit(2);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
    posix_spawn_file_actions_addclose(&fa, fds[0]);
    char *piped[] = {"piped", "child", "6", NULL};
    r = posix_spawn(&pid, self, &fa, NULL, piped, environ);
    close(fds[1]);
    char buf[128] = {0};
    ssize_t n = read(fds[0], buf, sizeof(buf) - 1);
    close(fds[0]);
    printf("posix_spawn with a pipe for stdout: %s, read %s", r ? "error" : "0",
           n > 0 ? buf : "nothing\n");
    waitpid(pid, &status, 0);
    describe("piped child", status);
    posix_spawn_file_actions_destroy(&fa);
}

int main(int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "child") == 0) {
        printf("child runs as %s, asked to exit %s\n", argv[0], argv[2]);
        return atoi(argv[2]);
    }
    if (argc == 3 && strcmp(argv[1], "foreign") == 0) {
        say_ret("kill of a process that is not ours",
                kill(atoi(argv[2]), SIGTERM));
        return 0;
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    exec_self(argv[0]);
    spawn(argv[0]);
    return 0;
}
