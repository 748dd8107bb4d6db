/*
 * profile_options.c — vm-run's --profile options (profile_options.h).
 */
#include "profile_options.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "profile.h"

static const char *const names[] = {"--profile-out", "--profile-format",
                                    "--profile-hz", "--profile"};

/* a is name, or name=VALUE. */
static bool is_named(const char *a, const char *name)
{
    size_t n = strlen(name);
    return strncmp(a, name, n) == 0 && (a[n] == 0 || a[n] == '=');
}

static const char *name_of(const char *a)
{
    for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
        if (is_named(a, names[i]))
            return names[i];
    return NULL;
}

bool profile_option_wanted(const char *a)
{
    return name_of(a) != NULL;
}

static enum options_result usage_error(const char *what, const char *v,
                                       const char *hint)
{
    fprintf(stderr, "vm-run: %s '%s'%s (try 'vm-run --help')\n", what, v,
            hint);
    return OPTIONS_ERROR;
}

/* FILE is created or truncated now, so that a bad path is a usage error
 * before the guest runs. */
static enum options_result open_file(const char *name, const char *path,
                                     int *fd)
{
    if (!path || !path[0]) {
        fprintf(stderr, "vm-run: %s needs a file name (try 'vm-run --help')\n",
                name);
        return OPTIONS_ERROR;
    }
    int f = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (f < 0) {
        fprintf(stderr, "vm-run: cannot open %s file '%s': %s\n", name, path,
                strerror(errno));
        return OPTIONS_ERROR;
    }
    if (*fd > STDERR_FILENO)
        close(*fd); /* the last one wins */
    *fd = f;
    return OPTIONS_RUN;
}

static int parse_format(const char *s, unsigned *format)
{
    static const char *const formats[] = {
        [RT_PROFILE_TEXT] = "text",
        [RT_PROFILE_JSON] = "json",
        [RT_PROFILE_FOLDED] = "folded",
    };
    for (unsigned i = 0; i < sizeof(formats) / sizeof(*formats); i++)
        if (strcmp(s, formats[i]) == 0) {
            *format = i;
            return 0;
        }
    return -1;
}

static int parse_hz(const char *s, unsigned *hz)
{
    char *end;
    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (*end || errno || v < 1 || v > RT_PROFILE_MAX_HZ)
        return -1;
    *hz = (unsigned)v;
    return 0;
}

enum options_result profile_option_parse(const char *a, const char *next,
                                         bool *took, struct rt_options *opts,
                                         struct profile_choice *pc)
{
    const char *name = name_of(a);
    size_t n = strlen(name);
    *took = a[n] != '=';
    const char *v = a[n] == '=' ? a + n + 1 : next;
    if (strcmp(name, "--profile") == 0) {
        enum options_result r = open_file(name, v, &opts->profile_fd);
        if (r == OPTIONS_RUN)
            pc->path = v;
        return r;
    }
    if (strcmp(name, "--profile-out") == 0)
        return open_file(name, v, &opts->profile_out_fd);
    if (!v) {
        fprintf(stderr, "vm-run: %s needs a value (try 'vm-run --help')\n",
                name);
        return OPTIONS_ERROR;
    }
    if (strcmp(name, "--profile-format") == 0) {
        if (parse_format(v, &opts->profile_format))
            return usage_error("unknown profile format", v,
                               " (text, json, folded)");
        pc->format_set = true;
        return OPTIONS_RUN;
    }
    if (parse_hz(v, &opts->profile_hz))
        return usage_error("bad value", v, " for --profile-hz (1 to 10000)");
    return OPTIONS_RUN;
}

/* The format of --profile FILE without --profile-format: by its name. */
static unsigned format_of(const char *path)
{
    size_t n = strlen(path);
    if (n >= 5 && strcmp(path + n - 5, ".json") == 0)
        return RT_PROFILE_JSON;
    if ((n >= 7 && strcmp(path + n - 7, ".folded") == 0) ||
        strstr(path, ".folded.") != NULL)
        return RT_PROFILE_FOLDED;
    return RT_PROFILE_TEXT;
}

enum options_result profile_options_finish(struct rt_options *opts,
                                           const struct profile_choice *pc)
{
    bool any = opts->profile_fd || opts->profile_out_fd;
    if (!any && (pc->format_set || opts->profile_hz)) {
        fprintf(stderr, "vm-run: --profile-format and --profile-hz need "
                        "--profile or --profile-out (try 'vm-run --help')\n");
        return OPTIONS_ERROR;
    }
    if (opts->profile_fd && !pc->format_set)
        opts->profile_format = format_of(pc->path);
    return OPTIONS_RUN;
}
