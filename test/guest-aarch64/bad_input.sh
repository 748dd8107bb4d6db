#!/bin/sh
# bad_input.sh VM-RUN HELLO
#
# What vm-run cannot do for an aarch64 guest yet it refuses with one line
# and a distinct status: -g (the gdb stub has no aarch64 target) exits 125
# before the guest runs.
set -u
vm=$1 hello=$2
out=$(timeout 20 "$vm" -g 0 "$hello" 2>&1)
rc=$?
if [ "$rc" -eq 125 ] &&
    printf '%s\n' "$out" | grep -q '^vm-run: gdb: the gdb stub does not support aarch64 guests yet$' &&
    ! printf '%s\n' "$out" | grep -q 'hello from aarch64'; then
    echo "PASS -g refused (status 125)"
    exit 0
fi
echo "FAIL -g: status $rc, output:"
printf '%s\n' "$out"
exit 1
