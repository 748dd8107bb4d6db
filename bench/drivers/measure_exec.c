/* Runs one command and reports what it cost, for bench/measure.py.
 * Usage: measure_exec TIMEOUT_S PROG [ARGS...]
 * Writes "exit_code wall_s cpu_s maxrss_kib timed_out" to fd 3 (fd 3 is closed in PROG).
 *
 * Why not time from Python: Linux folds the mm of the process that calls exec into the
 * child's ru_maxrss, so a program spawned straight from the ~18 MiB Python runner reports
 * at least 18 MiB. Forked from this small process, the floor is about 1 MiB. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t timed_out;
static pid_t child;

static void on_alarm(int sig)
{
    (void)sig;
    timed_out = 1;
    kill(child, SIGKILL);
}

static double seconds(struct timeval tv)
{
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s TIMEOUT_S PROG [ARGS...]\n", argv[0]);
        return 2;
    }
    FILE *report = fdopen(3, "w");
    if (report == NULL || fcntl(3, F_SETFD, FD_CLOEXEC) != 0) {
        perror("measure_exec: fd 3");
        return 2;
    }
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    child = fork();
    if (child < 0) {
        perror("measure_exec: fork");
        return 2;
    }
    if (child == 0) {
        execvp(argv[2], &argv[2]);
        fprintf(stderr, "measure_exec: %s: %s\n", argv[2], strerror(errno));
        _exit(127);
    }
    signal(SIGALRM, on_alarm);
    alarm((unsigned)atoi(argv[1]));
    int status;
    struct rusage usage;
    while (wait4(child, &status, 0, &usage) < 0)
        if (errno != EINTR) {
            perror("measure_exec: wait4");
            return 2;
        }
    clock_gettime(CLOCK_MONOTONIC, &end);
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    double wall = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    fprintf(report, "%d %.6f %.6f %ld %d\n", code, wall,
            seconds(usage.ru_utime) + seconds(usage.ru_stime), usage.ru_maxrss, (int)timed_out);
    return fclose(report) == 0 ? 0 : 2;
}
