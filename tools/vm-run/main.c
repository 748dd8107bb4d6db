/*
 * vm-run — runs a guest Linux program on this host (see --help).
 */
#include <stdlib.h>

#include "binfmt.h"
#include "options.h"
#include "rt.h"
#include "sys_options.h"

extern char **environ;

int main(int argc, char **argv)
{
    argv = binfmt_args(&argc, argv); /* started by binfmt_misc? */
    if (binfmt_wanted(argc, argv))   /* vm-run --binfmt-register ... */
        return binfmt_main(argc, argv);
    if (sys_options_wanted(argc, argv)) { /* vm-run --system ... */
        struct sys_options so;
        switch (sys_options_parse(argc, argv, &so)) {
        case OPTIONS_EXIT_OK: return 0;
        case OPTIONS_ERROR: return RT_STATUS_USAGE;
        case OPTIONS_RUN: return sys_run(&so);
        }
    }
    struct rt_options opts;
    switch (options_parse(argc, argv, environ, &opts)) {
    case OPTIONS_EXIT_OK:
        options_free(&opts);
        return 0;
    case OPTIONS_ERROR:
        options_free(&opts);
        return RT_STATUS_USAGE;
    case OPTIONS_RUN:
        break;
    }
    int status = rt_run(&opts);
    options_free(&opts);
    return status;
}
