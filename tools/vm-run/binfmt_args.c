/*
 * binfmt_args.c — vm-run started by the kernel as a binfmt_misc
 * interpreter. For a program executed as execve(path, argv, envp), the
 * kernel runs the interpreter with
 *   without P: {interpreter, path, argv[1], ...}   (argv[0] is lost)
 *   with P:    {interpreter, path, argv[0], argv[1], ...}
 * and tells the P case apart by AT_FLAGS_PRESERVE_ARGV0 in AT_FLAGS of the
 * auxiliary vector (Linux 5.12 and later), as qemu-user reads it too. The
 * first shape is already "vm-run PROG ARGS"; the second becomes
 * "vm-run --argv0 ARGV0 -- PROG ARGS" (no option parsing of the guest's
 * words, even when the path starts with '-').
 *
 * With the C flag (which implies O) the kernel also passes the program open
 * on a descriptor (AT_EXECFD). vm-run reads the program by its path (as its
 * loader and symbol reader do), so the descriptor is closed and the guest's
 * descriptors are numbered as they would be natively. A program vm-run may
 * not read (execute-only, mode 111) is therefore refused ("Permission
 * denied", status 126): reading it through the descriptor would need the
 * loader to take one (reopening /proc/self/fd/N checks the mode again).
 */
#define _GNU_SOURCE
#include "binfmt.h"

#include <stdlib.h>
#include <sys/auxv.h>
#include <unistd.h>

#ifndef AT_FLAGS_PRESERVE_ARGV0
#define AT_FLAGS_PRESERVE_ARGV0 (1 << 0) /* linux/binfmts.h */
#endif

/* The descriptor of the C (O) flag: vm-run reads the program by path. */
static void close_exec_fd(void)
{
    long fd = (long)getauxval(AT_EXECFD);
    if (fd > 2)
        close((int)fd);
}

/* The rewritten argv, for the life of the process (kept reachable). */
static char **rewritten;

char **binfmt_args(int *argc, char **argv)
{
    if (*argc < 2)
        return argv;
    close_exec_fd();
    if (!(getauxval(AT_FLAGS) & AT_FLAGS_PRESERVE_ARGV0))
        return argv; /* PATH ARGS...: already vm-run's own syntax */
    int n = *argc;
    /* argv[0] "--argv0" ARGV0 "--" PATH ARGS... NULL */
    char **out = malloc((size_t)(n + 4) * sizeof(*out));
    if (!out)
        return argv;
    int k = 0;
    out[k++] = argv[0];
    out[k++] = "--argv0";
    /* An empty argv[] reaches the kernel as {""} (Linux 5.18 on); older
     * kernels pass no argv[0] at all: the path stands in for it. */
    out[k++] = n > 2 ? argv[2] : argv[1];
    out[k++] = "--";
    out[k++] = argv[1];
    for (int i = 3; i < n; i++)
        out[k++] = argv[i];
    out[k] = NULL;
    *argc = k;
    rewritten = out;
    return out;
}
