#!/bin/sh
# compare_objdump_a64.sh MODE COMPARE OBJDUMP WORKDIR [args]
#
# Disassembles A64 code with aarch64-linux-gnu-objdump and pipes it
# through COMPARE (a64_objdump_compare), which re-decodes every word with
# a64_decode/a64_disasm and fails on any difference. MODE is one of:
#   sweep SPEC SEED COUNT  every aarch64.spec line's free fields: all 0,
#                          all 1 and COUNT random fillings (raw image)
#   elf GCC SRC [DIR]      SRC built static with GCC -O2 (so all of the
#                          static glibc it links), plus every aarch64 ELF
#                          found under DIR if it exists (not the random_*
#                          streams: their words are data to objdump; not
#                          its subdirectories)
set -eu

mode=$1 compare=$2 objdump=$3 work=$4
shift 4
here=$(dirname "$0")
mkdir -p "$work"

case $mode in
sweep)
    python3 "$here/gen_a64_sweep.py" "$1" "$2" "$3" "$work/sweep.bin"
    "$objdump" -D -b binary -m aarch64 "$work/sweep.bin" | "$compare"
    ;;
elf)
    gcc=$1 src=$2 dir=${3:-}
    "$gcc" -static -O2 -o "$work/sample" "$src" -lm
    set -- "$work/sample"
    if [ -n "$dir" ] && [ -d "$dir" ]; then
        for f in $(find "$dir" -maxdepth 1 -type f ! -name 'random_*' | sort); do
            if "$objdump" -f "$f" 2>/dev/null | grep -q 'elf64-littleaarch64'; then
                set -- "$@" "$f"
            fi
        done
    fi
    status=0
    for f in "$@"; do
        echo "== $f"
        "$objdump" -d "$f" | "$compare" || status=1
    done
    exit $status
    ;;
*)
    echo "unknown mode $mode" >&2
    exit 2
    ;;
esac
