/*
 * sys_monitor.c — the human monitor (sys_monitor.h): the socket, line
 * assembly and the command table.
 */
#include "sys_monitor.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "sys_snapshot.h"

#define LINE_MAX_BYTES 1024
#define PROMPT "(vm) "
#define STOPPED_WAKE_MS 100 /* how often a stopped hart looks at --timeout */

struct sys_monitor {
    int listen_fd, client_fd;
    char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
    struct sys_hart *hart;
    const struct sys_options *opts;
    bool stopped;
    char line[LINE_MAX_BYTES];
    size_t line_len;
    bool line_too_long;
};

static void say(struct sys_monitor *m, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (m->client_fd < 0 || n <= 0)
        return;
    size_t len = (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1;
    /* A client gone away is noticed by the next read. */
    if (send(m->client_fd, buf, len, MSG_NOSIGNAL) < 0)
        return;
}

/* ---- commands ---- */

static const char *const abi_names[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0",
    "a1", "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5",
    "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};

/* Our layout (not QEMU's): pc and privilege, then x1..x31 four a line. */
static void cmd_info_registers(struct sys_monitor *m, const char *arg)
{
    (void)arg;
    const struct rv_hart *r = &m->hart->rv;
    static const char priv_name[4] = {'U', 'S', '?', 'M'};
    say(m, "pc %016llx priv %c\n", (unsigned long long)r->cpu.ctx.pc,
        priv_name[r->priv & 3]);
    for (unsigned i = 1; i < 32; i++)
        say(m, "x%-2u/%-4s %016llx%s", i, abi_names[i],
            (unsigned long long)r->cpu.x[i],
            i % 4 == 0 || i == 31 ? "\n" : "  ");
}

static void cmd_info_status(struct sys_monitor *m, const char *arg)
{
    (void)arg;
    say(m, "VM status: %s\n", m->stopped ? "paused" : "running");
}

static void cmd_stop(struct sys_monitor *m, const char *arg)
{
    (void)arg;
    if (!m->stopped)
        dev_clint_pause(m->hart->board->clint, true);
    m->stopped = true;
}

static void cmd_cont(struct sys_monitor *m, const char *arg)
{
    (void)arg;
    if (m->stopped)
        dev_clint_pause(m->hart->board->clint, false);
    m->stopped = false;
}

static void cmd_savevm(struct sys_monitor *m, const char *arg)
{
    char err[256];
    if (!*arg) {
        say(m, "Error: savevm needs a file name (ours: a file, not a tag)\n");
        return;
    }
    if (sys_snapshot_save(m->hart, m->opts, arg, err, sizeof(err)))
        say(m, "Error: %s\n", err);
}

static void cmd_quit(struct sys_monitor *m, const char *arg)
{
    (void)arg;
    cmd_cont(m, arg);
    dev_power_off(&m->hart->board->power, 0);
}

static void cmd_help(struct sys_monitor *m, const char *arg);

static const struct command {
    const char *name; /* a word, or "info WORD" */
    const char *args, *help;
    void (*run)(struct sys_monitor *m, const char *arg);
} commands[] = {
    {"cont", "", "resume the guest (also: c)", cmd_cont},
    {"c", NULL, NULL, cmd_cont},
    {"help", "", "list the commands", cmd_help},
    {"info registers", "", "pc, privilege and x1..x31", cmd_info_registers},
    {"info status", "", "running or paused", cmd_info_status},
    {"quit", "", "end vm-run, status 0 (also: q)", cmd_quit},
    {"q", NULL, NULL, cmd_quit},
    {"savevm", " FILE", "write a snapshot to FILE (for -loadvm FILE)",
     cmd_savevm},
    {"stop", "", "pause the guest and its clock", cmd_stop},
};
#define COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void cmd_help(struct sys_monitor *m, const char *arg)
{
    (void)arg;
    for (unsigned i = 0; i < COMMANDS; i++)
        if (commands[i].help)
            say(m, "%s%s -- %s\n", commands[i].name, commands[i].args,
                commands[i].help);
}

/* Whether line starts with the command's words; *rest: what follows. */
static bool matches(const char *line, const char *name, const char **rest)
{
    size_t n = strlen(name);
    if (strncmp(line, name, n) != 0 || (line[n] && line[n] != ' '))
        return false;
    for (line += n; *line == ' '; line++)
        ;
    *rest = line;
    return true;
}

static void run_line(struct sys_monitor *m, char *line)
{
    size_t n = strlen(line);
    while (n && (line[n - 1] == ' ' || line[n - 1] == '\r'))
        line[--n] = 0;
    while (*line == ' ')
        line++;
    const char *rest;
    if (*line) {
        unsigned i = 0;
        while (i < COMMANDS && !matches(line, commands[i].name, &rest))
            i++;
        if (i < COMMANDS)
            commands[i].run(m, rest);
        else
            say(m, "unknown command: '%s'\n", line);
    }
    if (!dev_power_stopped(&m->hart->board->power))
        say(m, PROMPT);
}

/* ---- the socket ---- */

struct sys_monitor *sys_monitor_new(const char *path, struct sys_hart *h,
                                    const struct sys_options *o)
{
    struct sockaddr_un a = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof(a.sun_path)) {
        fprintf(stderr, "vm-run: -monitor: socket path too long\n");
        return NULL;
    }
    struct sys_monitor *m = calloc(1, sizeof(*m));
    if (!m) {
        fprintf(stderr, "vm-run: out of memory\n");
        return NULL;
    }
    strcpy(a.sun_path, path);
    strcpy(m->path, path);
    m->hart = h;
    m->opts = o;
    m->client_fd = -1;
    m->listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    unlink(path); /* a socket left by an earlier run, as QEMU replaces it */
    if (m->listen_fd < 0 || bind(m->listen_fd, (struct sockaddr *)&a,
                                 sizeof(a)) ||
        listen(m->listen_fd, 1)) {
        fprintf(stderr, "vm-run: -monitor: %s: %s\n", path, strerror(errno));
        if (m->listen_fd >= 0)
            close(m->listen_fd);
        free(m);
        return NULL;
    }
    return m;
}

void sys_monitor_free(struct sys_monitor *m)
{
    if (!m)
        return;
    if (m->client_fd >= 0)
        close(m->client_fd);
    close(m->listen_fd);
    unlink(m->path);
    free(m);
}

static void hang_up(struct sys_monitor *m)
{
    close(m->client_fd);
    m->client_fd = -1;
    m->line_len = 0;
}

/* Bytes from the client, run line by line. */
static void receive(struct sys_monitor *m)
{
    char buf[512];
    ssize_t n = recv(m->client_fd, buf, sizeof(buf), MSG_DONTWAIT);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
        hang_up(m); /* a stopped guest stays stopped, as under QEMU */
        return;
    }
    for (ssize_t i = 0; i < n && m->client_fd >= 0; i++) {
        if (buf[i] != '\n') {
            if (m->line_len + 1 < sizeof(m->line))
                m->line[m->line_len++] = buf[i];
            else
                m->line_too_long = true;
            continue;
        }
        m->line[m->line_len] = 0;
        if (m->line_too_long)
            say(m, "Error: line too long\n" PROMPT);
        else
            run_line(m, m->line);
        m->line_len = 0;
        m->line_too_long = false;
        if (dev_power_stopped(&m->hart->board->power))
            return; /* quit: the rest is not for us */
    }
}

/* Waits up to ms (-1: for ever) for a client or its bytes. */
static void serve(struct sys_monitor *m, int ms)
{
    bool client = m->client_fd >= 0;
    struct pollfd p = {.fd = client ? m->client_fd : m->listen_fd,
                       .events = POLLIN};
    if (poll(&p, 1, ms) <= 0)
        return;
    if (client) {
        receive(m);
        return;
    }
    m->client_fd = accept(m->listen_fd, NULL, NULL);
    if (m->client_fd >= 0)
        say(m, "vm-run monitor - type 'help' for more information\n" PROMPT);
}

void sys_monitor_poll(void *monitor)
{
    struct sys_monitor *m = monitor;
    const struct sys_hart *h = m->hart;
    serve(m, 0);
    /* --timeout still ends a stopped run: the hart loop sees it once
     * this returns (a forgotten stop must not outlive its test). */
    while (m->stopped && !dev_power_stopped(&h->board->power) &&
           !(h->deadline_ns && dev_clock_ns() > h->deadline_ns))
        serve(m, STOPPED_WAKE_MS);
}
