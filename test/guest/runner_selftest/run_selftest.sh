#!/usr/bin/env bash
# Checks run_guest_tests.sh itself without vm-run:
#  1. qemu standing in for vm-run passes every listed test (this also shows
#     each program gives the same results on two runs);
#  2. an emulator adding a stdout line, and one returning a wrong status,
#     fail every test;
#  3. --filter selects only the matching tests.
# usage: run_selftest.sh RUNNER PROGRAM-DIR LIST QEMU
set -u
runner=$1 dir=$2 list=$3 qemu=$4
here=$(cd "$(dirname "$0")" && pwd)
total=$(grep -cv -E '^[[:space:]]*(#|$)' "$list")
failures=0

expect() {
    local what=$1 want_status=$2 want_summary=$3 log=$4 status=$5
    if { [ "$want_status" = 0 ] && [ "$status" != 0 ]; } ||
        { [ "$want_status" != 0 ] && [ "$status" = 0 ]; } ||
        ! grep -qxF "$want_summary" "$log"; then
        echo "SELFTEST FAIL: $what (status $status, wanted summary '$want_summary')"
        tail -n 25 "$log"
        failures=$((failures + 1))
    else
        echo "SELFTEST PASS: $what"
    fi
}

log=$(mktemp)
trap 'rm -f "$log"' EXIT

"$runner" --vm "$here/qemu_as_vm.sh" --mode interp --dir "$dir" --list "$list" --qemu "$qemu" >"$log" 2>&1
expect "qemu as vm passes all $total" 0 "guest tests (interp): $total passed, 0 failed" "$log" $?

"$runner" --vm "$here/corrupt_stdout_vm.sh" --dir "$dir" --list "$list" --qemu "$qemu" >"$log" 2>&1
expect "stdout corruption fails all $total" 1 "guest tests (default): 0 passed, $total failed" "$log" $?

"$runner" --vm "$here/wrong_status_vm.sh" --dir "$dir" --list "$list" --qemu "$qemu" --filter '^(exit42|sig_segv|hello)$' >"$log" 2>&1
expect "wrong status fails 3 filtered tests" 1 "guest tests (default): 0 passed, 3 failed" "$log" $?

n_sig=$(grep -c '^sig_' "$list")
"$runner" --vm "$here/qemu_as_vm.sh" --dir "$dir" --list "$list" --qemu "$qemu" --filter '^sig_' >"$log" 2>&1
expect "filter ^sig_ runs the $n_sig listed sig_ tests" 0 "guest tests (default): $n_sig passed, 0 failed" "$log" $?

"$runner" --vm "$here/qemu_as_vm.sh" --dir "$dir" --list "$list" --qemu "$qemu" --filter '^no-such-test$' >"$log" 2>&1
expect "empty selection is an error" 1 "guest tests (default): 0 passed, 0 failed" "$log" $?

[ $failures -eq 0 ]
