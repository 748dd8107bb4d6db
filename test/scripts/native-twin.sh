#!/bin/bash
# Runs the native x86-64 twin of a riscv64 guest program, so that Linux
# itself can stand in for qemu-riscv64 as run_guest_tests.sh's reference:
#
#   native-twin.sh .../test/guest/NAME ARGS...          (static guest build)
#   native-twin.sh .../test/guest/dynamic/NAME ARGS...  (dynamic guest build)
#
# both run .../test/guest/native/NAME (built from the same source by
# test/guest/native/CMakeLists.txt) with argv[0] = the guest program's path,
# as the guest sees it under an emulator, and with the environment exactly
# as received: bash exports PWD, SHLVL and _ on its own, and the runner never
# sets them, so they are removed again.
set -u

die() {
    echo "native-twin: $*" >&2
    exit 127
}

[ $# -ge 1 ] || die "usage: native-twin.sh PROGRAM [ARGS...]"
program=$1
shift
name=$(basename "$program")
guest_dir=$(dirname "$program")
[ "$(basename "$guest_dir")" = dynamic ] && guest_dir=$(dirname "$guest_dir")
native="$guest_dir/native/$name"
[ -x "$native" ] || die "no native twin $native for $program"

# perl's exec {PATH} LIST is the portable way to choose argv[0].
exec /usr/bin/env -u PWD -u SHLVL -u _ /usr/bin/perl -e \
    'my $path = shift; exec {$path} @ARGV; die "native-twin: $path: $!\n"' \
    "$native" "$program" "$@"
