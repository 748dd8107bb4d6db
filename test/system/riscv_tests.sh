#!/bin/sh
# system/riscv-tests: runs every riscv-tests binary built in DIR under
# `vm-run --system -M spike -bios none -kernel T` (two at a time). A test
# passes when it writes 1 to HTIF tohost (vm-run exits 0). Tests listed
# in EXPECTED as "name  reason" are known failures: they must still fail
# (so the list stays true); every other test must pass.
# MODE (default interp) is vm-run's --mode: the same list holds in each;
# OPTIONS after it go to vm-run too (tiered: a low --tier-threshold, so
# that these short tests run compiled regions).
# usage: riscv_tests.sh VM_RUN DIR EXPECTED [MODE [OPTIONS...]]
set -eu
vm_run=$1
dir=$2
expected=$3
mode=${4:-interp}
shift $(( $# < 4 ? $# : 4 ))
extra="$*"
ls "$dir"/rv64* >/dev/null 2>&1 || { echo "FAIL: no tests in $dir (riscv-tests sources missing?)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export vm_run work mode extra
ls "$dir"/rv64* | xargs -P 2 -n 1 sh -c '
    t=$(basename "$1"); s=0
    # (extra: options without spaces, split on purpose)
    "$vm_run" --system --mode "$mode" $extra -M spike -bios none \
        -kernel "$1" --timeout 30 \
        </dev/null >"$work/$t.out" 2>&1 || s=$?
    echo "$t $s" >"$work/$t.status"' sh
known=$(grep -v "^#" "$expected" | awk "NF {print \$1}")
total=0; passed=0; bad=0
for f in "$work"/*.status; do
    read -r t s <"$f"
    total=$((total + 1))
    if echo "$known" | grep -qx "$t"; then
        if [ "$s" -eq 0 ]; then echo "UNEXPECTED PASS: $t (remove it from $(basename "$expected"))"; bad=$((bad + 1)); fi
        continue
    fi
    if [ "$s" -eq 0 ]; then passed=$((passed + 1)); else
        echo "FAIL: $t (exit $s)"; head -3 "$work/$t.out"; bad=$((bad + 1)); fi
done
echo "$passed of $total passed, $(echo "$known" | grep -c .) known failures, $bad unexpected"
[ $bad -eq 0 ] && [ $passed -gt 0 ]
