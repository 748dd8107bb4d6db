/*
 * strace.c — the --strace hooks. Names and argument kinds come from the
 * guest's system-call table (guest_abi.h, built from LINUX_SYSCALLS* and
 * the LX_ARGS_<name> kinds); calls outside it show as syscall_NNN with six
 * hex arguments.
 *
 * A line is written once the call has returned, so it can carry the result
 * and what a read filled in; calls that do not return (exit_group,
 * rt_sigreturn) are written before they run. The prefix is the calling
 * thread's id, which is qemu's pid for a single-threaded guest.
 */
#include <errno.h>
#include <signal.h>
#include <unistd.h>

#include "linux_internal.h"
#include "strace.h"

/* Call nr of the thread's guest, or NULL. */
static const struct lx_syscall *desc_of(const struct rt_thread *t, uint64_t nr)
{
    return lx_syscall_lookup(t->proc->guest->linux_abi, nr);
}

static bool has_marker(const struct lx_syscall *d, enum lx_arg_kind marker)
{
    for (int i = 0; d && i < LX_STRACE_MAX_ARGS + 1; i++)
        if (d->kinds[i] == marker)
            return true;
    return false;
}

/* The --log descriptor: where linux_process_start hid it, else as the
 * front end opened it. */
static int log_fd(const struct rt_thread *t)
{
    int fd = t->proc->log_fd > 0 ? t->proc->log_fd : t->proc->opts->log_fd;
    return fd > 0 ? fd : STDERR_FILENO;
}

/* "tid name(args)" into l. */
static void format_call(struct lx_line *l, struct rt_thread *t, uint64_t nr,
                        const uint64_t a[6], int64_t result)
{
    const struct lx_syscall *d = desc_of(t, nr);
    lx_line_printf(l, "%d ", t->tid);
    if (!d) {
        lx_line_printf(l, "syscall_%u(", (unsigned)nr);
        for (int i = 0; i < LX_STRACE_MAX_ARGS; i++)
            lx_line_printf(l, "%s%#llx", i ? "," : "",
                           (unsigned long long)a[i]);
        lx_line_puts(l, ")");
        return;
    }
    lx_line_printf(l, "%s(", d->name);
    bool first = true;
    for (int i = 0; i < LX_STRACE_MAX_ARGS && d->kinds[i] != LXA_END &&
                    d->kinds[i] < LXA_COUNT;
         i++) {
        struct lx_line arg = {0};
        if (!lx_strace_arg(&arg, t, d->kinds[i], a, i, result))
            continue;
        arg.text[arg.len] = '\0';
        lx_line_printf(l, "%s%s", first ? "" : ",", arg.text);
        first = false;
    }
    lx_line_puts(l, ")");
}

/* One write() per line, so concurrent threads' lines stay whole. */
static void write_line(struct rt_thread *t, struct lx_line *l)
{
    l->text[l->len++] = '\n';
    ssize_t n;
    do
        n = write(log_fd(t), l->text, l->len);
    while (n < 0 && errno == EINTR);
}

void lx_strace_enter(struct rt_thread *t, uint64_t nr, const uint64_t a[6])
{
    if (!has_marker(desc_of(t, nr), LXR_NORETURN))
        return;
    /* errno is the guest call's to set, not the trace's. */
    int saved = errno;
    struct lx_line l = {0};
    format_call(&l, t, nr, a, 0);
    write_line(t, &l);
    errno = saved;
}

void lx_strace_leave(struct rt_thread *t, uint64_t nr, const uint64_t a[6],
                     int64_t result)
{
    const struct lx_syscall *d = desc_of(t, nr);
    if (has_marker(d, LXR_NORETURN))
        return;
    int saved = errno;
    struct lx_line l = {0};
    format_call(&l, t, nr, a, result);
    if (result != LX_RET_KEEP)
        lx_strace_result(&l, result, has_marker(d, LXR_ADDR));
    write_line(t, &l);
    errno = saved;
}

/* Synchronous faults carry an address; the others who sent them. */
static bool is_fault_signal(int sig)
{
    return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL ||
           sig == SIGFPE || sig == SIGTRAP;
}

void lx_strace_signal(struct rt_thread *t, const struct lx_siginfo *info)
{
    int saved = errno;
    struct lx_line l = {0};
    const struct lx_syms *names = lx_strace_syms(LXA_SIGNAL);
    lx_line_printf(&l, "%d --- ", t->tid);
    lx_line_syms(&l, names, (uint64_t)info->si_signo);
    lx_line_puts(&l, " {si_signo=");
    lx_line_syms(&l, names, (uint64_t)info->si_signo);
    lx_line_printf(&l, ", si_code=%d", info->si_code);
    if (is_fault_signal(info->si_signo))
        lx_line_printf(&l, ", si_addr=%#llx",
                       (unsigned long long)info->fields.fault.addr);
    else
        lx_line_printf(&l, ", si_pid=%d, si_uid=%u", info->fields.kill.pid,
                       info->fields.kill.uid);
    lx_line_puts(&l, "} ---");
    write_line(t, &l);
    errno = saved;
}
