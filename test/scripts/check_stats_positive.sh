#!/usr/bin/env bash
# usage: check_stats_positive.sh PROGRAM "STAT..." VM-RUN [VM-RUN OPTION...]
# Runs the riscv64 PROGRAM under VM-RUN with its options and --stats=json:
# it must exit 0 with qemu-riscv64's output, and every STAT named (keys of
# the --stats=json line) must be above zero.
set -u -o pipefail
prog=$1 keys=$2
shift 2
want=$(qemu-riscv64 "$prog") || { echo "qemu failed"; exit 1; }
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
got=$("$@" --stats=json "$prog" 2>"$tmp")
status=$?
stats=$(grep '^{' "$tmp")
[ $status -eq 0 ] || { echo "vm-run exited with $status"; cat "$tmp"; exit 1; }
[ "$got" = "$want" ] || { echo "output differs from qemu-riscv64"; exit 1; }
for key in $keys; do
    n=$(printf '%s' "$stats" | python3 -c "import json,sys; print(json.load(sys.stdin)['$key'])")
    echo "$key: $n"
    [ "$n" -gt 0 ] || { echo "$key is not above zero"; exit 1; }
done
