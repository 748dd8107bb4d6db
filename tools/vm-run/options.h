/*
 * options.h — vm-run's command line.
 */
#ifndef VM_RUN_OPTIONS_H
#define VM_RUN_OPTIONS_H

#include "rt.h"

enum options_result { OPTIONS_RUN, OPTIONS_EXIT_OK, OPTIONS_ERROR };

/*
 * Parses argv into opts (guest environment: host environ edited by -E/-U).
 * OPTIONS_EXIT_OK after --help/--version; OPTIONS_ERROR after printing one
 * "vm-run: ..." line. The environment array is freed by options_free.
 */
enum options_result options_parse(int argc, char **argv, char **environ,
                                  struct rt_options *opts);
void options_free(struct rt_options *opts);

#endif
