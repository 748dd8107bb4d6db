#!/bin/sh
# vm-aot's bad input: one "vm-aot: ..." line on stderr and a distinct
# status each, no image left behind.
#   127 missing program; 126 not an ELF, a dynamic program; 125 usage.
# usage: check_vm_aot_errors.sh VM-AOT DYNAMIC-PROG
set -u
aot=$1 dyn=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'not an ELF file\n' >"$tmp/text"
fail=0
expect() { # STATUS REGEX ARGS...
    want=$1 re=$2
    shift 2
    "$aot" "$@" >/dev/null 2>"$tmp/err"
    got=$?
    if [ "$got" != "$want" ] || ! grep -Eq "^vm-aot: $re" "$tmp/err" ||
       [ -e "$tmp/img" ]; then
        echo "FAIL vm-aot $*: status $got (want $want), stderr:" >&2
        cat "$tmp/err" >&2
        fail=1
    else
        echo "ok   vm-aot $*: $got, $(head -1 "$tmp/err")"
    fi
}
expect 127 ".*No such file" "$tmp/missing" -o "$tmp/img"
expect 126 "not a 64-bit little-endian ELF" "$tmp/text" -o "$tmp/img"
expect 126 ".*dynamically linked programs are not supported yet" "$dyn" -o "$tmp/img"
expect 125 "bad value '9' for --opt-level" "$dyn" -o "$tmp/img" --opt-level 9
expect 125 "unknown option '--frobnicate'" --frobnicate
exit $fail
