#!/bin/sh
# Runs PROG under qemu-riscv64 and under vm-run --mode MODE; fails unless
# both print the same and exit alike.
# usage: compare_mode.sh VM-RUN MODE QEMU PROG
set -u
vm=$1 mode=$2 qemu=$3 prog=$4
want=$("$qemu" "$prog"); want_rc=$?
got=$("$vm" --mode "$mode" "$prog"); got_rc=$?
if [ "$want" != "$got" ] || [ "$want_rc" != "$got_rc" ]; then
    printf 'qemu (%s):\n%s\nvm-run --mode %s (%s):\n%s\n' "$want_rc" "$want" \
        "$mode" "$got_rc" "$got" >&2
    exit 1
fi
printf '%s\n' "$got"
