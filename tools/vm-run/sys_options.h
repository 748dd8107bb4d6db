/*
 * sys_options.h — vm-run's command line in system mode (`--system` as
 * the first argument), spelled as qemu-system-riscv64 spells it.
 */
#ifndef VM_RUN_SYS_OPTIONS_H
#define VM_RUN_SYS_OPTIONS_H

#include "options.h"
#include "sys.h"

bool sys_options_wanted(int argc, char **argv);
enum options_result sys_options_parse(int argc, char **argv,
                                      struct sys_options *o);

#endif
