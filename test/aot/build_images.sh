#!/usr/bin/env bash
# Builds a vm-aot image for every program of a guest test list (the
# fixture of the aot/ tests): OUTDIR/NAME.img from PROGRAM-DIR/NAME, each
# rebuilt only when older than its program or vm-aot. Prints vm-aot's
# summary line per image; fails when any image cannot be built.
# usage: build_images.sh VM-AOT PROGRAM-DIR LIST OUTDIR
set -u -o pipefail
aot=$1 dir=$2 list=$3 out=$4
mkdir -p "$out"
status=0
names=$(sed -e 's/#.*//' -e 's/|.*//' -e 's/[[:space:]]//g' "$list" | sort -u)
for name in $names; do
    prog=$dir/$name img=$out/$name.img
    if [ -e "$img" ] && [ "$img" -nt "$prog" ] && [ "$img" -nt "$aot" ]; then
        continue
    fi
    if ! "$aot" "$prog" -o "$img"; then
        echo "build_images: vm-aot failed on $prog" >&2
        rm -f "$img"
        status=1
    fi
done
exit $status
