#!/usr/bin/env bash
# usage: check_evictions.sh VM-RUN PROGRAM
# Runs PROGRAM under tier 1 with a 64K code cache and --stats=json: its
# output must equal qemu-riscv64's and the stats must show evictions.
set -u -o pipefail
vm=$1 prog=$2
want=$(qemu-riscv64 "$prog") || { echo "qemu failed"; exit 1; }
got=$("$vm" --mode tier1 --code-cache-size 64K --stats=json "$prog" 2>stats.json.$$)
status=$?
stats=$(grep '^{' stats.json.$$)
rm -f stats.json.$$
[ $status -eq 0 ] || { echo "vm-run exited with $status"; exit 1; }
[ "$got" = "$want" ] || { echo "output differs from qemu-riscv64"; exit 1; }
evictions=$(printf '%s' "$stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["evictions"])')
echo "evictions: $evictions"
[ "$evictions" -gt 0 ]
