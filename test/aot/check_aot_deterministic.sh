#!/bin/sh
# The same program and options give the same image, byte for byte: builds
# PROG again with the options given and compares with IMAGE (built before
# by the same vm-aot).
# usage: check_aot_deterministic.sh VM-AOT PROG IMAGE [VM-AOT OPTIONS]
set -eu
aot=$1 prog=$2 ref=$3
shift 3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$aot" "$prog" -o "$tmp/again" "$@" >/dev/null
if ! cmp "$ref" "$tmp/again"; then
    echo "check_aot_deterministic: two builds of $prog differ" >&2
    exit 1
fi
echo "check_aot_deterministic: $(stat -c %s "$ref") bytes, identical"
