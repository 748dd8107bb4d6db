#!/bin/sh
# compare_objdump.sh MODE COMPARE OBJDUMP WORKDIR [args]
#
# Disassembles code with objdump -M no-aliases and pipes it through
# COMPARE (objdump_compare), which re-decodes every instruction with
# rv_decode/rv_disasm and fails on any difference. MODE is one of:
#   all16                every 16-bit encoding (compressed space), raw
#   random32 SEED COUNT  COUNT random words per major opcode, raw
#   elf GCC SRC [DIR]    SRC built static with GCC -O2 (so all of the
#                        static glibc it links), plus every riscv64 ELF
#                        found under DIR if it exists
set -eu

mode=$1 compare=$2 objdump=$3 work=$4
shift 4
here=$(dirname "$0")
mkdir -p "$work"

# The raw images are disassembled as RV64GC with the privileged spec that
# riscv64-linux-gnu-gcc records in its ELFs (1.11), which decides the CSR
# names objdump prints.
raw() {
    "$objdump" -D -b binary -m riscv:rv64 -M no-aliases,priv-spec=1.11 "$1" |
        "$compare"
}

case $mode in
all16)
    python3 "$here/gen_encodings.py" all16 "$work/all16.bin"
    raw "$work/all16.bin"
    ;;
random32)
    python3 "$here/gen_encodings.py" random32 "$1" "$2" "$work/random32.bin"
    raw "$work/random32.bin"
    ;;
elf)
    gcc=$1 src=$2 dir=${3:-}
    "$gcc" -static -O2 -o "$work/sample" "$src" -lm
    set -- "$work/sample"
    if [ -n "$dir" ] && [ -d "$dir" ]; then
        for f in $(find "$dir" -type f | sort); do
            if "$objdump" -f "$f" 2>/dev/null | grep -q 'elf64-littleriscv'; then
                set -- "$@" "$f"
            fi
        done
    fi
    status=0
    for f in "$@"; do
        echo "== $f"
        "$objdump" -d -M no-aliases "$f" | "$compare" || status=1
    done
    exit $status
    ;;
*)
    echo "unknown mode $mode" >&2
    exit 2
    ;;
esac
