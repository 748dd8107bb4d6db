#!/usr/bin/env bash
# usage: check_evictions.sh VM-RUN PROGRAM [STAT...]
# Runs PROGRAM under tier 1 with a 64K code cache and --stats=json: its
# output must equal qemu-riscv64's and the stats must show evictions, and
# every further STAT named (a --stats=json key) must be above zero too.
set -u -o pipefail
vm=$1 prog=$2
shift 2
want=$(qemu-riscv64 "$prog") || { echo "qemu failed"; exit 1; }
got=$("$vm" --mode tier1 --code-cache-size 64K --stats=json "$prog" 2>stats.json.$$)
status=$?
stats=$(grep '^{' stats.json.$$)
rm -f stats.json.$$
[ $status -eq 0 ] || { echo "vm-run exited with $status"; exit 1; }
[ "$got" = "$want" ] || { echo "output differs from qemu-riscv64"; exit 1; }
for key in evictions "$@"; do
    n=$(printf '%s' "$stats" | python3 -c "import json,sys; print(json.load(sys.stdin)['$key'])")
    echo "$key: $n"
    [ "$n" -gt 0 ] || { echo "$key is not above zero"; exit 1; }
done
