/*
 * profile_options.h — --profile FILE, --profile-format FORMAT,
 * --profile-hz N and --profile-out FILE (lib/runtime/profile.h).
 */
#ifndef VM_RUN_PROFILE_OPTIONS_H
#define VM_RUN_PROFILE_OPTIONS_H

#include <stdbool.h>

#include "options.h"

/* What the options said that is settled only after all of them. */
struct profile_choice {
    const char *path;  /* --profile FILE (its name gives the format) */
    bool format_set;   /* --profile-format given */
};

/* Whether a is one of the profile options (name or name=VALUE). */
bool profile_option_wanted(const char *a);

/* Parses option a (value: after '=' or next); *took: next was used.
 * OPTIONS_ERROR after one "vm-run: ..." line. */
enum options_result profile_option_parse(const char *a, const char *next,
                                         bool *took, struct rt_options *opts,
                                         struct profile_choice *pc);

/* After the last option: the format by file name, options that need
 * --profile without it. */
enum options_result profile_options_finish(struct rt_options *opts,
                                           const struct profile_choice *pc);

#endif
