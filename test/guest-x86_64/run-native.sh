#!/bin/bash
# Reference for run_guest_tests.sh (--qemu) in the x86-64 guest suite: the
# guest program is an x86-64 Linux executable, so Linux runs it itself.
#
#   run-native.sh PROGRAM ARGS...
#
# argv[0] is the program's path, as the guest sees it under vm-run, and
# the environment is exactly as received: bash exports PWD, SHLVL and _ on
# its own, and the runner never sets them, so they are removed again.
set -u
[ $# -ge 1 ] || { echo "run-native: usage: run-native.sh PROGRAM [ARGS...]" >&2; exit 127; }
[ -x "$1" ] || { echo "run-native: $1 is not executable" >&2; exit 127; }
exec /usr/bin/env -u PWD -u SHLVL -u _ "$@"
