#!/usr/bin/env bash
# A stand-in for vm-run that accepts its command line
# ([--mode M] [-E VAR=VAL] [-U VAR] PROG ARGS) and runs qemu-riscv64.
set -u
unsets=()
sets=()
while [ $# -gt 0 ]; do
    case "$1" in
    --mode) shift 2 ;;
    -E) sets+=("$2"); shift 2 ;;
    -U) unsets+=(-u "$2"); shift 2 ;;
    *) break ;;
    esac
done
exec env "${unsets[@]}" "${sets[@]}" qemu-riscv64 "$@"
